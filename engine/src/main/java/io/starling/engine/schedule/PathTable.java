package io.starling.engine.schedule;

import java.util.Arrays;

/**
 * Best paths between every ordered pair of schedule nodes for one step of a {@link LinkSchedule}: the one-way
 * latency of the least-latency path over the links up in that step (latencies summed) and its loss (per-link losses
 * compounded: 1 - product of (1 - loss)), or no path. Reading a pair is two array loads; it never allocates.
 * <p>
 * How it is computed ({@link #compute}): the up links of the step become a compressed adjacency (CSR) and
 * Dijkstra's algorithm runs from every node with an indexed binary heap ordered by (latency, node index), so ties
 * resolve the same way every time. Cost per step, for n nodes and m up links: O(n (n + m) log n) time and, held
 * here, 12 n^2 bytes (a long latency and a float loss per pair); all scratch arrays are allocated once. Loss does
 * not steer the choice of path (the least-latency path is the route, as in contact graph routing by arrival time).
 * Not thread safe: one thread computes, then publishes the table (see {@link ScheduledPaths}).
 */
public final class PathTable
{
    /** {@link #latencyNs(int, int)} when there is no path. */
    public static final long NO_PATH = -1L;

    private final int nodeCount;
    private final long[] latencyNs;
    private final float[] loss;

    private final int[] adjacencyStart;
    private int[] adjacencyTo = new int[16];
    private long[] adjacencyLatencyNs = new long[16];
    private double[] adjacencySurvival = new double[16];
    private final int[] edgeCount;
    private final long[] dist;
    private final double[] survival;
    private final int[] heap;
    private final int[] heapPos;
    private int step = -1;

    /**
     * @param nodeCount nodes of the schedule.
     */
    public PathTable(final int nodeCount)
    {
        this.nodeCount = nodeCount;
        final long pairs = (long)nodeCount * nodeCount;
        if (pairs > Integer.MAX_VALUE - 16)
        {
            throw new IllegalArgumentException("nodes=" + nodeCount + " is too many for an all-pairs table");
        }
        latencyNs = new long[(int)pairs];
        loss = new float[(int)pairs];
        adjacencyStart = new int[nodeCount + 1];
        edgeCount = new int[nodeCount];
        dist = new long[nodeCount];
        survival = new double[nodeCount];
        heap = new int[nodeCount];
        heapPos = new int[nodeCount];
        Arrays.fill(latencyNs, NO_PATH);
    }

    /**
     * @return nodes.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @return the schedule step this table holds, -1 before the first {@link #compute}.
     */
    public int step()
    {
        return step;
    }

    /**
     * @param src sending node index.
     * @param dst receiving node index.
     * @return one-way latency of the best path, or {@link #NO_PATH}.
     */
    public long latencyNs(final int src, final int dst)
    {
        return latencyNs[src * nodeCount + dst];
    }

    /**
     * @param src sending node index.
     * @param dst receiving node index.
     * @return loss rate of the best path (0 when there is none: check {@link #latencyNs} first).
     */
    public double loss(final int src, final int dst)
    {
        return loss[src * nodeCount + dst];
    }

    /**
     * Compute every pair's best path over the given up links.
     *
     * @param step          the step these links belong to (kept for {@link #step()}).
     * @param schedule      the schedule the windows come from.
     * @param activeWindows window indices up in the step.
     * @param activeCount   how many of activeWindows are used.
     */
    public void compute(final int step, final LinkSchedule schedule, final int[] activeWindows, final int activeCount)
    {
        buildAdjacency(schedule, activeWindows, activeCount);
        for (int src = 0; src < nodeCount; src++)
        {
            dijkstra(src);
        }
        this.step = step;
    }

    private void buildAdjacency(final LinkSchedule schedule, final int[] activeWindows, final int activeCount)
    {
        Arrays.fill(edgeCount, 0);
        for (int i = 0; i < activeCount; i++)
        {
            edgeCount[schedule.from(activeWindows[i])]++;
        }
        adjacencyStart[0] = 0;
        for (int n = 0; n < nodeCount; n++)
        {
            adjacencyStart[n + 1] = adjacencyStart[n] + edgeCount[n];
        }
        if (adjacencyTo.length < activeCount)
        {
            final int capacity = Math.max(activeCount, adjacencyTo.length * 2);
            adjacencyTo = new int[capacity];
            adjacencyLatencyNs = new long[capacity];
            adjacencySurvival = new double[capacity];
        }
        Arrays.fill(edgeCount, 0);
        for (int i = 0; i < activeCount; i++)
        {
            final int w = activeWindows[i];
            final int from = schedule.from(w);
            final int slot = adjacencyStart[from] + edgeCount[from]++;
            adjacencyTo[slot] = schedule.to(w);
            adjacencyLatencyNs[slot] = schedule.latencyNs(w);
            adjacencySurvival[slot] = 1.0 - schedule.loss(w);
        }
    }

    private void dijkstra(final int src)
    {
        Arrays.fill(dist, Long.MAX_VALUE);
        Arrays.fill(heapPos, -1);
        int size = 0;
        dist[src] = 0;
        survival[src] = 1.0;
        heap[size] = src;
        heapPos[src] = size++;
        final int row = src * nodeCount;
        final long[] rowLatency = latencyNs;
        Arrays.fill(rowLatency, row, row + nodeCount, NO_PATH);
        while (size > 0)
        {
            final int u = heap[0];
            heapPos[u] = -2;
            size--;
            if (size > 0)
            {
                heap[0] = heap[size];
                heapPos[heap[0]] = 0;
                siftDown(0, size);
            }
            rowLatency[row + u] = dist[u];
            loss[row + u] = (float)(1.0 - survival[u]);
            final long du = dist[u];
            final double su = survival[u];
            for (int e = adjacencyStart[u], end = adjacencyStart[u + 1]; e < end; e++)
            {
                final int v = adjacencyTo[e];
                if (-2 == heapPos[v])
                {
                    continue;
                }
                final long dv = du + adjacencyLatencyNs[e];
                if (dv < dist[v])
                {
                    dist[v] = dv;
                    survival[v] = su * adjacencySurvival[e];
                    if (-1 == heapPos[v])
                    {
                        heap[size] = v;
                        heapPos[v] = size++;
                    }
                    siftUp(heapPos[v]);
                }
            }
        }
    }

    private boolean less(final int a, final int b)
    {
        return dist[a] < dist[b] || (dist[a] == dist[b] && a < b);
    }

    private void siftUp(final int position)
    {
        int i = position;
        final int node = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final int p = heap[parent];
            if (!less(node, p))
            {
                break;
            }
            heap[i] = p;
            heapPos[p] = i;
            i = parent;
        }
        heap[i] = node;
        heapPos[node] = i;
    }

    private void siftDown(final int position, final int size)
    {
        int i = position;
        final int node = heap[i];
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= size)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < size && less(heap[right], heap[left]) ? right : left;
            if (!less(heap[child], node))
            {
                break;
            }
            heap[i] = heap[child];
            heapPos[heap[i]] = i;
            i = child;
        }
        heap[i] = node;
        heapPos[node] = i;
    }
}

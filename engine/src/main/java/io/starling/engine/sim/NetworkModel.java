package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.SeededRandom;
import org.agrona.collections.Long2LongHashMap;

/**
 * What the simulated network does to a frame from one node to another: a uniform loss rate, per-link loss
 * overrides (directional), a latency model, and partitions (groups of nodes that cannot reach nodes of other
 * groups), all changeable during a run. Node faults (crashed, paused, slow) belong to the {@link Simulation}.
 * Decisions draw from the simulation's one random source, only when there is something to draw for.
 */
public final class NetworkModel
{
    /** Result of {@link #decide(int, int)} when the frame goes through. */
    public static final int DELIVER = -1;

    private static final long NO_OVERRIDE = -1L;

    private final SeededRandom random;
    private final int nodeCount;
    private final Long2LongHashMap linkLossBits = new Long2LongHashMap(NO_OVERRIDE);
    private final int[] group;
    private final int[] lastGroup;
    private double lossRate;
    private LatencyModel latency;
    private boolean partitioned;
    private boolean everPartitioned;

    /**
     * @param nodeCount nodes in the simulation.
     * @param random    the simulation's random source.
     * @param lossRate  uniform loss rate in [0, 1].
     * @param latency   latency model.
     */
    public NetworkModel(final int nodeCount, final SeededRandom random, final double lossRate, final LatencyModel latency)
    {
        this.nodeCount = nodeCount;
        this.random = random;
        this.group = new int[nodeCount];
        this.lastGroup = new int[nodeCount];
        lossRate(lossRate);
        latency(latency);
    }

    /**
     * Decide the fate of one frame.
     *
     * @param src sending node index.
     * @param dst receiving node index.
     * @return {@link #DELIVER}, or the {@link ProtocolCounters} id of the reason it is dropped.
     */
    public int decide(final int src, final int dst)
    {
        if (partitioned && group[src] != group[dst])
        {
            return ProtocolCounters.DROP_PARTITION;
        }
        double rate = lossRate;
        if (!linkLossBits.isEmpty())
        {
            final long bits = linkLossBits.get(linkKey(src, dst));
            if (NO_OVERRIDE != bits)
            {
                rate = Double.longBitsToDouble(bits);
            }
        }
        if (rate > 0 && (rate >= 1.0 || random.nextDouble() < rate))
        {
            return ProtocolCounters.DROP_INJECTED_LOSS;
        }
        return DELIVER;
    }

    /**
     * @return one latency draw in nanoseconds.
     */
    public long latencyNs()
    {
        return latency.sampleNs(random);
    }

    /**
     * @param lossRate uniform loss rate in [0, 1] for every link without an override.
     */
    public void lossRate(final double lossRate)
    {
        if (!(lossRate >= 0 && lossRate <= 1))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1]");
        }
        this.lossRate = lossRate;
    }

    /**
     * @return the uniform loss rate.
     */
    public double lossRate()
    {
        return lossRate;
    }

    /**
     * Override the loss rate of one direction of one link.
     *
     * @param src      sending node index.
     * @param dst      receiving node index.
     * @param lossRate in [0, 1].
     */
    public void linkLossRate(final int src, final int dst, final double lossRate)
    {
        checkIndex("src", src);
        checkIndex("dst", dst);
        if (!(lossRate >= 0 && lossRate <= 1))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1]");
        }
        linkLossBits.put(linkKey(src, dst), Double.doubleToRawLongBits(lossRate));
    }

    /**
     * Remove a per-link override.
     *
     * @param src sending node index.
     * @param dst receiving node index.
     */
    public void clearLinkLossRate(final int src, final int dst)
    {
        linkLossBits.remove(linkKey(src, dst));
    }

    /**
     * Remove every per-link override.
     */
    public void clearLinkLossRates()
    {
        linkLossBits.clear();
    }

    /**
     * @param latency new latency model for frames sent from now on.
     */
    public void latency(final LatencyModel latency)
    {
        if (null == latency)
        {
            throw new IllegalArgumentException("latency must not be null");
        }
        this.latency = latency;
    }

    /**
     * @return the latency model.
     */
    public LatencyModel latency()
    {
        return latency;
    }

    /**
     * Partition the nodes: nodes in different groups cannot reach each other (both directions).
     *
     * @param groupOfNode group number of every node, indexed by node index.
     */
    public void partition(final int[] groupOfNode)
    {
        if (groupOfNode.length != nodeCount)
        {
            throw new IllegalArgumentException(
                "partition groups length=" + groupOfNode.length + " must equal nodes=" + nodeCount);
        }
        System.arraycopy(groupOfNode, 0, group, 0, nodeCount);
        System.arraycopy(groupOfNode, 0, lastGroup, 0, nodeCount);
        partitioned = true;
        everPartitioned = true;
    }

    /**
     * Split the nodes in two by index: nodes {@code [0, firstGroupSize)} against the rest.
     *
     * @param firstGroupSize nodes in the first group.
     */
    public void partitionSplit(final int firstGroupSize)
    {
        if (firstGroupSize < 0 || firstGroupSize > nodeCount)
        {
            throw new IllegalArgumentException(
                "partition firstGroupSize=" + firstGroupSize + " must be in [0, " + nodeCount + "]");
        }
        final int[] groups = new int[nodeCount];
        Arrays.fill(groups, firstGroupSize, nodeCount, 1);
        partition(groups);
    }

    /**
     * End the partition: every node can reach every other again.
     */
    public void heal()
    {
        partitioned = false;
        Arrays.fill(group, 0);
    }

    /**
     * @return true while a partition is in force.
     */
    public boolean isPartitioned()
    {
        return partitioned;
    }

    /**
     * @param a node index.
     * @param b node index.
     * @return true if the current partition separates them.
     */
    public boolean separated(final int a, final int b)
    {
        return partitioned && group[a] != group[b];
    }

    /**
     * @param a node index.
     * @param b node index.
     * @return true if the most recent partition (in force or healed) separated them.
     */
    public boolean separatedByLastPartition(final int a, final int b)
    {
        return everPartitioned && lastGroup[a] != lastGroup[b];
    }

    /**
     * @param node index.
     * @return its group in the current partition (0 when there is none).
     */
    public int groupOf(final int node)
    {
        return group[node];
    }

    private void checkIndex(final String name, final int index)
    {
        if (index < 0 || index >= nodeCount)
        {
            throw new IllegalArgumentException(name + "=" + index + " must be in [0, " + nodeCount + ")");
        }
    }

    private static long linkKey(final int src, final int dst)
    {
        return ((long)src << 32) | (dst & 0xFFFF_FFFFL);
    }
}

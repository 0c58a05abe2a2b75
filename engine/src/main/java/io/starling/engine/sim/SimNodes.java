package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.SeededRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulated nodes and their lifecycle: each node's current instance, whether it has started, crashed (with a
 * generation bumped on every kill and restart, so the timers of an old instance are discarded), paused or slow, and
 * the transitions between these states, each a turn of the node that ends with the packer's flush. When and in what
 * order events reach a node is the event loop's; the network's faults are the {@link NetworkModel}'s.
 */
final class SimNodes
{
    private final Simulation sim;
    private final NodeFactory factory;
    private final SimClock clock;
    private final SeededRandom random;
    private final SimMetrics metrics;
    private final SimCounters counters;
    private final FramePacker packer;
    private final EventQueue queue;
    private final JoinMode joinMode;
    private final long longPauseThresholdNs;
    private final int nodeCount;
    private final ProtocolNode[] nodes;
    private final int[] generation;
    private final boolean[] started;
    private final boolean[] crashed;
    private final long[] pausedUntilNs;
    private final long[] slowDelayNs;
    private final long[] slowInboundDelayNs;
    private final SimProcesses processes;
    private final UnsafeBuffer metadataBuffer = new UnsafeBuffer(new byte[0]);

    SimNodes(
        final Simulation sim,
        final SimClock clock,
        final SimMetrics metrics,
        final SimCounters counters,
        final FramePacker packer,
        final EventQueue queue,
        final SimProcesses processes)
    {
        final Simulation.Context ctx = sim.context();
        this.sim = sim;
        this.factory = ctx.nodeFactory();
        this.clock = clock;
        this.random = sim.random();
        this.metrics = metrics;
        this.counters = counters;
        this.packer = packer;
        this.queue = queue;
        this.processes = processes;
        this.joinMode = ctx.joinMode();
        this.longPauseThresholdNs = ctx.longPauseThresholdNs();
        this.nodeCount = ctx.nodes();
        this.nodes = new ProtocolNode[nodeCount];
        this.generation = new int[nodeCount];
        this.started = new boolean[nodeCount];
        this.crashed = new boolean[nodeCount];
        this.pausedUntilNs = new long[nodeCount];
        this.slowDelayNs = new long[nodeCount];
        this.slowInboundDelayNs = new long[nodeCount];
    }

    /**
     * Create every node from the factory, once the simulation's boundary is wired.
     */
    void createAll()
    {
        for (int i = 0; i < nodeCount; i++)
        {
            nodes[i] = factory.newNode(sim, i, false);
        }
    }

    // ================================================================================================ transitions

    /**
     * Start a node (its start event is due). With {@link JoinMode#PRE_CONVERGED} it first learns every other node
     * ALIVE by configuration, the way a host's co-hosted nodes do ({@code SwimNode.learnConfigured}); with processes
     * and any join mode, at least the other nodes of its process.
     */
    void start(final int node)
    {
        final long nowNs = clock.nowNs();
        started[node] = true;
        metrics.onNodeStarted(node, nowNs);
        final ProtocolNode n = nodes[node];
        if (JoinMode.PRE_CONVERGED == joinMode)
        {
            for (int i = 0; i < nodeCount; i++)
            {
                if (i != node)
                {
                    factory.learnConfigured(n, nowNs, sim.nodeId(i), sim.ipv4(i), sim.port(i));
                }
            }
        }
        else if (null != processes)
        {
            learnCoHosted(n, node, nowNs);
        }
        n.start(nowNs);
        packer.flush();
    }

    /**
     * @see Simulation#kill(int)
     */
    void kill(final int node)
    {
        check(node);
        if (crashed[node])
        {
            return;
        }
        crashed[node] = true;
        generation[node]++;
        pausedUntilNs[node] = 0;
        metrics.onNodeKilled(node, clock.nowNs());
    }

    /**
     * @see Simulation#restart(int)
     */
    void restart(final int node)
    {
        check(node);
        if (!crashed[node])
        {
            throw new IllegalStateException("node " + node + " is not crashed");
        }
        final long nowNs = clock.nowNs();
        crashed[node] = false;
        generation[node]++;
        pausedUntilNs[node] = 0;
        nodes[node] = factory.newNode(sim, node, true);
        if (started[node])
        {
            metrics.onNodeRestarted(node, nowNs);
            final int previous = counters.currentNode();
            counters.currentNode(node);
            if (null != processes)
            {
                learnCoHosted(nodes[node], node, nowNs);
            }
            nodes[node].start(nowNs);
            packer.flush();
            counters.currentNode(previous);
        }
        else
        {
            scheduleStart(nowNs, node);
        }
    }

    /**
     * A node learns the other nodes of its process ALIVE by configuration, as a host's co-hosted nodes do
     * ({@code StarlingEngine.Context.bootstrapCoHosted}).
     */
    private void learnCoHosted(final ProtocolNode n, final int node, final long nowNs)
    {
        final int process = processes.processOf(node);
        for (int i = processes.firstNode(process), end = i + processes.size(process); i < end; i++)
        {
            if (i != node)
            {
                factory.learnConfigured(n, nowNs, sim.nodeId(i), sim.ipv4(i), sim.port(i));
            }
        }
    }

    /**
     * Queue a node's start event.
     *
     * @param atNs virtual time of the start.
     * @param node index.
     */
    void scheduleStart(final long atNs, final int node)
    {
        queue.push(atNs, queue.allocate(SimEventLoop.EVENT_START, node, 0, 0, 0));
    }

    /**
     * @see Simulation#pause(int, long)
     */
    void pause(final int node, final long durationNs)
    {
        check(node);
        if (durationNs < 0)
        {
            throw new IllegalArgumentException("pause durationNs=" + durationNs + " must not be negative");
        }
        if (crashed[node])
        {
            return;
        }
        pausedUntilNs[node] = Math.max(pausedUntilNs[node], clock.nowNs() + durationNs);
        if (durationNs > longPauseThresholdNs)
        {
            metrics.onLongPause(node);
        }
    }

    /**
     * @see Simulation#slow(int, long)
     */
    void slow(final int node, final long delayNs)
    {
        check(node);
        if (delayNs < 0)
        {
            throw new IllegalArgumentException("slow delayNs=" + delayNs + " must not be negative");
        }
        slowDelayNs[node] = delayNs;
    }

    /**
     * @see Simulation#slowInbound(int, long)
     */
    void slowInbound(final int node, final long delayNs)
    {
        check(node);
        if (delayNs < 0)
        {
            throw new IllegalArgumentException("slowInbound delayNs=" + delayNs + " must not be negative");
        }
        slowInboundDelayNs[node] = delayNs;
    }

    /**
     * @see Simulation#updateMetadata(int, byte[])
     */
    void updateMetadata(final int node, final byte[] metadata)
    {
        check(node);
        if (crashed[node] || !started[node])
        {
            throw new IllegalStateException("node " + node + " is not running");
        }
        final long nowNs = clock.nowNs();
        metrics.startDissemination(node, nowNs);
        metadataBuffer.wrap(metadata);
        final int previous = counters.currentNode();
        counters.currentNode(node);
        factory.updateMetadata(nodes[node], nowNs, metadataBuffer, 0, metadata.length);
        packer.flush();
        counters.currentNode(previous);
    }

    /**
     * @see Simulation#leave(int)
     */
    void leave(final int node)
    {
        check(node);
        metrics.onDeparted(node);
        final int previous = counters.currentNode();
        counters.currentNode(node);
        factory.leave(nodes[node], clock.nowNs());
        packer.flush();
        counters.currentNode(previous);
    }

    /**
     * Distinct live nodes chosen at random (a partial shuffle with the run's random source).
     *
     * @param count nodes to choose.
     * @param name  of the argument, for the error.
     * @return their indices, in the order chosen.
     */
    int[] pickLive(final int count, final String name)
    {
        final int[] liveNodes = new int[nodeCount];
        int liveNodeCount = 0;
        for (int i = 0; i < nodeCount; i++)
        {
            if (isLive(i))
            {
                liveNodes[liveNodeCount++] = i;
            }
        }
        if (count < 0 || count > liveNodeCount)
        {
            throw new IllegalArgumentException(name + "=" + count + " must be in [0, " + liveNodeCount + "]");
        }
        for (int i = 0; i < count; i++)
        {
            final int j = i + random.nextInt(liveNodeCount - i);
            final int tmp = liveNodes[i];
            liveNodes[i] = liveNodes[j];
            liveNodes[j] = tmp;
        }
        return Arrays.copyOf(liveNodes, count);
    }

    void check(final int node)
    {
        if (node < 0 || node >= nodeCount)
        {
            throw new IllegalArgumentException("node=" + node + " must be in [0, " + nodeCount + ")");
        }
    }

    // ================================================================================================ state

    ProtocolNode node(final int node)
    {
        return nodes[node];
    }

    int generation(final int node)
    {
        return generation[node];
    }

    boolean isStarted(final int node)
    {
        return started[node];
    }

    boolean isCrashed(final int node)
    {
        return crashed[node];
    }

    boolean isLive(final int node)
    {
        return started[node] && !crashed[node];
    }

    long pausedUntilNs(final int node)
    {
        return pausedUntilNs[node];
    }

    /**
     * @param node  index.
     * @param frame true for an inbound frame, false for a timer or a start.
     * @return how late the node handles such an event (0: on time).
     */
    long delayNs(final int node, final boolean frame)
    {
        return frame ? Math.max(slowDelayNs[node], slowInboundDelayNs[node]) : slowDelayNs[node];
    }

    /**
     * @see Simulation#seedFor(int, boolean)
     */
    int seedFor(final int node, final boolean restart)
    {
        if (!restart)
        {
            return JoinMode.SEED == joinMode && node != 0 ? 0 : -1;
        }
        for (int i = 0; i < nodeCount; i++)
        {
            if (i != node && isLive(i) && (null == processes || processes.processOf(i) != processes.processOf(node)))
            {
                return i;
            }
        }
        return -1;
    }
}

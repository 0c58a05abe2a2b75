package io.starling.engine.sim;

import java.util.concurrent.TimeUnit;

import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;

/**
 * Everything a simulation run is made of, with its defaults and checks: the body of {@link Simulation.Context},
 * which is the type to use ({@code new Simulation.Context().nodes(1000).seed(42)}). Self-typed so that the fluent
 * setters return {@link Simulation.Context}. Fluent setters; {@link #conclude()} validates.
 *
 * @param <C> the concrete context type, {@link Simulation.Context}.
 */
public abstract class SimulationContext<C extends SimulationContext<C>>
{
    /** Default latency: constant 1 ms. */
    public static final long LATENCY_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(1);
    /** Default endpoint port. */
    public static final int PORT_DEFAULT = 7946;
    /** Largest number of nodes (the 10.0.0.0/8 endpoint space). */
    public static final int MAX_NODES = (1 << 24) - 2;

    private int nodes = 16;
    private long seed = 1;
    private ProtocolConfig protocolConfig;
    private double lossRate;
    private long hostGossipMessagesPerSecond;
    private long hostStateBytesPerSecond;
    private LatencyModel latency = LatencyModel.constant(LATENCY_NS_DEFAULT);
    private long startJitterNs;
    private JoinMode joinMode = JoinMode.SEED;
    private NodeFactory nodeFactory = SwimNodeFactory.INSTANCE;
    private int firstNodeId = 1;
    private int port = PORT_DEFAULT;
    private long longPauseThresholdNs = -1;
    private MembershipObserver observer;
    private int[] processSizes;

    /**
     * Validate and fill defaults.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field.
     */
    public C conclude()
    {
        if (nodes < 1 || nodes > MAX_NODES)
        {
            throw new IllegalArgumentException("nodes=" + nodes + " must be in [1, " + MAX_NODES + "]");
        }
        if (null == protocolConfig)
        {
            protocolConfig = new ProtocolConfig();
        }
        if (!protocolConfig.isConcluded())
        {
            protocolConfig.conclude();
        }
        if (hostGossipMessagesPerSecond < 0 || hostStateBytesPerSecond < 0)
        {
            throw new IllegalArgumentException("hostGossipMessagesPerSecond=" + hostGossipMessagesPerSecond +
                " and hostStateBytesPerSecond=" + hostStateBytesPerSecond + " must not be negative");
        }
        if (!(lossRate >= 0 && lossRate <= 1))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1]");
        }
        if (null == latency)
        {
            throw new IllegalArgumentException("latency must not be null");
        }
        if (startJitterNs < 0)
        {
            throw new IllegalArgumentException("startJitterNs=" + startJitterNs + " must not be negative");
        }
        if (null == joinMode)
        {
            throw new IllegalArgumentException("joinMode must not be null");
        }
        if (null == nodeFactory)
        {
            throw new IllegalArgumentException("nodeFactory must not be null");
        }
        if (firstNodeId < 0 || (long)firstNodeId + nodes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("firstNodeId=" + firstNodeId + " must be >= 0 and leave room for " +
                nodes + " ids");
        }
        if (port < 1 || port > 65_535)
        {
            throw new IllegalArgumentException("port=" + port + " must be in [1, 65535]");
        }
        if (longPauseThresholdNs < 0)
        {
            longPauseThresholdNs = protocolConfig.probeTimeoutNs();
        }
        if (null != processSizes)
        {
            long sum = 0;
            for (final int size : processSizes)
            {
                if (size < 1)
                {
                    throw new IllegalArgumentException("processes: every process needs at least 1 node, got " +
                        java.util.Arrays.toString(processSizes));
                }
                sum += size;
            }
            if (sum != nodes || processSizes.length > MAX_NODES)
            {
                throw new IllegalArgumentException("processes " + java.util.Arrays.toString(processSizes) +
                    " hold " + sum + " nodes, must hold nodes=" + nodes);
            }
        }
        return self();
    }

    public int nodes()
    {
        return nodes;
    }

    /**
     * @param nodes number of nodes, in [1, {@link #MAX_NODES}].
     * @return this.
     */
    public C nodes(final int nodes)
    {
        this.nodes = nodes;
        return self();
    }

    public long seed()
    {
        return seed;
    }

    /**
     * @param seed of the run's one random source.
     * @return this.
     */
    public C seed(final long seed)
    {
        this.seed = seed;
        return self();
    }

    public ProtocolConfig protocolConfig()
    {
        return protocolConfig;
    }

    /**
     * @param protocolConfig shared by every node (default: {@link ProtocolConfig} defaults).
     * @return this.
     */
    public C protocolConfig(final ProtocolConfig protocolConfig)
    {
        this.protocolConfig = protocolConfig;
        return self();
    }

    public double lossRate()
    {
        return lossRate;
    }

    /**
     * @return Gossip messages per second the nodes of one simulated process send together (its
     * {@link io.starling.engine.protocol.HostBudget}), 0 for no limit (default).
     */
    public long hostGossipMessagesPerSecond()
    {
        return hostGossipMessagesPerSecond;
    }

    /**
     * With {@link #processSizes}, the nodes of each process share one
     * {@link io.starling.engine.protocol.HostBudget}, as a real host's do; without processes every node is a host of
     * its own and this does not apply.
     *
     * @param hostGossipMessagesPerSecond 0 for no limit.
     * @return this.
     */
    public C hostGossipMessagesPerSecond(final long hostGossipMessagesPerSecond)
    {
        this.hostGossipMessagesPerSecond = hostGossipMessagesPerSecond;
        return self();
    }

    /**
     * @return whole-view bytes per second the nodes of one simulated process send together, 0 for no limit (default).
     */
    public long hostStateBytesPerSecond()
    {
        return hostStateBytesPerSecond;
    }

    /**
     * @param hostStateBytesPerSecond 0 for no limit; see {@link #hostGossipMessagesPerSecond(long)}.
     * @return this.
     */
    public C hostStateBytesPerSecond(final long hostStateBytesPerSecond)
    {
        this.hostStateBytesPerSecond = hostStateBytesPerSecond;
        return self();
    }

    /**
     * @param lossRate initial uniform loss rate in [0, 1].
     * @return this.
     */
    public C lossRate(final double lossRate)
    {
        this.lossRate = lossRate;
        return self();
    }

    public LatencyModel latency()
    {
        return latency;
    }

    /**
     * @param latency initial one-way latency model (default constant 1 ms).
     * @return this.
     */
    public C latency(final LatencyModel latency)
    {
        this.latency = latency;
        return self();
    }

    public long startJitterNs()
    {
        return startJitterNs;
    }

    /**
     * @param startJitterNs 0: every node starts at t=0, so protocol periods are aligned (SWIM's synchronous
     *                      rounds); otherwise each node starts at a uniformly random time in
     *                      {@code [0, startJitterNs)}. Frames to a node that has not started are dropped.
     * @return this.
     */
    public C startJitterNs(final long startJitterNs)
    {
        this.startJitterNs = startJitterNs;
        return self();
    }

    public JoinMode joinMode()
    {
        return joinMode;
    }

    /**
     * @param joinMode how nodes find each other at start.
     * @return this.
     */
    public C joinMode(final JoinMode joinMode)
    {
        this.joinMode = joinMode;
        return self();
    }

    public NodeFactory nodeFactory()
    {
        return nodeFactory;
    }

    /**
     * @param nodeFactory creates the nodes (default {@link SwimNodeFactory#INSTANCE}).
     * @return this.
     */
    public C nodeFactory(final NodeFactory nodeFactory)
    {
        this.nodeFactory = nodeFactory;
        return self();
    }

    public int firstNodeId()
    {
        return firstNodeId;
    }

    /**
     * @param firstNodeId node id of node 0; node i has id firstNodeId + i (default 1).
     * @return this.
     */
    public C firstNodeId(final int firstNodeId)
    {
        this.firstNodeId = firstNodeId;
        return self();
    }

    public int port()
    {
        return port;
    }

    /**
     * @param port UDP port of every fake endpoint.
     * @return this.
     */
    public C port(final int port)
    {
        this.port = port;
        return self();
    }

    public int[] processSizes()
    {
        return processSizes;
    }

    /**
     * Place the nodes into processes, as on real hosts: process {@code p} hosts the next {@code sizes[p]} nodes by
     * index, they share one endpoint and one {@link io.starling.engine.protocol.MemberDirectory} of their own, and a
     * frame reaches a node only through its process's current endpoint. Default (null): every node has its own
     * endpoint and all nodes share one directory, so an endpoint one node learns every node knows at once.
     *
     * @param sizes nodes per process, summing to {@link #nodes()}; null for the default.
     * @return this.
     */
    public C processSizes(final int... sizes)
    {
        this.processSizes = null == sizes ? null : sizes.clone();
        return self();
    }

    public long longPauseThresholdNs()
    {
        return longPauseThresholdNs;
    }

    /**
     * @param longPauseThresholdNs a node paused longer than this may legitimately be suspected and declared
     *                             dead: it no longer counts as healthy for the false-positive metrics
     *                             (default: the probe timeout).
     * @return this.
     */
    public C longPauseThresholdNs(final long longPauseThresholdNs)
    {
        this.longPauseThresholdNs = longPauseThresholdNs;
        return self();
    }

    public MembershipObserver observer()
    {
        return observer;
    }

    /**
     * @param observer an extra observer called after the metrics for every event (optional).
     * @return this.
     */
    public C observer(final MembershipObserver observer)
    {
        this.observer = observer;
        return self();
    }

    SimulationContext()
    {
    }

    @SuppressWarnings("unchecked")
    private C self()
    {
        return (C)this;
    }
}

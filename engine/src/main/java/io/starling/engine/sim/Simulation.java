package io.starling.engine.sim;

import java.util.function.BooleanSupplier;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.FrameSink;
import io.starling.engine.protocol.HostBudget;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;

/**
 * Deterministic discrete-event simulator of a cluster of protocol nodes: a virtual clock in nanoseconds, one
 * seeded {@link SeededRandom} for the whole run (network model and every node), and an {@link EventQueue} of frame
 * deliveries, timer expiries, node starts and scenario actions, ordered by (time, insertion order). The protocol
 * code is the production code: the simulator only implements its boundary ({@link TimerService}, one shared
 * {@link FramePacker} as the {@link Outbox}, a {@link FrameSink}, a {@link MembershipObserver}, {@link CounterSink}s
 * and the {@link RandomSource}). A (context, seed) pair reproduces a run bit for bit:
 * {@link SimMetrics#traceHash()} proves it.
 * <p>
 * Each node is its own "process" with a unique fake endpoint (10.0.0.0 + index + 1, {@link Context#port()}) and
 * node id {@link Context#firstNodeId()} + index; every node is registered in the shared {@link MemberDirectory}
 * up front, so a member's directory slot is its node index. Frames are routed by destination node id (directory
 * slot) or, for {@link Outbox#ANY_NODE}, by endpoint. A node's turn (one event) ends with {@code outbox.flush()}.
 * <p>
 * With {@link Context#processSizes} the nodes live in processes instead ({@link SimProcesses}): the nodes of a
 * process share its endpoint (10.0.0.0 + process + 1) and a directory of their own, know each other by
 * configuration as a host's co-hosted nodes do, and a frame reaches a node only through its process's current
 * endpoint. {@link #restartProcess(int, boolean)} brings a killed process back, at the same or a new endpoint.
 * <p>
 * Faults: per-link loss, latency and partitions ({@link NetworkModel}); crashed nodes (frames to them dropped,
 * their timers discarded: each node has a generation, bumped on kill); paused nodes (frames and timers due during
 * a pause are handled when it ends, with the time at the end, as after a GC pause); slow nodes (every event at the
 * node handled late by a fixed delay, or only inbound frames with {@link #slowInbound(int, long)}). Drops are
 * counted with {@link io.starling.engine.transport.TransportCounters} ids (a destination of no node:
 * {@link ProtocolCounters#DROP_UNKNOWN_DESTINATION}) against the sender.
 * <p>
 * This class is the simulator's public face; the mechanisms have their own files: {@link SimEventLoop} (the event
 * loop and the faults of a node's events), {@link SimNodes} (node lifecycle: start, kill, restart, pause, slow),
 * {@link FrameCarrier} (a sent frame through the network model to the queue), {@link SimTimers}, {@link SimClock},
 * {@link SimCounters}, {@link SimObserver}, and {@link SimulationContext} (the settings).
 * <p>
 * Typical use:
 * <pre>{@code
 * Simulation sim = new Simulation(new Simulation.Context().nodes(1000).seed(42).joinMode(JoinMode.PRE_CONVERGED));
 * sim.runUntilConverged(sim.periodsNs(30));
 * int[] killed = sim.killNodes(10);
 * sim.runPeriods(60);
 * long detectAllNs = sim.metrics().detectAllNs();
 * }</pre>
 * Single threaded, not thread safe.
 */
public final class Simulation
{
    /** First octet of every simulated endpoint (10.0.0.0/8). */
    public static final int BASE_IPV4 = 0x0A00_0000;

    private final Context ctx;
    private final ProtocolConfig config;
    private final int nodeCount;
    private final SeededRandom random;
    private final SimClock clock = new SimClock();
    private final NetworkModel network;
    private final SimMetrics metrics;
    private final SimObserver observer;
    private final EventQueue queue;
    private final FrameSlab slab;
    private final MemberDirectory directory;
    private final SimCounters counters;
    private final FramePacker packer;
    private final SimNodes nodes;
    private final SimTimers timers;
    private final SimEventLoop loop;
    private final SimProcesses processes;

    /**
     * Build the nodes and queue their starts (at time 0, or at a uniformly random phase in
     * {@code [0, startJitterNs)}). Nothing runs until {@link #step()} or a {@code run} method.
     *
     * @param ctx the context; concluded here.
     */
    public Simulation(final Context ctx)
    {
        ctx.conclude();
        this.ctx = ctx;
        this.config = ctx.protocolConfig();
        this.nodeCount = ctx.nodes();
        this.random = new SeededRandom(ctx.seed());
        this.network = new NetworkModel(nodeCount, random, ctx.lossRate(), ctx.latency());
        this.metrics = new SimMetrics(nodeCount, ctx.firstNodeId());
        metrics.network(network);
        this.observer = new SimObserver(metrics, ctx.observer());
        this.queue = new EventQueue(nodeCount * 8);
        this.slab = new FrameSlab(config.frameBudgetBytes(), Math.max(64, nodeCount));
        this.processes = null == ctx.processSizes() ? null : new SimProcesses(ctx.processSizes(), nodeCount,
            ctx.hostGossipMessagesPerSecond(), ctx.hostStateBytesPerSecond());
        this.directory = null == processes ? new MemberDirectory(nodeCount + 16) : null;
        this.counters = new SimCounters(nodeCount, metrics);
        final FrameCarrier carrier =
            new FrameCarrier(this, clock, queue, slab, network, directory, processes, counters, metrics);
        this.packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), carrier, counters.packerSink());
        this.nodes = new SimNodes(this, clock, metrics, counters, packer, queue, processes);
        this.timers = new SimTimers(clock, queue, nodes);
        this.loop = new SimEventLoop(this, clock, queue, slab, nodes, packer, counters, metrics);

        for (int i = 0; null == processes && i < nodeCount; i++)
        {
            final int slot = directory.register(nodeId(i), ipv4(i), port(i));
            if (slot != i)
            {
                throw new IllegalStateException("directory slot " + slot + " != node index " + i);
            }
        }
        nodes.createAll();

        final long jitterNs = ctx.startJitterNs();
        for (int i = 0; i < nodeCount; i++)
        {
            nodes.scheduleStart(jitterNs > 0 ? random.nextLong(jitterNs) : 0, i);
        }
    }

    // ================================================================================================ running

    /**
     * Handle the earliest event.
     *
     * @return false if there was none.
     */
    public boolean step()
    {
        return loop.step();
    }

    /**
     * Handle every event due at or before a time, then set the clock to it.
     *
     * @param timeNs virtual time to run to.
     */
    public void runUntil(final long timeNs)
    {
        loop.runUntil(timeNs);
    }

    /**
     * Run until a condition holds (checked after every event) or a time is reached.
     *
     * @param timeNs    latest virtual time to run to.
     * @param condition checked before the first event and after every event.
     * @return true if the condition held; the clock then stays at the event that made it hold.
     */
    public boolean runUntil(final long timeNs, final BooleanSupplier condition)
    {
        return loop.runUntil(timeNs, condition);
    }

    /**
     * @param durationNs virtual time to run for.
     */
    public void runFor(final long durationNs)
    {
        runUntil(clock.nowNs() + durationNs);
    }

    /**
     * @param periods protocol periods (probe intervals) to run for.
     */
    public void runPeriods(final double periods)
    {
        runFor(periodsNs(periods));
    }

    /**
     * Run until every live node sees every other live node ALIVE, or for at most a duration.
     *
     * @param maxDurationNs longest virtual time to run for.
     * @return true if converged.
     */
    public boolean runUntilConverged(final long maxDurationNs)
    {
        return runUntil(clock.nowNs() + maxDurationNs, metrics::isConverged);
    }

    /**
     * Run until every killed node still down is DEAD at every live node, or for at most a duration.
     *
     * @param maxDurationNs longest virtual time to run for.
     * @return true if all were detected.
     */
    public boolean runUntilAllKilledDetected(final long maxDurationNs)
    {
        return runUntil(clock.nowNs() + maxDurationNs, metrics::allKilledDetected);
    }

    // ================================================================================================ scenario

    /**
     * Run an action at a virtual time (now if the time has passed), after everything already queued for then.
     *
     * @param atNs   virtual time.
     * @param action to run.
     */
    public void schedule(final long atNs, final SimAction action)
    {
        loop.schedule(atNs, action);
    }

    /**
     * Crash a node now: frames to it are dropped, its timers discarded, its views forgotten.
     *
     * @param node index.
     */
    public void kill(final int node)
    {
        nodes.kill(node);
    }

    /**
     * Crash distinct live nodes chosen at random (with the run's random source).
     *
     * @param count nodes to kill.
     * @return their indices, in the order chosen.
     */
    public int[] killNodes(final int count)
    {
        final int[] chosen = nodes.pickLive(count, "killNodes count");
        for (final int node : chosen)
        {
            nodes.kill(node);
        }
        return chosen;
    }

    /**
     * @param atNs virtual time.
     * @param node index to crash then.
     */
    public void killAt(final long atNs, final int node)
    {
        nodes.check(node);
        schedule(atNs, (sim) -> sim.kill(node));
    }

    /**
     * Restart a crashed node now: a new instance from the factory with the same id and endpoint, joining through
     * {@link #seedFor(int, boolean)}.
     *
     * @param node index.
     */
    public void restart(final int node)
    {
        nodes.restart(node);
    }

    /**
     * @param atNs virtual time.
     * @param node index to restart then.
     */
    public void restartAt(final long atNs, final int node)
    {
        nodes.check(node);
        schedule(atNs, (sim) -> sim.restart(node));
    }

    /**
     * Crash every node of a process now.
     *
     * @param process index (in the order of {@link Context#processSizes}).
     */
    public void killProcess(final int process)
    {
        checkProcess(process);
        processes.kill(process, nodes);
    }

    /**
     * Restart a killed process now, as a new JVM with the same node ids: a new, empty directory, its nodes know
     * each other by configuration and each joins through {@link #seedFor(int, boolean)}.
     *
     * @param process     index; every node of it must be crashed.
     * @param newEndpoint true to come back at a new endpoint (the old one then reaches no one), false at the same.
     */
    public void restartProcess(final int process, final boolean newEndpoint)
    {
        checkProcess(process);
        processes.restart(process, newEndpoint, nodes);
    }

    private void checkProcess(final int process)
    {
        if (null == processes)
        {
            throw new IllegalStateException("no processes: set Context.processSizes");
        }
        if (process < 0 || process >= processes.count())
        {
            throw new IllegalArgumentException("process=" + process + " must be in [0, " + processes.count() + ")");
        }
    }

    /**
     * Pause a node (a stop-the-world pause): it handles nothing until the pause ends, then everything that came
     * due, with the time at the end. A pause longer than {@link Context#longPauseThresholdNs()} makes the node
     * faulty for the false-positive metrics.
     *
     * @param node       index.
     * @param durationNs pause length.
     */
    public void pause(final int node, final long durationNs)
    {
        nodes.pause(node, durationNs);
    }

    /**
     * Pause distinct live nodes chosen at random.
     *
     * @param count      nodes to pause.
     * @param durationNs pause length.
     * @return their indices.
     */
    public int[] pauseNodes(final int count, final long durationNs)
    {
        final int[] chosen = nodes.pickLive(count, "pauseNodes count");
        for (final int node : chosen)
        {
            nodes.pause(node, durationNs);
        }
        return chosen;
    }

    /**
     * @param atNs       virtual time.
     * @param node       index.
     * @param durationNs pause length.
     */
    public void pauseAt(final long atNs, final int node, final long durationNs)
    {
        nodes.check(node);
        schedule(atNs, (sim) -> sim.pause(node, durationNs));
    }

    /**
     * Make a node slow: every event at it is handled this much later than due (0 restores it).
     *
     * @param node    index.
     * @param delayNs delay per event.
     */
    public void slow(final int node, final long delayNs)
    {
        nodes.slow(node, delayNs);
    }

    /**
     * Make a node slow to process what it receives while its timers fire on time (the Lifeguard paper's slow
     * message processing: a CPU-starved process whose receive queue backs up): every frame reaching it is handled
     * this much later than it arrives, in arrival order (0 restores it).
     *
     * @param node    index.
     * @param delayNs delay per inbound frame.
     */
    public void slowInbound(final int node, final long delayNs)
    {
        nodes.slowInbound(node, delayNs);
    }

    /**
     * Partition: nodes in different groups cannot reach each other until {@link #heal()}.
     *
     * @param groupOfNode group of every node, by index.
     */
    public void partition(final int[] groupOfNode)
    {
        network.partition(groupOfNode);
        metrics.onPartition(clock.nowNs());
    }

    /**
     * @param atNs        virtual time.
     * @param groupOfNode group of every node, by index (copied now).
     */
    public void partitionAt(final long atNs, final int[] groupOfNode)
    {
        if (groupOfNode.length != nodeCount)
        {
            throw new IllegalArgumentException(
                "partition groups length=" + groupOfNode.length + " must equal nodes=" + nodeCount);
        }
        final int[] groups = groupOfNode.clone();
        schedule(atNs, (sim) -> sim.partition(groups));
    }

    /**
     * Partition nodes {@code [0, firstGroupSize)} from the rest.
     *
     * @param firstGroupSize nodes on the first side.
     */
    public void partitionSplit(final int firstGroupSize)
    {
        network.partitionSplit(firstGroupSize);
        metrics.onPartition(clock.nowNs());
    }

    /**
     * @param atNs           virtual time.
     * @param firstGroupSize nodes on the first side.
     */
    public void partitionSplitAt(final long atNs, final int firstGroupSize)
    {
        schedule(atNs, (sim) -> sim.partitionSplit(firstGroupSize));
    }

    /**
     * End the partition.
     */
    public void heal()
    {
        network.heal();
    }

    /**
     * @param atNs virtual time to end the partition.
     */
    public void healAt(final long atNs)
    {
        schedule(atNs, Simulation::heal);
    }

    /**
     * @param lossRate new uniform loss rate in [0, 1].
     */
    public void lossRate(final double lossRate)
    {
        network.lossRate(lossRate);
    }

    /**
     * @param atNs     virtual time.
     * @param lossRate new uniform loss rate then.
     */
    public void lossRateAt(final long atNs, final double lossRate)
    {
        if (!(lossRate >= 0 && lossRate <= 1))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1]");
        }
        schedule(atNs, (sim) -> sim.lossRate(lossRate));
    }

    /**
     * Replace a node's metadata now, and start measuring its dissemination.
     *
     * @param node     index.
     * @param metadata new metadata.
     */
    public void updateMetadata(final int node, final byte[] metadata)
    {
        nodes.updateMetadata(node, metadata);
    }

    /**
     * @param atNs     virtual time.
     * @param node     index.
     * @param metadata new metadata then.
     */
    public void updateMetadataAt(final long atNs, final int node, final byte[] metadata)
    {
        nodes.check(node);
        schedule(atNs, (sim) -> sim.updateMetadata(node, metadata));
    }

    /**
     * Leave gracefully now (the node keeps running; {@link #kill(int)} it later to stop it). A departed node is
     * faulty for the false-positive metrics.
     *
     * @param node index.
     */
    public void leave(final int node)
    {
        nodes.leave(node);
    }

    // ================================================================================================ queries

    /** @return current virtual time in nanoseconds. */
    public long nowNs()
    {
        return clock.nowNs();
    }

    /** @return current virtual time in protocol periods. */
    public double nowPeriods()
    {
        return (double)clock.nowNs() / config.probeIntervalNs();
    }

    /** @return the protocol period (probe interval) in nanoseconds. */
    public long periodNs()
    {
        return config.probeIntervalNs();
    }

    /**
     * @param periods protocol periods.
     * @return their length in nanoseconds.
     */
    public long periodsNs(final double periods)
    {
        return (long)(periods * config.probeIntervalNs());
    }

    /**
     * @param durationNs a duration.
     * @return it in protocol periods.
     */
    public double toPeriods(final long durationNs)
    {
        return (double)durationNs / config.probeIntervalNs();
    }

    /**
     * @param durationNs a duration.
     * @return it in gossip rounds (gossip intervals).
     */
    public double toGossipRounds(final long durationNs)
    {
        return (double)durationNs / config.gossipIntervalNs();
    }

    /** @return number of nodes. */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @param node index.
     * @return the current instance (the crashed instance while a node is down).
     */
    public ProtocolNode node(final int node)
    {
        return nodes.node(node);
    }

    /**
     * @param node index.
     * @return the node as a {@link SwimNode}.
     * @throws ClassCastException if the factory made something else.
     */
    public SwimNode swimNode(final int node)
    {
        return (SwimNode)nodes.node(node);
    }

    /**
     * @param node index.
     * @return its node id.
     */
    public int nodeId(final int node)
    {
        return ctx.firstNodeId() + node;
    }

    /**
     * @param nodeId a node id.
     * @return its index, or -1 if it is not a node of this simulation.
     */
    public int indexOf(final int nodeId)
    {
        final int index = nodeId - ctx.firstNodeId();
        return index >= 0 && index < nodeCount ? index : -1;
    }

    /**
     * @param node index.
     * @return its fake endpoint address (host order): 10.0.0.0 + index + 1, or with processes its process's current
     * endpoint.
     */
    public int ipv4(final int node)
    {
        return null == processes ? BASE_IPV4 + node + 1 : processes.ipv4(processes.processOf(node));
    }

    /** @return processes of the run (each node its own process without {@link Context#processSizes}). */
    public int processCount()
    {
        return null == processes ? nodeCount : processes.count();
    }

    /**
     * @param node index.
     * @return the process that hosts it (the node's own index without {@link Context#processSizes}).
     */
    public int processOf(final int node)
    {
        return null == processes ? node : processes.processOf(node);
    }

    /**
     * @param node index.
     * @return its endpoint port.
     */
    public int port(final int node)
    {
        return ctx.port();
    }

    /**
     * @param ipv4 endpoint address.
     * @param port endpoint port.
     * @return the index of the node at that endpoint (with processes, the first node of the process there), or -1.
     */
    public int indexOfEndpoint(final int ipv4, final int port)
    {
        if (null != processes)
        {
            final int process = port == ctx.port() ? processes.processAt(ipv4) : -1;
            return process < 0 ? -1 : processes.firstNode(process);
        }
        final int index = ipv4 - BASE_IPV4 - 1;
        return port == ctx.port() && index >= 0 && index < nodeCount ? index : -1;
    }

    /**
     * @param node index.
     * @return true if started and not crashed.
     */
    public boolean isLive(final int node)
    {
        return nodes.isLive(node);
    }

    /**
     * @param node index.
     * @return true if crashed (killed and not restarted).
     */
    public boolean isCrashed(final int node)
    {
        return nodes.isCrashed(node);
    }

    /**
     * @param node index.
     * @return true if paused now.
     */
    public boolean isPaused(final int node)
    {
        return nodes.pausedUntilNs(node) > clock.nowNs();
    }

    /** @return number of live nodes. */
    public int liveCount()
    {
        return metrics.liveCount();
    }

    /**
     * The seed a node joins through: with {@link JoinMode#SEED}, node 0's (none for node 0 itself); with
     * {@link JoinMode#PRE_CONVERGED}, none. On restart, node 0 if it is live, else the live node with the lowest
     * index (with processes, the lowest live node of another process), else none.
     *
     * @param node    index.
     * @param restart true on restart.
     * @return index of the seed node, or -1.
     */
    public int seedFor(final int node, final boolean restart)
    {
        return nodes.seedFor(node, restart);
    }

    /** @return the metrics. */
    public SimMetrics metrics()
    {
        return metrics;
    }

    /** @return the network model (loss, latency, partitions), changeable during the run. */
    public NetworkModel network()
    {
        return network;
    }

    /** @return the protocol configuration every node shares. */
    public ProtocolConfig config()
    {
        return config;
    }

    /** @return the context. */
    public Context context()
    {
        return ctx;
    }

    /** @return the run's one random source. */
    public SeededRandom random()
    {
        return random;
    }

    /** @return the member directory every node shares (without {@link Context#processSizes}; else node 0's). */
    public MemberDirectory directory()
    {
        return directory(0);
    }

    /**
     * @param node index.
     * @return the member directory of the node's process (the one every node shares without processes).
     */
    public MemberDirectory directory(final int node)
    {
        return null == processes ? directory : processes.directory(processes.processOf(node));
    }

    /**
     * @param node index.
     * @return the budget of the node's process ({@link HostBudget#UNLIMITED} without processes: each node is a host).
     */
    public HostBudget hostBudget(final int node)
    {
        return null == processes ? HostBudget.UNLIMITED : processes.budget(processes.processOf(node));
    }

    /** @return the timer service every node shares. */
    public TimerService timers()
    {
        return timers;
    }

    /** @return the outbox (one frame packer) every node shares. */
    public Outbox outbox()
    {
        return packer;
    }

    /** @return the observer handed to nodes (metrics, then the context's observer if any). */
    public MembershipObserver observer()
    {
        return observer;
    }

    /**
     * @param node index.
     * @return the counter sink handed to that node.
     */
    public CounterSink counters(final int node)
    {
        return counters.sink(node);
    }

    /**
     * @param node      index.
     * @param counterId an id of the counter sink ({@link ProtocolCounters}, the transport's, the replication
     *                  layer's).
     * @return that node's count (the protocol's counts plus the network's drops of frames it sent).
     */
    public long counter(final int node, final int counterId)
    {
        return counters.counter(node, counterId);
    }

    /**
     * @param counterId an id of the counter sink ({@link ProtocolCounters}, the transport's, the replication
     *                  layer's).
     * @return the total over all nodes.
     */
    public long counter(final int counterId)
    {
        return counters.total(counterId);
    }

    /** @return events handled (including deferrals and discarded timers). */
    public long eventsProcessed()
    {
        return loop.eventsProcessed();
    }

    /** @return events waiting in the queue. */
    public int pendingEvents()
    {
        return queue.size();
    }

    /** @return frames in flight. */
    public int framesInFlight()
    {
        return slab.chunksInUse();
    }

    /** @return timers that fired. */
    public long timersFired()
    {
        return loop.timersFired();
    }

    /** @return timers cancelled before firing. */
    public long timersCancelled()
    {
        return timers.timersCancelled();
    }

    /** @return timers discarded because their node crashed. */
    public long timersDiscarded()
    {
        return loop.timersDiscarded();
    }

    /** @return events put off by a pause or a slow node. */
    public long eventsDeferred()
    {
        return loop.eventsDeferred();
    }

    // ================================================================================================ context

    /**
     * Everything a simulation run is made of: the fields, their defaults and {@link #conclude()} are in
     * {@link SimulationContext}.
     */
    public static final class Context extends SimulationContext<Context>
    {
    }
}

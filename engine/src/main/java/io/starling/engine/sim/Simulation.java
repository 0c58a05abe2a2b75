package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.FrameSink;
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
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

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
 * Faults: per-link loss, latency and partitions ({@link NetworkModel}); crashed nodes (frames to them dropped,
 * their timers discarded: each node has a generation, bumped on kill); paused nodes (frames and timers due during
 * a pause are handled when it ends, with the time at the end, as after a GC pause); slow nodes (every event at the
 * node handled late by a fixed delay, or only inbound frames with {@link #slowInbound(int, long)}). Drops are counted with {@link ProtocolCounters} ids against the sender.
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

    static final int EVENT_START = 1;
    static final int EVENT_FRAME = 2;
    static final int EVENT_TIMER = 3;
    static final int EVENT_TIMER_CANCELLED = 4;
    static final int EVENT_ACTION = 5;
    static final int TYPE_MASK = 0xFF;
    static final int FLAG_DELAYED = 0x100;

    private final Context ctx;
    private final ProtocolConfig config;
    private final int nodeCount;
    private final SeededRandom random;
    private final NetworkModel network;
    private final SimMetrics metrics;
    private final EventQueue queue;
    private final FrameSlab slab;
    private final MemberDirectory directory;
    private final FramePacker packer;
    private final SimTimers timers = new SimTimers();
    private final SimObserver observer;
    private final NodeFactory factory;
    private final ProtocolNode[] nodes;
    private final int[] generation;
    private final boolean[] started;
    private final boolean[] crashed;
    private final long[] pausedUntilNs;
    private final long[] slowDelayNs;
    private final long[] slowInboundDelayNs;
    private final long[] counters;
    private final CounterSink[] counterSinks;
    private final ArrayList<SimAction> actions = new ArrayList<>();
    private final IntArrayList freeActions = new IntArrayList();
    private final PreConvergedBootstrap bootstrap;
    private final UnsafeBuffer metadataBuffer = new UnsafeBuffer(new byte[0]);

    private long nowNs;
    private int currentNode = -1;
    private long eventsProcessed;
    private long timersFired;
    private long timersCancelled;
    private long timersDiscarded;
    private long eventsDeferred;

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
        this.factory = ctx.nodeFactory();
        this.random = new SeededRandom(ctx.seed());
        this.network = new NetworkModel(nodeCount, random, ctx.lossRate(), ctx.latency());
        this.metrics = new SimMetrics(nodeCount, ctx.firstNodeId());
        metrics.network(network);
        this.observer = new SimObserver(metrics, ctx.observer());
        this.queue = new EventQueue(nodeCount * 8);
        this.slab = new FrameSlab(config.frameBudgetBytes(), Math.max(64, nodeCount));
        this.directory = new MemberDirectory(nodeCount + 16);
        this.counters = new long[nodeCount * ProtocolCounters.COUNT];
        this.counterSinks = new CounterSink[nodeCount];
        this.packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), this::onFrameSent, new PackerCounters());
        this.nodes = new ProtocolNode[nodeCount];
        this.generation = new int[nodeCount];
        this.started = new boolean[nodeCount];
        this.crashed = new boolean[nodeCount];
        this.pausedUntilNs = new long[nodeCount];
        this.slowDelayNs = new long[nodeCount];
        this.slowInboundDelayNs = new long[nodeCount];

        for (int i = 0; i < nodeCount; i++)
        {
            final int slot = directory.register(nodeId(i), ipv4(i), port(i));
            if (slot != i)
            {
                throw new IllegalStateException("directory slot " + slot + " != node index " + i);
            }
            counterSinks[i] = new NodeCounters(counters, i * ProtocolCounters.COUNT);
        }
        for (int i = 0; i < nodeCount; i++)
        {
            nodes[i] = factory.newNode(this, i, false);
        }
        bootstrap = JoinMode.PRE_CONVERGED == ctx.joinMode() ? new PreConvergedBootstrap(this, factory, nodes) : null;

        final long jitterNs = ctx.startJitterNs();
        for (int i = 0; i < nodeCount; i++)
        {
            final long startNs = jitterNs > 0 ? random.nextLong(jitterNs) : 0;
            queue.push(startNs, queue.allocate(EVENT_START, i, 0, 0, 0));
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
        final long timeNs = queue.peekTimeNs();
        final int slot = queue.poll();
        if (slot < 0)
        {
            return false;
        }
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
        eventsProcessed++;

        final int typeAndFlags = queue.type(slot);
        final int type = typeAndFlags & TYPE_MASK;
        if (EVENT_TIMER_CANCELLED == type)
        {
            queue.free(slot);
            return true;
        }
        if (EVENT_ACTION == type)
        {
            runAction(slot);
            return true;
        }

        final int node = queue.node(slot);
        if (EVENT_TIMER == type && (crashed[node] || queue.c(slot) != generation[node]))
        {
            timersDiscarded++;
            queue.free(slot);
            return true;
        }
        if (EVENT_FRAME == type && (crashed[node] || !started[node]))
        {
            count(queue.a(slot), ProtocolCounters.DROP_NOT_CONNECTED);
            slab.release(queue.b(slot));
            queue.free(slot);
            return true;
        }
        if (EVENT_START == type && (crashed[node] || started[node]))
        {
            queue.free(slot);
            return true;
        }
        if (pausedUntilNs[node] > nowNs)
        {
            eventsDeferred++;
            queue.push(pausedUntilNs[node], slot);
            return true;
        }
        if (0 == (typeAndFlags & FLAG_DELAYED))
        {
            final long delayNs = EVENT_FRAME == type ?
                Math.max(slowDelayNs[node], slowInboundDelayNs[node]) : slowDelayNs[node];
            if (delayNs > 0)
            {
                eventsDeferred++;
                queue.type(slot, typeAndFlags | FLAG_DELAYED);
                queue.push(nowNs + delayNs, slot);
                return true;
            }
        }

        currentNode = node;
        switch (type)
        {
            case EVENT_FRAME:
                deliverFrame(slot, node);
                break;

            case EVENT_TIMER:
            {
                final int kind = queue.a(slot);
                final int arg = queue.b(slot);
                final long timerId = timerId(slot);
                queue.free(slot);
                timersFired++;
                nodes[node].onTimer(nowNs, timerId, kind, arg);
                packer.flush();
                break;
            }

            case EVENT_START:
                queue.free(slot);
                startNode(node);
                break;

            default:
                queue.free(slot);
                throw new IllegalStateException("unknown event type " + type);
        }
        currentNode = -1;
        return true;
    }

    /**
     * Handle every event due at or before a time, then set the clock to it.
     *
     * @param timeNs virtual time to run to.
     */
    public void runUntil(final long timeNs)
    {
        while (!queue.isEmpty() && queue.peekTimeNs() <= timeNs)
        {
            step();
        }
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
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
        if (condition.getAsBoolean())
        {
            return true;
        }
        while (!queue.isEmpty() && queue.peekTimeNs() <= timeNs)
        {
            step();
            if (condition.getAsBoolean())
            {
                return true;
            }
        }
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
        return false;
    }

    /**
     * @param durationNs virtual time to run for.
     */
    public void runFor(final long durationNs)
    {
        runUntil(nowNs + durationNs);
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
        return runUntil(nowNs + maxDurationNs, metrics::isConverged);
    }

    /**
     * Run until every killed node still down is DEAD at every live node, or for at most a duration.
     *
     * @param maxDurationNs longest virtual time to run for.
     * @return true if all were detected.
     */
    public boolean runUntilAllKilledDetected(final long maxDurationNs)
    {
        return runUntil(nowNs + maxDurationNs, metrics::allKilledDetected);
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
        final int index;
        if (freeActions.isEmpty())
        {
            index = actions.size();
            actions.add(action);
        }
        else
        {
            index = freeActions.popInt();
            actions.set(index, action);
        }
        queue.push(Math.max(atNs, nowNs), queue.allocate(EVENT_ACTION, -1, index, 0, 0));
    }

    /**
     * Crash a node now: frames to it are dropped, its timers discarded, its views forgotten.
     *
     * @param node index.
     */
    public void kill(final int node)
    {
        checkNode(node);
        if (crashed[node])
        {
            return;
        }
        crashed[node] = true;
        generation[node]++;
        pausedUntilNs[node] = 0;
        metrics.onNodeKilled(node, nowNs);
    }

    /**
     * Crash distinct live nodes chosen at random (with the run's random source).
     *
     * @param count nodes to kill.
     * @return their indices, in the order chosen.
     */
    public int[] killNodes(final int count)
    {
        final int[] chosen = pickLiveNodes(count, "killNodes count");
        for (final int node : chosen)
        {
            kill(node);
        }
        return chosen;
    }

    /**
     * @param atNs virtual time.
     * @param node index to crash then.
     */
    public void killAt(final long atNs, final int node)
    {
        checkNode(node);
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
        checkNode(node);
        if (!crashed[node])
        {
            throw new IllegalStateException("node " + node + " is not crashed");
        }
        crashed[node] = false;
        generation[node]++;
        pausedUntilNs[node] = 0;
        nodes[node] = factory.newNode(this, node, true);
        if (started[node])
        {
            metrics.onNodeRestarted(node, nowNs);
            final int previous = currentNode;
            currentNode = node;
            nodes[node].start(nowNs);
            packer.flush();
            currentNode = previous;
        }
        else
        {
            queue.push(nowNs, queue.allocate(EVENT_START, node, 0, 0, 0));
        }
    }

    /**
     * @param atNs virtual time.
     * @param node index to restart then.
     */
    public void restartAt(final long atNs, final int node)
    {
        checkNode(node);
        schedule(atNs, (sim) -> sim.restart(node));
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
        checkNode(node);
        if (durationNs < 0)
        {
            throw new IllegalArgumentException("pause durationNs=" + durationNs + " must not be negative");
        }
        if (crashed[node])
        {
            return;
        }
        pausedUntilNs[node] = Math.max(pausedUntilNs[node], nowNs + durationNs);
        if (durationNs > ctx.longPauseThresholdNs())
        {
            metrics.onLongPause(node);
        }
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
        final int[] chosen = pickLiveNodes(count, "pauseNodes count");
        for (final int node : chosen)
        {
            pause(node, durationNs);
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
        checkNode(node);
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
        checkNode(node);
        if (delayNs < 0)
        {
            throw new IllegalArgumentException("slow delayNs=" + delayNs + " must not be negative");
        }
        slowDelayNs[node] = delayNs;
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
        checkNode(node);
        if (delayNs < 0)
        {
            throw new IllegalArgumentException("slowInbound delayNs=" + delayNs + " must not be negative");
        }
        slowInboundDelayNs[node] = delayNs;
    }

    /**
     * Partition: nodes in different groups cannot reach each other until {@link #heal()}.
     *
     * @param groupOfNode group of every node, by index.
     */
    public void partition(final int[] groupOfNode)
    {
        network.partition(groupOfNode);
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
        checkNode(node);
        if (crashed[node] || !started[node])
        {
            throw new IllegalStateException("node " + node + " is not running");
        }
        metrics.startDissemination(node, nowNs);
        metadataBuffer.wrap(metadata);
        final int previous = currentNode;
        currentNode = node;
        factory.updateMetadata(nodes[node], nowNs, metadataBuffer, 0, metadata.length);
        packer.flush();
        currentNode = previous;
    }

    /**
     * @param atNs     virtual time.
     * @param node     index.
     * @param metadata new metadata then.
     */
    public void updateMetadataAt(final long atNs, final int node, final byte[] metadata)
    {
        checkNode(node);
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
        checkNode(node);
        metrics.onDeparted(node);
        final int previous = currentNode;
        currentNode = node;
        factory.leave(nodes[node], nowNs);
        packer.flush();
        currentNode = previous;
    }

    // ================================================================================================ queries

    /**
     * @return current virtual time in nanoseconds.
     */
    public long nowNs()
    {
        return nowNs;
    }

    /**
     * @return current virtual time in protocol periods.
     */
    public double nowPeriods()
    {
        return (double)nowNs / config.probeIntervalNs();
    }

    /**
     * @return the protocol period (probe interval) in nanoseconds.
     */
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

    /**
     * @return number of nodes.
     */
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
        return nodes[node];
    }

    /**
     * @param node index.
     * @return the node as a {@link SwimNode}.
     * @throws ClassCastException if the factory made something else.
     */
    public SwimNode swimNode(final int node)
    {
        return (SwimNode)nodes[node];
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
     * @return its fake endpoint address, 10.0.0.0 + index + 1 (host order).
     */
    public int ipv4(final int node)
    {
        return BASE_IPV4 + node + 1;
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
     * @return the index of the node at that endpoint, or -1.
     */
    public int indexOfEndpoint(final int ipv4, final int port)
    {
        final int index = ipv4 - BASE_IPV4 - 1;
        return port == ctx.port() && index >= 0 && index < nodeCount ? index : -1;
    }

    /**
     * @param node index.
     * @return true if started and not crashed.
     */
    public boolean isLive(final int node)
    {
        return started[node] && !crashed[node];
    }

    /**
     * @param node index.
     * @return true if crashed (killed and not restarted).
     */
    public boolean isCrashed(final int node)
    {
        return crashed[node];
    }

    /**
     * @param node index.
     * @return true if paused now.
     */
    public boolean isPaused(final int node)
    {
        return pausedUntilNs[node] > nowNs;
    }

    /**
     * @return number of live nodes.
     */
    public int liveCount()
    {
        return metrics.liveCount();
    }

    /**
     * The seed a node joins through: with {@link JoinMode#SEED}, node 0's (none for node 0 itself); with
     * {@link JoinMode#PRE_CONVERGED}, none. On restart, node 0 if it is live, else the live node with the lowest
     * index, else none.
     *
     * @param node    index.
     * @param restart true on restart.
     * @return index of the seed node, or -1.
     */
    public int seedFor(final int node, final boolean restart)
    {
        if (!restart)
        {
            return JoinMode.SEED == ctx.joinMode() && node != 0 ? 0 : -1;
        }
        for (int i = 0; i < nodeCount; i++)
        {
            if (i != node && isLive(i))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the metrics.
     */
    public SimMetrics metrics()
    {
        return metrics;
    }

    /**
     * @return the network model (loss, latency, partitions), changeable during the run.
     */
    public NetworkModel network()
    {
        return network;
    }

    /**
     * @return the protocol configuration every node shares.
     */
    public ProtocolConfig config()
    {
        return config;
    }

    /**
     * @return the context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return the run's one random source.
     */
    public SeededRandom random()
    {
        return random;
    }

    /**
     * @return the shared member directory.
     */
    public MemberDirectory directory()
    {
        return directory;
    }

    /**
     * @return the timer service every node shares.
     */
    public TimerService timers()
    {
        return timers;
    }

    /**
     * @return the outbox (one frame packer) every node shares.
     */
    public Outbox outbox()
    {
        return packer;
    }

    /**
     * @return the observer handed to nodes (metrics, then the context's observer if any).
     */
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
        return counterSinks[node];
    }

    /**
     * @param node      index.
     * @param counterId one of {@link ProtocolCounters}.
     * @return that node's count (the protocol's counts plus the network's drops of frames it sent).
     */
    public long counter(final int node, final int counterId)
    {
        return counters[node * ProtocolCounters.COUNT + counterId];
    }

    /**
     * @param counterId one of {@link ProtocolCounters}.
     * @return the total over all nodes.
     */
    public long counter(final int counterId)
    {
        long total = 0;
        for (int i = counterId; i < counters.length; i += ProtocolCounters.COUNT)
        {
            total += counters[i];
        }
        return total;
    }

    /**
     * @return events handled (including deferrals and discarded timers).
     */
    public long eventsProcessed()
    {
        return eventsProcessed;
    }

    /**
     * @return events waiting in the queue.
     */
    public int pendingEvents()
    {
        return queue.size();
    }

    /**
     * @return frames in flight.
     */
    public int framesInFlight()
    {
        return slab.chunksInUse();
    }

    /**
     * @return timers that fired.
     */
    public long timersFired()
    {
        return timersFired;
    }

    /**
     * @return timers cancelled before firing.
     */
    public long timersCancelled()
    {
        return timersCancelled;
    }

    /**
     * @return timers discarded because their node crashed.
     */
    public long timersDiscarded()
    {
        return timersDiscarded;
    }

    /**
     * @return events put off by a pause or a slow node.
     */
    public long eventsDeferred()
    {
        return eventsDeferred;
    }

    // ================================================================================================ internals

    private void startNode(final int node)
    {
        started[node] = true;
        metrics.onNodeStarted(node, nowNs);
        final ProtocolNode n = nodes[node];
        n.start(nowNs);
        packer.flush();
        if (null != bootstrap)
        {
            bootstrap.deliver(this, node, n, nowNs);
        }
    }

    private void deliverFrame(final int slot, final int node)
    {
        final int chunk = queue.b(slot);
        final int length = queue.c(slot);
        final int offset = slab.offset(chunk);
        final DirectBuffer buffer = slab.buffer();
        metrics.onFrameDelivered(nowNs, node, buffer, offset, length);
        nodes[node].onFrame(nowNs, buffer, offset, length);
        packer.flush();
        slab.release(chunk);
        queue.free(slot);
    }

    private void onFrameSent(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        metrics.onFrameSent(srcNodeIndex, length);

        final int dst;
        if (Outbox.ANY_NODE == dstNodeId)
        {
            dst = indexOfEndpoint(dstIpv4, dstPort);
        }
        else
        {
            final int slot = directory.slotOf(dstNodeId);
            dst = slot < nodeCount ? slot : -1;
        }

        if (dst < 0 || length > slab.chunkLengthBytes())
        {
            count(srcNodeIndex, ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return;
        }
        if (crashed[dst] || !started[dst])
        {
            count(srcNodeIndex, ProtocolCounters.DROP_NOT_CONNECTED);
            return;
        }
        final int verdict = network.decide(srcNodeIndex, dst, nowNs);
        if (NetworkModel.DELIVER != verdict)
        {
            count(srcNodeIndex, verdict);
            return;
        }

        final long latencyNs = network.latencyNs(srcNodeIndex, dst);
        final int chunk = slab.store(buffer, offset, length);
        queue.push(nowNs + latencyNs, queue.allocate(EVENT_FRAME, dst, srcNodeIndex, chunk, length));
    }

    private void runAction(final int slot)
    {
        final int index = queue.a(slot);
        queue.free(slot);
        final SimAction action = actions.get(index);
        actions.set(index, null);
        freeActions.addInt(index);
        action.run(this);
    }

    private void count(final int node, final int counterId)
    {
        if (node >= 0 && node < nodeCount)
        {
            counters[node * ProtocolCounters.COUNT + counterId]++;
        }
    }

    private int[] pickLiveNodes(final int count, final String name)
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
        return java.util.Arrays.copyOf(liveNodes, count);
    }

    private void checkNode(final int node)
    {
        if (node < 0 || node >= nodeCount)
        {
            throw new IllegalArgumentException("node=" + node + " must be in [0, " + nodeCount + ")");
        }
    }

    private long timerId(final int slot)
    {
        return ((long)queue.stamp(slot) << 32) | slot;
    }

    /**
     * The shared timer service: a timer is an event slot; its id is (stamp, slot), so a stale id never cancels a
     * later timer that reuses the slot. Cancelled timers stay queued, marked, until due.
     */
    private final class SimTimers implements TimerService
    {
        public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
        {
            final int slot = queue.allocate(EVENT_TIMER, nodeIndex, kind, arg, generation[nodeIndex]);
            queue.push(Math.max(deadlineNs, nowNs), slot);
            return timerId(slot);
        }

        public boolean cancelTimer(final long timerId)
        {
            if (timerId < 0)
            {
                return false;
            }
            final int slot = (int)timerId;
            if (slot >= queue.slotCapacity() || queue.stamp(slot) != (int)(timerId >>> 32) ||
                EVENT_TIMER != (queue.type(slot) & TYPE_MASK))
            {
                return false;
            }
            queue.type(slot, EVENT_TIMER_CANCELLED);
            timersCancelled++;
            return true;
        }
    }

    /**
     * Counts of the frame packer go to the node whose turn it is.
     */
    private final class PackerCounters implements CounterSink
    {
        public void add(final int counterId, final long delta)
        {
            final int node = currentNode;
            if (node >= 0 && counterId >= 0 && counterId < ProtocolCounters.COUNT)
            {
                counters[node * ProtocolCounters.COUNT + counterId] += delta;
            }
            if (ProtocolCounters.MESSAGES_SENT == counterId)
            {
                metrics.onMessagesSent(node, delta);
            }
        }
    }

    private static final class NodeCounters implements CounterSink
    {
        private final long[] counters;
        private final int base;

        NodeCounters(final long[] counters, final int base)
        {
            this.counters = counters;
            this.base = base;
        }

        public void add(final int counterId, final long delta)
        {
            if (counterId >= 0 && counterId < ProtocolCounters.COUNT)
            {
                counters[base + counterId] += delta;
            }
        }
    }

    private static final class SimObserver implements MembershipObserver
    {
        private final SimMetrics metrics;
        private final MembershipObserver extra;

        SimObserver(final SimMetrics metrics, final MembershipObserver extra)
        {
            this.metrics = metrics;
            this.extra = null == extra ? MembershipObserver.NO_OP : extra;
        }

        public void onMemberStateChange(
            final long nowNs,
            final int nodeIndex,
            final int observerId,
            final int memberId,
            final int oldState,
            final int newState,
            final int incarnation)
        {
            metrics.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
            extra.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
        }

        public void onMemberMetadata(
            final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
        {
            metrics.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
            extra.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
        }

        public void onMemberMetadataReceived(
            final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
        {
            metrics.onMemberMetadataReceived(nowNs, nodeIndex, observerId, memberId, metaVersion);
            extra.onMemberMetadataReceived(nowNs, nodeIndex, observerId, memberId, metaVersion);
        }

        public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
        {
            metrics.onRefute(nowNs, nodeIndex, nodeId, incarnation);
            extra.onRefute(nowNs, nodeIndex, nodeId, incarnation);
        }

        public void onProbeAck(final long nowNs, final int nodeIndex, final int memberId, final long rttNs)
        {
            extra.onProbeAck(nowNs, nodeIndex, memberId, rttNs);
        }
    }

    // ================================================================================================ context

    /**
     * Everything a simulation run is made of. Fluent setters; {@link #conclude()} validates.
     */
    public static final class Context
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
        private LatencyModel latency = LatencyModel.constant(LATENCY_NS_DEFAULT);
        private long startJitterNs;
        private JoinMode joinMode = JoinMode.SEED;
        private NodeFactory nodeFactory = SwimNodeFactory.INSTANCE;
        private int firstNodeId = 1;
        private int port = PORT_DEFAULT;
        private long longPauseThresholdNs = -1;
        private MembershipObserver observer;

        /**
         * Validate and fill defaults.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first bad field.
         */
        public Context conclude()
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
            return this;
        }

        public int nodes()
        {
            return nodes;
        }

        /**
         * @param nodes number of nodes, in [1, {@link #MAX_NODES}].
         * @return this.
         */
        public Context nodes(final int nodes)
        {
            this.nodes = nodes;
            return this;
        }

        public long seed()
        {
            return seed;
        }

        /**
         * @param seed of the run's one random source.
         * @return this.
         */
        public Context seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        public ProtocolConfig protocolConfig()
        {
            return protocolConfig;
        }

        /**
         * @param protocolConfig shared by every node (default: {@link ProtocolConfig} defaults).
         * @return this.
         */
        public Context protocolConfig(final ProtocolConfig protocolConfig)
        {
            this.protocolConfig = protocolConfig;
            return this;
        }

        public double lossRate()
        {
            return lossRate;
        }

        /**
         * @param lossRate initial uniform loss rate in [0, 1].
         * @return this.
         */
        public Context lossRate(final double lossRate)
        {
            this.lossRate = lossRate;
            return this;
        }

        public LatencyModel latency()
        {
            return latency;
        }

        /**
         * @param latency initial one-way latency model (default constant 1 ms).
         * @return this.
         */
        public Context latency(final LatencyModel latency)
        {
            this.latency = latency;
            return this;
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
        public Context startJitterNs(final long startJitterNs)
        {
            this.startJitterNs = startJitterNs;
            return this;
        }

        public JoinMode joinMode()
        {
            return joinMode;
        }

        /**
         * @param joinMode how nodes find each other at start.
         * @return this.
         */
        public Context joinMode(final JoinMode joinMode)
        {
            this.joinMode = joinMode;
            return this;
        }

        public NodeFactory nodeFactory()
        {
            return nodeFactory;
        }

        /**
         * @param nodeFactory creates the nodes (default {@link SwimNodeFactory#INSTANCE}).
         * @return this.
         */
        public Context nodeFactory(final NodeFactory nodeFactory)
        {
            this.nodeFactory = nodeFactory;
            return this;
        }

        public int firstNodeId()
        {
            return firstNodeId;
        }

        /**
         * @param firstNodeId node id of node 0; node i has id firstNodeId + i (default 1).
         * @return this.
         */
        public Context firstNodeId(final int firstNodeId)
        {
            this.firstNodeId = firstNodeId;
            return this;
        }

        public int port()
        {
            return port;
        }

        /**
         * @param port UDP port of every fake endpoint.
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
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
        public Context longPauseThresholdNs(final long longPauseThresholdNs)
        {
            this.longPauseThresholdNs = longPauseThresholdNs;
            return this;
        }

        public MembershipObserver observer()
        {
            return observer;
        }

        /**
         * @param observer an extra observer called after the metrics for every event (optional).
         * @return this.
         */
        public Context observer(final MembershipObserver observer)
        {
            this.observer = observer;
            return this;
        }
    }
}

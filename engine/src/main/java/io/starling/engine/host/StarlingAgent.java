package io.starling.engine.host;

import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.HostBudget;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.replication.Replicator;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.Endpoints;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.Transport;
import org.agrona.ErrorHandler;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * The real-time host: one Agrona {@link Agent} hosting any number of {@link SwimNode}s of one process, built from
 * the concluded {@link StarlingEngine.Context}.
 * <p>
 * Each duty cycle reads the clock once and then, in order:
 * <ol>
 *     <li>polls the network transport and the in-memory path ({@link InboundRouter});</li>
 *     <li>fires every due timer from the one shared {@link TimerWheelService};</li>
 *     <li>applies the commands of other threads ({@link CommandAdapter});</li>
 *     <li>starts nodes whose staggered start time has come (while the duty cycles since the last look stayed within
 *     {@link StarlingEngine.Context#startAdmissionMaxDutyCycleNs()}), and does periodic housekeeping (leave
 *     completion, heartbeat, {@link HostGauges}, the housekeeping listener);</li>
 *     <li>flushes the shared outbox ({@link OutboundRouter} takes each frame);</li>
 *     <li>delivers what co-hosted nodes just sent each other and flushes again, up to
 *     {@link StarlingEngine.Context#inMemoryRoundsPerDutyCycle()} rounds while in-memory frames wait, so a co-hosted
 *     round trip ends within the duty cycle that began it;</li>
 *     <li>flushes the network transport after a cycle of {@link AeronTransport#FLUSH_MIN_DUTY_CYCLE_NS} or more
 *     ({@link InboundRouter#flushNetwork(long)}: an INVOKER-mode driver sends the cycle's frames and reads every
 *     datagram that came during it, not one); and returns the work count.</li>
 * </ol>
 * Events reach the application through {@link ListenerInvoker}. Any exception from a node, a listener or a
 * transport is caught per unit of work, recorded in the error log and counted; the agent keeps running. Allocation
 * free in steady state (see the engine's allocation test).
 */
public final class StarlingAgent implements Agent, TimerWheelService.Listener, DeadlineIdleStrategy.DeadlineSource
{
    /** Period of housekeeping (joins, leave completion, heartbeat, gauges). */
    public static final long HOUSEKEEPING_INTERVAL_NS = 10_000_000L;
    /** Period of publishing gauges (RTT percentiles, view counts) to counters. */
    public static final long GAUGE_INTERVAL_NS = 1_000_000_000L;
    /** How soon to look again while a publication is being added or frames wait for one (sleeping idle). */
    public static final long PENDING_PUBLICATION_POLL_NS = 1_000_000L;
    /**
     * Longest a single node's graceful leave waits for its pending updates to be sent before the node stops: 30 s,
     * far beyond the dissemination bound (4 x ceil(log10(N + 1)) gossip rounds, 4.4 s at 10,000 members and the
     * default 200 ms), for a node left with nobody to gossip to, whose queue never drains.
     */
    public static final long NODE_LEAVE_DRAIN_MAX_NS = 30_000_000_000L;

    private final String roleName;
    private final NanoClock clock;
    private final EpochClock epochClock;
    private final int localIpv4;
    private final int localPort;
    private final AeronTransport aeronTransport;
    private final FaultModel faults;
    private final EngineCounters counters;
    private final MetricsFile metricsFile;
    private final ErrorHandler errorHandler;
    private final long startStaggerNs;
    private final int inMemoryRoundsPerDutyCycle;
    private final long startAdmissionMaxDutyCycleNs;
    private final boolean bootstrapCoHosted;

    private final MemberDirectory directory;
    private final HostedNodes nodes;
    private final SeededRandom random;
    private final TimerWheelService timers;
    private final FramePacker packer;
    private final InboundRouter inbound;
    private final OutboundRouter outbound;
    private final CommandAdapter commands;
    private final ListenerInvoker listeners;
    private final HostGauges gauges;

    private final LongHashSet seedKeys = new LongHashSet();
    /** Nodes leaving one by one ({@link #leaveNode(int)}), stopped once drained; and when each began. */
    private final IntArrayList nodesLeaving = new IntArrayList();
    private final long[] leaveStartNs;
    private int[] seedIpv4 = new int[0];
    private int[] seedPort = new int[0];

    private long nowNs;
    private long startBaseNs;
    /** When the next hosted node may start (staggered; pushed back while duty cycles are long). */
    private long nextStartNs;
    /** Longest duty cycle since start admission last looked. */
    private long recentMaxDutyCycleNs;
    private long nextHousekeepingNs;
    private long nextGaugeNs;
    private boolean leaving;
    private volatile boolean leaveComplete;
    private volatile boolean closed;
    private volatile Throwable failure;
    private long maxDutyCycleNs;

    /**
     * @param ctx the concluded settings and the parts launch built (counters, transports, command queue, cipher).
     */
    public StarlingAgent(final StarlingEngine.Context ctx)
    {
        final ProtocolConfig config = ctx.protocolConfig();
        final int[] nodeIds = ctx.nodeIds();
        final Transport network = ctx.network();
        this.roleName = ctx.agentRoleName();
        this.clock = ctx.nanoClock();
        this.epochClock = ctx.epochClock();
        this.localIpv4 = ctx.advertisedIpv4();
        this.localPort = ctx.bindPort();
        this.aeronTransport = network instanceof AeronTransport ? (AeronTransport)network : null;
        this.faults = ctx.faultModel();
        this.counters = ctx.counters();
        this.metricsFile = ctx.metricsFile();
        this.errorHandler = ctx.engineErrorHandler();
        this.random = new SeededRandom(ctx.randomSeed());
        this.bootstrapCoHosted = ctx.bootstrapCoHosted();
        this.inMemoryRoundsPerDutyCycle = ctx.inMemoryRoundsPerDutyCycle();
        // Bootstrapped nodes start knowing each other (no joins, no news) and must all start within one probe interval.
        this.startAdmissionMaxDutyCycleNs = ctx.bootstrapCoHosted() ? 0 : ctx.startAdmissionMaxDutyCycleNs();
        // The spread covers the nodes started at launch; released ones follow one such stagger apart.
        final int spreadOver = ctx.startNodesAtLaunch() > 1 ? ctx.startNodesAtLaunch() : nodeIds.length;
        this.startStaggerNs = spreadOver > 1 ? ctx.startSpreadNs() / spreadOver : 0;

        // Every hosted node's view is allocated at the directory's capacity (12 bytes per slot), so sizing it at
        // twice the hosted nodes doubled the views of a one-process cluster; the expected cluster size when given,
        // else the hosted nodes: remote members beyond it grow it on demand.
        this.directory = new MemberDirectory(Math.max(64, Math.max(nodeIds.length, ctx.expectedMembers())));
        this.nodes = new HostedNodes(nodeIds);
        this.leaveStartNs = new long[nodeIds.length];
        this.timers = new TimerWheelService(
            clock.nanoTime(), ctx.timerTickResolutionNs(), ctx.timerTicksPerWheel(), nodeIds.length * 8, this);
        this.outbound = new OutboundRouter(nodeIds, localIpv4, localPort,
            ctx.forceNetworkForLocal(), network, ctx.inMemory(), faults, ctx.frameCipher(), config.frameBudgetBytes(),
            counters);
        this.packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), outbound, counters);
        this.gauges = new HostGauges(nodes, directory, timers, aeronTransport, counters);
        this.listeners = new ListenerInvoker(
            ctx.membershipObserver(), ctx.housekeepingListener(), gauges, counters, errorHandler);
        this.inbound = new InboundRouter(network, ctx.inMemory(), ctx.frameCipher(), outbound.checksum(),
            ctx.fragmentLimit(), nodes, faults, counters, errorHandler);
        this.commands = new CommandAdapter(
            ctx.commandQueue(), this, nodes, listeners, packer, epochClock, counters, errorHandler);
        final HostBudget budget = new HostBudget(ctx.hostGossipMessagesPerSecond(), ctx.hostStateBytesPerSecond());
        for (int i = 0; i < nodeIds.length; i++)
        {
            final SwimNode node = new SwimNode(
                config, i, nodeIds[i], localIpv4, localPort, directory, random, timers, packer, listeners, counters);
            node.hostBudget(budget);
            nodes.set(i, node);
        }
        for (final long seed : ctx.seedKeys())
        {
            addSeed(seed);
        }
        counters.setHost(HostCounters.NODES_HOSTED, nodeIds.length);
        nodes.release(ctx.startNodesAtLaunch());
    }

    /**
     * Install the replication layer built at launch, before the agent starts: each replicator becomes its node's
     * extension and receives the replication commands.
     *
     * @param replicators one per hosted node, in index order, built on {@link #random()}, {@link #timers()} and
     *                    {@link #outbox()}.
     */
    public void replicators(final Replicator[] replicators)
    {
        for (int i = 0; i < nodes.count(); i++)
        {
            nodes.node(i).extension(replicators[i]);
        }
        commands.replicators(replicators);
    }

    /**
     * @return the random source the hosted nodes share (for parts built at launch).
     */
    public RandomSource random()
    {
        return random;
    }

    /**
     * @return the timers the hosted nodes share (for parts built at launch).
     */
    public TimerService timers()
    {
        return timers;
    }

    /**
     * @return the outbox the hosted nodes share (for parts built at launch).
     */
    public Outbox outbox()
    {
        return packer;
    }

    public String roleName()
    {
        return roleName;
    }

    public void onStart()
    {
        if (bootstrapCoHosted)
        {
            bootstrapCoHosted(clock.nanoTime());
        }
        startBaseNs = clock.nanoTime();
        nextStartNs = startBaseNs;
        nextHousekeepingNs = startBaseNs;
        nextGaugeNs = startBaseNs + GAUGE_INTERVAL_NS;
    }

    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        this.nowNs = nowNs;
        int work = 0;

        work += inbound.pollNetwork(nowNs);
        work += outbound.drainStateBacklog(nowNs);
        work += inbound.pollInMemory(nowNs);
        work += timers.poll(nowNs);
        work += commands.receive(nowNs);

        if (nodes.hasStartsDue() && !leaving)
        {
            work += startDueNodes(nowNs);
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping(nowNs);
        }

        packer.flush();
        for (int round = 0; round < inMemoryRoundsPerDutyCycle && inbound.hasPendingFrames(); round++)
        {
            // A round is a delivery pass of its own, read at its own time: an Ack handled here is timed by when it
            // was handled (the probe round-trip gauge), not as if it came at the cycle's start.
            work += inbound.pollInMemory(clock.nanoTime());
            packer.flush();
        }
        work += inbound.flushNetwork(clock.nanoTime());

        final long dutyCycleNs = clock.nanoTime() - nowNs;
        recentMaxDutyCycleNs = Math.max(recentMaxDutyCycleNs, dutyCycleNs);
        if (dutyCycleNs > maxDutyCycleNs)
        {
            maxDutyCycleNs = dutyCycleNs;
            counters.proposeMaxHost(HostCounters.MAX_DUTY_CYCLE_NS, dutyCycleNs);
        }
        counters.incrementHost(HostCounters.DUTY_CYCLES);
        return work;
    }

    /**
     * When this agent next has work, for {@link DeadlineIdleStrategy}: now if commands or in-memory frames wait;
     * else the earliest of its timers (join retries are protocol timers), the next staggered node start, the
     * housekeeping that matters (gauges and the heartbeat once a second; every {@link #HOUSEKEEPING_INTERVAL_NS}
     * while leaving) and, while a
     * publication is being added, {@link #PENDING_PUBLICATION_POLL_NS}. Agent thread only.
     * {@inheritDoc}
     */
    public long nextDeadlineNs(final long nowNs, final long limitNs)
    {
        if (commands.hasPendingCommands() || inbound.hasPendingFrames())
        {
            return nowNs;
        }
        long deadlineNs = limitNs;
        if (null != aeronTransport && aeronTransport.hasPendingPublications())
        {
            deadlineNs = Math.min(deadlineNs, nowNs + PENDING_PUBLICATION_POLL_NS);
        }
        if (nodes.hasStartsDue() && !leaving)
        {
            deadlineNs = Math.min(deadlineNs, nextStartNs);
        }
        deadlineNs = Math.min(deadlineNs, leaving || !nodesLeaving.isEmpty() ?
            nextHousekeepingNs : Math.max(nextHousekeepingNs, nextGaugeNs));
        return timers.nextDeadlineNs(deadlineNs);
    }

    public void onClose()
    {
        for (int i = 0; i < nodes.count(); i++)
        {
            if (nodes.isStopped(i))
            {
                continue; // closed when it stopped
            }
            try
            {
                nodes.node(i).close();
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
        packer.flush();
        closed = true;
    }

    public void onTimer(final long nowNs, final long timerId, final int nodeIndex, final int kind, final int arg)
    {
        if (nodes.isStopped(nodeIndex))
        {
            return;
        }
        try
        {
            nodes.node(nodeIndex).onTimer(nowNs, timerId, kind, arg);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }

    // ------------------------------------------------------------------------------------------------ start, joins

    /**
     * Every hosted node learns every other one ALIVE before any starts (see
     * {@code StarlingEngine.Context.bootstrapCoHosted}).
     */
    private void bootstrapCoHosted(final long nowNs)
    {
        for (int i = 0; i < nodes.count(); i++)
        {
            final SwimNode node = nodes.node(i);
            for (int j = 0; j < nodes.count(); j++)
            {
                if (j != i)
                {
                    node.learnConfigured(nowNs, nodes.node(j).nodeId(), localIpv4, localPort);
                }
            }
        }
    }

    /**
     * Add a seed endpoint (not this process's, not twice); the first hosted node joins through it once started.
     */
    void addSeed(final long key)
    {
        final int ipv4 = Endpoints.ipv4(key);
        final int port = Endpoints.port(key);
        if ((ipv4 == localIpv4 && port == localPort) || !seedKeys.add(key))
        {
            return;
        }
        seedIpv4 = java.util.Arrays.copyOf(seedIpv4, seedIpv4.length + 1);
        seedPort = java.util.Arrays.copyOf(seedPort, seedPort.length + 1);
        seedIpv4[seedIpv4.length - 1] = ipv4;
        seedPort[seedPort.length - 1] = port;
    }

    /**
     * The first hosted node joins through every seed now if it has started (else it will when it starts).
     */
    void joinSeedsOnceStarted()
    {
        final int index = nodes.firstRunningOtherThan(HostedNodes.MISSING);
        if (HostedNodes.MISSING != index)
        {
            joinExternalSeeds(index);
        }
    }

    /**
     * Every running node leaves; no further node starts.
     */
    void leaveAll()
    {
        if (leaving)
        {
            return;
        }
        leaving = true;
        boolean anyLeft = false;
        for (int i = 0; i < nodes.startedCount(); i++)
        {
            if (NodeLifecycle.RUNNING != nodes.lifecycle(i))
            {
                anyLeft |= NodeLifecycle.LEAVING == nodes.lifecycle(i);
                continue;
            }
            anyLeft = true;
            beginLeave(i);
        }
        if (!anyLeft)
        {
            leaveComplete = true;
        }
    }

    /**
     * Release held nodes: they start in index order, one stagger apart and under start admission, as the nodes
     * started at launch did, and join through the usual path.
     *
     * @param count nodes to release (fewer are when fewer are held).
     */
    void startNodes(final int count)
    {
        if (leaving)
        {
            return;
        }
        if (!nodes.hasStartsDue())
        {
            // Nothing was waiting: the first released node starts now, not at a start time long past (no burst).
            nextStartNs = Math.max(nextStartNs, nowNs);
        }
        nodes.release(count);
    }

    /**
     * One running node leaves gracefully: LEFT announced, and once its pending updates are sent (as
     * {@link #leaveAll()} waits for) or {@link #NODE_LEAVE_DRAIN_MAX_NS} passed, it stops for good. Any other
     * node (held, waiting, leaving, stopped) is left as it is.
     *
     * @param nodeIndex hosted node index.
     */
    void leaveNode(final int nodeIndex)
    {
        if (nodeIndex < 0 || nodeIndex >= nodes.count() || NodeLifecycle.RUNNING != nodes.lifecycle(nodeIndex))
        {
            return;
        }
        beginLeave(nodeIndex);
        leaveStartNs[nodeIndex] = nowNs;
        nodesLeaving.addInt(nodeIndex);
    }

    /**
     * A running node announces LEFT and is leaving from now on (both {@link #leaveAll()} and {@link #leaveNode(int)}).
     */
    private void beginLeave(final int nodeIndex)
    {
        try
        {
            nodes.node(nodeIndex).leave(nowNs);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
        nodes.lifecycle(nodeIndex, NodeLifecycle.LEAVING);
    }

    /**
     * One running (or leaving) node stops at once, as a crash: its timers are cancelled and do nothing, it sends
     * nothing more, frames to it are dropped ({@link HostCounters#DROP_STOPPED_NODE}) and it is never chosen for a
     * frame to any node of the process. Any other node is left as it is.
     *
     * @param nodeIndex hosted node index.
     */
    void crashNode(final int nodeIndex)
    {
        if (nodeIndex >= 0 && nodeIndex < nodes.count() && nodes.isActive(nodeIndex))
        {
            stopNode(nodeIndex, NodeLifecycle.CRASHED);
        }
    }

    private void stopNode(final int nodeIndex, final int lifecycle)
    {
        nodes.lifecycle(nodeIndex, lifecycle);
        try
        {
            nodes.node(nodeIndex).close();
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
        counters.addHost(HostCounters.NODES_STOPPED, 1);
    }

    /**
     * Stop each node leaving on its own whose pending updates are sent (or that waited its longest).
     */
    private void completeNodeLeaves(final long nowNs)
    {
        for (int i = nodesLeaving.size() - 1; i >= 0; i--)
        {
            final int index = nodesLeaving.getInt(i);
            if (NodeLifecycle.LEAVING != nodes.lifecycle(index))
            {
                nodesLeaving.fastUnorderedRemove(i); // crashed while leaving
            }
            else if (0 == nodes.node(index).pendingUpdates() || nowNs - leaveStartNs[index] >= NODE_LEAVE_DRAIN_MAX_NS)
            {
                nodesLeaving.fastUnorderedRemove(i);
                stopNode(index, NodeLifecycle.LEFT);
            }
        }
    }

    private int startDueNodes(final long nowNs)
    {
        int work = 0;
        if (nowNs - nextStartNs < 0)
        {
            return 0;
        }
        if (startAdmissionMaxDutyCycleNs > 0 && nodes.startedCount() > 0 &&
            recentMaxDutyCycleNs > startAdmissionMaxDutyCycleNs)
        {
            // The thread has no headroom: the nodes started so far are still spreading their news. Wait one stagger
            // and look again, with no catch-up burst after.
            recentMaxDutyCycleNs = 0;
            nextStartNs = nowNs + Math.max(startStaggerNs, 1);
            counters.incrementHost(HostCounters.STARTS_DEFERRED);
            return 0;
        }
        recentMaxDutyCycleNs = 0;
        final boolean admission = startAdmissionMaxDutyCycleNs > 0;
        while (nodes.hasStartsDue() && nowNs - nextStartNs >= 0)
        {
            // Under admission one start per duty cycle and the next a stagger after it: a thread that fell behind
            // its schedule does not catch up in a burst. Without it, every start whose time has come.
            nextStartNs = admission ? nowNs + startStaggerNs : nextStartNs + startStaggerNs;
            final int index = nodes.startedCount();
            try
            {
                nodes.node(index).start(nowNs);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
            nodes.onStarted();
            counters.setHost(HostCounters.NODES_STARTED, nodes.startedCount());
            if (0 == index || (!bootstrapCoHosted && HostedNodes.MISSING == nodes.firstRunningOtherThan(index)))
            {
                // The first node, or one whose co-hosted nodes have all stopped, joins through the seeds.
                joinExternalSeeds(index);
            }
            else if (!bootstrapCoHosted)
            {
                sendJoin(index, localIpv4, localPort);
            }
            else
            {
                // It knows its co-hosted nodes already; what lies beyond the process it learns from the seeds.
                for (int s = 0; s < seedIpv4.length; s++)
                {
                    sendJoin(index, seedIpv4[s], seedPort[s]);
                }
            }
            work++;
            if (admission)
            {
                break;
            }
        }
        return work;
    }

    private void joinExternalSeeds(final int nodeIndex)
    {
        for (int s = 0; s < seedIpv4.length; s++)
        {
            sendJoin(nodeIndex, seedIpv4[s], seedPort[s]);
        }
    }

    /**
     * Have a hosted node join through a seed endpoint (its own process's for nodes 1..M-1): the node encodes the
     * Join; the seed answers with its state (push-pull).
     */
    private void sendJoin(final int nodeIndex, final int seedIpv4, final int seedPort)
    {
        if (nodes.node(nodeIndex).join(nowNs, seedIpv4, seedPort))
        {
            counters.addHost(HostCounters.JOINS_SENT, 1);
        }
    }

    // ------------------------------------------------------------------------------------------------ housekeeping

    private int housekeeping(final long nowNs)
    {
        if (null != aeronTransport && aeronTransport.isClientLost())
        {
            stop(new IllegalStateException("Aeron client closed under the engine (a duty cycle longer than the " +
                "driver's client liveness timeout, or the media driver is gone): the engine stopped; close it and " +
                "launch again"));
        }
        if (null != metricsFile)
        {
            metricsFile.heartbeat(epochClock.time());
        }
        if (!nodesLeaving.isEmpty())
        {
            completeNodeLeaves(nowNs);
        }
        if (leaving && !leaveComplete)
        {
            boolean drained = true;
            for (int i = 0; i < nodes.startedCount(); i++)
            {
                if (NodeLifecycle.LEAVING == nodes.lifecycle(i) && nodes.node(i).pendingUpdates() > 0)
                {
                    drained = false;
                    break;
                }
            }
            leaveComplete = drained;
        }
        if (nowNs - nextGaugeNs >= 0)
        {
            nextGaugeNs = nowNs + GAUGE_INTERVAL_NS;
            gauges.publish();
        }
        listeners.onHousekeeping(nowNs);
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * @return number of hosted nodes.
     */
    public int nodeCount()
    {
        return nodes.count();
    }

    /**
     * @param index hosted node index.
     * @return the node; only its {@link SwimNode#table()} may be read from another thread.
     */
    public SwimNode node(final int index)
    {
        return nodes.node(index);
    }

    /**
     * @return the process-wide member directory (size and entries safe to read from any thread).
     */
    public MemberDirectory directory()
    {
        return directory;
    }

    /**
     * @param index hosted node index.
     * @return its {@link NodeLifecycle} code; any thread.
     */
    public int nodeLifecycle(final int index)
    {
        return nodes.lifecycle(index);
    }

    /**
     * @return hosted nodes still held (not released); any thread.
     */
    public int heldNodeCount()
    {
        return nodes.count() - nodes.releasedCount();
    }

    /**
     * @return true once every leaving node has sent out its pending updates.
     */
    public boolean isLeaveComplete()
    {
        return leaveComplete;
    }

    /**
     * @return true once {@link #onClose()} ran.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return why the agent stopped on its own (its transport is gone), or null while it runs or after a close.
     */
    public Throwable failure()
    {
        return failure;
    }

    private void stop(final Throwable cause)
    {
        failure = cause;
        errorHandler.onError(cause);
        throw new AgentTerminationException(cause);
    }

    /**
     * @return the fault model shared by both paths.
     */
    public FaultModel faults()
    {
        return faults;
    }

    /**
     * @return the largest duty cycle seen, in ns (duty-cycle thread's view; the counter is the shared one).
     */
    public long maxDutyCycleNs()
    {
        return maxDutyCycleNs;
    }
}

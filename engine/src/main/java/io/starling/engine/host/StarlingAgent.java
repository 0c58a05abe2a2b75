package io.starling.engine.host;

import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.replication.Replicator;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.FrameSink;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.InboundFrameOpener;
import io.starling.engine.security.SealingFrameSink;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.FrameChecksum;
import io.starling.engine.transport.FrameHandler;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The real-time host: one Agrona {@link Agent} hosting any number of {@link SwimNode}s of one process.
 * <p>
 * Each duty cycle reads the clock once and then, in order:
 * <ol>
 *     <li>drives the network transport's housekeeping (an INVOKER-mode media driver and the Aeron client
 *     conductor run here) and polls it for frames, up to the fragment limit;</li>
 *     <li>delivers the in-memory frames queued since the last delivery (never re-entrantly);</li>
 *     <li>fires every due timer from the one shared {@link TimerWheelService};</li>
 *     <li>drains the command queue (join, leave, metadata from other threads);</li>
 *     <li>starts nodes whose staggered start time has come, and does periodic housekeeping (leave
 *     completion, heartbeat and gauges);</li>
 *     <li>flushes the shared outbox and returns the work count.</li>
 * </ol>
 * Inbound frames are routed by the FrameHeader's {@code dstNode}; {@link Outbox#ANY_NODE} goes to the first started
 * node that is not the sender. Outbound frames pass the {@link FaultModel} and then go to the in-memory path when
 * the destination is this process (unless forced through the network) or to the network transport otherwise.
 * <p>
 * Any exception from a node, a listener or a transport is caught per unit of work, recorded in the error log and
 * counted; the agent keeps running. Allocation free in steady state (see the engine's allocation test).
 */
public final class StarlingAgent implements Agent, FrameSink, FrameHandler, TimerWheelService.Listener,
    MessageHandler, MembershipObserver, DeadlineIdleStrategy.DeadlineSource
{
    /** Period of housekeeping (joins, leave completion, heartbeat, gauges). */
    public static final long HOUSEKEEPING_INTERVAL_NS = 10_000_000L;
    /** Period of publishing gauges (RTT percentiles, view counts) to counters. */
    public static final long GAUGE_INTERVAL_NS = 1_000_000_000L;
    /** How soon to look again while a publication is being added or frames wait for one (sleeping idle). */
    public static final long PENDING_PUBLICATION_POLL_NS = 1_000_000L;
    /** Highest probe round trip the histogram records; larger values are clamped. */
    public static final long RTT_HIGHEST_NS = 60_000_000_000L;

    private static final int FRAME_HEADER_LENGTH = FramePacker.FRAME_HEADER_LENGTH;
    private static final int MISSING = -1;
    /** Most commands read per duty cycle. */
    private static final int COMMAND_LIMIT = 64;
    private Replicator[] replicators;
    private long rttSequence;

    private final String roleName;
    private final ProtocolConfig config;
    private final NanoClock clock;
    private final EpochClock epochClock;
    private final int localIpv4;
    private final int localPort;
    private final boolean forceNetworkForLocal;
    private final Transport network;
    private final AeronTransport aeronTransport;
    private final InMemoryTransport inMemory;
    private final FaultModel faults;
    /** Network frames in: a clear frame's checksum verified, a sealed frame opened by the cipher, then routing. */
    private final FrameHandler networkInbound;
    /** Network frames out: sealed by the cipher when a keyring is set, else given their checksum trailer. */
    private final FrameSink networkOutbound;
    private final EngineCounters counters;
    private final MetricsFile metricsFile;
    private final ErrorHandler errorHandler;
    private final MembershipObserver observer;
    private final java.util.function.LongConsumer housekeepingListener;
    private final RingBuffer commandQueue;
    private final int fragmentLimit;
    private final int commandLimit;
    private final long startStaggerNs;
    private final boolean bootstrapCoHosted;

    private final MemberDirectory directory;
    private final SwimNode[] nodes;
    private final Int2IntHashMap nodeIndexById;
    private final FramePacker packer;
    private final TimerWheelService timers;
    private final SeededRandom random;
    private final Histogram rttHistogram = new Histogram(RTT_HIGHEST_NS, 3);

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();
    private final UnsafeBuffer commandView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);

    private final LongHashSet seedKeys = new LongHashSet();
    private int[] seedIpv4 = new int[0];
    private int[] seedPort = new int[0];

    private long nowNs;
    private long startBaseNs;
    private int startedCount;
    private long nextHousekeepingNs;
    private long nextGaugeNs;
    private boolean leaving;
    private volatile boolean leaveComplete;
    private volatile boolean closed;
    private long maxDutyCycleNs;
    /** Members the application expects out of contact, shared by the hosted nodes; made on the first command. */
    private io.starling.engine.schedule.ExpectedAbsence absence;

    /**
     * @param ctx the concluded settings and the parts launch built (counters, transports, command queue, cipher).
     */
    public StarlingAgent(final StarlingEngine.Context ctx)
    {
        this.roleName = ctx.agentRoleName();
        this.config = ctx.protocolConfig();
        this.clock = ctx.nanoClock();
        this.epochClock = ctx.epochClock();
        this.localIpv4 = ctx.advertisedIpv4();
        this.localPort = ctx.bindPort();
        this.forceNetworkForLocal = ctx.forceNetworkForLocal();
        this.network = ctx.network();
        this.aeronTransport = network instanceof AeronTransport ? (AeronTransport)network : null;
        this.inMemory = ctx.inMemory();
        this.faults = ctx.faultModel();
        final FrameCipher cipher = ctx.frameCipher();
        this.counters = ctx.counters();
        final FrameChecksum checksum = new FrameChecksum(ctx.protocolConfig().frameBudgetBytes(), this::sendToNetwork);
        this.networkInbound = new InboundFrameOpener(cipher, checksum, counters, this);
        this.networkOutbound = null == cipher ? checksum : new SealingFrameSink(cipher, this::sendToNetwork);
        this.metricsFile = ctx.metricsFile();
        this.errorHandler = ctx.engineErrorHandler();
        this.observer = null == ctx.membershipObserver() ? MembershipObserver.NO_OP : ctx.membershipObserver();
        this.housekeepingListener = ctx.housekeepingListener();
        this.commandQueue = ctx.commandQueue();
        this.fragmentLimit = ctx.fragmentLimit();
        this.commandLimit = COMMAND_LIMIT;
        this.random = new SeededRandom(ctx.randomSeed());
        this.bootstrapCoHosted = ctx.bootstrapCoHosted();

        final int[] nodeIds = ctx.nodeIds();
        this.startStaggerNs = nodeIds.length > 1 ? ctx.startSpreadNs() / nodeIds.length : 0;
        // Every hosted node's view is allocated at the directory's capacity (12 bytes per slot), so sizing it at
        // twice the hosted nodes doubled the views of a one-process cluster; remote members grow it on demand.
        this.directory = new MemberDirectory(Math.max(64, nodeIds.length));
        this.nodes = new SwimNode[nodeIds.length];
        this.nodeIndexById = new Int2IntHashMap(Math.max(16, nodeIds.length * 2), Hashing.DEFAULT_LOAD_FACTOR, MISSING);
        final long startNs = clock.nanoTime();
        this.timers = new TimerWheelService(
            startNs, ctx.timerTickResolutionNs(), ctx.timerTicksPerWheel(), nodeIds.length * 8, this);
        this.packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), this, counters);
        for (int i = 0; i < nodeIds.length; i++)
        {
            if (MISSING != nodeIndexById.get(nodeIds[i]))
            {
                throw new IllegalArgumentException("node id " + nodeIds[i] + " is hosted twice");
            }
            nodeIndexById.put(nodeIds[i], i);
            nodes[i] = new SwimNode(
                config, i, nodeIds[i], localIpv4, localPort, directory, random, timers, packer, this, counters);
        }
        for (final long seed : ctx.seedKeys())
        {
            addSeed(seed);
        }
        counters.setHost(HostCounters.NODES_HOSTED, nodes.length);
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
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i].extension(replicators[i]);
        }
        this.replicators = replicators;
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
        nextHousekeepingNs = startBaseNs;
        nextGaugeNs = startBaseNs + GAUGE_INTERVAL_NS;
    }

    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        this.nowNs = nowNs;
        int work = 0;

        if (null != network)
        {
            try
            {
                work += network.doWork(nowNs);
                final int received = network.poll(networkInbound, fragmentLimit);
                if (received > 0)
                {
                    counters.addHost(HostCounters.NETWORK_FRAMES_RECEIVED, received);
                    work += received;
                }
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }

        final int delivered = inMemory.poll(this, Integer.MAX_VALUE);
        if (delivered > 0)
        {
            counters.addHost(HostCounters.IN_MEMORY_FRAMES, delivered);
            work += delivered;
        }

        work += timers.poll(nowNs);
        work += commandQueue.read(this, commandLimit);

        if (startedCount < nodes.length && !leaving)
        {
            work += startDueNodes(nowNs);
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping(nowNs);
        }

        packer.flush();

        final long dutyCycleNs = clock.nanoTime() - nowNs;
        if (dutyCycleNs > maxDutyCycleNs)
        {
            maxDutyCycleNs = dutyCycleNs;
            counters.proposeMax(ProtocolCounters.MAX_DUTY_CYCLE_NS, dutyCycleNs);
        }
        counters.increment(ProtocolCounters.DUTY_CYCLES);
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
        if (commandQueue.size() > 0 || inMemory.pendingBytes() > 0)
        {
            return nowNs;
        }
        long deadlineNs = limitNs;
        if (null != aeronTransport && aeronTransport.hasPendingPublications())
        {
            deadlineNs = Math.min(deadlineNs, nowNs + PENDING_PUBLICATION_POLL_NS);
        }
        if (startedCount < nodes.length && !leaving)
        {
            deadlineNs = Math.min(deadlineNs, startBaseNs + startedCount * startStaggerNs);
        }
        deadlineNs = Math.min(deadlineNs, leaving ?
            nextHousekeepingNs : Math.max(nextHousekeepingNs, nextGaugeNs));
        return timers.nextDeadlineNs(deadlineNs);
    }

    public void onClose()
    {
        for (final SwimNode node : nodes)
        {
            try
            {
                node.close();
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
        packer.flush();
        closed = true;
    }

    // ------------------------------------------------------------------------------------------------ inbound

    /**
     * A frame from the network (its checksum verified or, sealed, opened first) or the in-memory path: route it to the hosted
     * node it is addressed to.
     * {@inheritDoc}
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FRAME_HEADER_LENGTH)
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (FrameHeaderDecoder.TEMPLATE_ID != headerDecoder.templateId() ||
            FrameHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return;
        }
        frameHeaderDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            FrameHeaderDecoder.BLOCK_LENGTH, FrameHeaderDecoder.SCHEMA_VERSION);
        final int dst = frameHeaderDecoder.dstNode();
        final int index = Outbox.ANY_NODE == dst ? anyNodeIndex(frameHeaderDecoder.srcNode()) : nodeIndexById.get(dst);
        if (index < 0 || index >= startedCount)
        {
            counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return;
        }
        try
        {
            nodes[index].onFrame(nowNs, buffer, offset, length);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }

    private int anyNodeIndex(final int srcNodeId)
    {
        for (int i = 0; i < startedCount; i++)
        {
            if (nodes[i].nodeId() != srcNodeId && !nodes[i].isLeaving())
            {
                return i;
            }
        }
        return MISSING;
    }

    // ------------------------------------------------------------------------------------------------ outbound

    /**
     * A complete frame from the shared outbox: apply the fault model, then the in-memory path or the network.
     * {@inheritDoc}
     */
    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int verdict = faults.check(nodes[srcNodeIndex].nodeId(), dstNodeId);
        if (FaultModel.PASS != verdict)
        {
            counters.increment(verdict);
            return;
        }
        if (dstIpv4 == localIpv4 && dstPort == localPort && (!forceNetworkForLocal || null == network))
        {
            inMemory.send(dstIpv4, dstPort, buffer, offset, length);
        }
        else if (null != network)
        {
            networkOutbound.onFrame(srcNodeIndex, dstNodeId, dstIpv4, dstPort, buffer, offset, length);
        }
        else
        {
            counters.increment(ProtocolCounters.DROP_NOT_CONNECTED);
        }
    }

    private void sendToNetwork(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (network.send(dstIpv4, dstPort, buffer, offset, length))
        {
            counters.addHost(HostCounters.NETWORK_FRAMES_SENT, 1);
        }
    }

    // ------------------------------------------------------------------------------------------------ timers

    public void onTimer(final long nowNs, final long timerId, final int nodeIndex, final int kind, final int arg)
    {
        try
        {
            nodes[nodeIndex].onTimer(nowNs, timerId, kind, arg);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }

    // ------------------------------------------------------------------------------------------------ commands

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        counters.increment(ProtocolCounters.COMMANDS_RECEIVED);
        try
        {
            switch (msgTypeId)
            {
                case Commands.JOIN:
                {
                    final int count = buffer.getInt(index);
                    for (int i = 0; i < count; i++)
                    {
                        final int ipv4 = buffer.getInt(index + 4 + 8 * i);
                        final int port = buffer.getInt(index + 8 + 8 * i);
                        addSeed(io.starling.engine.transport.Endpoints.key(ipv4, port));
                    }
                    if (startedCount > 0)
                    {
                        joinExternalSeeds();
                    }
                    break;
                }
                case Commands.LEAVE:
                    leaveAll();
                    break;
                case Commands.UPDATE_METADATA:
                {
                    final int nodeIndex = buffer.getInt(index);
                    final int metadataLength = buffer.getInt(index + 4);
                    if (nodeIndex >= 0 && nodeIndex < nodes.length)
                    {
                        commandView.wrap(buffer, index + 8, metadataLength);
                        nodes[nodeIndex].updateMetadata(nowNs, commandView, 0, metadataLength);
                    }
                    break;
                }
                case Commands.PUT:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int keyLength = buffer.getInt(index + 4);
                    final int valueLength = buffer.getInt(index + 8);
                    commandView.wrap(buffer, index + 12, keyLength);
                    valueView.wrap(buffer, index + 12 + keyLength, valueLength);
                    replicator.tryPut(nowNs, commandView, 0, keyLength, valueView, 0, valueLength);
                    break;
                }
                case Commands.DELETE:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int keyLength = buffer.getInt(index + 4);
                    commandView.wrap(buffer, index + 8, keyLength);
                    replicator.tryDelete(nowNs, commandView, 0, keyLength);
                    break;
                }
                case Commands.BROADCAST:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int payloadLength = buffer.getInt(index + 4);
                    commandView.wrap(buffer, index + 8, payloadLength);
                    replicator.tryBroadcast(nowNs, commandView, 0, payloadLength);
                    break;
                }
                case Commands.PING:
                {
                    final int nodeIndex = buffer.getInt(index);
                    final int memberId = buffer.getInt(index + 4);
                    final long correlationId = buffer.getLong(index + 8);
                    final long timeoutNs = buffer.getLong(index + 16);
                    if (nodeIndex < 0 || nodeIndex >= startedCount ||
                        !nodes[nodeIndex].ping(nowNs, memberId, correlationId, timeoutNs))
                    {
                        onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
                    }
                    break;
                }
                case Commands.EXPECT_ABSENCE:
                    expectAbsence(buffer.getInt(index), buffer.getLong(index + 8));
                    break;
                default:
                    break;
            }
            packer.flush();
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }

    /**
     * The application expects a member out of contact until a wall-clock time (or clears it): the window goes into
     * the one table every hosted node's failure detector consults, converted to the duty cycle's clock.
     */
    private void expectAbsence(final int memberId, final long untilEpochMs)
    {
        if (null == absence)
        {
            absence = new io.starling.engine.schedule.ExpectedAbsence();
            for (final SwimNode node : nodes)
            {
                node.expectedAbsence(absence);
            }
        }
        long untilNs = io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT;
        if (Long.MAX_VALUE == untilEpochMs)
        {
            untilNs = Long.MAX_VALUE;
        }
        else if (Commands.CLEAR_ABSENCE != untilEpochMs)
        {
            final long leftMs = untilEpochMs - epochClock.time();
            untilNs = leftMs <= 0 ? io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT :
                leftMs >= Long.MAX_VALUE / 4_000_000L ? Long.MAX_VALUE : nowNs + leftMs * 1_000_000L;
        }
        if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT == untilNs)
        {
            absence.clear(memberId);
        }
        else
        {
            absence.expectAbsent(memberId, untilNs);
        }
        try
        {
            observer.onExpectedAbsence(nowNs, memberId, untilNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    private Replicator replicator(final int nodeIndex)
    {
        if (null == replicators || nodeIndex < 0 || nodeIndex >= replicators.length)
        {
            throw new IllegalStateException("no replicator for node index " + nodeIndex);
        }
        return replicators[nodeIndex];
    }

    /**
     * Every hosted node learns every other one ALIVE before any starts (see
     * {@code StarlingEngine.Context.bootstrapCoHosted}).
     */
    private void bootstrapCoHosted(final long nowNs)
    {
        for (int i = 0; i < nodes.length; i++)
        {
            final SwimNode node = nodes[i];
            for (int j = 0; j < nodes.length; j++)
            {
                if (j != i)
                {
                    node.learnCoHosted(nowNs, nodes[j].nodeId(), localIpv4, localPort);
                }
            }
        }
    }

    private void addSeed(final long key)
    {
        final int ipv4 = io.starling.engine.transport.Endpoints.ipv4(key);
        final int port = io.starling.engine.transport.Endpoints.port(key);
        if ((ipv4 == localIpv4 && port == localPort) || !seedKeys.add(key))
        {
            return;
        }
        seedIpv4 = java.util.Arrays.copyOf(seedIpv4, seedIpv4.length + 1);
        seedPort = java.util.Arrays.copyOf(seedPort, seedPort.length + 1);
        seedIpv4[seedIpv4.length - 1] = ipv4;
        seedPort[seedPort.length - 1] = port;
    }

    private void leaveAll()
    {
        if (leaving)
        {
            return;
        }
        leaving = true;
        for (int i = 0; i < startedCount; i++)
        {
            try
            {
                nodes[i].leave(nowNs);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
        if (0 == startedCount)
        {
            leaveComplete = true;
        }
    }

    // ------------------------------------------------------------------------------------------------ start, joins

    private int startDueNodes(final long nowNs)
    {
        int work = 0;
        while (startedCount < nodes.length && nowNs - (startBaseNs + startedCount * startStaggerNs) >= 0)
        {
            final int index = startedCount;
            try
            {
                nodes[index].start(nowNs);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
            startedCount++;
            counters.setHost(HostCounters.NODES_STARTED, startedCount);
            if (0 == index)
            {
                joinExternalSeeds();
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
        }
        return work;
    }

    private void joinExternalSeeds()
    {
        for (int s = 0; s < seedIpv4.length; s++)
        {
            sendJoin(0, seedIpv4[s], seedPort[s]);
        }
    }

    /**
     * Have a hosted node join through a seed endpoint (its own process's for nodes 1..M-1): the node encodes the
     * Join; the seed answers with its state (push-pull).
     */
    private void sendJoin(final int nodeIndex, final int seedIpv4, final int seedPort)
    {
        if (nodes[nodeIndex].join(nowNs, seedIpv4, seedPort))
        {
            counters.addHost(HostCounters.JOINS_SENT, 1);
        }
    }

    private int housekeeping(final long nowNs)
    {
        int work = 0;
        if (null != metricsFile)
        {
            metricsFile.heartbeat(epochClock.time());
        }

        if (leaving && !leaveComplete)
        {
            boolean drained = true;
            for (int i = 0; i < startedCount; i++)
            {
                if (nodes[i].pendingUpdates() > 0)
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
            publishGauges();
        }
        if (null != housekeepingListener)
        {
            try
            {
                housekeepingListener.accept(nowNs);
            }
            catch (final Throwable t)
            {
                onListenerError(t);
            }
        }
        return work;
    }

    private void publishGauges()
    {
        final Histogram h = rttHistogram;
        // Sequence lock: readers on other threads retry until they read one consistent set.
        counters.setHost(HostCounters.PROBE_RTT_SEQUENCE, ++rttSequence);
        counters.setHost(HostCounters.PROBE_RTT_COUNT, h.getTotalCount());
        if (h.getTotalCount() > 0)
        {
            counters.setHost(HostCounters.PROBE_RTT_P50_NS, h.getValueAtPercentile(50.0));
            counters.setHost(HostCounters.PROBE_RTT_P90_NS, h.getValueAtPercentile(90.0));
            counters.setHost(HostCounters.PROBE_RTT_P99_NS, h.getValueAtPercentile(99.0));
            counters.setHost(HostCounters.PROBE_RTT_P999_NS, h.getValueAtPercentile(99.9));
            counters.setHost(HostCounters.PROBE_RTT_MAX_NS, h.getMaxValue());
        }
        counters.setHost(HostCounters.PROBE_RTT_SEQUENCE, ++rttSequence);
        counters.setHost(HostCounters.TIMERS_ACTIVE, timers.activeTimers());
        counters.setHost(HostCounters.TIMERS_FIRED, timers.firedTimers());
        if (null != aeronTransport)
        {
            counters.setHost(HostCounters.PUBLICATIONS, aeronTransport.publicationCount());
            counters.setHost(HostCounters.IMAGES, aeronTransport.imageCount());
        }
        if (startedCount > 0)
        {
            int alive = 0;
            int suspect = 0;
            int dead = 0;
            int left = 0;
            final MembershipTable table = nodes[0].table();
            for (int slot = 0, size = directory.size(); slot < size; slot++)
            {
                switch (table.state(slot))
                {
                    case MemberState.ALIVE: alive++; break;
                    case MemberState.SUSPECT: suspect++; break;
                    case MemberState.DEAD: dead++; break;
                    case MemberState.LEFT: left++; break;
                    default: break;
                }
            }
            counters.setHost(HostCounters.VIEW_ALIVE, alive);
            counters.setHost(HostCounters.VIEW_SUSPECT, suspect);
            counters.setHost(HostCounters.VIEW_DEAD, dead);
            counters.setHost(HostCounters.VIEW_LEFT, left);
        }
        int healthMax = 0;
        int degraded = 0;
        for (int i = 0; i < startedCount; i++)
        {
            final int health = nodes[i].localHealthScore();
            healthMax = Math.max(healthMax, health);
            degraded += health > 0 ? 1 : 0;
        }
        counters.setHost(HostCounters.LOCAL_HEALTH_MAX, healthMax);
        counters.setHost(HostCounters.NODES_DEGRADED, degraded);
    }

    // ------------------------------------------------------------------------------------------------ observer

    public void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        try
        {
            observer.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        try
        {
            observer.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        try
        {
            observer.onRefute(nowNs, nodeIndex, nodeId, incarnation);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onProbeAck(final long nowNs, final int nodeIndex, final int memberId, final long rttNs)
    {
        rttHistogram.recordValue(Math.max(0, Math.min(rttNs, RTT_HIGHEST_NS)));
        try
        {
            observer.onProbeAck(nowNs, nodeIndex, memberId, rttNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onPingAck(
        final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
    {
        try
        {
            observer.onPingAck(nowNs, nodeIndex, memberId, correlationId, rttNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onPingTimeout(final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
    {
        try
        {
            observer.onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    private void onListenerError(final Throwable t)
    {
        counters.addHost(HostCounters.LISTENER_ERRORS, 1);
        errorHandler.onError(t);
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * @return number of hosted nodes.
     */
    public int nodeCount()
    {
        return nodes.length;
    }

    /**
     * @param index hosted node index.
     * @return the node; only its {@link SwimNode#table()} may be read from another thread.
     */
    public SwimNode node(final int index)
    {
        return nodes[index];
    }

    /**
     * @return the process-wide member directory (size and entries safe to read from any thread).
     */
    public MemberDirectory directory()
    {
        return directory;
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

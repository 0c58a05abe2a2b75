package io.starling.engine.api;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.StampedLock;

import io.starling.driver.SocketWaiter;
import io.starling.engine.host.Commands;
import io.starling.engine.host.DeadlineIdleStrategy;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.host.HostContext;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.host.StarlingAgent;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.EngineErrorHandler;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.Keyring;
import io.starling.engine.security.KeyringControl;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.DriverHandle;
import io.starling.driver.DriverPreset;
import io.starling.engine.transport.EmbeddedDriver;
import io.starling.engine.transport.Endpoints;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.InMemoryTransport;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The embedding facade: one engine per process hosts one or more Starling nodes on one duty-cycle agent, reachable
 * over Aeron UDP on one endpoint.
 * <pre>{@code
 * try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
 *     .bind("10.0.0.5:7946")
 *     .seeds("10.0.0.1:7946")
 *     .membershipListener(myListener)))
 * {
 *     ...
 *     engine.members();           // from any thread, lock free
 *     engine.leave(2_000);        // graceful
 * }
 * }</pre>
 * Every method is thread safe. Commands ({@link #join(String...)}, {@link #leave(long)},
 * {@link #updateMetadata(int, byte[])}) travel to the agent through a many-to-one ring buffer; when it is full the
 * call returns {@code false} and counts the refusal: nothing is lost silently.
 * <p>
 * After {@link #close()} (or while it runs on another thread) every call other than {@link #close()},
 * {@link #isClosed()}, {@link #context()}, {@link #directory()}, {@link #nodeIds()} and {@link #leave(long)} (which
 * returns false) throws {@link IllegalStateException} "StarlingEngine is closed": no command is accepted and then
 * lost, and no counter is read from the unmapped metrics file. A command accepted before {@code close()} is run by
 * the agent unless {@code close()} stops it first; {@link #leave(long)} first for a graceful exit.
 */
public final class StarlingEngine implements AutoCloseable
{
    private static final AtomicInteger ENGINE_SEQUENCE = new AtomicInteger();

    private final Context ctx;
    private final File directory;
    private final MetricsFile metricsFile;
    private final EngineCounters counters;
    private final EngineErrorHandler errorHandler;
    private final DriverHandle driver;
    private final AeronTransport network;
    private final StarlingAgent agent;
    private final Commands commands;
    private final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, byte[][]>[] replicatedViews;
    private final AgentRunner runner;
    private final AgentInvoker invoker;
    private final IdleStrategy idleStrategy;
    private final DeadlineIdleStrategy deadlineIdle;
    private final SocketWaiter ownWaiter;
    private final Thread agentThread;
    private final CompletableFuture<Member> joined = new CompletableFuture<>();
    final ListenerBridge listenerBridge;
    private final StampedLock closeLock = new StampedLock();
    private final KeyringControl keyringControl;
    private final io.starling.engine.metrics.ControlDirectory membersControl;
    /** Per hosted node, the application's metadata and the tag block it last set: each update keeps the other. */
    private final byte[][] nodeMetadata;
    private final byte[][] nodeTagBlocks;
    private volatile boolean closed;

    private StarlingEngine(final Context ctx)
    {
        this.ctx = ctx;
        this.directory = ctx.engineDirectory();
        this.nodeMetadata = new byte[ctx.nodeIds().length][];
        this.nodeTagBlocks = new byte[ctx.nodeIds().length][];
        final byte[] tagBlock = MetadataEnvelope.tagBlock(ctx.tags());
        for (int i = 0; i < nodeMetadata.length; i++)
        {
            nodeMetadata[i] = null == ctx.metadata() ? new byte[0] : ctx.metadata();
            nodeTagBlocks[i] = tagBlock;
        }
        MetricsFile metricsFile = null;
        DriverHandle driver = null;
        AeronTransport network = null;
        SocketWaiter ownWaiter = null;
        KeyringControl keyringControl = null;
        io.starling.engine.metrics.ControlDirectory membersControl = null;
        if (null != ctx.keyring() && ctx.networkEnabled())
        {
            // Before the media driver and the Aeron client exist: in INVOKER mode nobody would keep them alive.
            FrameCipher.warmUp(FRAME_CIPHER_WARM_UP_FRAMES);
        }
        try
        {
            if (directory.exists())
            {
                IoUtil.delete(directory, false);
            }
            IoUtil.ensureDirectoryExists(directory, "engine directory");
            final EpochClock epochClock = ctx.epochClock();
            metricsFile = MetricsFile.create(new File(directory, MetricsFile.FILE_NAME), ctx.maxCounters(),
                ctx.errorLogLengthBytes(), ProcessHandle.current().pid(), epochClock);
            this.metricsFile = metricsFile;
            this.counters = new EngineCounters(metricsFile.newCountersManager(epochClock));
            this.errorHandler = new EngineErrorHandler(
                new DistinctErrorLog(metricsFile.errorLogBuffer(), epochClock), counters,
                null != ctx.errorHandler() ? ctx.errorHandler() : new SystemLoggerErrorHandler(), System.err);

            if (ctx.networkEnabled())
            {
                driver = EmbeddedDriver.launch(ctx.driverPreset(), ctx.aeronDirectoryName(), ctx.termLengthBytes(),
                    ctx.mtuLengthBytes(), errorHandler);
                try
                {
                    network = new AeronTransport(driver, ctx.bindHost(), ctx.bindPort(), ctx.streamId(),
                        ctx.mtuLengthBytes(), ctx.termLengthBytes(), ctx.backlog(), counters, errorHandler);
                }
                catch (final io.aeron.exceptions.RegistrationException ex)
                {
                    throw new IllegalStateException("cannot receive on UDP endpoint " + ctx.bindHost() + ":" +
                        ctx.bindPort() + (String.valueOf(ex.getMessage()).contains("in use") ?
                        ": the port is already in use" : "") + " (" + ex.getMessage() + ")", ex);
                }
            }
            this.driver = driver;
            this.network = network;

            final ProtocolConfig protocol = ctx.protocolConfig();
            final InMemoryTransport inMemory = new InMemoryTransport(protocol.frameBudgetBytes(),
                ctx.inMemoryQueueInitialBytes(), ctx.inMemoryQueueMaxBytes(), counters);
            final FaultModel faults = new FaultModel(new SeededRandom(ctx.randomSeed() ^ 0x5DEECE66DL))
                .lossRate(ctx.lossRate());
            final ManyToOneRingBuffer commandQueue = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(ctx.commandQueueCapacityBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
            this.commands = new Commands(commandQueue);

            this.replicatedViews = ctx.replicationEnabled() ? newViews(ctx.nodeIds().length) : null;
            final ListenerBridge bridge = this.listenerBridge = new ListenerBridge(
                ctx.membershipListener(), ctx.nodeIds(), ctx.advertisedIpv4(), ctx.bindPort());
            final HostContext hostContext = new HostContext()
                .replicationFactory(ctx.replicationEnabled() ? replicationFactory(ctx, protocol) : null)
                .roleName(ctx.agentRoleName())
                .protocolConfig(protocol)
                .nanoClock(ctx.nanoClock())
                .epochClock(epochClock)
                .ipv4(ctx.advertisedIpv4())
                .port(ctx.bindPort())
                .forceNetworkForLocal(ctx.forceNetworkForLocal())
                .network(network)
                .inMemory(inMemory)
                .faultModel(faults)
                .counters(counters)
                .metricsFile(metricsFile)
                .errorHandler(errorHandler)
                .observer(bridge)
                .housekeepingListener(bridge::onHousekeeping)
                .commandQueue(commandQueue)
                .fragmentLimit(ctx.fragmentLimit())
                .commandLimit(64)
                .randomSeed(ctx.randomSeed())
                .nodeIds(ctx.nodeIds())
                .seedKeys(ctx.seedKeys())
                .startSpreadNs(ctx.startSpreadNs())
                .bootstrapCoHosted(ctx.bootstrapCoHosted())
                .timerTickResolutionNs(ctx.timerTickResolutionNs())
                .timerTicksPerWheel(ctx.timerTicksPerWheel())
                .frameCipher(newFrameCipher(ctx, network, counters));
            this.agent = new StarlingAgent(hostContext);
            bridge.attach(agent, counters, ctx.seeds().isEmpty() ? null : this::onJoined);
            offerInitialMetadata(ctx);
            if (ctx.seeds().isEmpty())
            {
                joined.complete(null);
            }
            else
            {
                CompletableFuture.delayedExecutor(ctx.joinTimeoutMs(), TimeUnit.MILLISECONDS).execute(() ->
                    joined.completeExceptionally(new TimeoutException("no member of the cluster answered through " +
                    "seeds " + ctx.seeds() + " within joinTimeoutMs=" + ctx.joinTimeoutMs() +
                    " (joins are still retried every " + 2 * protocol.probeIntervalNs() / 1_000_000 + " ms)")));
            }
            if (null != ctx.keyring() && ctx.keyringControl())
            {
                keyringControl = new KeyringControl(
                    ctx.keyring(), directory, "starling-keys-" + ctx.bindPort(), errorHandler);
            }
            this.keyringControl = keyringControl;
            if (ctx.membersControl())
            {
                membersControl = new io.starling.engine.metrics.ControlDirectory(directory, MEMBERS_DIRECTORY,
                    "starling-members-" + ctx.bindPort(), this::answerMembers, errorHandler);
            }
            this.membersControl = membersControl;

            if (null != ctx.idleStrategy())
            {
                this.idleStrategy = ctx.idleStrategy();
            }
            else if (IdlePreset.SLEEP == ctx.idlePreset())
            {
                // Wake on datagrams when the driver runs on this thread; else sleep on a waiter with no socket.
                SocketWaiter waiter = null == driver ? null : driver.socketWaiter();
                if (null == waiter)
                {
                    waiter = ownWaiter = new SocketWaiter();
                }
                this.idleStrategy = new DeadlineIdleStrategy(ctx.nanoClock(), agent, waiter, ctx.idleMaxSleepNs());
            }
            else
            {
                this.idleStrategy = IdlePreset.SPIN == ctx.idlePreset() ?
                    new BusySpinIdleStrategy() : new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
            }
            this.deadlineIdle = idleStrategy instanceof DeadlineIdleStrategy ? (DeadlineIdleStrategy)idleStrategy : null;
            this.ownWaiter = ownWaiter;

            if (ctx.useAgentInvoker())
            {
                this.runner = null;
                this.agentThread = null;
                this.invoker = new AgentInvoker(errorHandler, null, agent);
                invoker.start();
            }
            else
            {
                this.invoker = null;
                this.runner = new AgentRunner(idleStrategy, errorHandler, null, agent);
                this.agentThread = AgentRunner.startOnThread(runner, Thread::new);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            // Nothing of a failed launch stays behind: no directory in /dev/shm, no driver, no mapped file.
            CloseHelper.quietClose(keyringControl);
            CloseHelper.quietClose(membersControl);
            CloseHelper.quietClose(network);
            CloseHelper.quietClose(driver);
            CloseHelper.quietClose(ownWaiter);
            CloseHelper.quietClose(metricsFile);
            IoUtil.delete(directory, true);
            throw ex;
        }
    }

    private void offerInitialMetadata(final Context ctx)
    {
        if (null == ctx.metadata() && null == ctx.nodeName() && ctx.tags().isEmpty())
        {
            return;
        }
        for (int i = 0; i < ctx.nodeIds().length; i++)
        {
            // The agent reads commands before it starts nodes, so each node joins with this metadata.
            final byte[] raw = MetadataEnvelope.encode(nodeNameBytes(i), nodeTagBlocks[i], nodeMetadata[i]);
            if (!commands.updateMetadata(i, raw, 0, raw.length))
            {
                throw new IllegalArgumentException("metadata of " + ctx.nodeIds().length +
                    " nodes does not fit the command queue: raise commandQueueCapacityBytes");
            }
        }
    }

    private byte[] nodeNameBytes(final int nodeIndex)
    {
        final String name = ctx.nodeName();
        return MetadataEnvelope.nameBytes("nodeName",
            null == name || 1 == ctx.nodeIds().length ? name : name + "-" + nodeIndex);
    }

    private void onJoined(final Member first)
    {
        // Complete off the agent thread: dependents of the future must not run on the duty cycle.
        joined.completeAsync(() -> first);
    }

    /**
     * Launch an engine: create its directory and metrics file, start its media driver (per the preset), subscribe
     * on the bind endpoint, create the hosted nodes and start the agent (on its own thread, or ready for
     * {@link #invoker()}). Nodes start spread over {@link Context#startSpreadNs()} and join the seeds.
     *
     * @param ctx settings; {@link Context#conclude()} is called here.
     * @return the running engine.
     * @throws IllegalArgumentException naming the first bad setting.
     * @throws IllegalStateException    naming the endpoint when it cannot be bound (port already in use); nothing is
     *                                  left in the base directory.
     */
    public static StarlingEngine launch(final Context ctx)
    {
        return new StarlingEngine(ctx.conclude());
    }

    /**
     * Join a cluster through seed endpoints, in addition to the seeds of the context. The first hosted node sends
     * joins to them until it sees a member of another process.
     *
     * @param seeds {@code host:port} of processes already in the cluster.
     * @return false if the command queue is full (nothing was done; try again).
     * @throws IllegalArgumentException if a seed is not a usable endpoint.
     */
    public boolean join(final String... seeds)
    {
        final int[] ipv4 = new int[seeds.length];
        final int[] port = new int[seeds.length];
        for (int i = 0; i < seeds.length; i++)
        {
            final long key = Endpoints.parse("seeds", seeds[i]);
            ipv4[i] = Endpoints.ipv4(key);
            port[i] = Endpoints.port(key);
        }
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.join(ipv4, port));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * The outcome of joining through the context's seeds. Completes with the first member of another process that
     * the first hosted node sees alive (so the node has heard from the cluster), or, when the context has no seeds
     * (this process starts a cluster), at launch with null. Fails with a {@link TimeoutException} naming the seeds
     * when no member answered within {@link Context#joinTimeoutMs()}; the engine keeps retrying the joins after
     * that, so the node may still join later (watch {@link MembershipListener#onJoin(MemberView)}); fails with an
     * {@link IllegalStateException} if the engine is closed first. Completed on a thread of the common pool or the
     * JDK's delay scheduler, never on the engine's thread.
     *
     * @return the join outcome.
     */
    public CompletableFuture<Member> joined()
    {
        return joined;
    }

    /**
     * Leave gracefully with every hosted node: members will see them LEFT, not DEAD. Blocks until the news has been
     * sent out (every leaving node's dissemination queue is drained) or the timeout passes; then call
     * {@link #close()}. With {@link Context#useAgentInvoker(boolean)} this must be called from the thread that drives
     * the invoker, and it drives it while waiting.
     *
     * @param timeoutMs longest wait.
     * @return true if the leave was spread before the timeout.
     */
    public boolean leave(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean queued = false;
        while (!closed && System.nanoTime() - deadlineNs < 0)
        {
            if (!queued)
            {
                queued = offerLeave();
            }
            else if (agent.isLeaveComplete())
            {
                return true;
            }
            if (null != invoker)
            {
                invoker.invoke();
            }
            else
            {
                sleepQuietly(1);
            }
        }
        return queued && agent.isLeaveComplete();
    }

    /**
     * Replace the metadata of the first hosted node.
     *
     * @param metadata at most {@link #MAX_METADATA_BYTES} bytes less the UTF-8 length of the node's name and the
     *                 tags' bytes.
     * @return false if the command queue is full.
     */
    public boolean updateMetadata(final byte[] metadata)
    {
        return updateMetadata(0, metadata);
    }

    /**
     * Replace a hosted node's metadata; it spreads with a new metadata version. The node's name
     * ({@link Context#nodeName(String)}) and tags ({@link #updateTags(int, java.util.Map)}) travel in the same bytes,
     * so they share the limit; the tags stay as they are.
     *
     * @param nodeIndex index of the hosted node.
     * @param metadata  at most {@link #MAX_METADATA_BYTES} bytes less the UTF-8 length of the node's name.
     * @return false if the command queue is full.
     * @throws IllegalArgumentException for a bad node index or metadata too long.
     */
    public boolean updateMetadata(final int nodeIndex, final byte[] metadata)
    {
        if (nodeIndex < 0 || nodeIndex >= agent.nodeCount())
        {
            throw new IllegalArgumentException("nodeIndex=" + nodeIndex + " must be in [0, " + agent.nodeCount() + ")");
        }
        return offerMetadata(nodeIndex, metadata.clone(), null);
    }

    /**
     * Replace the tags of the first hosted node; see {@link #updateTags(int, java.util.Map)}.
     *
     * @param tags key to value, e.g. {@code role=edge, gpus=2}; empty to remove them all.
     * @return false if the command queue is full.
     */
    public boolean updateTags(final java.util.Map<String, String> tags)
    {
        return updateTags(0, tags);
    }

    /**
     * Replace a hosted node's tags (the metadata stays); they spread with a new metadata version, like
     * {@link #updateMetadata(int, byte[])}, and other members select on them with {@link #members(String)}. Keys:
     * 1 to 32 of {@code A-Z a-z 0-9 _ . -} ({@code state}, {@code name} and {@code id} are the filter's); values: up
     * to 64 of those and {@code : / + @}; at most 32 tags. They share the metadata's 512 bytes: 1 byte, plus 2 and
     * the key's and value's lengths per tag.
     *
     * @param nodeIndex index of the hosted node.
     * @param tags      key to value; empty to remove them all.
     * @return false if the command queue is full (nothing changed).
     * @throws IllegalArgumentException for a bad node index, key or value, or when the tags and metadata together
     *                                  exceed the limit.
     */
    public boolean updateTags(final int nodeIndex, final java.util.Map<String, String> tags)
    {
        if (nodeIndex < 0 || nodeIndex >= agent.nodeCount())
        {
            throw new IllegalArgumentException("nodeIndex=" + nodeIndex + " must be in [0, " + agent.nodeCount() + ")");
        }
        return offerMetadata(nodeIndex, null, MetadataEnvelope.tagBlock(tags));
    }

    /**
     * Encode a hosted node's envelope with the new metadata or tags (null: keep the current) and queue it.
     */
    private boolean offerMetadata(final int nodeIndex, final byte[] metadata, final byte[] tagBlock)
    {
        synchronized (nodeMetadata)
        {
            final byte[] newMetadata = null == metadata ? nodeMetadata[nodeIndex] : metadata;
            final byte[] newTags = null == tagBlock ? nodeTagBlocks[nodeIndex] : tagBlock;
            final byte[] raw = MetadataEnvelope.encode(nodeNameBytes(nodeIndex), newTags, newMetadata);
            final long stamp = openOrThrow();
            try
            {
                if (!offered(commands.updateMetadata(nodeIndex, raw, 0, raw.length)))
                {
                    return false;
                }
            }
            finally
            {
                closeLock.unlockRead(stamp);
            }
            nodeMetadata[nodeIndex] = newMetadata;
            nodeTagBlocks[nodeIndex] = newTags;
            return true;
        }
    }

    /**
     * Ping a member now from a hosted node, outside the probe schedule, with the probe timeout as the timeout; see
     * {@link #ping(int, int, long, long)}.
     *
     * @param nodeIndex     index of the hosted node that pings.
     * @param memberId      the member to ping.
     * @param correlationId handed back to the listener with the outcome.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean ping(final int nodeIndex, final int memberId, final long correlationId)
    {
        return ping(nodeIndex, memberId, correlationId, ctx.protocolConfig().probeTimeoutNs());
    }

    /**
     * Ping a member now from a hosted node, from any thread: a round-trip check that does not change anyone's
     * view (only the probe schedule judges liveness). The outcome reaches the {@link MembershipListener} on the
     * agent thread: {@link MembershipListener#onPingAck} with the round-trip time, or
     * {@link MembershipListener#onPingTimeout} if no ack came within {@code timeoutNs} or the node could not send
     * it. A node keeps at most {@link ProtocolConfig#outstandingPingsMax()} pings waiting.
     *
     * @param nodeIndex     index of the hosted node that pings.
     * @param memberId      the member to ping.
     * @param correlationId handed back to the listener with the outcome.
     * @param timeoutNs     how long to wait for the ack (positive).
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad node index or timeout.
     */
    public boolean ping(final int nodeIndex, final int memberId, final long correlationId, final long timeoutNs)
    {
        if (nodeIndex < 0 || nodeIndex >= agent.nodeCount())
        {
            throw new IllegalArgumentException("nodeIndex=" + nodeIndex + " must be in [0, " + agent.nodeCount() + ")");
        }
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeoutNs=" + timeoutNs + " must be positive");
        }
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.ping(nodeIndex, memberId, correlationId, timeoutNs));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Tell the engine that a member is out of contact until a time (a satellite between passes, a station in
     * maintenance), from any thread. Until then every hosted node neither probes, suspects nor declares it dead, and
     * reports it {@link MemberStatus#OUT_OF_CONTACT} ({@link #members()}, {@link #memberStatus(int, int)}, and
     * {@link MembershipListener#onOutOfContact} where it was seen alive or suspect). When the window ends
     * ({@link MembershipListener#onOutOfContactEnded}) it is probed again: one that answers stays ALIVE without a
     * rejoin, one that does not is suspected and declared dead as usual. A later call replaces the window. Only
     * this process's view changes; nothing is gossiped.
     *
     * @param memberId     the member (a hosted node's own id included: that node then probes nobody).
     * @param untilEpochMs end of the window, ms since the epoch ({@link Long#MAX_VALUE}: until cleared); a time
     *                     already past clears the window.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean expectAbsence(final int memberId, final long untilEpochMs)
    {
        if (Commands.CLEAR_ABSENCE == untilEpochMs)
        {
            throw new IllegalArgumentException("untilEpochMs=" + untilEpochMs + " is reserved: use clearAbsence");
        }
        return offerAbsence(memberId, untilEpochMs);
    }

    /**
     * End a member's out-of-contact window now ({@link #expectAbsence(int, long)}), from any thread.
     *
     * @param memberId the member.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean clearAbsence(final int memberId)
    {
        return offerAbsence(memberId, Commands.CLEAR_ABSENCE);
    }

    private boolean offerAbsence(final int memberId, final long untilEpochMs)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.expectAbsence(memberId, untilEpochMs));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Write a replicated key at the first hosted node; see {@link #put(int, byte[], byte[])}.
     *
     * @param key   1 to {@link #MAX_KEY_BYTES} bytes, not starting with byte 0x00 (reserved).
     * @param value at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean put(final byte[] key, final byte[] value)
    {
        return put(0, key, value);
    }

    /**
     * Write a replicated key at a hosted node, from any thread. The write is versioned by a vector clock, spread as
     * a rumor, and repaired by Merkle anti-entropy; concurrent writes elsewhere are kept as siblings.
     *
     * @param nodeIndex index of the hosted node that writes.
     * @param key       1 to {@link #MAX_KEY_BYTES} bytes, not starting with byte 0x00 (reserved).
     * @param value     at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad key, value or node index.
     * @throws IllegalStateException    when the engine was launched without replication.
     */
    public boolean put(final int nodeIndex, final byte[] key, final byte[] value)
    {
        checkReplication(nodeIndex);
        checkKey(key);
        if (value.length > MAX_VALUE_BYTES)
        {
            throw new IllegalArgumentException("value length=" + value.length + " must be at most " + MAX_VALUE_BYTES);
        }
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.put(nodeIndex, key, value));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Delete a replicated key at the first hosted node (a tombstone that spreads like a write).
     *
     * @param key the key.
     * @return false if the command queue is full.
     */
    public boolean delete(final byte[] key)
    {
        return delete(0, key);
    }

    /**
     * Delete a replicated key at a hosted node, from any thread.
     *
     * @param nodeIndex index of the hosted node.
     * @param key       the key.
     * @return false if the command queue is full.
     */
    public boolean delete(final int nodeIndex, final byte[] key)
    {
        checkReplication(nodeIndex);
        checkKey(key);
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.delete(nodeIndex, key));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Broadcast a payload from the first hosted node; every node's listener receives it exactly once.
     *
     * @param payload at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean broadcast(final byte[] payload)
    {
        return broadcast(0, payload);
    }

    /**
     * Broadcast a payload from a hosted node, from any thread.
     *
     * @param nodeIndex index of the hosted node.
     * @param payload   at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean broadcast(final int nodeIndex, final byte[] payload)
    {
        checkReplication(nodeIndex);
        if (payload.length > MAX_VALUE_BYTES)
        {
            throw new IllegalArgumentException(
                "broadcast payload length=" + payload.length + " must be at most " + MAX_VALUE_BYTES);
        }
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.broadcast(nodeIndex, payload));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Read a replicated key at the first hosted node; see {@link #get(int, byte[])}.
     *
     * @param key the key.
     * @return its live values (several when concurrent writes are siblings), empty if absent or deleted.
     */
    public List<byte[]> get(final byte[] key)
    {
        return get(0, key);
    }

    /**
     * Read a replicated key as a hosted node holds it, from any thread without locks (a view maintained by the
     * agent thread on every change).
     *
     * @param nodeIndex index of the hosted node.
     * @param key       the key.
     * @return its live values (several when concurrent writes are siblings), empty if absent or deleted.
     */
    public List<byte[]> get(final int nodeIndex, final byte[] key)
    {
        checkReplication(nodeIndex);
        checkOpen();
        final byte[][] values = replicatedViews[nodeIndex].get(java.nio.ByteBuffer.wrap(key));
        return null == values ? List.of() : List.of(values);
    }

    /** Largest metadata of a node in bytes, less the UTF-8 length of its name and its tags' bytes. */
    public static final int MAX_METADATA_BYTES = MetadataEnvelope.MAX_APPLICATION_BYTES;
    /** Largest key in bytes. */
    public static final int MAX_KEY_BYTES = io.starling.engine.kv.KvStoreConfig.MAX_KEY_LENGTH_BYTES_DEFAULT;
    /** Largest value or broadcast payload in bytes (so any version fits in one rumor). */
    public static final int MAX_VALUE_BYTES = io.starling.engine.replication.Replicator.Config.MAX_VALUE_BYTES_DEFAULT;

    private void checkReplication(final int nodeIndex)
    {
        if (null == replicatedViews)
        {
            throw new IllegalStateException("replication is off: launch with Context.replicationEnabled(true)");
        }
        if (nodeIndex < 0 || nodeIndex >= replicatedViews.length)
        {
            throw new IllegalArgumentException(
                "nodeIndex=" + nodeIndex + " must be in [0, " + replicatedViews.length + ")");
        }
    }

    private static void checkKey(final byte[] key)
    {
        if (key.length < 1 || key.length > MAX_KEY_BYTES)
        {
            throw new IllegalArgumentException("key length=" + key.length + " must be in [1, " + MAX_KEY_BYTES + "]");
        }
        if (0 == key[0])
        {
            throw new IllegalArgumentException("keys starting with byte 0x00 are reserved");
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, byte[][]>[] newViews(final int n)
    {
        final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, byte[][]>[] views =
            new java.util.concurrent.ConcurrentHashMap[n];
        for (int i = 0; i < n; i++)
        {
            views[i] = new java.util.concurrent.ConcurrentHashMap<>();
        }
        return views;
    }

    private HostContext.ReplicationFactory replicationFactory(
        final Context ctx, final io.starling.engine.protocol.ProtocolConfig protocol)
    {
        final ReplicationListener listener = null == ctx.replicationListener() ?
            new ReplicationListener()
            {
            } : ctx.replicationListener();
        return (nodeIndex, nodeId, random, timers, outbox) ->
        {
            final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, byte[][]> view =
                replicatedViews[nodeIndex];
            final io.starling.engine.kv.KvChangeListener kvListener = (key, keyOffset, keyLength, versions, cause) ->
            {
                final byte[] keyCopy = new byte[keyLength];
                key.getBytes(keyOffset, keyCopy);
                int live = 0;
                for (int i = 0; i < versions.count(); i++)
                {
                    live += versions.isTombstone(i) ? 0 : 1;
                }
                final byte[][] values = new byte[live][];
                for (int i = 0, v = 0; i < versions.count(); i++)
                {
                    if (!versions.isTombstone(i))
                    {
                        values[v++] = versions.valueCopy(i);
                    }
                }
                if (0 == live)
                {
                    view.remove(java.nio.ByteBuffer.wrap(keyCopy));
                }
                else
                {
                    view.put(java.nio.ByteBuffer.wrap(keyCopy), values);
                }
                listener.onKeyChange(nodeIndex, keyCopy, values);
            };
            return new io.starling.engine.replication.Replicator(
                new io.starling.engine.replication.Replicator.Config(),
                new io.starling.engine.kv.KvStoreConfig().merkleDepth(ctx.merkleDepth()),
                new io.starling.engine.kv.AntiEntropyConfig(),
                new io.starling.engine.rumor.RumorMonger.Config(),
                protocol.clusterId(), protocol.frameBudgetBytes(), nodeIndex, nodeId, random, timers, outbox,
                (nowNs, index, origin, sequence, payload, offset, length) ->
                {
                    final byte[] copy = new byte[length];
                    payload.getBytes(offset, copy);
                    listener.onBroadcast(index, origin, sequence, copy);
                },
                kvListener, counters)
                .writeResultListener((index, key, keyOffset, keyLength, accepted, lamportTime, reason) ->
                {
                    byte[] keyCopy = null;
                    if (null != key)
                    {
                        keyCopy = new byte[keyLength];
                        key.getBytes(keyOffset, keyCopy);
                    }
                    listener.onWriteResult(index, keyCopy, accepted, lamportTime, reason);
                });
        };
    }

    /**
     * @return the first hosted node's view of the cluster; see {@link #members(int)}.
     */
    public List<Member> members()
    {
        return members(0);
    }

    /**
     * A snapshot of a hosted node's view, including itself, taken without locks from any thread: each entry is
     * one atomic word of the node's membership table, so each {@link Member} is consistent, though the list is not
     * one instant's view.
     *
     * @param nodeIndex index of the hosted node.
     * @return members known to that node, in directory order.
     */
    public List<Member> members(final int nodeIndex)
    {
        checkOpen();
        final SwimNode node = agent.node(nodeIndex);
        final MembershipTable table = node.table();
        final MemberDirectory dir = agent.directory();
        final int size = dir.size();
        final List<Member> members = new ArrayList<>(size);
        for (int slot = 0; slot < size; slot++)
        {
            final long word = table.word(slot);
            final int state = MembershipTable.state(word);
            if (MemberState.NONE == state)
            {
                continue;
            }
            final int memberId = dir.nodeId(slot);
            final byte[] metadata = dir.metadata(slot);
            members.add(new Member(memberId, listenerBridge.reportedState(memberId, state),
                MembershipTable.incarnation(word), dir.ipv4(slot),
                dir.port(slot), MembershipTable.metaVersion(word), MetadataEnvelope.application(metadata),
                memberId == node.nodeId(), MetadataEnvelope.name(metadata), MetadataEnvelope.tags(metadata)));
        }
        return members;
    }

    /**
     * The first hosted node's members that match a filter; see {@link MemberFilter}.
     *
     * @param where e.g. {@code "role=edge and gpus>=1 and state=alive"}.
     * @return matching members, in directory order.
     * @throws IllegalArgumentException (one line, naming the column) for bad filter syntax.
     */
    public List<Member> members(final String where)
    {
        return members(0, MemberFilter.parse(where));
    }

    /**
     * A hosted node's members that match a filter, from any thread without locks (as {@link #members(int)}).
     *
     * @param nodeIndex index of the hosted node.
     * @param filter    a {@link MemberFilter} or any predicate over {@link Member}.
     * @return matching members, in directory order.
     */
    public List<Member> members(final int nodeIndex, final java.util.function.Predicate<? super Member> filter)
    {
        final List<Member> members = members(nodeIndex);
        members.removeIf(filter.negate());
        return members;
    }

    /** Directory, inside the engine directory, of {@code starling members} requests ({@link #answerMembers}). */
    public static final String MEMBERS_DIRECTORY = "members";

    /**
     * Answer a {@code starling members} request from another process (on the control thread): {@code node} (index,
     * default 0) and {@code where} (a {@link MemberFilter}, default every member) in; {@code status=ok|error},
     * {@code message}, {@code observer} (the node's id), {@code count} and {@code member.I} (id, state, address,
     * name, tags as {@code k=v,...}, tab separated) out.
     *
     * @param request the request.
     * @return the response.
     */
    private java.util.Properties answerMembers(final java.util.Properties request)
    {
        final java.util.Properties response = new java.util.Properties();
        try
        {
            final String node = request.getProperty("node", "0").trim();
            final int nodeIndex;
            try
            {
                nodeIndex = Integer.parseInt(node);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("node must be a hosted node index: " + node);
            }
            if (nodeIndex < 0 || nodeIndex >= agent.nodeCount())
            {
                throw new IllegalArgumentException(
                    "node " + nodeIndex + " must be in [0, " + agent.nodeCount() + ")");
            }
            final List<Member> found = members(nodeIndex, MemberFilter.parse(request.getProperty("where", "")));
            for (int i = 0; i < found.size(); i++)
            {
                final Member m = found.get(i);
                final StringBuilder tags = new StringBuilder();
                m.tags().forEach((k, v) -> tags.append(tags.length() > 0 ? "," : "").append(k).append('=').append(v));
                response.setProperty("member." + i, m.nodeId() + "\t" + m.stateName() + "\t" + m.address() + "\t" +
                    (null == m.name() ? "" : m.name()) + "\t" + tags);
            }
            response.setProperty("observer", Integer.toString(ctx.nodeIds()[nodeIndex]));
            response.setProperty("count", Integer.toString(found.size()));
            response.setProperty("status", "ok");
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            response.setProperty("status", "error");
            response.setProperty("message", String.valueOf(ex.getMessage()));
        }
        return response;
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @return members (itself included) the node sees alive or suspect; lock free, from any thread.
     */
    public int liveMemberCount(final int nodeIndex)
    {
        checkOpen();
        final MembershipTable table = agent.node(nodeIndex).table();
        int live = 0;
        for (int slot = 0, size = agent.directory().size(); slot < size; slot++)
        {
            final int state = table.state(slot);
            if (MemberState.ALIVE == state || MemberState.SUSPECT == state)
            {
                live++;
            }
        }
        return live;
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @param memberId  a member's id.
     * @return the member's state in that node's protocol table, or {@link MemberState#NONE}; lock free (the
     *         protocol's codes: an out-of-contact member is ALIVE or SUSPECT here, see
     *         {@link #memberStatus(int, int)}).
     */
    public int memberState(final int nodeIndex, final int memberId)
    {
        checkOpen();
        // The directory's id map changes on the agent's thread: look up through its sequence-checked read.
        return MembershipTable.state(agent.directory().word(agent.node(nodeIndex).table(), memberId));
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @param memberId  a member's id.
     * @return the member's state in that node's view ({@link MemberStatus#OUT_OF_CONTACT} while an
     *         {@link #expectAbsence(int, long)} window holds and the member is not dead or left),
     *         {@link MemberStatus#NONE} if unknown; lock free.
     */
    public MemberStatus memberStatus(final int nodeIndex, final int memberId)
    {
        return MemberStatus.of(listenerBridge.reportedState(memberId, memberState(nodeIndex, memberId)));
    }

    /**
     * @return ids of the hosted nodes, in index order.
     */
    public int[] nodeIds()
    {
        return ctx.nodeIds().clone();
    }

    /**
     * @return the probe round-trip percentiles published by the agent (refreshed once a second).
     */
    public ProbeRtt probeRtt()
    {
        final long stamp = openOrThrow();
        try
        {
            return readProbeRtt();
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    private ProbeRtt readProbeRtt()
    {
        while (true)
        {
            final long before = counters.hostValue(HostCounters.PROBE_RTT_SEQUENCE);
            final ProbeRtt rtt = new ProbeRtt(
                counters.hostValue(HostCounters.PROBE_RTT_COUNT),
                counters.hostValue(HostCounters.PROBE_RTT_P50_NS),
                counters.hostValue(HostCounters.PROBE_RTT_P90_NS),
                counters.hostValue(HostCounters.PROBE_RTT_P99_NS),
                counters.hostValue(HostCounters.PROBE_RTT_P999_NS),
                counters.hostValue(HostCounters.PROBE_RTT_MAX_NS));
            java.lang.invoke.VarHandle.acquireFence();
            if (0 == (before & 1) && before == counters.hostValue(HostCounters.PROBE_RTT_SEQUENCE))
            {
                return rtt;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @param protocolCounterId a {@link io.starling.engine.protocol.ProtocolCounters} id.
     * @return its current value.
     */
    public long protocolCounter(final int protocolCounterId)
    {
        final long stamp = openOrThrow();
        try
        {
            return counters.protocolValue(protocolCounterId);
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }

    }

    /**
     * @param hostCounterId a {@link HostCounters} id.
     * @return its current value.
     */
    public long hostCounter(final int hostCounterId)
    {
        final long stamp = openOrThrow();
        try
        {
            return counters.hostValue(hostCounterId);
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }

    }

    /**
     * @return the fault model (loss rate, partitions) both paths pass through; switchable at run time.
     */
    public FaultModel faults()
    {
        return agent.faults();
    }

    /**
     * @return the invoker that runs the duty cycle when {@link Context#useAgentInvoker(boolean)} is set, else null.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * The idle strategy of the engine's thread, built from {@link Context#idlePreset()} unless
     * {@link Context#idleStrategy(IdleStrategy)} was given. An application that drives {@link #invoker()} calls
     * {@code idleStrategy().idle(invoker().invoke())} in its loop, from that one thread.
     *
     * @return the idle strategy bound to this engine.
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @return the agent's thread, or null when driven by an invoker.
     */
    public Thread agentThread()
    {
        return agentThread;
    }

    /**
     * @return the engine directory (metrics file, Aeron directory), removed at close.
     */
    public File directory()
    {
        return directory;
    }

    /**
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Stop the agent (without leaving: call {@link #leave(long)} first for a graceful exit), close the transport and
     * the media driver, and remove the engine directory. Idempotent.
     */
    public void close()
    {
        final long stamp = closeLock.writeLock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            closeLock.unlockWrite(stamp);
        }
        // No caller holds the read lock now and every later one sees closed: the metrics file can be unmapped.
        if (null != deadlineIdle)
        {
            deadlineIdle.signal();
        }
        joined.completeExceptionally(closedException());
        CloseHelper.quietClose(keyringControl);
        CloseHelper.quietClose(membersControl);
        CloseHelper.quietClose(runner);
        CloseHelper.quietClose(invoker);
        CloseHelper.quietClose(network);
        CloseHelper.quietClose(driver);
        CloseHelper.quietClose(ownWaiter);
        CloseHelper.quietClose(counters::close);
        CloseHelper.quietClose(metricsFile);
        IoUtil.delete(directory, true);
    }

    /**
     * Take the read side of the close lock, so {@link #close()} cannot unmap the metrics file or stop the agent
     * while the caller uses them; throw if already closed.
     */
    private long openOrThrow()
    {
        final long stamp = closeLock.readLock();
        if (closed)
        {
            closeLock.unlockRead(stamp);
            throw closedException();
        }
        return stamp;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw closedException();
        }
    }

    private IllegalStateException closedException()
    {
        return new IllegalStateException("StarlingEngine is closed (" + ctx.bindHost() + ":" + ctx.bindPort() + ")");
    }

    private boolean offerLeave()
    {
        final long stamp = closeLock.readLock();
        try
        {
            return !closed && offered(commands.leave());
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    // ------------------------------------------------------------------ security: keyring (encryption, rotation)

    /**
     * Install a key: frames sealed with it are accepted from now on (rotation step 1, on every process). Installing
     * the same bytes again under the same id is a no-op. The same as {@code starling keys install}.
     *
     * @param keyId id carried in clear in frames sealed with the key, 0 to 255.
     * @param key   16, 24 or 32 bytes (AES-128, -192, -256); copied, the caller may wipe its array.
     * @throws IllegalStateException    if the engine was launched without a keyring.
     * @throws IllegalArgumentException on a bad id or length, or an id naming other key bytes.
     */
    public void installKey(final int keyId, final byte[] key)
    {
        keyring().install(keyId, key);
    }

    /**
     * Seal outbound frames with an installed key from now on (rotation step 2, once every process has it).
     *
     * @param keyId an installed key id.
     * @throws IllegalStateException    if the engine was launched without a keyring.
     * @throws IllegalArgumentException if no key is installed under the id.
     */
    public void useKey(final int keyId)
    {
        keyring().usePrimary(keyId);
    }

    /**
     * Forget a key that is not the primary (rotation step 3, once every process seals with the new key).
     *
     * @param keyId id of the key.
     * @return true if a key was removed.
     * @throws IllegalStateException if the engine was launched without a keyring, or the key is the primary.
     */
    public boolean removeKey(final int keyId)
    {
        return keyring().remove(keyId);
    }

    /**
     * @return installed key ids, ascending.
     * @throws IllegalStateException if the engine was launched without a keyring.
     */
    public int[] keyIds()
    {
        return keyring().keyIds();
    }

    /**
     * @return id of the key outbound frames are sealed with.
     * @throws IllegalStateException if the engine was launched without a keyring.
     */
    public int primaryKeyId()
    {
        return keyring().primaryKeyId();
    }

    /** Frames sealed and opened at launch so the agent meets a compiled cipher (see FrameCipher.warmUp). */
    private static final int FRAME_CIPHER_WARM_UP_FRAMES = 10_000;

    private Keyring keyring()
    {
        final Keyring keyring = ctx.keyring();
        if (null == keyring)
        {
            throw new IllegalStateException("the engine was launched without a keyring (Context.keyring)");
        }
        return keyring;
    }

    private static FrameCipher newFrameCipher(
        final Context ctx, final AeronTransport network, final EngineCounters counters)
    {
        if (null == ctx.keyring() || null == network)
        {
            return null;
        }
        return new FrameCipher(new FrameCipher.Context()
            .keyring(ctx.keyring())
            .clusterId(ctx.protocolConfig().clusterId())
            .requireEncryption(ctx.requireEncryption())
            .maxFrameLengthBytes(network.maxFrameLength())
            .counters(counters));
    }

    private boolean offered(final boolean offered)
    {
        if (!offered)
        {
            counters.incrementHostAtomic(HostCounters.COMMANDS_REJECTED);
        }
        else if (null != deadlineIdle)
        {
            deadlineIdle.signal();
        }
        return offered;
    }

    private static void sleepQuietly(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Settings of an engine, with documented defaults. Fluent setters; {@link #conclude()} validates, derives and
     * throws {@link IllegalArgumentException} naming the first bad field.
     */
    public static final class Context
    {
        /** Default bind address: loopback, safe for a single host; bind a real address to reach other hosts. */
        public static final String BIND_HOST_DEFAULT = "127.0.0.1";
        /** Default UDP port (memberlist's). */
        public static final int BIND_PORT_DEFAULT = 7946;
        /** Default Aeron stream id shared by every process of a cluster. */
        public static final int STREAM_ID_DEFAULT = 0x5354;
        /** Default number of hosted nodes. */
        public static final int NODE_COUNT_DEFAULT = 1;
        /** Default fragment limit per duty cycle. */
        public static final int FRAGMENT_LIMIT_DEFAULT = 256;
        /** Default command queue capacity in bytes (a power of two). */
        public static final int COMMAND_QUEUE_CAPACITY_DEFAULT = 64 * 1024;
        /** Default counters capacity. */
        public static final int MAX_COUNTERS_DEFAULT = 128;
        /** Default error log length in bytes. */
        public static final int ERROR_LOG_LENGTH_DEFAULT = 64 * 1024;
        /** Default initial size of each in-memory frame log. */
        public static final int IN_MEMORY_QUEUE_INITIAL_DEFAULT = 256 * 1024;
        /** Default largest size of each in-memory frame log. */
        public static final int IN_MEMORY_QUEUE_MAX_DEFAULT = 64 * 1024 * 1024;
        /** Default timer wheel tick: 2^20 ns, about 1 ms. */
        public static final long TIMER_TICK_RESOLUTION_NS_DEFAULT = 1L << 20;
        /**
         * Default timer wheel size: 65,536 ticks, about 68.7 s per revolution, so a suspicion timer (at most
         * {@code suspicionMaxTimeoutMult} x the minimum suspicion timeout, 72 s at 10,000 nodes and a 1 s period) is
         * visited about once before it fires instead of once a second: a hashed wheel walks a spoke's far-future
         * timers on every revolution, and with 1,024 ticks a burst of suspicions among 10,000 co-hosted nodes made
         * those walks most of the duty cycle. The spokes cost 4 bytes each.
         */
        public static final int TIMER_TICKS_PER_WHEEL_DEFAULT = 65_536;

        private String bindHost = BIND_HOST_DEFAULT;
        private int bindPort = BIND_PORT_DEFAULT;
        private String advertiseHost;
        private int advertisedIpv4;
        private int[] nodeIds;
        private int nodeCount = NODE_COUNT_DEFAULT;
        private int nodeIdBase = -1;
        private final List<String> seeds = new ArrayList<>();
        private long[] seedKeys;
        private ProtocolConfig protocolConfig;
        private boolean networkEnabled = true;
        private boolean forceNetworkForLocal;
        private DriverPreset driverPreset = DriverPreset.DENSITY;
        private String aeronDirectoryName;
        private int streamId = STREAM_ID_DEFAULT;
        private int mtuLengthBytes = AeronTransport.MTU_LENGTH_DEFAULT;
        private int termLengthBytes = AeronTransport.TERM_LENGTH_DEFAULT;
        private io.starling.engine.transport.BacklogConfig backlog = new io.starling.engine.transport.BacklogConfig();
        private boolean useAgentInvoker;
        private IdleStrategy idleStrategy;
        private String baseDirectoryName;
        private File engineDirectory;
        private int maxCounters = MAX_COUNTERS_DEFAULT;
        private int errorLogLengthBytes = ERROR_LOG_LENGTH_DEFAULT;
        private int commandQueueCapacityBytes = COMMAND_QUEUE_CAPACITY_DEFAULT;
        private int fragmentLimit = FRAGMENT_LIMIT_DEFAULT;
        private int inMemoryQueueInitialBytes = IN_MEMORY_QUEUE_INITIAL_DEFAULT;
        private int inMemoryQueueMaxBytes = IN_MEMORY_QUEUE_MAX_DEFAULT;
        private double lossRate;
        private Long randomSeed;
        private long startSpreadNs = -1;
        private boolean bootstrapCoHosted;
        private long timerTickResolutionNs = TIMER_TICK_RESOLUTION_NS_DEFAULT;
        private int timerTicksPerWheel = TIMER_TICKS_PER_WHEEL_DEFAULT;
        private MembershipListener membershipListener;
        private boolean replicationEnabled;
        private ReplicationListener replicationListener;
        private int merkleDepth = MERKLE_DEPTH_DEFAULT;
        private ErrorHandler errorHandler;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private EpochClock epochClock = SystemEpochClock.INSTANCE;
        private String agentRoleName;
        private boolean deleteStaleDirectories = true;
        private boolean concluded;
        private Keyring keyring;
        private boolean requireEncryption = true;
        private boolean keyringControl = true;
        private boolean membersControl = true;

        /**
         * @return true if {@code starling members} may list this engine's view through the engine directory.
         */
        public boolean membersControl()
        {
            return membersControl;
        }

        /**
         * @param membersControl default true: a control thread (polling every 100 ms) answers
         *                       {@code starling members --pid P --where ...} requests dropped into the engine
         *                       directory; false for no such thread.
         * @return this.
         */
        public Context membersControl(final boolean membersControl)
        {
            this.membersControl = membersControl;
            return this;
        }

        // ---- Embedding: name, metadata before launch, join outcome, attaching to a driver (begin) ----
        /** Default {@link #joinTimeoutMs()}: 10 s, memberlist's default TCP timeout for a join. */
        public static final long JOIN_TIMEOUT_MS_DEFAULT = 10_000;
        private String nodeName;
        private byte[] metadata;
        private java.util.Map<String, String> tags = java.util.Map.of();
        private long joinTimeoutMs = JOIN_TIMEOUT_MS_DEFAULT;

        /**
         * @return the tags every hosted node starts with (unmodifiable), empty if none.
         */
        public java.util.Map<String, String> tags()
        {
            return tags;
        }

        /**
         * @param tags key/value tags every hosted node carries from its first join, in node metadata beside the
         *             name (e.g. {@code role=edge, station=kiruna, band=X, gpus=4}); other members select on them
         *             with {@link StarlingEngine#members(String)}, and {@code starling members --where} does from the
         *             command line. Change them later with {@link StarlingEngine#updateTags(java.util.Map)}. Rules and
         *             cost in the 512 bytes: {@link StarlingEngine#updateTags(int, java.util.Map)}. Default none.
         * @return this.
         */
        public Context tags(final java.util.Map<String, String> tags)
        {
            this.tags = null == tags ? java.util.Map.of() :
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
            return this;
        }

        /**
         * @return the name the hosted nodes announce, or null.
         */
        public String nodeName()
        {
            return nodeName;
        }

        /**
         * @param nodeName a name other members see in {@link MemberView#name()} and {@link Member#name()}, e.g.
         *                 {@code "perth"}; with several hosted nodes, node i is {@code name-i}. At most 64 UTF-8
         *                 bytes; it travels inside the node's metadata and shares its limit. Default none.
         * @return this.
         */
        public Context nodeName(final String nodeName)
        {
            this.nodeName = nodeName;
            return this;
        }

        /**
         * @return the metadata every hosted node starts with (a copy), or null.
         */
        public byte[] metadata()
        {
            return null == metadata ? null : metadata.clone();
        }

        /**
         * @param metadata bytes every hosted node carries from its first join (e.g. {@code "band=X;gpus=4"}), at
         *                 most {@link StarlingEngine#MAX_METADATA_BYTES} less the name's UTF-8 length; change it
         *                 later with {@link StarlingEngine#updateMetadata(byte[])}. Default none.
         * @return this.
         */
        public Context metadata(final byte[] metadata)
        {
            this.metadata = null == metadata ? null : metadata.clone();
            return this;
        }

        /**
         * @return how long {@link StarlingEngine#joined()} waits for the cluster.
         */
        public long joinTimeoutMs()
        {
            return joinTimeoutMs;
        }

        /**
         * @param joinTimeoutMs how long {@link StarlingEngine#joined()} waits for a member of another process
         *                      before it fails; default {@link #JOIN_TIMEOUT_MS_DEFAULT}.
         * @return this.
         */
        public Context joinTimeoutMs(final long joinTimeoutMs)
        {
            this.joinTimeoutMs = joinTimeoutMs;
            return this;
        }

        /**
         * Use a media driver that already runs (Aeron's usual deployment: one driver per host, shared by its
         * applications) instead of launching one: saves this engine's driver start (about half a second) and its
         * term buffers. The same as {@code driverPreset(DriverPreset.EXTERNAL).aeronDirectoryName(dir)}. The
         * driver must outlive the engine; the engine never deletes its directory.
         *
         * @param aeronDirectoryName the running driver's Aeron directory.
         * @return this.
         */
        public Context attachToDriver(final String aeronDirectoryName)
        {
            this.driverPreset = DriverPreset.EXTERNAL;
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        private void concludeEmbedding()
        {
            if (joinTimeoutMs <= 0)
            {
                throw new IllegalArgumentException("joinTimeoutMs=" + joinTimeoutMs + " must be positive");
            }
            final byte[] name = MetadataEnvelope.nameBytes("nodeName",
                null == nodeName || 1 == nodeCount ? nodeName : nodeName + "-" + (nodeCount - 1));
            MetadataEnvelope.encode(name, MetadataEnvelope.tagBlock(tags), null == metadata ? new byte[0] : metadata);
        }
        // ---- Embedding (end) ----

        /**
         * Validate and derive. Called by {@link StarlingEngine#launch(Context)}.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first bad field.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (bindPort < 1 || bindPort > 65535)
            {
                throw new IllegalArgumentException("bindPort=" + bindPort + " must be in [1, 65535]");
            }
            final int bindIpv4 = Endpoints.resolveIpv4("bindHost", bindHost);
            if (null == advertiseHost)
            {
                if (Endpoints.isWildcard(bindIpv4))
                {
                    throw new IllegalArgumentException(
                        "advertiseHost must be set when bindHost is the wildcard address " + bindHost);
                }
                advertisedIpv4 = bindIpv4;
            }
            else
            {
                advertisedIpv4 = Endpoints.resolveIpv4("advertiseHost", advertiseHost);
            }

            if (null == randomSeed)
            {
                randomSeed = System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L;
            }
            if (null == nodeIds)
            {
                if (nodeCount < 1 || nodeCount > (1 << 22))
                {
                    throw new IllegalArgumentException("nodeCount=" + nodeCount + " must be in [1, 4194304]");
                }
                if (nodeIdBase < 0)
                {
                    nodeIdBase = endpointNodeIdBase(advertisedIpv4, bindPort);
                }
                if ((long)nodeIdBase + nodeCount > Integer.MAX_VALUE)
                {
                    throw new IllegalArgumentException(
                        "nodeIdBase=" + nodeIdBase + " + nodeCount=" + nodeCount + " overflows an int");
                }
                nodeIds = new int[nodeCount];
                for (int i = 0; i < nodeCount; i++)
                {
                    nodeIds[i] = nodeIdBase + i;
                }
            }
            else
            {
                if (0 == nodeIds.length)
                {
                    throw new IllegalArgumentException("nodeIds must not be empty");
                }
                final int[] sorted = nodeIds.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < sorted.length; i++)
                {
                    if (sorted[i] < 0 || (i > 0 && sorted[i] == sorted[i - 1]))
                    {
                        throw new IllegalArgumentException("nodeIds must be distinct and non-negative: " + sorted[i]);
                    }
                }
                nodeCount = nodeIds.length;
            }

            seedKeys = new long[seeds.size()];
            for (int i = 0; i < seedKeys.length; i++)
            {
                seedKeys[i] = Endpoints.parse("seeds", seeds.get(i));
            }

            concludeEmbedding();
            if (!(lossRate >= 0.0 && lossRate < 1.0))
            {
                throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1)");
            }
            if (mtuLengthBytes < 256 || mtuLengthBytes > 65504 || 0 != (mtuLengthBytes & 31))
            {
                throw new IllegalArgumentException(
                    "mtuLengthBytes=" + mtuLengthBytes + " must be a multiple of 32 in [256, 65504]");
            }
            if (termLengthBytes < 64 * 1024 || !BitUtil.isPowerOfTwo(termLengthBytes))
            {
                throw new IllegalArgumentException(
                    "termLengthBytes=" + termLengthBytes + " must be a power of two of at least 65536");
            }
            if (null == backlog)
            {
                throw new IllegalArgumentException("backlog must not be null");
            }
            try
            {
                backlog.conclude();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("backlog." + ex.getMessage(), ex);
            }
            if (commandQueueCapacityBytes < 1024 || !BitUtil.isPowerOfTwo(commandQueueCapacityBytes))
            {
                throw new IllegalArgumentException(
                    "commandQueueCapacityBytes=" + commandQueueCapacityBytes + " must be a power of two >= 1024");
            }
            if (fragmentLimit < 1)
            {
                throw new IllegalArgumentException("fragmentLimit=" + fragmentLimit + " must be at least 1");
            }
            if (maxCounters < ProtocolCounters.COUNT + HostCounters.COUNT)
            {
                throw new IllegalArgumentException("maxCounters=" + maxCounters + " must be at least " +
                    (ProtocolCounters.COUNT + HostCounters.COUNT));
            }
            if (errorLogLengthBytes < 4096)
            {
                throw new IllegalArgumentException(
                    "errorLogLengthBytes=" + errorLogLengthBytes + " must be at least 4096");
            }
            if (!BitUtil.isPowerOfTwo(timerTickResolutionNs) || !BitUtil.isPowerOfTwo(timerTicksPerWheel))
            {
                throw new IllegalArgumentException("timerTickResolutionNs=" + timerTickResolutionNs +
                    " and timerTicksPerWheel=" + timerTicksPerWheel + " must be powers of two");
            }
            if (DriverPreset.EXTERNAL == driverPreset && networkEnabled && null == aeronDirectoryName)
            {
                throw new IllegalArgumentException("aeronDirectoryName must be set with driverPreset=EXTERNAL");
            }

            if (null == protocolConfig)
            {
                protocolConfig = new ProtocolConfig();
            }
            concludeDetection();
            if (networkEnabled)
            {
                // Clear network frames carry a CRC32C trailer (FrameChecksum); sealed ones leave room below.
                final int maxPayload = mtuLengthBytes - io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH;
                final int clearBudget = io.starling.engine.transport.FrameChecksum.clearFrameBudgetBytes(maxPayload);
                if (protocolConfig.frameBudgetBytes() > clearBudget)
                {
                    protocolConfig.frameBudgetBytes(clearBudget);
                }
            }
            concludeKeyring();
            protocolConfig.conclude();
            if (inMemoryQueueInitialBytes < protocolConfig.frameBudgetBytes() + 8 ||
                inMemoryQueueMaxBytes < inMemoryQueueInitialBytes)
            {
                throw new IllegalArgumentException("inMemoryQueueInitialBytes=" + inMemoryQueueInitialBytes +
                    " must hold a frame and inMemoryQueueMaxBytes=" + inMemoryQueueMaxBytes + " must be at least it");
            }
            if (startSpreadNs < 0)
            {
                startSpreadNs = nodeCount > 1 ? protocolConfig.probeIntervalNs() : 0;
            }
            if (bootstrapCoHosted && startSpreadNs > protocolConfig.probeIntervalNs())
            {
                throw new IllegalArgumentException("bootstrapCoHosted: startSpreadNs=" + startSpreadNs +
                    " must not exceed probeIntervalNs=" + protocolConfig.probeIntervalNs() +
                    " (a node would probe co-hosted nodes that have not started yet)");
            }

            concludeIdle();
            if (null == agentRoleName)
            {
                agentRoleName = "starling-" + bindPort;
            }
            if (null == engineDirectory)
            {
                final File base = new File(null != baseDirectoryName ? baseDirectoryName : defaultBaseDirectory());
                if (deleteStaleDirectories)
                {
                    deleteStaleDirectories(base);
                }
                engineDirectory = new File(base, "starling-" + ProcessHandle.current().pid() + "-" +
                    ENGINE_SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
            }
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = new File(engineDirectory, "aeron").getAbsolutePath();
            }
            concluded = true;
            return this;
        }

        /**
         * The default first node id of an engine: a hash of its advertised endpoint, so a process that restarts at
         * the same endpoint comes back as the same members (refuting its old death with a higher incarnation), and
         * processes at different endpoints rarely collide (ranges of M ids at P endpoints overlap with probability
         * about P^2 M / 2^31).
         *
         * @param ipv4 advertised IPv4 address (host order).
         * @param port bind port.
         * @return an id in [1, 2^31 - 2^23], leaving room for up to 2^22 hosted nodes after it.
         */
        public static int endpointNodeIdBase(final int ipv4, final int port)
        {
            long h = Endpoints.key(ipv4, port) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 32;
            return 1 + (int)Long.remainderUnsigned(h, Integer.MAX_VALUE - (1 << 23));
        }

        /**
         * @return /dev/shm where it exists (memory backed), else the temporary directory.
         */
        public static String defaultBaseDirectory()
        {
            final File shm = new File("/dev/shm");
            return shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        }

        /**
         * Remove engine directories left by processes that no longer run (killed without close).
         *
         * @param base directory holding engine directories.
         */
        public static void deleteStaleDirectories(final File base)
        {
            final File[] children = base.listFiles((dir, name) -> name.startsWith("starling-"));
            if (null == children)
            {
                return;
            }
            for (final File child : children)
            {
                final long pid = pidOf(child.getName());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && new File(child, MetricsFile.FILE_NAME).exists())
                {
                    IoUtil.delete(child, true);
                }
            }
        }

        /**
         * @param directoryName name of an engine directory, {@code starling-PID-...}.
         * @return the pid, or -1.
         */
        public static long pidOf(final String directoryName)
        {
            final String[] parts = directoryName.split("-");
            if (parts.length < 2 || !"starling".equals(parts[0]))
            {
                return -1;
            }
            try
            {
                return Long.parseLong(parts[1]);
            }
            catch (final NumberFormatException ex)
            {
                return -1;
            }
        }

        /**
         * @param hostPort {@code host:port} to receive on; the host is also advertised unless
         *                 {@link #advertiseHost(String)} is set.
         * @return this.
         */
        public Context bind(final String hostPort)
        {
            final int colon = null == hostPort ? -1 : hostPort.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("bind must be HOST:PORT, got '" + hostPort + "'");
            }
            bindHost = hostPort.substring(0, colon);
            try
            {
                bindPort = Integer.parseInt(hostPort.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("bind has a bad port in '" + hostPort + "'");
            }
            return this;
        }

        /**
         * @return address to receive on; default {@link #BIND_HOST_DEFAULT}.
         */
        public String bindHost()
        {
            return bindHost;
        }

        /**
         * @param bindHost address to receive on; default {@link #BIND_HOST_DEFAULT}.
         * @return this.
         */
        public Context bindHost(final String bindHost)
        {
            this.bindHost = bindHost;
            return this;
        }

        /**
         * @return UDP port to receive on; default {@link #BIND_PORT_DEFAULT}.
         */
        public int bindPort()
        {
            return bindPort;
        }

        /**
         * @param bindPort UDP port to receive on; default {@link #BIND_PORT_DEFAULT}.
         * @return this.
         */
        public Context bindPort(final int bindPort)
        {
            this.bindPort = bindPort;
            return this;
        }

        /**
         * @return address other processes reach this one at; default the bind host (required when binding 0.0.0.0).
         */
        public String advertiseHost()
        {
            return advertiseHost;
        }

        /**
         * @param advertiseHost address other processes reach this one at; default the bind host (required when binding
         *                      0.0.0.0).
         * @return this.
         */
        public Context advertiseHost(final String advertiseHost)
        {
            this.advertiseHost = advertiseHost;
            return this;
        }

        /**
         * @return advertised IPv4 address, host order (after conclude).
         */
        public int advertisedIpv4()
        {
            return advertisedIpv4;
        }

        /**
         * @return ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
         */
        public int[] nodeIds()
        {
            return nodeIds;
        }

        /**
         * @param nodeIds ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
         * @return this.
         */
        public Context nodeIds(final int... nodeIds)
        {
            this.nodeIds = nodeIds.clone();
            return this;
        }

        /**
         * @return nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
         */
        public int nodeCount()
        {
            return nodeCount;
        }

        /**
         * @param nodeCount nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
         * @return this.
         */
        public Context nodeCount(final int nodeCount)
        {
            this.nodeCount = nodeCount;
            return this;
        }

        /**
         * @return first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint, the same
         *        at every launch at that endpoint.
         */
        public int nodeIdBase()
        {
            return nodeIdBase;
        }

        /**
         * @param nodeIdBase first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint,
         *                   the same at every launch at that endpoint.
         * @return this.
         */
        public Context nodeIdBase(final int nodeIdBase)
        {
            this.nodeIdBase = nodeIdBase;
            return this;
        }

        /**
         * @return {@code host:port} endpoints of processes already in the cluster; default none (this process starts
         *        a cluster).
         */
        public List<String> seeds()
        {
            return seeds;
        }

        /**
         * @param seeds {@code host:port} endpoints of processes already in the cluster; default none (this process
         *              starts a cluster).
         * @return this.
         */
        public Context seeds(final String... seeds)
        {
            this.seeds.addAll(Arrays.asList(seeds));
            return this;
        }

        /**
         * @return parsed seed endpoints (after conclude).
         */
        public long[] seedKeys()
        {
            return seedKeys;
        }

        /**
         * @return protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
         *        publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
         */
        public ProtocolConfig protocolConfig()
        {
            return protocolConfig;
        }

        /**
         * @param protocolConfig protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
         *                       publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
         * @return this.
         */
        public Context protocolConfig(final ProtocolConfig protocolConfig)
        {
            this.protocolConfig = protocolConfig;
            return this;
        }

        /**
         * @return false for an in-memory-only engine (no media driver, no socket); default true.
         */
        public boolean networkEnabled()
        {
            return networkEnabled;
        }

        /**
         * @param networkEnabled false for an in-memory-only engine (no media driver, no socket); default true.
         * @return this.
         */
        public Context networkEnabled(final boolean networkEnabled)
        {
            this.networkEnabled = networkEnabled;
            return this;
        }

        /**
         * @return true to send frames between nodes of this process through Aeron too; default false (the in-memory
         *        path).
         */
        public boolean forceNetworkForLocal()
        {
            return forceNetworkForLocal;
        }

        /**
         * @param forceNetworkForLocal true to send frames between nodes of this process through Aeron too; default
         *                             false (the in-memory path).
         * @return this.
         */
        public Context forceNetworkForLocal(final boolean forceNetworkForLocal)
        {
            this.forceNetworkForLocal = forceNetworkForLocal;
            return this;
        }

        /**
         * @return how the media driver runs; default {@link DriverPreset#DENSITY}.
         */
        public DriverPreset driverPreset()
        {
            return driverPreset;
        }

        /**
         * @param driverPreset how the media driver runs; default {@link DriverPreset#DENSITY}.
         * @return this.
         */
        public Context driverPreset(final DriverPreset driverPreset)
        {
            this.driverPreset = driverPreset;
            return this;
        }

        /**
         * @return Aeron directory; required with {@link DriverPreset#EXTERNAL}, else default {@code <engine
         *        directory>/aeron}.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param aeronDirectoryName Aeron directory; required with {@link DriverPreset#EXTERNAL}, else default
         *                           {@code <engine directory>/aeron}.
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @return Aeron stream id, the same in every process of a cluster; default {@link #STREAM_ID_DEFAULT}.
         */
        public int streamId()
        {
            return streamId;
        }

        /**
         * @param streamId Aeron stream id, the same in every process of a cluster; default {@link #STREAM_ID_DEFAULT}.
         * @return this.
         */
        public Context streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
        }

        /**
         * @return MTU of publications; default 1408 (Aeron payload 1,376: a clear frame's budget 1,372 with its
         * CRC32C trailer, a sealed one's 1,347).
         */
        public int mtuLengthBytes()
        {
            return mtuLengthBytes;
        }

        /**
         * @param mtuLengthBytes MTU of publications; default 1408 (Aeron payload 1,376: a clear frame's budget
         *                       1,372 with its CRC32C trailer, a sealed one's 1,347).
         * @return this.
         */
        public Context mtuLengthBytes(final int mtuLengthBytes)
        {
            this.mtuLengthBytes = mtuLengthBytes;
            return this;
        }

        /**
         * @return term length of publications; default {@link AeronTransport#TERM_LENGTH_DEFAULT}.
         */
        public int termLengthBytes()
        {
            return termLengthBytes;
        }

        /**
         * @param termLengthBytes term length of publications; default {@link AeronTransport#TERM_LENGTH_DEFAULT}.
         * @return this.
         */
        public Context termLengthBytes(final int termLengthBytes)
        {
            this.termLengthBytes = termLengthBytes;
            return this;
        }

        /**
         * @return bounds of the network transport's per-remote backlog.
         */
        public io.starling.engine.transport.BacklogConfig backlog()
        {
            return backlog;
        }

        /**
         * @param backlog bounds of the network transport's per-remote backlog (frames held until a publication is
         *                connected, or while it is back pressured); default {@link
         *                io.starling.engine.transport.BacklogConfig}'s defaults.
         * @return this.
         */
        public Context backlog(final io.starling.engine.transport.BacklogConfig backlog)
        {
            this.backlog = backlog;
            return this;
        }

        /**
         * @return true to run no thread: the application calls {@link StarlingEngine#invoker()}'s {@code invoke()}
         *        from its own loop; default false (the engine's own thread).
         */
        public boolean useAgentInvoker()
        {
            return useAgentInvoker;
        }

        /**
         * @param useAgentInvoker true to run no thread: the application calls {@link StarlingEngine#invoker()}'s
         *                        {@code invoke()} from its own loop; default false (the engine's own thread).
         * @return this.
         */
        public Context useAgentInvoker(final boolean useAgentInvoker)
        {
            this.useAgentInvoker = useAgentInvoker;
            return this;
        }

        /**
         * @return of the engine's own thread; default {@code BackoffIdleStrategy} (spin, yield, then park up to 1
         *        ms).
         */
        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param idleStrategy of the engine's own thread, overriding {@link #idlePreset(IdlePreset)}; default null
         *                     (built from the preset).
         * @return this.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        // ---------------------------------------------------------------------------------------------------------
        // Idle preset and detection profile (issue 17): what the engine's thread does between duty cycles with work,
        // and named failure-detection settings.
        // ---------------------------------------------------------------------------------------------------------

        private IdlePreset idlePreset = IdlePreset.SLEEP;
        private long idleMaxSleepNs = DeadlineIdleStrategy.MAX_SLEEP_NS_DEFAULT;

        /**
         * @return what the engine's thread does between duty cycles; default {@link IdlePreset#SLEEP}.
         */
        public IdlePreset idlePreset()
        {
            return idlePreset;
        }

        /**
         * @param idlePreset {@link IdlePreset#SLEEP} (default: sleep until the next timer, datagram or command),
         *                   {@link IdlePreset#SPIN} (lowest latency, a core per engine) or {@link IdlePreset#BACKOFF}
         *                   (park up to 1 ms); ignored when {@link #idleStrategy(IdleStrategy)} is set.
         * @return this.
         */
        public Context idlePreset(final IdlePreset idlePreset)
        {
            this.idlePreset = idlePreset;
            return this;
        }

        /**
         * @return longest sleep of {@link IdlePreset#SLEEP}.
         */
        public long idleMaxSleepNs()
        {
            return idleMaxSleepNs;
        }

        /**
         * @param idleMaxSleepNs longest sleep of {@link IdlePreset#SLEEP}; default
         *                       {@link DeadlineIdleStrategy#MAX_SLEEP_NS_DEFAULT}; from 1 ms to 1 s (the Aeron driver
         *                       and client run in the duty cycle and heartbeat every 100 to 500 ms).
         * @return this.
         */
        public Context idleMaxSleepNs(final long idleMaxSleepNs)
        {
            this.idleMaxSleepNs = idleMaxSleepNs;
            return this;
        }

        private void concludeIdle()
        {
            if (null == idlePreset)
            {
                throw new IllegalArgumentException("idlePreset must not be null");
            }
            if (idleMaxSleepNs < 1_000_000L || idleMaxSleepNs > 1_000_000_000L)
            {
                throw new IllegalArgumentException("idleMaxSleepNs=" + idleMaxSleepNs + " must be in [1 ms, 1 s]");
            }
        }

        private DetectionProfile detectionProfile = DetectionProfile.DEFAULT;

        /**
         * @return the named failure-detection settings; default {@link DetectionProfile#DEFAULT}.
         */
        public DetectionProfile detectionProfile()
        {
            return detectionProfile;
        }

        /**
         * @param detectionProfile {@link DetectionProfile#DEFAULT} (the protocol configuration as given) or
         *                         {@link DetectionProfile#FAST} (probe, probe timeout and gossip twice as often:
         *                         deaths known in about half the time; it replaces those three settings).
         * @return this.
         */
        public Context detectionProfile(final DetectionProfile detectionProfile)
        {
            this.detectionProfile = detectionProfile;
            return this;
        }

        private void concludeDetection()
        {
            if (null == detectionProfile)
            {
                throw new IllegalArgumentException("detectionProfile must not be null");
            }
            if (!protocolConfig.isConcluded())
            {
                detectionProfile.applyTo(protocolConfig);
            }
            else if (DetectionProfile.DEFAULT != detectionProfile)
            {
                throw new IllegalArgumentException(
                    "detectionProfile=" + detectionProfile + " needs a protocolConfig that is not concluded yet");
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // End of idle preset and detection profile.
        // ---------------------------------------------------------------------------------------------------------

        /**
         * @return where engine directories are made; default /dev/shm if present, else the temporary directory.
         */
        public String baseDirectoryName()
        {
            return baseDirectoryName;
        }

        /**
         * @param baseDirectoryName where engine directories are made; default /dev/shm if present, else the
         *                          temporary directory.
         * @return this.
         */
        public Context baseDirectoryName(final String baseDirectoryName)
        {
            this.baseDirectoryName = baseDirectoryName;
            return this;
        }

        /**
         * @return this engine's directory; default {@code <base>/starling-<pid>-<n>-<random>}. Deleted at launch and
         *        at close.
         */
        public File engineDirectory()
        {
            return engineDirectory;
        }

        /**
         * @param engineDirectory this engine's directory; default {@code <base>/starling-<pid>-<n>-<random>}. Deleted
         *                        at launch and at close.
         * @return this.
         */
        public Context engineDirectory(final File engineDirectory)
        {
            this.engineDirectory = engineDirectory;
            return this;
        }

        /**
         * @return capacity of the counters section of the metrics file; default 128.
         */
        public int maxCounters()
        {
            return maxCounters;
        }

        /**
         * @param maxCounters capacity of the counters section of the metrics file; default 128.
         * @return this.
         */
        public Context maxCounters(final int maxCounters)
        {
            this.maxCounters = maxCounters;
            return this;
        }

        /**
         * @return bytes of the distinct error log; default 64 KiB.
         */
        public int errorLogLengthBytes()
        {
            return errorLogLengthBytes;
        }

        /**
         * @param errorLogLengthBytes bytes of the distinct error log; default 64 KiB.
         * @return this.
         */
        public Context errorLogLengthBytes(final int errorLogLengthBytes)
        {
            this.errorLogLengthBytes = errorLogLengthBytes;
            return this;
        }

        /**
         * @return command queue capacity, a power of two; default 64 KiB.
         */
        public int commandQueueCapacityBytes()
        {
            return commandQueueCapacityBytes;
        }

        /**
         * @param commandQueueCapacityBytes command queue capacity, a power of two; default 64 KiB.
         * @return this.
         */
        public Context commandQueueCapacityBytes(final int commandQueueCapacityBytes)
        {
            this.commandQueueCapacityBytes = commandQueueCapacityBytes;
            return this;
        }

        /**
         * @return most network frames per duty cycle; default {@link #FRAGMENT_LIMIT_DEFAULT}.
         */
        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        /**
         * @param fragmentLimit most network frames per duty cycle; default {@link #FRAGMENT_LIMIT_DEFAULT}.
         * @return this.
         */
        public Context fragmentLimit(final int fragmentLimit)
        {
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        /**
         * @return starting size of each in-memory frame log; default 256 KiB.
         */
        public int inMemoryQueueInitialBytes()
        {
            return inMemoryQueueInitialBytes;
        }

        /**
         * @param bytes starting size of each in-memory frame log; default 256 KiB.
         * @return this.
         */
        public Context inMemoryQueueInitialBytes(final int bytes)
        {
            this.inMemoryQueueInitialBytes = bytes;
            return this;
        }

        /**
         * @return largest size of each in-memory frame log (beyond it frames are dropped and counted); default 64
         *        MiB.
         */
        public int inMemoryQueueMaxBytes()
        {
            return inMemoryQueueMaxBytes;
        }

        /**
         * @param bytes largest size of each in-memory frame log (beyond it frames are dropped and counted); default
         *              64 MiB.
         * @return this.
         */
        public Context inMemoryQueueMaxBytes(final int bytes)
        {
            this.inMemoryQueueMaxBytes = bytes;
            return this;
        }

        /**
         * @return probability a frame is dropped by the fault model, on both paths; default 0.
         */
        public double lossRate()
        {
            return lossRate;
        }

        /**
         * @param lossRate probability a frame is dropped by the fault model, on both paths; default 0.
         * @return this.
         */
        public Context lossRate(final double lossRate)
        {
            this.lossRate = lossRate;
            return this;
        }

        /**
         * @return seed of the protocol's and the fault model's randomness; default from the clock and pid.
         */
        public long randomSeed()
        {
            return null == randomSeed ? 0 : randomSeed;
        }

        /**
         * @param randomSeed seed of the protocol's and the fault model's randomness; default from the clock and pid.
         * @return this.
         */
        public Context randomSeed(final long randomSeed)
        {
            this.randomSeed = randomSeed;
            return this;
        }

        /**
         * @return time over which hosted nodes start, so their periodic timers do not all fire together; default one
         *        probe interval when hosting more than one node.
         */
        public long startSpreadNs()
        {
            return startSpreadNs;
        }

        /**
         * @param startSpreadNs time over which hosted nodes start, so their periodic timers do not all fire together;
         *                      default one probe interval when hosting more than one node.
         * @return this.
         */
        public Context startSpreadNs(final long startSpreadNs)
        {
            this.startSpreadNs = startSpreadNs;
            return this;
        }

        /**
         * @return true to start hosted nodes converged among themselves.
         */
        public boolean bootstrapCoHosted()
        {
            return bootstrapCoHosted;
        }

        /**
         * Start every hosted node knowing every other hosted node ALIVE (incarnation 0), so a process's own nodes
         * need no joins among themselves: one process starts converged, and other processes are joined through the
         * seeds as usual. Meant for emulating a large cluster on one host, where thousands of joins into one
         * duty-cycle thread would otherwise be the whole cost of the start. The views are filled when the agent
         * starts (about 10^8 entries for 10,000 nodes: seconds), listeners hear a join for every pair, and nothing
         * is gossiped about it. Requires {@link #startSpreadNs()} of at most one probe interval, so no node probes a
         * co-hosted node that has not started. Default false.
         *
         * @param bootstrapCoHosted true to start hosted nodes converged among themselves.
         * @return this.
         */
        public Context bootstrapCoHosted(final boolean bootstrapCoHosted)
        {
            this.bootstrapCoHosted = bootstrapCoHosted;
            return this;
        }

        /**
         * @return timer wheel tick, a power of two; default 2^20 ns.
         */
        public long timerTickResolutionNs()
        {
            return timerTickResolutionNs;
        }

        /**
         * @param timerTickResolutionNs timer wheel tick, a power of two; default 2^20 ns.
         * @return this.
         */
        public Context timerTickResolutionNs(final long timerTickResolutionNs)
        {
            this.timerTickResolutionNs = timerTickResolutionNs;
            return this;
        }

        /**
         * @return timer wheel size, a power of two; default 65,536.
         */
        public int timerTicksPerWheel()
        {
            return timerTicksPerWheel;
        }

        /**
         * @param timerTicksPerWheel timer wheel size, a power of two; default 65,536.
         * @return this.
         */
        public Context timerTicksPerWheel(final int timerTicksPerWheel)
        {
            this.timerTicksPerWheel = timerTicksPerWheel;
            return this;
        }

        /**
         * @return receives membership events on the agent thread; default none.
         */
        public MembershipListener membershipListener()
        {
            return membershipListener;
        }

        /**
         * @param membershipListener receives membership events on the agent thread; default none.
         * @return this.
         */
        public Context membershipListener(final MembershipListener membershipListener)
        {
            this.membershipListener = membershipListener;
            return this;
        }

        /** Default Merkle tree depth of each node's store: 16^3 leaves, about 37 KiB per node. */
        public static final int MERKLE_DEPTH_DEFAULT = 3;

        /**
         * @return true if every hosted node holds the replicated key-value store and takes broadcasts.
         */
        public boolean replicationEnabled()
        {
            return replicationEnabled;
        }

        /**
         * @param replicationEnabled give every hosted node the replicated key-value store, broadcasts and Merkle
         *                           anti-entropy; default false (membership only, the densest emulation).
         * @return this.
         */
        public Context replicationEnabled(final boolean replicationEnabled)
        {
            this.replicationEnabled = replicationEnabled;
            return this;
        }

        /**
         * @return receives key changes and broadcasts on the agent thread; default none.
         */
        public ReplicationListener replicationListener()
        {
            return replicationListener;
        }

        /**
         * @param replicationListener receives key changes and broadcasts on the agent thread; default none.
         * @return this.
         */
        public Context replicationListener(final ReplicationListener replicationListener)
        {
            this.replicationListener = replicationListener;
            return this;
        }

        /**
         * @return depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
         */
        public int merkleDepth()
        {
            return merkleDepth;
        }

        /**
         * @param merkleDepth depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
         * @return this.
         */
        public Context merkleDepth(final int merkleDepth)
        {
            this.merkleDepth = merkleDepth;
            return this;
        }

        /**
         * @return told about every error (a throwing listener, a failing transport), after the error log and the
         *        error counter; default null: {@link System.Logger} {@code io.starling.engine} at ERROR, each
         *        distinct error with its stack trace once and its repeats at most every 10 s. Set one to send errors
         *        elsewhere instead.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * @param errorHandler told about every error (a throwing listener, a failing transport), after the error
         *                     log and the error counter; default null: {@link System.Logger} {@code
         *                     io.starling.engine} at ERROR, each distinct error with its stack trace once and its
         *                     repeats at most every 10 s. Set one to send errors elsewhere instead.
         * @return this.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * @return the duty cycle's clock; default {@link SystemNanoClock}.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param nanoClock the duty cycle's clock; default {@link SystemNanoClock}.
         * @return this.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * @return wall clock for timestamps in the metrics file; default {@link SystemEpochClock}.
         */
        public EpochClock epochClock()
        {
            return epochClock;
        }

        /**
         * @param epochClock wall clock for timestamps in the metrics file; default {@link SystemEpochClock}.
         * @return this.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            this.epochClock = epochClock;
            return this;
        }

        /**
         * @return name of the agent and its thread; default {@code starling-<port>}.
         */
        public String agentRoleName()
        {
            return agentRoleName;
        }

        /**
         * @param agentRoleName name of the agent and its thread; default {@code starling-<port>}.
         * @return this.
         */
        public Context agentRoleName(final String agentRoleName)
        {
            this.agentRoleName = agentRoleName;
            return this;
        }

        /**
         * @return remove engine directories of dead processes at launch; default true.
         */
        public boolean deleteStaleDirectories()
        {
            return deleteStaleDirectories;
        }

        /**
         * @param deleteStaleDirectories remove engine directories of dead processes at launch; default true.
         * @return this.
         */
        public Context deleteStaleDirectories(final boolean deleteStaleDirectories)
        {
            this.deleteStaleDirectories = deleteStaleDirectories;
            return this;
        }
    
        // -------------------------------------------------------------- security: keyring (encryption, rotation)

        private void concludeKeyring()
        {
            if (null == keyring)
            {
                return;
            }
            if (Keyring.NO_KEY == keyring.primaryKeyId())
            {
                throw new IllegalArgumentException("keyring has no primary key (Keyring.usePrimary)");
            }
            if (networkEnabled)
            {
                // The seal adds key id, nonce and tag to every network frame: the protocol's budget leaves room.
                final int maxPayload = mtuLengthBytes - io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH;
                final int plainBudget = FrameCipher.plainFrameBudgetBytes(maxPayload);
                if (protocolConfig.frameBudgetBytes() > plainBudget)
                {
                    protocolConfig.frameBudgetBytes(plainBudget);
                }
            }
        }

        /**
         * @return the keys network frames are sealed and opened with, or null (frames in clear).
         */
        public Keyring keyring()
        {
            return keyring;
        }

        /**
         * @param keyring the keys network frames are sealed and opened with (AES-GCM, {@link FrameCipher}): every
         *                frame from the network is authenticated before routing, every frame to it sealed; the
         *                in-memory path between co-hosted nodes stays clear. Needs a primary key. Shared with the
         *                caller: changes to it (rotation) take effect on the next frame. Null (default): clear.
         * @return this.
         */
        public Context keyring(final Keyring keyring)
        {
            this.keyring = keyring;
            return this;
        }

        /**
         * @return true if frames in clear from the network are dropped (only meaningful with a keyring).
         */
        public boolean requireEncryption()
        {
            return requireEncryption;
        }

        /**
         * @param requireEncryption default true; false only while turning encryption on across a running cluster:
         *                          frames in clear are then accepted (sealed ones are still verified).
         * @return this.
         */
        public Context requireEncryption(final boolean requireEncryption)
        {
            this.requireEncryption = requireEncryption;
            return this;
        }

        /**
         * @return true if {@code starling keys} may change the keyring through the engine directory.
         */
        public boolean keyringControl()
        {
            return keyringControl;
        }

        /**
         * @param keyringControl default true: with a keyring, a control thread serves {@code starling keys}
         *                       requests dropped into the engine directory ({@link KeyringControl}).
         * @return this.
         */
        public Context keyringControl(final boolean keyringControl)
        {
            this.keyringControl = keyringControl;
            return this;
        }
    }
}

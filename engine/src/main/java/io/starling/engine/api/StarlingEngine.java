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
    private final Context ctx;
    private final File directory;
    private final MetricsFile metricsFile;
    private final EngineCounters counters;
    private final EngineErrorHandler errorHandler;
    private final DriverHandle driver;
    private final AeronTransport network;
    private final StarlingAgent agent;
    private final Commands commands;
    private final ReplicationStack replication;
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

            final ListenerBridge bridge = this.listenerBridge = new ListenerBridge(
                ctx.membershipListener(), ctx.nodeIds(), ctx.advertisedIpv4(), ctx.bindPort());
            ctx.launchParts(counters, errorHandler, metricsFile, network, inMemory, faults, commandQueue,
                newFrameCipher(ctx, network, counters), bridge, bridge::onHousekeeping);
            this.agent = new StarlingAgent(ctx);
            this.replication = ctx.replicationEnabled() ? new ReplicationStack(ctx) : null;
            if (null != replication)
            {
                agent.replicators(replication.newReplicators(
                    protocol, ctx.nodeIds(), agent.random(), agent.timers(), agent.outbox()));
            }
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
        return replication.get(nodeIndex, key);
    }

    /** Largest metadata of a node in bytes, less the UTF-8 length of its name and its tags' bytes. */
    public static final int MAX_METADATA_BYTES = MetadataEnvelope.MAX_APPLICATION_BYTES;
    /** Largest key in bytes. */
    public static final int MAX_KEY_BYTES = io.starling.engine.kv.KvStoreConfig.MAX_KEY_LENGTH_BYTES_DEFAULT;
    /** Largest value or broadcast payload in bytes (so any version fits in one rumor). */
    public static final int MAX_VALUE_BYTES = io.starling.engine.replication.Replicator.Config.MAX_VALUE_BYTES_DEFAULT;

    private void checkReplication(final int nodeIndex)
    {
        if (null == replication)
        {
            throw new IllegalStateException("replication is off: launch with Context.replicationEnabled(true)");
        }
        if (nodeIndex < 0 || nodeIndex >= replication.nodeCount())
        {
            throw new IllegalArgumentException(
                "nodeIndex=" + nodeIndex + " must be in [0, " + replication.nodeCount() + ")");
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
     * Settings of an engine: every setting, its default and {@code conclude()} are in {@link StarlingEngineContext}
     * (its own file: the settings and their Javadoc are about 1,500 lines).
     */
    public static final class Context extends StarlingEngineContext<Context>
    {
    }
}

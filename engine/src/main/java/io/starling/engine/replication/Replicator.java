package io.starling.engine.replication;

import java.util.concurrent.TimeUnit;

import io.starling.codecs.FrameValidator;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.AntiEntropySession;
import io.starling.engine.kv.KvChangeListener;
import io.starling.engine.kv.KvStore;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.NodeExtension;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.rumor.RumorMonger;
import org.agrona.DirectBuffer;

/**
 * The replicated key-value store of one node, and user broadcasts, riding on its {@link SwimNode}.
 * <p>
 * Every local write (put or delete) is spread as a rumor whose payload is the written version: a self-contained
 * frame (FrameHeader + one-entry KeyValueBatch) that the receiver checks with the {@link FrameValidator} and
 * merges by vector clock. Periodically the node runs Merkle anti-entropy with a random alive member, which repairs
 * whatever the rumors missed (lost frames, a rumor that died out, a node that was down).
 * <p>
 * A user broadcast is a write under a reserved key ({@code 0x00 'b' origin seq}): the store deduplicates it and
 * anti-entropy is its safety net too, so every node's broadcast listener sees it exactly once. The origin deletes
 * its broadcast after {@link Config#broadcastTtlNs()}; the tombstone spreads and is collected later. User keys
 * must not start with byte 0x00.
 * <p>
 * Restarts: the store is not persisted, so each launch writes under a fresh random <b>writer id</b> (31 bits; the
 * SWIM node id stays the node's address), its broadcast sequence starts at {@code epoch << 32} with a random
 * 30-bit epoch, and its rumor and anti-entropy ids start at random values: nothing written after a restart is
 * ordered before, or mistaken for, what the previous launch wrote. A restarted origin that learns a broadcast of
 * its previous launch (by anti-entropy) deletes it after the TTL as its own; the broadcasts of an origin that never
 * comes back stay (at most {@link Config#maxOwnBroadcasts()} per origin). Two writer ids of one key's clock collide
 * with probability below {@code maxClockEntries / 2^31} per launch (1.5e-8 with 32 entries).
 * <p>
 * Outcome of a write: {@link #put}, {@link #delete} and {@link #broadcast} throw on bad arguments; the host calls
 * {@link #tryPut}, {@link #tryDelete} and {@link #tryBroadcast}, which never throw and tell the
 * {@link WriteResultListener} what happened.
 * <p>
 * Where things live: this class is the node extension (wiring, routing of messages and timers, housekeeping, the
 * user API); {@link WriteRumors} spreads writes as rumors and merges those received, {@link Broadcasts} keeps the
 * broadcast keys, delivery and expiry, {@link AntiEntropyDriver} starts and wakes the anti-entropy sessions.
 */
public final class Replicator implements NodeExtension
{
    static final int TIMER_ANTI_ENTROPY = NodeExtension.TIMER_KIND_BASE + 1;
    static final int TIMER_HOUSEKEEPING = NodeExtension.TIMER_KIND_BASE + 2;

    /**
     * Receives each broadcast once, on the host's thread. Must not block.
     */
    @FunctionalInterface
    public interface BroadcastListener
    {
        /**
         * @param nowNs      when delivered.
         * @param nodeIndex  index of the receiving node in its host.
         * @param originNode node that broadcast it.
         * @param sequence   the origin's sequence number of the broadcast.
         * @param payload    buffer holding the payload, valid only during the call.
         * @param offset     of the payload.
         * @param length     of the payload.
         */
        void onBroadcast(
            long nowNs, int nodeIndex, int originNode, long sequence, DirectBuffer payload, int offset, int length);
    }

    /**
     * Told the outcome of each write the host issues ({@link #tryPut}, {@link #tryDelete}, {@link #tryBroadcast}),
     * on the host's thread. Must not block.
     */
    @FunctionalInterface
    public interface WriteResultListener
    {
        /**
         * @param nodeIndex   index of the writing node in its host.
         * @param key         buffer holding the key (null for a broadcast), valid only during the call.
         * @param keyOffset   of the key.
         * @param keyLength   of the key.
         * @param accepted    true if the write was applied to the local store and is spreading; false if refused.
         * @param lamportTime Lamport time of the new version (a broadcast: its sequence); 0 when nothing was
         *                    written (refused, or a delete of an absent key).
         * @param reason      why it was refused, or null.
         */
        void onWriteResult(
            int nodeIndex, DirectBuffer key, int keyOffset, int keyLength, boolean accepted, long lamportTime,
            String reason);
    }

    /**
     * Replication configuration with documented defaults.
     */
    public static final class Config
    {
        /** Default interval between anti-entropy sessions started by one node: 2 s. */
        public static final long ANTI_ENTROPY_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(2);
        /** Default time a broadcast stays in the store before its origin deletes it: 60 s. */
        public static final long BROADCAST_TTL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(60);
        /** Default housekeeping period (broadcast expiry, tombstone collection): 1 s. */
        public static final long HOUSEKEEPING_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(1);
        /** Default largest value (and broadcast payload) in bytes, so any version fits in one rumor. */
        public static final int MAX_VALUE_BYTES_DEFAULT = 512;
        /** Default broadcasts of one origin awaiting expiry; the oldest expires early when full. */
        public static final int MAX_OWN_BROADCASTS_DEFAULT = 1024;

        private long antiEntropyIntervalNs = ANTI_ENTROPY_INTERVAL_NS_DEFAULT;
        private long broadcastTtlNs = BROADCAST_TTL_NS_DEFAULT;
        private long housekeepingIntervalNs = HOUSEKEEPING_INTERVAL_NS_DEFAULT;
        private int maxOwnBroadcasts = MAX_OWN_BROADCASTS_DEFAULT;
        private boolean antiEntropyEnabled = true;

        /**
         * @return this, validated.
         */
        public Config conclude()
        {
            if (antiEntropyIntervalNs <= 0 || broadcastTtlNs <= 0 || housekeepingIntervalNs <= 0)
            {
                throw new IllegalArgumentException("replication intervals must be > 0: antiEntropyIntervalNs=" +
                    antiEntropyIntervalNs + " broadcastTtlNs=" + broadcastTtlNs + " housekeepingIntervalNs=" +
                    housekeepingIntervalNs);
            }
            if (maxOwnBroadcasts < 1)
            {
                throw new IllegalArgumentException("maxOwnBroadcasts=" + maxOwnBroadcasts + " must be >= 1");
            }
            return this;
        }

        public long antiEntropyIntervalNs()
        {
            return antiEntropyIntervalNs;
        }

        public Config antiEntropyIntervalNs(final long antiEntropyIntervalNs)
        {
            this.antiEntropyIntervalNs = antiEntropyIntervalNs;
            return this;
        }

        public long broadcastTtlNs()
        {
            return broadcastTtlNs;
        }

        public Config broadcastTtlNs(final long broadcastTtlNs)
        {
            this.broadcastTtlNs = broadcastTtlNs;
            return this;
        }

        public long housekeepingIntervalNs()
        {
            return housekeepingIntervalNs;
        }

        public Config housekeepingIntervalNs(final long housekeepingIntervalNs)
        {
            this.housekeepingIntervalNs = housekeepingIntervalNs;
            return this;
        }

        public int maxOwnBroadcasts()
        {
            return maxOwnBroadcasts;
        }

        public Config maxOwnBroadcasts(final int maxOwnBroadcasts)
        {
            this.maxOwnBroadcasts = maxOwnBroadcasts;
            return this;
        }

        /**
         * @return false to rely on rumors alone (for experiments that measure rumor residue).
         */
        public boolean antiEntropyEnabled()
        {
            return antiEntropyEnabled;
        }

        public Config antiEntropyEnabled(final boolean antiEntropyEnabled)
        {
            this.antiEntropyEnabled = antiEntropyEnabled;
            return this;
        }
    }

    private final Config config;
    private final int nodeIndex;
    private final int writerId;
    private final RandomSource random;
    private final TimerService timers;
    private final CounterSink counters;
    private long siblingsEvictedReported;
    private long lamportJumpsRejectedReported;
    private long clocksPrunedReported;
    private final KvStore store;
    private final RumorMonger rumors;
    private final AntiEntropySession antiEntropy;
    private final WriteRumors writeRumors;
    private final Broadcasts broadcasts;
    private final AntiEntropyDriver antiEntropyDriver;
    private final KvChangeListener userListener;

    private WriteResultListener writeResultListener;
    private long housekeepingTimerId = TimerService.NULL_TIMER;
    private long nowNs;

    /**
     * @param config            concluded replication configuration.
     * @param storeConfig       store configuration; its node id, frame budget and value limit are set here.
     * @param antiEntropyConfig anti-entropy configuration.
     * @param rumorConfig       rumor configuration (the strategy spreading writes).
     * @param clusterId         cluster id written into rumor payload frames.
     * @param frameBudgetBytes  frame budget of the outbox.
     * @param nodeIndex         index of the node in its host.
     * @param nodeId            id of the node.
     * @param random            randomness handed in.
     * @param timers            timers handed in.
     * @param outbox            where messages go.
     * @param broadcastListener receives each broadcast once.
     * @param userListener      receives changes of user keys (may be null).
     * @param counters          counts.
     */
    public Replicator(
        final Config config,
        final KvStoreConfig storeConfig,
        final AntiEntropyConfig antiEntropyConfig,
        final RumorMonger.Config rumorConfig,
        final int clusterId,
        final int frameBudgetBytes,
        final int nodeIndex,
        final int nodeId,
        final RandomSource random,
        final TimerService timers,
        final Outbox outbox,
        final BroadcastListener broadcastListener,
        final KvChangeListener userListener,
        final CounterSink counters)
    {
        this.config = config.conclude();
        this.nodeIndex = nodeIndex;
        this.random = random;
        this.timers = timers;
        this.counters = counters;
        this.userListener = userListener;
        this.writerId = (int)(random.nextLong() >>> 33);
        final long broadcastEpoch = (1 + (random.nextLong() >>> 34)) << 32;
        final int sessionSequence = (int)random.nextLong();
        storeConfig.nodeId(writerId).frameBudgetBytes(frameBudgetBytes).changeListener(this::onStoreChange);
        if (storeConfig.maxValueLengthBytes() > Config.MAX_VALUE_BYTES_DEFAULT)
        {
            storeConfig.maxValueLengthBytes(Config.MAX_VALUE_BYTES_DEFAULT);
        }
        this.store = new KvStore(storeConfig.conclude());
        final int largestRumor = FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
            KeyValueBatchEncoder.BLOCK_LENGTH +
            KvStoreConfig.encodedEntryLength(storeConfig.maxKeyLengthBytes(), storeConfig.maxValueLengthBytes(),
            storeConfig.maxClockEntries());
        rumorConfig.maxPayloadBytes(Math.min(RumorMonger.Config.hardMaxPayloadBytes(frameBudgetBytes),
            Math.max(largestRumor, rumorConfig.maxPayloadBytes())));
        this.rumors = new RumorMonger(rumorConfig.conclude(frameBudgetBytes), random, timers, outbox,
            this::onRumor, counters);
        this.antiEntropy = new AntiEntropySession(store, outbox, nodeIndex, nodeId, antiEntropyConfig, counters);
        this.writeRumors = new WriteRumors(store, rumors, counters, clusterId, nodeId, writerId);
        this.broadcasts = new Broadcasts(
            writeRumors, broadcastListener, counters, nodeIndex, nodeId, config, broadcastEpoch);
        this.antiEntropyDriver = new AntiEntropyDriver(
            antiEntropy, timers, counters, nodeIndex, config.antiEntropyIntervalNs(), sessionSequence);
        if (largestRumor > RumorMonger.Config.hardMaxPayloadBytes(frameBudgetBytes))
        {
            throw new IllegalArgumentException("the largest version (" + largestRumor +
                " bytes) does not fit in one rumor; lower maxKeyLengthBytes, maxValueLengthBytes or maxClockEntries");
        }
    }

    public void onStart(final long nowNs, final SwimNode node)
    {
        this.nowNs = nowNs;
        rumors.onStart(nowNs, node);
        writeRumors.start();
        antiEntropyDriver.onStart(node);
        if (config.antiEntropyEnabled())
        {
            antiEntropyDriver.scheduleFirstTick(
                nowNs + 1 + (long)(random.nextDouble() * config.antiEntropyIntervalNs()));
        }
        housekeepingTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_HOUSEKEEPING, 0, nowNs + config.housekeepingIntervalNs());
    }

    // ------------------------------------------------------------------------------------------------ user API

    /**
     * Write a value and spread it.
     *
     * @param nowNs       current time.
     * @param key         buffer holding the key (must not start with byte 0x00).
     * @param keyOffset   of the key.
     * @param keyLength   of the key.
     * @param value       buffer holding the value.
     * @param valueOffset of the value.
     * @param valueLength of the value.
     * @return the Lamport time of the new version.
     */
    public long put(
        final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        Broadcasts.checkUserKey(key, keyOffset, keyLength);
        this.nowNs = nowNs;
        return writeRumors.putAndSpread(nowNs, key, keyOffset, keyLength, value, valueOffset, valueLength);
    }

    /**
     * {@link #put} that never throws: the outcome goes to the {@link WriteResultListener}.
     *
     * @return true if the write was applied.
     */
    public boolean tryPut(
        final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        try
        {
            final long lamport = put(nowNs, key, keyOffset, keyLength, value, valueOffset, valueLength);
            reportWrite(key, keyOffset, keyLength, true, lamport, null);
            return true;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            reportWrite(key, keyOffset, keyLength, false, 0, ex.getMessage());
            return false;
        }
    }

    /**
     * {@link #delete} that never throws: the outcome goes to the {@link WriteResultListener} (accepted with
     * Lamport time 0 when the key held no live value).
     *
     * @return true if the delete was applied.
     */
    public boolean tryDelete(final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        try
        {
            final boolean existed = delete(nowNs, key, keyOffset, keyLength);
            reportWrite(key, keyOffset, keyLength, true, existed ? store.lamportTime() : 0, null);
            return true;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            reportWrite(key, keyOffset, keyLength, false, 0, ex.getMessage());
            return false;
        }
    }

    /**
     * {@link #broadcast} that never throws: the outcome (with the broadcast's sequence) goes to the
     * {@link WriteResultListener}.
     *
     * @return true if the broadcast was applied.
     */
    public boolean tryBroadcast(final long nowNs, final DirectBuffer payload, final int offset, final int length)
    {
        try
        {
            final long sequence = broadcast(nowNs, payload, offset, length);
            reportWrite(null, 0, 0, true, sequence, null);
            return true;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            reportWrite(null, 0, 0, false, 0, ex.getMessage());
            return false;
        }
    }

    /**
     * @param listener told the outcome of {@link #tryPut}, {@link #tryDelete} and {@link #tryBroadcast}; may be
     *                 null.
     * @return this.
     */
    public Replicator writeResultListener(final WriteResultListener listener)
    {
        this.writeResultListener = listener;
        return this;
    }

    /**
     * @return this launch's writer id in versions and vector clocks (random per launch).
     */
    public int writerId()
    {
        return writerId;
    }

    /**
     * Delete a key (a tombstone, collected after the store's tombstone TTL) and spread the deletion.
     *
     * @param nowNs     current time.
     * @param key       buffer holding the key.
     * @param keyOffset of the key.
     * @param keyLength of the key.
     * @return true if the key held a live value.
     */
    public boolean delete(final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        Broadcasts.checkUserKey(key, keyOffset, keyLength);
        this.nowNs = nowNs;
        return writeRumors.deleteAndSpread(nowNs, key, keyOffset, keyLength);
    }

    /**
     * Broadcast a payload to every node; delivered once to every node's listener, this one included.
     *
     * @param nowNs   current time.
     * @param payload buffer holding the payload.
     * @param offset  of the payload.
     * @param length  of the payload, at most {@link #maxBroadcastBytes()}.
     * @return the broadcast's sequence number at this origin.
     */
    public long broadcast(final long nowNs, final DirectBuffer payload, final int offset, final int length)
    {
        if (length < 0 || length > maxBroadcastBytes())
        {
            throw new IllegalArgumentException(
                "broadcast payload length=" + length + " must be in [0, " + maxBroadcastBytes() + "]");
        }
        this.nowNs = nowNs;
        return broadcasts.broadcast(nowNs, payload, offset, length);
    }

    /**
     * @return the largest broadcast payload in bytes.
     */
    public int maxBroadcastBytes()
    {
        return store.maxValueLengthBytes();
    }

    /**
     * @return the store (read it from the owning thread only).
     */
    public KvStore store()
    {
        return store;
    }

    /**
     * @return the rumor layer spreading writes.
     */
    public RumorMonger rumors()
    {
        return rumors;
    }

    /**
     * @return the anti-entropy session this node initiates.
     */
    public AntiEntropySession antiEntropy()
    {
        return antiEntropy;
    }

    // ------------------------------------------------------------------------------------------------ inbound

    public boolean onMessage(
        final long nowNs,
        final int srcNodeId,
        final int templateId,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int blockLength,
        final int version)
    {
        this.nowNs = nowNs;
        if (rumors.onMessage(nowNs, srcNodeId, templateId, buffer, messageOffset, messageLength, blockLength,
            version))
        {
            return true;
        }
        if (AntiEntropySession.isAntiEntropyMessage(templateId))
        {
            antiEntropyDriver.onMessage(nowNs, srcNodeId, templateId, buffer, messageOffset, blockLength, version);
            return true;
        }
        return false;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        this.nowNs = nowNs;
        if (RumorMonger.TIMER_ROUND == kind)
        {
            rumors.onTimer(nowNs, timerId, kind, arg);
        }
        else if (TIMER_ANTI_ENTROPY == kind && antiEntropyDriver.isCurrentTimer(timerId))
        {
            antiEntropyDriver.onTimer(nowNs);
        }
        else if (TIMER_HOUSEKEEPING == kind && timerId == housekeepingTimerId)
        {
            housekeepingTimerId = timers.scheduleTimer(
                nodeIndex, TIMER_HOUSEKEEPING, 0, nowNs + config.housekeepingIntervalNs());
            broadcasts.expireDue(nowNs);
            store.collectGarbage(nowNs);
            reportStoreCounters();
        }
    }

    private void reportStoreCounters()
    {
        final long evicted = store.siblingsEvicted();
        final long jumps = store.lamportJumpsRejected();
        final long pruned = store.clocksPruned();
        counters.add(ReplicationCounters.KV_SIBLINGS_EVICTED, evicted - siblingsEvictedReported);
        counters.add(ReplicationCounters.KV_LAMPORT_JUMPS_REJECTED, jumps - lamportJumpsRejectedReported);
        counters.add(ReplicationCounters.KV_CLOCK_ENTRIES_PRUNED, pruned - clocksPrunedReported);
        siblingsEvictedReported = evicted;
        lamportJumpsRejectedReported = jumps;
        clocksPrunedReported = pruned;
    }

    private boolean onRumor(
        final long nowNs,
        final int index,
        final long rumorId,
        final int originNode,
        final long lamportTime,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        return writeRumors.onRumor(nowNs, payload, offset, length);
    }

    // ------------------------------------------------------------------------------------------------ internals

    private void onStoreChange(
        final DirectBuffer key, final int keyOffset, final int keyLength, final KvVersions versions,
        final KvChangeListener.Cause cause)
    {
        if (Broadcasts.isBroadcastKey(key, keyOffset, keyLength))
        {
            broadcasts.onChange(nowNs, key, keyOffset, versions, cause);
        }
        else if (null != userListener)
        {
            userListener.onChange(key, keyOffset, keyLength, versions, cause);
        }
    }

    private void reportWrite(
        final DirectBuffer key, final int keyOffset, final int keyLength, final boolean accepted,
        final long lamportTime, final String reason)
    {
        if (null != writeResultListener)
        {
            writeResultListener.onWriteResult(nodeIndex, key, keyOffset, keyLength, accepted, lamportTime, reason);
        }
    }
}

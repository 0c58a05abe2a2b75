package io.starling.engine.kv;

import java.util.concurrent.TimeUnit;

import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;

/**
 * Configuration of a {@link KvStore}. Fluent setters; {@link #conclude()} validates and must be called before use
 * (the store calls it when it has not been).
 * <p>
 * Size limits: every entry (key, value and vector clock) must fit in one KeyValueBatch message of one frame, so
 * {@link #conclude()} checks {@code maxKeyLengthBytes + maxValueLengthBytes + maxClockEntries} against the frame
 * budget. The defaults (128 byte keys, 768 byte values, 32 writers per key) fit the default 1,376 byte frame.
 */
public final class KvStoreConfig
{
    /** Default largest key: 128 bytes. */
    public static final int MAX_KEY_LENGTH_BYTES_DEFAULT = 128;
    /** Default largest value: 768 bytes. */
    public static final int MAX_VALUE_LENGTH_BYTES_DEFAULT = 768;
    /** Default largest vector clock: 32 writer nodes per key. */
    public static final int MAX_CLOCK_ENTRIES_DEFAULT = 32;
    /**
     * Default clock size above which entries of writers not seen writing for {@link #CLOCK_PRUNE_AGE_NS_DEFAULT}
     * are pruned (Riak's {@code small_vclock}): 16 writers.
     */
    public static final int CLOCK_PRUNE_ENTRIES_DEFAULT = 16;
    /** Default age past which a writer's clock entry may be pruned (Riak's {@code old_vclock}): 1 day. */
    public static final long CLOCK_PRUNE_AGE_NS_DEFAULT = TimeUnit.DAYS.toNanos(1);
    /** Default most siblings kept per key. */
    public static final int MAX_SIBLINGS_DEFAULT = 8;
    /** Default time a tombstone is kept before it is collected: 10 minutes. */
    public static final long TOMBSTONE_TTL_NS_DEFAULT = TimeUnit.MINUTES.toNanos(10);
    /** Default depth of the Merkle tree (16^4 = 65,536 leaves). */
    public static final int MERKLE_DEPTH_DEFAULT = 4;
    /** Default keys allocated up front. */
    public static final int INITIAL_KEY_CAPACITY_DEFAULT = 1024;

    /** Bytes a KeyValueBatch takes before its first entry: message header, block and entries group header. */
    public static final int BATCH_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        KeyValueBatchEncoder.BLOCK_LENGTH + KeyValueBatchEncoder.EntriesEncoder.sbeHeaderSize();

    private int nodeId = -1;
    private int maxKeyLengthBytes = MAX_KEY_LENGTH_BYTES_DEFAULT;
    private int maxValueLengthBytes = MAX_VALUE_LENGTH_BYTES_DEFAULT;
    private int maxClockEntries = MAX_CLOCK_ENTRIES_DEFAULT;
    private int maxSiblings = MAX_SIBLINGS_DEFAULT;
    private int clockPruneEntries = CLOCK_PRUNE_ENTRIES_DEFAULT;
    private long clockPruneAgeNs = CLOCK_PRUNE_AGE_NS_DEFAULT;
    private long tombstoneTtlNs = TOMBSTONE_TTL_NS_DEFAULT;
    private int merkleDepth = MERKLE_DEPTH_DEFAULT;
    private int initialKeyCapacity = INITIAL_KEY_CAPACITY_DEFAULT;
    private int frameBudgetBytes = ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT;
    private ConflictResolver conflictResolver = ConflictResolver.LAST_WRITER_WINS;
    private KvChangeListener changeListener;
    private boolean concluded;

    /**
     * Bytes one entry takes in a KeyValueBatch.
     *
     * @param keyLength   key bytes.
     * @param valueLength value bytes.
     * @param clockSize   vector clock entries.
     * @return encoded length of the entry.
     */
    public static int encodedEntryLength(final int keyLength, final int valueLength, final int clockSize)
    {
        return KeyValueBatchEncoder.EntriesEncoder.sbeBlockLength() + VectorClock.encodedLength(clockSize) +
            KeyValueBatchEncoder.EntriesEncoder.keyHeaderLength() + keyLength +
            KeyValueBatchEncoder.EntriesEncoder.valueHeaderLength() + valueLength;
    }

    /**
     * Validate every value.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad value.
     */
    public KvStoreConfig conclude()
    {
        if (nodeId < 0)
        {
            throw new IllegalArgumentException("nodeId=" + nodeId + " must be set to a non-negative node id");
        }
        range("maxKeyLengthBytes", maxKeyLengthBytes, 1, 1024);
        range("maxValueLengthBytes", maxValueLengthBytes, 0, 65_534);
        range("maxClockEntries", maxClockEntries, 1, 1024);
        range("maxSiblings", maxSiblings, 1, 256);
        range("clockPruneEntries", clockPruneEntries, 1, 1024);
        if (clockPruneAgeNs < 0)
        {
            throw new IllegalArgumentException("clockPruneAgeNs=" + clockPruneAgeNs + " must not be negative");
        }
        if (tombstoneTtlNs <= 0)
        {
            throw new IllegalArgumentException("tombstoneTtlNs=" + tombstoneTtlNs + " must be positive");
        }
        range("merkleDepth", merkleDepth, 1, MerkleTree.MAX_DEPTH);
        range("initialKeyCapacity", initialKeyCapacity, 16, 1 << 28);
        range("frameBudgetBytes", frameBudgetBytes, 256, 65_000);
        final int largest = FramePacker.FRAME_HEADER_LENGTH + BATCH_HEADER_LENGTH +
            encodedEntryLength(maxKeyLengthBytes, maxValueLengthBytes, maxClockEntries);
        if (largest > frameBudgetBytes)
        {
            throw new IllegalArgumentException("maxKeyLengthBytes=" + maxKeyLengthBytes + " + maxValueLengthBytes=" +
                maxValueLengthBytes + " + maxClockEntries=" + maxClockEntries + " need a frame of " + largest +
                " bytes, more than frameBudgetBytes=" + frameBudgetBytes);
        }
        if (null == conflictResolver)
        {
            throw new IllegalArgumentException("conflictResolver must not be null");
        }
        concluded = true;
        return this;
    }

    /**
     * @return true once {@link #conclude()} succeeded.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @param nodeId this node's id: the writer id in versions and vector clocks (required, non-negative). A node
     *               that restarts without its store must come back with a fresh writer id, or its new writes
     *               would look older than its old ones.
     * @return this.
     */
    public KvStoreConfig nodeId(final int nodeId)
    {
        this.nodeId = nodeId;
        return this;
    }

    /**
     * @return this node's writer id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * @param maxKeyLengthBytes largest key accepted, 1 to 1,024.
     * @return this.
     */
    public KvStoreConfig maxKeyLengthBytes(final int maxKeyLengthBytes)
    {
        this.maxKeyLengthBytes = maxKeyLengthBytes;
        return this;
    }

    /**
     * @return largest key accepted.
     */
    public int maxKeyLengthBytes()
    {
        return maxKeyLengthBytes;
    }

    /**
     * @param maxValueLengthBytes largest value accepted, 0 to 65,534.
     * @return this.
     */
    public KvStoreConfig maxValueLengthBytes(final int maxValueLengthBytes)
    {
        this.maxValueLengthBytes = maxValueLengthBytes;
        return this;
    }

    /**
     * @return largest value accepted.
     */
    public int maxValueLengthBytes()
    {
        return maxValueLengthBytes;
    }

    /**
     * @param maxClockEntries most distinct writers a key's vector clock may hold, 1 to 1,024 (Riak's
     *                        {@code big_vclock}). A local write that would exceed it prunes the entries of the
     *                        writers this store saw write longest ago; a remote version over it is rejected.
     * @return this.
     */
    public KvStoreConfig maxClockEntries(final int maxClockEntries)
    {
        this.maxClockEntries = maxClockEntries;
        return this;
    }

    /**
     * @return most writers per key.
     */
    public int maxClockEntries()
    {
        return maxClockEntries;
    }

    /**
     * @param clockPruneEntries clock size, 1 to 1,024 (capped at {@code maxClockEntries}), above which a local write drops the entries
     *                          of writers this store has not seen write for {@code clockPruneAgeNs}, oldest first.
     * @return this.
     */
    public KvStoreConfig clockPruneEntries(final int clockPruneEntries)
    {
        this.clockPruneEntries = clockPruneEntries;
        return this;
    }

    /**
     * @return clock size above which old entries are pruned.
     */
    public int clockPruneEntries()
    {
        return Math.min(clockPruneEntries, maxClockEntries);
    }

    /**
     * @param clockPruneAgeNs how long a writer must not have been seen writing before its entry may be pruned.
     * @return this.
     */
    public KvStoreConfig clockPruneAgeNs(final long clockPruneAgeNs)
    {
        this.clockPruneAgeNs = clockPruneAgeNs;
        return this;
    }

    /**
     * @return age past which a writer's clock entry may be pruned.
     */
    public long clockPruneAgeNs()
    {
        return clockPruneAgeNs;
    }

    /**
     * @param maxSiblings most concurrent versions kept per key, 1 to 256; beyond it the oldest by
     *                    {@link ConflictResolver#LAST_WRITER_WINS} order is dropped (every node drops the same one).
     * @return this.
     */
    public KvStoreConfig maxSiblings(final int maxSiblings)
    {
        this.maxSiblings = maxSiblings;
        return this;
    }

    /**
     * @return most siblings per key.
     */
    public int maxSiblings()
    {
        return maxSiblings;
    }

    /**
     * @param tombstoneTtlNs how long a tombstone is kept after the delete (its age travels with it, so every
     *                       replica collects it at about the same time); must exceed the time anti-entropy takes
     *                       to spread a delete to every replica, or a replica cut off longer can bring the value
     *                       back.
     * @return this.
     */
    public KvStoreConfig tombstoneTtlNs(final long tombstoneTtlNs)
    {
        this.tombstoneTtlNs = tombstoneTtlNs;
        return this;
    }

    /**
     * @return tombstone time to live.
     */
    public long tombstoneTtlNs()
    {
        return tombstoneTtlNs;
    }

    /**
     * @param merkleDepth levels below the root of the 16-ary Merkle tree, 1 to {@link MerkleTree#MAX_DEPTH}; the
     *                    tree has 16^depth leaves. Both ends of an anti-entropy exchange must use the same depth.
     * @return this.
     */
    public KvStoreConfig merkleDepth(final int merkleDepth)
    {
        this.merkleDepth = merkleDepth;
        return this;
    }

    /**
     * @return Merkle tree depth.
     */
    public int merkleDepth()
    {
        return merkleDepth;
    }

    /**
     * @param initialKeyCapacity keys allocated up front (the store grows by doubling).
     * @return this.
     */
    public KvStoreConfig initialKeyCapacity(final int initialKeyCapacity)
    {
        this.initialKeyCapacity = initialKeyCapacity;
        return this;
    }

    /**
     * @return keys allocated up front.
     */
    public int initialKeyCapacity()
    {
        return initialKeyCapacity;
    }

    /**
     * @param frameBudgetBytes largest frame the transport carries; only used to check the size limits.
     * @return this.
     */
    public KvStoreConfig frameBudgetBytes(final int frameBudgetBytes)
    {
        this.frameBudgetBytes = frameBudgetBytes;
        return this;
    }

    /**
     * @return frame budget the size limits were checked against.
     */
    public int frameBudgetBytes()
    {
        return frameBudgetBytes;
    }

    /**
     * @param conflictResolver chooses among siblings on {@link KvStore#get}.
     * @return this.
     */
    public KvStoreConfig conflictResolver(final ConflictResolver conflictResolver)
    {
        this.conflictResolver = conflictResolver;
        return this;
    }

    /**
     * @return the conflict resolver.
     */
    public ConflictResolver conflictResolver()
    {
        return conflictResolver;
    }

    /**
     * @param changeListener told of every change, or null.
     * @return this.
     */
    public KvStoreConfig changeListener(final KvChangeListener changeListener)
    {
        this.changeListener = changeListener;
        return this;
    }

    /**
     * @return the change listener, or null.
     */
    public KvChangeListener changeListener()
    {
        return changeListener;
    }

    private static void range(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + "=" + value + " must be in [" + min + ", " + max + "]");
        }
    }
}

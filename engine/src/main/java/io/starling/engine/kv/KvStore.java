package io.starling.engine.kv;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A small replicated key-value store, one per node (configuration, service catalogue), kept in step with its peers
 * by {@link AntiEntropySession}. Single threaded: every method runs on the owning thread (the host's duty-cycle
 * thread); other threads go through the host.
 * <p>
 * Versions: each write stores a version carrying a vector clock (which writes it has seen), a Lamport time and the
 * writer's node id. A local put or delete supersedes every version the node holds for the key. A remote version is
 * merged by vector clock: dominated or equal, it is ignored; dominating, it replaces; concurrent, it is kept next to
 * the local versions as a sibling. Readers see all siblings through {@link #versions}; {@link #get} asks the
 * {@link ConflictResolver} to choose one. The next local write of the key merges the siblings' clocks and so
 * resolves them.
 * <p>
 * Deletes store a tombstone version that is collected {@code tombstoneTtlNs} after the delete
 * ({@link #collectGarbage(long)}). Nodes share no clock, so a tombstone travels with its <b>age</b> (time since the
 * delete, in milliseconds, in the tombstone's otherwise empty value: {@link #encodeTombstoneAge}); the receiver
 * dates it {@code nowNs - age}. A tombstone that arrives older than the TTL still deletes the versions it
 * supersedes but is not stored, so a replica that has collected it never takes it back, and every replica collects
 * it within the TTL plus the time the age was in flight. A replica cut off from every holder of the tombstone for
 * longer than the TTL can still bring the value back: choose the TTL above the longest partition to be survived.
 * Replicas date a tombstone on arrival, so they collect it at slightly different times (a rumor's delay, a chain
 * of anti-entropy rounds); for another TTL after collecting it a store remembers its clock
 * ({@link CollectedTombstones}): a copy still held elsewhere does not come back, and the next local write of the key
 * dominates it, instead of becoming its sibling where it is still held.
 * <p>
 * Lamport times from peers are trusted only within {@link #MAX_LAMPORT_JUMP} of this store's; further jumps are
 * rejected and the local time saturates at {@code Long.MAX_VALUE}, so it never wraps negative.
 * <p>
 * Clock pruning (as Riak and Dynamo do): a local write whose clock would hold more than {@code clockPruneEntries}
 * writers drops the entries of writers this store has not seen (in any clock) for {@code clockPruneAgeNs}, oldest
 * first, but only those the newest version it supersedes does not hold, so the new version still dominates that
 * one. A clock that would exceed {@code maxClockEntries} first drops, whatever their age, the entries the newest
 * superseded version does not hold, and only if that is not enough the oldest of the rest, down to
 * {@code clockPruneEntries} (the writer's own is never dropped). Such a hard cut no longer dominates the versions
 * holding the dropped entries: a replica that holds one keeps it as a <b>sibling</b> of the new version (the
 * resolver ranks it below, being older by Lamport time), and it stays until evicted at {@code maxSiblings}. A key
 * gains about one such sibling per {@code maxClockEntries - clockPruneEntries} new writers (16 by default;
 * {@code StoreRepairDefectsTest} measures 100 launches of one writer: at most 8 versions, the newest read).
 * <p>
 * Size limits (see {@link KvStoreConfig}): keys 1 to {@code maxKeyLengthBytes}, values up to
 * {@code maxValueLengthBytes}, vector clocks up to {@code maxClockEntries} writers, at most {@code maxSiblings}
 * siblings per key. Local calls over a limit throw {@link IllegalArgumentException} (sizes) or
 * {@link IllegalStateException} (clock full); remote versions over a limit are rejected, never thrown.
 * <p>
 * Every change is reflected, O(depth), in a {@link MerkleTree} whose leaves sum the digests of their versions.
 * Storage is in parallel primitive arrays (a key table with an open-addressing index and per-leaf chains, and a
 * version table); keys, values and clocks are copied into exact-size arrays when written.
 */
public final class KvStore
{
    static final int NULL_ID = -1;

    /** Largest Lamport time jump accepted from a peer above this store's time: 2^48 (a write a microsecond for
     * 8.9 years); 2^15 forged maximal jumps in a row would still not reach {@code Long.MAX_VALUE}. */
    public static final long MAX_LAMPORT_JUMP = 1L << 48;
    /** Bytes of a tombstone's age on the wire (unsigned milliseconds, little endian, in the value field). */
    public static final int TOMBSTONE_AGE_BYTES = 4;

    private static final long NEVER_SEEN = Long.MIN_VALUE;

    private static final byte FLAG_TOMBSTONE = 1;
    private static final byte[] EMPTY = new byte[0];
    private static final long KEY_HASH_SEED = 0;
    private static final long VALUE_HASH_SEED = 0x56414C5545000000L;
    private static final long VERSION_DIGEST_SEED = 0x5645525349000000L;
    private static final int DIGEST_HEADER_LONGS = 4;

    private final int nodeId;
    private final int maxKeyLengthBytes;
    private final int maxValueLengthBytes;
    private final int maxClockEntries;
    private final int maxSiblings;
    private final int clockPruneEntries;
    private final long clockPruneAgeNs;
    private final long tombstoneTtlNs;
    private final ConflictResolver resolver;
    private final KvChangeListener listener;
    private final MerkleTree tree;
    private final int[] leafHead;

    private long[] keyHash;
    private byte[][] keyBytes;
    private int[] keyFirstVersion;
    private int[] keyLeafNext;
    private int[] keyLeafPrev;
    private int keyHighWater;
    private int freeKeyHead = NULL_ID;
    private int keyCount;

    private int[] index;
    private int indexMask;
    private int indexResizeThreshold;

    private int[] versionKey;
    private byte[][] versionValue;
    private long[][] versionClock;
    private long[] versionLamport;
    private int[] versionWriter;
    private byte[] versionFlags;
    private long[] versionDeathNs;
    private long[] versionDigest;
    private int[] versionNext;
    private int versionHighWater;
    private int freeVersionHead = NULL_ID;
    private int versionCount;

    private int[] tombstoneQueueVersion = new int[64];
    private long[] tombstoneQueueDeathNs = new long[64];
    private long tombstoneQueueHead;
    private long tombstoneQueueTail;

    private long lamportTime;
    private long siblingsEvicted;
    private long clocksPruned;
    private long lamportJumpsRejected;
    private int tombstoneCount;
    private long ownWriteCounter;
    private final org.agrona.collections.Long2LongHashMap writerLastSeenNs =
        new org.agrona.collections.Long2LongHashMap(NEVER_SEEN);
    private long lastMergeDigest;
    private boolean notifying;

    private final VectorClock writeClock = new VectorClock(8);
    private final long[] digestScratch;
    private final CollectedTombstones collectedTombstones = new CollectedTombstones();
    private final KvVersions versionsView = new KvVersions(this);
    private final KvVersions scratchView = new KvVersions(this);
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer argView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer argView2 = new UnsafeBuffer(0, 0);

    /**
     * @param config store configuration; concluded here if it has not been.
     */
    public KvStore(final KvStoreConfig config)
    {
        if (!config.isConcluded())
        {
            config.conclude();
        }
        nodeId = config.nodeId();
        maxKeyLengthBytes = config.maxKeyLengthBytes();
        maxValueLengthBytes = config.maxValueLengthBytes();
        maxClockEntries = config.maxClockEntries();
        maxSiblings = config.maxSiblings();
        clockPruneEntries = config.clockPruneEntries();
        clockPruneAgeNs = config.clockPruneAgeNs();
        tombstoneTtlNs = config.tombstoneTtlNs();
        resolver = config.conflictResolver();
        listener = config.changeListener();
        tree = new MerkleTree(config.merkleDepth());
        leafHead = new int[tree.leafCount()];
        Arrays.fill(leafHead, NULL_ID);
        digestScratch = new long[DIGEST_HEADER_LONGS + 2 * maxClockEntries];

        final int keyCapacity = config.initialKeyCapacity();
        keyHash = new long[keyCapacity];
        keyBytes = new byte[keyCapacity][];
        keyFirstVersion = new int[keyCapacity];
        keyLeafNext = new int[keyCapacity];
        keyLeafPrev = new int[keyCapacity];

        final int indexCapacity = Integer.highestOneBit(keyCapacity) * 2;
        index = new int[indexCapacity];
        Arrays.fill(index, NULL_ID);
        indexMask = indexCapacity - 1;
        indexResizeThreshold = indexCapacity / 10 * 6;

        versionKey = new int[keyCapacity];
        versionValue = new byte[keyCapacity][];
        versionClock = new long[keyCapacity][];
        versionLamport = new long[keyCapacity];
        versionWriter = new int[keyCapacity];
        versionFlags = new byte[keyCapacity];
        versionDeathNs = new long[keyCapacity];
        versionDigest = new long[keyCapacity];
        versionNext = new int[keyCapacity];
    }

    // ------------------------------------------------------------------------------------------------- local writes

    /**
     * Write a value: the new version supersedes every version this node holds for the key (siblings included).
     *
     * @param key         buffer holding the key.
     * @param keyOffset   offset of the key.
     * @param keyLength   1 to {@code maxKeyLengthBytes}.
     * @param value       buffer holding the value.
     * @param valueOffset offset of the value.
     * @param valueLength 0 to {@code maxValueLengthBytes}.
     * @param nowNs       current time.
     * @return the Lamport time of the new version.
     * @throws IllegalArgumentException if the key or value is over its limit.
     * @throws IllegalStateException    when called from a change listener (a clock over its limits is pruned,
     *                                  never refused).
     */
    public long put(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength,
        final long nowNs)
    {
        checkWritable();
        checkKeyLength(keyLength);
        if (valueLength < 0 || valueLength > maxValueLengthBytes)
        {
            throw new IllegalArgumentException(
                "valueLength=" + valueLength + " must be in [0, maxValueLengthBytes=" + maxValueLengthBytes + "]");
        }
        final byte[] valueCopy = new byte[valueLength];
        value.getBytes(valueOffset, valueCopy, 0, valueLength);
        return write(key, keyOffset, keyLength, valueCopy, (byte)0, nowNs, KvChangeListener.Cause.PUT);
    }

    /**
     * Write a value.
     *
     * @param key   1 to {@code maxKeyLengthBytes} bytes.
     * @param value 0 to {@code maxValueLengthBytes} bytes.
     * @param nowNs current time.
     * @return the Lamport time of the new version.
     * @see #put(DirectBuffer, int, int, DirectBuffer, int, int, long)
     */
    public long put(final byte[] key, final byte[] value, final long nowNs)
    {
        argView.wrap(key);
        argView2.wrap(value);
        return put(argView, 0, key.length, argView2, 0, value.length, nowNs);
    }

    /**
     * Delete a key: a tombstone version supersedes every version this node holds for it.
     *
     * @param key       buffer holding the key.
     * @param keyOffset offset of the key.
     * @param keyLength 1 to {@code maxKeyLengthBytes}.
     * @param nowNs     current time; the tombstone is collected {@code tombstoneTtlNs} later.
     * @return true if the key held a value; false if it was absent or already deleted (nothing changes).
     * @throws IllegalArgumentException if the key is over its limit.
     * @throws IllegalStateException    when called from a change listener (a clock over its limits is pruned,
     *                                  never refused).
     */
    public boolean delete(final DirectBuffer key, final int keyOffset, final int keyLength, final long nowNs)
    {
        checkWritable();
        checkKeyLength(keyLength);
        final int keyId = findKey(hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (NULL_ID == keyId)
        {
            return false;
        }
        boolean live = false;
        for (int v = keyFirstVersion[keyId]; NULL_ID != v; v = versionNext[v])
        {
            live |= 0 == (versionFlags[v] & FLAG_TOMBSTONE);
        }
        if (!live)
        {
            return false;
        }
        write(key, keyOffset, keyLength, EMPTY, FLAG_TOMBSTONE, nowNs, KvChangeListener.Cause.DELETE);
        return true;
    }

    /**
     * Delete a key.
     *
     * @param key   1 to {@code maxKeyLengthBytes} bytes.
     * @param nowNs current time.
     * @return true if the key held a value.
     * @see #delete(DirectBuffer, int, int, long)
     */
    public boolean delete(final byte[] key, final long nowNs)
    {
        argView.wrap(key);
        return delete(argView, 0, key.length, nowNs);
    }

    // ------------------------------------------------------------------------------------------------- reads

    /**
     * Read the value of a key, choosing among siblings with the {@link ConflictResolver}.
     *
     * @param key       buffer holding the key.
     * @param keyOffset offset of the key.
     * @param keyLength length of the key.
     * @param dst       receives the value; must have room for it (at most {@code maxValueLengthBytes}).
     * @param dstOffset where to write the value.
     * @return the value's length, or -1 if the key is absent or the chosen version is a tombstone.
     */
    public int get(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final MutableDirectBuffer dst,
        final int dstOffset)
    {
        final int v = resolve(key, keyOffset, keyLength);
        if (NULL_ID == v)
        {
            return -1;
        }
        final byte[] value = versionValue[v];
        dst.putBytes(dstOffset, value, 0, value.length);
        return value.length;
    }

    /**
     * Read the value of a key (allocates the copy it returns).
     *
     * @param key the key.
     * @return a copy of the value the resolver chose, or null if absent or deleted.
     */
    public byte[] get(final byte[] key)
    {
        argView.wrap(key);
        final int v = resolve(argView, 0, key.length);
        return NULL_ID == v ? null : versionValue[v].clone();
    }

    /**
     * All versions of a key: one normally, several when concurrent writes are kept as siblings, tombstones included.
     *
     * @param key       buffer holding the key.
     * @param keyOffset offset of the key.
     * @param keyLength length of the key.
     * @return a view valid until the store changes or is asked again; {@code count() == 0} when absent.
     */
    public KvVersions versions(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        final int keyId = keyLength < 1 || keyLength > maxKeyLengthBytes ?
            NULL_ID : findKey(hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
        fillView(versionsView, keyId);
        return versionsView;
    }

    /**
     * @param key the key.
     * @return all versions of the key.
     * @see #versions(DirectBuffer, int, int)
     */
    public KvVersions versions(final byte[] key)
    {
        argView.wrap(key);
        return versions(argView, 0, key.length);
    }

    /**
     * Visitor of {@link #forEachKey(KeyVisitor)}.
     */
    @FunctionalInterface
    public interface KeyVisitor
    {
        /**
         * @param key       buffer holding the key, valid during the call.
         * @param keyOffset offset of the key.
         * @param keyLength length of the key.
         * @param versions  the key's versions, valid during the call.
         */
        void visit(DirectBuffer key, int keyOffset, int keyLength, KvVersions versions);
    }

    /**
     * Visit every key (tombstoned keys included) in no particular order. The visitor must not change the store.
     *
     * @param visitor told of each key.
     * @return number of keys visited.
     */
    public int forEachKey(final KeyVisitor visitor)
    {
        int visited = 0;
        final boolean wasNotifying = notifying;
        notifying = true;
        try
        {
            for (int k = 0; k < keyHighWater; k++)
            {
                if (null != keyBytes[k])
                {
                    keyView.wrap(keyBytes[k]);
                    fillView(scratchView, k);
                    visitor.visit(keyView, 0, keyBytes[k].length, scratchView);
                    visited++;
                }
            }
        }
        finally
        {
            notifying = wasNotifying;
        }
        return visited;
    }

    // ------------------------------------------------------------------------------------------------- replication

    /**
     * Merge a version received from a peer, by vector clock: ignored when dominated by or equal to a local version;
     * replaces the local versions it dominates; kept as a sibling when concurrent with a local version. Equal clocks
     * with different contents (a writer that lost its state) resolve deterministically to the newer by Lamport time
     * and digest, so replicas still converge. Untrusted input: nothing here throws for bad data.
     *
     * @param key         buffer holding the key.
     * @param keyOffset   offset of the key.
     * @param keyLength   length of the key.
     * @param value       buffer holding the value (ignored for a tombstone).
     * @param valueOffset offset of the value.
     * @param valueLength length of the value.
     * @param tombstone   true if the version is a deletion.
     * @param lamportTime the version's Lamport time.
     * @param writerNode  node id of its writer.
     * @param clock       its vector clock (copied).
     * @param nowNs       current time (a merged tombstone is dated now, as from a version-0 peer).
     * @return what happened.
     * @throws IllegalStateException when called from a change listener.
     */
    public MergeResult merge(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength,
        final boolean tombstone,
        final long lamportTime,
        final int writerNode,
        final VectorClock clock,
        final long nowNs)
    {
        return merge(key, keyOffset, keyLength, value, valueOffset, valueLength, tombstone, lamportTime, writerNode,
            clock, 0, nowNs);
    }

    /**
     * Merge a version received from a peer, as {@link #merge(DirectBuffer, int, int, DirectBuffer, int, int,
     * boolean, long, int, VectorClock, long)}, with the age of a tombstone: it is collected {@code tombstoneTtlNs}
     * after {@code nowNs - tombstoneAgeNs}; one already older than that deletes the versions it supersedes and is
     * not stored ({@link MergeResult#REPLACED}), or is {@link MergeResult#IGNORED} when it supersedes none.
     *
     * @param key            buffer holding the key.
     * @param keyOffset      offset of the key.
     * @param keyLength      length of the key.
     * @param value          buffer holding the value (ignored for a tombstone).
     * @param valueOffset    offset of the value.
     * @param valueLength    length of the value.
     * @param tombstone      true if the version is a deletion.
     * @param lamportTime    the version's Lamport time; more than {@link #MAX_LAMPORT_JUMP} above this store's is
     *                       {@link MergeResult#REJECTED}.
     * @param writerNode     writer id of its writer.
     * @param clock          its vector clock (copied).
     * @param tombstoneAgeNs time since the delete, for a tombstone (negative counts as zero).
     * @param nowNs          current time.
     * @return what happened.
     * @throws IllegalStateException when called from a change listener.
     */
    public MergeResult merge(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength,
        final boolean tombstone,
        final long lamportTime,
        final int writerNode,
        final VectorClock clock,
        final long tombstoneAgeNs,
        final long nowNs)
    {
        checkWritable();
        if (keyLength < 1 || keyLength > maxKeyLengthBytes || valueLength < 0 ||
            (!tombstone && valueLength > maxValueLengthBytes) || clock.size() < 1 ||
            clock.size() > maxClockEntries || lamportTime < 0)
        {
            return MergeResult.REJECTED;
        }
        if (lamportTime - this.lamportTime > MAX_LAMPORT_JUMP)
        {
            lamportJumpsRejected++;
            return MergeResult.REJECTED;
        }
        final long ageNs = Math.max(0, tombstoneAgeNs);
        final boolean expired = tombstone && ageNs >= tombstoneTtlNs;

        final long hash = hashKey(key, keyOffset, keyLength);
        final byte flags = tombstone ? FLAG_TOMBSTONE : 0;
        final long valueHash = tombstone ? 0 : XxHash64.hash(value, valueOffset, valueLength, VALUE_HASH_SEED);
        final long digest = digestOf(hash, valueHash, lamportTime, writerNode, flags, clock);
        lastMergeDigest = digest;
        if (lamportTime > this.lamportTime)
        {
            this.lamportTime = lamportTime;
        }
        seenWriting(writerNode, nowNs);
        for (int i = 0; i < clock.size(); i++)
        {
            if (NEVER_SEEN == writerLastSeenNs.get(clock.nodeIdAt(i)))
            {
                writerLastSeenNs.put(clock.nodeIdAt(i), nowNs);
            }
        }

        int keyId = findKey(hash, key, keyOffset, keyLength);
        final long[] collectedClock = collectedTombstones.clockOf(hash, key, keyOffset, keyLength);
        if (null != collectedClock)
        {
            final ClockOrder order = clock.comparePacked(collectedClock);
            if (ClockOrder.BEFORE == order || ClockOrder.EQUAL == order)
            {
                return MergeResult.IGNORED;
            }
        }
        if (expired)
        {
            return mergeExpiredTombstone(keyId, hash, key, keyOffset, keyLength, clock, nowNs - ageNs, nowNs);
        }
        MergeResult result = MergeResult.ADDED;
        if (NULL_ID != keyId)
        {
            for (int v = keyFirstVersion[keyId]; NULL_ID != v; v = versionNext[v])
            {
                final ClockOrder order = clock.comparePacked(versionClock[v]);
                if (ClockOrder.BEFORE == order)
                {
                    return MergeResult.IGNORED;
                }
                if (ClockOrder.EQUAL == order &&
                    (versionDigest[v] == digest || !isNewer(lamportTime, writerNode, digest, v)))
                {
                    return MergeResult.IGNORED;
                }
            }

            result = MergeResult.REPLACED;
            int v = keyFirstVersion[keyId];
            while (NULL_ID != v)
            {
                final int next = versionNext[v];
                if (ClockOrder.CONCURRENT == clock.comparePacked(versionClock[v]))
                {
                    result = MergeResult.SIBLING;
                }
                else
                {
                    removeVersion(keyId, v);
                }
                v = next;
            }
        }
        else
        {
            final byte[] keyCopy = new byte[keyLength];
            key.getBytes(keyOffset, keyCopy, 0, keyLength);
            keyId = addKey(hash, keyCopy);
        }

        final byte[] valueCopy;
        if (tombstone || 0 == valueLength)
        {
            valueCopy = EMPTY;
        }
        else
        {
            valueCopy = new byte[valueLength];
            value.getBytes(valueOffset, valueCopy, 0, valueLength);
        }
        final int added = addVersion(
            keyId, valueCopy, clock.toPacked(), lamportTime, writerNode, flags, nowNs - ageNs, digest);

        if (MergeResult.SIBLING == result && evictExcessSiblings(keyId, added))
        {
            return MergeResult.IGNORED;
        }

        notifyChange(keyId, KvChangeListener.Cause.MERGE);
        return result;
    }

    /**
     * @return digest of the version last given to {@link #merge}, whatever the result (used by anti-entropy to
     * record which versions the peer holds).
     */
    public long lastMergeDigest()
    {
        return lastMergeDigest;
    }

    /**
     * Collect tombstones older than {@code tombstoneTtlNs}: a key left without versions disappears.
     *
     * @param nowNs current time.
     * @return number of tombstones collected.
     */
    public int collectGarbage(final long nowNs)
    {
        checkWritable();
        int collected = 0;
        while (tombstoneQueueHead < tombstoneQueueTail)
        {
            final int slot = (int)tombstoneQueueHead & (tombstoneQueueVersion.length - 1);
            final long deathNs = tombstoneQueueDeathNs[slot];
            if (nowNs - deathNs < tombstoneTtlNs)
            {
                break;
            }
            tombstoneQueueHead++;
            final int v = tombstoneQueueVersion[slot];
            final int keyId = versionKey[v];
            if (NULL_ID != keyId && 0 != (versionFlags[v] & FLAG_TOMBSTONE) && versionDeathNs[v] == deathNs)
            {
                collectedTombstones.remember(
                    keyHash[keyId], keyBytes[keyId], versionClock[v], deathNs + 2 * tombstoneTtlNs);
                removeVersion(keyId, v);
                if (NULL_ID == keyFirstVersion[keyId])
                {
                    removeKey(keyId);
                }
                collected++;
            }
        }
        if (writerLastSeenNs.size() > 4 * maxClockEntries)
        {
            forgetOldWriters(nowNs);
        }
        collectedTombstones.forget(nowNs);
        return collected;
    }

    /**
     * Encode a tombstone's age as it goes on the wire, in the tombstone's value field.
     *
     * @param dst    where to write {@link #TOMBSTONE_AGE_BYTES} bytes.
     * @param offset in {@code dst}.
     * @param ageNs  time since the delete; saturates at 2^32 - 1 ms (49.7 days).
     */
    public static void encodeTombstoneAge(final MutableDirectBuffer dst, final int offset, final long ageNs)
    {
        final long ageMs = Math.min(0xFFFF_FFFFL, Math.max(0, ageNs / 1_000_000L));
        dst.putInt(offset, (int)ageMs, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Decode a tombstone's age from its value field: a version-0 peer sends an empty value, read as age zero.
     *
     * @param value  buffer holding the tombstone's value.
     * @param offset of the value.
     * @param length of the value.
     * @return the age in nanoseconds.
     */
    public static long decodeTombstoneAgeNs(final DirectBuffer value, final int offset, final int length)
    {
        return length < TOMBSTONE_AGE_BYTES ? 0 :
            (value.getInt(offset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL) * 1_000_000L;
    }

    // ------------------------------------------------------------------------------------------------- state

    /**
     * @return this store's writer node id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * @return number of keys held, tombstoned keys included.
     */
    public int keyCount()
    {
        return keyCount;
    }

    /**
     * @return number of versions held (one per key plus siblings), tombstones included.
     */
    public int versionCount()
    {
        return versionCount;
    }

    /**
     * @return the highest Lamport time written or seen.
     */
    public long lamportTime()
    {
        return lamportTime;
    }

    /**
     * @return tombstones held.
     */
    public int tombstoneCount()
    {
        return tombstoneCount;
    }

    /**
     * @return clock entries dropped by pruning at local writes.
     */
    public long clocksPruned()
    {
        return clocksPruned;
    }

    /**
     * @return keys whose collected tombstone's clock is still remembered (see the class comment).
     */
    public int collectedTombstonesRemembered()
    {
        return collectedTombstones.size();
    }

    /**
     * @return remote versions refused for a Lamport time more than {@link #MAX_LAMPORT_JUMP} ahead.
     */
    public long lamportJumpsRejected()
    {
        return lamportJumpsRejected;
    }

    /**
     * @param versionId a stored version.
     * @param nowNs     current time.
     * @return time since the version was written or learned (for a tombstone: since the delete).
     */
    long ageNs(final int versionId, final long nowNs)
    {
        return nowNs - versionDeathNs[versionId];
    }

    /**
     * @return siblings dropped because a key had more than {@code maxSiblings}.
     */
    public long siblingsEvicted()
    {
        return siblingsEvicted;
    }

    /**
     * @return root digest of the store's Merkle tree.
     */
    public long rootHash()
    {
        return tree.rootHash();
    }

    /**
     * @return the store's Merkle tree (read it, never change it).
     */
    public MerkleTree merkleTree()
    {
        return tree;
    }

    /**
     * @return the largest key accepted.
     */
    public int maxKeyLengthBytes()
    {
        return maxKeyLengthBytes;
    }

    /**
     * @return the largest value accepted.
     */
    public int maxValueLengthBytes()
    {
        return maxValueLengthBytes;
    }

    /**
     * @return the most clock entries accepted.
     */
    public int maxClockEntries()
    {
        return maxClockEntries;
    }

    // --------------------------------------------------------------------------------------------- package: cursors

    int leafHead(final int leaf)
    {
        return leafHead[leaf];
    }

    int nextKeyInLeaf(final int keyId)
    {
        return keyLeafNext[keyId];
    }

    int firstVersion(final int keyId)
    {
        return keyFirstVersion[keyId];
    }

    int nextVersion(final int versionId)
    {
        return versionNext[versionId];
    }

    byte[] keyBytes(final int keyId)
    {
        return keyBytes[keyId];
    }

    long keyHashOf(final int keyId)
    {
        return keyHash[keyId];
    }

    int keyOf(final int versionId)
    {
        return versionKey[versionId];
    }

    byte[] valueBytes(final int versionId)
    {
        return versionValue[versionId];
    }

    long[] packedClock(final int versionId)
    {
        return versionClock[versionId];
    }

    long lamportTime(final int versionId)
    {
        return versionLamport[versionId];
    }

    int writerNode(final int versionId)
    {
        return versionWriter[versionId];
    }

    boolean isTombstone(final int versionId)
    {
        return 0 != (versionFlags[versionId] & FLAG_TOMBSTONE);
    }

    long versionDigest(final int versionId)
    {
        return versionDigest[versionId];
    }

    int keyHighWater()
    {
        return keyHighWater;
    }

    /**
     * Digest of a stored version recomputed from its fields (tests compare it with the incremental one).
     */
    long recomputeDigest(final int versionId)
    {
        final byte[] value = versionValue[versionId];
        final boolean tombstone = isTombstone(versionId);
        final long valueHash = tombstone ? 0 : XxHash64.hash(value, 0, value.length, VALUE_HASH_SEED);
        final long[] clock = versionClock[versionId];
        final long[] s = digestScratch;
        s[0] = keyHash[versionKey[versionId]];
        s[1] = valueHash;
        s[2] = versionLamport[versionId];
        s[3] = ((long)versionWriter[versionId] << 8) | versionFlags[versionId];
        System.arraycopy(clock, 0, s, DIGEST_HEADER_LONGS, clock.length);
        return XxHash64.hashLongs(s, 0, DIGEST_HEADER_LONGS + clock.length, VERSION_DIGEST_SEED);
    }

    boolean isNewer(final int a, final int b)
    {
        return isNewer(versionLamport[a], versionWriter[a], versionDigest[a], b);
    }

    static long hashKey(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        return XxHash64.hash(key, keyOffset, keyLength, KEY_HASH_SEED);
    }

    // ------------------------------------------------------------------------------------------------- internals

    private boolean isNewer(final long lamport, final int writer, final long digest, final int b)
    {
        if (lamport != versionLamport[b])
        {
            return lamport > versionLamport[b];
        }
        if (writer != versionWriter[b])
        {
            return writer > versionWriter[b];
        }
        return Long.compareUnsigned(digest, versionDigest[b]) > 0;
    }

    private long write(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final byte[] value,
        final byte flags,
        final long nowNs,
        final KvChangeListener.Cause cause)
    {
        final long hash = hashKey(key, keyOffset, keyLength);
        int keyId = findKey(hash, key, keyOffset, keyLength);

        final VectorClock clock = writeClock.clear();
        int newest = NULL_ID;
        if (NULL_ID != keyId)
        {
            for (int v = keyFirstVersion[keyId]; NULL_ID != v; v = versionNext[v])
            {
                clock.mergePacked(versionClock[v]);
                newest = NULL_ID == newest || isNewer(v, newest) ? v : newest;
            }
        }
        final long[] collectedClock = collectedTombstones.clockOf(hash, key, keyOffset, keyLength);
        if (null != collectedClock)
        {
            clock.mergePacked(collectedClock);
        }
        // This writer's entry grows across every key and survives tombstone collection: after a key's tombstone
        // is collected here, a fresh per-key count would reuse a value already spent on the key ({W:1} again), and a
        // version written elsewhere over the old one (holding W:1) would dominate the new write everywhere.
        ownWriteCounter = Math.max(ownWriteCounter, clock.get(nodeId)) + 1;
        clock.set(nodeId, ownWriteCounter);
        seenWriting(nodeId, nowNs);
        pruneClock(clock, NULL_ID == newest ? null : versionClock[newest], nowNs);

        if (lamportTime < Long.MAX_VALUE)
        {
            lamportTime++;
        }
        final long lamport = lamportTime;
        if (NULL_ID == keyId)
        {
            final byte[] keyCopy = new byte[keyLength];
            key.getBytes(keyOffset, keyCopy, 0, keyLength);
            keyId = addKey(hash, keyCopy);
        }
        else
        {
            int v = keyFirstVersion[keyId];
            while (NULL_ID != v)
            {
                final int next = versionNext[v];
                removeVersion(keyId, v);
                v = next;
            }
        }

        final long valueHash = 0 != (flags & FLAG_TOMBSTONE) ? 0 :
            XxHash64.hash(value, 0, value.length, VALUE_HASH_SEED);
        final long digest = digestOf(hash, valueHash, lamport, nodeId, flags, clock);
        addVersion(keyId, value, clock.toPacked(), lamport, nodeId, flags, nowNs, digest);
        notifyChange(keyId, cause);
        return lamport;
    }

    private void seenWriting(final int writer, final long nowNs)
    {
        writerLastSeenNs.put(writer, nowNs);
    }

    private void forgetOldWriters(final long nowNs)
    {
        final org.agrona.collections.Long2LongHashMap.EntryIterator it = writerLastSeenNs.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            if (nowNs - it.getLongValue() > clockPruneAgeNs)
            {
                it.remove();
            }
        }
    }

    /**
     * Riak-style pruning of a local write's clock. Above {@code clockPruneEntries}: drop, oldest first, the entries
     * of writers not seen for {@code clockPruneAgeNs} that the newest superseded version does not hold (so the new
     * version still dominates it). Above {@code maxClockEntries}: drop those whatever their age, then if still
     * above, the oldest of any, down to {@code clockPruneEntries} (never this store's own).
     */
    private void pruneClock(final VectorClock clock, final long[] newestSuperseded, final long nowNs)
    {
        while (clock.size() > clockPruneEntries)
        {
            final int i = oldestEntry(clock, newestSuperseded, true, nowNs);
            if (-1 == i)
            {
                break;
            }
            clock.set(clock.nodeIdAt(i), 0);
            clocksPruned++;
        }
        if (clock.size() > maxClockEntries)
        {
            while (clock.size() > clockPruneEntries)
            {
                int i = oldestEntry(clock, newestSuperseded, false, nowNs);
                if (-1 == i)
                {
                    if (clock.size() <= maxClockEntries)
                    {
                        break;
                    }
                    i = oldestEntry(clock, null, false, nowNs);
                }
                clock.set(clock.nodeIdAt(i), 0);
                clocksPruned++;
            }
        }
    }

    private int oldestEntry(
        final VectorClock clock, final long[] keep, final boolean onlyOld, final long nowNs)
    {
        int oldest = -1;
        long oldestSeenNs = Long.MAX_VALUE;
        for (int i = 0; i < clock.size(); i++)
        {
            final int writer = clock.nodeIdAt(i);
            final long seenNs = writerLastSeenNs.get(writer);
            if (writer == nodeId || (onlyOld && NEVER_SEEN != seenNs && nowNs - seenNs < clockPruneAgeNs) ||
                (null != keep && holds(keep, writer)))
            {
                continue;
            }
            if (-1 == oldest || seenNs < oldestSeenNs)
            {
                oldest = i;
                oldestSeenNs = seenNs;
            }
        }
        return oldest;
    }

    private static boolean holds(final long[] packed, final int writer)
    {
        for (int i = 0; i < packed.length; i += 2)
        {
            if (packed[i] == writer)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A tombstone older than the TTL: delete the versions it supersedes, store nothing.
     */
    private MergeResult mergeExpiredTombstone(
        final int keyId,
        final long hash,
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final VectorClock clock,
        final long deathNs,
        final long nowNs)
    {
        final long forgetAtNs = deathNs + 2 * tombstoneTtlNs;
        if (forgetAtNs > nowNs)
        {
            final byte[] keyCopy;
            if (NULL_ID != keyId)
            {
                keyCopy = keyBytes[keyId];
            }
            else
            {
                keyCopy = new byte[keyLength];
                key.getBytes(keyOffset, keyCopy, 0, keyLength);
            }
            collectedTombstones.remember(hash, keyCopy, clock.toPacked(), forgetAtNs);
        }
        if (NULL_ID == keyId)
        {
            return MergeResult.IGNORED;
        }
        boolean removed = false;
        int v = keyFirstVersion[keyId];
        while (NULL_ID != v)
        {
            final int next = versionNext[v];
            if (ClockOrder.AFTER == clock.comparePacked(versionClock[v]))
            {
                removeVersion(keyId, v);
                removed = true;
            }
            v = next;
        }
        if (!removed)
        {
            return MergeResult.IGNORED;
        }
        notifyChange(keyId, KvChangeListener.Cause.MERGE);
        if (NULL_ID == keyFirstVersion[keyId])
        {
            removeKey(keyId);
        }
        return MergeResult.REPLACED;
    }

    private long digestOf(
        final long keyHash,
        final long valueHash,
        final long lamport,
        final int writer,
        final byte flags,
        final VectorClock clock)
    {
        final long[] s = digestScratch;
        s[0] = keyHash;
        s[1] = valueHash;
        s[2] = lamport;
        s[3] = ((long)writer << 8) | flags;
        final int n = clock.size();
        for (int i = 0; i < n; i++)
        {
            s[DIGEST_HEADER_LONGS + (i << 1)] = clock.nodeIdAt(i);
            s[DIGEST_HEADER_LONGS + (i << 1) + 1] = clock.counterAt(i);
        }
        return XxHash64.hashLongs(s, 0, DIGEST_HEADER_LONGS + 2 * n, VERSION_DIGEST_SEED);
    }

    private boolean evictExcessSiblings(final int keyId, final int added)
    {
        int count = 0;
        for (int v = keyFirstVersion[keyId]; NULL_ID != v; v = versionNext[v])
        {
            count++;
        }
        boolean evictedAdded = false;
        while (count > maxSiblings)
        {
            int oldest = keyFirstVersion[keyId];
            for (int v = versionNext[oldest]; NULL_ID != v; v = versionNext[v])
            {
                if (isNewer(oldest, v))
                {
                    oldest = v;
                }
            }
            evictedAdded |= oldest == added;
            removeVersion(keyId, oldest);
            siblingsEvicted++;
            count--;
        }
        return evictedAdded;
    }

    private int resolve(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        if (keyLength < 1 || keyLength > maxKeyLengthBytes)
        {
            return NULL_ID;
        }
        final int keyId = findKey(hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (NULL_ID == keyId)
        {
            return NULL_ID;
        }
        int v = keyFirstVersion[keyId];
        if (NULL_ID != versionNext[v])
        {
            fillView(scratchView, keyId);
            final boolean wasNotifying = notifying;
            notifying = true;
            final int chosen;
            try
            {
                chosen = resolver.choose(scratchView);
            }
            finally
            {
                notifying = wasNotifying;
            }
            if (chosen < 0 || chosen >= scratchView.count())
            {
                throw new IllegalStateException(
                    "conflictResolver chose index " + chosen + " of " + scratchView.count() + " versions");
            }
            v = scratchView.versionId(chosen);
        }
        return 0 != (versionFlags[v] & FLAG_TOMBSTONE) ? NULL_ID : v;
    }

    private void fillView(final KvVersions view, final int keyId)
    {
        view.reset();
        if (NULL_ID != keyId)
        {
            for (int v = keyFirstVersion[keyId]; NULL_ID != v; v = versionNext[v])
            {
                view.add(v);
            }
        }
    }

    private void notifyChange(final int keyId, final KvChangeListener.Cause cause)
    {
        if (null != listener)
        {
            notifying = true;
            try
            {
                fillView(versionsView, keyId);
                keyView.wrap(keyBytes[keyId]);
                listener.onChange(keyView, 0, keyBytes[keyId].length, versionsView, cause);
            }
            finally
            {
                notifying = false;
            }
        }
    }

    private void checkWritable()
    {
        if (notifying)
        {
            throw new IllegalStateException("the store cannot be changed from a change listener or visitor");
        }
    }

    private void checkKeyLength(final int keyLength)
    {
        if (keyLength < 1 || keyLength > maxKeyLengthBytes)
        {
            throw new IllegalArgumentException(
                "keyLength=" + keyLength + " must be in [1, maxKeyLengthBytes=" + maxKeyLengthBytes + "]");
        }
    }

    // ---------------------------------------------------------------------------------------- key table and index

    private int home(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & indexMask;
    }

    private int findKey(final long hash, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        int pos = home(hash);
        while (true)
        {
            final int k = index[pos];
            if (NULL_ID == k)
            {
                return NULL_ID;
            }
            if (keyHash[k] == hash && sameBytes(keyBytes[k], key, keyOffset, keyLength))
            {
                return k;
            }
            pos = (pos + 1) & indexMask;
        }
    }

    static boolean sameBytes(final byte[] stored, final DirectBuffer key, final int offset, final int length)
    {
        if (stored.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (stored[i] != key.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private int addKey(final long hash, final byte[] key)
    {
        int k = freeKeyHead;
        if (NULL_ID != k)
        {
            freeKeyHead = keyLeafNext[k];
        }
        else
        {
            if (keyHighWater == keyHash.length)
            {
                growKeys();
            }
            k = keyHighWater++;
        }
        keyHash[k] = hash;
        keyBytes[k] = key;
        keyFirstVersion[k] = NULL_ID;

        final int leaf = tree.leafOf(hash);
        final int head = leafHead[leaf];
        keyLeafNext[k] = head;
        keyLeafPrev[k] = NULL_ID;
        if (NULL_ID != head)
        {
            keyLeafPrev[head] = k;
        }
        leafHead[leaf] = k;

        insertIntoIndex(k);
        if (++keyCount > indexResizeThreshold)
        {
            rehash(index.length * 2);
        }
        return k;
    }

    private void insertIntoIndex(final int k)
    {
        int pos = home(keyHash[k]);
        while (NULL_ID != index[pos])
        {
            pos = (pos + 1) & indexMask;
        }
        index[pos] = k;
    }

    private void removeKey(final int k)
    {
        int pos = home(keyHash[k]);
        while (index[pos] != k)
        {
            pos = (pos + 1) & indexMask;
        }
        // backward-shift deletion for linear probing
        int hole = pos;
        int next = (hole + 1) & indexMask;
        while (NULL_ID != index[next])
        {
            final int ideal = home(keyHash[index[next]]);
            final boolean stays = hole <= next ? (ideal > hole && ideal <= next) : (ideal > hole || ideal <= next);
            if (!stays)
            {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & indexMask;
        }
        index[hole] = NULL_ID;

        final int prev = keyLeafPrev[k];
        final int nextInLeaf = keyLeafNext[k];
        if (NULL_ID != prev)
        {
            keyLeafNext[prev] = nextInLeaf;
        }
        else
        {
            leafHead[tree.leafOf(keyHash[k])] = nextInLeaf;
        }
        if (NULL_ID != nextInLeaf)
        {
            keyLeafPrev[nextInLeaf] = prev;
        }

        keyBytes[k] = null;
        keyFirstVersion[k] = NULL_ID;
        keyLeafNext[k] = freeKeyHead;
        freeKeyHead = k;
        keyCount--;
    }

    private void rehash(final int newCapacity)
    {
        index = new int[newCapacity];
        Arrays.fill(index, NULL_ID);
        indexMask = newCapacity - 1;
        indexResizeThreshold = newCapacity / 10 * 6;
        for (int k = 0; k < keyHighWater; k++)
        {
            if (null != keyBytes[k])
            {
                insertIntoIndex(k);
            }
        }
    }

    private void growKeys()
    {
        final int n = keyHash.length * 2;
        keyHash = Arrays.copyOf(keyHash, n);
        keyBytes = Arrays.copyOf(keyBytes, n);
        keyFirstVersion = Arrays.copyOf(keyFirstVersion, n);
        keyLeafNext = Arrays.copyOf(keyLeafNext, n);
        keyLeafPrev = Arrays.copyOf(keyLeafPrev, n);
    }

    // ---------------------------------------------------------------------------------------- version table

    private int addVersion(
        final int keyId,
        final byte[] value,
        final long[] clock,
        final long lamport,
        final int writer,
        final byte flags,
        final long nowNs,
        final long digest)
    {
        int v = freeVersionHead;
        if (NULL_ID != v)
        {
            freeVersionHead = versionNext[v];
        }
        else
        {
            if (versionHighWater == versionKey.length)
            {
                growVersions();
            }
            v = versionHighWater++;
        }
        versionKey[v] = keyId;
        versionValue[v] = value;
        versionClock[v] = clock;
        versionLamport[v] = lamport;
        versionWriter[v] = writer;
        versionFlags[v] = flags;
        versionDeathNs[v] = nowNs;
        versionDigest[v] = digest;
        versionNext[v] = keyFirstVersion[keyId];
        keyFirstVersion[keyId] = v;
        versionCount++;
        tree.add(keyHash[keyId], digest);

        if (0 != (flags & FLAG_TOMBSTONE))
        {
            tombstoneCount++;
            enqueueTombstone(v, nowNs);
        }
        return v;
    }

    private void removeVersion(final int keyId, final int v)
    {
        if (keyFirstVersion[keyId] == v)
        {
            keyFirstVersion[keyId] = versionNext[v];
        }
        else
        {
            int prev = keyFirstVersion[keyId];
            while (versionNext[prev] != v)
            {
                prev = versionNext[prev];
            }
            versionNext[prev] = versionNext[v];
        }
        tree.add(keyHash[keyId], -versionDigest[v]);
        if (0 != (versionFlags[v] & FLAG_TOMBSTONE))
        {
            tombstoneCount--;
        }
        versionKey[v] = NULL_ID;
        versionValue[v] = null;
        versionClock[v] = null;
        versionNext[v] = freeVersionHead;
        freeVersionHead = v;
        versionCount--;
    }

    private void growVersions()
    {
        final int n = versionKey.length * 2;
        versionKey = Arrays.copyOf(versionKey, n);
        versionValue = Arrays.copyOf(versionValue, n);
        versionClock = Arrays.copyOf(versionClock, n);
        versionLamport = Arrays.copyOf(versionLamport, n);
        versionWriter = Arrays.copyOf(versionWriter, n);
        versionFlags = Arrays.copyOf(versionFlags, n);
        versionDeathNs = Arrays.copyOf(versionDeathNs, n);
        versionDigest = Arrays.copyOf(versionDigest, n);
        versionNext = Arrays.copyOf(versionNext, n);
    }

    private void enqueueTombstone(final int v, final long deathNs)
    {
        if (tombstoneQueueTail - tombstoneQueueHead == tombstoneQueueVersion.length)
        {
            final int oldCapacity = tombstoneQueueVersion.length;
            final int[] versions = new int[oldCapacity * 2];
            final long[] deaths = new long[oldCapacity * 2];
            for (long i = tombstoneQueueHead, j = 0; i < tombstoneQueueTail; i++, j++)
            {
                final int from = (int)i & (oldCapacity - 1);
                versions[(int)j] = tombstoneQueueVersion[from];
                deaths[(int)j] = tombstoneQueueDeathNs[from];
            }
            tombstoneQueueTail -= tombstoneQueueHead;
            tombstoneQueueHead = 0;
            tombstoneQueueVersion = versions;
            tombstoneQueueDeathNs = deaths;
        }
        // kept in death-time order: a merged tombstone may be older than the last one queued
        final int mask = tombstoneQueueVersion.length - 1;
        long i = tombstoneQueueTail;
        while (i > tombstoneQueueHead && tombstoneQueueDeathNs[(int)(i - 1) & mask] > deathNs)
        {
            tombstoneQueueVersion[(int)i & mask] = tombstoneQueueVersion[(int)(i - 1) & mask];
            tombstoneQueueDeathNs[(int)i & mask] = tombstoneQueueDeathNs[(int)(i - 1) & mask];
            i--;
        }
        tombstoneQueueVersion[(int)i & mask] = v;
        tombstoneQueueDeathNs[(int)i & mask] = deathNs;
        tombstoneQueueTail++;
    }
}

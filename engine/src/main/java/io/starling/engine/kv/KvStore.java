package io.starling.engine.kv;

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
 * ({@link #collectGarbage(long)}); it travels with its <b>age</b> ({@link #encodeTombstoneAge}) and the receiver
 * dates it {@code nowNs - age}. {@link TombstoneCollector} says why, and what a partition longer than the TTL costs.
 * <p>
 * Lamport times from peers are trusted only within {@link #MAX_LAMPORT_JUMP} of this store's; further jumps are
 * rejected and the local time saturates at {@code Long.MAX_VALUE}, so it never wraps negative.
 * <p>
 * A local write's clock is pruned, as Riak and Dynamo do, above {@code clockPruneEntries} writers, and cut hard
 * above {@code maxClockEntries} ({@link ClockPruner} says which entries go and what a hard cut costs:
 * {@code StoreRepairDefectsTest} measures 100 launches of one writer: at most 8 versions, the newest read).
 * <p>
 * Size limits (see {@link KvStoreConfig}): keys 1 to {@code maxKeyLengthBytes}, values up to
 * {@code maxValueLengthBytes}, vector clocks up to {@code maxClockEntries} writers, at most {@code maxSiblings}
 * siblings per key. Local calls over a size limit throw {@link IllegalArgumentException}; a clock over its limit
 * is pruned (counted), never refused; remote versions over a limit are rejected, never thrown.
 * <p>
 * Where things live: this class checks limits, keeps the Lamport time, reads (with the resolver), tells the
 * listener; keys and their index are in {@link KeyTable}, versions in {@link VersionTable}, a version's Merkle
 * digest in {@link VersionDigest}, a local write in {@link LocalWrite}, the merge of a peer's version in
 * {@link VersionMerge}, tombstone collection in {@link TombstoneCollector} (queued by death time in
 * {@link TombstoneQueue}). Every change is reflected, O(depth), in a {@link MerkleTree} whose leaves sum the digests of
 * their versions; keys, values and clocks are copied into exact-size arrays when written.
 */
public final class KvStore
{
    static final int NULL_ID = -1;

    /** Largest Lamport time jump accepted from a peer above this store's time: 2^48 (a write a microsecond for
     * 8.9 years); 2^15 forged maximal jumps in a row would still not reach {@code Long.MAX_VALUE}. */
    public static final long MAX_LAMPORT_JUMP = 1L << 48;
    /** Bytes of a tombstone's age on the wire (unsigned milliseconds, little endian, in the value field). */
    public static final int TOMBSTONE_AGE_BYTES = 4;

    static final byte[] EMPTY = new byte[0];

    private final int nodeId;
    private final int maxKeyLengthBytes;
    private final int maxValueLengthBytes;
    private final int maxClockEntries;
    private final ConflictResolver resolver;
    private final KvChangeListener listener;
    private final MerkleTree tree;
    private final KeyTable keys;
    private final TombstoneQueue tombstoneQueue = new TombstoneQueue();
    private final VersionTable versions;
    private final VersionDigest digests;
    private final ClockPruner pruner;
    private final CollectedTombstones collectedTombstones = new CollectedTombstones();
    private final LocalWrite localWrite;
    private final VersionMerge merge;
    private final TombstoneCollector tombstoneCollector;

    private long lamportTime;
    private boolean notifying;

    private final KvVersions versionsView;
    private final KvVersions scratchView;
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
        resolver = config.conflictResolver();
        listener = config.changeListener();
        tree = new MerkleTree(config.merkleDepth());
        keys = new KeyTable(tree, config.initialKeyCapacity());
        versions = new VersionTable(keys, tree, tombstoneQueue, config.initialKeyCapacity());
        digests = new VersionDigest(maxClockEntries);
        pruner = new ClockPruner(
            nodeId, maxClockEntries, config.clockPruneEntries(), config.clockPruneAgeNs());
        localWrite = new LocalWrite(nodeId, keys, versions, digests, pruner, collectedTombstones);
        merge = new VersionMerge(this, keys, versions, digests, pruner, collectedTombstones, config);
        tombstoneCollector = new TombstoneCollector(
            keys, versions, tombstoneQueue, collectedTombstones, pruner, config.tombstoneTtlNs());
        versionsView = new KvVersions(versions);
        scratchView = new KvVersions(versions);
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
        final int keyId = keys.find(KeyTable.hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (NULL_ID == keyId || !versions.hasLiveVersion(keyId))
        {
            return false;
        }
        write(key, keyOffset, keyLength, EMPTY, VersionTable.FLAG_TOMBSTONE, nowNs, KvChangeListener.Cause.DELETE);
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
        final byte[] value = versions.value(v);
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
        return NULL_ID == v ? null : versions.value(v).clone();
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
            NULL_ID : keys.find(KeyTable.hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
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
            for (int k = 0; k < keys.highWater(); k++)
            {
                final byte[] keyBytes = keys.bytes(k);
                if (null != keyBytes)
                {
                    keyView.wrap(keyBytes);
                    fillView(scratchView, k);
                    visitor.visit(keyView, 0, keyBytes.length, scratchView);
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
        return merge.merge(key, keyOffset, keyLength, value, valueOffset, valueLength, tombstone, lamportTime,
            writerNode, clock, tombstoneAgeNs, nowNs);
    }

    /**
     * @return digest of the version last given to {@link #merge}, whatever the result (used by anti-entropy to
     * record which versions the peer holds).
     */
    public long lastMergeDigest()
    {
        return merge.lastMergeDigest();
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
        return tombstoneCollector.collect(nowNs);
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
        return keys.count();
    }

    /**
     * @return number of versions held (one per key plus siblings), tombstones included.
     */
    public int versionCount()
    {
        return versions.count();
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
        return versions.tombstoneCount();
    }

    /**
     * @return clock entries dropped by pruning at local writes.
     */
    public long clocksPruned()
    {
        return pruner.clocksPruned();
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
        return merge.lamportJumpsRejected();
    }

    /**
     * @return siblings dropped because a key had more than {@code maxSiblings}.
     */
    public long siblingsEvicted()
    {
        return merge.siblingsEvicted();
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

    // --------------------------------------------------------------------------------------------- package

    KeyTable keyTable()
    {
        return keys;
    }

    VersionTable versionTable()
    {
        return versions;
    }

    /**
     * Digest of a stored version recomputed from its fields (tests compare it with the incremental one).
     */
    long recomputeDigest(final int versionId)
    {
        final byte[] value = versions.value(versionId);
        final long valueHash = versions.isTombstone(versionId) ? 0 : VersionDigest.valueHash(value);
        return digests.of(keys.hash(versions.keyOf(versionId)), valueHash, versions.lamportTime(versionId),
            versions.writer(versionId), versions.flags(versionId), versions.packedClock(versionId));
    }

    /**
     * A peer's Lamport time was accepted: this store's time is at least that.
     */
    void observeLamportTime(final long peerLamportTime)
    {
        if (peerLamportTime > lamportTime)
        {
            lamportTime = peerLamportTime;
        }
    }

    void notifyChange(final int keyId, final KvChangeListener.Cause cause)
    {
        if (null != listener)
        {
            notifying = true;
            try
            {
                fillView(versionsView, keyId);
                final byte[] keyBytes = keys.bytes(keyId);
                keyView.wrap(keyBytes);
                listener.onChange(keyView, 0, keyBytes.length, versionsView, cause);
            }
            finally
            {
                notifying = false;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- internals

    private long write(
        final DirectBuffer key,
        final int keyOffset,
        final int keyLength,
        final byte[] value,
        final byte flags,
        final long nowNs,
        final KvChangeListener.Cause cause)
    {
        if (lamportTime < Long.MAX_VALUE)
        {
            lamportTime++;
        }
        final long lamport = lamportTime;
        final int keyId = localWrite.write(key, keyOffset, keyLength, value, flags, lamport, nowNs);
        notifyChange(keyId, cause);
        return lamport;
    }

    private int resolve(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        if (keyLength < 1 || keyLength > maxKeyLengthBytes)
        {
            return NULL_ID;
        }
        final int keyId = keys.find(KeyTable.hashKey(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (NULL_ID == keyId)
        {
            return NULL_ID;
        }
        int v = keys.firstVersion(keyId);
        if (NULL_ID != versions.next(v))
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
        return versions.isTombstone(v) ? NULL_ID : v;
    }

    private void fillView(final KvVersions view, final int keyId)
    {
        view.reset();
        if (NULL_ID != keyId)
        {
            for (int v = keys.firstVersion(keyId); NULL_ID != v; v = versions.next(v))
            {
                view.add(v);
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
}

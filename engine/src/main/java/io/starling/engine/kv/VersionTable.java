package io.starling.engine.kv;

import java.util.Arrays;

/**
 * The versions of a {@link KvStore}'s keys in parallel arrays with a free list: value, packed vector clock, Lamport
 * time, writer, tombstone flag, time written or deleted, and {@link VersionDigest}, chained from the key's first
 * version in the {@link KeyTable}. Adding or removing a version adds or subtracts its digest in its Merkle leaf and
 * queues a tombstone for collection. Which versions to keep is decided by the callers (local write, merge,
 * collection); the ordering used to choose among siblings is {@link #isNewer}. Single threaded.
 */
final class VersionTable
{
    static final byte FLAG_TOMBSTONE = 1;

    private final KeyTable keys;
    private final MerkleTree tree;
    private final TombstoneQueue tombstoneQueue;

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
    private int freeVersionHead = KvStore.NULL_ID;
    private int versionCount;
    private int tombstoneCount;

    /**
     * @param keys           the keys the versions belong to.
     * @param tree           summing the versions' digests.
     * @param tombstoneQueue told of each tombstone added.
     * @param capacity       initial number of versions.
     */
    VersionTable(final KeyTable keys, final MerkleTree tree, final TombstoneQueue tombstoneQueue, final int capacity)
    {
        this.keys = keys;
        this.tree = tree;
        this.tombstoneQueue = tombstoneQueue;
        versionKey = new int[capacity];
        versionValue = new byte[capacity][];
        versionClock = new long[capacity][];
        versionLamport = new long[capacity];
        versionWriter = new int[capacity];
        versionFlags = new byte[capacity];
        versionDeathNs = new long[capacity];
        versionDigest = new long[capacity];
        versionNext = new int[capacity];
    }

    /**
     * Add a version at the head of its key's chain.
     *
     * @param keyId   the key.
     * @param value   the value, kept by reference.
     * @param clock   the packed clock, kept by reference.
     * @param lamport its Lamport time.
     * @param writer  its writer id.
     * @param flags   {@link #FLAG_TOMBSTONE} or 0.
     * @param nowNs   when written, or for a tombstone when deleted.
     * @param digest  its {@link VersionDigest}.
     * @return its id.
     */
    int add(
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
        if (KvStore.NULL_ID != v)
        {
            freeVersionHead = versionNext[v];
        }
        else
        {
            if (versionHighWater == versionKey.length)
            {
                grow();
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
        versionNext[v] = keys.firstVersion(keyId);
        keys.firstVersion(keyId, v);
        versionCount++;
        tree.add(keys.hash(keyId), digest);

        if (0 != (flags & FLAG_TOMBSTONE))
        {
            tombstoneCount++;
            tombstoneQueue.add(v, nowNs);
        }
        return v;
    }

    /**
     * Remove a version from its key's chain (the key stays, even when left without versions).
     */
    void remove(final int keyId, final int v)
    {
        if (keys.firstVersion(keyId) == v)
        {
            keys.firstVersion(keyId, versionNext[v]);
        }
        else
        {
            int prev = keys.firstVersion(keyId);
            while (versionNext[prev] != v)
            {
                prev = versionNext[prev];
            }
            versionNext[prev] = versionNext[v];
        }
        tree.add(keys.hash(keyId), -versionDigest[v]);
        if (0 != (versionFlags[v] & FLAG_TOMBSTONE))
        {
            tombstoneCount--;
        }
        versionKey[v] = KvStore.NULL_ID;
        versionValue[v] = null;
        versionClock[v] = null;
        versionNext[v] = freeVersionHead;
        freeVersionHead = v;
        versionCount--;
    }

    /**
     * Remove every version of a key (the key stays).
     */
    void removeAll(final int keyId)
    {
        int v = keys.firstVersion(keyId);
        while (KvStore.NULL_ID != v)
        {
            final int next = versionNext[v];
            remove(keyId, v);
            v = next;
        }
    }

    /**
     * The order {@link ConflictResolver#LAST_WRITER_WINS} uses: Lamport time, then writer id, then digest
     * (unsigned).
     *
     * @return true if version {@code a} is newer than version {@code b}.
     */
    boolean isNewer(final int a, final int b)
    {
        return isNewer(versionLamport[a], versionWriter[a], versionDigest[a], b);
    }

    /**
     * @return true if a version with these fields would be newer than version {@code b}.
     */
    boolean isNewer(final long lamport, final int writer, final long digest, final int b)
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

    /**
     * @return true if any version of the key is not a tombstone.
     */
    boolean hasLiveVersion(final int keyId)
    {
        boolean live = false;
        for (int v = keys.firstVersion(keyId); KvStore.NULL_ID != v; v = versionNext[v])
        {
            live |= 0 == (versionFlags[v] & FLAG_TOMBSTONE);
        }
        return live;
    }

    int count()
    {
        return versionCount;
    }

    int tombstoneCount()
    {
        return tombstoneCount;
    }

    int next(final int versionId)
    {
        return versionNext[versionId];
    }

    /**
     * @return the version's key, or {@link KvStore#NULL_ID} for a free id.
     */
    int keyOf(final int versionId)
    {
        return versionKey[versionId];
    }

    byte[] value(final int versionId)
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

    int writer(final int versionId)
    {
        return versionWriter[versionId];
    }

    byte flags(final int versionId)
    {
        return versionFlags[versionId];
    }

    boolean isTombstone(final int versionId)
    {
        return 0 != (versionFlags[versionId] & FLAG_TOMBSTONE);
    }

    /**
     * @return when the version was written or learned (for a tombstone: when deleted, from its age).
     */
    long deathNs(final int versionId)
    {
        return versionDeathNs[versionId];
    }

    /**
     * @return time since the version was written or learned (for a tombstone: since the delete).
     */
    long ageNs(final int versionId, final long nowNs)
    {
        return nowNs - versionDeathNs[versionId];
    }

    long digest(final int versionId)
    {
        return versionDigest[versionId];
    }

    private void grow()
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
}

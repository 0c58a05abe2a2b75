package io.starling.engine.kv;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * The keys of a {@link KvStore}: an open-addressing index by key hash (linear probing, backward-shift deletion) and,
 * per {@link MerkleTree} leaf, a doubly linked chain of the keys hashed into it; each key points at its first version
 * in the {@link VersionTable}. Knows nothing of versions: a key is added before its first version and removed after
 * its last. Parallel primitive arrays, grown by doubling; a removed key's slot is reused. Single threaded.
 */
final class KeyTable
{
    private static final long KEY_HASH_SEED = 0;

    private final MerkleTree tree;
    private final int[] leafHead;

    private long[] keyHash;
    private byte[][] keyBytes;
    private int[] keyFirstVersion;
    private int[] keyLeafNext;
    private int[] keyLeafPrev;
    private int keyHighWater;
    private int freeKeyHead = KvStore.NULL_ID;
    private int keyCount;

    private int[] index;
    private int indexMask;
    private int indexResizeThreshold;

    /**
     * @param tree     whose leaves chain the keys.
     * @param capacity initial number of keys.
     */
    KeyTable(final MerkleTree tree, final int capacity)
    {
        this.tree = tree;
        leafHead = new int[tree.leafCount()];
        Arrays.fill(leafHead, KvStore.NULL_ID);

        keyHash = new long[capacity];
        keyBytes = new byte[capacity][];
        keyFirstVersion = new int[capacity];
        keyLeafNext = new int[capacity];
        keyLeafPrev = new int[capacity];

        final int indexCapacity = Integer.highestOneBit(capacity) * 2;
        index = new int[indexCapacity];
        Arrays.fill(index, KvStore.NULL_ID);
        indexMask = indexCapacity - 1;
        indexResizeThreshold = indexCapacity / 10 * 6;
    }

    /**
     * @return the store's hash of a key: it places the key in its Merkle leaf and its index slot.
     */
    static long hashKey(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        return XxHash64.hash(key, keyOffset, keyLength, KEY_HASH_SEED);
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

    /**
     * @return the key's id, or {@link KvStore#NULL_ID} if absent.
     */
    int find(final long hash, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        int pos = home(hash);
        while (true)
        {
            final int k = index[pos];
            if (KvStore.NULL_ID == k)
            {
                return KvStore.NULL_ID;
            }
            if (keyHash[k] == hash && sameBytes(keyBytes[k], key, keyOffset, keyLength))
            {
                return k;
            }
            pos = (pos + 1) & indexMask;
        }
    }

    /**
     * Add a key without versions.
     *
     * @param hash {@link #hashKey} of the key.
     * @param key  the key, kept by reference.
     * @return its id.
     */
    int add(final long hash, final byte[] key)
    {
        int k = freeKeyHead;
        if (KvStore.NULL_ID != k)
        {
            freeKeyHead = keyLeafNext[k];
        }
        else
        {
            if (keyHighWater == keyHash.length)
            {
                grow();
            }
            k = keyHighWater++;
        }
        keyHash[k] = hash;
        keyBytes[k] = key;
        keyFirstVersion[k] = KvStore.NULL_ID;

        final int leaf = tree.leafOf(hash);
        final int head = leafHead[leaf];
        keyLeafNext[k] = head;
        keyLeafPrev[k] = KvStore.NULL_ID;
        if (KvStore.NULL_ID != head)
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

    /**
     * Remove a key whose versions are all gone; its id is reused.
     */
    void remove(final int k)
    {
        int pos = home(keyHash[k]);
        while (index[pos] != k)
        {
            pos = (pos + 1) & indexMask;
        }
        // backward-shift deletion for linear probing
        int hole = pos;
        int next = (hole + 1) & indexMask;
        while (KvStore.NULL_ID != index[next])
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
        index[hole] = KvStore.NULL_ID;

        final int prev = keyLeafPrev[k];
        final int nextInLeaf = keyLeafNext[k];
        if (KvStore.NULL_ID != prev)
        {
            keyLeafNext[prev] = nextInLeaf;
        }
        else
        {
            leafHead[tree.leafOf(keyHash[k])] = nextInLeaf;
        }
        if (KvStore.NULL_ID != nextInLeaf)
        {
            keyLeafPrev[nextInLeaf] = prev;
        }

        keyBytes[k] = null;
        keyFirstVersion[k] = KvStore.NULL_ID;
        keyLeafNext[k] = freeKeyHead;
        freeKeyHead = k;
        keyCount--;
    }

    int count()
    {
        return keyCount;
    }

    /**
     * @return one past the highest key id ever used (ids below it with null {@link #bytes} are free).
     */
    int highWater()
    {
        return keyHighWater;
    }

    long hash(final int keyId)
    {
        return keyHash[keyId];
    }

    /**
     * @return the key's bytes, or null for a free id.
     */
    byte[] bytes(final int keyId)
    {
        return keyBytes[keyId];
    }

    int firstVersion(final int keyId)
    {
        return keyFirstVersion[keyId];
    }

    void firstVersion(final int keyId, final int versionId)
    {
        keyFirstVersion[keyId] = versionId;
    }

    int leafHead(final int leaf)
    {
        return leafHead[leaf];
    }

    int nextInLeaf(final int keyId)
    {
        return keyLeafNext[keyId];
    }

    private int home(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & indexMask;
    }

    private void insertIntoIndex(final int k)
    {
        int pos = home(keyHash[k]);
        while (KvStore.NULL_ID != index[pos])
        {
            pos = (pos + 1) & indexMask;
        }
        index[pos] = k;
    }

    private void rehash(final int newCapacity)
    {
        index = new int[newCapacity];
        Arrays.fill(index, KvStore.NULL_ID);
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

    private void grow()
    {
        final int n = keyHash.length * 2;
        keyHash = Arrays.copyOf(keyHash, n);
        keyBytes = Arrays.copyOf(keyBytes, n);
        keyFirstVersion = Arrays.copyOf(keyFirstVersion, n);
        keyLeafNext = Arrays.copyOf(keyLeafNext, n);
        keyLeafPrev = Arrays.copyOf(keyLeafPrev, n);
    }
}

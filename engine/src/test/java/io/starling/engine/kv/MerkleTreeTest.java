package io.starling.engine.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.kv.KvTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MerkleTreeTest
{
    @Test
    void placesKeysByTheTopBitsOfTheirHash()
    {
        final MerkleTree tree = new MerkleTree(3);
        assertEquals(4096, tree.leafCount());
        assertEquals(0, tree.leafOf(0L));
        assertEquals(4095, tree.leafOf(-1L));
        assertEquals(0xABC, tree.leafOf(0xABCD_EF01_2345_6789L));
    }

    @Test
    void emptyTreeHasZeroRootAndAddingThenRemovingRestoresIt()
    {
        final MerkleTree tree = new MerkleTree(4);
        assertEquals(0, tree.rootHash());
        tree.add(0x1234_5678_9ABC_DEF0L, 42);
        final long root = tree.rootHash();
        assertNotEquals(0, root);
        tree.add(0x1234_5678_9ABC_DEF0L, -42);
        assertEquals(0, tree.rootHash());
    }

    @Test
    void digestsDoNotDependOnTheOrderOfUpdates()
    {
        final Random random = new Random(1);
        final long[] hashes = new long[500];
        final long[] digests = new long[500];
        for (int i = 0; i < hashes.length; i++)
        {
            hashes[i] = random.nextLong();
            digests[i] = random.nextLong();
        }
        final MerkleTree forward = new MerkleTree(3);
        final MerkleTree backward = new MerkleTree(3);
        for (int i = 0; i < hashes.length; i++)
        {
            forward.add(hashes[i], digests[i]);
            forward.rootHash(); // interleave lazy recomputation with updates
            backward.add(hashes[hashes.length - 1 - i], digests[hashes.length - 1 - i]);
        }
        assertEquals(forward.rootHash(), backward.rootHash());
        assertAllNodesEqual(forward, backward);
    }

    @Test
    void aChangeAltersExactlyItsLeafAndItsAncestors()
    {
        final Random random = new Random(2);
        final MerkleTree tree = new MerkleTree(3);
        for (int i = 0; i < 2_000; i++)
        {
            tree.add(random.nextLong(), random.nextLong());
        }
        final long[][] before = snapshot(tree);
        final long keyHash = random.nextLong();
        tree.add(keyHash, 12345);
        final long[][] after = snapshot(tree);
        final int leaf = tree.leafOf(keyHash);
        for (int level = 0; level <= 3; level++)
        {
            final int onPath = leaf >>> (MerkleTree.FANOUT_BITS * (3 - level));
            for (int i = 0; i < MerkleTree.nodeCount(level); i++)
            {
                if (i == onPath)
                {
                    assertNotEquals(before[level][i], after[level][i], "level " + level);
                }
                else
                {
                    assertEquals(before[level][i], after[level][i], "level " + level + " node " + i);
                }
            }
        }
    }

    @Test
    void incrementalTreeEqualsTreeRebuiltFromScratchAfterRandomOperations()
    {
        final KvStoreConfig config = new KvStoreConfig().nodeId(1).merkleDepth(3).tombstoneTtlNs(100);
        final KvStore store = new KvStore(config);
        final KvStore other = new KvStore(new KvStoreConfig().nodeId(2).merkleDepth(3));
        final Random random = new Random(99);
        long nowNs = 0;
        for (int op = 0; op < 20_000; op++)
        {
            nowNs += 1;
            final byte[] key = bytes("k" + random.nextInt(3_000));
            switch (random.nextInt(6))
            {
                case 0, 1 -> store.put(key, bytes("v" + op), nowNs);
                case 2 -> store.delete(key, nowNs);
                case 3 ->
                {
                    other.put(key, bytes("o" + op), nowNs);
                    KvTestSupport.replicate(other, key, store, nowNs); // concurrent: siblings
                }
                case 4 -> KvTestSupport.replicate(store, key, other, nowNs);
                default -> store.collectGarbage(nowNs);
            }
        }

        final MerkleTree rebuilt = new MerkleTree(3);
        final KeyTable keyTable = store.keyTable();
        final VersionTable versionTable = store.versionTable();
        for (int k = 0; k < keyTable.highWater(); k++)
        {
            if (null != keyTable.bytes(k))
            {
                for (int v = keyTable.firstVersion(k); KvStore.NULL_ID != v; v = versionTable.next(v))
                {
                    assertEquals(store.recomputeDigest(v), versionTable.digest(v));
                    rebuilt.add(KeyTable.hashKey(new UnsafeBuffer(keyTable.bytes(k)), 0, keyTable.bytes(k).length),
                        store.recomputeDigest(v));
                }
            }
        }
        assertNotEquals(0, rebuilt.rootHash());
        assertEquals(rebuilt.rootHash(), store.rootHash());
        assertAllNodesEqual(rebuilt, store.merkleTree());

        // and a store that received every version by merge, in another order, has the same tree
        final KvStore copy = new KvStore(new KvStoreConfig().nodeId(3).merkleDepth(3));
        final List<byte[]> keys = new ArrayList<>();
        store.forEachKey((key, offset, length, versions) ->
        {
            final byte[] k = new byte[length];
            key.getBytes(offset, k);
            keys.add(k);
        });
        for (int i = keys.size() - 1; i >= 0; i--)
        {
            KvTestSupport.replicate(store, keys.get(i), copy, nowNs);
        }
        assertEquals(store.rootHash(), copy.rootHash());
    }

    @Test
    void rejectsDepthsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree(0));
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree(MerkleTree.MAX_DEPTH + 1));
    }

    private static long[][] snapshot(final MerkleTree tree)
    {
        final long[][] digests = new long[tree.depth() + 1][];
        for (int level = 0; level <= tree.depth(); level++)
        {
            digests[level] = new long[MerkleTree.nodeCount(level)];
            for (int i = 0; i < digests[level].length; i++)
            {
                digests[level][i] = tree.digest(level, i);
            }
        }
        return digests;
    }

    private static void assertAllNodesEqual(final MerkleTree expected, final MerkleTree actual)
    {
        for (int level = 0; level <= expected.depth(); level++)
        {
            for (int i = 0; i < MerkleTree.nodeCount(level); i++)
            {
                assertEquals(expected.digest(level, i), actual.digest(level, i), "level " + level + " node " + i);
            }
        }
    }
}

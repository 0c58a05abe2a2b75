package io.starling.engine.kv;

import java.util.Arrays;

/**
 * A fixed-shape 16-ary Merkle tree over the 64-bit hash space of keys. Level 0 is the root; level {@code depth}
 * holds the {@code 16^depth} leaves, and a key with hash {@code h} lives in leaf {@code h >>> (64 - 4 x depth)}
 * (the top bits), so the leaves of a subtree cover one contiguous hash range.
 * <p>
 * A leaf's digest is the sum (mod 2^64) of the digests of the versions stored in it, so a write changes it by
 * adding or subtracting one version digest: no leaf is ever rehashed from its contents. An inner node's digest is
 * XXH64 of its 16 children's digests (zero when all are zero, so empty subtrees cost nothing), recomputed lazily:
 * a write marks the path to the root dirty, O(depth), and a digest read recomputes only the dirty nodes below it.
 * Memory: 8 bytes per leaf plus 9 bytes per inner node (depth 5: about 9 MB for 1,048,576 leaves).
 * Single threaded.
 */
public final class MerkleTree
{
    /** log2 of the fanout. */
    public static final int FANOUT_BITS = 4;
    /** Children per inner node. */
    public static final int FANOUT = 1 << FANOUT_BITS;
    /** Deepest tree supported (16^6 = 16,777,216 leaves, 128 MB). */
    public static final int MAX_DEPTH = 6;

    private static final long INNER_SEED = 0x4D45524B4C450000L;

    private final int depth;
    private final int leafShift;
    private final long[] leaves;
    private final long[] inner;
    private final boolean[] dirty;
    private final long[][] scratch;

    /**
     * @param depth levels below the root, 1 to {@link #MAX_DEPTH}.
     */
    public MerkleTree(final int depth)
    {
        if (depth < 1 || depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("depth=" + depth + " must be in [1, " + MAX_DEPTH + "]");
        }
        this.depth = depth;
        this.leafShift = 64 - FANOUT_BITS * depth;
        this.leaves = new long[nodeCount(depth)];
        final int innerCount = levelOffset(depth);
        this.inner = new long[innerCount];
        this.dirty = new boolean[innerCount];
        this.scratch = new long[depth][FANOUT];
    }

    /**
     * @param level a level, 0 (root) to depth.
     * @return number of nodes at that level.
     */
    public static int nodeCount(final int level)
    {
        return 1 << (FANOUT_BITS * level);
    }

    /**
     * @return levels below the root.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return number of leaves.
     */
    public int leafCount()
    {
        return leaves.length;
    }

    /**
     * @param keyHash XXH64 of a key.
     * @return the leaf the key lives in.
     */
    public int leafOf(final long keyHash)
    {
        return (int)(keyHash >>> leafShift);
    }

    /**
     * Add to the digest of a key's leaf: {@code +digest} when a version is stored, {@code -digest} when removed.
     *
     * @param keyHash XXH64 of the key.
     * @param delta   amount to add (mod 2^64).
     */
    public void add(final long keyHash, final long delta)
    {
        final int leaf = leafOf(keyHash);
        leaves[leaf] += delta;
        for (int level = depth - 1; level >= 0; level--)
        {
            final int pos = levelOffset(level) + (leaf >>> (FANOUT_BITS * (depth - level)));
            if (dirty[pos])
            {
                break;
            }
            dirty[pos] = true;
        }
    }

    /**
     * @param level 0 (root) to depth (leaves).
     * @param index of the node within its level, {@code [0, nodeCount(level))}.
     * @return the node's digest; zero for an empty subtree.
     */
    public long digest(final int level, final int index)
    {
        if (level == depth)
        {
            return leaves[index];
        }
        final int pos = levelOffset(level) + index;
        if (dirty[pos])
        {
            final long[] children = scratch[level];
            final int firstChild = index << FANOUT_BITS;
            long any = 0;
            for (int i = 0; i < FANOUT; i++)
            {
                final long d = digest(level + 1, firstChild + i);
                children[i] = d;
                any |= d;
            }
            inner[pos] = 0 == any ? 0 : XxHash64.hashLongs(children, 0, FANOUT, INNER_SEED + level);
            dirty[pos] = false;
        }
        return inner[pos];
    }

    /**
     * @return digest of the whole tree; zero when empty.
     */
    public long rootHash()
    {
        return digest(0, 0);
    }

    /**
     * @param level a level.
     * @param index a node index.
     * @return true if the node exists in this tree.
     */
    public boolean isValidNode(final int level, final int index)
    {
        return level >= 0 && level <= depth && index >= 0 && index < nodeCount(level);
    }

    /**
     * Empty the tree.
     */
    public void clear()
    {
        Arrays.fill(leaves, 0);
        Arrays.fill(inner, 0);
        Arrays.fill(dirty, false);
    }

    private static int levelOffset(final int level)
    {
        return (nodeCount(level) - 1) / (FANOUT - 1);
    }
}

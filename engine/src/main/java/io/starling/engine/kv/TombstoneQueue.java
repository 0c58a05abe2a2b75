package io.starling.engine.kv;

/**
 * The store's tombstones in death-time order, so that {@link KvStore#collectGarbage} takes the due ones from the
 * head: a ring of (version id, death time) pairs, doubled when full. Kept sorted on insertion, since a merged
 * tombstone may be dated before the last one queued. An entry outlives its version: the collector checks the
 * version id still holds a tombstone of that death time. Allocates only when it grows.
 */
final class TombstoneQueue
{
    private int[] versionIds = new int[64];
    private long[] deathNs = new long[64];
    private long head;
    private long tail;

    /**
     * @param versionId a tombstone version.
     * @param death     when it was deleted (its age is counted from here).
     */
    void add(final int versionId, final long death)
    {
        if (tail - head == versionIds.length)
        {
            grow();
        }
        final int mask = versionIds.length - 1;
        long i = tail;
        while (i > head && deathNs[(int)(i - 1) & mask] > death)
        {
            versionIds[(int)i & mask] = versionIds[(int)(i - 1) & mask];
            deathNs[(int)i & mask] = deathNs[(int)(i - 1) & mask];
            i--;
        }
        versionIds[(int)i & mask] = versionId;
        deathNs[(int)i & mask] = death;
        tail++;
    }

    /**
     * @return true if no tombstone is queued.
     */
    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * @return death time of the oldest queued tombstone; only when not {@link #isEmpty()}.
     */
    long headDeathNs()
    {
        return deathNs[(int)head & (versionIds.length - 1)];
    }

    /**
     * @return version id of the oldest queued tombstone, taken off the queue; only when not {@link #isEmpty()}.
     */
    int pollHead()
    {
        return versionIds[(int)head++ & (versionIds.length - 1)];
    }

    private void grow()
    {
        final int oldCapacity = versionIds.length;
        final int[] versions = new int[oldCapacity * 2];
        final long[] deaths = new long[oldCapacity * 2];
        for (long i = head, j = 0; i < tail; i++, j++)
        {
            final int from = (int)i & (oldCapacity - 1);
            versions[(int)j] = versionIds[from];
            deaths[(int)j] = deathNs[from];
        }
        tail -= head;
        head = 0;
        versionIds = versions;
        deathNs = deaths;
    }
}

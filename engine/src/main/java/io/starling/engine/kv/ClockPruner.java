package io.starling.engine.kv;

import org.agrona.collections.Long2LongHashMap;

/**
 * Clock pruning of local writes, as Riak and Dynamo do, and the writers' last-seen times it is based on. Above
 * {@code clockPruneEntries} writers, a local write's clock drops, oldest first, the entries of writers not seen (in
 * any clock) for {@code clockPruneAgeNs}, but only those the newest version it supersedes does not hold, so the new
 * version still dominates that one. Above {@code maxClockEntries} it first drops those whatever their age, and only
 * if that is not enough the oldest of the rest, down to {@code clockPruneEntries} (never the store's own). Such a
 * hard cut no longer dominates the versions holding the dropped entries: a replica holding one keeps it as a
 * sibling (the resolver ranks it below, being older by Lamport time) until evicted at {@code maxSiblings}. A key
 * gains about one such sibling per {@code maxClockEntries - clockPruneEntries} new writers (16 by default).
 * Merged clocks are never pruned. Single threaded.
 */
final class ClockPruner
{
    private static final long NEVER_SEEN = Long.MIN_VALUE;

    private final int nodeId;
    private final int maxClockEntries;
    private final int clockPruneEntries;
    private final long clockPruneAgeNs;
    private final Long2LongHashMap writerLastSeenNs = new Long2LongHashMap(NEVER_SEEN);
    private long clocksPruned;

    ClockPruner(final int nodeId, final int maxClockEntries, final int clockPruneEntries, final long clockPruneAgeNs)
    {
        this.nodeId = nodeId;
        this.maxClockEntries = maxClockEntries;
        this.clockPruneEntries = clockPruneEntries;
        this.clockPruneAgeNs = clockPruneAgeNs;
    }

    /**
     * A version of this writer was written or merged now.
     */
    void seenWriting(final int writer, final long nowNs)
    {
        writerLastSeenNs.put(writer, nowNs);
    }

    /**
     * The writers of a merged clock that were never seen are seen now (the others keep their time).
     */
    void seenInClock(final VectorClock clock, final long nowNs)
    {
        for (int i = 0; i < clock.size(); i++)
        {
            if (NEVER_SEEN == writerLastSeenNs.get(clock.nodeIdAt(i)))
            {
                writerLastSeenNs.put(clock.nodeIdAt(i), nowNs);
            }
        }
    }

    /**
     * Forget writers not seen for {@code clockPruneAgeNs}, once more than {@code 4 x maxClockEntries} are known.
     */
    void forgetOldWriters(final long nowNs)
    {
        if (writerLastSeenNs.size() <= 4 * maxClockEntries)
        {
            return;
        }
        final Long2LongHashMap.EntryIterator it = writerLastSeenNs.entrySet().iterator();
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
     * Prune a local write's clock (see the class comment).
     *
     * @param clock            the new version's clock, pruned in place.
     * @param newestSuperseded packed clock of the newest version it supersedes, or null.
     * @param nowNs            current time.
     */
    void prune(final VectorClock clock, final long[] newestSuperseded, final long nowNs)
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

    /**
     * @return clock entries dropped.
     */
    long clocksPruned()
    {
        return clocksPruned;
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
}

package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import static io.starling.engine.sim.MemberViews.NOT_SET;

/**
 * What healthy members suffer: a member never killed, never paused longer than the pause threshold and never
 * departed, seen SUSPECT (a false suspicion) or declared DEAD (a false positive), as events and as distinct
 * members, and whether each false suspicion was refuted: the suspecting node later saw the member ALIVE with a
 * higher incarnation. Suspicions and deaths between nodes that the most recent partition separated are counted
 * apart, with the time from the split to each death declared while the partition stood (how long until every
 * observer holds the other side dead) and, per pair, how long after the member's first suspicion across the split
 * this observer heard of it (the suspicion's dissemination). Detection of crashed nodes is {@link DetectionMetrics}.
 */
final class FalsePositiveMetrics
{
    private final boolean[] everKilled;
    private final boolean[] longPaused;
    private final boolean[] departed;
    private final boolean[] falsePositiveMember;
    private final Long2LongHashMap pendingSuspicions = new Long2LongHashMap(NOT_SET);
    private NetworkModel network;
    private long falseSuspicions;
    private long falseSuspicionsRefuted;
    private long falsePositiveEvents;
    private int falsePositiveMembers;
    private long partitionSuspicions;
    private long partitionDeaths;
    private long partitionStartNs;
    private final LongArrayList partitionDeathDelaysNs = new LongArrayList();
    private final LongArrayList partitionSpreadLagsNs = new LongArrayList();
    private final LongHashSet partitionPairsHeard = new LongHashSet();
    private long[] partitionFirstSuspicionNs;

    FalsePositiveMetrics(final int nodeCount)
    {
        everKilled = new boolean[nodeCount];
        longPaused = new boolean[nodeCount];
        departed = new boolean[nodeCount];
        falsePositiveMember = new boolean[nodeCount];
    }

    void network(final NetworkModel network)
    {
        this.network = network;
    }

    /**
     * @return true if the member was ever killed, paused long or departed: its suspicion is no false positive.
     */
    boolean faulty(final int member)
    {
        return everKilled[member] || longPaused[member] || departed[member];
    }

    /**
     * Observer {@code o} saw a healthy member {@code m} SUSPECT.
     */
    void onSuspect(final long nowNs, final int o, final int m, final int incarnation)
    {
        if (null != network && network.separatedByLastPartition(o, m))
        {
            partitionSuspicions++;
            onHeardAcrossSplit(nowNs, o, m);
        }
        else
        {
            falseSuspicions++;
            recordPendingSuspicion(o, m, incarnation);
        }
    }

    /**
     * Observer {@code o} declared a healthy member {@code m} DEAD, from state {@code prev}.
     */
    void onDead(final long nowNs, final int o, final int m, final int prev, final int incarnation)
    {
        if (null != network && network.separatedByLastPartition(o, m))
        {
            partitionDeaths++;
            if (network.separated(o, m))
            {
                partitionDeathDelaysNs.addLong(nowNs - partitionStartNs);
                onHeardAcrossSplit(nowNs, o, m);
            }
        }
        else
        {
            falsePositiveEvents++;
            if (!falsePositiveMember[m])
            {
                falsePositiveMember[m] = true;
                falsePositiveMembers++;
            }
            if (MemberState.SUSPECT != prev)
            {
                recordPendingSuspicion(o, m, incarnation);
            }
        }
    }

    /**
     * Observer {@code o} saw member {@code m} ALIVE: a refutation of its pending suspicion if the incarnation is
     * higher.
     */
    void onAlive(final int o, final int m, final int incarnation)
    {
        if (!pendingSuspicions.isEmpty())
        {
            final long key = pairKey(o, m);
            final long pending = pendingSuspicions.get(key);
            if (NOT_SET != pending && incarnation > (int)pending)
            {
                falseSuspicionsRefuted += pending >>> 32;
                pendingSuspicions.remove(key);
            }
        }
    }

    /**
     * A partition was put in force now.
     */
    void onPartition(final long nowNs)
    {
        partitionStartNs = nowNs;
        partitionDeathDelaysNs.clear();
        partitionSpreadLagsNs.clear();
        partitionPairsHeard.clear();
        if (null == partitionFirstSuspicionNs)
        {
            partitionFirstSuspicionNs = new long[everKilled.length];
        }
        java.util.Arrays.fill(partitionFirstSuspicionNs, NOT_SET);
    }

    /**
     * @param quantile in [0, 1]: 0.5 for the median, 1 for the last.
     * @return over the (observer, member) pairs the most recent split separated, how long after the member's first
     * suspicion by any observer across it this observer first held it SUSPECT or DEAD, at that quantile, in ns, or
     * -1 if none.
     */
    long partitionSpreadLagNs(final double quantile)
    {
        return quantile(partitionSpreadLagsNs, quantile);
    }

    private void onHeardAcrossSplit(final long nowNs, final int o, final int m)
    {
        if (null == partitionFirstSuspicionNs || !network.separated(o, m))
        {
            return;
        }
        if (!partitionPairsHeard.add(pairKey(o, m)))
        {
            return;
        }
        if (NOT_SET == partitionFirstSuspicionNs[m])
        {
            partitionFirstSuspicionNs[m] = nowNs;
        }
        partitionSpreadLagsNs.addLong(nowNs - partitionFirstSuspicionNs[m]);
    }

    /**
     * @param quantile in [0, 1]: 0.5 for the median, 1 for the last.
     * @return the time from the most recent split to the death at that quantile of those declared across it while
     * it stood, in ns, or -1 if there was none.
     */
    long partitionDeathDelayNs(final double quantile)
    {
        return quantile(partitionDeathDelaysNs, quantile);
    }

    private static long quantile(final LongArrayList values, final double quantile)
    {
        final int n = values.size();
        if (0 == n)
        {
            return -1;
        }
        final long[] sorted = values.toLongArray();
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(n - 1, (int)Math.ceil(quantile * n) - 1))];
    }

    void onNodeKilled(final int node)
    {
        everKilled[node] = true;
    }

    void onLongPause(final int node)
    {
        longPaused[node] = true;
    }

    void onDeparted(final int node)
    {
        departed[node] = true;
    }

    long falseSuspicions()
    {
        return falseSuspicions;
    }

    long falseSuspicionsRefuted()
    {
        return falseSuspicionsRefuted;
    }

    int falseSuspicionsPending()
    {
        return pendingSuspicions.size();
    }

    long falsePositiveEvents()
    {
        return falsePositiveEvents;
    }

    int falsePositiveMembers()
    {
        return falsePositiveMembers;
    }

    boolean isFalsePositiveMember(final int member)
    {
        return falsePositiveMember[member];
    }

    long partitionSuspicions()
    {
        return partitionSuspicions;
    }

    long partitionDeaths()
    {
        return partitionDeaths;
    }

    private void recordPendingSuspicion(final int o, final int m, final int incarnation)
    {
        final long key = pairKey(o, m);
        final long pending = pendingSuspicions.get(key);
        final long count = NOT_SET == pending ? 1 : (pending >>> 32) + 1;
        pendingSuspicions.put(key, (count << 32) | (incarnation & 0xFFFF_FFFFL));
    }

    private static long pairKey(final int o, final int m)
    {
        return ((long)o << 32) | (m & 0xFFFF_FFFFL);
    }
}

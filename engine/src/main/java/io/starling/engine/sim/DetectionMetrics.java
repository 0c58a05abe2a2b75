package io.starling.engine.sim;

import java.util.Arrays;

import org.agrona.collections.IntArrayList;

import static io.starling.engine.sim.MemberViews.NOT_SET;

/**
 * Detection of crashed nodes: for each node killed, when it was killed, when anyone first saw it SUSPECT, when
 * anyone first declared it DEAD, and when every live node had it DEAD. What healthy members suffer is
 * {@link FalsePositiveMetrics}.
 */
final class DetectionMetrics
{
    private final MemberViews views;
    private final long[] killedAtNs;
    private final long[] firstSuspectNs;
    private final long[] firstDeadNs;
    private final long[] allDeadNs;
    private final boolean[] inKilledList;
    private final IntArrayList killedNodes = new IntArrayList();
    private final IntArrayList awaitingAllDead = new IntArrayList();

    DetectionMetrics(final int nodeCount, final MemberViews views)
    {
        this.views = views;
        killedAtNs = new long[nodeCount];
        firstSuspectNs = new long[nodeCount];
        firstDeadNs = new long[nodeCount];
        allDeadNs = new long[nodeCount];
        Arrays.fill(killedAtNs, NOT_SET);
        Arrays.fill(firstSuspectNs, NOT_SET);
        Arrays.fill(firstDeadNs, NOT_SET);
        Arrays.fill(allDeadNs, NOT_SET);
        inKilledList = new boolean[nodeCount];
    }

    /**
     * A live node saw a crashed member SUSPECT.
     */
    void onSuspect(final int member, final long nowNs)
    {
        if (NOT_SET == firstSuspectNs[member])
        {
            firstSuspectNs[member] = nowNs;
        }
    }

    /**
     * A live node declared a crashed member DEAD.
     */
    void onDead(final int member, final long nowNs)
    {
        if (NOT_SET == firstDeadNs[member])
        {
            firstDeadNs[member] = nowNs;
        }
        checkAllDead(member, nowNs);
    }

    /**
     * A node crashed (after {@link MemberViews#onNodeKilled(int)}): its detection starts over, and the nodes still
     * awaiting detection may now be DEAD at every live node, one fewer.
     */
    void onNodeKilled(final int node, final long nowNs)
    {
        killedAtNs[node] = nowNs;
        firstSuspectNs[node] = NOT_SET;
        firstDeadNs[node] = NOT_SET;
        allDeadNs[node] = NOT_SET;
        if (!inKilledList[node])
        {
            inKilledList[node] = true;
            killedNodes.addInt(node);
        }
        awaitingAllDead.addInt(node);

        for (int i = awaitingAllDead.size() - 1; i >= 0; i--)
        {
            checkAllDead(awaitingAllDead.getInt(i), nowNs);
        }
    }

    void onNodeRestarted(final int node)
    {
        awaitingAllDead.removeInt(node);
    }

    int[] killedNodes()
    {
        return killedNodes.toIntArray();
    }

    long killedAtNs(final int node)
    {
        return killedAtNs[node];
    }

    long firstSuspectNs(final int node)
    {
        return firstSuspectNs[node];
    }

    long firstDeadNs(final int node)
    {
        return firstDeadNs[node];
    }

    long allDeadNs(final int node)
    {
        return allDeadNs[node];
    }

    long detectFirstNs(final int node)
    {
        final long s = firstSuspectNs[node];
        final long d = firstDeadNs[node];
        final long first = NOT_SET == s ? d : (NOT_SET == d ? s : Math.min(s, d));
        return NOT_SET == first || NOT_SET == killedAtNs[node] ? NOT_SET : first - killedAtNs[node];
    }

    long detectAllNs(final int node)
    {
        return NOT_SET == allDeadNs[node] || NOT_SET == killedAtNs[node] ? NOT_SET : allDeadNs[node] - killedAtNs[node];
    }

    long detectAllNs()
    {
        long max = NOT_SET;
        for (int i = 0, n = killedNodes.size(); i < n; i++)
        {
            final int k = killedNodes.getInt(i);
            if (views.isCrashed(k))
            {
                final long t = detectAllNs(k);
                if (NOT_SET == t)
                {
                    return NOT_SET;
                }
                max = Math.max(max, t);
            }
        }
        return max;
    }

    boolean allKilledDetected()
    {
        return awaitingAllDead.isEmpty();
    }

    private void checkAllDead(final int member, final long nowNs)
    {
        if (NOT_SET == allDeadNs[member] && views.isCrashed(member) && views.deadSeenBy(member) >= views.liveCount())
        {
            allDeadNs[member] = nowNs;
            awaitingAllDead.removeInt(member);
        }
    }
}

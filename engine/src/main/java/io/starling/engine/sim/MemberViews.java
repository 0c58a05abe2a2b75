package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.engine.protocol.MemberState;

/**
 * The view matrix of a simulation (N x N bytes: each live node's state for each member, as last reported) and the
 * liveness of the nodes (started, live, crashed), with what they give incrementally: the count of (observer,
 * member) pairs that see each other ALIVE, hence convergence, and how many live nodes have each member DEAD. It
 * judges no detection and no false positive: {@link DetectionMetrics} and {@link FalsePositiveMetrics} do.
 */
final class MemberViews
{
    static final byte NONE = (byte)MemberState.NONE;
    static final long NOT_SET = -1;

    private final int nodeCount;
    private final byte[][] view;
    private final boolean[] started;
    private final boolean[] live;
    private final boolean[] crashed;
    private final int[] deadSeenBy;
    private int startedCount;
    private int liveCount;
    private long alivePairs;
    private long convergedNs = NOT_SET;
    private long observerInconsistencies;

    MemberViews(final int nodeCount)
    {
        this.nodeCount = nodeCount;
        view = new byte[nodeCount][];
        for (int i = 0; i < nodeCount; i++)
        {
            view[i] = new byte[nodeCount];
            Arrays.fill(view[i], NONE);
        }
        started = new boolean[nodeCount];
        live = new boolean[nodeCount];
        crashed = new boolean[nodeCount];
        deadSeenBy = new int[nodeCount];
    }

    /**
     * Record what an observer reports about a member and, if the observer is live and the member is another node,
     * update the ALIVE pairs (and convergence) and the DEAD counts.
     *
     * @return the state the observer reported before.
     */
    int onStateChange(final long nowNs, final int o, final int m, final int oldState, final int newState)
    {
        final byte[] row = view[o];
        final int prev = row[m] & 0xFF;
        if (prev != oldState)
        {
            observerInconsistencies++;
        }
        row[m] = (byte)newState;
        if (o == m || !live[o])
        {
            return prev;
        }

        if (live[m])
        {
            alivePairs += (MemberState.ALIVE == newState ? 1 : 0) - (MemberState.ALIVE == prev ? 1 : 0);
            if (MemberState.ALIVE == newState)
            {
                checkConverged(nowNs);
            }
        }
        deadSeenBy[m] += (MemberState.DEAD == newState ? 1 : 0) - (MemberState.DEAD == prev ? 1 : 0);
        return prev;
    }

    void onNodeStarted(final int node)
    {
        if (!started[node])
        {
            started[node] = true;
            startedCount++;
        }
        makeLive(node);
    }

    /**
     * A live node crashed: its views are forgotten and no one counts it as live any more.
     */
    void onNodeKilled(final int node)
    {
        final byte[] row = view[node];
        for (int m = 0; m < nodeCount; m++)
        {
            final byte s = row[m];
            if (m != node)
            {
                if (MemberState.ALIVE == s && live[m])
                {
                    alivePairs--;
                }
                if (MemberState.DEAD == s)
                {
                    deadSeenBy[m]--;
                }
            }
        }
        Arrays.fill(row, NONE);
        for (int o = 0; o < nodeCount; o++)
        {
            if (o != node && live[o] && MemberState.ALIVE == view[o][node])
            {
                alivePairs--;
            }
        }

        live[node] = false;
        liveCount--;
        crashed[node] = true;
    }

    void onNodeRestarted(final int node)
    {
        crashed[node] = false;
        makeLive(node);
    }

    void checkConverged(final long nowNs)
    {
        if (NOT_SET == convergedNs && isConverged() && liveCount > 0)
        {
            convergedNs = nowNs;
        }
    }

    boolean isConverged()
    {
        return startedCount == nodeCount && alivePairs == (long)liveCount * (liveCount - 1);
    }

    boolean isLive(final int node)
    {
        return live[node];
    }

    boolean isCrashed(final int node)
    {
        return crashed[node];
    }

    int liveCount()
    {
        return liveCount;
    }

    long alivePairs()
    {
        return alivePairs;
    }

    long convergedNs()
    {
        return convergedNs;
    }

    int viewOf(final int observer, final int member)
    {
        return view[observer][member] & 0xFF;
    }

    int deadSeenBy(final int member)
    {
        return deadSeenBy[member];
    }

    long observerInconsistencies()
    {
        return observerInconsistencies;
    }

    private void makeLive(final int node)
    {
        live[node] = true;
        liveCount++;
        for (int o = 0; o < nodeCount; o++)
        {
            if (o != node && live[o] && MemberState.ALIVE == view[o][node])
            {
                alivePairs++;
            }
        }
    }
}

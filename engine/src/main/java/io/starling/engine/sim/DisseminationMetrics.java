package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.engine.protocol.MembershipObserver;
import org.agrona.collections.IntArrayList;

import static io.starling.engine.sim.MemberViews.NOT_SET;

/**
 * Dissemination of metadata updates: for each update started by {@link Simulation#updateMetadata(int, byte[])},
 * the time until every live node has seen the new version, and when each of them first saw it (for convergence
 * curves); the same for the bytes of that version, counted when they arrive at a node
 * ({@link MembershipObserver#onMemberMetadataReceived}), since the simulated nodes share one directory. Starting an
 * update allocates O(N); every event after that costs O(1) and allocates nothing.
 */
final class DisseminationMetrics
{
    private final int nodeCount;
    private final MemberViews views;
    private final int[] currentDissemination;
    private final IntArrayList activeDisseminations = new IntArrayList();
    private final Spread versions = new Spread();
    private final Spread bytes = new Spread();
    private int disseminationCount;
    private int[] dissMember = new int[8];
    private long[] dissStartNs = new long[8];
    /** The member's metadata version after each update (from its own event), -1 until known. */
    private int[] dissVersion = new int[8];

    DisseminationMetrics(final int nodeCount, final MemberViews views)
    {
        this.nodeCount = nodeCount;
        this.views = views;
        currentDissemination = new int[nodeCount];
        Arrays.fill(currentDissemination, -1);
    }

    /**
     * Observer {@code o} learned member {@code m}'s metadata version (the member itself names the version).
     */
    void onMetadata(final long nowNs, final int o, final int m, final int metaVersion)
    {
        final int d = currentDissemination[m];
        if (d >= 0 && o == m && dissVersion[d] < 0)
        {
            dissVersion[d] = metaVersion;
        }
        if (d < 0 || o == m || !views.isLive(o) || versions.doneNs[d] >= 0)
        {
            return;
        }
        if (versions.mark(d, o, nowNs - dissStartNs[d]))
        {
            checkDisseminated(d, nowNs);
        }
    }

    /**
     * The bytes of member {@code m}'s metadata version arrived at observer {@code o}.
     */
    void onMetadataReceived(final long nowNs, final int o, final int m, final int metaVersion)
    {
        final int d = currentDissemination[m];
        if (d < 0 || o == m || !views.isLive(o) || bytes.doneNs[d] >= 0 || dissVersion[d] < 0 ||
            (short)(metaVersion - dissVersion[d]) < 0)
        {
            return;
        }
        if (bytes.mark(d, o, nowNs - dissStartNs[d]))
        {
            checkDisseminated(d, nowNs);
        }
    }

    /**
     * A node crashed (after {@link MemberViews#onNodeKilled(int)}): it no longer holds any update, and one fewer
     * node needs each.
     */
    void onNodeKilled(final int node, final long nowNs)
    {
        for (int i = activeDisseminations.size() - 1; i >= 0; i--)
        {
            final int d = activeDisseminations.getInt(i);
            versions.unmark(d, node);
            bytes.unmark(d, node);
            checkDisseminated(d, nowNs);
        }
    }

    void start(final int member, final long nowNs)
    {
        final int d = disseminationCount++;
        if (d == dissMember.length)
        {
            final int n = d * 2;
            dissMember = Arrays.copyOf(dissMember, n);
            dissStartNs = Arrays.copyOf(dissStartNs, n);
            dissVersion = Arrays.copyOf(dissVersion, n);
            versions.grow(n);
            bytes.grow(n);
        }
        final int previous = currentDissemination[member];
        if (previous >= 0 && (versions.doneNs[previous] < 0 || bytes.doneNs[previous] < 0))
        {
            activeDisseminations.removeInt(previous);
        }
        dissMember[d] = member;
        dissStartNs[d] = nowNs;
        dissVersion[d] = -1;
        versions.reset(d, nodeCount);
        bytes.reset(d, nodeCount);
        currentDissemination[member] = d;
        activeDisseminations.addInt(d);
        checkDisseminated(d, nowNs);
    }

    int count()
    {
        return disseminationCount;
    }

    int member(final int index)
    {
        return dissMember[index];
    }

    long durationNs(final int index)
    {
        return versions.doneNs[index] < 0 ? NOT_SET : versions.doneNs[index] - dissStartNs[index];
    }

    int seen(final int index)
    {
        return versions.held[index];
    }

    long[] arrivalsNs(final int index)
    {
        return versions.arrivalsNs(index);
    }

    long bytesDurationNs(final int index)
    {
        return bytes.doneNs[index] < 0 ? NOT_SET : bytes.doneNs[index] - dissStartNs[index];
    }

    int bytesHeld(final int index)
    {
        return bytes.held[index];
    }

    long[] bytesArrivalsNs(final int index)
    {
        return bytes.arrivalsNs(index);
    }

    private void checkDisseminated(final int d, final long nowNs)
    {
        final int member = dissMember[d];
        final int needed = views.liveCount() - (views.isLive(member) ? 1 : 0);
        if (versions.doneNs[d] < 0 && versions.held[d] >= needed)
        {
            versions.doneNs[d] = nowNs;
        }
        if (bytes.doneNs[d] < 0 && dissVersion[d] >= 0 && bytes.held[d] >= needed)
        {
            bytes.doneNs[d] = nowNs;
        }
        if (versions.doneNs[d] >= 0 && bytes.doneNs[d] >= 0)
        {
            activeDisseminations.removeInt(d);
        }
    }

    /**
     * How one thing (the version, or its bytes) spread for each update: which live nodes hold it, how many, when
     * each first got it, and when every live node had it.
     */
    private static final class Spread
    {
        long[] doneNs = new long[8];
        int[] held = new int[8];
        long[][] bits = new long[8][];
        long[][] arrivalNs = new long[8][];
        int[] arrivals = new int[8];

        void grow(final int n)
        {
            doneNs = Arrays.copyOf(doneNs, n);
            held = Arrays.copyOf(held, n);
            bits = Arrays.copyOf(bits, n);
            arrivalNs = Arrays.copyOf(arrivalNs, n);
            arrivals = Arrays.copyOf(arrivals, n);
        }

        void reset(final int d, final int nodeCount)
        {
            doneNs[d] = NOT_SET;
            held[d] = 0;
            bits[d] = new long[(nodeCount + 63) >>> 6];
            arrivalNs[d] = new long[nodeCount];
            arrivals[d] = 0;
        }

        /**
         * @return true if node {@code o} did not hold it before.
         */
        boolean mark(final int d, final int o, final long sinceStartNs)
        {
            final long[] words = bits[d];
            final long mask = 1L << o;
            if (0 != (words[o >>> 6] & mask))
            {
                return false;
            }
            words[o >>> 6] |= mask;
            final long[] times = arrivalNs[d];
            if (arrivals[d] < times.length)
            {
                times[arrivals[d]++] = sinceStartNs;
            }
            held[d]++;
            return true;
        }

        void unmark(final int d, final int node)
        {
            if (0 != (bits[d][node >>> 6] & (1L << node)))
            {
                bits[d][node >>> 6] &= ~(1L << node);
                held[d]--;
            }
        }

        long[] arrivalsNs(final int d)
        {
            return Arrays.copyOf(arrivalNs[d], arrivals[d]);
        }
    }
}

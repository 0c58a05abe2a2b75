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
    private int disseminationCount;
    private int[] dissMember = new int[8];
    private long[] dissStartNs = new long[8];
    private long[] dissDoneNs = new long[8];
    private int[] dissSeen = new int[8];
    private long[][] dissSeenBits = new long[8][];
    private long[][] dissArrivalNs = new long[8][];
    private int[] dissArrivals = new int[8];
    /** The member's metadata version after each update (from its own event), -1 until known. */
    private int[] dissVersion = new int[8];
    private long[] dissBytesDoneNs = new long[8];
    private int[] dissBytesHeld = new int[8];
    private long[][] dissBytesBits = new long[8][];
    private long[][] dissBytesArrivalNs = new long[8][];
    private int[] dissBytesArrivals = new int[8];

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
        if (d < 0 || o == m || !views.isLive(o) || dissDoneNs[d] >= 0)
        {
            return;
        }
        final long[] bits = dissSeenBits[d];
        final long mask = 1L << o;
        if (0 == (bits[o >>> 6] & mask))
        {
            bits[o >>> 6] |= mask;
            final long[] arrivals = dissArrivalNs[d];
            if (dissArrivals[d] < arrivals.length)
            {
                arrivals[dissArrivals[d]++] = nowNs - dissStartNs[d];
            }
            dissSeen[d]++;
            checkDisseminated(d, nowNs);
        }
    }

    /**
     * The bytes of member {@code m}'s metadata version arrived at observer {@code o}.
     */
    void onMetadataReceived(final long nowNs, final int o, final int m, final int metaVersion)
    {
        final int d = currentDissemination[m];
        if (d < 0 || o == m || !views.isLive(o) || dissBytesDoneNs[d] >= 0 || dissVersion[d] < 0 ||
            (short)(metaVersion - dissVersion[d]) < 0)
        {
            return;
        }
        final long[] bits = dissBytesBits[d];
        final long mask = 1L << o;
        if (0 == (bits[o >>> 6] & mask))
        {
            bits[o >>> 6] |= mask;
            final long[] arrivals = dissBytesArrivalNs[d];
            if (dissBytesArrivals[d] < arrivals.length)
            {
                arrivals[dissBytesArrivals[d]++] = nowNs - dissStartNs[d];
            }
            dissBytesHeld[d]++;
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
            if (0 != (dissSeenBits[d][node >>> 6] & (1L << node)))
            {
                dissSeenBits[d][node >>> 6] &= ~(1L << node);
                dissSeen[d]--;
            }
            if (0 != (dissBytesBits[d][node >>> 6] & (1L << node)))
            {
                dissBytesBits[d][node >>> 6] &= ~(1L << node);
                dissBytesHeld[d]--;
            }
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
            dissDoneNs = Arrays.copyOf(dissDoneNs, n);
            dissSeen = Arrays.copyOf(dissSeen, n);
            dissSeenBits = Arrays.copyOf(dissSeenBits, n);
            dissArrivalNs = Arrays.copyOf(dissArrivalNs, n);
            dissArrivals = Arrays.copyOf(dissArrivals, n);
            dissVersion = Arrays.copyOf(dissVersion, n);
            dissBytesDoneNs = Arrays.copyOf(dissBytesDoneNs, n);
            dissBytesHeld = Arrays.copyOf(dissBytesHeld, n);
            dissBytesBits = Arrays.copyOf(dissBytesBits, n);
            dissBytesArrivalNs = Arrays.copyOf(dissBytesArrivalNs, n);
            dissBytesArrivals = Arrays.copyOf(dissBytesArrivals, n);
        }
        final int previous = currentDissemination[member];
        if (previous >= 0 && (dissDoneNs[previous] < 0 || dissBytesDoneNs[previous] < 0))
        {
            activeDisseminations.removeInt(previous);
        }
        dissMember[d] = member;
        dissStartNs[d] = nowNs;
        dissDoneNs[d] = NOT_SET;
        dissSeen[d] = 0;
        dissSeenBits[d] = new long[(nodeCount + 63) >>> 6];
        dissArrivalNs[d] = new long[nodeCount];
        dissArrivals[d] = 0;
        dissVersion[d] = -1;
        dissBytesDoneNs[d] = NOT_SET;
        dissBytesHeld[d] = 0;
        dissBytesBits[d] = new long[(nodeCount + 63) >>> 6];
        dissBytesArrivalNs[d] = new long[nodeCount];
        dissBytesArrivals[d] = 0;
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
        return dissDoneNs[index] < 0 ? NOT_SET : dissDoneNs[index] - dissStartNs[index];
    }

    int seen(final int index)
    {
        return dissSeen[index];
    }

    long[] arrivalsNs(final int index)
    {
        return Arrays.copyOf(dissArrivalNs[index], dissArrivals[index]);
    }

    long bytesDurationNs(final int index)
    {
        return dissBytesDoneNs[index] < 0 ? NOT_SET : dissBytesDoneNs[index] - dissStartNs[index];
    }

    int bytesHeld(final int index)
    {
        return dissBytesHeld[index];
    }

    long[] bytesArrivalsNs(final int index)
    {
        return Arrays.copyOf(dissBytesArrivalNs[index], dissBytesArrivals[index]);
    }

    private void checkDisseminated(final int d, final long nowNs)
    {
        final int member = dissMember[d];
        final int needed = views.liveCount() - (views.isLive(member) ? 1 : 0);
        if (dissDoneNs[d] < 0 && dissSeen[d] >= needed)
        {
            dissDoneNs[d] = nowNs;
        }
        if (dissBytesDoneNs[d] < 0 && dissVersion[d] >= 0 && dissBytesHeld[d] >= needed)
        {
            dissBytesDoneNs[d] = nowNs;
        }
        if (dissDoneNs[d] >= 0 && dissBytesDoneNs[d] >= 0)
        {
            activeDisseminations.removeInt(d);
        }
    }
}

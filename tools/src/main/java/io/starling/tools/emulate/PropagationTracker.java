package io.starling.tools.emulate;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Times the spread of one metadata update at a time through the views of one engine's hosted nodes: the
 * coordinator {@link #arm(int) arms} it for a member just before asking the engine to update that member's
 * metadata; from then on the first metadata event about the member with a version above the one known at arming
 * marks, per hosted node, when that node learned it (the updating node's own event marks the update's start), and
 * the last of the other hosted nodes marks its completion.
 * <p>
 * Metadata events arrive on the engine's duty-cycle thread (the only writer of arrivals); the coordinator arms
 * and reads from its own thread. Arrival times are {@link System#nanoTime()} at the event.
 */
final class PropagationTracker
{
    static final long NOT_SET = -1;

    private final int memberIdBase;
    private final int memberCount;
    private final int observerCount;
    private final int[] observerIndexByMember;
    private final AtomicIntegerArray maxVersion;
    private final AtomicLongArray arrivalNs;
    private volatile int armedMember = -1;
    private volatile int baseVersion;
    private volatile long selfNs = NOT_SET;
    private volatile long doneNs = NOT_SET;
    private volatile int seen;
    private int needed;

    /**
     * @param memberIdBase smallest member id of the cluster.
     * @param memberCount  members in the cluster.
     * @param observerIds  ids of the nodes hosted by the engine this tracker listens to.
     */
    PropagationTracker(final int memberIdBase, final int memberCount, final int[] observerIds)
    {
        this.memberIdBase = memberIdBase;
        this.memberCount = memberCount;
        this.observerCount = observerIds.length;
        this.observerIndexByMember = new int[memberCount];
        java.util.Arrays.fill(observerIndexByMember, -1);
        for (int i = 0; i < observerIds.length; i++)
        {
            final int d = observerIds[i] - memberIdBase;
            if (d < 0 || d >= memberCount)
            {
                throw new IllegalArgumentException("observerIds: id " + observerIds[i] + " is outside [" +
                    memberIdBase + ", " + (memberIdBase + memberCount) + ")");
            }
            observerIndexByMember[d] = i;
        }
        this.maxVersion = new AtomicIntegerArray(memberCount);
        this.arrivalNs = new AtomicLongArray(observerCount);
    }

    /**
     * Start timing an update of a hosted member: forget the previous one. Call before the engine is asked to
     * update, from the coordinator's thread.
     *
     * @param memberId hosted member whose metadata is about to change.
     */
    void arm(final int memberId)
    {
        final int m = memberId - memberIdBase;
        if (m < 0 || m >= memberCount || observerIndexByMember[m] < 0)
        {
            throw new IllegalArgumentException("memberId " + memberId + " is not hosted here");
        }
        armedMember = -1;
        for (int i = 0; i < observerCount; i++)
        {
            arrivalNs.set(i, NOT_SET);
        }
        needed = observerCount - 1;
        seen = 0;
        selfNs = NOT_SET;
        doneNs = NOT_SET;
        baseVersion = maxVersion.get(m);
        armedMember = m;
    }

    /**
     * A hosted node saw a member's metadata change. Duty-cycle thread; allocation free.
     *
     * @param observerId  hosted node.
     * @param memberId    member.
     * @param metaVersion its new metadata version.
     */
    void onMetadataUpdate(final int observerId, final int memberId, final int metaVersion)
    {
        final int m = memberId - memberIdBase;
        final int o = observerId - memberIdBase;
        if (m < 0 || m >= memberCount || o < 0 || o >= memberCount || observerIndexByMember[o] < 0)
        {
            return;
        }
        if (metaVersion > maxVersion.get(m))
        {
            maxVersion.set(m, metaVersion);
        }
        if (m != armedMember || metaVersion <= baseVersion)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        if (o == m)
        {
            if (NOT_SET == selfNs)
            {
                selfNs = nowNs;
            }
            return;
        }
        final int index = observerIndexByMember[o];
        if (NOT_SET == arrivalNs.get(index))
        {
            arrivalNs.set(index, nowNs);
            final int count = seen + 1;
            seen = count;
            if (count == needed)
            {
                doneNs = nowNs;
            }
        }
    }

    /**
     * @return when the updating node applied the update, or {@link #NOT_SET}.
     */
    long selfNs()
    {
        return selfNs;
    }

    /**
     * @return when the last other hosted node learned the update, or {@link #NOT_SET}.
     */
    long doneNs()
    {
        return doneNs;
    }

    /**
     * @return hosted nodes other than the updating one that have the update.
     */
    int seen()
    {
        return seen;
    }

    /**
     * @return hosted nodes other than the updating one.
     */
    int needed()
    {
        return needed;
    }

    /**
     * @param fromNs time to measure from.
     * @return the arrival of each other hosted node that has the update, relative to {@code fromNs}, unsorted.
     */
    long[] arrivalsSince(final long fromNs)
    {
        final long[] out = new long[observerCount];
        int n = 0;
        for (int i = 0; i < observerCount; i++)
        {
            final long a = arrivalNs.get(i);
            if (NOT_SET != a)
            {
                out[n++] = Math.max(0, a - fromNs);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}

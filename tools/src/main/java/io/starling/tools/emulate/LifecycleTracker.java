package io.starling.tools.emulate;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.collections.IntHashSet;

/**
 * What the main engine's membership events say about the changes {@link LifecyclePhase} makes (a node joins, leaves or
 * crashes): for each tracked change, the last time any observer reached the change's target state (ALIVE for a
 * joiner, LEFT for a leaver, DEAD for a crash), which is when the change became known everywhere once
 * {@link LifecyclePhase} finds every live node holding it; and the false alarms, DEAD (or SUSPECT) about a member that
 * was never stopped. It does not decide completeness: the phase reads the views for that.
 * <p>
 * Written on the engine's duty-cycle thread (events); {@link #track(int, int)} and {@link #stopped(int)} on the
 * coordinator's, before the command that makes the change: the command queue orders them before the events.
 * Members are the dense ids {@code memberIdBase .. memberIdBase + memberCount - 1}; other ids are ignored.
 */
final class LifecycleTracker
{
    static final int JOIN = 0;
    static final int LEAVE = 1;
    static final int CRASH = 2;
    static final long NOT_SET = -1;

    private static final int UNTRACKED = -1;

    private final int memberIdBase;
    private final int memberCount;
    /** Slot of each member's tracked change, or UNTRACKED. */
    private final AtomicIntegerArray slotByMember;
    /** 1 for members stopped on purpose (killed, left, crashed): their SUSPECT and DEAD are no false alarms. */
    private final AtomicIntegerArray stopped;
    private final int[] kindBySlot;
    private final AtomicLongArray lastReachNs;
    private final AtomicIntegerArray lastReachObserver;
    private final AtomicLongArray leftSeenDead;
    private final IntHashSet falsePositiveIds = new IntHashSet();
    private volatile long falseDeaths;
    private volatile long falseSuspicions;
    private volatile boolean counting;
    private int slots;

    /**
     * @param memberIdBase smallest member id (joiners included).
     * @param memberCount  members, the held joiners included.
     * @param capacity     most changes tracked.
     * @param victimIds    members already killed (stopped on purpose).
     */
    LifecycleTracker(final int memberIdBase, final int memberCount, final int capacity, final int[] victimIds)
    {
        this.memberIdBase = memberIdBase;
        this.memberCount = memberCount;
        this.slotByMember = new AtomicIntegerArray(memberCount);
        for (int m = 0; m < memberCount; m++)
        {
            slotByMember.set(m, UNTRACKED);
        }
        this.stopped = new AtomicIntegerArray(memberCount);
        for (final int id : victimIds)
        {
            stopped.set(id - memberIdBase, 1);
        }
        this.kindBySlot = new int[capacity];
        this.lastReachNs = new AtomicLongArray(capacity);
        this.lastReachObserver = new AtomicIntegerArray(capacity);
        this.leftSeenDead = new AtomicLongArray(capacity);
    }

    /**
     * Count false alarms from now on (the phase's start).
     */
    void startCounting()
    {
        counting = true;
    }

    /**
     * Track a change of a member, before the command that makes it. Coordinator thread.
     *
     * @param memberId the member.
     * @param kind     {@link #JOIN}, {@link #LEAVE} or {@link #CRASH}.
     * @return the change's slot.
     */
    int track(final int memberId, final int kind)
    {
        final int slot = slots++;
        kindBySlot[slot] = kind;
        lastReachNs.set(slot, NOT_SET);
        if (LEAVE == kind || CRASH == kind)
        {
            stopped(memberId);
        }
        slotByMember.set(memberId - memberIdBase, slot);
        return slot;
    }

    /**
     * @param memberId a member stopped on purpose; its SUSPECT and DEAD are no false alarms from now on.
     */
    void stopped(final int memberId)
    {
        stopped.set(memberId - memberIdBase, 1);
    }

    /**
     * @param memberId a member.
     * @return true if it was stopped on purpose (killed, left or crashed); any thread.
     */
    boolean isStopped(final int memberId)
    {
        final int m = memberId - memberIdBase;
        return m >= 0 && m < memberCount && 0 != stopped.get(m);
    }

    void onAlive(final int observerId, final int memberId)
    {
        reached(observerId, memberId, JOIN);
    }

    void onSuspect(final int observerId, final int memberId)
    {
        final int m = memberId - memberIdBase;
        if (counting && m >= 0 && m < memberCount && 0 == stopped.get(m) && observerId != memberId)
        {
            falseSuspicions++;
        }
    }

    void onDead(final int observerId, final int memberId)
    {
        final int m = memberId - memberIdBase;
        if (m < 0 || m >= memberCount)
        {
            return;
        }
        if (0 == stopped.get(m))
        {
            if (counting && observerId != memberId)
            {
                falseDeaths++;
                synchronized (falsePositiveIds)
                {
                    falsePositiveIds.add(memberId);
                }
            }
            return;
        }
        final int slot = slotByMember.get(m);
        if (UNTRACKED != slot && LEAVE == kindBySlot[slot])
        {
            leftSeenDead.incrementAndGet(slot);
        }
        reached(observerId, memberId, CRASH);
    }

    void onLeft(final int observerId, final int memberId)
    {
        reached(observerId, memberId, LEAVE);
    }

    private void reached(final int observerId, final int memberId, final int kind)
    {
        final int m = memberId - memberIdBase;
        if (m < 0 || m >= memberCount)
        {
            return;
        }
        final int slot = slotByMember.get(m);
        if (UNTRACKED != slot && kind == kindBySlot[slot])
        {
            lastReachObserver.set(slot, observerId);
            lastReachNs.set(slot, System.nanoTime());
        }
    }

    /**
     * @param slot a tracked change.
     * @return when an observer last reached its target state, or {@link #NOT_SET}.
     */
    long lastReachNs(final int slot)
    {
        return lastReachNs.get(slot);
    }

    /**
     * @param slot a tracked change.
     * @return the observer that last reached its target state (valid once {@link #lastReachNs(int)} is set).
     */
    int lastReachObserver(final int slot)
    {
        return lastReachObserver.get(slot);
    }

    /**
     * @param slot a tracked leave.
     * @return how many times an observer declared the leaver DEAD (it stopped before its LEFT reached it).
     */
    long leftSeenDead(final int slot)
    {
        return leftSeenDead.get(slot);
    }

    /**
     * @return DEAD events about members never stopped, since {@link #startCounting()}.
     */
    long falseDeaths()
    {
        return falseDeaths;
    }

    /**
     * @return SUSPECT events about members never stopped, since {@link #startCounting()}.
     */
    long falseSuspicions()
    {
        return falseSuspicions;
    }

    /**
     * @return ids of the members never stopped that some node declared DEAD, ascending.
     */
    int[] falsePositiveIds()
    {
        synchronized (falsePositiveIds)
        {
            final int[] ids = new int[falsePositiveIds.size()];
            int i = 0;
            for (final int id : falsePositiveIds)
            {
                ids[i++] = id;
            }
            java.util.Arrays.sort(ids);
            return ids;
        }
    }
}

package io.starling.tools.emulate;

import java.util.concurrent.atomic.AtomicLongArray;

import io.starling.engine.api.MembershipListener;
import org.agrona.collections.IntArrayList;

/**
 * Keeps the aggregate of one engine's views from its membership events, so that no view is ever scanned: a
 * two-bit mirror of every (hosted observer, member) state gives the old state of each change, from which the count
 * of ALIVE pairs, detection of the killed members and false suspicions and deaths of the healthy ones follow in
 * O(1) per event. Written on the engine's duty-cycle thread (the only writer); read from any thread through
 * {@link #snapshot(HostStatus.EngineView)}, release/acquire ordered, never locked.
 * <p>
 * Members are the dense ids {@code memberIdBase .. memberIdBase + memberCount - 1}; events about any other id are
 * counted as unknown. The mirror costs {@code observers x members / 4} bytes (25 MB for 10,000 x 10,000).
 */
final class ViewTracker implements MembershipListener
{
    static final int NONE = 0;
    static final int ALIVE = 1;
    static final int SUSPECT = 2;
    static final int GONE = 3;

    private static final long NOT_SET = -1;

    private static final int ALIVE_PAIRS = 0;
    private static final int COMPLETE_SINCE_NS = 1;
    private static final int FALSE_SUSPICIONS = 2;
    private static final int FALSE_DEATHS = 3;
    private static final int UNKNOWN_EVENTS = 4;
    private static final int EVENTS = 5;
    private static final int FALSE_POSITIVE_MEMBERS = 6;
    private static final int VALUES = 7;

    private final int memberIdBase;
    private final int memberCount;
    private final int observerCount;
    private final boolean observersAreVictims;
    private final long targetPairs;
    private final int[] observerIndexByMember;
    private final int[] victimIndexByMember;
    private final int[] victimIds;
    private final long[] states;
    private final boolean[] falsePositive;
    private final IntArrayList falsePositiveIds = new IntArrayList();
    private final AtomicLongArray values = new AtomicLongArray(VALUES);
    private final AtomicLongArray firstDetectNs;
    private final AtomicLongArray firstDeadNs;
    private final AtomicLongArray allDeadNs;
    private final AtomicLongArray deadObservers;
    private long alivePairs;
    private volatile long killedAtNs = NOT_SET;
    private boolean strangersCounted;
    private volatile PropagationTracker propagation;
    private volatile LifecycleTracker lifecycle;

    /**
     * @param memberIdBase        smallest member id of the cluster.
     * @param memberCount         members in the cluster.
     * @param observerIds         ids of the nodes hosted by the engine this tracker listens to.
     * @param victimIds           ids of the members that will be killed (anywhere in the cluster).
     * @param observersAreVictims true if the hosted nodes are themselves the victims (their views stop counting
     *                            for detection; they die with the kill).
     */
    ViewTracker(
        final int memberIdBase,
        final int memberCount,
        final int[] observerIds,
        final int[] victimIds,
        final boolean observersAreVictims)
    {
        this.memberIdBase = memberIdBase;
        this.memberCount = memberCount;
        this.observerCount = observerIds.length;
        this.observersAreVictims = observersAreVictims;
        this.targetPairs = (long)observerIds.length * (memberCount - 1);
        this.observerIndexByMember = new int[memberCount];
        java.util.Arrays.fill(observerIndexByMember, -1);
        for (int i = 0; i < observerIds.length; i++)
        {
            observerIndexByMember[dense("observerIds", observerIds[i])] = i;
        }
        this.victimIds = victimIds.clone();
        this.victimIndexByMember = new int[memberCount];
        java.util.Arrays.fill(victimIndexByMember, -1);
        for (int k = 0; k < victimIds.length; k++)
        {
            victimIndexByMember[dense("victimIds", victimIds[k])] = k;
        }
        final long bits = 2L * observerIds.length * memberCount;
        if (bits / 64 + 1 > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("observers x members = " + (bits / 2) + " is too large to track");
        }
        this.states = new long[(int)(bits / 64 + 1)];
        this.falsePositive = new boolean[memberCount];
        this.firstDetectNs = notSet(victimIds.length);
        this.firstDeadNs = notSet(victimIds.length);
        this.allDeadNs = notSet(victimIds.length);
        this.deadObservers = new AtomicLongArray(victimIds.length);
        values.set(COMPLETE_SINCE_NS, 0 == targetPairs ? 0 : NOT_SET);
    }

    /**
     * Record the moment the victims died: from now on, SUSPECT and DEAD about them are detections, not false
     * alarms. Call just before the victims are stopped.
     *
     * @param nowNs {@link System#nanoTime()} of the kill.
     */
    void killed(final long nowNs)
    {
        killedAtNs = nowNs;
    }

    public void onJoin(final int observerId, final int memberId, final int incarnation)
    {
        final LifecycleTracker lifecycle = this.lifecycle;
        if (null != lifecycle)
        {
            lifecycle.onAlive(observerId, memberId);
        }
        onChange(observerId, memberId, ALIVE);
    }

    public void onAlive(final int observerId, final int memberId, final int incarnation)
    {
        final LifecycleTracker lifecycle = this.lifecycle;
        if (null != lifecycle)
        {
            lifecycle.onAlive(observerId, memberId);
        }
        onChange(observerId, memberId, ALIVE);
    }

    public void onSuspect(final int observerId, final int memberId, final int incarnation)
    {
        final LifecycleTracker lifecycle = this.lifecycle;
        if (null != lifecycle)
        {
            lifecycle.onSuspect(observerId, memberId);
        }
        onChange(observerId, memberId, SUSPECT);
    }

    public void onDead(final int observerId, final int memberId, final int incarnation)
    {
        final LifecycleTracker lifecycle = this.lifecycle;
        if (null != lifecycle)
        {
            lifecycle.onDead(observerId, memberId);
        }
        onChange(observerId, memberId, GONE);
    }

    public void onLeft(final int observerId, final int memberId, final int incarnation)
    {
        final LifecycleTracker lifecycle = this.lifecycle;
        if (null != lifecycle)
        {
            lifecycle.onLeft(observerId, memberId);
        }
        onChange(observerId, memberId, GONE);
    }

    /**
     * @param tracker told of every state event of the hosted nodes from now on (null for none).
     */
    void lifecycle(final LifecycleTracker tracker)
    {
        lifecycle = tracker;
    }

    public void onMetadataUpdate(final int observerId, final int memberId, final int metaVersion)
    {
        final PropagationTracker tracker = propagation;
        if (null != tracker)
        {
            tracker.onMetadataUpdate(observerId, memberId, metaVersion);
        }
    }

    /**
     * @param tracker told of every metadata event of the hosted nodes from now on (null for none).
     */
    void propagation(final PropagationTracker tracker)
    {
        propagation = tracker;
    }

    /**
     * Apply one state change of the view of {@code observerId}. Duty-cycle thread only; allocation free except when
     * a healthy member is declared dead for the first time.
     *
     * @param observerId observing node.
     * @param memberId   member whose state changed.
     * @param newState   {@link #ALIVE}, {@link #SUSPECT} or {@link #GONE}.
     */
    void onChange(final int observerId, final int memberId, final int newState)
    {
        if (!strangersCounted && NOT_SET != killedAtNs)
        {
            countStrangers();
        }
        values.lazySet(EVENTS, values.get(EVENTS) + 1);
        final int m = memberId - memberIdBase;
        final int o = observerId - memberIdBase;
        if (m < 0 || m >= memberCount || o < 0 || o >= memberCount || observerIndexByMember[o] < 0)
        {
            values.lazySet(UNKNOWN_EVENTS, values.get(UNKNOWN_EVENTS) + 1);
            return;
        }
        if (m == o)
        {
            return;
        }
        final long pair = (long)observerIndexByMember[o] * memberCount + m;
        final int word = (int)(pair >>> 5);
        final int shift = (int)(pair & 31) << 1;
        final int oldState = (int)(states[word] >>> shift) & 3;
        if (oldState == newState)
        {
            return;
        }
        states[word] = (states[word] & ~(3L << shift)) | ((long)newState << shift);

        if (ALIVE == oldState || ALIVE == newState)
        {
            alivePairs += ALIVE == newState ? 1 : -1;
            values.lazySet(ALIVE_PAIRS, alivePairs);
            if (alivePairs == targetPairs)
            {
                values.lazySet(COMPLETE_SINCE_NS, System.nanoTime());
            }
            else if (ALIVE == oldState && alivePairs == targetPairs - 1)
            {
                values.lazySet(COMPLETE_SINCE_NS, NOT_SET);
            }
        }

        final int victim = victimIndexByMember[m];
        final long killedAt = killedAtNs;
        final LifecycleTracker lifecycle = this.lifecycle;
        if (victim >= 0 && NOT_SET != killedAt)
        {
            if (!observersAreVictims)
            {
                onVictimChange(victim, oldState, newState);
            }
        }
        else if (null != lifecycle && lifecycle.isStopped(memberId))
        {
            return; // left or crashed on purpose (churn): no false alarm
        }
        else if (SUSPECT == newState)
        {
            values.lazySet(FALSE_SUSPICIONS, values.get(FALSE_SUSPICIONS) + 1);
        }
        else if (GONE == newState)
        {
            values.lazySet(FALSE_DEATHS, values.get(FALSE_DEATHS) + 1);
            if (!falsePositive[m])
            {
                falsePositive[m] = true;
                synchronized (falsePositiveIds)
                {
                    falsePositiveIds.addInt(memberId);
                }
                values.lazySet(FALSE_POSITIVE_MEMBERS, values.get(FALSE_POSITIVE_MEMBERS) + 1);
            }
        }
    }

    /**
     * At the first event after the kill (on the duty-cycle thread, so the view bits are current): an observer that
     * never knew a victim (its pair is still {@link #NONE}, e.g. a join announcement lost under loss and not yet
     * repaired by push-pull) does not believe it alive, and the protocol never teaches a node the death of a
     * stranger. Such pairs count as detected from the start; if the observer later learns the victim alive, the
     * pair counts again as undetected until it has it dead.
     */
    private void countStrangers()
    {
        strangersCounted = true;
        if (observersAreVictims)
        {
            return;
        }
        for (int k = 0; k < victimIds.length; k++)
        {
            final int m = victimIds[k] - memberIdBase;
            long strangers = 0;
            for (int i = 0; i < observerCount; i++)
            {
                final long pair = (long)i * memberCount + m;
                if (NONE == ((int)(states[(int)(pair >>> 5)] >>> ((int)(pair & 31) << 1)) & 3))
                {
                    strangers++;
                }
            }
            if (strangers > 0)
            {
                final long detected = deadObservers.get(k) + strangers;
                deadObservers.lazySet(k, detected);
                if (detected == observerCount && NOT_SET == allDeadNs.get(k))
                {
                    allDeadNs.lazySet(k, System.nanoTime());
                }
            }
        }
    }

    private static boolean detected(final int state)
    {
        return GONE == state || NONE == state;
    }

    private void onVictimChange(final int victim, final int oldState, final int newState)
    {
        if (SUSPECT == newState || GONE == newState)
        {
            if (NOT_SET == firstDetectNs.get(victim))
            {
                firstDetectNs.lazySet(victim, System.nanoTime());
            }
        }
        if (GONE == newState)
        {
            if (NOT_SET == firstDeadNs.get(victim))
            {
                firstDeadNs.lazySet(victim, System.nanoTime());
            }
        }
        if (detected(newState) && !detected(oldState))
        {
            final long dead = deadObservers.get(victim) + 1;
            deadObservers.lazySet(victim, dead);
            if (dead == observerCount)
            {
                allDeadNs.lazySet(victim, System.nanoTime());
            }
        }
        else if (detected(oldState) && !detected(newState))
        {
            deadObservers.lazySet(victim, deadObservers.get(victim) - 1);
            allDeadNs.lazySet(victim, NOT_SET);
        }
    }

    /**
     * @return true if right now every hosted node sees every other member ALIVE. Any thread.
     */
    boolean isComplete()
    {
        return values.get(COMPLETE_SINCE_NS) != NOT_SET;
    }

    /**
     * Copy the aggregate into a status. Any thread.
     *
     * @param view to fill.
     */
    void snapshot(final HostStatus.EngineView view)
    {
        view.observers = observerCount;
        view.victimObservers = observersAreVictims;
        view.alivePairs = values.get(ALIVE_PAIRS);
        view.targetPairs = targetPairs;
        view.completeSinceNs = values.get(COMPLETE_SINCE_NS);
        view.falseSuspicions = values.get(FALSE_SUSPICIONS);
        view.falseDeaths = values.get(FALSE_DEATHS);
        view.unknownEvents = values.get(UNKNOWN_EVENTS);
        view.events = values.get(EVENTS);
        synchronized (falsePositiveIds)
        {
            view.falsePositiveIds = falsePositiveIds.toIntArray();
        }
        final int k = victimIds.length;
        view.victimIds = victimIds.clone();
        view.firstDetectNs = new long[k];
        view.firstDeadNs = new long[k];
        view.allDeadNs = new long[k];
        view.deadObservers = new long[k];
        for (int i = 0; i < k; i++)
        {
            view.firstDetectNs[i] = firstDetectNs.get(i);
            view.firstDeadNs[i] = firstDeadNs.get(i);
            view.allDeadNs[i] = 0 == observerCount || observersAreVictims ? NOT_SET : allDeadNs.get(i);
            view.deadObservers[i] = deadObservers.get(i);
        }
    }

    /**
     * Which (hosted node, other member) pairs are not ALIVE, counted per member and per hosted node, as flat
     * {@code id, count} arrays (only non-zero counts). Scans the mirror (racy but harmless reads); any thread.
     *
     * @param view to fill.
     */
    void missing(final HostStatus.EngineView view)
    {
        final int[] byMember = new int[memberCount];
        final int[] byObserver = new int[observerCount];
        final int[] observerIds = new int[observerCount];
        for (int d = 0; d < memberCount; d++)
        {
            if (observerIndexByMember[d] >= 0)
            {
                observerIds[observerIndexByMember[d]] = memberIdBase + d;
            }
        }
        for (int o = 0; o < observerCount; o++)
        {
            final int self = observerIds[o] - memberIdBase;
            for (int m = 0; m < memberCount; m++)
            {
                final long pair = (long)o * memberCount + m;
                final int state = (int)(states[(int)(pair >>> 5)] >>> ((int)(pair & 31) << 1)) & 3;
                if (m != self && ALIVE != state)
                {
                    byMember[m]++;
                    byObserver[o]++;
                }
            }
        }
        view.missingByMember = flatten(byMember, null);
        view.missingByObserver = flatten(byObserver, observerIds);
    }

    private int[] flatten(final int[] counts, final int[] ids)
    {
        final IntArrayList list = new IntArrayList();
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] > 0)
            {
                list.addInt(null == ids ? memberIdBase + i : ids[i]);
                list.addInt(counts[i]);
            }
        }
        return list.toIntArray();
    }

    /**
     * @param observerId hosted node.
     * @param memberId   member.
     * @return the mirrored state ({@link #NONE}, {@link #ALIVE}, {@link #SUSPECT}, {@link #GONE}); for tests.
     */
    int state(final int observerId, final int memberId)
    {
        final long pair = (long)observerIndexByMember[observerId - memberIdBase] * memberCount +
            (memberId - memberIdBase);
        return (int)(states[(int)(pair >>> 5)] >>> ((int)(pair & 31) << 1)) & 3;
    }

    private int dense(final String name, final int id)
    {
        final int d = id - memberIdBase;
        if (d < 0 || d >= memberCount)
        {
            throw new IllegalArgumentException(name + ": id " + id + " is outside [" + memberIdBase + ", " +
                (memberIdBase + memberCount) + ")");
        }
        return d;
    }

    private static AtomicLongArray notSet(final int length)
    {
        final AtomicLongArray a = new AtomicLongArray(length);
        for (int i = 0; i < length; i++)
        {
            a.set(i, NOT_SET);
        }
        return a;
    }
}

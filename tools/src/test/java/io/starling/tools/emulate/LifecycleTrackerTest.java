package io.starling.tools.emulate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle tracker times a change only by events that reach its own target state, and counts as false alarms
 * only DEAD and SUSPECT about members never stopped, from the phase's start on.
 */
class LifecycleTrackerTest
{
    private static final int BASE = 1;

    @Test
    void aChangeIsReachedOnlyByItsOwnTargetState()
    {
        final LifecycleTracker tracker = new LifecycleTracker(BASE, 10, 4, new int[0]);
        final int join = tracker.track(8, LifecycleTracker.JOIN);
        final int leave = tracker.track(3, LifecycleTracker.LEAVE);
        final int crash = tracker.track(4, LifecycleTracker.CRASH);
        assertEquals(LifecycleTracker.NOT_SET, tracker.lastReachNs(join));

        tracker.onDead(1, 8);   // not a joiner's target (and a false alarm once counting)
        tracker.onDead(1, 3);   // a leaver seen DEAD: not LEFT
        tracker.onLeft(1, 4);   // a crash is not LEFT
        assertEquals(LifecycleTracker.NOT_SET, tracker.lastReachNs(join));
        assertEquals(LifecycleTracker.NOT_SET, tracker.lastReachNs(leave));
        assertEquals(LifecycleTracker.NOT_SET, tracker.lastReachNs(crash));
        assertEquals(1, tracker.leftSeenDead(leave));

        final long beforeNs = System.nanoTime();
        tracker.onAlive(1, 8);
        tracker.onLeft(2, 3);
        tracker.onDead(2, 4);
        assertTrue(tracker.lastReachNs(join) >= beforeNs);
        assertTrue(tracker.lastReachNs(leave) >= beforeNs);
        assertTrue(tracker.lastReachNs(crash) >= beforeNs);
    }

    @Test
    void falseAlarmsAreAboutMembersNeverStoppedAndCountFromTheStart()
    {
        final LifecycleTracker tracker = new LifecycleTracker(BASE, 10, 4, new int[] {7});
        tracker.onDead(1, 5);
        assertEquals(0, tracker.falseDeaths(), "before the phase");

        tracker.startCounting();
        tracker.track(3, LifecycleTracker.CRASH);
        tracker.onSuspect(1, 3);
        tracker.onDead(1, 3);   // the crash
        tracker.onDead(1, 7);   // the run's kill
        tracker.onDead(1, 42);  // outside the cluster
        assertEquals(0, tracker.falseDeaths());
        assertEquals(0, tracker.falseSuspicions());
        assertTrue(tracker.isStopped(3) && tracker.isStopped(7));
        assertFalse(tracker.isStopped(5));

        tracker.onSuspect(1, 5);
        tracker.onDead(1, 5);
        tracker.onDead(2, 5);
        assertEquals(2, tracker.falseDeaths());
        assertEquals(1, tracker.falseSuspicions());
        assertArrayEquals(new int[] {5}, tracker.falsePositiveIds());
    }
}

package io.starling.tools.emulate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTrackerTest
{
    // Cluster of ids 10..14; this engine hosts 10 and 11; 14 is the victim (hosted elsewhere).
    private final ViewTracker tracker = new ViewTracker(10, 5, new int[] {10, 11}, new int[] {14}, false);

    private HostStatus.EngineView view()
    {
        final HostStatus.EngineView v = new HostStatus.EngineView();
        tracker.snapshot(v);
        return v;
    }

    private void allAlive()
    {
        for (final int o : new int[] {10, 11})
        {
            for (int m = 10; m < 15; m++)
            {
                tracker.onJoin(o, m, 0);
            }
        }
    }

    @Test
    void countsAlivePairsWithoutSelfAndCompletesWhenEveryoneSeesEveryone()
    {
        assertEquals(8, view().targetPairs);
        tracker.onJoin(10, 11, 0);
        tracker.onJoin(10, 10, 0);
        tracker.onAlive(10, 11, 1);
        assertEquals(1, view().alivePairs);
        assertEquals(-1, view().completeSinceNs);
        assertFalse(tracker.isComplete());

        allAlive();
        assertEquals(8, view().alivePairs);
        assertTrue(view().completeSinceNs > 0);
        assertTrue(tracker.isComplete());

        tracker.onSuspect(11, 12, 0);
        assertEquals(7, view().alivePairs);
        assertEquals(-1, view().completeSinceNs);
        assertEquals(ViewTracker.SUSPECT, tracker.state(11, 12));

        tracker.onAlive(11, 12, 1);
        assertEquals(8, view().alivePairs);
        assertTrue(tracker.isComplete());
    }

    @Test
    void suspicionsAndDeathsOfHealthyMembersAreFalseAlarmsAndTheVictimBeforeTheKillIsHealthy()
    {
        allAlive();
        tracker.onSuspect(10, 12, 0);
        tracker.onSuspect(10, 12, 0);
        tracker.onDead(10, 12, 0);
        tracker.onDead(11, 12, 0);
        tracker.onSuspect(11, 14, 0);

        final HostStatus.EngineView v = view();
        assertEquals(2, v.falseSuspicions);
        assertEquals(2, v.falseDeaths);
        assertArrayEquals(new int[] {12}, v.falsePositiveIds);
        assertEquals(-1, v.firstDetectNs[0]);
        assertEquals(0, v.deadObservers[0]);
    }

    @Test
    void afterTheKillDetectionIsTimedAndCompleteWhenEveryHostedNodeHasTheVictimDead()
    {
        allAlive();
        final long killNs = System.nanoTime();
        tracker.killed(killNs);
        tracker.onSuspect(10, 14, 0);
        HostStatus.EngineView v = view();
        assertTrue(v.firstDetectNs[0] >= killNs);
        assertEquals(-1, v.firstDeadNs[0]);
        assertEquals(-1, v.allDeadNs[0]);

        tracker.onDead(10, 14, 0);
        v = view();
        assertTrue(v.firstDeadNs[0] >= v.firstDetectNs[0]);
        assertEquals(1, v.deadObservers[0]);
        assertEquals(-1, v.allDeadNs[0]);

        tracker.onDead(11, 14, 0);
        v = view();
        assertEquals(2, v.deadObservers[0]);
        assertTrue(v.allDeadNs[0] >= v.firstDeadNs[0]);
        assertEquals(0, v.falseSuspicions);
        assertEquals(0, v.falseDeaths);
        assertEquals(6, v.alivePairs);
    }

    @Test
    void anObserverThatNeverKnewTheVictimCountsAsDetectedUntilItLearnsItAlive()
    {
        // 11 never learned 14 (its announcement was lost): it cannot be told 14 died, and it does not think it alive.
        for (int m = 10; m < 14; m++)
        {
            tracker.onJoin(10, m, 0);
            tracker.onJoin(11, m, 0);
        }
        tracker.onJoin(10, 14, 0);
        tracker.killed(System.nanoTime());
        tracker.onSuspect(10, 14, 0);
        HostStatus.EngineView v = view();
        assertEquals(1, v.deadObservers[0], "the stranger pair counts as detected");
        assertEquals(-1, v.allDeadNs[0]);

        tracker.onDead(10, 14, 0);
        v = view();
        assertEquals(2, v.deadObservers[0]);
        assertTrue(v.allDeadNs[0] > 0);

        tracker.onJoin(11, 14, 0); // a stale ALIVE reached 11 after all: undetected until it has 14 dead
        v = view();
        assertEquals(1, v.deadObservers[0]);
        assertEquals(-1, v.allDeadNs[0]);
        tracker.onDead(11, 14, 0);
        assertEquals(2, view().deadObservers[0]);
        assertTrue(view().allDeadNs[0] > 0);
    }

    @Test
    void victimObserversNeverCountDetectionsAndUnknownIdsAreCounted()
    {
        final ViewTracker victims = new ViewTracker(10, 5, new int[] {14}, new int[] {14}, true);
        victims.killed(System.nanoTime());
        victims.onDead(14, 12, 0);
        victims.onJoin(14, 99, 0);
        victims.onJoin(99, 12, 0);
        final HostStatus.EngineView v = new HostStatus.EngineView();
        victims.snapshot(v);
        assertEquals(2, v.unknownEvents);
        assertEquals(-1, v.allDeadNs[0]);
        assertEquals(0, v.deadObservers[0]);
        assertTrue(v.victimObservers);
    }

    @Test
    void rejectsIdsOutsideTheCluster()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new ViewTracker(10, 5, new int[] {9}, new int[0], false));
        assertTrue(ex.getMessage().contains("observerIds"), ex.getMessage());
    }
}

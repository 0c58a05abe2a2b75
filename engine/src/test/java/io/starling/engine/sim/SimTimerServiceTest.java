package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.protocol.TimerService;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimTimerServiceTest
{
    private final List<RecordingNode> created = new ArrayList<>();

    private Simulation newSim(final int nodes)
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(nodes)
            .seed(11)
            .nodeFactory(RecordingNode.factory(created)));
        sim.runUntil(0);
        return sim;
    }

    @Test
    void shouldFireTimersAtTheirDeadlinesWithKindArgAndId()
    {
        final Simulation sim = newSim(2);
        final RecordingNode node = created.get(1);
        final long late = node.schedule(2, 200, 3_000);
        final long early = node.schedule(1, 100, 1_000);
        final long tie = node.schedule(3, 300, 3_000);

        sim.runUntil(2_999);
        assertEquals(1, node.timerTimesNs.size());
        assertEquals(1_000, node.timerTimesNs.getLong(0));
        assertEquals(early, node.timerIds.getLong(0));
        assertEquals(1, node.timerKinds.getLong(0));
        assertEquals(100, node.timerArgs.getLong(0));

        sim.runUntil(3_000);
        assertEquals(3, node.timerTimesNs.size());
        assertEquals(late, node.timerIds.getLong(1));
        assertEquals(tie, node.timerIds.getLong(2));
        assertEquals(0, created.get(0).timerTimesNs.size());
        assertEquals(3, sim.timersFired());
        assertEquals(3_000, sim.nowNs());
    }

    @Test
    void shouldNotFireCancelledTimers()
    {
        final Simulation sim = newSim(1);
        final RecordingNode node = created.get(0);
        final long id = node.schedule(1, 0, 1_000);
        final long kept = node.schedule(2, 0, 1_000);

        assertTrue(sim.timers().cancelTimer(id));
        assertFalse(sim.timers().cancelTimer(id));
        assertFalse(sim.timers().cancelTimer(TimerService.NULL_TIMER));

        sim.runUntil(10_000);
        assertEquals(1, node.timerIds.size());
        assertEquals(kept, node.timerIds.getLong(0));
        assertFalse(sim.timers().cancelTimer(kept), "a fired timer cannot be cancelled");
        assertEquals(1, sim.timersCancelled());
    }

    @Test
    void shouldNotLetAStaleIdCancelATimerThatReusesItsSlot()
    {
        final Simulation sim = newSim(1);
        final RecordingNode node = created.get(0);
        final long first = node.schedule(1, 0, 100);
        sim.runUntil(100);
        final long second = node.schedule(1, 1, 200);
        assertEquals((int)first, (int)second, "slot is recycled");
        assertNotEquals(first, second, "but the id differs");

        assertFalse(sim.timers().cancelTimer(first));
        sim.runUntil(200);
        assertEquals(2, node.timerIds.size());
        assertEquals(second, node.timerIds.getLong(1));
    }

    @Test
    void shouldFireADeadlineInThePastNow()
    {
        final Simulation sim = newSim(1);
        sim.runUntil(5_000);
        final RecordingNode node = created.get(0);
        node.schedule(1, 0, 10);
        sim.runUntil(5_000);
        assertEquals(1, node.timerTimesNs.size());
        assertEquals(5_000, node.timerTimesNs.getLong(0));
    }

    @Test
    void shouldDiscardTimersOfACrashedNodeEvenAfterRestart()
    {
        final Simulation sim = newSim(2);
        final RecordingNode old = created.get(1);
        old.schedule(1, 0, 1_000);
        old.schedule(1, 1, 5_000);
        sim.runUntil(500);
        sim.kill(1);
        assertTrue(sim.isCrashed(1));
        sim.runUntil(2_000);
        assertEquals(0, old.timerTimesNs.size());
        assertEquals(1, sim.timersDiscarded());

        sim.restart(1);
        final RecordingNode fresh = created.get(2);
        assertNotSame(old, fresh);
        assertEquals(fresh, sim.node(1));
        assertEquals(2_000, fresh.startedAtNs);
        fresh.schedule(2, 0, 6_000);
        sim.runUntil(10_000);
        assertEquals(0, old.timerTimesNs.size());
        assertEquals(1, fresh.timerTimesNs.size());
        assertEquals(6_000, fresh.timerTimesNs.getLong(0));
        assertEquals(2, sim.timersDiscarded());
    }
}

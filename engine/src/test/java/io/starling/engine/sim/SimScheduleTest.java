package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.schedule.LinkSchedule;
import io.starling.engine.schedule.LinkWindow;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.transport.TransportCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link schedule in virtual time: frames take the best path's latency, are dropped when no path is up, and lose at
 * the compounded rate of the path.
 */
class SimScheduleTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private final List<RecordingNode> created = new ArrayList<>();

    private Simulation newSim(final int nodes)
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(nodes)
            .seed(99)
            .latency(LatencyModel.constant(MS))
            .nodeFactory(RecordingNode.factory(created)));
        sim.runUntil(0);
        return sim;
    }

    private static void both(final List<LinkWindow> w, final long s, final long e, final int a, final int b,
        final long latencyNs, final double loss)
    {
        w.add(new LinkWindow(s, e, a, b, latencyNs, loss));
        w.add(new LinkWindow(s, e, b, a, latencyNs, loss));
    }

    @Test
    void framesFollowTheScheduleInVirtualTime()
    {
        final Simulation sim = newSim(4);
        final List<LinkWindow> w = new ArrayList<>();
        both(w, 0, 100 * S, 0, 1, 10 * MS, 0);
        both(w, 0, 2 * S, 1, 2, 20 * MS, 0);
        final long epochNs = S;
        sim.network().schedule(new ScheduledPaths(LinkSchedule.of(w), 1), epochNs);

        created.get(0).send(2, 1, false);
        sim.runUntil(S / 2);
        assertEquals(1, created.get(2).frameTimesNs.size());
        assertEquals(30 * MS + MS, created.get(2).frameTimesNs.getLong(0), "path latency 10 + 20 ms plus 1 ms drawn");

        sim.runUntil(epochNs + 2 * S);
        created.get(0).send(2, 2, false);
        created.get(0).send(1, 3, false);
        created.get(0).send(3, 4, false);
        sim.runUntil(epochNs + 3 * S);
        assertEquals(1, created.get(2).frameTimesNs.size(), "no path to node 2 after its window");
        assertEquals(1, sim.counter(0, TransportCounters.DROP_PARTITION));
        assertEquals(1, created.get(1).frameTimesNs.size());
        assertEquals(1, created.get(3).frameTimesNs.size(), "node 3 is not in the schedule: not subject to it");
    }

    @Test
    void pathLossCompoundsPerLink()
    {
        final Simulation sim = newSim(3);
        final List<LinkWindow> w = new ArrayList<>();
        both(w, 0, 100 * S, 0, 1, MS, 0.2);
        both(w, 0, 100 * S, 1, 2, MS, 0.25);
        sim.network().schedule(new ScheduledPaths(LinkSchedule.of(w), 1), 0);
        final int frames = 20_000;
        for (int i = 0; i < frames; i++)
        {
            created.get(0).send(2, i, false);
        }
        sim.runUntil(S);
        final double expected = 1 - 0.8 * 0.75;
        final double measured = sim.counter(0, TransportCounters.DROP_INJECTED_LOSS) / (double)frames;
        assertTrue(Math.abs(measured - expected) < 5 * Math.sqrt(expected * (1 - expected) / frames), "loss " + measured);
        assertEquals(frames, created.get(2).frameTimesNs.size() + sim.counter(0, TransportCounters.DROP_INJECTED_LOSS));
    }

    @Test
    void rejectsAScheduleNamingMoreNodesThanTheSimulation()
    {
        final Simulation sim = newSim(2);
        final List<LinkWindow> w = new ArrayList<>();
        both(w, 0, S, 0, 1, MS, 0);
        both(w, 0, S, 1, 2, MS, 0);
        assertThrows(IllegalArgumentException.class,
            () -> sim.network().schedule(new ScheduledPaths(LinkSchedule.of(w), 1), 0));
    }
}

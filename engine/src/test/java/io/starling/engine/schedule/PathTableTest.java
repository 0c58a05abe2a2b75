package io.starling.engine.schedule;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathTableTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static void both(final List<LinkWindow> w, final long s, final long e, final int a, final int b,
        final long latencyNs, final double loss)
    {
        w.add(new LinkWindow(s, e, a, b, latencyNs, loss));
        w.add(new LinkWindow(s, e, b, a, latencyNs, loss));
    }

    @Test
    void bestPathSumsLatencyCompoundsLossAndFollowsTheSchedule()
    {
        // a chain 0 - 1 - 2 - 3 all the time, and a shortcut 0 - 3 from 10 s to 20 s; 3 - 4 only from 30 s.
        final List<LinkWindow> w = new ArrayList<>();
        both(w, 0, 60 * S, 0, 1, 5 * MS, 0.1);
        both(w, 0, 60 * S, 1, 2, 7 * MS, 0.2);
        both(w, 0, 60 * S, 2, 3, 3 * MS, 0.0);
        both(w, 10 * S, 20 * S, 0, 3, 4 * MS, 0.5);
        both(w, 30 * S, 60 * S, 3, 4, 1 * MS, 0.0);
        final ScheduledPaths paths = new ScheduledPaths(LinkSchedule.of(w), 1);

        PathTable t = paths.current();
        assertEquals(15 * MS, t.latencyNs(0, 3));
        assertEquals(1 - 0.9 * 0.8, t.loss(0, 3), 1e-6);
        assertEquals(PathTable.NO_PATH, t.latencyNs(0, 4));
        assertEquals(0, t.latencyNs(2, 2));

        assertTrue(paths.advanceTo(12 * S));
        t = paths.current();
        assertEquals(4 * MS, t.latencyNs(0, 3));
        assertEquals(0.5, t.loss(3, 0), 1e-6);
        assertEquals(7 * MS, t.latencyNs(2, 0));
        assertFalse(paths.advanceTo(15 * S));

        paths.advanceTo(35 * S);
        t = paths.current();
        assertEquals(16 * MS, t.latencyNs(0, 4));
        assertEquals(1 * MS, t.latencyNs(4, 3));

        paths.advanceTo(60 * S);
        assertEquals(PathTable.NO_PATH, paths.current().latencyNs(0, 1));

        paths.advanceTo(12 * S);
        assertEquals(4 * MS, paths.current().latencyNs(0, 3));
    }

    @Test
    void directedLinksAreOneWay()
    {
        final List<LinkWindow> w = new ArrayList<>();
        w.add(new LinkWindow(0, 10 * S, 7, 9, 2 * MS, 0.0));
        final LinkSchedule schedule = LinkSchedule.of(w);
        final ScheduledPaths paths = new ScheduledPaths(schedule, 3);
        final int a = schedule.indexOf(7);
        final int b = schedule.indexOf(9);
        assertEquals(2 * MS, paths.current().latencyNs(a, b));
        assertEquals(PathTable.NO_PATH, paths.current().latencyNs(b, a));
        assertEquals(-1, schedule.indexOf(8));
    }

    @Test
    void aResolutionHoldsEachTableForThatLong()
    {
        final List<LinkWindow> w = new ArrayList<>();
        both(w, 3 * S, 60 * S, 0, 1, 5 * MS, 0.0);
        final ScheduledPaths paths = new ScheduledPaths(LinkSchedule.of(w), 1, 10 * S);
        paths.advanceTo(9 * S);
        assertEquals(PathTable.NO_PATH, paths.current().latencyNs(0, 1), "the 0 s table holds until 10 s");
        paths.advanceTo(10 * S);
        assertEquals(5 * MS, paths.current().latencyNs(0, 1));
        assertEquals(2, paths.stepsComputed());
    }
}

package io.starling.tools.sim;

import java.util.LinkedHashMap;
import java.util.Map;

import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The one accuracy rule of the simulator and the emulator: every (truth, observed state, windows) combination of a
 * single pair, judged strictly, API-wise (member windows) and leniently, the false-death split and the kind of
 * every strict mismatch.
 */
class ViewAccuracyTest
{
    private static final int ALIVE = MemberState.ALIVE;
    private static final int SUSPECT = MemberState.SUSPECT;
    private static final int DEAD = MemberState.DEAD;
    private static final int LEFT = MemberState.LEFT;
    private static final int NONE = MemberState.NONE;

    /** strict, api, lenient (1 = accurate), false dead out of contact, false dead in contact, shown out of contact. */
    private static long[] judge(
        final int view, final boolean crashed, final boolean out, final boolean window, final boolean selfAbsent)
    {
        final ViewAccuracy a = new ViewAccuracy();
        a.beginSample(1.0);
        a.beginObserver(selfAbsent);
        a.pair(view, crashed, out, window);
        a.endObserver();
        a.endSample(4);
        final Map<String, Object> r = new LinkedHashMap<>();
        a.putFigures(r);
        final Object shown = r.get("out_of_contact_shown_fraction");
        return new long[]{
            Math.round((Double)r.get("accuracy_strict")), Math.round((Double)r.get("accuracy_strict_member_windows")),
            Math.round((Double)r.get("accuracy_lenient")), (Long)r.get("false_dead_pair_samples_out_of_contact"),
            (Long)r.get("false_dead_pair_samples_in_contact"), null == shown ? -1 : Math.round((Double)shown) };
    }

    @Test
    void aCrashedMemberIsRightOnlyWhenGoneWhateverTheWindows()
    {
        for (final boolean window : new boolean[]{ false, true })
        {
            for (final boolean self : new boolean[]{ false, true })
            {
                for (final int gone : new int[]{ DEAD, LEFT, NONE })
                {
                    assertArrayEquals(new long[]{ 1, 1, 1, 0, 0, -1 }, judge(gone, true, true, window, self));
                    assertArrayEquals(new long[]{ 1, 1, 1, 0, 0, -1 }, judge(gone, true, false, window, self));
                }
                for (final int live : new int[]{ ALIVE, SUSPECT })
                {
                    assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, -1 }, judge(live, true, false, window, self));
                }
            }
        }
    }

    @Test
    void anOutOfContactMemberIsRightStrictlyOnlyShownOutOfContact()
    {
        for (final int live : new int[]{ ALIVE, SUSPECT })
        {
            // the observer's table holds a window: OUT_OF_CONTACT, right in every sense
            assertArrayEquals(new long[]{ 1, 1, 1, 0, 0, 1 }, judge(live, false, true, true, false));
            assertArrayEquals(new long[]{ 1, 1, 1, 0, 0, 1 }, judge(live, false, true, true, true));
            // no window, but the observer knows it is the one cut off: strict yes, the API's literal answer no
            assertArrayEquals(new long[]{ 1, 0, 1, 0, 0, 0 }, judge(live, false, true, false, true));
            // no window at all: only lenient
            assertArrayEquals(new long[]{ 0, 0, 1, 0, 0, 0 }, judge(live, false, true, false, false));
        }
        for (final boolean window : new boolean[]{ false, true })
        {
            for (final boolean self : new boolean[]{ false, true })
            {
                // DEAD: a false death of a member only out of contact (a window does not show a dead member)
                assertArrayEquals(new long[]{ 0, 0, 0, 1, 0, 0 }, judge(DEAD, false, true, window, self));
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, 0 }, judge(LEFT, false, true, window, self));
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, 0 }, judge(NONE, false, true, window, self));
            }
        }
    }

    @Test
    void aMemberInContactIsRightOnlyAliveWithoutAWindow()
    {
        assertArrayEquals(new long[]{ 1, 1, 1, 0, 0, -1 }, judge(ALIVE, false, false, false, false));
        // shown OUT_OF_CONTACT while in contact: wrong but for the lenient figure
        assertArrayEquals(new long[]{ 0, 0, 1, 0, 0, -1 }, judge(ALIVE, false, false, true, false));
        // the observer's own window is open while it is in contact: strictly wrong, the API's answer right
        assertArrayEquals(new long[]{ 0, 1, 1, 0, 0, -1 }, judge(ALIVE, false, false, false, true));
        for (final boolean window : new boolean[]{ false, true })
        {
            for (final boolean self : new boolean[]{ false, true })
            {
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, -1 }, judge(SUSPECT, false, false, window, self));
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 1, -1 }, judge(DEAD, false, false, window, self));
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, -1 }, judge(LEFT, false, false, window, self));
                assertArrayEquals(new long[]{ 0, 0, 0, 0, 0, -1 }, judge(NONE, false, false, window, self));
            }
        }
    }

    @Test
    void oneWrongMemberMakesTheWholeViewWrongAndRowsOfOneTimeAddUp()
    {
        final ViewAccuracy host0 = new ViewAccuracy();
        host0.beginSample(2.0);
        host0.beginObserver(false);
        host0.pair(ALIVE, false, false, false);
        host0.pair(DEAD, false, true, false); // one false death spoils the view
        host0.endObserver();
        host0.beginObserver(false);
        host0.pair(ALIVE, false, false, false);
        host0.pair(ALIVE, false, true, true);
        host0.endObserver();
        final double[] row0 = host0.endSample(10);
        final ViewAccuracy host1 = new ViewAccuracy();
        host1.beginSample(2.0);
        host1.beginObserver(false);
        host1.pair(ALIVE, false, false, false);
        host1.pair(SUSPECT, false, false, false);
        host1.endObserver();
        final double[] row1 = host1.endSample(12);
        host1.beginSample(3.0);
        host1.endSample(12);

        final ViewAccuracy all = new ViewAccuracy();
        all.add(row0);
        all.add(row1);
        all.add(new double[ViewAccuracy.ROW_LENGTH]); // a row at plan time 0 with no observer
        assertEquals(2, all.sampleCount());
        final Map<String, Object> r = new LinkedHashMap<>();
        all.putFigures(r);
        assertEquals(3L, r.get("observer_samples"));
        assertEquals(1 / 3.0, (Double)r.get("accuracy_strict"), 1e-12);
        assertEquals(1 / 3.0, (Double)r.get("accuracy_lenient"), 1e-12);
        assertEquals(2 / 6.0, (Double)r.get("out_of_contact_pair_fraction"), 1e-12);
        assertEquals(0.5, (Double)r.get("out_of_contact_shown_fraction"), 1e-12);
        assertEquals(1L, r.get("false_dead_pair_samples_out_of_contact"));
        assertEquals(0L, r.get("false_dead_pair_samples_in_contact"));
        final Map<String, Object> series = all.series();
        assertArrayEquals(new double[]{ 0, 2 }, (double[])series.get("time_s"));
        assertArrayEquals(new double[]{ 0, 1 / 3.0 }, (double[])series.get("accuracy_strict"), 1e-12);
        assertArrayEquals(new double[]{ 0, 12 }, (double[])series.get("links_up"), "links up: the larger");

        final Map<String, Object> none = new LinkedHashMap<>();
        all.putFigures(none, 5, 9);
        assertEquals(0L, none.get("observer_samples"));
        assertNull(none.get("accuracy_strict"));
    }

    private static Map<String, Object> figures(final ViewAccuracy a)
    {
        final Map<String, Object> r = new LinkedHashMap<>();
        a.putFigures(r);
        return r;
    }

    private static long kindCount(final Map<String, Object> r, final String kind, final String what)
    {
        return (Long)((Map<?, ?>)((Map<?, ?>)r.get("strict_mismatches")).get(kind)).get(what);
    }

    @Test
    void aPairIsStrictlyWrongExactlyWhenItHasAMismatchKindAndTheKindIsCountedOnce()
    {
        for (final int view : new int[]{ ALIVE, SUSPECT, DEAD, LEFT, NONE })
        {
            for (int bits = 0; bits < 16; bits++)
            {
                final boolean crashed = 0 != (bits & 1);
                final boolean out = 0 != (bits & 2);
                final boolean window = 0 != (bits & 4);
                final boolean self = 0 != (bits & 8);
                final int kind = ViewAccuracy.mismatch(view, crashed, out, window, self);
                final String where = "view " + view + " crashed " + crashed + " out " + out + " window " + window +
                    " self " + self;
                assertEquals(judge(view, crashed, out, window, self)[0] == 1, kind < 0, where);
                final ViewAccuracy a = new ViewAccuracy();
                a.beginSample(1.0);
                a.beginObserver(self);
                a.pair(view, crashed, out, window);
                assertEquals(kind, a.lastMismatch(), where);
                a.endObserver();
                a.endSample(0);
                final Map<String, Object> r = figures(a);
                for (int k = 0; k < ViewAccuracy.MISMATCH_KINDS; k++)
                {
                    final long expected = k == kind ? 1 : 0;
                    final String name = ViewAccuracy.MISMATCH_NAMES[k];
                    assertEquals(expected, kindCount(r, name, "pair_samples"), where + ": " + name);
                    assertEquals(expected, kindCount(r, name, "observer_samples"), where + ": " + name);
                    assertEquals(expected, kindCount(r, name, "observer_samples_only_this"), where + ": " + name);
                }
            }
        }
    }

    @Test
    void theKindsNameWhatIsShownAgainstTheTruth()
    {
        assertEquals(ViewAccuracy.CRASHED_SHOWN_ALIVE, ViewAccuracy.mismatch(ALIVE, true, false, false, false));
        assertEquals(ViewAccuracy.CRASHED_SHOWN_SUSPECT, ViewAccuracy.mismatch(SUSPECT, true, false, false, false));
        assertEquals(ViewAccuracy.CRASHED_SHOWN_OUT_OF_CONTACT, ViewAccuracy.mismatch(ALIVE, true, false, true, false));
        assertEquals(ViewAccuracy.CRASHED_UNJUDGED_SHOWN_OUT_OF_CONTACT,
            ViewAccuracy.mismatch(SUSPECT, true, true, true, false));
        assertEquals(ViewAccuracy.CRASHED_UNJUDGED_SHOWN_OUT_OF_CONTACT,
            ViewAccuracy.mismatch(ALIVE, true, true, false, true), "unjudged, seen by an observer cut off itself");
        assertEquals(ViewAccuracy.OUT_OF_CONTACT_SHOWN_ALIVE, ViewAccuracy.mismatch(ALIVE, false, true, false, false));
        assertEquals(ViewAccuracy.OUT_OF_CONTACT_SHOWN_SUSPECT,
            ViewAccuracy.mismatch(SUSPECT, false, true, false, false));
        assertEquals(ViewAccuracy.OUT_OF_CONTACT_SHOWN_DEAD, ViewAccuracy.mismatch(DEAD, false, true, true, true));
        assertEquals(ViewAccuracy.OUT_OF_CONTACT_UNKNOWN, ViewAccuracy.mismatch(NONE, false, true, false, false));
        assertEquals(ViewAccuracy.IN_CONTACT_SHOWN_OUT_OF_CONTACT,
            ViewAccuracy.mismatch(SUSPECT, false, false, true, false));
        assertEquals(ViewAccuracy.IN_CONTACT_OBSERVER_WINDOW, ViewAccuracy.mismatch(ALIVE, false, false, false, true));
        assertEquals(ViewAccuracy.IN_CONTACT_SHOWN_SUSPECT, ViewAccuracy.mismatch(SUSPECT, false, false, false, true));
        assertEquals(ViewAccuracy.IN_CONTACT_SHOWN_DEAD, ViewAccuracy.mismatch(DEAD, false, false, false, false));
        assertEquals(ViewAccuracy.IN_CONTACT_UNKNOWN, ViewAccuracy.mismatch(LEFT, false, false, false, false));
        assertEquals(-1, ViewAccuracy.mismatch(ALIVE, false, true, true, false));
        assertEquals(-1, ViewAccuracy.mismatch(NONE, true, true, true, false));
    }

    @Test
    void observerSamplesAreCountedPerKindOnlyThisWhenAloneAndJudgeableExcusesOnlyAnUnjudgedCrash()
    {
        final ViewAccuracy a = new ViewAccuracy();
        a.beginSample(1.0);
        a.beginObserver(false); // wrong only by a crash nobody could judge: right in the judgeable sense
        a.pair(ALIVE, false, false, false);
        a.pair(ALIVE, true, true, true);
        a.pair(SUSPECT, true, true, true);
        a.endObserver();
        a.beginObserver(false); // the same and a suspect in contact
        a.pair(ALIVE, true, true, true);
        a.pair(SUSPECT, false, false, false);
        a.endObserver();
        a.beginObserver(false); // a judged crash shown out of contact
        a.pair(ALIVE, true, false, true);
        a.endObserver();
        a.beginObserver(false); // right
        a.pair(ALIVE, false, true, true);
        a.endObserver();
        final double[] row = a.endSample(0);
        final ViewAccuracy both = new ViewAccuracy();
        both.add(row);
        both.add(row);
        final Map<String, Object> r = figures(both);
        assertEquals(8L, r.get("observer_samples"));
        assertEquals(2 / 8.0, (Double)r.get("accuracy_strict"), 1e-12);
        assertEquals(4 / 8.0, (Double)r.get("accuracy_strict_judgeable"), 1e-12);
        final String unjudged = "crashed_unjudged_shown_out_of_contact";
        assertEquals(6L, kindCount(r, unjudged, "pair_samples"));
        assertEquals(4L, kindCount(r, unjudged, "observer_samples"));
        assertEquals(2L, kindCount(r, unjudged, "observer_samples_only_this"));
        assertEquals(2L, kindCount(r, "in_contact_shown_suspect", "observer_samples"));
        assertEquals(0L, kindCount(r, "in_contact_shown_suspect", "observer_samples_only_this"));
        assertEquals(2L, kindCount(r, "crashed_shown_out_of_contact", "observer_samples_only_this"));
    }

    @Test
    void aCrashIsUnjudgedUntilTheMembersFirstLinkAfterIt()
    {
        // node 1 linked 0 to 10 s and 100 to 160 s; nodes 2 and 3 linked throughout; node 4 never
        final io.starling.engine.schedule.LinkSchedule schedule = io.starling.engine.schedule.ContactPlan.parseCsv(
            "p.csv", java.util.List.of("# nodes: 1-4", "0,10,1,2,4,0", "100,160,1,2,4,0", "0,10,2,1,4,0",
            "100,160,2,1,4,0", "0,160,2,3,4,0", "0,160,3,2,4,0"));
        final io.starling.engine.schedule.ExpectedAbsence.NodeContacts contacts =
            new io.starling.engine.schedule.ExpectedAbsence.NodeContacts(schedule);
        final long s = 1_000_000_000L;
        // crashed in contact: judged at once
        org.junit.jupiter.api.Assertions.assertFalse(ViewAccuracy.unjudgedCrash(contacts, 0, 5 * s, 6 * s));
        // crashed out of contact: unjudged until its next link
        org.junit.jupiter.api.Assertions.assertTrue(ViewAccuracy.unjudgedCrash(contacts, 0, 20 * s, 99 * s));
        org.junit.jupiter.api.Assertions.assertFalse(ViewAccuracy.unjudgedCrash(contacts, 0, 20 * s, 100 * s));
        // never linked again: unjudged for good; not crashed: never
        org.junit.jupiter.api.Assertions.assertTrue(ViewAccuracy.unjudgedCrash(contacts, 3, 20 * s, 1_000 * s));
        org.junit.jupiter.api.Assertions.assertFalse(ViewAccuracy.unjudgedCrash(contacts, 3, -1, 1_000 * s));
        org.junit.jupiter.api.Assertions.assertFalse(ViewAccuracy.unjudgedCrash(contacts, 1, 20 * s, 1_000 * s));
    }
}

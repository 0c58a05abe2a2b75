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
 * single pair, judged strictly, API-wise (member windows) and leniently, and the false-death split.
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
}

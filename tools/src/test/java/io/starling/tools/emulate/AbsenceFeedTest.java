package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.schedule.ContactPlan;
import io.starling.engine.schedule.LinkSchedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The emulator's absence feed tells each change of a schedule's contacts once, as the engine API's windows: no link
 * up means out of contact until the next contact (or for good), a link up clears; a refused call is told again; a
 * window that opens within the look-ahead is told at once.
 */
class AbsenceFeedTest
{
    private static final long EPOCH_MS = 1_700_000_000_000L;
    private static final int BASE = 100;

    private final List<long[]> calls = new ArrayList<>();
    private boolean refuse;

    private AbsenceFeed feed() throws Exception
    {
        return feed(0);
    }

    private AbsenceFeed feed(final long lookAheadMs) throws Exception
    {
        // plan nodes 1, 2, 3 (indices 0, 1, 2; members 100, 101, 102): 1-2 linked for [0, 10) s, 2-3 for [20, 30) s
        final LinkSchedule schedule = ContactPlan.parseCsv("plan.csv", List.of(
            "start_s,stop_s,from,to,latency_ms,loss", "0,10,1,2,5,0", "20,30,2,3,5,0"));
        return new AbsenceFeed(schedule, new int[]{ BASE, BASE + 1, BASE + 2 }, EPOCH_MS, lookAheadMs,
            (member, untilEpochMs) ->
        {
            calls.add(new long[]{ member, untilEpochMs });
            return !refuse;
        });
    }

    @Test
    void eachChangeIsToldOnceAsTheApiWindow() throws Exception
    {
        final AbsenceFeed feed = feed();
        assertEquals(3, feed.step(-500), "before the plan: its first step");
        assertEquals(List.of(
            List.of(100L, AbsenceFeed.CLEAR), List.of(101L, AbsenceFeed.CLEAR), List.of(102L, EPOCH_MS + 20_000)),
            told());
        calls.clear();
        assertEquals(0, feed.step(9_999), "nothing changed");
        assertEquals(2, feed.step(10_000));
        assertEquals(List.of(List.of(100L, Long.MAX_VALUE), List.of(101L, EPOCH_MS + 20_000)), told(),
            "node 1 has no further contact, node 2 is away until 20 s");
        calls.clear();
        assertEquals(2, feed.step(20_000));
        assertEquals(List.of(List.of(101L, AbsenceFeed.CLEAR), List.of(102L, AbsenceFeed.CLEAR)), told());
        assertEquals(7, feed.calls());
    }

    @Test
    void aRefusedCallIsToldAgainAtTheNextStep() throws Exception
    {
        final AbsenceFeed feed = feed();
        refuse = true;
        assertEquals(3, feed.step(0));
        refuse = false;
        calls.clear();
        assertEquals(3, feed.step(1_000), "the engine's queue was full: told again");
        assertEquals(0, feed.step(2_000));
    }

    @Test
    void aWindowOpeningWithinTheLookAheadIsToldAtOnce() throws Exception
    {
        final AbsenceFeed feed = feed(100);
        assertEquals(3, feed.step(0));
        calls.clear();
        assertEquals(0, feed.step(9_899), "the links go down at 10 s: beyond the look-ahead");
        assertEquals(2, feed.step(9_900), "within it: told now, not a feed interval after the links went down");
        assertEquals(List.of(List.of(100L, Long.MAX_VALUE), List.of(101L, EPOCH_MS + 20_000)), told());
        calls.clear();
        assertEquals(0, feed.step(10_000), "already told");
        assertEquals(0, feed.step(19_950), "a window's end needs no look-ahead: it is told with the window");
        assertEquals(2, feed.step(20_000));
        assertEquals(List.of(List.of(101L, AbsenceFeed.CLEAR), List.of(102L, AbsenceFeed.CLEAR)), told());
        calls.clear();
        assertEquals(2, feed.step(29_950), "the 2-3 link goes down at 30 s");
        assertEquals(List.of(List.of(101L, Long.MAX_VALUE), List.of(102L, Long.MAX_VALUE)), told());
    }

    private List<List<Long>> told()
    {
        final List<List<Long>> out = new ArrayList<>();
        for (final long[] c : calls)
        {
            out.add(List.of(c[0], c[1]));
        }
        return out;
    }
}

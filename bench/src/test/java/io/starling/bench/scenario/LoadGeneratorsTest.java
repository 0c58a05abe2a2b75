package io.starling.bench.scenario;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGeneratorsTest
{
    private static final long STALL_MS = 200;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void closedLoopRecordsTheRequestedRoundTripsAfterWarmup()
    {
        final FakeSubject subject = new FakeSubject();
        final Histogram h = new ClosedLoopRoundTrips().run(subject, 100, 1_000, TimeUnit.SECONDS.toNanos(60));
        assertEquals(1_000, h.getTotalCount());
        assertEquals(1_100, subject.sent);
    }

    @Test
    void closedLoopSeesAStallOnceButOpenLoopSeesItForEveryRequestDueDuringIt()
    {
        // Closed loop: one request waits out the stall, nothing is sent meanwhile: one slow sample.
        final FakeSubject closed = new FakeSubject();
        closed.stallOnce(50, STALL_MS);
        final Histogram closedH = new ClosedLoopRoundTrips().run(closed, 0, 500, TimeUnit.SECONDS.toNanos(60));
        assertEquals(1, countAtOrAbove(closedH, 100 * MS));

        // Open loop at 1,000/s: about 200 requests fall due during the stall, and those due in its first 100 ms
        // are answered at least 100 ms after their intended send time.
        final FakeSubject open = new FakeSubject();
        final OpenLoopLoad load = new OpenLoopLoad();
        open.stallOnce(1_000, STALL_MS);
        final OpenLoopLoad.Result r = load.run(open, 1_000, TimeUnit.SECONDS.toNanos(1));
        assertEquals(1_000, r.sent());
        assertEquals(0, r.lost());
        assertEquals(r.sent(), r.histogram().getTotalCount());
        assertTrue(countAtOrAbove(r.histogram(), 100 * MS) >= 50,
            "requests due during the stall: " + countAtOrAbove(r.histogram(), 100 * MS));
        assertTrue(r.maxSendLagNs() >= 100 * MS, "the generator noticed it fell behind");
    }

    @Test
    void openLoopRejectsANonPositiveRate()
    {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopLoad().run(new FakeSubject(), 0, MS));
    }

    private static long countAtOrAbove(final Histogram h, final long valueNs)
    {
        return h.getTotalCount() - h.getCountBetweenValues(0, valueNs - 1);
    }
}

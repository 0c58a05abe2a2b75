package io.starling.bench.aeron;

import java.util.concurrent.TimeUnit;

import io.starling.bench.scenario.ClosedLoopRoundTrips;
import io.starling.bench.scenario.OpenLoopLoad;
import io.starling.bench.scenario.Subjects;
import io.starling.bench.support.WireSizes;
import io.starling.driver.DriverPreset;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starling's round-trip subject drives two real engines in two processes: every request is an on-demand Ping that
 * comes back as an Ack carrying its stamp, under the closed-loop and the open-loop harness alike.
 */
class StarlingSubjectTest
{
    @Test
    void pingsAChildEngineAndEveryStampComesBack()
    {
        final StarlingSubject subject = (StarlingSubject)Subjects.create(Subjects.STARLING, DriverPreset.DENSITY);
        assertEquals(WireSizes.pingFrameLengthBytes(0), subject.messageLengthBytes());
        assertEquals("starling", subject.id());
        try
        {
            subject.connect(TimeUnit.SECONDS.toNanos(60));
            final long sentBefore = subject.pingsSent();

            final Histogram h = new ClosedLoopRoundTrips().run(subject, 100, 500, TimeUnit.SECONDS.toNanos(60));
            assertEquals(500, h.getTotalCount());
            assertTrue(h.getMinValue() > 0);

            final OpenLoopLoad.Result r = new OpenLoopLoad().run(subject, 500, TimeUnit.MILLISECONDS.toNanos(400));
            assertEquals(200, r.sent());
            assertEquals(r.sent(), r.received() + r.lost());
            assertEquals(600 + r.sent(), subject.pingsSent() - sentBefore, "each request is one on-demand Ping");
        }
        finally
        {
            subject.close();
        }
    }

    /**
     * The default-idle subject: the child engine sleeps (IdlePreset.SLEEP) and every Ping still wakes it and comes
     * back as an Ack.
     */
    @Test
    void aSleepingChildEngineIsWokenByEveryPing()
    {
        final StarlingSubject subject =
            (StarlingSubject)Subjects.create(Subjects.STARLING_SLEEP, DriverPreset.DENSITY);
        assertEquals("starling-sleep", subject.id());
        try
        {
            subject.connect(TimeUnit.SECONDS.toNanos(60));
            final Histogram h = new ClosedLoopRoundTrips().run(subject, 100, 300, TimeUnit.SECONDS.toNanos(60));
            assertEquals(300, h.getTotalCount());
            final OpenLoopLoad.Result r = new OpenLoopLoad().run(subject, 500, TimeUnit.MILLISECONDS.toNanos(400));
            assertEquals(0, r.lost(), "every Ping woke the sleeping child and was answered");
        }
        finally
        {
            subject.close();
        }
    }
}

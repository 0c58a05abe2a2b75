package io.starling.bench.aeron;

import java.util.concurrent.TimeUnit;

import io.starling.bench.scenario.ClosedLoopRoundTrips;
import io.starling.bench.scenario.OpenLoopLoad;
import io.starling.bench.support.WireSizes;
import io.starling.driver.DriverPreset;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline really goes through a second process: two JVMs, two DENSITY media drivers, UDP on loopback.
 */
class RawAeronSubjectTest
{
    @Test
    void pingPongsWithAChildProcessAndStopsIt()
    {
        final RawAeronSubject subject = new RawAeronSubject(DriverPreset.DENSITY);
        assertEquals(WireSizes.pingFrameLengthBytes(6), subject.messageLengthBytes());
        assertEquals("density", subject.preset());
        PongProcess pong = null;
        try
        {
            subject.connect(TimeUnit.SECONDS.toNanos(30));
            pong = subject.pong();
            assertTrue(pong.isAlive());
            assertTrue(pong.pid() != ProcessHandle.current().pid());

            final Histogram h = new ClosedLoopRoundTrips().run(subject, 200, 1_000, TimeUnit.SECONDS.toNanos(60));
            assertEquals(1_000, h.getTotalCount());

            final OpenLoopLoad.Result r = new OpenLoopLoad().run(subject, 500, TimeUnit.MILLISECONDS.toNanos(400));
            assertEquals(200, r.sent());
            assertEquals(r.sent(), r.received() + r.lost());
        }
        finally
        {
            subject.close();
        }
        assertFalse(pong.isAlive(), "closing the subject stops the child");
    }
}

package io.starling.bench.timer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadedTimerWheelTest
{
    @Test
    void holdsItsTimersAndExpiresEachOncePerRevolution()
    {
        final LoadedTimerWheel wheel = new LoadedTimerWheel(100_000, 0);
        assertEquals(100_000, wheel.timerCount());
        long expired = 0;
        for (int tick = 0; tick < 3 * LoadedTimerWheel.TICKS_PER_WHEEL; tick++)
        {
            final int n = wheel.advanceOneTick();
            assertTrue(n == 97 || n == 98, "tick " + tick + " expired " + n);
            expired += n;
            assertEquals(100_000, wheel.timerCount());
        }
        // Deadlines 1..1024 ms, each rescheduled 1,024 ms on: after 3 revolutions each timer expired 3 times.
        assertEquals(3 * 100_000, expired);
        assertEquals(expired, wheel.expired());
    }

    @Test
    void hostWheelHoldsItsTimersAndExpiresEachOncePerRevolution()
    {
        final LoadedHostTimerWheel wheel = new LoadedHostTimerWheel(100_000);
        assertEquals(100_000, wheel.timerCount());
        long expired = 0;
        for (int tick = 0; tick < 3 * LoadedHostTimerWheel.TICKS_PER_WHEEL; tick++)
        {
            final int n = wheel.advanceOneTick();
            assertTrue(n == 97 || n == 98, "tick " + tick + " expired " + n);
            expired += n;
            assertEquals(100_000, wheel.timerCount());
            assertEquals(0, wheel.pollIdle());
        }
        assertEquals(3 * 100_000, expired);
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(wheel.scheduleAndCancel());
        }
        assertEquals(100_000, wheel.timerCount());
    }

    @Test
    void scheduleAndCancelLeavesTheCountUnchanged()
    {
        final LoadedTimerWheel wheel = new LoadedTimerWheel(100_000, 0);
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(wheel.scheduleAndCancel());
        }
        assertEquals(100_000, wheel.timerCount());
    }

    @Test
    void idlePollExpiresNothing()
    {
        final LoadedTimerWheel wheel = new LoadedTimerWheel(100_000, 0);
        wheel.advanceOneTick();
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(0, wheel.pollIdle());
        }
        assertEquals(100_000, wheel.timerCount());
    }
}

package io.starling.bench.timer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer-wheel benchmark's fixture on the host's own wheel (the one the product runs) holds 100,000 timers and
 * expires each once per revolution, so the benchmark measures a loaded wheel and not an empty one. (The Agrona wheel
 * the product no longer uses is only a comparison row in the benchmark; it has no test here.)
 */
class LoadedHostTimerWheelTest
{
    @Test
    void hostWheelHoldsItsTimersAndExpiresEachOncePerRevolution()
    {
        final LoadedHostTimerWheel wheel = new LoadedHostTimerWheel(100_000);
        assertEquals(100_000, wheel.timerCount());
        long expired = 0;
        for (int tick = 0; tick < 3 * LoadedHostTimerWheel.TICKS_PER_WHEEL; tick++)
        {
            final int n = wheel.advanceOneTick();
            // 100,000 timers over 1,024 ticks: 97 or 98 per tick.
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
}

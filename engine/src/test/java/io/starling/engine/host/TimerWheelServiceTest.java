package io.starling.engine.host;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.protocol.TimerService;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerWheelServiceTest
{
    private static final long MS = 1_000_000L;
    private final List<String> fired = new ArrayList<>();
    private TimerWheelService wheel;

    private TimerWheelService wheel(final int initialTimers)
    {
        wheel = new TimerWheelService(0, 1L << 20, 64, initialTimers,
            (nowNs, timerId, nodeIndex, kind, arg) -> fired.add(nodeIndex + "/" + kind + "/" + arg));
        return wheel;
    }

    @Test
    void firesAtDeadlineWithOwnerAndNotBefore()
    {
        wheel(16);
        wheel.scheduleTimer(7, 3, 0xABCDEF, 10 * MS);
        assertEquals(0, wheel.poll(9 * MS));
        assertEquals(1, wheel.poll(10 * MS));
        assertEquals(List.of("7/3/11259375"), fired);
        assertEquals(0, wheel.activeTimers());
    }

    @Test
    void catchesUpOverManyTicksInOnePoll()
    {
        wheel(16);
        for (int i = 1; i <= 100; i++)
        {
            wheel.scheduleTimer(i, 1, 0, i * 7 * MS);
        }
        assertEquals(100, wheel.poll(1_000 * MS));
        assertEquals(100, fired.size());
    }

    @Test
    void pollsWithinOneTickSeeTimersAddedToTheCurrentSpokeSinceItsLastWalk()
    {
        wheel(16);
        wheel.scheduleTimer(1, 1, 0, 900_000L);
        assertEquals(0, wheel.poll(100));             // walks tick 0 and remembers 900 us as its earliest deadline
        wheel.scheduleTimer(2, 1, 0, 500_000L);       // same tick, earlier: the remembered earliest must drop
        assertEquals(0, wheel.poll(400_000L));
        assertEquals(1, wheel.poll(600_000L));
        assertEquals(List.of("2/1/0"), fired);
        final long cancelled = wheel.scheduleTimer(3, 1, 0, 700_000L);
        assertTrue(wheel.cancelTimer(cancelled));
        assertEquals(0, wheel.poll(800_000L));        // a cancelled timer leaves a stale earliest: one extra walk
        assertEquals(1, wheel.poll(950_000L));
        assertEquals(List.of("2/1/0", "1/1/0"), fired);
        wheel.scheduleTimer(4, 1, 0, 960_000L - 1);   // scheduled late for an already polled instant: fires next poll
        assertEquals(1, wheel.poll(960_000L));
    }

    @Test
    void timersBeyondOneRevolutionWaitForTheirDeadline()
    {
        wheel(16);
        // 64 ticks of ~1 ms: a revolution is ~67 ms.
        wheel.scheduleTimer(1, 1, 0, 500 * MS);
        assertEquals(0, wheel.poll(400 * MS));
        assertEquals(1, wheel.poll(501 * MS));
    }

    @Test
    void cancelAndStaleIdsNeverHitANewerTimer()
    {
        wheel(16);
        final long id = wheel.scheduleTimer(1, 1, 0, 10 * MS);
        assertTrue(wheel.cancelTimer(id));
        assertFalse(wheel.cancelTimer(id));
        final long reused = wheel.scheduleTimer(2, 2, 0, 10 * MS);
        assertEquals((int)id, (int)reused, "slot reused");
        assertFalse(wheel.cancelTimer(id), "stale id");
        assertFalse(wheel.cancelTimer(TimerService.NULL_TIMER));
        assertEquals(1, wheel.poll(20 * MS));
        assertEquals(List.of("2/2/0"), fired);
    }

    @Test
    void handlerMayScheduleADueTimerAndCancelTheNextOne()
    {
        final long[] other = new long[1];
        wheel = new TimerWheelService(0, 1L << 20, 64, 16, (nowNs, timerId, nodeIndex, kind, arg) ->
        {
            fired.add("k" + kind);
            if (1 == kind)
            {
                wheel.scheduleTimer(0, 3, 0, nowNs);
                wheel.cancelTimer(other[0]);
            }
        });
        other[0] = wheel.scheduleTimer(0, 2, 0, 5 * MS);
        wheel.scheduleTimer(0, 1, 0, 5 * MS);
        wheel.poll(5 * MS);
        assertEquals(List.of("k1", "k3"), fired);
    }

    @Test
    void poolGrowsForABurstInOneTick()
    {
        wheel(64);
        for (int i = 0; i < 10_000; i++)
        {
            wheel.scheduleTimer(i, 1, i & 0xFFFF, 3 * MS);
        }
        assertTrue(wheel.capacity() >= 10_000);
        assertEquals(10_000, wheel.poll(3 * MS));
        assertEquals(0, wheel.activeTimers());
        assertEquals(10_000, wheel.firedTimers());
    }

    @Test
    void nextDeadlineIsTheLimitWithoutTimersAndNeverBeyondIt()
    {
        wheel(16);
        assertEquals(50 * MS, wheel.nextDeadlineNs(50 * MS));
        wheel.scheduleTimer(1, 1, 0, 40 * MS);
        assertEquals(30 * MS, wheel.nextDeadlineNs(30 * MS));
    }

    @Test
    void nextDeadlineIsTheStartOfTheFirstLaterTickWithATimer()
    {
        wheel(16);
        final long tickNs = 1L << 20;
        wheel.scheduleTimer(1, 1, 0, 10 * tickNs + 123);
        wheel.poll(0);
        assertEquals(10 * tickNs, wheel.nextDeadlineNs(1_000 * MS));
        // Woken at the start of that tick, the walk of its spoke learns the exact deadline.
        assertEquals(0, wheel.poll(10 * tickNs));
        assertEquals(10 * tickNs + 123, wheel.nextDeadlineNs(1_000 * MS));
        assertEquals(1, wheel.poll(10 * tickNs + 123));
        assertEquals(1_000 * MS, wheel.nextDeadlineNs(1_000 * MS));
    }

    @Test
    void nextDeadlineInTheCurrentTickIsExactAfterAPollThatFired()
    {
        wheel(16);
        wheel.scheduleTimer(1, 1, 0, 5 * MS);
        wheel.scheduleTimer(2, 1, 0, 5 * MS + 1);
        assertEquals(1, wheel.poll(5 * MS));
        // The pass after the one that fired saw the whole spoke: the other timer's deadline is known exactly.
        assertEquals(5 * MS + 1, wheel.nextDeadlineNs(1_000 * MS));
        // A timer linked into the current tick since lowers it.
        wheel.scheduleTimer(3, 1, 0, 5 * MS);
        assertEquals(5 * MS, wheel.nextDeadlineNs(1_000 * MS));
    }

    @Test
    void nextDeadlineSeesATimerOneRevolutionAwayAsALowerBound()
    {
        wheel(16);
        final long tickNs = 1L << 20;
        wheel.scheduleTimer(1, 1, 0, (64 + 3) * tickNs);  // 64 ticks per wheel: spoke 3, a revolution away
        wheel.poll(0);
        assertEquals(3 * tickNs, wheel.nextDeadlineNs(1_000 * MS));
        assertEquals(0, wheel.poll(3 * tickNs));
        assertTrue(wheel.nextDeadlineNs(1_000 * MS) > 3 * tickNs);
    }
}

package io.starling.engine.protocol;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotPoolTest
{
    private final LongArrayList cancelled = new LongArrayList();
    private final NodeTimers timers = new NodeTimers(new TimerService()
    {
        public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
        {
            return deadlineNs;
        }

        public boolean cancelTimer(final long timerId)
        {
            cancelled.addLong(timerId);
            return true;
        }
    }, 0);

    @Test
    void reusesTheLastReleasedRecordAndFindsByKey()
    {
        final SlotPool pool = new SlotPool(timers, 16, Integer.MAX_VALUE, 16);
        assertEquals(0, pool.acquire(100));
        assertEquals(1, pool.acquire(200));
        assertEquals(2, pool.acquire(300));
        assertEquals(1, pool.find(200));
        pool.release(0);
        pool.release(2);
        assertEquals(SlotPool.NIL, pool.find(100));
        assertEquals(SlotPool.NIL, pool.find(300));
        assertEquals(2, pool.acquire(400));
        assertEquals(0, pool.acquire(500));
        assertEquals(3, pool.acquire(600));
        assertEquals(4, pool.size());
        assertEquals(4, pool.highWater());
        assertEquals(0, pool.find(500));
    }

    @Test
    void growsFromNothingToEightThenDoublesUpToTheMaximum()
    {
        final SlotPool pool = new SlotPool(timers, 0, 12, 16);
        assertEquals(0, pool.capacity());
        pool.acquire(1);
        assertEquals(8, pool.capacity());
        for (int i = 2; i <= 9; i++)
        {
            pool.acquire(i);
        }
        assertEquals(12, pool.capacity());
        assertEquals(9, pool.size());
    }

    @Test
    void ownsOneTimerPerRecordCancelledOnReleaseAndOnClose()
    {
        final SlotPool pool = new SlotPool(timers, 16, Integer.MAX_VALUE, 16);
        final int a = pool.acquire(1);
        final int b = pool.acquire(2);
        pool.timerId(a, 1_000);
        pool.timerId(b, 2_000);
        assertFalse(pool.timerFired(a, 999), "a stale id is not the record's timer");
        assertFalse(pool.timerFired(5, 1_000), "nor is a record above the high-water mark");
        assertTrue(pool.timerFired(a, 1_000));
        pool.release(a);
        assertTrue(cancelled.isEmpty(), "a fired timer is not cancelled again");
        pool.release(b);
        assertEquals(2_000L, cancelled.getLong(0));
        final int c = pool.acquire(3);
        pool.timerId(c, 3_000);
        pool.cancelTimers();
        assertEquals(3_000L, cancelled.getLong(1));
    }
}

package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlotPoolTest
{
    @Test
    void reusesTheLastReleasedRecordAndFindsByKey()
    {
        final SlotPool pool = new SlotPool(16, Integer.MAX_VALUE, 16);
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
        final SlotPool pool = new SlotPool(0, 12, 16);
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
}

package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostBudgetTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void noLimitSpendsNothing()
    {
        for (int i = 0; i < 1_000_000; i++)
        {
            assertTrue(HostBudget.UNLIMITED.tryGossip(i, 3));
            assertTrue(HostBudget.UNLIMITED.tryState(i, 1L << 30));
        }
    }

    @Test
    void gossipRoundsWithinOneBurstThenAtTheRefillRate()
    {
        final HostBudget budget = new HostBudget(300, 0);
        final long t0 = 5 * SECOND_NS;
        int rounds = 0;
        while (budget.tryGossip(t0, 3))
        {
            rounds++;
        }
        assertEquals(10, rounds, "100 ms of messages at the start");
        assertFalse(budget.tryGossip(t0 + 9_999_999, 3), "2.99 messages refilled after 9.99 ms");
        assertTrue(budget.tryGossip(t0 + 10_000_000, 3), "3 after 10 ms");

        // A quiet minute funds one burst, no more: 100 ms of the rate, not a second's worth at one instant.
        rounds = 0;
        while (budget.tryGossip(t0 + 60 * SECOND_NS, 3))
        {
            rounds++;
        }
        assertEquals(10, rounds);
    }

    @Test
    void aQuietSecondFundsNoMoreThanOneBurstOfViews()
    {
        final HostBudget budget = new HostBudget(0, 32L << 20);
        final long view = 240_000;
        int views = 0;
        while (budget.tryState(SECOND_NS, view))
        {
            views++;
        }
        assertEquals(13, views, "3.36 MB of 240 KB views: 13 at one instant (a second's worth was 139)");
        views = 0;
        while (budget.tryState(11 * SECOND_NS, view))
        {
            views++;
        }
        assertEquals(13, views, "ten quiet seconds later, the same");
    }

    @Test
    void aViewLargerThanTheBucketGoesWhenItIsFullAndIsPaidBackFirst()
    {
        final HostBudget budget = new HostBudget(0, 1_000_000);
        assertTrue(budget.tryState(0, 5_000_000), "larger than the 100,000-byte bucket, bucket full: goes");
        assertFalse(budget.tryState(SECOND_NS, 1_000), "a second later 4,000,000 bytes are still owed");
        assertFalse(budget.tryState(4_900_999_999L, 1_000), "paid back at 4.9 s, then 999.999 refilled");
        assertTrue(budget.tryState(4_902_000_000L, 1_000), "2,000 refilled");
        assertTrue(budget.tryState(60 * SECOND_NS, 5_000_000), "full again: the next large one goes");
        assertFalse(budget.tryState(60 * SECOND_NS + SECOND_NS / 2, 50_000));
    }

    @Test
    void negativeRatesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new HostBudget(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HostBudget(0, -1));
    }
}

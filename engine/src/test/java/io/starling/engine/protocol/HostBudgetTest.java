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
    void gossipRoundsWithinOneSecondsMessagesThenAtTheRefillRate()
    {
        final HostBudget budget = new HostBudget(300, 0);
        final long t0 = 5 * SECOND_NS;
        int rounds = 0;
        while (budget.tryGossip(t0, 3))
        {
            rounds++;
        }
        assertEquals(100, rounds, "one second's messages at the start");
        assertFalse(budget.tryGossip(t0 + 9_999_999, 3), "2.99 messages refilled after 9.99 ms");
        assertTrue(budget.tryGossip(t0 + 10_000_000, 3), "3 after 10 ms");

        // A quiet minute funds one second's worth, no more.
        rounds = 0;
        while (budget.tryGossip(t0 + 60 * SECOND_NS, 3))
        {
            rounds++;
        }
        assertEquals(100, rounds);
    }

    @Test
    void aViewLargerThanOneSecondsBudgetGoesWhenTheBudgetIsFull()
    {
        final HostBudget budget = new HostBudget(0, 1_000_000);
        assertTrue(budget.tryState(0, 5_000_000), "larger than the budget, tokens full: goes, spends them all");
        assertFalse(budget.tryState(SECOND_NS / 2, 600_000), "half a second later: 500,000 tokens");
        assertTrue(budget.tryState(SECOND_NS / 2, 400_000));
        assertFalse(budget.tryState(SECOND_NS / 2, 200_000), "100,000 left");
        assertTrue(budget.tryState(SECOND_NS / 2 + SECOND_NS, 5_000_000), "full again after a second");
    }

    @Test
    void negativeRatesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new HostBudget(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HostBudget(0, -1));
    }
}

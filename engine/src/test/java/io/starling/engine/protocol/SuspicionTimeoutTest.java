package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suspicion timeout as a pure function, checked against memberlist's {@code TestSuspicion_remainingSuspicionTime}
 * table (min 2 s, max 30 s, 3 confirmations expected): 30 s with none, 16 s with one, 7.8 s with two, the minimum
 * from three on.
 */
class SuspicionTimeoutTest
{
    private static final long S = 1_000_000_000L;

    @Test
    void fallsFromMaxToMinAsLogOfConfirmations()
    {
        assertEquals(30 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 0));
        assertEquals(16 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 1));
        final long two = SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 2);
        assertTrue(two >= 7_810_000_000L && two < 7_811_000_000L, "30 - 28 log 3 / log 4 s: " + two);
        assertEquals(2 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 3));
        assertEquals(2 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 4));
        assertEquals(2 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 3, 5));
    }

    @Test
    void isTheFixedSwimTimeoutWithoutLifeguardOrWithNoConfirmationsExpected()
    {
        assertEquals(2 * S, SuspicionTimeout.timeoutNs(false, 2 * S, 15, 3, 0));
        assertEquals(2 * S, SuspicionTimeout.timeoutNs(true, 2 * S, 15, 0, 0));
    }

    @Test
    void expectsSuspicionMultMinusTwoConfirmations()
    {
        assertEquals(2, SuspicionTimeout.expectedConfirmations(4));
        assertEquals(0, SuspicionTimeout.expectedConfirmations(2));
        assertEquals(0, SuspicionTimeout.expectedConfirmations(1));
    }

    @Test
    void reChecksAtThreeFourAndFiveSixthsOfTheMinimum()
    {
        assertEquals(3 * S, SuspicionTimeout.checkDelayNs(6 * S, 1, SuspicionTimeout.CHECKS));
        assertEquals(4 * S, SuspicionTimeout.checkDelayNs(6 * S, 2, SuspicionTimeout.CHECKS));
        assertEquals(5 * S, SuspicionTimeout.checkDelayNs(6 * S, SuspicionTimeout.CHECKS, SuspicionTimeout.CHECKS));
    }
}

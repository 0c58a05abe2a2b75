package io.starling.tools.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimTheoryTest
{
    @Test
    void shouldApproachEOverEMinusOneForLargeClusters()
    {
        final double limit = Math.E / (Math.E - 1);
        assertEquals(limit, SimTheory.detectFirstPeriods(1_000_000), 1e-5);
        assertTrue(SimTheory.detectFirstPeriods(10) < limit, "small clusters detect a little sooner");
        assertEquals(1.0, SimTheory.detectFirstPeriods(2));
    }

    @Test
    void shouldComputeInfectionStyleDisseminationRounds()
    {
        // log_4(1000) + ln(1000) / 3
        assertEquals(4.9829 + 2.3026, SimTheory.disseminationRounds(1000, 3), 1e-3);
        assertEquals(0.0, SimTheory.disseminationRounds(1, 3));
    }

    @Test
    void shouldCountFourMessagesPerIndirectPath()
    {
        assertEquals(2.0, SimTheory.swimMessagesPerNodePerPeriod(0, 3, true), 1e-12);
        final double q = 1 - 0.9 * 0.9;
        assertEquals(2.0 + q * 3 * 4, SimTheory.swimMessagesPerNodePerPeriod(0.1, 3, false), 1e-12);
        assertEquals(2.0 + q * 3 * 4 + q * 3 * q, SimTheory.swimMessagesPerNodePerPeriod(0.1, 3, true), 1e-12);
    }

    @Test
    void shouldAddSuspicionTimeoutAndDisseminationToDetectAll()
    {
        final double periods = SimTheory.detectAllPeriods(1000, 12_000_000_000L, 1_000_000_000L, 200_000_000L, 3);
        assertEquals(SimTheory.detectFirstPeriods(1000) + 12 + SimTheory.disseminationRounds(1000, 3) * 0.2,
            periods, 1e-9);
    }
}

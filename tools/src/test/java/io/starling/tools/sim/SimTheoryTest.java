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

    @Test
    void shouldGrowThePushGossipCurveFromOneNodeToAll()
    {
        final double[] curve = SimTheory.informedFractionByRound(1000, 3, 20);
        assertEquals(0.001, curve[0], 1e-12);
        // Early rounds multiply the informed count by about 1 + f.
        assertEquals(0.004, curve[1], 2e-4);
        for (int r = 1; r < curve.length; r++)
        {
            assertTrue(curve[r] > curve[r - 1] || curve[r] == 1.0, "round " + r);
        }
        assertTrue(curve[19] > 0.999, "everyone by round 19: " + curve[19]);
        // Half the cluster near log_4(500), well before the Pittel estimate for all.
        int half = 0;
        while (curve[half] < 0.5)
        {
            half++;
        }
        assertTrue(half >= 4 && half <= 6, "half informed at round " + half);
        assertTrue(half < SimTheory.disseminationRounds(1000, 3));
    }

    @Test
    void shouldGrowTheLogisticCurveFasterThanSynchronousRounds()
    {
        final double[] logistic = SimTheory.informedFractionLogistic(1000, 3, 10);
        final double[] rounds = SimTheory.informedFractionByRound(1000, 3, 10);
        assertEquals(0.001, logistic[0], 1e-12);
        assertTrue(logistic[2] > rounds[2], "e^f > 1 + f per interval early on");
        final double t = SimTheory.asyncRoundsToAll(1000, 3);
        assertEquals(2 * Math.log(999) / 3, t, 1e-12);
        assertEquals(1 - 1.0 / 1000, 1.0 / (1.0 + 999 * Math.exp(-3 * t)), 1e-9, "one node left at t");
        assertTrue(t < SimTheory.disseminationRounds(1000, 3));
    }
}

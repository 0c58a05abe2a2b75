package io.starling.tools.sim;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed forms of {@link SimTheory}, checked against models written apart from them: Monte Carlo runs of the
 * process each formula describes (uniform random probe targets; direct probe, k relays and Lifeguard nacks under
 * independent loss), and numbers worked out by hand, rather than the same formula restated.
 */
class SimTheoryTest
{
    /**
     * Monte Carlo of SWIM's first detection: every period each of the N - 1 live members probes one of its N - 1
     * others uniformly at random; the failed member is detected in the first period in which anyone picks it.
     */
    @Test
    void firstDetectionMatchesAMonteCarloOfUniformRandomProbes()
    {
        final SplittableRandom random = new SplittableRandom(19);
        for (final int n : new int[] {3, 10, 100})
        {
            final int trials = 40_000;
            double sum = 0;
            double sumSquares = 0;
            for (int t = 0; t < trials; t++)
            {
                int period = 1;
                while (!anyoneProbesTheFailedMember(random, n))
                {
                    period++;
                }
                sum += period;
                sumSquares += (double)period * period;
            }
            final double mean = sum / trials;
            final double standardError = Math.sqrt((sumSquares / trials - mean * mean) / trials);
            assertEquals(mean, SimTheory.detectFirstPeriods(n), 4 * standardError + 1e-9, "N=" + n);
        }
    }

    private static boolean anyoneProbesTheFailedMember(final SplittableRandom random, final int n)
    {
        // Member 0 failed; members 1..n-1 each pick one of their n - 1 others.
        for (int prober = 1; prober < n; prober++)
        {
            int target = random.nextInt(n - 1);
            if (target >= prober)
            {
                target++;
            }
            if (0 == target)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Monte Carlo of one probe under independent loss: a ping and an ack (2 messages); if either is lost, k relays
     * each cost ping-req, ping, ack and relayed ack (4 messages); with Lifeguard, a relay whose own ping or ack is
     * lost also sends a nack.
     */
    @Test
    void messagesPerProbeMatchAMonteCarloOfTheProbe()
    {
        final SplittableRandom random = new SplittableRandom(20);
        final double loss = 0.1;
        final int k = 3;
        for (final boolean lifeguard : new boolean[] {false, true})
        {
            final int trials = 200_000;
            double sum = 0;
            double sumSquares = 0;
            for (int t = 0; t < trials; t++)
            {
                int messages = 2;
                final boolean directFailed = random.nextDouble() < loss || random.nextDouble() < loss;
                if (directFailed)
                {
                    for (int relay = 0; relay < k; relay++)
                    {
                        messages += 4;
                        if (lifeguard && (random.nextDouble() < loss || random.nextDouble() < loss))
                        {
                            messages++;
                        }
                    }
                }
                sum += messages;
                sumSquares += (double)messages * messages;
            }
            final double mean = sum / trials;
            final double standardError = Math.sqrt((sumSquares / trials - mean * mean) / trials);
            assertEquals(mean, SimTheory.swimMessagesPerNodePerPeriod(loss, k, lifeguard), 4 * standardError,
                "lifeguard " + lifeguard);
        }
        assertEquals(2.0, SimTheory.swimMessagesPerNodePerPeriod(0, 3, true), 1e-12, "no loss: ping and ack");
    }

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
    void shouldAddSuspicionTimeoutAndDisseminationToDetectAll()
    {
        // Worked by hand for N = 1,000, a 12 s timeout, 1 s periods, 200 ms gossip, fanout 3: first detection
        // 1.5815 periods, 12 periods of timeout, 7.2855 gossip rounds of 0.2 periods = 1.4571: 15.0386 periods.
        final double periods = SimTheory.detectAllPeriods(1000, 12_000_000_000L, 1_000_000_000L, 200_000_000L, 3);
        assertEquals(15.0386, periods, 1e-4);
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

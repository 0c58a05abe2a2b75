package io.starling.tools.sim;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's exercises: the theory against values worked by hand, and the simulator's runs against the theory with
 * bounds from sampling error. The simulator is deterministic: a seed gives the same output twice.
 */
class SeedExercisesTest
{
    @Test
    void probeTheoryCountsTwoMessagesForAProbeAndFourForAnIndirectPath()
    {
        assertEquals(0.0975, ExerciseTheory.directProbeFailure(0.05), 1e-12);            // 1 - 0.95 x 0.95
        assertEquals(0.18549375, ExerciseTheory.indirectPathFailure(0.05), 1e-12);      // 1 - 0.95^4
        assertEquals(0.0975 * 0.18549375 * 0.18549375 * 0.18549375,
            ExerciseTheory.probeRoundFailure(0.05, 3), 1e-15);
        // 0.0975 x 0.1855^5 = 2.1e-5 is above 1e-5, 0.0975 x 0.1855^6 = 3.9e-6 below it.
        assertEquals(6, ExerciseTheory.indirectProbesNeeded(0.05, 1e-5));
        // Without loss a probe never fails: no indirect probe is needed.
        assertEquals(0, ExerciseTheory.indirectProbesNeeded(0.0, 1e-5));
    }

    @Test
    void pushTheoryStepsByHand()
    {
        final double[] informed = ExerciseTheory.pushInformed(1000, 3, 10);
        assertEquals(1.0, informed[0], 0);
        // One informed node, 3 distinct targets among 999: exactly 3 new.
        assertEquals(4.0, informed[1], 1e-9);
        // Four informed: each of the 996 others escapes each with probability 996/999.
        assertEquals(1000 - 996 * Math.pow(996.0 / 999, 4), informed[2], 1e-9);
        assertEquals(8, ExerciseTheory.firstRoundReaching(informed, 999));
        // The seed's formula: 3^r >= 1000 ln 1000 = 6,908 at r = 8.04.
        assertEquals(Math.log(1000 * Math.log(1000)) / Math.log(3), ExerciseTheory.seedFormulaRounds(1000, 3, 0.999),
            1e-12);
        assertEquals(9, (int)Math.ceil(ExerciseTheory.seedFormulaRounds(1000, 3, 0.999)));
    }

    @Test
    void pushPullTheoryStepsByHand()
    {
        final double[] informed = ExerciseTheory.pushPullInformed(100, 10);
        // The origin contacts one node and is contacted by one node on average: 1 + 1 + 99 x (1/99) x ... = 3.0.
        assertEquals(100 - 99 * (1 - 1.0 / 99) * (1 - 1.0 / 99), informed[1], 1e-9);
        assertEquals(6, ExerciseTheory.firstRoundReaching(informed, 99));
        assertEquals(4, ExerciseTheory.firstRoundReaching(informed, 51));
        // Logistic with rate 2N/(N-1): ln(99 x 99) / (200/99) intervals to 99 nodes.
        assertEquals(Math.log(99.0 * 99) / (200.0 / 99), ExerciseTheory.pushPullAsyncIntervals(100, 99), 1e-12);
    }

    @Test
    void exerciseOneOnTheSimulatorNeedsSevenToNineRoundsAndIsDeterministic()
    {
        final int[][] curves = SeedExercises.pushCurves(5, 12);
        for (final int[] curve : curves)
        {
            assertEquals(1, curve[0]);
            int reached = -1;
            for (int r = 0; r < curve.length && reached < 0; r++)
            {
                reached = curve[r] >= 999 ? r : -1;
            }
            // Theory: 996 expected after 7 rounds, 999.8 after 8, and U(9) ~ 1e-3: 7 to 9 rounds.
            assertTrue(reached >= 7 && reached <= 9, "rounds to 99.9%: " + reached);
        }
        // Deterministic: the same seed gives the same curves.
        org.junit.jupiter.api.Assertions.assertArrayEquals(curves, SeedExercises.pushCurves(5, 12));
    }

    @Test
    void exerciseTwoOnTheSimulatorMatchesTheMessageCounts()
    {
        final SeedExercises.ProbeCounts counts = SeedExercises.probeRounds(7, 3, 150);
        final double p = ExerciseTheory.directProbeFailure(0.05);
        final double sigma = Math.sqrt(p * (1 - p) / counts.probes());
        assertTrue(counts.probes() > 20_000, "probes " + counts.probes());
        assertTrue(Math.abs(counts.directFailure() - p) < 5 * sigma,
            "direct failure " + counts.directFailure() + " vs " + p + " +- " + sigma);
        // 150 periods give too few k = 3 failures to test their rate; the seed's 5% is far off in any case.
        assertTrue(Math.abs(counts.directFailure() - 0.05) > 20 * sigma);
    }

    @Test
    void exerciseThreeOnTheSimulatorIsFasterThanRoundsInStepAndScalesWithTheInterval()
    {
        final long second = 1_000_000_000L;
        final long[][] at1 = SeedExercises.pushPullArrivals(9, second, 8);
        final long[][] at2 = SeedExercises.pushPullArrivals(9, 2 * second, 8);
        double t99 = 0;
        double t51 = 0;
        double t99at2 = 0;
        for (int s = 0; s < at1.length; s++)
        {
            assertEquals(99, at1[s].length, "every other node learns the update");
            t99 += at1[s][97] / 1e9 / at1.length;
            t51 += at1[s][49] / 1e9 / at1.length;
            t99at2 += at2[s][97] / 1e9 / at2.length;
        }
        // Unsynchronised exchanges spread at least as fast as rounds in step (6 to 99 nodes), far below the seed's 8.
        assertTrue(t99 < 6.0 && t99 > 2.0, "seconds to 99 nodes at 1 s: " + t99);
        assertTrue(t51 < t99);
        // The same seed at twice the interval: nearly the same exchanges on a clock twice as slow (only the 1 ms
        // latency does not scale, and it may reorder a few events and so the draws that follow): within 15%.
        assertEquals(2 * t99, t99at2, 0.15 * 2 * t99);
    }

    @Test
    void exerciseDocumentsCarryTheSeedsAnswersBesideTheMeasurements()
    {
        final SeedExercises.Outcome outcome = SeedExercises.exercise1(5, 4);
        final Map<String, Object> json = outcome.json();
        assertEquals(9, json.get("seed_answer_rounds"));
        assertEquals(8, json.get("theory_rounds"));
        assertTrue(outcome.text().contains("differences:"));
        assertTrue(List.of(7, 8, 9).contains(json.get("sim_median_rounds")));
    }
}

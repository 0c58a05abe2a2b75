package io.starling.engine.protocol;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeOrderTest
{
    private static final class Rng implements RandomSource
    {
        private final SplittableRandom random;

        Rng(final long seed)
        {
            random = new SplittableRandom(seed);
        }

        public int nextInt(final int bound)
        {
            return random.nextInt(bound);
        }

        public long nextLong()
        {
            return random.nextLong();
        }
    }

    /**
     * SWIM section 4.3: with a randomized round-robin order reshuffled at the end of every pass, consecutive probes
     * of one member by one prober are at most 2n - 1 probes apart (first in one pass, last in the next).
     */
    @Test
    void consecutiveProbesOfAMemberAreAtMostTwoPassesApart()
    {
        final int n = 50;
        final Rng rng = new Rng(5);
        final ProbeOrder order = new ProbeOrder(4);
        for (int i = 0; i < n; i++)
        {
            order.insert(i, rng);
        }
        final long[] last = new long[n];
        Arrays.fill(last, -1);
        long maxGap = 0;
        final int[] visits = new int[n];
        for (long step = 0; step < 200_000; step++)
        {
            if (order.passComplete())
            {
                order.reshuffle(rng);
            }
            final int slot = order.next();
            visits[slot]++;
            if (last[slot] >= 0)
            {
                maxGap = Math.max(maxGap, step - last[slot]);
            }
            last[slot] = step;
        }
        assertTrue(maxGap <= 2L * n - 1, "max gap " + maxGap);
        assertTrue(maxGap > n, "the worst case is approached (gap " + maxGap + ")");
        for (final int v : visits)
        {
            assertEquals(200_000 / n, v, "each member exactly once per pass");
        }
    }

    @Test
    void newMembersLandAtUniformPositions()
    {
        final Rng rng = new Rng(6);
        final int[] positionCounts = new int[11];
        for (int trial = 0; trial < 22_000; trial++)
        {
            final ProbeOrder order = new ProbeOrder(16);
            for (int i = 0; i < 10; i++)
            {
                order.insert(i, rng);
            }
            order.insert(99, rng);
            for (int p = 0; p < order.size(); p++)
            {
                if (order.get(p) == 99)
                {
                    positionCounts[p]++;
                }
            }
        }
        for (final int c : positionCounts)
        {
            assertTrue(c > 1_600 && c < 2_400, "each of 11 positions about 2,000 times: " + Arrays.toString(
                positionCounts));
        }
    }
}

package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounded draws are exactly uniform, which only shows with bounds where a plain multiply or modulo would be
 * biased: for bound 3 x 2^29 a 32-bit multiply gives the residues 0, 1 and 2 (mod 3) 3, 3 and 2 of every 8 inputs,
 * and for bound 3 x 2^61 a modulo of a 63-bit draw gives [0, 2^61) twice the weight of the rest. A uniform draw
 * gives each residue 1/3 and the low third of the range 1/3, and half its values odd (the bounds are even).
 * Each fraction is checked to 5 standard errors of 200,000 draws (about 0.005), while the biased forms are off by
 * 0.08 or more.
 */
class SeededRandomBoundedDrawTest
{
    private static final int DRAWS = 200_000;
    private static final double FIVE_SIGMA = 5 * Math.sqrt(0.25 / DRAWS);

    @Test
    void intDrawsBelowABoundThatAMultiplyWouldBiasAreUniform()
    {
        final int bound = 3 << 29;
        for (final long seed : new long[]{1, 2, 3})
        {
            final SeededRandom random = new SeededRandom(seed);
            final int[] residues = new int[3];
            int odd = 0;
            for (int i = 0; i < DRAWS; i++)
            {
                final int v = random.nextInt(bound);
                assertTrue(v >= 0 && v < bound, "in range: " + v);
                residues[v % 3]++;
                odd += v & 1;
            }
            for (int r = 0; r < 3; r++)
            {
                assertEquals(1.0 / 3, (double)residues[r] / DRAWS, FIVE_SIGMA, "seed " + seed + " residue " + r);
            }
            assertEquals(0.5, (double)odd / DRAWS, FIVE_SIGMA, "seed " + seed + " odd values");
        }
    }

    @Test
    void longDrawsBelowABoundThatAModuloWouldBiasAreUniform()
    {
        final long bound = 3L << 61;
        for (final long seed : new long[]{1, 2, 3})
        {
            final SeededRandom random = new SeededRandom(seed);
            int lowThird = 0;
            int odd = 0;
            for (int i = 0; i < DRAWS; i++)
            {
                final long v = random.nextLong(bound);
                assertTrue(v >= 0 && v < bound, "in range: " + v);
                lowThird += v < (1L << 61) ? 1 : 0;
                odd += (int)(v & 1);
            }
            assertEquals(1.0 / 3, (double)lowThird / DRAWS, FIVE_SIGMA, "seed " + seed + " low third");
            assertEquals(0.5, (double)odd / DRAWS, FIVE_SIGMA, "seed " + seed + " odd values");
        }
    }

    @Test
    void longDrawsBelowAPowerOfTwoAreUniformOverEveryBit()
    {
        final long bound = 1L << 40;
        final SeededRandom random = new SeededRandom(4);
        final int[] ones = new int[40];
        for (int i = 0; i < DRAWS; i++)
        {
            final long v = random.nextLong(bound);
            assertTrue(v >= 0 && v < bound, "in range: " + v);
            for (int b = 0; b < 40; b++)
            {
                ones[b] += (int)((v >>> b) & 1);
            }
        }
        for (int b = 0; b < 40; b++)
        {
            assertEquals(0.5, (double)ones[b] / DRAWS, FIVE_SIGMA, "bit " + b);
        }
    }

    @Test
    void aBoundOfZeroIsRefused()
    {
        final SeededRandom random = new SeededRandom(1);
        assertThrows(IllegalArgumentException.class, () -> random.nextLong(0));
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(-1));
        assertEquals(0, random.nextLong(1), "one value below a bound of one");
    }
}

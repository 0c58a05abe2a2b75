package io.starling.engine.protocol;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SeededRandom#mix64} is SplitMix64's output function (Stafford variant 13), checked against an
 * implementation written apart from it: the JDK's {@link SplittableRandom}, whose {@code nextLong()} from seed s
 * returns that mix of s + the golden gamma, then of s + 2 gammas, and so on.
 */
class SeededRandomMixTest
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    @Test
    void mix64IsSplitMix64sOutputFunction()
    {
        final SplittableRandom seeds = new SplittableRandom(17);
        for (int i = 0; i < 1_000; i++)
        {
            final long seed = 0 == i ? 0 : seeds.nextLong();
            final SplittableRandom reference = new SplittableRandom(seed);
            long x = seed;
            for (int k = 0; k < 4; k++)
            {
                x += GOLDEN_GAMMA;
                assertEquals(reference.nextLong(), SeededRandom.mix64(x), "seed " + seed + " output " + k);
            }
        }
    }
}

package io.starling.engine.protocol;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SeededRandom} is xoshiro256** seeded through SplitMix64, checked output for output against a reference
 * written apart from it: the state's four words are the first four outputs of the JDK's {@link SplittableRandom}
 * (SplitMix64 with the golden gamma) from the same seed, and the step is the published xoshiro256** of Blackman and
 * Vigna (xoshiro256starstar.c, 2018) over an array state.
 */
class SeededRandomReferenceTest
{
    /** xoshiro256** as published: result = rotl(s[1] * 5, 7) * 9, then the xor-shift-rotate of the state. */
    private static final class Xoshiro256StarStar
    {
        private final long[] s = new long[4];

        Xoshiro256StarStar(final long seed)
        {
            final SplittableRandom splitMix64 = new SplittableRandom(seed);
            for (int i = 0; i < s.length; i++)
            {
                s[i] = splitMix64.nextLong();
            }
        }

        long next()
        {
            final long result = Long.rotateLeft(s[1] * 5, 7) * 9;
            final long t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = Long.rotateLeft(s[3], 45);
            return result;
        }
    }

    @Test
    void everyOutputIsThatOfTheReferenceForManySeeds()
    {
        final SplittableRandom seeds = new SplittableRandom(2026);
        final long[] special = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x9E3779B97F4A7C15L};
        for (int i = 0; i < 200; i++)
        {
            final long seed = i < special.length ? special[i] : seeds.nextLong();
            final SeededRandom random = new SeededRandom(seed);
            final Xoshiro256StarStar reference = new Xoshiro256StarStar(seed);
            for (int k = 0; k < 64; k++)
            {
                assertEquals(reference.next(), random.nextLong(), "seed " + seed + " output " + k);
            }
        }
    }
}

package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SeededRandom#nextInt} gives, draw for draw, what Lemire's plain multiply-and-reject loop gives over the
 * same stream: the same values and the same number of 64-bit draws consumed (checked by the next raw output). The
 * bounds include ones that reject often: 3 x 2^29 rejects a quarter of the draws (so one in 16 is rejected twice in
 * a row), 2^31 - 1 about half; small bounds reject almost never and exercise the wide first test.
 */
class SeededRandomLemireTest
{
    private static final int[] BOUNDS = { 1, 2, 3, 7, 1_000, 1_001, 65_537, 1 << 24, (1 << 24) + 1, 3 << 29,
        (1 << 30) + 1, Integer.MAX_VALUE };

    /** The loop as Lemire published it (2019), over the raw outputs of a generator with the same seed. */
    private static int plainLemire(final SeededRandom raw, final int bound)
    {
        long m = (raw.nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound)
        {
            final long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold)
            {
                m = (raw.nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int)(m >>> 32);
    }

    @Test
    void everyBoundedDrawAndTheStateAfterItAreThoseOfThePlainLoop()
    {
        for (long seed = 0; seed < 20; seed++)
        {
            final SeededRandom random = new SeededRandom(seed);
            final SeededRandom reference = new SeededRandom(seed);
            for (int i = 0; i < 20_000; i++)
            {
                final int bound = BOUNDS[i % BOUNDS.length];
                assertEquals(plainLemire(reference, bound), random.nextInt(bound),
                    "seed " + seed + " draw " + i + " bound " + bound);
                if (i % 97 == 0)
                {
                    assertEquals(reference.nextLong(), random.nextLong(), "seed " + seed + " raw after draw " + i);
                }
            }
        }
    }

    @Test
    void aBoundThatRejectsOftenStillMatchesOverManyDraws()
    {
        final int bound = 3 << 29;
        final SeededRandom random = new SeededRandom(42);
        final SeededRandom reference = new SeededRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            assertEquals(plainLemire(reference, bound), random.nextInt(bound), "draw " + i);
        }
        assertEquals(reference.nextLong(), random.nextLong(), "raw after the draws");
    }
}

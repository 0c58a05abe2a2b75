package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeededRandomTest
{
    @Test
    void shouldRepeatForTheSameSeedAndDifferForAnother()
    {
        final SeededRandom a = new SeededRandom(42);
        final SeededRandom b = new SeededRandom(42);
        final SeededRandom c = new SeededRandom(43);
        boolean differs = false;
        for (int i = 0; i < 1_000; i++)
        {
            final long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
    }

    @Test
    void shouldMixAZeroSeed()
    {
        final SeededRandom zero = new SeededRandom(0);
        assertNotEquals(0L, zero.nextLong() | zero.nextLong());
    }

    @Test
    void shouldDrawBoundedIntsUniformly()
    {
        final SeededRandom random = new SeededRandom(1);
        final int bound = 10;
        final int draws = 100_000;
        final int[] counts = new int[bound];
        for (int i = 0; i < draws; i++)
        {
            final int v = random.nextInt(bound);
            assertTrue(v >= 0 && v < bound);
            counts[v]++;
        }
        double chiSquare = 0;
        final double expected = (double)draws / bound;
        for (final int count : counts)
        {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
        assertTrue(chiSquare < 27.88, "chi2=" + chiSquare);
    }

    @Test
    void shouldDrawDoublesAndLongsInRange()
    {
        final SeededRandom random = new SeededRandom(3);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final double d = random.nextDouble();
            assertTrue(d >= 0 && d < 1);
            sum += d;
            final long l = random.nextLong(1_000_003L);
            assertTrue(l >= 0 && l < 1_000_003L);
            assertTrue(random.nextInt(1) == 0);
        }
        assertEquals(0.5, sum / 100_000, 0.01);
    }

    @Test
    void shouldDrawStandardNormals()
    {
        final SeededRandom random = new SeededRandom(5);
        double sum = 0;
        double sumSquares = 0;
        final int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            final double g = random.nextGaussian();
            sum += g;
            sumSquares += g * g;
        }
        assertEquals(0.0, sum / n, 0.02);
        assertEquals(1.0, sumSquares / n, 0.03);
    }

    @Test
    void shouldSplitIntoADifferentReproducibleStream()
    {
        final SeededRandom a = new SeededRandom(9);
        final SeededRandom b = new SeededRandom(9);
        final SeededRandom splitA = a.split();
        final SeededRandom splitB = b.split();
        assertEquals(splitA.nextLong(), splitB.nextLong());
        assertNotEquals(a.nextLong(), splitA.nextLong());
    }

    @Test
    void shouldRejectNonPositiveBounds()
    {
        final SeededRandom random = new SeededRandom(1);
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> random.nextLong(-1));
    }
}

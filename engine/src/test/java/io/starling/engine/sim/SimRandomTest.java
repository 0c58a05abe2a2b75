package io.starling.engine.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimRandomTest
{
    @Test
    void shouldRepeatForTheSameSeedAndDifferForAnother()
    {
        final SimRandom a = new SimRandom(42);
        final SimRandom b = new SimRandom(42);
        final SimRandom c = new SimRandom(43);
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
        final SimRandom zero = new SimRandom(0);
        assertNotEquals(0L, zero.nextLong() | zero.nextLong());
    }

    @Test
    void shouldDrawBoundedIntsUniformly()
    {
        final SimRandom random = new SimRandom(1);
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
        final SimRandom random = new SimRandom(3);
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
        final SimRandom random = new SimRandom(5);
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
        final SimRandom a = new SimRandom(9);
        final SimRandom b = new SimRandom(9);
        final SimRandom splitA = a.split();
        final SimRandom splitB = b.split();
        assertEquals(splitA.nextLong(), splitB.nextLong());
        assertNotEquals(a.nextLong(), splitA.nextLong());
    }

    @Test
    void shouldRejectNonPositiveBounds()
    {
        final SimRandom random = new SimRandom(1);
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> random.nextLong(-1));
    }
}

package io.starling.engine.host;

import io.starling.engine.protocol.RandomSource;

/**
 * The real-time host's randomness: xoroshiro128++ seeded through SplitMix64. Fast, allocation free, not
 * cryptographic, not thread safe (one per duty-cycle thread).
 */
public final class FastRandom implements RandomSource
{
    private long s0;
    private long s1;

    /**
     * @param seed any value; equal seeds give equal sequences.
     */
    public FastRandom(final long seed)
    {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        if (0 == (s0 | s1))
        {
            s1 = 1;
        }
    }

    public long nextLong()
    {
        final long a = s0;
        long b = s1;
        final long result = Long.rotateLeft(a + b, 17) + a;
        b ^= a;
        s0 = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
        s1 = Long.rotateLeft(b, 28);
        return result;
    }

    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound=" + bound + " must be greater than zero");
        }
        // Lemire's multiply-shift with rejection: unbiased, usually one multiplication.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound)
        {
            final long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold)
            {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int)(m >>> 32);
    }

    private static long mix(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

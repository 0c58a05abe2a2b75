package io.starling.bench.support;

import io.starling.engine.protocol.RandomSource;

/**
 * A seeded SplitMix64 {@link RandomSource}: deterministic, allocation free, good enough for probe orders and peer
 * picks in benchmarks.
 */
public final class SplitMixRandom implements RandomSource
{
    private long state;

    /**
     * @param seed initial state.
     */
    public SplitMixRandom(final long seed)
    {
        state = seed;
    }

    public long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound=" + bound + " must be positive");
        }
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }
}

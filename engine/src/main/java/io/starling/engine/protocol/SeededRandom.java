package io.starling.engine.protocol;

/**
 * The one {@link RandomSource}: xoshiro256** (Blackman and Vigna), seeded through SplitMix64 so that any 64-bit
 * seed, including 0, gives a well mixed state. Fast, allocation free, 2^256 - 1 period, and splittable:
 * {@link #split()} derives an independent stream from this one. Not cryptographic, not thread safe.
 * <p>
 * The real-time host holds one per duty-cycle thread. A simulation uses one instance for everything (network
 * model and every node): because the event order is deterministic, so is the order of draws, and a seed
 * reproduces a run bit for bit.
 */
public final class SeededRandom implements RandomSource
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    /** Ored into the bound for {@link #nextInt}'s first test: at least 2^24 of the 2^32 low values pass it. */
    private static final long WIDE_TEST = 0xFF_FFFFL;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /**
     * @param seed any 64-bit value.
     */
    public SeededRandom(final long seed)
    {
        long x = seed;
        x += GOLDEN_GAMMA;
        s0 = mix64(x);
        x += GOLDEN_GAMMA;
        s1 = mix64(x);
        x += GOLDEN_GAMMA;
        s2 = mix64(x);
        x += GOLDEN_GAMMA;
        s3 = mix64(x);
    }

    /**
     * SplitMix64's output function (Stafford variant 13): a bijective 64-bit mixer.
     *
     * @param z value to mix.
     * @return mixed value.
     */
    public static long mix64(final long z)
    {
        long x = z;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /**
     * @return a uniformly distributed 64-bit value.
     */
    public long nextLong()
    {
        final long result = Long.rotateLeft(s1 * 5, 7) * 9;
        final long t = s1 << 17;

        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);

        return result;
    }

    /**
     * Unbiased bounded draw (Lemire's multiply-and-reject on the high 32 bits): a draw whose low 32 bits fall below
     * {@code 2^32 mod bound} is rejected and drawn again.
     * <p>
     * A rejection is rare (fewer than {@code bound} low values in 2^32), so the JIT's profile never sees one, and a
     * branch taken only on rejection is compiled as a trap: the first rejection deoptimizes whatever compiled method
     * inlined this draw (the probe tick, through the probe order's reshuffle) and the recompilation often finds its
     * callees already compiled apart. The draws are therefore tested in two steps: a wide test, true for at least one
     * draw in 256 (the profile sees it taken), then, inside it, the exact test and the first redraw without a
     * branch; only a second rejection in a row (about {@code (bound / 2^32)^2} of draws) takes a branch. The values
     * and the number of draws are exactly those of the plain loop.
     *
     * @param bound exclusive upper bound, greater than zero.
     * @return a uniformly distributed value in {@code [0, bound)}.
     */
    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound=" + bound + " must be greater than zero");
        }
        final long m = (nextLong() >>> 32) * bound;
        if ((m & LOW_32) < (bound | WIDE_TEST))
        {
            return (int)(redrawIfRejected(m, bound) >>> 32);
        }
        return (int)(m >>> 32);
    }

    /**
     * Lemire's rejection for a draw whose low bits are small: the threshold, one redraw kept only when the first
     * draw is rejected (state and value chosen by mask), then the plain loop for further rejections.
     */
    private long redrawIfRejected(final long first, final int bound)
    {
        final long threshold = (0x1_0000_0000L - bound) % bound;
        final long rejected = -(((first & LOW_32) - threshold) >>> 63); // all ones when low < threshold
        final long o0 = s0;
        final long o1 = s1;
        final long o2 = s2;
        final long o3 = s3;
        final long redraw = (nextLong() >>> 32) * bound;
        s0 = o0 ^ ((o0 ^ s0) & rejected);
        s1 = o1 ^ ((o1 ^ s1) & rejected);
        s2 = o2 ^ ((o2 ^ s2) & rejected);
        s3 = o3 ^ ((o3 ^ s3) & rejected);
        long m = first ^ ((first ^ redraw) & rejected);
        while ((m & LOW_32) < threshold)
        {
            m = (nextLong() >>> 32) * bound;
        }
        return m;
    }

    /**
     * @param bound exclusive upper bound, greater than zero.
     * @return a uniformly distributed value in {@code [0, bound)}.
     */
    public long nextLong(final long bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound=" + bound + " must be greater than zero");
        }
        final long mask = bound - 1;
        if (0 == (bound & mask))
        {
            return nextLong() & mask;
        }
        long u = nextLong() >>> 1;
        long r;
        while (u + mask - (r = u % bound) < 0)
        {
            u = nextLong() >>> 1;
        }
        return r;
    }

    /**
     * @return a standard normal deviate (Box-Muller, one value per call so that the draw count is fixed).
     */
    public double nextGaussian()
    {
        final double u1 = 1.0 - nextDouble();
        final double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Derive an independent stream: the new generator is seeded from two draws of this one.
     *
     * @return a new generator.
     */
    public SeededRandom split()
    {
        return new SeededRandom(nextLong() ^ Long.rotateLeft(nextLong(), 32));
    }
}

package io.starling.engine.protocol;

/**
 * Randomness handed in to the protocol. The protocol never creates a random source of its own: the simulator
 * passes one seeded source per run (so a seed reproduces a run bit for bit), the real-time host passes its own.
 */
public interface RandomSource
{
    /**
     * @param bound exclusive upper bound, greater than zero.
     * @return a uniformly distributed value in {@code [0, bound)}.
     */
    int nextInt(int bound);

    /**
     * @return a uniformly distributed 64-bit value.
     */
    long nextLong();

    /**
     * @return a uniformly distributed value in {@code [0.0, 1.0)}.
     */
    default double nextDouble()
    {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}

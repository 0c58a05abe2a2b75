package io.starling.engine.protocol;

/**
 * Lifeguard's dynamic suspicion timeout and the times of the suspicion re-checks, as pure functions of the
 * minimum timeout and the confirmations counted (memberlist's {@code remainingSuspicionTime}). The timer that
 * applies them is {@link Suspicion}.
 */
final class SuspicionTimeout
{
    /** Re-checks of a suspicion still standing, at 3/6, 4/6 and 5/6 of the minimum timeout. */
    static final int CHECKS = 3;

    private SuspicionTimeout()
    {
    }

    /**
     * @param suspicionMult the configured suspicion multiplier.
     * @return independent confirmations that bring the timeout down to its minimum (suspicionMult - 2, at least 0).
     */
    static int expectedConfirmations(final int suspicionMult)
    {
        return Math.max(0, suspicionMult - 2);
    }

    /**
     * The timeout starts at max = maxMult x min and falls toward min as log(c + 1) / log(k + 1) with c independent
     * confirmations of k expected. Without Lifeguard, or with none expected, it is the fixed SWIM timeout, min.
     *
     * @param lifeguard     whether Lifeguard is on.
     * @param minNs         minimum timeout for the current cluster size.
     * @param maxMult       suspicionMaxTimeoutMult.
     * @param expected      confirmations expected, from {@link #expectedConfirmations(int)}.
     * @param confirmations confirmations counted so far.
     * @return the timeout from the start of the suspicion, in ns.
     */
    static long timeoutNs(
        final boolean lifeguard, final long minNs, final int maxMult, final int expected, final int confirmations)
    {
        if (!lifeguard || 0 == expected)
        {
            return minNs;
        }
        final long maxNs = minNs * maxMult;
        final double frac = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        return Math.max(minNs, (long)(maxNs - frac * (maxNs - minNs)));
    }

    /**
     * Re-check {@code check} (1 to {@link #CHECKS}) of a suspicion still standing: at (2 + check) / 6 of the minimum
     * timeout, before the earliest possible death and long after a refutation normally arrives. Three, so that at
     * 5% loss all three round trips fail about once in a thousand times.
     *
     * @param minNs minimum timeout for the current cluster size.
     * @param check 1 to {@link #CHECKS}.
     * @return delay from the start of the suspicion, in ns.
     */
    static long checkDelayNs(final long minNs, final int check)
    {
        return minNs / 6 * (2 + check);
    }
}

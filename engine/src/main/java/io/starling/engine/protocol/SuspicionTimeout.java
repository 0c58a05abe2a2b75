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
    /** Most re-checks, under heavy loss: spread evenly over the same span, from 3/6 to 5/6 of the minimum timeout. */
    static final int MAX_CHECKS = 10;
    /** The chance that every re-check round trip of a live member is lost, which the re-check count is sized for. */
    static final double CHECK_MISS_TARGET = 1e-3;

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
     * Re-check {@code check} (1 to {@code checks}) of a suspicion still standing: the first at 3/6 of the minimum
     * timeout, the last at 5/6, evenly between (3/6, 4/6, 5/6 for {@link #CHECKS}), before the earliest possible
     * death and long after a refutation normally arrives. Three, so that at 5% loss all three round trips fail about
     * once in a thousand times; more under heavier loss ({@code Suspicion}).
     *
     * @param minNs  minimum timeout for the current cluster size.
     * @param check  1 to {@code checks}.
     * @param checks re-checks of the suspicion, at least {@link #CHECKS}.
     * @return delay from the start of the suspicion, in ns.
     */
    static long checkDelayNs(final long minNs, final int check, final int checks)
    {
        if (checks <= CHECKS)
        {
            return minNs / 6 * (2 + check);
        }
        return minNs / 2 + (minNs / 3) * (check - 1) / (checks - 1);
    }

    /**
     * Re-check {@code check} (1 to {@code checks}) of a suspicion that resumes after an out-of-contact window: the
     * re-checks of a fresh suspicion, moved to begin at the resumption (the member is asked again at once), and the
     * same span after the last one for its answer, which {@link #resumedSpanNs} keeps free of a death.
     *
     * @param minNs  minimum timeout for the current cluster size.
     * @param check  1 to {@code checks}.
     * @param checks re-checks of the suspicion.
     * @return delay from the resumption, in ns.
     */
    static long resumedCheckDelayNs(final long minNs, final int check, final int checks)
    {
        return checkDelayNs(minNs, check, checks) - checkDelayNs(minNs, 1, checks);
    }

    /**
     * @param minNs  minimum timeout for the current cluster size.
     * @param checks re-checks of the suspicion.
     * @return the least time in contact a resumed suspicion gives its member after it is back, whatever time it
     * had left: from its first re-check to the minimum timeout, as a fresh suspicion's (minNs / 2).
     */
    static long resumedSpanNs(final long minNs, final int checks)
    {
        return minNs - checkDelayNs(minNs, 1, checks);
    }
}

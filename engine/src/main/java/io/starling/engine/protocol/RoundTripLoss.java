package io.starling.engine.protocol;

/**
 * The share of direct probe round trips lost, as this node measures it: of the probes whose target answered (so it
 * was alive), those answered through a relay only (the direct Ping or its Ack lost; a direct Ack after the probe
 * timeout is late, not lost). It sizes what must survive loss (the relays of {@link IndirectProbe}, the re-checks
 * of {@link Suspicion}, transmissions in {@link Piggyback}); it decides nothing itself. 0 on a lossless network,
 * where those keep their configured sizes.
 */
final class RoundTripLoss
{
    /** The estimate averages over about this many answered probes (the newest weighs 1/32 once that many were
     * answered; a plain mean before). */
    private static final int WINDOW_PROBES = 32;
    private static final int ONE = 1 << 16;

    private final boolean enabled;
    /** Fixed point, {@link #ONE} = 1. */
    private int lostFixed;
    private int answeredProbes;

    /**
     * @param enabled false to measure nothing (rate 0: SWIM's fixed sizes, {@link ProtocolConfig#sizedForLoss()}).
     */
    RoundTripLoss(final boolean enabled)
    {
        this.enabled = enabled;
    }

    /**
     * The target of a probe answered (directly or through a relay).
     *
     * @param directMissed whether its direct round trip failed (answered through a relay only).
     */
    void onProbeAnswered(final boolean directMissed)
    {
        if (!enabled)
        {
            return;
        }
        if (answeredProbes < WINDOW_PROBES)
        {
            answeredProbes++;
        }
        lostFixed += ((directMissed ? ONE : 0) - lostFixed) / answeredProbes;
    }

    /**
     * @return the share of direct round trips lost, in [0, 1].
     */
    double rate()
    {
        return lostFixed / (double)ONE;
    }

    /**
     * The least count, within [configured, max], of independent tries each lost with {@code lossPerTry} such that
     * all are lost with a chance of at most {@code target}.
     *
     * @param lossPerTry chance that one try fails, in [0, 1].
     * @param target     chance of all failing to stay under.
     * @param configured count that stands when it already meets the target (or on a lossless network).
     * @param max        most tries.
     * @return the count.
     */
    static int triesFor(final double lossPerTry, final double target, final int configured, final int max)
    {
        if (lossPerTry <= 0 || Math.pow(lossPerTry, configured) <= target)
        {
            return configured;
        }
        if (lossPerTry >= 1.0)
        {
            return Math.max(configured, max);
        }
        final double k = Math.ceil(Math.log(target) / Math.log(lossPerTry));
        return (int)Math.max(configured, Math.min(Math.max(configured, max), k));
    }
}

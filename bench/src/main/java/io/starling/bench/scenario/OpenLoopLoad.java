package io.starling.bench.scenario;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Open-loop load: requests are due at a fixed rate whatever the replies do, and each carries its <em>intended</em>
 * send time, so a stall (of the peer, the driver or this generator) shows up as latency of every request that
 * should have gone out during it, instead of silently delaying them (no coordinated omission). Latency is reply
 * arrival minus intended send time. If the generator falls behind it sends the overdue requests back to back
 * with their original stamps; the largest lag of an actual send behind its intended time is reported.
 */
public final class OpenLoopLoad implements ReplyHandler
{
    /** How long to wait for the last replies after the last request. */
    public static final long DRAIN_NS = TimeUnit.SECONDS.toNanos(2);

    private Histogram histogram;
    private long received;

    /**
     * What one run did.
     *
     * @param histogram   latency from intended send to reply, ns.
     * @param ratePerS    requested rate.
     * @param durationNs  length of the sending phase.
     * @param sent        requests sent.
     * @param received    replies received.
     * @param maxSendLagNs largest delay of an actual send behind its intended time.
     */
    public record Result(
        Histogram histogram, double ratePerS, long durationNs, long sent, long received, long maxSendLagNs)
    {
        /**
         * @return requests without a reply by the end of the drain.
         */
        public long lost()
        {
            return sent - received;
        }
    }

    /**
     * Run for a while at a rate.
     *
     * @param subject    connected subject.
     * @param ratePerS   requests per second, above 0.
     * @param durationNs sending phase.
     * @return what happened.
     */
    public Result run(final RoundTripSubject subject, final double ratePerS, final long durationNs)
    {
        if (!(ratePerS > 0))
        {
            throw new IllegalArgumentException("ratePerS=" + ratePerS + " must be above 0");
        }
        histogram = LatencyHistograms.newHistogram();
        received = 0;
        final double intervalNs = 1e9 / ratePerS;
        final long total = Math.max(1, (long)(durationNs / intervalNs));
        final long startNs = System.nanoTime();
        long sent = 0;
        long maxSendLagNs = 0;
        long nextIntendedNs = startNs;

        while (sent < total)
        {
            long nowNs = System.nanoTime();
            while (sent < total && nowNs - nextIntendedNs >= 0)
            {
                if (!subject.trySend(nextIntendedNs))
                {
                    break;
                }
                maxSendLagNs = Math.max(maxSendLagNs, nowNs - nextIntendedNs);
                sent++;
                nextIntendedNs = startNs + (long)(sent * intervalNs);
                nowNs = System.nanoTime();
            }
            subject.poll(this);
        }

        final long drainEndNs = System.nanoTime() + DRAIN_NS;
        while (received < sent && System.nanoTime() - drainEndNs < 0)
        {
            subject.poll(this);
        }
        return new Result(histogram, ratePerS, durationNs, sent, received, maxSendLagNs);
    }

    public void onReply(final long stampNs)
    {
        received++;
        LatencyHistograms.record(histogram, System.nanoTime() - stampNs);
    }
}

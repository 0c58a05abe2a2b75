package io.starling.bench.scenario;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Ping-pong: one request in flight at a time, the next sent as soon as the reply arrives. Each round trip is timed
 * from just before the send to the reply's arrival. Warm-up round trips run first and are not recorded.
 */
public final class ClosedLoopRoundTrips implements ReplyHandler
{
    /** A round trip without a reply for this long means the peer is gone. */
    public static final long REPLY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private long lastReplyStampNs = Long.MIN_VALUE;

    /**
     * Run warm-up then measured round trips.
     *
     * @param subject     connected subject.
     * @param warmup      round trips not recorded.
     * @param measured    round trips recorded.
     * @param maxMeasureNs bound on each phase: warm-up and measurement each stop after this long even if fewer
     *                     round trips were done (on an oversubscribed machine a round trip can take milliseconds).
     * @return the histogram of measured round trips, in ns.
     * @throws IllegalStateException if a reply does not come within {@link #REPLY_TIMEOUT_NS}.
     */
    public Histogram run(
        final RoundTripSubject subject, final int warmup, final int measured, final long maxMeasureNs)
    {
        final Histogram histogram = LatencyHistograms.newHistogram();
        final long warmupDeadlineNs = System.nanoTime() + maxMeasureNs;
        for (int i = 0; i < warmup; i++)
        {
            roundTrip(subject);
            if ((i & 0xFF) == 0 && System.nanoTime() - warmupDeadlineNs > 0)
            {
                break;
            }
        }
        final long deadlineNs = System.nanoTime() + maxMeasureNs;
        for (int i = 0; i < measured; i++)
        {
            LatencyHistograms.record(histogram, roundTrip(subject));
            if ((i & 0xFF) == 0 && System.nanoTime() - deadlineNs > 0)
            {
                break;
            }
        }
        return histogram;
    }

    /**
     * One round trip.
     *
     * @param subject connected subject.
     * @return its duration in ns.
     */
    public long roundTrip(final RoundTripSubject subject)
    {
        final long stampNs = System.nanoTime();
        while (!subject.trySend(stampNs))
        {
            subject.poll(this);
            checkTimeout(stampNs);
        }
        while (lastReplyStampNs != stampNs)
        {
            subject.poll(this);
            checkTimeout(stampNs);
        }
        return System.nanoTime() - stampNs;
    }

    public void onReply(final long stampNs)
    {
        lastReplyStampNs = stampNs;
    }

    private static void checkTimeout(final long stampNs)
    {
        if (System.nanoTime() - stampNs > REPLY_TIMEOUT_NS)
        {
            throw new IllegalStateException("no reply within " +
                TimeUnit.NANOSECONDS.toSeconds(REPLY_TIMEOUT_NS) + " s: is the peer process alive?");
        }
    }
}

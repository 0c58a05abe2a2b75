package io.starling.bench.scenario;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The histogram every scenario records into: nanoseconds from 1 ns to one minute, three significant digits.
 */
public final class LatencyHistograms
{
    /** Highest value recorded; larger values are clamped to it. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(1);

    private LatencyHistograms()
    {
    }

    /**
     * @return a new empty histogram.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, 3);
    }

    /**
     * @param histogram  a histogram of nanoseconds.
     * @param percentile 0 to 100.
     * @return the value at the percentile in microseconds, 0 for an empty histogram.
     */
    public static double percentileUs(final Histogram histogram, final double percentile)
    {
        return histogram.getTotalCount() > 0 ?
            histogram.getValueAtPercentile(percentile) / LatencyResult.NS_PER_US : 0.0;
    }

    /**
     * Record a value, clamping it into the histogram's range.
     *
     * @param histogram to record into.
     * @param valueNs   latency.
     */
    public static void record(final Histogram histogram, final long valueNs)
    {
        histogram.recordValue(Math.max(0, Math.min(HIGHEST_TRACKABLE_NS, valueNs)));
    }
}

package io.starling.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * One subject's results over the rounds of a {@link ScenarioMain} run: the closed-loop and each rate's open-loop
 * histograms summed over rounds (so a percentile is taken over every request of the run, and machine noise that
 * hits one round is weighed against all of them), with each round's p50 and p99 kept beside the pooled figure.
 * It does not run anything; {@link ScenarioMain} interleaves the subjects' rounds and feeds it.
 */
final class PooledRounds
{
    private final Histogram closedLoop = LatencyHistograms.newHistogram();
    private final List<Double> closedLoopP50Us = new ArrayList<>();
    private final List<Double> closedLoopP99Us = new ArrayList<>();
    private final Map<Double, Rate> rates = new TreeMap<>();
    private double closedLoopElapsedS;
    private String id;
    private String description;
    private String preset;
    private int messageLengthBytes;
    private Map<String, Object> stats;

    /**
     * One rate's open-loop runs, summed.
     */
    static final class Rate
    {
        private final Histogram histogram = LatencyHistograms.newHistogram();
        private final List<Double> p50Us = new ArrayList<>();
        private final List<Double> p99Us = new ArrayList<>();
        private long durationNs;
        private long sent;
        private long received;
        private long maxSendLagNs;

        /**
         * @param ratePerS the rate.
         * @return the pooled run, as one run of the summed length.
         */
        OpenLoopLoad.Result result(final double ratePerS)
        {
            return new OpenLoopLoad.Result(histogram, ratePerS, durationNs, sent, received, maxSendLagNs);
        }

        /**
         * @return each round's p50, microseconds, in round order.
         */
        List<Double> p50Us()
        {
            return p50Us;
        }

        /**
         * @return each round's p99, microseconds, in round order.
         */
        List<Double> p99Us()
        {
            return p99Us;
        }
    }

    /**
     * Take what describes the subject, and its counters at the end of the latest round.
     *
     * @param s a connected subject.
     */
    void describe(final RoundTripSubject s)
    {
        id = s.id();
        description = s.description();
        preset = s.preset();
        messageLengthBytes = s.messageLengthBytes();
        stats = s.stats();
    }

    String id()
    {
        return id;
    }

    String description()
    {
        return description;
    }

    String preset()
    {
        return preset;
    }

    int messageLengthBytes()
    {
        return messageLengthBytes;
    }

    /**
     * @return the subject's counters at the end of the latest round.
     */
    Map<String, Object> stats()
    {
        return stats;
    }

    /**
     * @param h        one round's closed-loop histogram.
     * @param elapsedS how long that round's closed loop took.
     */
    void addClosedLoop(final Histogram h, final double elapsedS)
    {
        closedLoop.add(h);
        closedLoopP50Us.add(LatencyHistograms.percentileUs(h, 50));
        closedLoopP99Us.add(LatencyHistograms.percentileUs(h, 99));
        closedLoopElapsedS += elapsedS;
    }

    /**
     * @param r one round's open-loop run at one rate.
     */
    void addOpenLoop(final OpenLoopLoad.Result r)
    {
        final Rate rate = rates.computeIfAbsent(r.ratePerS(), k -> new Rate());
        rate.histogram.add(r.histogram());
        rate.p50Us.add(LatencyHistograms.percentileUs(r.histogram(), 50));
        rate.p99Us.add(LatencyHistograms.percentileUs(r.histogram(), 99));
        rate.durationNs += r.durationNs();
        rate.sent += r.sent();
        rate.received += r.received();
        rate.maxSendLagNs = Math.max(rate.maxSendLagNs, r.maxSendLagNs());
    }

    /**
     * @return the closed-loop histogram summed over rounds.
     */
    Histogram closedLoop()
    {
        return closedLoop;
    }

    /**
     * @return each round's closed-loop p50, microseconds.
     */
    List<Double> closedLoopP50Us()
    {
        return closedLoopP50Us;
    }

    /**
     * @return each round's closed-loop p99, microseconds.
     */
    List<Double> closedLoopP99Us()
    {
        return closedLoopP99Us;
    }

    /**
     * @return the closed loops' time summed over rounds.
     */
    double closedLoopElapsedS()
    {
        return closedLoopElapsedS;
    }

    /**
     * @return the open-loop runs by rate, in increasing rate order.
     */
    Map<Double, Rate> rates()
    {
        return rates;
    }
}

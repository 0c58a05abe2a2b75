package io.starling.tools.sim;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

/**
 * Distributions of measured times (propagation of updates, detection of kills) as the sim and emulate commands
 * write them: a percentile summary for the JSON document, an HdrHistogram {@code .hgrm} percentile distribution with
 * a JSON sidecar of the same name (read by {@code starling report}), and the convergence curve (fraction of live
 * nodes informed by gossip round, averaged over the updates).
 */
public final class Distributions
{
    /** Nanoseconds per millisecond. */
    public static final double NS_PER_MS = 1e6;
    /** {@code kind} of the sidecar JSON beside a distribution's {@code .hgrm}. */
    public static final String KIND_DISTRIBUTION = "distribution";
    /** {@code kind} of the propagation object in a sim or emulate document. */
    public static final String KIND_PROPAGATION = "propagation";

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int PERCENTILE_TICKS_PER_HALF = 5;

    private Distributions()
    {
    }

    /**
     * Percentile summary of values, in a unit.
     *
     * @param valuesNs values in nanoseconds (any order; not modified).
     * @param unitNs   nanoseconds per unit of the output (1e6 for milliseconds, the period for periods).
     * @return count, mean, min, p50, p90, p99, p99_9 and max (nulls when empty); percentiles are nearest-rank.
     */
    public static Map<String, Object> summary(final long[] valuesNs, final double unitNs)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", valuesNs.length);
        final long[] sorted = valuesNs.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (final long v : sorted)
        {
            sum += v;
        }
        final boolean empty = 0 == sorted.length;
        s.put("mean", empty ? null : sum / sorted.length / unitNs);
        s.put("min", empty ? null : sorted[0] / unitNs);
        s.put("p50", empty ? null : percentile(sorted, 50) / unitNs);
        s.put("p90", empty ? null : percentile(sorted, 90) / unitNs);
        s.put("p99", empty ? null : percentile(sorted, 99) / unitNs);
        s.put("p99_9", empty ? null : percentile(sorted, 99.9) / unitNs);
        s.put("max", empty ? null : sorted[sorted.length - 1] / unitNs);
        return s;
    }

    /**
     * @param sorted ascending values.
     * @param p      percentile, 0 to 100.
     * @return the nearest-rank percentile.
     */
    public static long percentile(final long[] sorted, final double p)
    {
        final int rank = (int)Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Write {@code DIR/NAME.hgrm} (HdrHistogram percentile distribution, values in milliseconds, recorded in
     * microseconds with 3 significant digits) and {@code DIR/NAME.json} beside it.
     *
     * @param dir      directory (created if missing).
     * @param name     base name of both files.
     * @param valuesNs values in nanoseconds; nothing is written when empty.
     * @param group    curves of one group share a plot in the report.
     * @param extra    more fields for the sidecar (what, nodes, source, ...).
     * @return the .hgrm file, or null if there were no values.
     * @throws IOException if a file cannot be written.
     */
    public static File writeHgrm(
        final File dir, final String name, final long[] valuesNs, final String group, final Map<String, Object> extra)
        throws IOException
    {
        if (0 == valuesNs.length)
        {
            return null;
        }
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create directory " + dir);
        }
        final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        for (final long v : valuesNs)
        {
            histogram.recordValue(Math.max(0, v / 1000));
        }
        final File hgrm = new File(dir, name + ".hgrm");
        try (PrintStream ps = new PrintStream(hgrm, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(ps, PERCENTILE_TICKS_PER_HALF, 1000.0);
        }
        final Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("kind", KIND_DISTRIBUTION);
        sidecar.put("group", group);
        sidecar.put("histogram_file", hgrm.getName());
        sidecar.put("histogram_unit", "ms");
        sidecar.putAll(extra);
        final Map<String, Object> ms = summary(valuesNs, NS_PER_MS);
        for (final Map.Entry<String, Object> e : ms.entrySet())
        {
            sidecar.put("count".equals(e.getKey()) ? "count" : e.getKey() + "_ms", e.getValue());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(dir, name + ".json"), sidecar);
        return hgrm;
    }

    /**
     * The {@code propagation} object of a result document (what {@code starling report} plots): the measured
     * convergence curve beside the synchronous and unsynchronised theory curves, the same for the simulator and
     * real time.
     *
     * @param source     "sim" or "emulate".
     * @param nodes      cluster size.
     * @param updates    updates started.
     * @param completed  updates that reached every other live node.
     * @param gossipNs   gossip interval (one round).
     * @param periodNs   protocol period.
     * @param fanout     gossip fanout.
     * @param arrivalsNs per completed update, the time each other live node first had it.
     * @param needed     per completed update, how many other live nodes had to get it.
     * @return the object.
     */
    public static Map<String, Object> propagationDocument(
        final String source,
        final int nodes,
        final int updates,
        final int completed,
        final long gossipNs,
        final long periodNs,
        final int fanout,
        final List<long[]> arrivalsNs,
        final int[] needed)
    {
        final double roundsTheory = SimTheory.disseminationRounds(nodes, fanout);
        final int rounds = roundsToCover(arrivalsNs, gossipNs, (int)Math.ceil(roundsTheory) + 4);
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", KIND_PROPAGATION);
        p.put("source", source);
        p.put("nodes", nodes);
        p.put("updates", updates);
        p.put("completed", completed);
        p.put("gossip_interval_ms", gossipNs / NS_PER_MS);
        p.put("period_ms", periodNs / NS_PER_MS);
        p.put("fanout", fanout);
        p.put("informed_fraction_by_round", informedFractionByRound(arrivalsNs, needed, gossipNs, rounds));
        p.put("informed_fraction_by_round_theory", SimTheory.informedFractionByRound(nodes, fanout, rounds));
        p.put("informed_fraction_by_round_theory_async",
            SimTheory.informedFractionLogistic(nodes, fanout, rounds));
        p.put("rounds_theory", roundsTheory);
        p.put("rounds_theory_async", SimTheory.asyncRoundsToAll(nodes, fanout));
        p.put("theory", "push gossip, fanout f, synchronous rounds, mean field: i(r+1) = 1 - (1 - i(r)) " +
            "(1 - f/(N-1))^(N i(r)), i(0) = 1/N; rounds to all: log_{1+f} N + ln N / f (Pittel)");
        p.put("theory_async", "push gossip on unsynchronised timers (logistic): i(t) = 1 / (1 + (N-1) e^(-f t)), " +
            "t in gossip intervals; to all but one node: 2 ln(N-1) / f");
        return p;
    }

    /**
     * The convergence curve: for each gossip round r (r x roundNs after the update), the fraction of live nodes
     * that have the update, the updating node included, averaged over the updates.
     *
     * @param arrivalsNs per update, the time each other live node first had it (nodes that never did are absent).
     * @param needed     per update, how many other live nodes had to get it.
     * @param roundNs    length of one gossip round.
     * @param rounds     number of points (round 0 to rounds - 1).
     * @return mean fraction informed by round.
     */
    public static double[] informedFractionByRound(
        final List<long[]> arrivalsNs, final int[] needed, final long roundNs, final int rounds)
    {
        final double[] fraction = new double[rounds];
        if (arrivalsNs.isEmpty())
        {
            return fraction;
        }
        for (int u = 0; u < arrivalsNs.size(); u++)
        {
            final long[] sorted = arrivalsNs.get(u).clone();
            Arrays.sort(sorted);
            final double total = needed[u] + 1.0;
            int informed = 0;
            for (int r = 0; r < rounds; r++)
            {
                final long t = r * roundNs;
                while (informed < sorted.length && sorted[informed] <= t)
                {
                    informed++;
                }
                fraction[r] += Math.min(1.0, (1.0 + informed) / total);
            }
        }
        for (int r = 0; r < rounds; r++)
        {
            fraction[r] /= arrivalsNs.size();
        }
        return fraction;
    }

    /**
     * @param arrivalsNs per update, the arrival times.
     * @param roundNs    length of one gossip round.
     * @param minRounds  at least this many points.
     * @return points enough to reach the latest arrival plus two rounds, at least {@code minRounds}, at most 400.
     */
    public static int roundsToCover(final List<long[]> arrivalsNs, final long roundNs, final int minRounds)
    {
        long max = 0;
        for (final long[] a : arrivalsNs)
        {
            for (final long v : a)
            {
                max = Math.max(max, v);
            }
        }
        final long rounds = (max + roundNs - 1) / roundNs + 3;
        return (int)Math.max(minRounds, Math.min(400, rounds));
    }
}

package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.starling.bench.aeron.AeronChannels;
import io.starling.bench.support.WireSizes;
import io.starling.driver.DriverPreset;
import org.HdrHistogram.Histogram;

import static io.starling.bench.scenario.LatencyHistograms.percentileUs;

/**
 * Runs the HdrHistogram scenario benchmarks and writes their results: for each preset and each subject in turn, a
 * closed-loop round-trip distribution ({@code aeron-rtt-SUBJECT-PRESET.{hgrm,json}}) and open-loop runs at several
 * rates ({@code aeron-openloop-SUBJECT-PRESET-RATE.{hgrm,json}}), then a Starling/raw ratio file for every preset
 * that has both round-trip summaries. When both subjects run, the raw ping-pong uses messages the length of
 * Starling's Ping frame, so the two carry the same bytes.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.starling.bench.scenario.ScenarioMain [options]
 *   --subjects starling,raw       what to measure, in this order (default both; --subject is a synonym);
 *                                 starling-sleep is Starling with the child engine on the default SLEEP idle preset
 *   --presets density,low-latency media driver presets (default both)
 *   --warmup N                    round trips not recorded (default 20000)
 *   --round-trips N               round trips recorded (default 100000)
 *   --max-seconds S               bound on warm-up and on recording, each (default 60)
 *   --open-loop-rates R,R,...     requests per second (default 1000 to 200000 in 8 steps); "none" skips
 *                                 open loop; a summary per subject names where it saturates ({@link SaturationSummary})
 *   --open-loop-seconds S         length of each open-loop run (default 5)
 *   --rounds N                    repeat everything N times (default 1), each round with fresh connections,
 *                                 the subjects in the given order in odd rounds and reversed in even ones; every
 *                                 file holds the histogram summed over the rounds and each round's p50 and p99
 *   --out DIR                     results directory (default bench/results)
 *   --raw-message-bytes B         length of a raw request (default: Starling's Ping frame when starling runs too,
 *                                 else a Ping frame with 6 updates)
 * </pre>
 * Bad flags get one line naming the flag and exit status 2.
 */
public final class ScenarioMain
{
    static final String USAGE = "usage: ScenarioMain [--subjects starling,starling-sleep,raw] " +
        "[--presets density,low-latency] " +
        "[--warmup N] [--round-trips N] [--max-seconds S] [--open-loop-rates R,R,...|none] " +
        "[--open-loop-seconds S] [--rounds N] [--out DIR] [--raw-message-bytes B]";

    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final List<String> subjects = new ArrayList<>(List.of(Subjects.STARLING, Subjects.RAW));
    private final List<DriverPreset> presets = new ArrayList<>(List.of(DriverPreset.DENSITY, DriverPreset.LOW_LATENCY));
    private int warmup = 20_000;
    private int roundTrips = 100_000;
    private double maxSeconds = 60;
    private final List<Double> openLoopRates = new ArrayList<>(
        List.of(1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 50_000.0, 100_000.0, 200_000.0));
    private double openLoopSeconds = 5;
    private int rounds = 1;
    private File out = new File("bench/results");
    private int rawMessageBytes;

    public static void main(final String[] args)
    {
        final ScenarioMain main = new ScenarioMain();
        try
        {
            if (!main.parse(args))
            {
                System.out.println(USAGE);
                System.exit(0);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("scenario: " + ex.getMessage());
            System.exit(2);
        }
        try
        {
            main.runAll();
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("scenario: " + ex);
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Parse the command line.
     *
     * @param args arguments.
     * @return false if help was asked for.
     * @throws IllegalArgumentException naming the flag on bad input.
     */
    boolean parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            if ("--help".equals(flag) || "-h".equals(flag))
            {
                return false;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            final String value = args[++i];
            switch (flag)
            {
                case "--subject":
                case "--subjects":
                    subjects.clear();
                    for (final String id : value.split(","))
                    {
                        if (!Subjects.RAW.equals(id) && !Subjects.STARLING.equals(id) &&
                            !Subjects.STARLING_SLEEP.equals(id))
                        {
                            throw new IllegalArgumentException(
                                flag + " '" + id + "' is not one of raw, starling, starling-sleep");
                        }
                        if (subjects.contains(id))
                        {
                            throw new IllegalArgumentException(flag + " names '" + id + "' twice");
                        }
                        subjects.add(id);
                    }
                    break;
                case "--presets":
                    presets.clear();
                    for (final String p : value.split(","))
                    {
                        try
                        {
                            presets.add(AeronChannels.parsePreset(p));
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            throw new IllegalArgumentException("--presets: " + ex.getMessage());
                        }
                    }
                    break;
                case "--warmup":
                    warmup = positiveInt(flag, value, true);
                    break;
                case "--round-trips":
                    roundTrips = positiveInt(flag, value, false);
                    break;
                case "--max-seconds":
                    maxSeconds = positiveDouble(flag, value);
                    break;
                case "--open-loop-rates":
                    openLoopRates.clear();
                    if (!"none".equals(value))
                    {
                        for (final String r : value.split(","))
                        {
                            openLoopRates.add(positiveDouble(flag, r));
                        }
                    }
                    break;
                case "--rounds":
                    rounds = positiveInt(flag, value, false);
                    break;
                case "--open-loop-seconds":
                    openLoopSeconds = positiveDouble(flag, value);
                    break;
                case "--out":
                    out = new File(value);
                    break;
                case "--raw-message-bytes":
                    rawMessageBytes = positiveInt(flag, value, false);
                    if (rawMessageBytes < Long.BYTES || rawMessageBytes > AeronChannels.MTU_PAYLOAD_BYTES)
                    {
                        throw new IllegalArgumentException(flag + " '" + value + "' must be in [8, " +
                            AeronChannels.MTU_PAYLOAD_BYTES + "]");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return true;
    }

    private void runAll() throws IOException
    {
        final int rawBytes = rawMessageBytes > 0 ? rawMessageBytes :
            subjects.contains(Subjects.STARLING) || subjects.contains(Subjects.STARLING_SLEEP) ?
                WireSizes.pingFrameLengthBytes(0) :
            WireSizes.pingFrameLengthBytes(WireSizes.BASELINE_PING_UPDATES);
        final List<Double> rates = openLoopRates.stream().sorted().toList();
        for (final DriverPreset preset : presets)
        {
            final Map<String, PooledRounds> pooled = new LinkedHashMap<>();
            for (final String id : subjects)
            {
                pooled.put(id, new PooledRounds());
            }
            for (int round = 1; round <= rounds; round++)
            {
                for (final String id : roundOrder(round))
                {
                    final PooledRounds p = pooled.get(id);
                    try (RoundTripSubject s = Subjects.create(id, preset, rawBytes))
                    {
                        s.connect(CONNECT_TIMEOUT_NS);
                        runRoundTrips(s, round, p);
                        for (final double rate : rates)
                        {
                            runOpenLoop(s, rate, round, p);
                        }
                        p.describe(s);
                    }
                }
            }
            for (final PooledRounds p : pooled.values())
            {
                writeResults(p);
            }
            final File ratio = RatioTable.writeIfBothPresent(out, AeronChannels.presetName(preset));
            if (null != ratio)
            {
                System.out.println("ratio table: " + ratio);
            }
        }
    }

    /**
     * @param round from 1.
     * @return the subjects in the order given for odd rounds, reversed for even ones, so that no subject always
     * meets the machine right after another's child process exits.
     */
    List<String> roundOrder(final int round)
    {
        final List<String> order = new ArrayList<>(subjects);
        if (0 == (round & 1))
        {
            Collections.reverse(order);
        }
        return order;
    }

    private void runRoundTrips(final RoundTripSubject s, final int round, final PooledRounds p)
    {
        final long startNs = System.nanoTime();
        final Histogram h;
        try
        {
            h = new ClosedLoopRoundTrips().run(s, warmup, roundTrips, (long)(maxSeconds * 1e9));
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalStateException(s.id() + " " + s.preset() + ": " + ex.getMessage() + " " + s.stats(), ex);
        }
        p.addClosedLoop(h, (System.nanoTime() - startNs) / 1e9);
        System.out.printf(Locale.ROOT, "round %d/%d %-18s %s closed loop n=%d p50=%.1fus p99=%.1fus max=%.1fus%n",
            round, rounds, s.id(), s.preset(), h.getTotalCount(), percentileUs(h, 50), percentileUs(h, 99),
            h.getMaxValue() / 1e3);
    }

    private void runOpenLoop(final RoundTripSubject s, final double rate, final int round, final PooledRounds p)
    {
        final OpenLoopLoad load = new OpenLoopLoad();
        load.run(s, rate, TimeUnit.SECONDS.toNanos(1));
        final OpenLoopLoad.Result r = load.run(s, rate, (long)(openLoopSeconds * 1e9));
        p.addOpenLoop(r);
        final Histogram h = r.histogram();
        System.out.printf(Locale.ROOT, "round %d/%d %-18s %s rate=%d/s sent=%d lost=%d p50=%.1fus p99=%.1fus " +
            "max=%.1fus%n", round, rounds, s.id(), s.preset(), (long)rate, r.sent(), r.lost(), percentileUs(h, 50),
            percentileUs(h, 99), h.getMaxValue() / 1e3);
    }

    private void writeResults(final PooledRounds p) throws IOException
    {
        final Histogram h = p.closedLoop();
        final LatencyResult closed = describe(new LatencyResult(
            "aeron-rtt-" + p.id() + "-" + p.preset(), "aeron_rtt", "aeron-rtt", h), p)
            .put("warmup_round_trips", warmup)
            .put("round_trips_requested", roundTrips)
            .put("max_seconds", maxSeconds)
            .put("elapsed_s", Math.round(p.closedLoopElapsedS() * 1000.0) / 1000.0)
            .put("p50_us_per_round", p.closedLoopP50Us())
            .put("p99_us_per_round", p.closedLoopP99Us())
            .put("subject_stats", p.stats());
        final File closedFile = closed.write(out);
        System.out.printf(Locale.ROOT, "%-28s n=%d p50=%.1fus p90=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus -> %s%n",
            closed.name(), h.getTotalCount(), percentileUs(h, 50), percentileUs(h, 90), percentileUs(h, 99),
            percentileUs(h, 99.9),
            h.getMaxValue() / 1e3, closedFile);

        final SaturationSummary summary = new SaturationSummary(p.id(), p.preset());
        for (final Map.Entry<Double, PooledRounds.Rate> e : p.rates().entrySet())
        {
            final double rate = e.getKey();
            final OpenLoopLoad.Result r = e.getValue().result(rate);
            summary.add(r);
            final String rateName = String.format(Locale.ROOT, "%d", (long)rate);
            final LatencyResult result = describe(new LatencyResult(
                "aeron-openloop-" + p.id() + "-" + p.preset() + "-" + rateName, "aeron_open_loop",
                "aeron-openloop-" + p.preset(), r.histogram()), p)
                .put("rate_per_s", rate)
                .put("duration_s", openLoopSeconds)
                .put("warmup_s", 1)
                .put("sent", r.sent())
                .put("received", r.received())
                .put("lost", r.lost())
                .put("max_send_lag_us", LatencyResult.us(r.maxSendLagNs()))
                .put("latency_from", "intended send time")
                .put("p50_us_per_round", e.getValue().p50Us())
                .put("p99_us_per_round", e.getValue().p99Us())
                .put("subject_stats", p.stats());
            final File json = result.write(out);
            final Histogram oh = r.histogram();
            System.out.printf(Locale.ROOT, "%-28s rate=%s/s sent=%d lost=%d p50=%.1fus p99=%.1fus max=%.1fus -> %s%n",
                result.name(), rateName, r.sent(), r.lost(), percentileUs(oh, 50), percentileUs(oh, 99),
                oh.getMaxValue() / 1e3, json);
        }
        final File file = summary.write(out);
        if (null != file)
        {
            System.out.printf(Locale.ROOT, "%s %s: highest sustained rate %.0f/s, first not sustained " +
                "%s -> %s%n", p.id(), p.preset(), summary.highestSustainedRate(),
                Double.isInfinite(summary.lowestUnsustainedRate()) ? "none" :
                String.format(Locale.ROOT, "%.0f/s", summary.lowestUnsustainedRate()), file);
        }
    }

    private LatencyResult describe(final LatencyResult result, final PooledRounds p)
    {
        return result
            .put("subject", p.id())
            .put("subject_description", p.description())
            .put("preset", p.preset())
            .put("message_length_bytes", p.messageLengthBytes())
            .put("rounds", rounds);
    }

    private static int positiveInt(final String flag, final String value, final boolean zeroAllowed)
    {
        try
        {
            final int v = Integer.parseInt(value);
            if (v < 0 || (v == 0 && !zeroAllowed))
            {
                throw new NumberFormatException();
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " '" + value + "' must be a " +
                (zeroAllowed ? "non-negative" : "positive") + " integer");
        }
    }

    private static double positiveDouble(final String flag, final String value)
    {
        try
        {
            final double v = Double.parseDouble(value);
            if (!(v > 0) || Double.isInfinite(v))
            {
                throw new NumberFormatException();
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " '" + value + "' must be a positive number");
        }
    }

    List<String> subjects()
    {
        return subjects;
    }

    List<DriverPreset> presets()
    {
        return presets;
    }

    List<Double> openLoopRates()
    {
        return openLoopRates;
    }

    int roundTrips()
    {
        return roundTrips;
    }

    int rounds()
    {
        return rounds;
    }
}

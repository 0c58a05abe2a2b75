package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.starling.bench.aeron.AeronChannels;
import io.starling.driver.DriverPreset;
import org.HdrHistogram.Histogram;

/**
 * Runs the HdrHistogram scenario benchmarks and writes their results: for each preset, a closed-loop round-trip
 * distribution ({@code aeron-rtt-SUBJECT-PRESET.{hgrm,json}}) and open-loop runs at several rates
 * ({@code aeron-openloop-SUBJECT-PRESET-RATE.{hgrm,json}}), then a Starling/raw ratio file for every preset that
 * has both round-trip summaries.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.starling.bench.scenario.ScenarioMain [options]
 *   --subject raw|starling        what to measure (default raw)
 *   --presets density,low-latency media driver presets (default both)
 *   --warmup N                    round trips not recorded (default 20000)
 *   --round-trips N               round trips recorded (default 100000)
 *   --max-seconds S               bound on warm-up and on recording, each (default 60)
 *   --open-loop-rates R,R,...     requests per second (default 1000,5000,20000); "none" skips open loop
 *   --open-loop-seconds S         length of each open-loop run (default 5)
 *   --out DIR                     results directory (default bench/results)
 *   --probe-period-ms P           starling only: probe period of both engines (default 10)
 *   --starling-seconds S          starling only: how long to collect probes after the join (default 30)
 * </pre>
 * {@code --subject starling} measures Starling's own direct probes between two engines ({@link StarlingProbeRtt})
 * and writes a summary without a histogram; no open-loop runs (they need a {@link RoundTripSubject}).
 * Bad flags get one line naming the flag and exit status 2.
 */
public final class ScenarioMain
{
    static final String USAGE = "usage: ScenarioMain [--subject raw|starling] [--presets density,low-latency] " +
        "[--warmup N] [--round-trips N] [--max-seconds S] [--open-loop-rates R,R,...|none] " +
        "[--open-loop-seconds S] [--out DIR] [--probe-period-ms P] [--starling-seconds S]";

    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private String subject = Subjects.RAW;
    private final List<DriverPreset> presets = new ArrayList<>(List.of(DriverPreset.DENSITY, DriverPreset.LOW_LATENCY));
    private int warmup = 20_000;
    private int roundTrips = 100_000;
    private double maxSeconds = 60;
    private final List<Double> openLoopRates = new ArrayList<>(List.of(1_000.0, 5_000.0, 20_000.0));
    private double openLoopSeconds = 5;
    private File out = new File("bench/results");
    private int probePeriodMs = 10;
    private double starlingSeconds = 30;

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
                    if (!Subjects.RAW.equals(value) && !Subjects.STARLING.equals(value))
                    {
                        throw new IllegalArgumentException("--subject '" + value + "' is not one of raw, starling");
                    }
                    subject = value;
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
                case "--open-loop-seconds":
                    openLoopSeconds = positiveDouble(flag, value);
                    break;
                case "--out":
                    out = new File(value);
                    break;
                case "--probe-period-ms":
                    probePeriodMs = positiveInt(flag, value, false);
                    break;
                case "--starling-seconds":
                    starlingSeconds = positiveDouble(flag, value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return true;
    }

    private void runAll() throws IOException
    {
        for (final DriverPreset preset : presets)
        {
            if (Subjects.STARLING.equals(subject))
            {
                final File json = StarlingProbeRtt.run(preset, probePeriodMs, starlingSeconds, out);
                System.out.println("starling probe round trips, " + AeronChannels.presetName(preset) + " -> " + json);
                final File ratio = RatioTable.writeIfBothPresent(out, AeronChannels.presetName(preset));
                if (null != ratio)
                {
                    System.out.println("ratio table: " + ratio);
                }
                continue;
            }
            try (RoundTripSubject s = Subjects.create(subject, preset))
            {
                s.connect(CONNECT_TIMEOUT_NS);
                runRoundTrips(s);
                for (final double rate : openLoopRates)
                {
                    runOpenLoop(s, rate);
                }
            }
            final File ratio = RatioTable.writeIfBothPresent(out, AeronChannels.presetName(preset));
            if (null != ratio)
            {
                System.out.println("ratio table: " + ratio);
            }
        }
    }

    private void runRoundTrips(final RoundTripSubject s) throws IOException
    {
        final long startNs = System.nanoTime();
        final Histogram h = new ClosedLoopRoundTrips().run(
            s, warmup, roundTrips, (long)(maxSeconds * 1e9));
        final double elapsedS = (System.nanoTime() - startNs) / 1e9;
        final LatencyResult result = new LatencyResult(
            "aeron-rtt-" + s.id() + "-" + s.preset(), "aeron_rtt", "aeron-rtt", h)
            .put("subject", s.id())
            .put("subject_description", s.description())
            .put("preset", s.preset())
            .put("message_length_bytes", s.messageLengthBytes())
            .put("warmup_round_trips", warmup)
            .put("round_trips_requested", roundTrips)
            .put("max_seconds", maxSeconds)
            .put("elapsed_s", Math.round(elapsedS * 1000.0) / 1000.0);
        final File json = result.write(out);
        System.out.printf(Locale.ROOT, "%-28s n=%d p50=%.1fus p90=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus -> %s%n",
            result.name(), h.getTotalCount(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
            h.getMaxValue() / 1e3, json);
    }

    private void runOpenLoop(final RoundTripSubject s, final double rate) throws IOException
    {
        final OpenLoopLoad load = new OpenLoopLoad();
        load.run(s, rate, TimeUnit.SECONDS.toNanos(1));
        final OpenLoopLoad.Result r = load.run(s, rate, (long)(openLoopSeconds * 1e9));
        final String rateName = String.format(Locale.ROOT, "%d", (long)rate);
        final LatencyResult result = new LatencyResult(
            "aeron-openloop-" + s.id() + "-" + s.preset() + "-" + rateName, "aeron_open_loop",
            "aeron-openloop-" + s.preset(), r.histogram())
            .put("subject", s.id())
            .put("subject_description", s.description())
            .put("preset", s.preset())
            .put("message_length_bytes", s.messageLengthBytes())
            .put("rate_per_s", rate)
            .put("duration_s", openLoopSeconds)
            .put("warmup_s", 1)
            .put("sent", r.sent())
            .put("received", r.received())
            .put("lost", r.lost())
            .put("max_send_lag_us", LatencyResult.us(r.maxSendLagNs()))
            .put("latency_from", "intended send time");
        final File json = result.write(out);
        final Histogram h = r.histogram();
        System.out.printf(Locale.ROOT, "%-28s rate=%s/s sent=%d lost=%d p50=%.1fus p99=%.1fus max=%.1fus -> %s%n",
            result.name(), rateName, r.sent(), r.lost(), us(h, 50), us(h, 99), h.getMaxValue() / 1e3, json);
    }

    private static double us(final Histogram h, final double percentile)
    {
        return h.getValueAtPercentile(percentile) / 1e3;
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
}

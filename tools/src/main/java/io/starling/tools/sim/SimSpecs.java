package io.starling.tools.sim;

import java.util.Locale;

import io.starling.engine.sim.LatencyModel;

/**
 * Parsers for the scenario flags of {@code starling sim}. Each throws {@link IllegalArgumentException} with a
 * message that starts with the flag's name.
 */
public final class SimSpecs
{
    /** Default start of a partition or pause, in periods after the scenario starts. */
    public static final double DEFAULT_START_PERIODS = 5;
    /** Default length of a partition, in periods. */
    public static final double DEFAULT_PARTITION_PERIODS = 20;

    private static final long NS_PER_MS = 1_000_000L;

    private SimSpecs()
    {
    }

    /**
     * A partition: the first {@code firstFraction} of the nodes (by index) against the rest.
     *
     * @param firstFraction   share of the nodes on the first side, in (0, 1).
     * @param startPeriods    when it starts, in periods after the scenario starts.
     * @param durationPeriods how long it lasts, in periods; 0 for the rest of the run.
     */
    public record Partition(double firstFraction, double startPeriods, double durationPeriods)
    {
        /**
         * @param nodes cluster size.
         * @return nodes on the first side, at least 1 and at most nodes - 1.
         */
        public int firstGroupSize(final int nodes)
        {
            final int size = (int)Math.round(firstFraction * nodes);
            if (size < 1 || size > nodes - 1)
            {
                throw new IllegalArgumentException("--partition: " + firstFraction + " of " + nodes +
                    " nodes leaves one side empty");
            }
            return size;
        }
    }

    /**
     * Stop-the-world pauses of randomly chosen nodes.
     *
     * @param count        nodes to pause.
     * @param durationMs   pause length in milliseconds.
     * @param startPeriods when, in periods after the scenario starts.
     */
    public record Pause(int count, double durationMs, double startPeriods)
    {
    }

    /**
     * {@code FRACTION|A/B[@START][+DURATION]}: {@code 0.3}, {@code 50/50}, {@code 30/70@10+30}. START and
     * DURATION are in protocol periods (defaults 5 and 20; a duration of 0 never heals).
     *
     * @param spec the flag's value.
     * @return the partition.
     */
    public static Partition partition(final String spec)
    {
        final String flag = "--partition";
        String body = requireText(flag, spec);
        double durationPeriods = DEFAULT_PARTITION_PERIODS;
        double startPeriods = DEFAULT_START_PERIODS;

        final int plus = body.indexOf('+');
        if (plus >= 0)
        {
            durationPeriods = nonNegative(flag, "duration", body.substring(plus + 1));
            body = body.substring(0, plus);
        }
        final int at = body.indexOf('@');
        if (at >= 0)
        {
            startPeriods = nonNegative(flag, "start", body.substring(at + 1));
            body = body.substring(0, at);
        }

        final double fraction;
        final int slash = body.indexOf('/');
        if (slash >= 0)
        {
            final double a = nonNegative(flag, "first side", body.substring(0, slash));
            final double b = nonNegative(flag, "second side", body.substring(slash + 1));
            if (a <= 0 || b <= 0)
            {
                throw new IllegalArgumentException(flag + ": both sides of '" + spec + "' must be greater than 0");
            }
            fraction = a / (a + b);
        }
        else
        {
            fraction = number(flag, "fraction", body);
            if (!(fraction > 0 && fraction < 1))
            {
                throw new IllegalArgumentException(flag + ": fraction " + body + " must be in (0, 1)");
            }
        }
        return new Partition(fraction, startPeriods, durationPeriods);
    }

    /**
     * {@code COUNT:DURATION_MS[@START]}: {@code 5:2000}, {@code 1:10000@3}. START is in protocol periods
     * (default 5).
     *
     * @param spec the flag's value.
     * @return the pause.
     */
    public static Pause pause(final String spec)
    {
        final String flag = "--pause";
        String body = requireText(flag, spec);
        double startPeriods = DEFAULT_START_PERIODS;
        final int at = body.indexOf('@');
        if (at >= 0)
        {
            startPeriods = nonNegative(flag, "start", body.substring(at + 1));
            body = body.substring(0, at);
        }
        final int colon = body.indexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException(flag + ": '" + spec + "' must look like COUNT:DURATION_MS[@START]");
        }
        final int count;
        try
        {
            count = Integer.parseInt(body.substring(0, colon).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + ": count '" + body.substring(0, colon) + "' is not an integer");
        }
        if (count < 1)
        {
            throw new IllegalArgumentException(flag + ": count " + count + " must be at least 1");
        }
        final double durationMs = nonNegative(flag, "duration", body.substring(colon + 1));
        if (durationMs <= 0)
        {
            throw new IllegalArgumentException(flag + ": duration must be greater than 0 ms");
        }
        return new Pause(count, durationMs, startPeriods);
    }

    /**
     * {@code X} (constant), {@code MIN-MAX} (uniform) or {@code lognormal:MEDIAN,SIGMA,CAP}, in milliseconds
     * (sigma is unitless).
     *
     * @param spec the flag's value.
     * @return the latency model.
     */
    public static LatencyModel latencyMs(final String spec)
    {
        final String flag = "--latency-ms";
        final String body = requireText(flag, spec).toLowerCase(Locale.ROOT);
        try
        {
            if (body.startsWith("lognormal:"))
            {
                final String[] parts = body.substring("lognormal:".length()).split(",");
                if (3 != parts.length)
                {
                    throw new IllegalArgumentException(flag + ": '" + spec + "' must be lognormal:MEDIAN,SIGMA,CAP");
                }
                return LatencyModel.logNormal(
                    ms(flag, parts[0]), number(flag, "sigma", parts[1]), ms(flag, parts[2]));
            }
            final int dash = body.indexOf('-', 1);
            if (dash > 0)
            {
                final long minNs = ms(flag, body.substring(0, dash));
                final long maxNs = ms(flag, body.substring(dash + 1));
                if (maxNs < minNs)
                {
                    throw new IllegalArgumentException(flag + ": range '" + spec + "' has its maximum below its minimum");
                }
                return LatencyModel.uniform(minNs, maxNs);
            }
            return LatencyModel.constant(ms(flag, body));
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            throw new IllegalArgumentException(message.startsWith(flag) ? message : flag + ": " + message);
        }
    }

    private static long ms(final String flag, final String text)
    {
        return Math.round(nonNegative(flag, "milliseconds", text) * NS_PER_MS);
    }

    private static String requireText(final String flag, final String spec)
    {
        if (null == spec || spec.isBlank())
        {
            throw new IllegalArgumentException(flag + ": value is empty");
        }
        return spec.trim();
    }

    private static double nonNegative(final String flag, final String what, final String text)
    {
        final double value = number(flag, what, text);
        if (value < 0)
        {
            throw new IllegalArgumentException(flag + ": " + what + " " + text.trim() + " must not be negative");
        }
        return value;
    }

    private static double number(final String flag, final String what, final String text)
    {
        try
        {
            final double value = Double.parseDouble(text.trim());
            if (!Double.isFinite(value))
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + ": " + what + " '" + text.trim() + "' is not a number");
        }
    }
}

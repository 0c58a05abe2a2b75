package io.starling.bench.scenario;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

/**
 * One recorded latency distribution and the files it is written to: {@code NAME.hgrm} (HdrHistogram's percentile
 * distribution, values in microseconds) and {@code NAME.json} (a summary with stable snake_case fields:
 * {@code p50_us, p90_us, p99_us, p99_9_us, max_us}, what was measured, and on what).
 */
public final class LatencyResult
{
    /** Scaling from recorded nanoseconds to the microseconds written. */
    public static final double NS_PER_US = 1_000.0;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final Histogram histogram;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /**
     * @param name      base name of the files, e.g. {@code aeron-rtt-raw-density}.
     * @param kind      what kind of result, e.g. {@code aeron_rtt}.
     * @param group     results plotted together share a group.
     * @param histogram recorded values in ns.
     */
    public LatencyResult(final String name, final String kind, final String group, final Histogram histogram)
    {
        this.name = name;
        this.histogram = histogram;
        fields.put("kind", kind);
        fields.put("group", group);
    }

    /**
     * Add a descriptive field (written before the percentiles).
     *
     * @param key   snake_case name with units.
     * @param value a number, string, boolean, list or map.
     * @return this.
     */
    public LatencyResult put(final String key, final Object value)
    {
        fields.put(key, value);
        return this;
    }

    /**
     * @return the base name of the files.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the recorded histogram in ns.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    /**
     * @return the JSON summary as written.
     */
    public Map<String, Object> summary()
    {
        final Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put("count", histogram.getTotalCount());
        m.put("min_us", us(histogram.getMinValue()));
        m.put("mean_us", round(histogram.getMean() / NS_PER_US));
        m.put("p50_us", us(histogram.getValueAtPercentile(50)));
        m.put("p90_us", us(histogram.getValueAtPercentile(90)));
        m.put("p99_us", us(histogram.getValueAtPercentile(99)));
        m.put("p99_9_us", us(histogram.getValueAtPercentile(99.9)));
        m.put("max_us", us(histogram.getMaxValue()));
        m.put("histogram_file", name + ".hgrm");
        m.put("histogram_unit", "us");
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("machine", MachineInfo.describe());
        return m;
    }

    /**
     * Write {@code NAME.hgrm} and {@code NAME.json} into a directory.
     *
     * @param dir output directory (created if missing).
     * @return the JSON file.
     * @throws IOException if a file cannot be written.
     */
    public File write(final File dir) throws IOException
    {
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create directory " + dir);
        }
        try (PrintStream out = new PrintStream(
            new FileOutputStream(new File(dir, name + ".hgrm")), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 5, NS_PER_US);
        }
        final File json = new File(dir, name + ".json");
        JSON.writeValue(json, summary());
        return json;
    }

    /**
     * @param valueNs a value in ns.
     * @return it in microseconds, to 0.001.
     */
    public static double us(final long valueNs)
    {
        return round(valueNs / NS_PER_US);
    }

    private static double round(final double value)
    {
        return Math.round(value * 1000.0) / 1000.0;
    }
}

package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Starling over raw Aeron, percentile by percentile: when both {@code aeron-rtt-raw-PRESET.json} and
 * {@code aeron-rtt-starling-PRESET.json} are in a results directory, {@code aeron-rtt-ratio-PRESET.json} holds
 * {@code starling_us / raw_us} for p50, p90, p99, p99.9 and max.
 */
public final class RatioTable
{
    /** Percentile fields compared, in order. */
    public static final List<String> PERCENTILES = List.of("p50_us", "p90_us", "p99_us", "p99_9_us", "max_us");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RatioTable()
    {
    }

    /**
     * @param dir    results directory.
     * @param preset lower-case preset name.
     * @return the raw baseline's summary file.
     */
    public static File rawFile(final File dir, final String preset)
    {
        return new File(dir, "aeron-rtt-raw-" + preset + ".json");
    }

    /**
     * @param dir    results directory.
     * @param preset lower-case preset name.
     * @return the Starling measurement's summary file.
     */
    public static File starlingFile(final File dir, final String preset)
    {
        return new File(dir, "aeron-rtt-starling-" + preset + ".json");
    }

    /**
     * Ratios of two summaries.
     *
     * @param raw      the baseline's summary.
     * @param starling Starling's summary.
     * @return percentile field to {@code starling / raw}; fields missing in either are left out.
     */
    public static Map<String, Double> ratios(final JsonNode raw, final JsonNode starling)
    {
        final Map<String, Double> ratios = new LinkedHashMap<>();
        for (final String p : PERCENTILES)
        {
            final JsonNode r = raw.get(p);
            final JsonNode s = starling.get(p);
            if (null != r && null != s && r.isNumber() && s.isNumber() && r.asDouble() > 0)
            {
                ratios.put(p.replace("_us", ""), Math.round(s.asDouble() / r.asDouble() * 1000.0) / 1000.0);
            }
        }
        return ratios;
    }

    /**
     * Write the ratio file for a preset if both summaries are present.
     *
     * @param dir    results directory.
     * @param preset lower-case preset name.
     * @return the file written, or null when one of the two summaries is missing.
     * @throws IOException if a file cannot be read or written.
     */
    public static File writeIfBothPresent(final File dir, final String preset) throws IOException
    {
        final File rawFile = rawFile(dir, preset);
        final File starlingFile = starlingFile(dir, preset);
        if (!rawFile.isFile() || !starlingFile.isFile())
        {
            return null;
        }
        final JsonNode raw = JSON.readTree(rawFile);
        final JsonNode starling = JSON.readTree(starlingFile);
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "aeron_rtt_ratio");
        out.put("preset", preset);
        out.put("numerator", starlingFile.getName());
        out.put("denominator", rawFile.getName());
        out.put("ratios", ratios(raw, starling));
        out.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        final File file = new File(dir, "aeron-rtt-ratio-" + preset + ".json");
        JSON.writeValue(file, out);
        return file;
    }

    /**
     * @param ratios from {@link #ratios(JsonNode, JsonNode)}.
     * @return a one-line human rendering.
     */
    public static String format(final Map<String, Double> ratios)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, Double> e : ratios.entrySet())
        {
            sb.append(sb.length() == 0 ? "" : "  ").append(e.getKey()).append(' ')
                .append(String.format(Locale.ROOT, "%.2fx", e.getValue()));
        }
        return sb.toString();
    }
}

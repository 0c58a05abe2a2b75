package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

/**
 * Latency by offered rate for one subject and preset, and where it saturates. A rate is <em>sustained</em> when
 * every request got its reply by the end of the drain and the median latency (from the intended send time) stayed
 * within {@link #MEDIAN_GROWTH_LIMIT} times the median at the lowest rate: past saturation requests queue, so the
 * median grows with the run's length instead of staying put. The summary names the highest sustained rate (a
 * lower bound of the saturation rate) and the lowest rate that was not (an upper bound), as
 * {@code aeron-openloop-summary-SUBJECT-PRESET.json}.
 */
public final class SaturationSummary
{
    /** A median more than this many times the lowest rate's median counts as queueing. */
    public static final double MEDIAN_GROWTH_LIMIT = 10.0;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String subject;
    private final String preset;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private double baselineP50Ns = -1;
    private double lowestRate = Double.MAX_VALUE;
    private double highestSustained = 0;
    private double lowestUnsustained = Double.MAX_VALUE;

    /**
     * @param subject subject id.
     * @param preset  lower-case preset name.
     */
    public SaturationSummary(final String subject, final String preset)
    {
        this.subject = subject;
        this.preset = preset;
    }

    /**
     * Add one open-loop run; runs must come in increasing rate order.
     *
     * @param r the run.
     */
    public void add(final OpenLoopLoad.Result r)
    {
        final Histogram h = r.histogram();
        final double p50Ns = h.getTotalCount() > 0 ? h.getValueAtPercentile(50) : Double.MAX_VALUE;
        if (r.ratePerS() < lowestRate)
        {
            lowestRate = r.ratePerS();
            baselineP50Ns = p50Ns;
        }
        final boolean sustained = 0 == r.lost() && p50Ns <= MEDIAN_GROWTH_LIMIT * baselineP50Ns;
        if (sustained)
        {
            highestSustained = Math.max(highestSustained, r.ratePerS());
        }
        else
        {
            lowestUnsustained = Math.min(lowestUnsustained, r.ratePerS());
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("rate_per_s", r.ratePerS());
        row.put("sent", r.sent());
        row.put("received", r.received());
        row.put("lost", r.lost());
        row.put("p50_us", LatencyHistograms.percentileUs(h, 50));
        row.put("p90_us", LatencyHistograms.percentileUs(h, 90));
        row.put("p99_us", LatencyHistograms.percentileUs(h, 99));
        row.put("p99_9_us", LatencyHistograms.percentileUs(h, 99.9));
        row.put("max_us", h.getMaxValue() / LatencyResult.NS_PER_US);
        row.put("max_send_lag_us", LatencyResult.us(r.maxSendLagNs()));
        row.put("sustained", sustained);
        rows.add(row);
    }

    /**
     * @return highest sustained rate, 0 if none.
     */
    public double highestSustainedRate()
    {
        return highestSustained;
    }

    /**
     * @return lowest rate that was not sustained, or +infinity if every rate was.
     */
    public double lowestUnsustainedRate()
    {
        return lowestUnsustained == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : lowestUnsustained;
    }

    /**
     * @param dir results directory.
     * @return the file written, or null if no run was added.
     * @throws IOException if it cannot be written.
     */
    public File write(final File dir) throws IOException
    {
        if (rows.isEmpty())
        {
            return null;
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "aeron_open_loop_summary");
        m.put("subject", subject);
        m.put("preset", preset);
        m.put("rule", "sustained: no request lost after the drain and p50 within " + MEDIAN_GROWTH_LIMIT +
            "x of the lowest rate's p50");
        m.put("highest_sustained_rate_per_s", highestSustained);
        m.put("lowest_unsustained_rate_per_s",
            lowestUnsustained == Double.MAX_VALUE ? null : lowestUnsustained);
        m.put("rows", rows);
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("machine", MachineInfo.describe());
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create directory " + dir);
        }
        final File file = new File(dir, "aeron-openloop-summary-" + subject + "-" + preset + ".json");
        JSON.writeValue(file, m);
        return file;
    }
}

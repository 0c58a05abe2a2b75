package io.starling.tools.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns {@link ReportInputs} into plots (PNG, and SVG unless switched off) and one {@code index.html} that shows
 * them with tables of the headline figures.
 */
public final class ReportWriter
{
    private static final String[] PERCENTILE_FIELDS = { "p50_us", "p90_us", "p99_us", "p99_9_us", "max_us" };
    private static final String[] PERCENTILE_LABELS = { "p50", "p90", "p99", "p99.9", "max" };
    private static final double[] PERCENTILES = { 0.5, 0.9, 0.99, 0.999, 1.0 };

    private final File outDir;
    private final boolean svg;
    private final List<File> written = new ArrayList<>();
    private final StringBuilder html = new StringBuilder();

    /**
     * @param outDir where the plots and index.html go (created if missing).
     * @param svg    also write SVG beside each PNG.
     */
    public ReportWriter(final File outDir, final boolean svg)
    {
        this.outDir = outDir;
        this.svg = svg;
    }

    /**
     * Write every plot and the index.
     *
     * @param inputs what to report.
     * @param title  page title.
     * @return the index file.
     * @throws IOException if a file cannot be written.
     */
    public File write(final ReportInputs inputs, final String title) throws IOException
    {
        if (!outDir.isDirectory() && !outDir.mkdirs())
        {
            throw new IOException("cannot create directory " + outDir);
        }
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
            .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
            .append("text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}img{max-width:100%;")
            .append("border:1px solid #eee;margin:0.5em 0}.note{color:#666;font-size:90%}</style></head><body>\n")
            .append("<h1>").append(esc(title)).append("</h1>\n");

        latencySection(inputs);
        simSection(inputs);
        html.append(DensityCharts.section(inputs.densitySweeps(), outDir, svg, written));
        html.append(DetectionTradeoffCharts.section(inputs.detectionSweeps(), outDir, svg, written));
        new PropagationReport(html, this::save, this::image).write(inputs);
        new ConstellationReport(html, this::save, this::image).write(inputs);
        jmhSection(inputs);

        html.append("<h2>Inputs</h2>\n<ul>\n");
        final java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
        for (final File f : inputs.used())
        {
            final java.nio.file.Path p = f.toPath().toAbsolutePath();
            html.append("<li>").append(esc((p.startsWith(cwd) ? cwd.relativize(p) : p).toString())).append("</li>\n");
        }
        html.append("</ul>\n<p class=\"note\">Generated ")
            .append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
            .append(" by <code>starling report</code>.</p>\n</body></html>\n");
        final File index = new File(outDir, "index.html");
        Files.writeString(index.toPath(), html.toString(), StandardCharsets.UTF_8);
        written.add(index);
        return index;
    }

    /**
     * @return every file written so far.
     */
    public List<File> written()
    {
        return written;
    }

    // ------------------------------------------------------------------------------------------------ latency

    private void latencySection(final ReportInputs inputs)
    {
        if (inputs.latencies().isEmpty() && inputs.summaries().isEmpty() && inputs.openLoopSummaries().isEmpty())
        {
            return;
        }
        html.append("<h2>Latency percentile distributions</h2>\n");
        // Only runs whose conditions are stated, and Starling only beside raw Aeron of the same run conditions.
        final List<ReportInputs.Latency> shown = new ArrayList<>();
        final List<String[]> excluded = new ArrayList<>();
        for (final ReportInputs.Latency l : inputs.latencies())
        {
            final String reason = exclusionReason(l.summary(), inputs.latencies());
            if (null == reason)
            {
                shown.add(l);
            }
            else
            {
                excluded.add(new String[] {l.curve().name(), text(l.summary(), "subject"), text(l.summary(), "preset"),
                    null != l.summary() && l.summary().has("rate_per_s") ? fmt(l.summary().get("rate_per_s").asDouble()) :
                    "", Long.toString(l.curve().totalCount()), reason});
            }
        }

        final Map<String, List<ReportInputs.Latency>> closedLoop = new LinkedHashMap<>();
        final Map<String, Map<Double, List<ReportInputs.Latency>>> openLoop = new TreeMap<>();
        for (final ReportInputs.Latency l : shown)
        {
            if (isOpenLoop(l.summary()))
            {
                openLoop.computeIfAbsent(text(l.summary(), "preset"), k -> new TreeMap<>())
                    .computeIfAbsent(l.summary().path("rate_per_s").asDouble(), k -> new ArrayList<>()).add(l);
            }
            else
            {
                final String preset = text(l.summary(), "preset");
                closedLoop.computeIfAbsent(l.group() + (preset.isEmpty() || l.group().endsWith(preset) ? "" :
                    ", " + preset), k -> new ArrayList<>()).add(l);
            }
        }
        for (final Map.Entry<String, List<ReportInputs.Latency>> e : closedLoop.entrySet())
        {
            final List<PercentileCurve> curves = new ArrayList<>();
            for (final ReportInputs.Latency l : e.getValue())
            {
                curves.add(l.curve());
            }
            final String name = "latency-" + fileName(e.getKey());
            save(Charts.percentileChart(e.getKey() + ": latency by percentile", unitLabel(unitOf(e.getValue())),
                curves), name);
            image(name, e.getKey());
            conditions(e.getValue());
        }
        for (final Map.Entry<String, Map<Double, List<ReportInputs.Latency>>> e : openLoop.entrySet())
        {
            html.append("<h3>Open loop, ").append(esc(e.getKey()))
                .append(": Starling against raw Aeron, one offered rate per panel</h3>\n<div style=\"display:grid;")
                .append("grid-template-columns:repeat(2,1fr);gap:8px\">\n");
            final List<ReportInputs.Latency> all = new ArrayList<>();
            for (final Map.Entry<Double, List<ReportInputs.Latency>> rate : e.getValue().entrySet())
            {
                final List<PercentileCurve> curves = new ArrayList<>();
                for (final ReportInputs.Latency l : rate.getValue())
                {
                    curves.add(l.curve().renamed(text(l.summary(), "subject")));
                }
                all.addAll(rate.getValue());
                final String name = "openloop-" + fileName(e.getKey()) + "-" + (long)rate.getKey().doubleValue();
                save(Charts.percentileChart(String.format(Locale.ROOT, "%,.0f requests/s", rate.getKey()),
                    unitLabel(unitOf(rate.getValue())), curves, Charts.WIDTH / 2 + 60, Charts.HEIGHT * 3 / 4), name);
                html.append("<div><img src=\"").append(esc(name)).append(".png\" alt=\"open loop ")
                    .append(esc(e.getKey())).append(' ').append(fmt(rate.getKey())).append(" per s\"></div>\n");
            }
            html.append("</div>\n");
            conditions(all);
        }

        html.append("<table><tr><th class=\"l\">result</th><th class=\"l\">subject</th><th class=\"l\">preset</th>")
            .append("<th>rate /s</th><th>count</th>");
        for (final String label : PERCENTILE_LABELS)
        {
            html.append("<th>").append(label).append(" µs</th>");
        }
        html.append("<th class=\"l\">note</th></tr>\n");
        final Map<String, Map<String, double[]>> rtt = new TreeMap<>();
        for (final ReportInputs.Latency l : shown)
        {
            final double[] p = percentiles(l.summary(), l.curve());
            summaryRow(l.curve().name(), l.summary(), l.curve().totalCount(), p);
            collectRtt(rtt, l.summary(), p);
        }
        for (final ReportInputs.Doc d : inputs.summaries())
        {
            final double[] p = percentiles(d.json(), null);
            summaryRow(d.name(), d.json(), d.json().path("count").asLong(0), p);
            collectRtt(rtt, d.json(), p);
        }
        html.append("</table>\n");
        ratioTable(rtt);
        openLoopSection(inputs.openLoopSummaries());
        if (!excluded.isEmpty())
        {
            html.append("<h3>Runs not plotted</h3>\n<p class=\"note\">Listed so that nothing is hidden, but not drawn ")
                .append("beside the runs above: a figure is shown only with its conditions and against its ")
                .append("counterpart from the same conditions.</p>\n<table><tr><th class=\"l\">result</th>")
                .append("<th class=\"l\">subject</th><th class=\"l\">preset</th><th>rate /s</th><th>count</th>")
                .append("<th class=\"l\">why not plotted</th></tr>\n");
            for (final String[] row : excluded)
            {
                html.append("<tr>");
                for (int i = 0; i < row.length; i++)
                {
                    html.append(i < 3 || i == 5 ? "<td class=\"l\">" : "<td>").append(esc(row[i])).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
    }

    /**
     * Why a latency run is left off the plots, or null to plot it: its summary must state the machine and the date;
     * a round-trip or open-loop run needs the other subject (Starling or raw Aeron) at the same preset and rate;
     * a LOW_LATENCY run needs enough cores for its busy-spinning threads (two processes of three driver threads and
     * one application thread each).
     */
    static String exclusionReason(final JsonNode summary, final List<ReportInputs.Latency> all)
    {
        if (null == summary || !summary.has("machine") || !summary.has("date"))
        {
            return "conditions not recorded (no machine or date in its summary)";
        }
        final String kind = text(summary, "kind");
        if (!"aeron_rtt".equals(kind) && !"aeron_open_loop".equals(kind))
        {
            return null;
        }
        final String preset = text(summary, "preset");
        final int nproc = summary.path("machine").path("nproc").asInt(0);
        if ("low-latency".equals(preset) && nproc > 0 && nproc < 8)
        {
            return "LOW_LATENCY busy-spins 8 threads (2 processes x 3 driver threads + 1 application thread) on " +
                nproc + " cores: oversubscribed, it measures the scheduler";
        }
        final String other = "raw".equals(text(summary, "subject")) ? "starling" : "raw";
        for (final ReportInputs.Latency l : all)
        {
            final JsonNode s = l.summary();
            if (null != s && kind.equals(text(s, "kind")) && preset.equals(text(s, "preset")) &&
                other.equals(text(s, "subject")) && s.path("rate_per_s").asDouble(0) ==
                summary.path("rate_per_s").asDouble(0))
            {
                return null;
            }
        }
        return "no " + other + " run of the same preset" + (summary.has("rate_per_s") ? " and rate" : "") +
            " to compare with";
    }

    private static boolean isOpenLoop(final JsonNode summary)
    {
        return null != summary && "aeron_open_loop".equals(text(summary, "kind")) && summary.has("rate_per_s");
    }

    private static String unitOf(final List<ReportInputs.Latency> runs)
    {
        for (final ReportInputs.Latency l : runs)
        {
            if (null != l.summary() && l.summary().hasNonNull("histogram_unit"))
            {
                return l.summary().get("histogram_unit").asText();
            }
        }
        return "us";
    }

    /** The conditions of the runs just plotted: machine, dates, subjects, durations. */
    private void conditions(final List<ReportInputs.Latency> runs)
    {
        final java.util.Set<String> lines = new java.util.LinkedHashSet<>();
        String firstDate = null;
        String lastDate = null;
        for (final ReportInputs.Latency l : runs)
        {
            final JsonNode s = l.summary();
            if (null == s)
            {
                continue;
            }
            final String note = machineNote(s);
            if (null != note)
            {
                lines.add(note.trim().endsWith(".") ? note.trim() : note.trim() + ".");
            }
            if (s.has("subject_description"))
            {
                lines.add(text(s, "subject") + ": " + text(s, "subject_description") + ".");
            }
            if (s.has("duration_s"))
            {
                lines.add("Each run " + fmt(s.path("duration_s").asDouble()) + " s after " +
                    fmt(s.path("warmup_s").asDouble()) + " s of warm-up; latency from the " +
                    text(s, "latency_from") + ".");
            }
            final String date = text(s, "date");
            if (!date.isEmpty())
            {
                firstDate = null == firstDate || date.compareTo(firstDate) < 0 ? date : firstDate;
                lastDate = null == lastDate || date.compareTo(lastDate) > 0 ? date : lastDate;
            }
        }
        if (null != firstDate)
        {
            lines.add("Measured " + firstDate + (firstDate.equals(lastDate) ? "" : " to " + lastDate) + ".");
        }
        html.append("<p class=\"note\">").append(esc(String.join(" ", lines))).append("</p>\n");
    }

    private void openLoopSection(final List<ReportInputs.Doc> summaries)
    {
        final Map<String, Map<String, double[][]>> byPreset = new TreeMap<>();
        final StringBuilder saturation = new StringBuilder();
        for (final ReportInputs.Doc d : summaries)
        {
            final JsonNode rows = d.json().get("rows");
            final double[][] points = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++)
            {
                final JsonNode r = rows.get(i);
                points[i] = new double[] {
                    r.path("rate_per_s").asDouble(), r.path("p50_us").asDouble(), r.path("p99_us").asDouble() };
            }
            byPreset.computeIfAbsent(text(d.json(), "preset"), k -> new TreeMap<>())
                .put(text(d.json(), "subject"), points);
            saturation.append("<tr><td class=\"l\">").append(esc(text(d.json(), "subject")))
                .append("</td><td class=\"l\">").append(esc(text(d.json(), "preset"))).append("</td><td>")
                .append(fmt(d.json().path("highest_sustained_rate_per_s").asDouble()))
                .append("</td><td>").append(d.json().path("lowest_unsustained_rate_per_s").isNumber() ?
                fmt(d.json().get("lowest_unsustained_rate_per_s").asDouble()) : "none").append("</td></tr>\n");
        }
        for (final Map.Entry<String, Map<String, double[][]>> e : byPreset.entrySet())
        {
            if (e.getValue().size() < 2)
            {
                continue; // one subject alone: nothing to compare it with
            }
            html.append("<h3>Open loop, ").append(esc(e.getKey())).append(": p50 and p99 against offered rate</h3>\n");
            final String name = "openloop-by-rate-" + fileName(e.getKey());
            save(Charts.rateChart("open loop, " + e.getKey() + ": latency by offered rate", e.getValue()), name);
            image(name, "open loop by rate, " + e.getKey());
        }
        if (saturation.length() > 0)
        {
            html.append("<table><tr><th class=\"l\">subject</th><th class=\"l\">preset</th>")
                .append("<th>highest sustained rate /s</th><th>first rate not sustained /s</th></tr>\n")
                .append(saturation).append("</table>\n");
        }
    }

    private void summaryRow(final String name, final JsonNode s, final long count, final double[] p)
    {
        html.append("<tr><td class=\"l\">").append(esc(name)).append("</td><td class=\"l\">")
            .append(esc(text(s, "subject"))).append("</td><td class=\"l\">").append(esc(text(s, "preset")))
            .append("</td><td>").append(null != s && s.has("rate_per_s") ? fmt(s.get("rate_per_s").asDouble()) : "")
            .append("</td><td>").append(count).append("</td>");
        for (final double v : p)
        {
            html.append("<td>").append(fmt(v)).append("</td>");
        }
        final StringBuilder note = new StringBuilder();
        if (null != s && s.has("lost"))
        {
            note.append("lost ").append(s.get("lost").asLong());
        }
        if (null != s && s.has("max_send_lag_us"))
        {
            note.append(note.length() > 0 ? ", " : "").append("max send lag ")
                .append(fmt(s.get("max_send_lag_us").asDouble())).append(" µs");
        }
        if (null != s && s.has("message_length_bytes"))
        {
            note.append(note.length() > 0 ? ", " : "").append(s.get("message_length_bytes").asInt())
                .append(" B messages");
        }
        html.append("<td class=\"l\">").append(esc(note.toString())).append("</td></tr>\n");
    }

    private static double[] percentiles(final JsonNode summary, final PercentileCurve curve)
    {
        final double[] p = new double[PERCENTILE_FIELDS.length];
        for (int i = 0; i < p.length; i++)
        {
            if (null != summary && summary.has(PERCENTILE_FIELDS[i]))
            {
                p[i] = summary.get(PERCENTILE_FIELDS[i]).asDouble();
            }
            else
            {
                p[i] = null == curve ? Double.NaN : curve.valueAt(PERCENTILES[i]);
            }
        }
        return p;
    }

    private static void collectRtt(final Map<String, Map<String, double[]>> rtt, final JsonNode s, final double[] p)
    {
        if (null != s && "aeron_rtt".equals(s.path("kind").asText()) && s.has("preset") && s.has("subject"))
        {
            rtt.computeIfAbsent(s.get("preset").asText(), k -> new TreeMap<>()).put(s.get("subject").asText(), p);
        }
    }

    private void ratioTable(final Map<String, Map<String, double[]>> rtt)
    {
        boolean any = false;
        for (final Map.Entry<String, Map<String, double[]>> e : rtt.entrySet())
        {
            final double[] raw = e.getValue().get("raw");
            final double[] starling = e.getValue().get("starling");
            if (null == raw || null == starling)
            {
                continue;
            }
            if (!any)
            {
                any = true;
                html.append("<h3>Starling ping→ack over raw Aeron ping-pong (ratio per percentile)</h3>\n")
                    .append("<table><tr><th class=\"l\">preset</th>");
                for (final String label : PERCENTILE_LABELS)
                {
                    html.append("<th>").append(label).append("</th>");
                }
                html.append("</tr>\n");
            }
            html.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td>");
            for (int i = 0; i < raw.length; i++)
            {
                html.append("<td>").append(raw[i] > 0 ? String.format(Locale.ROOT, "%.2f×", starling[i] / raw[i]) :
                    "").append("</td>");
            }
            html.append("</tr>\n");
        }
        if (any)
        {
            html.append("</table>\n");
        }
    }

    // ------------------------------------------------------------------------------------------------ simulator

    private void simSection(final ReportInputs inputs)
    {
        if (inputs.simRuns().isEmpty())
        {
            return;
        }
        html.append("<h2>Convergence and detection against theory</h2>\n");

        for (final ReportInputs.Doc run : inputs.simRuns())
        {
            final JsonNode json = run.json();
            html.append("<h3>").append(esc(run.name())).append(" (").append(json.path("nodes").asInt())
                .append(" nodes)</h3>\n");
            for (final Iterator<String> it = json.fieldNames(); it.hasNext(); )
            {
                final String key = it.next();
                final JsonNode value = json.get(key);
                if (key.endsWith("_theory") || !isNumberArray(value))
                {
                    continue;
                }
                final double[] theory = isNumberArray(json.get(key + "_theory")) ?
                    ReportInputs.numbers(json.get(key + "_theory")) : null;
                final int by = key.indexOf("_by_");
                final String xTitle = by >= 0 ? key.substring(by + 4).replace('_', ' ') : "index";
                final String yTitle = (by >= 0 ? key.substring(0, by) : key).replace('_', ' ');
                final String name = "convergence-" + fileName(run.name()) + "-" + fileName(key);
                save(Charts.seriesChart(run.name() + ": " + key + (null != theory ? " vs theory" : ""),
                    xTitle, yTitle, ReportInputs.numbers(value), theory), name);
                image(name, key);
            }
            theoryTable(json);
        }
        scalingCharts(inputs.simRuns());
    }

    private void theoryTable(final JsonNode json)
    {
        html.append("<table><tr><th class=\"l\">field</th><th>measured</th><th>theory</th><th>measured / theory" +
            "</th></tr>\n");
        for (final Iterator<String> it = json.fieldNames(); it.hasNext(); )
        {
            final String key = it.next();
            if (!key.endsWith("_theory"))
            {
                continue;
            }
            final String field = key.substring(0, key.length() - "_theory".length());
            final JsonNode theory = json.get(key);
            if (!theory.isNumber())
            {
                continue;
            }
            final JsonNode measured = json.get(field);
            final double m = headline(measured);
            html.append("<tr><td class=\"l\">").append(esc(field)).append("</td><td>")
                .append(esc(describe(measured))).append("</td><td>").append(fmt(theory.asDouble()))
                .append("</td><td>").append(Double.isNaN(m) || theory.asDouble() == 0 ? "" :
                String.format(Locale.ROOT, "%.2f", m / theory.asDouble())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void scalingCharts(final List<ReportInputs.Doc> runs)
    {
        final Map<String, List<ReportInputs.Doc>> byField = new LinkedHashMap<>();
        for (final ReportInputs.Doc run : runs)
        {
            for (final Iterator<String> it = run.json().fieldNames(); it.hasNext(); )
            {
                final String key = it.next();
                if (key.endsWith("_theory") && run.json().get(key).isNumber())
                {
                    final String field = key.substring(0, key.length() - "_theory".length());
                    if (!Double.isNaN(headline(run.json().get(field))))
                    {
                        byField.computeIfAbsent(field, k -> new ArrayList<>()).add(run);
                    }
                }
            }
        }
        boolean heading = false;
        for (final Map.Entry<String, List<ReportInputs.Doc>> e : byField.entrySet())
        {
            final List<ReportInputs.Doc> list = new ArrayList<>(e.getValue());
            list.sort((a, b) -> Integer.compare(a.json().path("nodes").asInt(), b.json().path("nodes").asInt()));
            if (list.stream().mapToInt(d -> d.json().path("nodes").asInt()).distinct().count() < 2)
            {
                continue;
            }
            final String field = e.getKey();
            final double[] nodes = new double[list.size()];
            final double[] measured = new double[list.size()];
            final double[] p99 = new double[list.size()];
            boolean hasP99 = true;
            final Map<Double, Double> theory = new TreeMap<>();
            for (int i = 0; i < list.size(); i++)
            {
                final JsonNode json = list.get(i).json();
                nodes[i] = json.path("nodes").asDouble();
                measured[i] = headline(json.get(field));
                final JsonNode p = json.get(field).path("p99");
                hasP99 &= p.isNumber();
                p99[i] = p.asDouble(Double.NaN);
                theory.put(nodes[i], json.get(field + "_theory").asDouble());
            }
            if (!heading)
            {
                heading = true;
                html.append("<h3>Against cluster size</h3>\n");
            }
            final String name = "theory-" + fileName(field);
            save(Charts.scalingChart(field + " by cluster size, with theory", field.replace('_', ' '), nodes, measured,
                hasP99 ? p99 : null, toArray(theory.keySet()), toArray(theory.values())), name);
            image(name, field);
        }
    }

    private static double headline(final JsonNode value)
    {
        if (null == value || value.isNull())
        {
            return Double.NaN;
        }
        if (value.isNumber())
        {
            return value.asDouble();
        }
        if (value.isObject())
        {
            for (final String k : new String[] { "mean", "p50", "value" })
            {
                if (value.path(k).isNumber())
                {
                    return value.get(k).asDouble();
                }
            }
        }
        return Double.NaN;
    }

    private static String describe(final JsonNode value)
    {
        if (null == value || value.isNull())
        {
            return "—";
        }
        if (value.isNumber())
        {
            return fmt(value.asDouble());
        }
        if (value.isObject())
        {
            final StringBuilder sb = new StringBuilder();
            for (final String k : new String[] { "mean", "p50", "p99", "max" })
            {
                if (value.path(k).isNumber())
                {
                    sb.append(sb.length() > 0 ? ", " : "").append(k).append(' ').append(fmt(value.get(k).asDouble()));
                }
            }
            return sb.toString();
        }
        return value.asText();
    }

    // ------------------------------------------------------------------------------------------------ JMH

    private void jmhSection(final ReportInputs inputs)
    {
        if (inputs.jmhRuns().isEmpty())
        {
            return;
        }
        html.append("<h2>JMH micro-benchmarks</h2>\n");
        for (final ReportInputs.Doc run : inputs.jmhRuns())
        {
            final Map<String, List<String>> labelsByUnit = new LinkedHashMap<>();
            final Map<String, List<Double>> scoresByUnit = new LinkedHashMap<>();
            html.append("<h3>").append(esc(run.name())).append("</h3>\n<table><tr><th class=\"l\">benchmark</th>")
                .append("<th class=\"l\">params</th><th class=\"l\">mode</th><th>score</th><th>± error</th>")
                .append("<th class=\"l\">unit</th><th>alloc B/op</th></tr>\n");
            for (final JsonNode b : run.json())
            {
                final String benchmark = b.path("benchmark").asText();
                final String shortName = shortBenchmark(benchmark);
                final String params = params(b.path("params"));
                final JsonNode metric = b.path("primaryMetric");
                final double score = metric.path("score").asDouble(Double.NaN);
                final double error = metric.path("scoreError").asDouble(Double.NaN);
                final String unit = metric.path("scoreUnit").asText("");
                final JsonNode secondary = b.path("secondaryMetrics");
                final JsonNode alloc = secondary.has("gc.alloc.rate.norm") ?
                    secondary.path("gc.alloc.rate.norm") : secondary.path("·gc.alloc.rate.norm");
                html.append("<tr><td class=\"l\">").append(esc(shortName)).append("</td><td class=\"l\">")
                    .append(esc(params)).append("</td><td class=\"l\">").append(esc(b.path("mode").asText()))
                    .append("</td><td>").append(fmt(score)).append("</td><td>").append(fmt(error))
                    .append("</td><td class=\"l\">").append(esc(unit)).append("</td><td>")
                    .append(alloc.isMissingNode() ? "" : fmt(alloc.path("score").asDouble()))
                    .append("</td></tr>\n");
                labelsByUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(barLabel(benchmark, b.path("params")));
                scoresByUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(score);
            }
            html.append("</table>\n");
            for (final Map.Entry<String, List<String>> e : labelsByUnit.entrySet())
            {
                final String name = "jmh-" + fileName(run.name()) + "-" + fileName(e.getKey());
                save(Charts.barChart(run.name() + " (" + e.getKey() + ")", e.getKey(), e.getValue(),
                    scoresByUnit.get(e.getKey())), name);
                image(name, run.name());
            }
        }
    }

    private static String shortBenchmark(final String benchmark)
    {
        final String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    private static String barLabel(final String benchmark, final JsonNode params)
    {
        final StringBuilder sb = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.') + 1));
        for (final Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); )
        {
            sb.append(' ').append(it.next().getValue().asText());
        }
        return sb.toString();
    }

    private static String params(final JsonNode params)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> e = it.next();
            sb.append(sb.length() > 0 ? ", " : "").append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void save(final Chart<?, ?> chart, final String name)
    {
        Charts.save(chart, outDir, name, svg, written);
    }

    private void image(final String name, final String alt)
    {
        html.append("<p><img src=\"").append(esc(name)).append(".png\" alt=\"").append(esc(alt)).append("\">");
        if (svg)
        {
            html.append("<br><a href=\"").append(esc(name)).append(".svg\">SVG</a>");
        }
        html.append("</p>\n");
    }

    private static boolean isNumberArray(final JsonNode node)
    {
        if (null == node || !node.isArray() || node.size() == 0)
        {
            return false;
        }
        for (final JsonNode n : node)
        {
            if (!n.isNumber())
            {
                return false;
            }
        }
        return true;
    }

    private static double[] toArray(final Iterable<Double> values)
    {
        final List<Double> list = new ArrayList<>();
        values.forEach(list::add);
        final double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = list.get(i);
        }
        return out;
    }

    private static String text(final JsonNode node, final String field)
    {
        return null == node ? "" : node.path(field).asText("");
    }

    private static String machineNote(final JsonNode summary)
    {
        if (null == summary || !summary.has("machine"))
        {
            return null;
        }
        final JsonNode m = summary.get("machine");
        return "Machine: " + m.path("nproc").asText("?") + " cores, " + m.path("cpu_model").asText("?") +
            ", JDK " + m.path("jdk").asText("?") + ". " + m.path("note").asText("");
    }

    private static String unitLabel(final String unit)
    {
        return "us".equals(unit) ? "µs" : unit;
    }

    static String fileName(final String s)
    {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "").toLowerCase(Locale.ROOT);
    }

    static String fmt(final double v)
    {
        if (Double.isNaN(v))
        {
            return "—";
        }
        if (Math.abs(v) >= 1000 || v == Math.rint(v))
        {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.starling.tools.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The link-schedule part of a report: for every {@code starling sim --schedule} run and every
 * {@code starling emulate --schedule} run that sampled accuracy, membership accuracy over time (strict and lenient)
 * and the contact picture over time (links up, fraction of observer-member pairs out of contact, false deaths of
 * out-of-contact members); crash detection of the simulator runs, and a table of each kind's figures.
 */
final class ConstellationReport
{
    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189),
        new Color(255, 127, 14), new Color(140, 86, 75)
    };

    private final StringBuilder html;
    private final BiConsumer<Chart<?, ?>, String> save;
    private final BiConsumer<String, String> image;

    ConstellationReport(
        final StringBuilder html, final BiConsumer<Chart<?, ?>, String> save, final BiConsumer<String, String> image)
    {
        this.html = html;
        this.save = save;
        this.image = image;
    }

    void write(final ReportInputs inputs)
    {
        final List<ReportInputs.Doc> runs = new ArrayList<>();
        for (final ReportInputs.Doc d : inputs.simRuns())
        {
            if (d.json().has("schedule") && d.json().get("schedule").has("series"))
            {
                runs.add(d);
            }
        }
        if (runs.isEmpty() && inputs.scheduleEmulations().isEmpty())
        {
            return;
        }
        html.append("<h2>Link schedules: accuracy, contact and detection</h2>\n<table><tr><th class=\"l\">run</th>")
            .append("<th>nodes</th><th>windows</th><th>expected absence</th><th>accuracy strict</th>")
            .append("<th>accuracy strict (member windows)</th><th>accuracy lenient</th>")
            .append("<th>out-of-contact pairs</th><th>false-dead pair samples (out of contact)</th>")
            .append("<th>false-dead pair samples (in contact)</th><th>false positives (members)</th>")
            .append("<th>messages / node / s</th><th>killed</th><th>undetected</th>")
            .append("<th>detect first p50 (periods)</th><th>detect all (periods)</th>")
            .append("<th>ms per schedule step</th></tr>\n");
        for (final ReportInputs.Doc d : runs)
        {
            final JsonNode r = d.json();
            final JsonNode s = r.get("schedule");
            html.append("<tr><td class=\"l\">").append(d.name()).append("</td>")
                .append(cell(r, "schedule_nodes")).append(cell(r, "schedule_windows"))
                .append(cell(r, "expected_absence"))
                .append(cell(s, "accuracy_strict")).append(cell(s, "accuracy_strict_member_windows"))
                .append(cell(s, "accuracy_lenient"))
                .append(cell(s, "out_of_contact_pair_fraction")).append(cell(s, "false_dead_pair_samples_out_of_contact"))
                .append(cell(s, "false_dead_pair_samples_in_contact")).append(cell(r, "false_positives"))
                .append(cell(r, "messages_per_node_per_s")).append(cell(r, "kill")).append(cell(r, "undetected"))
                .append(cell(r.path("detect_first_periods"), "p50")).append(cell(r, "detect_all_periods"))
                .append(cell(s, "schedule_compute_ms_per_step")).append("</tr>\n");
        }
        html.append("</table>\n");
        final List<ReportInputs.Doc> sampled = new ArrayList<>(runs);
        for (final ReportInputs.Doc d : inputs.scheduleEmulations())
        {
            if (d.json().path("schedule").has("series"))
            {
                sampled.add(d);
            }
        }
        chart(sampled, "Membership accuracy over time", "fraction of sampled observers whose whole view is right",
            new String[]{ "accuracy_strict", "accuracy_lenient" }, "schedule-accuracy");
        chart(sampled, "Contact over time", "fraction of observer-member pairs out of contact",
            new String[]{ "out_of_contact_fraction" }, "schedule-contact");
        chart(sampled, "Links up over time", "directed links up", new String[]{ "links_up" }, "schedule-links");
        chart(sampled, "False deaths of members only out of contact", "observer-member pairs held DEAD",
            new String[]{ "false_dead_out_of_contact" }, "schedule-false-deaths");
        detectionChart(runs);
        realTime(inputs.scheduleEmulations());
    }

    /**
     * The same plan in real time ({@code starling emulate --schedule}): a table of the run's figures.
     */
    private void realTime(final List<ReportInputs.Doc> runs)
    {
        if (runs.isEmpty())
        {
            return;
        }
        html.append("<h3>Real time (starling emulate --schedule)</h3>\n<table><tr><th class=\"l\">run</th>")
            .append("<th>nodes</th><th>expected absence</th><th>converged</th><th>false positives (members)</th>")
            .append("<th>false-positive events</th><th>false suspicions</th><th>messages / node / s</th>")
            .append("<th>killed</th><th>undetected</th><th>detect first mean (ms)</th><th>window (s)</th>")
            .append("<th>CPU (cores)</th><th>accuracy strict</th><th>accuracy strict (member windows)</th>")
            .append("<th>accuracy lenient</th><th>false-dead pair samples (out of contact)</th>")
            .append("<th>false-dead pair samples (in contact)</th><th>failure</th></tr>\n");
        for (final ReportInputs.Doc d : runs)
        {
            final JsonNode r = d.json();
            html.append("<tr><td class=\"l\">").append(d.name()).append("</td>")
                .append(cell(r, "nodes")).append(cell(r, "expected_absence")).append(cell(r, "converged"))
                .append(cell(r, "false_positives")).append(cell(r, "false_positive_events"))
                .append(cell(r, "false_suspicions")).append(cell(r, "messages_per_node_per_s"))
                .append(cell(r, "kill")).append(cell(r, "undetected")).append(cell(r, "detect_first_ms"))
                .append(cell(r, "window_s")).append(cell(r, "cpu_cores"));
            final JsonNode s = r.path("schedule");
            html.append(cell(s, "accuracy_strict")).append(cell(s, "accuracy_strict_member_windows"))
                .append(cell(s, "accuracy_lenient")).append(cell(s, "false_dead_pair_samples_out_of_contact"))
                .append(cell(s, "false_dead_pair_samples_in_contact"))
                .append(cell(r, "failure")).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /**
     * Detection of the run's crashes: kill to first suspicion and to first death, as percentiles over the victims
     * detected (the legend says how many of how many killed).
     */
    private void detectionChart(final List<ReportInputs.Doc> runs)
    {
        final String title = "Detection of crashes under the schedule";
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("percentile over the detected victims").yAxisTitle("seconds from the kill").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        final String[] stats = { "min", "p50", "p90", "max" };
        final double[] x = { 0, 50, 90, 100 };
        int c = 0;
        for (final ReportInputs.Doc d : runs)
        {
            final JsonNode detection = d.json().path("detection");
            for (final String what : new String[]{ "first_suspicion_ms", "first_death_ms" })
            {
                final JsonNode summary = detection.path(what);
                if (summary.path("count").asInt() < 1)
                {
                    continue;
                }
                final double[] y = new double[stats.length];
                for (int i = 0; i < stats.length; i++)
                {
                    y[i] = summary.path(stats[i]).asDouble() / 1000.0;
                }
                final XYSeries s = chart.addSeries(d.name() + " " + what.replace("_ms", "") + " (" +
                    summary.path("count").asInt() + " of " + detection.path("killed").asInt() + " killed)", x, y);
                s.setLineColor(COLORS[c % COLORS.length]);
                s.setMarkerColor(COLORS[c++ % COLORS.length]);
            }
        }
        if (!chart.getSeriesMap().isEmpty())
        {
            save.accept(chart, "schedule-detection");
            image.accept("schedule-detection", title);
        }
    }

    private void chart(final List<ReportInputs.Doc> runs, final String title, final String yTitle,
        final String[] columns, final String file)
    {
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("plan time (s)").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int c = 0;
        for (final ReportInputs.Doc d : runs)
        {
            final JsonNode series = d.json().get("schedule").get("series");
            if (!series.has("time_s"))
            {
                continue;
            }
            final double[] t = ReportInputs.numbers(series.get("time_s"));
            for (final String column : columns)
            {
                if (!series.has(column))
                {
                    continue;
                }
                final double[] y = ReportInputs.numbers(series.get(column));
                if (t.length == 0 || y.length != t.length)
                {
                    continue;
                }
                final XYSeries s = chart.addSeries(d.name() + " " + column, t, y);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(COLORS[c++ % COLORS.length]);
            }
        }
        if (!chart.getSeriesMap().isEmpty())
        {
            save.accept(chart, file);
            image.accept(file, title);
        }
    }

    private static String cell(final JsonNode node, final String field)
    {
        final JsonNode v = null == node ? null : node.get(field);
        if (null == v || v.isNull() || v.isMissingNode())
        {
            return "<td>n/a</td>";
        }
        return "<td>" + (v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.4g", v.asDouble()) : v.asText()) +
            "</td>";
    }
}

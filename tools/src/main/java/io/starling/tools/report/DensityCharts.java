package io.starling.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Scaling curves of a density sweep ({@code starling density --json}, {@code kind: density_sweep}): CPU per
 * node-second, messages and bytes per node per second, RSS per node and duty-cycle percentiles against the budget,
 * each against the number of nodes in one process on a log axis; written as PNG (and SVG) with an HTML section
 * holding the plots and the table of rows.
 */
public final class DensityCharts
{
    /** The {@code kind} of a density sweep document. */
    public static final String KIND = "density_sweep";

    private static final Color BUDGET_COLOR = new Color(200, 60, 60);

    private DensityCharts()
    {
    }

    /**
     * @param json a result document.
     * @return true if it is a density sweep with rows.
     */
    public static boolean isSweep(final JsonNode json)
    {
        return json.isObject() && KIND.equals(json.path("kind").asText()) && json.path("rows").isArray();
    }

    /**
     * Plot every sweep and describe it.
     *
     * @param sweeps  density sweeps.
     * @param outDir  where plots go.
     * @param svg     also write SVG.
     * @param written collects the files written.
     * @return the HTML section (empty without sweeps).
     */
    public static String section(
        final List<ReportInputs.Doc> sweeps, final File outDir, final boolean svg, final List<File> written)
    {
        final StringBuilder html = new StringBuilder();
        if (sweeps.isEmpty())
        {
            return "";
        }
        html.append("<h2>Density: scaling with the nodes of one process</h2>\n");
        for (final ReportInputs.Doc sweep : sweeps)
        {
            final JsonNode doc = sweep.json();
            final String prefix = "density-" + sweep.name().replaceAll("[^A-Za-z0-9._-]", "_");
            html.append("<h3>").append(esc(sweep.name())).append("</h3>\n");
            final JsonNode machine = doc.path("machine");
            html.append("<p class=\"note\">").append(esc(String.format(Locale.ROOT,
                "%s cores (%s), JDK %s, period %s ms, duty-cycle p99 budget %s ms (10%% of the probe timeout); %s",
                machine.path("nproc").asText("?"), machine.path("cpu_model").asText("?"),
                machine.path("jdk").asText("?"), doc.path("period_ms").asText("?"),
                fmt(doc.path("duty_p99_budget_ns").asDouble(Double.NaN) / 1e6), doc.path("date").asText(""))))
                .append("</p>\n");

            final double budgetMs = doc.path("duty_p99_budget_ns").asDouble(Double.NaN) / 1e6;
            chart(html, outDir, svg, written, prefix + "-cpu", doc, "CPU per node-second",
                "µs of CPU per node per second", new String[] {"cpu_us_per_node_s"}, new String[] {"CPU"}, 1, false,
                Double.NaN);
            chart(html, outDir, svg, written, prefix + "-messages", doc, "Messages per node per second",
                "messages sent per node per s", new String[] {"messages_per_node_per_s"}, new String[] {"messages"},
                1, false, Double.NaN);
            chart(html, outDir, svg, written, prefix + "-bytes", doc, "Bytes per node per second",
                "bytes sent per node per s", new String[] {"bytes_per_node_per_s"}, new String[] {"bytes"}, 1,
                false, Double.NaN);
            chart(html, outDir, svg, written, prefix + "-rss", doc, "RSS per node (whole process / N)",
                "KiB per node", new String[] {"rss_per_node_bytes"}, new String[] {"RSS"}, 1024, false, Double.NaN);
            chart(html, outDir, svg, written, prefix + "-converge", doc, "Time to converge (cold start)",
                "s from launch until every node sees every node ALIVE", new String[] {"converge_ms"},
                new String[] {"converged"}, 1e3, false, Double.NaN);
            chart(html, outDir, svg, written, prefix + "-duty", doc, "Duty cycles with work (steady state)",
                "ms (log scale)", new String[] {"duty_cycle_p50_ns", "duty_cycle_p99_ns", "duty_cycle_p999_ns"},
                new String[] {"p50", "p99", "p99.9"}, 1e6, true, budgetMs);
            table(html, doc);
        }
        return html.toString();
    }

    /**
     * The plotted points of one field: nodes and values of the rows that have it.
     *
     * @param doc   sweep document.
     * @param field row field.
     * @param unit  divisor.
     * @return {nodes, values}.
     */
    static double[][] points(final JsonNode doc, final String field, final double unit)
    {
        final List<double[]> list = new ArrayList<>();
        for (final JsonNode row : doc.path("rows"))
        {
            final JsonNode v = row.get(field);
            if (null != v && v.isNumber() && row.path("nodes").isNumber() && v.asDouble() > 0)
            {
                list.add(new double[] {row.get("nodes").asDouble(), v.asDouble() / unit});
            }
        }
        final double[][] xy = new double[2][list.size()];
        for (int i = 0; i < list.size(); i++)
        {
            xy[0][i] = list.get(i)[0];
            xy[1][i] = list.get(i)[1];
        }
        return xy;
    }

    private static void chart(
        final StringBuilder html,
        final File outDir,
        final boolean svg,
        final List<File> written,
        final String name,
        final JsonNode doc,
        final String title,
        final String yTitle,
        final String[] fields,
        final String[] labels,
        final double unit,
        final boolean logY,
        final double budget)
    {
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title + " by N")
            .xAxisTitle("nodes in one process (log scale)").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        int series = 0;
        for (int i = 0; i < fields.length; i++)
        {
            final double[][] xy = points(doc, fields[i], unit);
            if (xy[0].length > 0)
            {
                chart.addSeries(labels[i], xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE);
                minX = Math.min(minX, xy[0][0]);
                maxX = Math.max(maxX, xy[0][xy[0].length - 1]);
                series++;
            }
        }
        if (0 == series)
        {
            return;
        }
        if (!Double.isNaN(budget) && budget > 0)
        {
            final XYSeries b = chart.addSeries(String.format(Locale.ROOT, "budget %s ms", fmt(budget)),
                new double[] {minX, maxX}, new double[] {budget, budget});
            b.setMarker(SeriesMarkers.NONE);
            b.setLineStyle(SeriesLines.DASH_DASH);
            b.setLineColor(BUDGET_COLOR);
        }
        if (!logY)
        {
            chart.getStyler().setYAxisMin(0.0);
        }
        Charts.save(chart, outDir, name, svg, written);
        html.append("<p><img src=\"").append(esc(name)).append(".png\" alt=\"").append(esc(title)).append("\">");
        if (svg)
        {
            html.append("<br><a href=\"").append(esc(name)).append(".svg\">SVG</a>");
        }
        html.append("</p>\n");
    }

    private static void table(final StringBuilder html, final JsonNode doc)
    {
        html.append("<table><tr><th>nodes</th><th>converged</th><th>converge s</th><th>CPU cores</th>")
            .append("<th>CPU µs per node-s</th><th>RSS MiB</th><th>RSS KiB per node</th><th>msgs per node per s</th>")
            .append("<th>bytes per node per s</th><th>duty p50 µs</th><th>p99 µs</th><th>p99.9 µs</th>")
            .append("<th>max µs</th><th>budget</th></tr>\n");
        for (final JsonNode row : doc.path("rows"))
        {
            html.append("<tr><td>").append(row.path("nodes").asInt()).append("</td><td>")
                .append(row.path("converged").isBoolean() ? (row.get("converged").asBoolean() ? "yes" : "no") : "n/a")
                .append("</td>");
            cell(html, row, "converge_ms", 1e3);
            cell(html, row, "cpu_cores", 1);
            cell(html, row, "cpu_us_per_node_s", 1);
            cell(html, row, "rss_bytes", 1 << 20);
            cell(html, row, "rss_per_node_bytes", 1 << 10);
            cell(html, row, "messages_per_node_per_s", 1);
            cell(html, row, "bytes_per_node_per_s", 1);
            cell(html, row, "duty_cycle_p50_ns", 1e3);
            cell(html, row, "duty_cycle_p99_ns", 1e3);
            cell(html, row, "duty_cycle_p999_ns", 1e3);
            cell(html, row, "duty_cycle_window_max_ns", 1e3);
            html.append("<td>").append(row.path("meets_budget").asBoolean(false) ? "met" : "not met")
                .append("</td></tr>\n");
        }
        html.append("</table>\n");
        final JsonNode target = doc.path("target");
        html.append("<p>Largest N within the budget: ")
            .append(doc.path("largest_nodes_within_budget").isNumber() ?
                String.valueOf(doc.get("largest_nodes_within_budget").asInt()) : "none")
            .append(". Target (10,000 nodes under one core and 2 GiB): ")
            .append(target.path("met").isBoolean() ? (target.get("met").asBoolean() ? "met" : "not met") :
                "not measured")
            .append(".</p>\n");
    }

    private static void cell(final StringBuilder html, final JsonNode row, final String field, final double unit)
    {
        final JsonNode v = row.get(field);
        html.append("<td>").append(null != v && v.isNumber() ? fmt(v.asDouble() / unit) : "").append("</td>");
    }

    private static String fmt(final double v)
    {
        if (Double.isNaN(v))
        {
            return "?";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

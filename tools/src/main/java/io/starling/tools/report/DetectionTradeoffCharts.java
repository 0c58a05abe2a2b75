package io.starling.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
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
 * The detection trade-off of {@code starling sim --sweep detection} ({@code kind: detection_tradeoff}): for each
 * setting, the time until every live node knows of a death (p50) against the false positives of the slow-member
 * and the 5% loss scenarios, beside Lifeguard's published points (relative to this sweep's SWIM point) and the 7.5 s
 * target; a legend outside the plot and a table of the rows.
 */
public final class DetectionTradeoffCharts
{
    /** The {@code kind} of a sweep document. */
    public static final String KIND = "detection_tradeoff";

    /** The detection target of issue 17: every live node of 1,000 knows of a death within this, p50. */
    public static final double TARGET_S = 7.5;

    private static final Color PUBLISHED_COLOR = new Color(200, 60, 60);
    private static final Color TARGET_COLOR = new Color(90, 90, 90);

    private DetectionTradeoffCharts()
    {
    }

    /**
     * @param json a result document.
     * @return true if it is a detection trade-off sweep with rows.
     */
    public static boolean isSweep(final JsonNode json)
    {
        return json.isObject() && KIND.equals(json.path("kind").asText()) && json.path("rows").isArray();
    }

    /**
     * Plot every sweep and describe it.
     *
     * @param sweeps  sweeps.
     * @param outDir  where plots go.
     * @param svg     also write SVG.
     * @param written collects the files written.
     * @return the HTML section (empty without sweeps).
     */
    public static String section(
        final List<ReportInputs.Doc> sweeps, final File outDir, final boolean svg, final List<File> written)
    {
        if (sweeps.isEmpty())
        {
            return "";
        }
        final StringBuilder html = new StringBuilder("<h2>Detection: time against false positives</h2>\n");
        for (final ReportInputs.Doc sweep : sweeps)
        {
            final JsonNode doc = sweep.json();
            final String prefix = "detection-tradeoff-" + sweep.name().replaceAll("[^A-Za-z0-9._-]", "_");
            html.append("<h3>").append(esc(sweep.name())).append("</h3>\n<p class=\"note\">").append(esc(
                String.format(Locale.ROOT, "Simulator, seed %s, %s seed(s) per false-positive scenario, %s. " +
                "Detection: %s of %s nodes crash at once; time until every live node has each DEAD, p50. Slow " +
                "members: %s of %s process inbound messages %s ms late for %s s; DEAD declarations about healthy " +
                "members. Loss: %s nodes at %s loss for %s s; live members declared dead. Published points are " +
                "Lifeguard's relative results drawn against this sweep's SWIM (no Lifeguard, 1 s) point.",
                doc.path("seed").asText(), doc.path("seeds").asText(), doc.path("date").asText(),
                doc.path("detect_kills").asText(), doc.path("detect_nodes").asText(),
                doc.path("slow_members").asText(), doc.path("slow_nodes").asText(),
                doc.path("slow_delay_ms").asText(), doc.path("soak_s").asText(), doc.path("loss_nodes").asText(),
                doc.path("loss_rate").asText(), doc.path("soak_s").asText()))).append("</p>\n");
            chart(html, outDir, svg, written, prefix + "-slow", doc, "slow_false_positives_at_healthy",
                "Slow members: false positives at healthy members", "DEAD declarations about healthy members");
            chart(html, outDir, svg, written, prefix + "-loss", doc, "loss_false_positive_members",
                "5% loss: live members declared dead", "live members declared dead");
            table(html, doc);
        }
        return html.toString();
    }

    private static void chart(
        final StringBuilder html,
        final File outDir,
        final boolean svg,
        final List<File> written,
        final String name,
        final JsonNode doc,
        final String field,
        final String title,
        final String yTitle)
    {
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("time until every live node knows of a death, p50 (s)").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        boolean positive = true;
        for (final JsonNode row : doc.path("rows"))
        {
            positive &= row.path(field).asDouble() > 0;
        }
        final double floorY = positive ? 0.5 : 0; // the bottom of a log axis
        double maxY = 1;
        double maxX = TARGET_S;
        double swimDetect = Double.NaN;
        double swimFp = Double.NaN;
        for (final JsonNode row : doc.path("rows"))
        {
            final double x = row.path("detect_all_p50_s").asDouble();
            final double y = row.path(field).asDouble();
            maxY = Math.max(maxY, y);
            maxX = Math.max(maxX, x);
            final XYSeries s = chart.addSeries(row.path("name").asText(), new double[] {x}, new double[] {y});
            s.setMarker(row.path("lifeguard").asBoolean() ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            if (!row.path("lifeguard").asBoolean() && 1000 == row.path("period_ms").asLong() && Double.isNaN(swimDetect))
            {
                swimDetect = x;
                swimFp = y;
            }
        }
        line(chart, String.format(Locale.ROOT, "target %.1f s", TARGET_S), new double[] {TARGET_S, TARGET_S},
            new double[] {floorY, maxY * 1.1}, TARGET_COLOR, SeriesLines.DOT_DOT);
        for (final JsonNode published : doc.path("published"))
        {
            if (published.has("detect_ratio_to_swim") && !Double.isNaN(swimDetect))
            {
                final double x = swimDetect * published.path("detect_ratio_to_swim").asDouble();
                line(chart, published.path("name").asText() + ": detection x" +
                    published.path("detect_ratio_to_swim").asText(), new double[] {x, x},
                    new double[] {floorY, maxY * 1.1}, PUBLISHED_COLOR, SeriesLines.DASH_DASH);
            }
            if (published.has("false_positive_ratio_to_swim") && "slow_false_positives_at_healthy".equals(field) &&
                !Double.isNaN(swimFp))
            {
                final double y = swimFp * published.path("false_positive_ratio_to_swim").asDouble();
                line(chart, published.path("name").asText() + ": false positives / 50", new double[] {0, maxX * 1.1},
                    new double[] {y, y}, PUBLISHED_COLOR, SeriesLines.DASH_DOT);
            }
        }
        if (positive)
        {
            // Counts spanning orders of magnitude: a log axis keeps the small ones apart.
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(null);
            chart.setYAxisTitle(yTitle + " (log scale)");
        }
        Charts.save(chart, outDir, name, svg, written);
        html.append("<p><img src=\"").append(esc(name)).append(".png\" alt=\"").append(esc(title))
            .append("\"></p>\n");
    }

    private static void line(
        final XYChart chart, final String label, final double[] x, final double[] y, final Color color,
        final BasicStroke stroke)
    {
        final XYSeries s = chart.addSeries(label, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    private static void table(final StringBuilder html, final JsonNode doc)
    {
        html.append("<table><tr><th class=\"l\">setting</th><th>period ms</th><th>alpha</th><th>beta</th>")
            .append("<th>Lifeguard</th><th>all know p50 s</th><th>max s</th><th>slow-member FP</th>")
            .append("<th>5% loss FP</th></tr>\n");
        for (final JsonNode row : doc.path("rows"))
        {
            html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td><td>%d</td><td>%d</td>" +
                "<td>%s</td><td>%.2f</td><td>%.2f</td><td>%d</td><td>%d</td></tr>%n", esc(row.path("name").asText()),
                row.path("period_ms").asLong(), row.path("suspicion_mult").asInt(),
                row.path("suspicion_max_timeout_mult").asInt(), row.path("lifeguard").asBoolean() ? "on" : "off",
                row.path("detect_all_p50_s").asDouble(), row.path("detect_all_max_s").asDouble(),
                row.path("slow_false_positives_at_healthy").asLong(), row.path("loss_false_positive_members").asLong()));
        }
        html.append("</table>\n");
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.starling.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a report, built with XChart.
 */
public final class Charts
{
    /** Width of every chart, pixels. */
    public static final int WIDTH = 960;
    /** Height of every chart, pixels. */
    public static final int HEIGHT = 560;

    private static final Color THEORY_COLOR = new Color(90, 90, 90);

    private Charts()
    {
    }

    /**
     * Latency against percentile with the percentile axis stretched toward the tail as HdrHistogram's plotter does
     * it: x is log10(1 / (1 - percentile)), one unit per "nine", labelled 0%, 90%, 99%, 99.9%, ...; the latency axis
     * is logarithmic, since tails are orders of magnitude above medians.
     *
     * @param title  chart title.
     * @param unit   unit of the values, for the axis title.
     * @param curves distributions to draw.
     * @return the chart.
     */
    public static XYChart percentileChart(final String title, final String unit, final List<PercentileCurve> curves)
    {
        return percentileChart(title, unit, curves, WIDTH, HEIGHT);
    }

    /**
     * Latency by percentile, of a given size (for panels).
     *
     * @param title  chart title.
     * @param unit   unit of the values, for the axis title.
     * @param curves distributions to draw.
     * @param width  pixels.
     * @param height pixels.
     * @return the chart, its legend below the plot.
     */
    public static XYChart percentileChart(
        final String title, final String unit, final List<PercentileCurve> curves, final int width, final int height)
    {
        final XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency (" + unit + ", log scale)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double maxNines = 1;
        for (final PercentileCurve curve : curves)
        {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = 0; i < curve.percentiles().length; i++)
            {
                final double p = curve.percentiles()[i];
                if (p < 1.0)
                {
                    final double nines = Math.log10(1.0 / (1.0 - p));
                    maxNines = Math.max(maxNines, nines);
                    xs.add(nines);
                    ys.add(Double.isNaN(curve.values()[i]) ? 1e-3 : Math.max(curve.values()[i], 1e-3));
                }
            }
            if (xs.isEmpty())
            {
                continue;
            }
            final XYSeries series = chart.addSeries(curve.name() + " (n=" + curve.totalCount() + ")", xs, ys);
            series.setMarker(SeriesMarkers.NONE);
        }
        final double max = Math.ceil(maxNines - 1e-9);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(max);
        chart.getStyler().setXAxisTickMarkSpacingHint((int)((width - 160) / (max + 1)));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        return chart;
    }

    /**
     * @param nines a position on the stretched percentile axis, log10(1 / (1 - percentile)).
     * @return the percentile as a label: 0%, 90%, 99%, 99.9%, ...
     */
    public static String percentileLabel(final Double nines)
    {
        if (null == nines)
        {
            return "";
        }
        // XChart also asks for positions outside the axis range and needs distinct labels for distinct
        // positions (it never settles otherwise), so keep the mapping one to one there too.
        final double p = 100.0 * (1.0 - Math.pow(10.0, -nines));
        final int decimals = (int)Math.max(2, Math.min(15, Math.ceil(nines) + 2));
        final String s = String.format(Locale.ROOT, "%." + decimals + "f", p);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "") + "%";
    }

    /**
     * A measured series against its theoretical counterpart, by index (round or period).
     *
     * @param title    chart title.
     * @param xTitle   x axis title.
     * @param yTitle   y axis title.
     * @param measured measured values, by index.
     * @param theory   theoretical values, by index, or null.
     * @return the chart.
     */
    public static XYChart seriesChart(
        final String title, final String xTitle, final String yTitle, final double[] measured, final double[] theory)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        final XYSeries m = chart.addSeries("measured", indices(measured.length), measured);
        m.setMarker(SeriesMarkers.CIRCLE);
        if (null != theory && theory.length > 0)
        {
            final XYSeries t = chart.addSeries("theory", indices(theory.length), theory);
            t.setMarker(SeriesMarkers.NONE);
            t.setLineStyle(SeriesLines.DASH_DASH);
            t.setLineColor(THEORY_COLOR);
        }
        return chart;
    }

    /**
     * A measured quantity against cluster size, with the theoretical curve beside it.
     *
     * @param title    chart title.
     * @param yTitle   y axis title.
     * @param nodes    cluster sizes of the measured points.
     * @param measured measured values (means or single values).
     * @param p99      99th percentiles at the same sizes, or null.
     * @param theoryNodes cluster sizes of the theory points.
     * @param theory   theoretical values.
     * @return the chart.
     */
    /**
     * Latency against offered load: p50 and p99 of each subject by rate, both axes logarithmic.
     *
     * @param title    chart title.
     * @param subjects subject name to rows of {rate per s, p50 us, p99 us}.
     * @return the chart.
     */
    public static XYChart rateChart(final String title, final java.util.Map<String, double[][]> subjects)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("offered rate, requests per second (log scale)").yAxisTitle("latency, us (log scale)").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        for (final java.util.Map.Entry<String, double[][]> e : subjects.entrySet())
        {
            final double[][] rows = e.getValue();
            final double[] rate = new double[rows.length];
            final double[] p50 = new double[rows.length];
            final double[] p99 = new double[rows.length];
            for (int i = 0; i < rows.length; i++)
            {
                rate[i] = rows[i][0];
                p50[i] = Math.max(0.001, rows[i][1]);
                p99[i] = Math.max(0.001, rows[i][2]);
            }
            chart.addSeries(e.getKey() + " p50", rate, p50).setMarker(SeriesMarkers.CIRCLE);
            final XYSeries s = chart.addSeries(e.getKey() + " p99", rate, p99);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setLineStyle(SeriesLines.DOT_DOT);
        }
        return chart;
    }

    public static XYChart scalingChart(
        final String title,
        final String yTitle,
        final double[] nodes,
        final double[] measured,
        final double[] p99,
        final double[] theoryNodes,
        final double[] theory)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("nodes (log scale)").yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        if (theoryNodes.length > 0)
        {
            final XYSeries t = chart.addSeries("theory", theoryNodes, theory);
            t.setMarker(SeriesMarkers.NONE);
            t.setLineStyle(SeriesLines.DASH_DASH);
            t.setLineColor(THEORY_COLOR);
        }
        final XYSeries m = chart.addSeries(null == p99 ? "measured" : "measured (mean)", nodes, measured);
        m.setMarker(SeriesMarkers.CIRCLE);
        if (null != p99)
        {
            final XYSeries s = chart.addSeries("measured (p99)", nodes, p99);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setLineStyle(SeriesLines.DOT_DOT);
        }
        return chart;
    }

    /**
     * JMH scores as bars, log scale.
     *
     * @param title  chart title.
     * @param unit   score unit.
     * @param labels benchmark labels.
     * @param scores scores.
     * @return the chart.
     */
    public static CategoryChart barChart(
        final String title, final String unit, final List<String> labels, final List<Double> scores)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + 120).title(title)
            .xAxisTitle("").yAxisTitle(unit + " (log scale)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        final List<Double> positive = new ArrayList<>();
        double min = Double.MAX_VALUE;
        for (final Double s : scores)
        {
            final double v = null == s || Double.isNaN(s) ? 1e-3 : Math.max(s, 1e-3);
            positive.add(v);
            min = Math.min(min, v);
        }
        // Bars on a log axis need a positive floor (XChart refuses a log axis that would start at 0).
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        chart.addSeries(unit, labels, positive);
        return chart;
    }

    private static void style(final XYChart chart)
    {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendBorderColor(new Color(200, 200, 200));
    }

    /**
     * Write a chart as {@code name.png} (and {@code name.svg} when asked) into a directory.
     *
     * @param chart   the chart.
     * @param outDir  directory.
     * @param name    base name.
     * @param svg     also write SVG.
     * @param written receives every file written.
     * @throws java.io.UncheckedIOException if a file cannot be written.
     */
    static void save(
        final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart,
        final java.io.File outDir,
        final String name,
        final boolean svg,
        final java.util.List<java.io.File> written)
    {
        try
        {
            final java.io.File png = new java.io.File(outDir, name + ".png");
            org.knowm.xchart.BitmapEncoder.saveBitmap(chart, png.getPath(),
                org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            written.add(png);
            if (svg)
            {
                final java.io.File svgFile = new java.io.File(outDir, name + ".svg");
                org.knowm.xchart.VectorGraphicsEncoder.saveVectorGraphic(chart, svgFile.getPath(),
                    org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                written.add(svgFile);
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static double[] indices(final int n)
    {
        final double[] xs = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = i;
        }
        return xs;
    }
}

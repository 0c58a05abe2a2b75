package io.starling.tools.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of update propagation and failure detection, built with XChart: distributions of times by percentile, and
 * convergence curves (fraction of nodes informed by gossip round) with their theoretical curves beside them.
 */
public final class PropagationCharts
{
    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189),
        new Color(255, 127, 14), new Color(140, 86, 75), new Color(23, 190, 207)
    };

    private PropagationCharts()
    {
    }

    /**
     * One convergence curve and its theory.
     *
     * @param label       legend of the measured curve.
     * @param measured    mean fraction informed by round.
     * @param theory      theoretical fraction by round in synchronous rounds, or null.
     * @param theoryAsync theoretical fraction on unsynchronised timers (logistic), or null.
     */
    public record Convergence(String label, double[] measured, double[] theory, double[] theoryAsync)
    {
    }

    /**
     * Times against percentile, both axes linear: these distributions hold tens to hundreds of values (one per
     * update or per killed node), too few for the tail-stretched axis of {@link Charts#percentileChart}, and span
     * less than a decade.
     *
     * @param title  chart title.
     * @param yTitle time axis title, with its unit.
     * @param curves distributions to draw.
     * @return the chart.
     */
    public static XYChart distributionChart(final String title, final String yTitle, final List<PercentileCurve> curves)
    {
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("percentile (%)").yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setYAxisMin(0.0);
        int c = 0;
        for (final PercentileCurve curve : curves)
        {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = 0; i < curve.percentiles().length; i++)
            {
                final double p = curve.percentiles()[i];
                if (!Double.isNaN(curve.values()[i]))
                {
                    xs.add(100.0 * p);
                    ys.add(curve.values()[i]);
                }
            }
            if (xs.isEmpty())
            {
                continue;
            }
            final XYSeries series = chart.addSeries(curve.name() + " (n=" + curve.totalCount() + ")", xs, ys);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(COLORS[c++ % COLORS.length]);
        }
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(100.0);
        chart.getStyler().setXAxisDecimalPattern("0'%'");
        return chart;
    }

    /**
     * Fraction of nodes informed by gossip round: each measured curve solid with markers, its synchronous-round
     * theory dashed and its unsynchronised (logistic) theory dotted, in the same colour.
     *
     * @param title  chart title.
     * @param curves the curves.
     * @return the chart.
     */
    public static XYChart convergenceChart(final String title, final List<Convergence> curves)
    {
        final XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("gossip rounds since the update").yAxisTitle("fraction of live nodes informed").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        int c = 0;
        for (final Convergence curve : curves)
        {
            final Color color = COLORS[c++ % COLORS.length];
            final XYSeries m = chart.addSeries(curve.label(), Charts.indices(curve.measured().length), curve.measured());
            m.setMarker(SeriesMarkers.CIRCLE);
            m.setMarkerColor(color);
            m.setLineColor(color);
            if (null != curve.theory() && curve.theory().length > 0)
            {
                final XYSeries t = chart.addSeries(curve.label() + ", theory (synchronous rounds)",
                    Charts.indices(curve.theory().length),
                    curve.theory());
                t.setMarker(SeriesMarkers.NONE);
                t.setLineStyle(SeriesLines.DASH_DASH);
                t.setLineColor(color);
            }
            if (null != curve.theoryAsync() && curve.theoryAsync().length > 0)
            {
                final XYSeries t = chart.addSeries(curve.label() + ", theory (unsynchronised)",
                    Charts.indices(curve.theoryAsync().length), curve.theoryAsync());
                t.setMarker(SeriesMarkers.NONE);
                t.setLineStyle(SeriesLines.DOT_DOT);
                t.setLineColor(color);
            }
        }
        return chart;
    }

    private static void style(final XYChart chart)
    {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendBorderColor(new Color(200, 200, 200));
    }

}

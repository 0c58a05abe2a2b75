package io.starling.tools.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.tools.sim.SimTheory;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The propagation and detection part of a report: percentile plots of the distributions ({@code .hgrm} with
 * {@code "kind": "distribution"} summaries), convergence curves of the sim and emulate runs with the push-gossip
 * curve beside them, by source and by cluster size, and tables of percentiles beside log-N theory.
 */
final class PropagationReport
{
    private static final String[] STATS = { "p50", "p90", "p99", "max" };
    private static final double[] PERCENTILES = { 0.5, 0.9, 0.99, 1.0 };

    private final StringBuilder html;
    private final BiConsumer<Chart<?, ?>, String> save;
    private final BiConsumer<String, String> image;

    /**
     * @param html  the page being written.
     * @param save  writes a chart under a file name.
     * @param image links a written chart from the page.
     */
    PropagationReport(
        final StringBuilder html, final BiConsumer<Chart<?, ?>, String> save, final BiConsumer<String, String> image)
    {
        this.html = html;
        this.save = save;
        this.image = image;
    }

    /**
     * Write the section (nothing when there are neither distributions nor propagation runs).
     *
     * @param inputs what to report.
     */
    void write(final ReportInputs inputs)
    {
        if (inputs.distributions().isEmpty() && inputs.propagationRuns().isEmpty())
        {
            return;
        }
        html.append("<h2>Update propagation and failure detection</h2>\n");
        propagationTable(inputs.propagationRuns());
        convergenceCharts(inputs.propagationRuns());
        distributions(inputs.distributions());
    }

    private void propagationTable(final List<ReportInputs.Doc> runs)
    {
        if (runs.isEmpty())
        {
            return;
        }
        final List<ReportInputs.Doc> sorted = sortedRuns(runs);
        html.append("<h3>Time until every live node has an update</h3>\n<table><tr><th class=\"l\">run</th>")
            .append("<th class=\"l\">source</th><th>nodes</th><th>updates</th>");
        for (final String s : STATS)
        {
            html.append("<th>").append(s).append(" rounds</th>");
        }
        html.append("<th>theory rounds, synchronous<br>log<sub>1+f</sub>N + ln N / f</th>")
            .append("<th>theory rounds, unsynchronised<br>2 ln(N-1) / f</th>");
        for (final String s : STATS)
        {
            html.append("<th>").append(s).append(" ms</th>");
        }
        html.append("</tr>\n");
        for (final ReportInputs.Doc run : sorted)
        {
            final JsonNode json = run.json();
            final JsonNode p = json.path("propagation");
            final JsonNode rounds = json.path("propagation_rounds");
            final JsonNode ms = json.path("propagation_ms");
            html.append("<tr><td class=\"l\">").append(ReportWriter.esc(run.name())).append("</td><td class=\"l\">")
                .append(ReportWriter.esc(source(p))).append("</td><td>").append(json.path("nodes").asInt())
                .append("</td><td>").append(rounds.path("count").asInt()).append("</td>");
            for (final String s : STATS)
            {
                html.append("<td>").append(ReportWriter.fmt(rounds.path(s).asDouble(Double.NaN))).append("</td>");
            }
            html.append("<td>").append(ReportWriter.fmt(json.path("propagation_rounds_theory").asDouble(Double.NaN)))
                .append("</td><td>").append(ReportWriter.fmt(SimTheory.asyncRoundsToAll(json.path("nodes").asInt(),
                p.path("fanout").asInt()))).append("</td>");
            for (final String s : STATS)
            {
                html.append("<td>").append(ReportWriter.fmt(ms.path(s).asDouble(Double.NaN))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p class=\"note\">A gossip round is the gossip interval (a fifth of the protocol " +
            "period by default); f is the gossip fan-out. Synchronous: Pittel's estimate of the rounds push gossip " +
            "needs to reach all N when every node gossips at the same instants (the simulator with aligned " +
            "starts). Unsynchronised: the logistic curve reaching all but one node, for nodes gossiping on their " +
            "own timers (the simulator with start jitter, real time).</p>\n");
    }

    private static String unique(final List<PropagationCharts.Convergence> curves, final String label,
        final String runName)
    {
        for (final PropagationCharts.Convergence c : curves)
        {
            if (c.label().equals(label) || c.label().startsWith(label + " ("))
            {
                return label + " (" + runName + ")";
            }
        }
        return label;
    }

    private void convergenceCharts(final List<ReportInputs.Doc> runs)
    {
        if (runs.isEmpty())
        {
            return;
        }
        final Map<String, List<PropagationCharts.Convergence>> bySource = new TreeMap<>();
        final Map<Integer, List<PropagationCharts.Convergence>> byNodes = new TreeMap<>();
        for (final ReportInputs.Doc run : sortedRuns(runs))
        {
            final JsonNode p = run.json().path("propagation");
            final int nodes = run.json().path("nodes").asInt();
            final double[] measured = ReportInputs.numbers(p.path("informed_fraction_by_round"));
            final double[] theory = ReportInputs.numbers(p.path("informed_fraction_by_round_theory"));
            final double[] async = p.path("informed_fraction_by_round_theory_async").isArray() ?
                ReportInputs.numbers(p.path("informed_fraction_by_round_theory_async")) :
                SimTheory.informedFractionLogistic(nodes, p.path("fanout").asInt(), measured.length);
            final boolean jittered = run.json().path("start_jitter_ms").asDouble(0) > 0;
            final String jitter = jittered ? ", start jitter" : "";
            // Each run beside the theory of its clock: synchronous rounds for the simulator's aligned starts,
            // unsynchronised timers for real time and for the simulator with start jitter.
            final boolean synchronous = "simulator".equals(source(p)) && !jittered;
            // A label that repeats (two runs of one size and clock, e.g. a with/without pair) takes the run's name.
            final List<PropagationCharts.Convergence> sameSource =
                bySource.computeIfAbsent(source(p), k -> new ArrayList<>());
            sameSource.add(new PropagationCharts.Convergence(unique(sameSource, "N=" + nodes + jitter, run.name()),
                measured, synchronous ? theory : null, synchronous ? null : async));
            final List<PropagationCharts.Convergence> sameNodes =
                byNodes.computeIfAbsent(nodes, k -> new ArrayList<>());
            sameNodes.add(new PropagationCharts.Convergence(
                unique(sameNodes, source(p) + jitter, run.name()), measured, null, null));
        }
        html.append("<h3>Convergence: fraction of live nodes informed by gossip round, beside theory</h3>\n")
            .append("<p class=\"note\">Mean over the updates of each run; dashed: push gossip with the run's " +
            "fan-out f in synchronous rounds, i(r+1) = 1 - (1 - i(r)) (1 - f/(N-1))<sup>N i(r)</sup>, " +
            "i(0) = 1/N; dotted: the same on unsynchronised timers, i(t) = 1 / (1 + (N-1) e<sup>-f t</sup>).</p>\n");
        for (final Map.Entry<String, List<PropagationCharts.Convergence>> e : bySource.entrySet())
        {
            final String name = "propagation-convergence-" + ReportWriter.fileName(e.getKey());
            save.accept(PropagationCharts.convergenceChart(
                "Fraction informed by gossip round (" + e.getKey() + "); theory: synchronous dashed, " +
                "unsynchronised dotted", e.getValue()), name);
            image.accept(name, "convergence " + e.getKey());
        }
        for (final Map.Entry<Integer, List<PropagationCharts.Convergence>> e : byNodes.entrySet())
        {
            if (e.getValue().size() < 2)
            {
                continue;
            }
            final List<PropagationCharts.Convergence> curves = new ArrayList<>(e.getValue());
            final JsonNode any = runs.stream().filter(d -> d.json().path("nodes").asInt() == e.getKey()).findFirst()
                .orElseThrow().json().path("propagation");
            final double[] sync = ReportInputs.numbers(any.path("informed_fraction_by_round_theory"));
            curves.add(new PropagationCharts.Convergence("theory, synchronous rounds", sync, null, null));
            curves.add(new PropagationCharts.Convergence("theory, unsynchronised (logistic)",
                SimTheory.informedFractionLogistic(e.getKey(), any.path("fanout").asInt(), sync.length), null, null));
            final String name = "propagation-convergence-n" + e.getKey();
            save.accept(PropagationCharts.convergenceChart(
                "Fraction informed by gossip round, N=" + e.getKey() + ": simulator, real time and theory", curves),
                name);
            image.accept(name, "convergence N=" + e.getKey());
        }
    }

    private void distributions(final List<ReportInputs.Latency> distributions)
    {
        if (distributions.isEmpty())
        {
            return;
        }
        final Map<String, List<ReportInputs.Latency>> groups = new LinkedHashMap<>();
        for (final ReportInputs.Latency d : distributions)
        {
            groups.computeIfAbsent(d.group(), k -> new ArrayList<>()).add(d);
        }
        html.append("<h3>Distributions (milliseconds)</h3>\n");
        for (final Map.Entry<String, List<ReportInputs.Latency>> e : groups.entrySet())
        {
            final List<ReportInputs.Latency> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparingInt(d -> null == d.summary() ? 0 : d.summary().path("nodes").asInt()));
            final List<PercentileCurve> curves = new ArrayList<>();
            final java.util.Set<String> labels = new java.util.HashSet<>();
            for (final ReportInputs.Latency d : list)
            {
                // Two runs of one size (say with and without start jitter) share a label: name the file then.
                final String label = labels.add(label(d)) ? label(d) : label(d) + " (" + d.curve().name() + ")";
                curves.add(new PercentileCurve(label, d.curve().values(), d.curve().percentiles(),
                    d.curve().totalCount()));
            }
            final String name = "distribution-" + ReportWriter.fileName(e.getKey());
            save.accept(PropagationCharts.distributionChart(e.getKey() + ": time by percentile", "time (ms)", curves),
                name);
            image.accept(name, e.getKey());
        }
        html.append("<table><tr><th class=\"l\">group</th><th class=\"l\">what</th><th>count</th>");
        for (final String s : STATS)
        {
            html.append("<th>").append(s).append(" ms</th>");
        }
        html.append("<th class=\"l\">file</th></tr>\n");
        for (final ReportInputs.Latency d : distributions)
        {
            html.append("<tr><td class=\"l\">").append(ReportWriter.esc(d.group())).append("</td><td class=\"l\">")
                .append(ReportWriter.esc(label(d))).append("</td><td>").append(d.curve().totalCount()).append("</td>");
            for (int i = 0; i < STATS.length; i++)
            {
                final JsonNode v = null == d.summary() ? null : d.summary().get(STATS[i] + "_ms");
                final double value = null != v && v.isNumber() ? v.asDouble() : d.curve().valueAt(PERCENTILES[i]);
                html.append("<td>").append(ReportWriter.fmt(value)).append("</td>");
            }
            html.append("<td class=\"l\">").append(ReportWriter.esc(d.file().getName())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String label(final ReportInputs.Latency d)
    {
        final JsonNode s = d.summary();
        if (null != s && s.hasNonNull("label"))
        {
            return s.get("label").asText();
        }
        final String name = d.curve().name();
        if (name.endsWith("-detect-suspect"))
        {
            return "first suspicion";
        }
        if (name.endsWith("-detect-dead"))
        {
            return "first death";
        }
        if (name.endsWith("-detect-all"))
        {
            return "all live nodes informed";
        }
        if (name.endsWith("-propagation") && null != s && s.has("nodes"))
        {
            return ("emulate".equals(s.path("source").asText()) ? "real time" : "sim") + " N=" + s.get("nodes").asInt();
        }
        return name;
    }

    private static String source(final JsonNode propagation)
    {
        final String s = propagation.path("source").asText("sim");
        return "emulate".equals(s) ? "real time" : "simulator";
    }

    private static List<ReportInputs.Doc> sortedRuns(final List<ReportInputs.Doc> runs)
    {
        final List<ReportInputs.Doc> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing((ReportInputs.Doc d) -> source(d.json().path("propagation")))
            .thenComparingInt(d -> d.json().path("nodes").asInt()));
        return sorted;
    }
}

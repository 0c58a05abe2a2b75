package io.starling.tools.report;

import java.io.File;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling report RESULTS...}: plots of latency percentile distributions ({@code .hgrm} with their JSON
 * summaries), convergence and detection against theory (simulator JSON) and JMH scores, as PNG and SVG, with one
 * {@code index.html} showing them beside tables of the figures. Runs headless.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Plot benchmark and simulator results: latency percentile distributions (.hgrm + JSON summaries),",
        "convergence curves and detection times against theory (starling sim --json), JMH scores (-rf json),",
        "scaling curves of density sweeps (starling density --json).",
        "Writes PNG (and SVG) plots and an index.html into --out."
    })
public final class ReportCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RESULTS", arity = "1..*",
        description = "Result files (.hgrm, .json) or directories holding them.")
    List<File> results;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
        description = "Output directory (default ${DEFAULT-VALUE}).")
    File out;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Starling results",
        description = "Page title (default '${DEFAULT-VALUE}').")
    String title;

    @Option(names = "--no-svg", description = "Write PNG only.")
    boolean noSvg;

    public Integer call() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter outWriter = spec.commandLine().getOut();
        final ReportInputs inputs = ReportInputs.load(results, err);
        final ReportWriter writer = new ReportWriter(out, !noSvg);
        final File index = writer.write(inputs, title);
        final long plots = writer.written().stream().filter(f -> f.getName().endsWith(".png")).count();
        outWriter.printf("report: %d inputs (%d latency distributions, %d latency summaries, %d simulator runs, " +
            "%d JMH files, %d density sweeps, %d propagation runs, %d propagation/detection distributions) -> " +
            "%d plots, %s%n", inputs.used().size(), inputs.latencies().size(), inputs.summaries().size(),
            inputs.simRuns().size(), inputs.jmhRuns().size(), inputs.densitySweeps().size(),
            inputs.propagationRuns().size(), inputs.distributions().size(), plots, index.getPath());
        outWriter.flush();
        return 0;
    }
}

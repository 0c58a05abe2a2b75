package io.starling.tools.emulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.tools.StarlingMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code starling emulate}: N nodes in real time on loopback, in one process or spread over P child JVMs talking
 * Aeron UDP. The coordinator launches the hosts, shows progress while the cluster converges (every node sees every
 * other ALIVE), lets it settle, crashes K random nodes and waits until every live node has them DEAD, then measures
 * a steady-state window of {@code --duration} seconds (CPU, memory, traffic, duty cycles), stops everything and
 * checks that nothing is left behind. Prints a human summary; with {@code --json FILE}, one JSON document. Exits 1
 * with one line when the run fails its own criteria (no convergence or detection within its bound, false positives,
 * an unclean shutdown).
 */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Emulate N Starling nodes in real time on loopback, in one process or P child processes over Aeron UDP.",
        "Phases: converge (all see all ALIVE), settle, kill K random nodes and detect (all live nodes have them",
        "DEAD), then a steady-state window of --duration seconds."
    })
public final class EmulateCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EmulateOptions options;

    /**
     * @return exit code: 0, or {@link StarlingMain#EXIT_FAILURE} when the run failed its criteria.
     * @throws IOException if the JSON file cannot be written.
     */
    public Integer call() throws IOException
    {
        final EmulateOptions.Settings settings = options.settings();
        final PropagationPhase.Settings propagation = options.propagationSettings();
        final LifecyclePhase.Settings lifecycle = options.lifecycleSettings();
        final ClusterPlan plan = options.plan(settings, lifecycle);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Emulation emulation = new Emulation(settings, plan, new Progress(err, settings.progress()), err);
        emulation.propagation(propagation);
        emulation.lifecycle(lifecycle);
        final Map<String, Object> result = emulation.run();
        if (null != options.schedule)
        {
            result.put("schedule_file", options.schedule.getPath());
            result.put("expected_absence", options.expectedAbsence);
        }

        out.print(EmulationReport.summary(result));
        out.flush();
        if (null != options.json)
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.json, result);
        }
        final Object failure = result.get("failure");
        if (null != failure)
        {
            err.println("starling emulate: " + failure);
            err.flush();
            return StarlingMain.EXIT_FAILURE;
        }
        return 0;
    }
}

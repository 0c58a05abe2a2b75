package io.starling.tools.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.starling.tools.StarlingMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling bench}: runs the JMH benchmarks of the bench jar in a child JVM and writes JMH's JSON results
 * ({@code -rf json}) into a directory; optionally also the HdrHistogram scenario benchmarks. The bench jar is built
 * separately ({@code ./mvnw -q -B -pl bench -am package -DskipTests}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run the JMH micro-benchmarks (and with --scenarios the Aeron round-trip scenarios) from the bench jar",
        "and write JSON results. Build the jar first: ./mvnw -q -B -pl bench -am package -DskipTests",
        "Arguments after -- go to JMH unchanged."
    })
public final class BenchCommand implements Callable<Integer>
{
    /** Default location of the bench jar, relative to the repository root. */
    public static final String DEFAULT_JAR = "bench/target/benchmarks.jar";
    /** JMH settings of {@code --quick}: short warm-up and measurement, one fork. */
    public static final List<String> QUICK_JMH_ARGS =
        List.of("-f", "1", "-wi", "2", "-w", "500ms", "-i", "3", "-r", "500ms");
    /** Scenario settings of {@code --quick}. */
    public static final List<String> QUICK_SCENARIO_ARGS = List.of(
        "--presets", "density", "--warmup", "5000", "--round-trips", "20000", "--open-loop-rates", "1000,5000",
        "--open-loop-seconds", "2");

    private static final String SCENARIO_MAIN = "io.starling.bench.scenario.ScenarioMain";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Short runs (JMH: " + "-f 1 -wi 2 -w 500ms -i 3 -r 500ms).")
    boolean quick;

    @Option(names = "--include", paramLabel = "REGEX",
        description = "Benchmarks to run (JMH regex; repeatable; default: all of io.starling.bench).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--json-dir", paramLabel = "DIR", defaultValue = "bench/results",
        description = "Where JSON results go (default ${DEFAULT-VALUE}).")
    File jsonDir;

    @Option(names = "--jar", paramLabel = "PATH", defaultValue = DEFAULT_JAR,
        description = "The bench jar (default ${DEFAULT-VALUE}).")
    File jar;

    @Option(names = "--prof", paramLabel = "PROFILER",
        description = "A JMH profiler, e.g. gc (allocation per operation); repeatable.")
    List<String> profilers = new ArrayList<>();

    @Option(names = "--scenarios", description = "Also run the Aeron round-trip scenarios (ScenarioMain).")
    boolean scenarios;

    @Option(names = "--dry-run", description = "Print the commands instead of running them.")
    boolean dryRun;

    @Parameters(paramLabel = "JMH_ARG", description = "Extra JMH arguments (after --).")
    List<String> jmhArgs = new ArrayList<>();

    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final List<String> jmh = jmhCommand(timestamp());
        final List<String> scenario = scenarioCommand();
        if (dryRun)
        {
            out.println(String.join(" ", jmh));
            if (scenarios)
            {
                out.println(String.join(" ", scenario));
            }
            out.flush();
            return 0;
        }
        if (!jar.isFile())
        {
            throw new IllegalArgumentException("--jar: " + jar + " not found; build it with " +
                "./mvnw -q -B -pl bench -am package -DskipTests");
        }
        if (!jsonDir.isDirectory() && !jsonDir.mkdirs())
        {
            throw new IllegalArgumentException("--json-dir: cannot create " + jsonDir);
        }
        out.println("bench: " + String.join(" ", jmh));
        out.flush();
        int status = run(jmh);
        if (0 == status && scenarios)
        {
            out.println("bench: " + String.join(" ", scenario));
            out.flush();
            status = run(scenario);
        }
        return 0 == status ? 0 : StarlingMain.EXIT_FAILURE;
    }

    /**
     * The JMH command line.
     *
     * @param stamp used in the result file name.
     * @return the command.
     * @throws IllegalArgumentException naming --include if a pattern is not a regular expression.
     */
    public List<String> jmhCommand(final String stamp)
    {
        final List<String> cmd = javaPrefix();
        cmd.add("-jar");
        cmd.add(jar.getPath());
        if (includes.isEmpty())
        {
            cmd.add("io\\.starling\\.bench\\..*");
        }
        for (final String include : includes)
        {
            try
            {
                Pattern.compile(include);
            }
            catch (final PatternSyntaxException ex)
            {
                throw new IllegalArgumentException("--include '" + include + "' is not a regular expression: " +
                    ex.getDescription());
            }
            cmd.add(include);
        }
        if (quick)
        {
            cmd.addAll(QUICK_JMH_ARGS);
        }
        for (final String profiler : profilers)
        {
            cmd.add("-prof");
            cmd.add(profiler);
        }
        cmd.add("-rf");
        cmd.add("json");
        cmd.add("-rff");
        cmd.add(new File(jsonDir, "jmh-" + stamp + ".json").getPath());
        cmd.addAll(jmhArgs);
        return cmd;
    }

    /**
     * The scenario command line.
     *
     * @return the command.
     */
    public List<String> scenarioCommand()
    {
        final List<String> cmd = javaPrefix();
        cmd.add("-cp");
        cmd.add(jar.getPath());
        cmd.add(SCENARIO_MAIN);
        cmd.add("--out");
        cmd.add(jsonDir.getPath());
        if (quick)
        {
            cmd.addAll(QUICK_SCENARIO_ARGS);
        }
        return cmd;
    }

    private static List<String> javaPrefix()
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("--add-opens");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        // As the starling launcher runs; JMH copies the host JVM's arguments into every fork.
        cmd.add("-Dsbe.enable.precedence.checks=false");
        return cmd;
    }

    private static int run(final List<String> command) throws IOException, InterruptedException
    {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static String timestamp()
    {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}

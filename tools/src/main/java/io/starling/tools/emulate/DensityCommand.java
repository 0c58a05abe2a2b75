package io.starling.tools.emulate;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.tools.StarlingMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling density}: the density sweep. For each cluster size N it runs {@code starling emulate --nodes N}
 * in a fresh child JVM (so that RSS belongs to that N alone), one process, no kills, with a steady-state window
 * long enough to hold every node's push-pull, then collects one row per N: convergence, CPU (cores and per
 * node-second), RSS (and per node), messages and bytes per node per second and duty-cycle percentiles against
 * the budget (p99 under 10% of the probe timeout). Writes the series as one JSON document and prints a table.
 */
@Command(
    name = "density",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Density sweep: for each N, 'starling emulate --nodes N' in a fresh child JVM (one process, no kills),",
        "steady-state window covering one push-pull interval; one row per N: converged, CPU, RSS, traffic and",
        "duty-cycle percentiles against the budget (p99 under 10%% of the probe timeout)."
    })
public final class DensityCommand implements Callable<Integer>
{
    /** Value of the {@code kind} field of the sweep document. */
    public static final String KIND = "density_sweep";
    /** The duty-cycle p99 budget as a fraction of the probe timeout. */
    public static final double DUTY_BUDGET_FRACTION = 0.1;
    /** The density target: nodes, cores, RSS. */
    public static final int TARGET_NODES = 10_000;
    static final double TARGET_CORES = 1.0;
    static final long TARGET_RSS_BYTES = 2L << 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N,N,...", required = true,
        description = "Cluster sizes, comma separated, each in [2, 1048576].")
    String nodesList;

    @Option(names = "--period-ms", paramLabel = "T", defaultValue = "1000",
        description = "Protocol period (default ${DEFAULT-VALUE}).")
    long periodMs;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "-1",
        description = "Steady-state window of every run (default per N: 1.1 x the push-pull interval at N).")
    double durationS;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jvm-opts", paramLabel = "OPTS",
        description = "Options of the child JVMs, space separated (default: this JVM's -Xmx, -Xms, -Xss and -XX:).")
    String jvmOpts;

    @Option(names = "--emulate-args", paramLabel = "ARGS",
        description = "More flags for every emulate run, space separated (e.g. '--start-spread-ms 60000').")
    String emulateArgs;

    @Option(names = "--idle", paramLabel = "PRESET",
        description = "Idle preset of every engine, passed to emulate: sleep (its default), backoff or spin.")
    String idle;

    @Option(names = "--detection", paramLabel = "PROFILE",
        description = "Detection profile of every engine, passed to emulate: default or fast.")
    String detection;

    @Option(names = "--json", paramLabel = "FILE",
        description = "Write the series as one JSON document; each run's own document goes beside it as " +
            "density-N.json.")
    File json;

    @Option(names = "--reuse",
        description = "Do not run an N whose density-N.json is already beside --json: rebuild its row from it.")
    boolean reuse;

    @Option(names = "--append",
        description = "Add the rows to the series already in --json (a row of the same N is replaced), so a sweep " +
            "can be measured in several sittings.")
    boolean append;

    /**
     * A validated sweep description.
     *
     * @param nodes       sizes, ascending, distinct.
     * @param periodMs    protocol period.
     * @param durationS   fixed window, or -1 for the default per N.
     * @param jvmOptions  child JVM options.
     * @param emulateArgs extra emulate flags.
     */
    record Settings(List<Integer> nodes, long periodMs, double durationS, List<String> jvmOptions,
        List<String> emulateArgs)
    {
    }

    Settings settings()
    {
        final List<Integer> sizes = parseNodes(nodesList);
        if (periodMs < 10 || periodMs > 60_000)
        {
            throw new IllegalArgumentException("--period-ms: " + periodMs + " must be in [10, 60000]");
        }
        if (-1 != durationS && (!(durationS >= 0) || Double.isInfinite(durationS)))
        {
            throw new IllegalArgumentException("--duration: " + durationS + " must be a non-negative number");
        }
        if (append && null == json)
        {
            throw new IllegalArgumentException("--append: needs --json FILE (the series to add to)");
        }
        if (reuse && null == json)
        {
            throw new IllegalArgumentException("--reuse: needs --json FILE (the runs are read from beside it)");
        }
        final List<String> jvm = EmulateOptions.childJvmOptions(jvmOpts);
        final List<String> extra = new java.util.ArrayList<>(null == emulateArgs ? List.of() : words(emulateArgs));
        for (final String arg : extra)
        {
            if (List.of("--nodes", "--json", "--duration", "--period-ms", "--seed", "--processes").contains(arg))
            {
                throw new IllegalArgumentException("--emulate-args: " + arg + " is set by the sweep itself");
            }
        }
        if (!extra.isEmpty() && !extra.get(0).startsWith("--"))
        {
            throw new IllegalArgumentException("--emulate-args: '" + extra.get(0) + "' is not a flag");
        }
        if (null != idle)
        {
            extra.add("--idle");
            extra.add(io.starling.engine.host.IdlePreset.parse(idle).name().toLowerCase(java.util.Locale.ROOT));
        }
        if (null != detection)
        {
            extra.add("--detection");
            extra.add(io.starling.engine.api.DetectionProfile.parse(detection).name().toLowerCase(java.util.Locale.ROOT));
        }
        return new Settings(sizes, periodMs, durationS, jvm, extra);
    }

    /**
     * @param list comma-separated sizes.
     * @return distinct sizes, ascending.
     * @throws IllegalArgumentException naming --nodes.
     */
    static List<Integer> parseNodes(final String list)
    {
        final TreeMap<Integer, Boolean> sizes = new TreeMap<>();
        for (final String part : list.split(",", -1))
        {
            final String s = part.trim().replace("_", "");
            final int n;
            try
            {
                n = Integer.parseInt(s);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--nodes: '" + part + "' is not a number (expected N,N,...)");
            }
            if (n < 2 || n > (1 << 20))
            {
                throw new IllegalArgumentException("--nodes: " + n + " must be in [2, 1048576]");
            }
            sizes.put(n, Boolean.TRUE);
        }
        return new ArrayList<>(sizes.keySet());
    }

    private static List<String> words(final String s)
    {
        final List<String> list = new ArrayList<>();
        for (final String w : s.trim().split("\\s+"))
        {
            if (!w.isEmpty())
            {
                list.add(w);
            }
        }
        return list;
    }

    /**
     * @param periodMs protocol period.
     * @param nodes    cluster size.
     * @return default steady-state window: 1.1 x the push-pull interval at that size, whole seconds.
     */
    static double defaultWindowS(final long periodMs, final int nodes)
    {
        final ProtocolConfig protocol = EmulateHost.protocolConfig(periodMs).conclude();
        final double pushPullS = Math.ceil(protocol.scaledPushPullIntervalNs(nodes) / 1e9);
        return pushPullS + Math.ceil(pushPullS / 10);
    }

    /**
     * @param periodMs protocol period.
     * @return the duty-cycle p99 budget in ns: 10% of the probe timeout.
     */
    static long dutyBudgetNs(final long periodMs)
    {
        return (long)(DUTY_BUDGET_FRACTION * EmulateHost.protocolConfig(periodMs).conclude().probeTimeoutNs());
    }

    public Integer call() throws IOException
    {
        final Settings settings = settings();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final File dir = null == json ? Files.createTempDirectory("starling-density").toFile() :
            json.getAbsoluteFile().getParentFile();
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IllegalArgumentException("--json: cannot create directory " + dir);
        }
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final Map<String, Object> doc = null != json && append && json.isFile() ?
            readSweep(mapper, json) : new LinkedHashMap<>();
        // Picocli's original arguments start with the subcommand's own name when run under `starling`.
        final List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && "density".equals(args.get(0)))
        {
            args.remove(0);
        }
        final String command = "starling density " + String.join(" ", args);
        header(doc, settings, command);

        boolean allRan = true;
        for (final int n : settings.nodes())
        {
            final File runJson = new File(dir, "density-" + n + ".json");
            final Map<String, Object> row = reuse && runJson.isFile() ?
                reuseOne(doc, n, runJson, settings.periodMs()) : runOne(settings, n, runJson, err);
            allRan &= null != row.get("converged");
            putRow(doc, row);
            summarize(doc, settings.periodMs());
            if (null != json)
            {
                mapper.writeValue(json, doc);
            }
        }
        out.print(table(doc));
        out.flush();
        return allRan ? 0 : StarlingMain.EXIT_FAILURE;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readSweep(final ObjectMapper mapper, final File file)
    {
        final Map<String, Object> doc;
        try
        {
            doc = mapper.readValue(file, new TypeReference<LinkedHashMap<String, Object>>()
            {
            });
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--json: " + file + " is not readable JSON (" +
                ex.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!KIND.equals(doc.get("kind")) || !(doc.get("rows") instanceof List))
        {
            throw new IllegalArgumentException("--json: " + file + " is not a density sweep (kind " + KIND + ")");
        }
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static void header(final Map<String, Object> doc, final Settings settings, final String command)
    {
        if (doc.containsKey("period_ms") && ((Number)doc.get("period_ms")).longValue() != settings.periodMs())
        {
            throw new IllegalArgumentException("--append: the series in the file has period_ms " +
                doc.get("period_ms") + ", not " + settings.periodMs());
        }
        doc.put("kind", KIND);
        doc.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        final List<Object> commands = doc.get("commands") instanceof List ?
            (List<Object>)doc.get("commands") : new ArrayList<>();
        commands.add(command);
        doc.put("commands", commands);
        doc.put("machine", machine());
        doc.put("period_ms", settings.periodMs());
        doc.put("probe_timeout_ms", EmulateHost.protocolConfig(settings.periodMs()).conclude().probeTimeoutNs() / 1e6);
        doc.put("duty_p99_budget_ns", dutyBudgetNs(settings.periodMs()));
        doc.put("jvm_options", settings.jvmOptions());
        doc.putIfAbsent("rows", new ArrayList<>());
    }

    /**
     * @return what the sweep ran on.
     */
    static Map<String, Object> machine()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", procField("/proc/cpuinfo", "model name"));
        final String memKb = procField("/proc/meminfo", "MemTotal");
        m.put("mem_total_bytes", null == memKb ? null : Long.parseLong(memKb.replaceAll("[^0-9]", "")) * 1024);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    private static String procField(final String file, final String key)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8))
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key))
                {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
        return null;
    }

    private static String loadAverage()
    {
        try
        {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private Map<String, Object> runOne(final Settings settings, final int n, final File runJson, final PrintWriter err)
    {
        final double windowS = -1 == settings.durationS() ? defaultWindowS(settings.periodMs(), n) :
            settings.durationS();
        final List<String> args = new ArrayList<>(List.of("emulate", "--nodes", String.valueOf(n),
            "--period-ms", String.valueOf(settings.periodMs()), "--duration", fmtS(windowS),
            "--seed", String.valueOf(seed), "--progress", "lines", "--json", runJson.getPath()));
        args.addAll(settings.emulateArgs());
        final List<String> command = new ArrayList<>();
        command.add(ChildHost.javaExecutable());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Dsbe.enable.precedence.checks=false");
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StarlingMain.class.getName());
        command.addAll(args);

        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("nodes", n);
        row.put("command", "starling " + String.join(" ", args));
        row.put("started_utc", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        row.put("load_before", loadAverage());
        err.printf(Locale.ROOT, "density: N = %,d, window %s s: %s%n", n, fmtS(windowS), row.get("command"));
        err.flush();
        final long startNs = System.nanoTime();
        int exit = -1;
        Process process = null;
        final Thread[] hook = new Thread[1];
        try
        {
            Files.deleteIfExists(runJson.toPath());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            final Process p = process;
            hook[0] = new Thread(p::destroy, "starling-density-stop-child");
            Runtime.getRuntime().addShutdownHook(hook[0]);
            exit = p.waitFor();
        }
        catch (final IOException ex)
        {
            row.put("failure", "cannot start the child JVM: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            if (null != process)
            {
                process.destroy();
            }
            row.put("failure", "interrupted");
        }
        finally
        {
            if (null != hook[0])
            {
                try
                {
                    Runtime.getRuntime().removeShutdownHook(hook[0]);
                }
                catch (final IllegalStateException ignore)
                {
                    // Shutting down: the hook runs.
                }
            }
        }
        row.put("wall_s", Math.round((System.nanoTime() - startNs) / 1e8) / 10.0);
        row.put("load_after", loadAverage());
        row.put("exit_code", exit);
        row.put("emulate_json", runJson.getName());
        Map<String, Object> result = null;
        if (runJson.isFile())
        {
            try
            {
                result = new ObjectMapper().readValue(runJson, new TypeReference<LinkedHashMap<String, Object>>()
                {
                });
            }
            catch (final IOException ex)
            {
                row.put("failure", "cannot read " + runJson + ": " + ex.getMessage());
            }
        }
        else if (!row.containsKey("failure"))
        {
            row.put("failure", "the emulate run exited " + exit + " without writing " + runJson.getName());
        }
        if (null != result)
        {
            derive(row, result, n, settings.periodMs());
        }
        else
        {
            row.put("converged", null);
            row.put("meets_budget", false);
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reuseOne(
        final Map<String, Object> doc, final int n, final File runJson, final long periodMs)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("nodes", n);
        for (final Map<String, Object> old : (List<Map<String, Object>>)doc.get("rows"))
        {
            if (((Number)old.get("nodes")).intValue() == n)
            {
                for (final String key : List.of("command", "started_utc", "load_before", "wall_s", "load_after",
                    "exit_code"))
                {
                    row.put(key, old.get(key));
                }
            }
        }
        row.put("emulate_json", runJson.getName());
        try
        {
            derive(row, new ObjectMapper().readValue(runJson, new TypeReference<LinkedHashMap<String, Object>>()
            {
            }), n, periodMs);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--reuse: cannot read " + runJson + ": " + ex.getMessage());
        }
        return row;
    }

    /**
     * Fill a row from one emulate document.
     *
     * @param row      the row (nodes and run facts already in).
     * @param r        the emulate document.
     * @param n        nodes.
     * @param periodMs protocol period.
     */
    static void derive(final Map<String, Object> row, final Map<String, Object> r, final int n, final long periodMs)
    {
        final Number converge = (Number)r.get("converge_ms");
        final boolean converged = null != converge && null == r.get("missing");
        row.put("converged", converged);
        row.put("converge_ms", converge);
        row.put("window_s", r.get("window_s"));
        final Number cores = (Number)r.get("cpu_cores");
        row.put("cpu_cores", cores);
        row.put("agent_cpu_cores", r.get("agent_cpu_cores"));
        row.put("cpu_us_per_node_s", null == cores ? null : cores.doubleValue() * 1e6 / n);
        final Number rss = (Number)r.get("rss_bytes");
        row.put("rss_bytes", rss);
        row.put("rss_peak_bytes", r.get("rss_peak_bytes"));
        row.put("rss_per_node_bytes", null == rss ? null : rss.doubleValue() / n);
        row.put("heap_used_bytes", r.get("heap_used_bytes"));
        row.put("gc_count", r.get("gc_count"));
        row.put("gc_time_ms", r.get("gc_time_ms"));
        row.put("messages_per_node_per_s", r.get("messages_per_node_per_s"));
        row.put("bytes_per_node_per_s", r.get("bytes_per_node_per_s"));
        row.put("frames_per_node_per_s", r.get("frames_per_node_per_s"));
        row.put("duty_cycle_p50_ns", r.get("duty_cycle_p50_ns"));
        final Number p99 = (Number)r.get("duty_cycle_p99_ns");
        row.put("duty_cycle_p99_ns", p99);
        row.put("duty_cycle_p999_ns", r.get("duty_cycle_p999_ns"));
        row.put("duty_cycle_window_max_ns", r.get("duty_cycle_window_max_ns"));
        row.put("duty_cycle_max_ns", r.get("duty_cycle_max_ns"));
        final boolean withinBudget = null != p99 && p99.longValue() < dutyBudgetNs(periodMs);
        row.put("duty_p99_within_budget", withinBudget);
        row.put("false_positives", r.get("false_positives"));
        row.put("false_positive_events", r.get("false_positive_events"));
        row.put("false_suspicions", r.get("false_suspicions"));
        row.put("refutations", r.get("refutations"));
        row.put("drops_by_reason", r.get("drops_by_reason"));
        final Object rtt = r.get("probe_rtt_us");
        row.put("probe_rtt_p99_us", rtt instanceof Map ? ((Map<?, ?>)rtt).get("p99") : null);
        // Whole-run figures, also for a run that never reached its window: RSS at the end, CPU since launch.
        long rssEnd = 0;
        double cpuMs = 0;
        if (r.get("hosts") instanceof List)
        {
            for (final Object h : (List<?>)r.get("hosts"))
            {
                if (h instanceof Map && ((Map<?, ?>)h).get("rss_bytes") instanceof Number)
                {
                    rssEnd += ((Number)((Map<?, ?>)h).get("rss_bytes")).longValue();
                    cpuMs += ((Number)((Map<?, ?>)h).get("cpu_ms")).doubleValue();
                }
            }
        }
        row.put("rss_end_bytes", 0 == rssEnd ? null : rssEnd);
        final Number wallMs = (Number)r.get("wall_ms");
        row.put("cpu_cores_whole_run", null == wallMs || 0 == cpuMs ? null : cpuMs / wallMs.doubleValue());
        row.put("errors", r.get("errors"));
        if (null != r.get("failure"))
        {
            row.put("failure", r.get("failure"));
        }
        final Number fp = (Number)r.get("false_positives");
        row.put("meets_budget", converged && withinBudget && null != fp && 0 == fp.longValue() &&
            null != r.get("window_s"));
    }

    @SuppressWarnings("unchecked")
    private static void putRow(final Map<String, Object> doc, final Map<String, Object> row)
    {
        final List<Map<String, Object>> rows = (List<Map<String, Object>>)doc.get("rows");
        rows.removeIf(r -> ((Number)r.get("nodes")).intValue() == (Integer)row.get("nodes"));
        rows.add(row);
        rows.sort(Comparator.comparingInt(r -> ((Number)r.get("nodes")).intValue()));
    }

    /**
     * The sweep's conclusions: the largest N within the budget and the 10,000-node target.
     *
     * @param doc      the sweep document.
     * @param periodMs protocol period.
     */
    @SuppressWarnings("unchecked")
    static void summarize(final Map<String, Object> doc, final long periodMs)
    {
        Integer largest = null;
        Map<String, Object> target = null;
        for (final Map<String, Object> row : (List<Map<String, Object>>)doc.get("rows"))
        {
            final int n = ((Number)row.get("nodes")).intValue();
            if (Boolean.TRUE.equals(row.get("meets_budget")))
            {
                largest = null == largest ? n : Math.max(largest, n);
            }
            if (TARGET_NODES == n)
            {
                target = row;
            }
        }
        doc.put("largest_nodes_within_budget", largest);
        final Map<String, Object> t = new LinkedHashMap<>();
        t.put("nodes", TARGET_NODES);
        t.put("max_cpu_cores", TARGET_CORES);
        t.put("max_rss_bytes", TARGET_RSS_BYTES);
        if (null == target)
        {
            t.put("met", null);
        }
        else
        {
            final Number cores = (Number)target.get("cpu_cores");
            final Number rss = (Number)target.get("rss_bytes");
            t.put("met", Boolean.TRUE.equals(target.get("meets_budget")) && null != cores &&
                cores.doubleValue() < TARGET_CORES && null != rss && rss.longValue() < TARGET_RSS_BYTES);
        }
        doc.put("target", t);
    }

    /**
     * @param doc the sweep document.
     * @return the human table.
     */
    @SuppressWarnings("unchecked")
    static String table(final Map<String, Object> doc)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "starling density: period %s ms, duty-cycle p99 budget %s ms%n",
            doc.get("period_ms"), fmt(((Number)doc.get("duty_p99_budget_ns")).doubleValue() / 1e6)));
        sb.append(String.format(Locale.ROOT, "%8s %5s %8s %6s %10s %9s %9s %8s %9s %9s %9s %9s %9s %6s%n",
            "nodes", "conv", "conv s", "cores", "cpu us/n/s", "rss MiB", "rss KiB/n", "msg/n/s", "B/n/s",
            "duty p50", "p99", "p99.9", "max", "budget"));
        for (final Map<String, Object> row : (List<Map<String, Object>>)doc.get("rows"))
        {
            sb.append(String.format(Locale.ROOT, "%8d %5s %8s %6s %10s %9s %9s %8s %9s %9s %9s %9s %9s %6s%n",
                ((Number)row.get("nodes")).intValue(),
                null == row.get("converged") ? "n/a" : (Boolean.TRUE.equals(row.get("converged")) ? "yes" : "no"),
                scaled(row.get("converge_ms"), 1e3), fmt(row.get("cpu_cores")), fmt(row.get("cpu_us_per_node_s")),
                null != row.get("rss_bytes") ? scaled(row.get("rss_bytes"), 1 << 20) :
                    (null == row.get("rss_end_bytes") ? "n/a" : scaled(row.get("rss_end_bytes"), 1 << 20) + "*"),
                scaled(row.get("rss_per_node_bytes"), 1 << 10),
                fmt(row.get("messages_per_node_per_s")), fmt(row.get("bytes_per_node_per_s")),
                duration(row.get("duty_cycle_p50_ns")), duration(row.get("duty_cycle_p99_ns")),
                duration(row.get("duty_cycle_p999_ns")), duration(row.get("duty_cycle_window_max_ns")),
                Boolean.TRUE.equals(row.get("meets_budget")) ? "met" : "NOT"));
        }
        final Map<String, Object> target = (Map<String, Object>)doc.get("target");
        sb.append("(* RSS at the end of a run that never reached its steady-state window)\n");
        sb.append(String.format(Locale.ROOT,
            "largest N within the budget: %s; N = 10,000 under one core and 2 GiB: %s%n",
            null == doc.get("largest_nodes_within_budget") ? "none" : doc.get("largest_nodes_within_budget"),
            null == target || null == target.get("met") ? "not measured" :
                (Boolean.TRUE.equals(target.get("met")) ? "met" : "NOT met")));
        return sb.toString();
    }

    private static String fmtS(final double s)
    {
        return s == Math.rint(s) ? String.valueOf((long)s) : String.valueOf(s);
    }

    private static String fmt(final Object value)
    {
        if (!(value instanceof Number))
        {
            return "n/a";
        }
        final double v = ((Number)value).doubleValue();
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String scaled(final Object value, final double unit)
    {
        return value instanceof Number ? fmt(((Number)value).doubleValue() / unit) : "n/a";
    }

    private static String duration(final Object ns)
    {
        if (!(ns instanceof Number))
        {
            return "n/a";
        }
        final double v = ((Number)ns).doubleValue();
        return v >= 1e6 ? fmt(v / 1e6) + "ms" : fmt(v / 1e3) + "us";
    }
}

package io.starling.tools.stat;

import java.io.File;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.MetricsFile;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling stat}: map a running engine's metrics file (read only) and print its counters, grouped by their
 * owner (protocol, transport, replication, host), and its distinct error log, refreshed like {@code top}, the way
 * AeronStat reads a media driver.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = "Print a running engine's counters and error log, refreshed like top.")
public final class StatCommand implements Callable<Integer>
{
    /** Stands for the counters of no owner (another library's in the same file) in {@link #OWNER_TYPE_IDS}. */
    private static final int OTHER_TYPE_ID = Integer.MIN_VALUE;
    /** The order of the groups {@code starling stat} prints: by the owner of the counters. */
    private static final int[] OWNER_TYPE_IDS = {EngineCounters.PROTOCOL_TYPE_ID, EngineCounters.TRANSPORT_TYPE_ID,
        EngineCounters.REPLICATION_TYPE_ID, EngineCounters.HOST_TYPE_ID, OTHER_TYPE_ID};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pid", description = "Process id of the engine to read.")
    Long pid;

    @Option(names = "--dir", description = "Engine directory (or its metrics file) to read.")
    File dir;

    @Option(names = "--once", description = "Print once and exit (no refresh).")
    boolean once;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "Refresh interval (default ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--base-dir", description = "Where engine directories live (default /dev/shm or the temp dir).")
    File baseDir;

    @Option(names = "--serve", paramLabel = "HOST:PORT",
        description = "Serve the counters in the Prometheus text format on http://HOST:PORT/metrics until stopped: " +
            "the engine of --pid or --dir, else every engine under the base directory (one 'engine' label each).")
    String serve;

    public Integer call() throws Exception
    {
        if (null != pid && null != dir)
        {
            throw new IllegalArgumentException("--pid and --dir are exclusive");
        }
        if (intervalMs < 100)
        {
            throw new IllegalArgumentException("--interval-ms must be at least 100, got " + intervalMs);
        }
        if (null != serve)
        {
            return serve();
        }
        final File file = resolve();
        final PrintWriter out = spec.commandLine().getOut();
        while (true)
        {
            if (!file.exists())
            {
                out.println("starling stat: " + file + " is gone (the engine closed)");
                out.flush();
                return 0;
            }
            final String report;
            try (MetricsFile metrics = MetricsFile.mapExisting(file))
            {
                report = render(metrics, System.currentTimeMillis());
            }
            if (once)
            {
                out.print(report);
                out.flush();
                return 0;
            }
            out.print("\033[H\033[2J");
            out.print(report);
            out.flush();
            Thread.sleep(intervalMs);
        }
    }

    private int serve() throws Exception
    {
        final int colon = serve.lastIndexOf(':');
        final int port;
        try
        {
            port = Integer.parseInt(serve.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--serve must be HOST:PORT, got '" + serve + "'");
        }
        if (colon <= 0 || port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("--serve must be HOST:PORT with a port in [0, 65535], got '" + serve + "'");
        }
        final java.util.function.Supplier<List<File>> engines;
        if (null != pid || null != dir)
        {
            final File file = resolve();
            engines = () -> List.of(file);
        }
        else
        {
            final File base = null != baseDir ? baseDir : new File(StarlingEngine.Context.defaultBaseDirectory());
            engines = () -> findEngines(base, -1);
        }
        final PrometheusExporter exporter = new PrometheusExporter(engines);
        try
        {
            exporter.start(serve.substring(0, colon), port);
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            throw new IllegalArgumentException("--serve " + serve + ": cannot serve there (" + ex.getMessage() + ")");
        }
        try (exporter)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.println("starling stat: serving http://" + serve.substring(0, colon) + ":" + exporter.port() +
                "/metrics (Prometheus text format); Ctrl-C to stop");
            out.flush();
            Thread.currentThread().join();
        }
        return 0;
    }

    private File resolve()
    {
        return resolve(pid, dir, baseDir);
    }

    /**
     * Find the metrics file of one running engine from {@code --pid}, {@code --dir} or the only engine running.
     *
     * @param pid     process id, or null.
     * @param dir     engine directory or metrics file, or null.
     * @param baseDir where engine directories live, or null for the default.
     * @return the metrics file.
     * @throws IllegalArgumentException naming the flag when none or several match.
     */
    public static File resolve(final Long pid, final File dir, final File baseDir)
    {
        if (null != pid && null != dir)
        {
            throw new IllegalArgumentException("--pid and --dir are exclusive");
        }
        if (null != dir)
        {
            final File file = dir.isDirectory() ? new File(dir, MetricsFile.FILE_NAME) : dir;
            if (!file.isFile())
            {
                throw new IllegalArgumentException("--dir " + dir + " holds no " + MetricsFile.FILE_NAME);
            }
            return file;
        }
        final File base = null != baseDir ? baseDir : new File(StarlingEngine.Context.defaultBaseDirectory());
        final List<File> found = findEngines(base, null == pid ? -1 : pid);
        if (found.isEmpty())
        {
            throw new IllegalArgumentException(null != pid ?
                "--pid " + pid + ": no engine directory of that process under " + base :
                "no running engine found under " + base + "; use --pid or --dir");
        }
        if (found.size() > 1)
        {
            final StringBuilder sb = new StringBuilder(null != pid ? "--pid " + pid + " matches " : "found ")
                .append(found.size()).append(" engines, choose one with --dir:");
            found.forEach((f) -> sb.append(' ').append(f.getParentFile()));
            throw new IllegalArgumentException(sb.toString());
        }
        return found.get(0);
    }

    /**
     * @param base directory holding engine directories.
     * @param pid  process to match, or -1 for any.
     * @return metrics files of engine directories found.
     */
    public static List<File> findEngines(final File base, final long pid)
    {
        final List<File> found = new ArrayList<>();
        final File[] children = base.listFiles((d, name) -> name.startsWith("starling-"));
        if (null != children)
        {
            for (final File child : children)
            {
                final long childPid = StarlingEngine.Context.pidOf(child.getName());
                final File metrics = new File(child, MetricsFile.FILE_NAME);
                if (childPid > 0 && (pid < 0 || pid == childPid) && metrics.isFile())
                {
                    found.add(metrics);
                }
            }
        }
        return found;
    }

    /**
     * Render counters and the error log.
     *
     * @param metrics mapped metrics file.
     * @param nowMs   wall clock, for ages.
     * @return the text.
     */
    public static String render(final MetricsFile metrics, final long nowMs)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("starling stat: ").append(metrics.file()).append('\n')
            .append("pid ").append(metrics.pid())
            .append("  layout v").append(metrics.layoutVersion())
            .append("  up ").append(String.format("%.1f s", (nowMs - metrics.startTimestampMs()) / 1000.0))
            .append("  heartbeat ").append(nowMs - metrics.heartbeatMs()).append(" ms ago\n");

        final CountersReader counters = metrics.countersReader();
        for (final int typeId : OWNER_TYPE_IDS)
        {
            final String owner = null != EngineCounters.owner(typeId) ? EngineCounters.owner(typeId) : "other";
            final StringBuilder lines = new StringBuilder();
            counters.forEach((value, counterId, label) ->
            {
                final int type = counters.getCounterTypeId(counterId);
                if (type == typeId || (OTHER_TYPE_ID == typeId && null == EngineCounters.owner(type)))
                {
                    lines.append(String.format("%4d %-11s %-34s %,20d%n", counterId, owner, label, value));
                }
            });
            if (lines.length() > 0)
            {
                sb.append(owner).append('\n').append(lines);
            }
        }

        final StringBuilder errors = new StringBuilder();
        final int distinct = ErrorLogReader.read(metrics.errorLogBuffer(),
            (count, firstMs, lastMs, text) -> errors.append(String.format("%d observations, first %s, last %s:%n%s%n",
                count, Instant.ofEpochMilli(firstMs), Instant.ofEpochMilli(lastMs), text)));
        sb.append(distinct).append(" distinct errors\n").append(errors);
        return sb.toString();
    }
}

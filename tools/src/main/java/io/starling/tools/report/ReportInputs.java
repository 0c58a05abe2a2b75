package io.starling.tools.report;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The result files a report is made of, sorted by kind:
 * <ul>
 *     <li>latency distributions: {@code .hgrm} files, each with the JSON summary of the same base name if present
 *     (its {@code group} field decides which curves share a plot);</li>
 *     <li>latency summaries: JSON with {@code p50_us ... max_us} (the scenario harness's), with or without a
 *     histogram;</li>
 *     <li>simulator runs: JSON objects with {@code nodes} and at least one {@code *_theory} field
 *     ({@code starling sim --json});</li>
 *     <li>JMH results: JSON arrays written by {@code -rf json};</li>
 *     <li>density sweeps: {@code starling density --json} ({@code kind: density_sweep});</li>
 *     <li>detection trade-offs: {@code starling sim --sweep detection --json} ({@code kind: detection_tradeoff});</li>
 *     <li>open-loop summaries of the scenario harness ({@code kind: aeron_open_loop_summary}): latency by rate;</li>
 *     <li>distributions of propagation and detection times: {@code .hgrm} whose JSON summary has
 *     {@code "kind": "distribution"} (milliseconds), kept apart from latencies;</li>
 *     <li>propagation runs: {@code starling sim} or {@code starling emulate} JSON with a {@code propagation} object
 *     holding the fraction informed by gossip round (a sim run is also a simulator run);</li>
 *     <li>real-time runs under a link schedule: {@code starling emulate --schedule --json}.</li>
 * </ul>
 * A directory stands for the .hgrm and .json files in it. A file named on the command line that is none of
 * these is an error; one found in a directory is skipped with a warning.
 */
public final class ReportInputs
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A latency distribution and its summary.
     *
     * @param curve   the distribution.
     * @param summary the JSON summary beside it, or null.
     * @param group   plots are per group.
     * @param file    the .hgrm file.
     */
    public record Latency(PercentileCurve curve, JsonNode summary, String group, File file)
    {
    }

    /**
     * A JSON document and the file it came from.
     *
     * @param name base name of the file.
     * @param json the document.
     * @param file the file.
     */
    public record Doc(String name, JsonNode json, File file)
    {
    }

    private final List<Latency> latencies = new ArrayList<>();
    private final List<Doc> summaries = new ArrayList<>();
    private final List<Doc> simRuns = new ArrayList<>();
    private final List<Doc> scheduleEmulations = new ArrayList<>();
    private final List<Doc> jmhRuns = new ArrayList<>();
    private final List<Doc> densitySweeps = new ArrayList<>();
    private final List<Doc> detectionSweeps = new ArrayList<>();
    private final List<Doc> openLoopSummaries = new ArrayList<>();
    private final List<Latency> distributions = new ArrayList<>();
    private final List<Doc> propagationRuns = new ArrayList<>();
    private final List<File> used = new ArrayList<>();
    private final Set<File> hgrmAdded = new LinkedHashSet<>();

    private ReportInputs()
    {
    }

    /**
     * Load and sort the inputs.
     *
     * @param paths files and directories.
     * @param warn  where skipped files are reported.
     * @return the inputs.
     * @throws IllegalArgumentException naming the path when a path is missing or a named file is not a result.
     */
    public static ReportInputs load(final List<File> paths, final PrintWriter warn)
    {
        final ReportInputs inputs = new ReportInputs();
        final Map<File, Boolean> files = new LinkedHashMap<>();
        for (final File path : paths)
        {
            if (path.isDirectory())
            {
                final File[] children = path.listFiles(
                    (dir, name) -> name.endsWith(".hgrm") || name.endsWith(".json"));
                if (null != children)
                {
                    Arrays.sort(children);
                    for (final File child : children)
                    {
                        files.putIfAbsent(child.getAbsoluteFile(), false);
                    }
                }
            }
            else if (path.isFile())
            {
                files.put(path.getAbsoluteFile(), true);
            }
            else
            {
                throw new IllegalArgumentException("RESULTS: no such file or directory: " + path);
            }
        }

        final Set<File> sidecars = new LinkedHashSet<>();
        for (final File file : files.keySet())
        {
            if (file.getName().endsWith(".hgrm"))
            {
                final File json = sibling(file, ".json");
                sidecars.add(json);
                inputs.addHgrm(file, json.isFile() ? readJson(json) : null);
            }
        }
        for (final Map.Entry<File, Boolean> e : files.entrySet())
        {
            final File file = e.getKey();
            if (file.getName().endsWith(".hgrm"))
            {
                continue;
            }
            final JsonNode json = readJson(file);
            if (sidecars.contains(file))
            {
                continue;
            }
            if (!inputs.addJson(file, json))
            {
                final String why = file + ": not a Starling result (no JMH benchmarks, latency percentiles, " +
                    "simulator fields with *_theory, or density sweep)";
                if (e.getValue())
                {
                    throw new IllegalArgumentException(why);
                }
                warn.println("report: skipping " + why);
            }
        }
        if (inputs.used.isEmpty())
        {
            throw new IllegalArgumentException("RESULTS: no results found in " + paths);
        }
        return inputs;
    }

    private void addHgrm(final File file, final JsonNode summary)
    {
        if (!hgrmAdded.add(file.getAbsoluteFile()))
        {
            return;
        }
        final String name = baseName(file);
        final PercentileCurve curve = HgrmParser.parse(file.toPath(), name);
        final String group = null != summary && summary.hasNonNull("group") ? summary.get("group").asText() :
            "latency";
        if (null != summary && "distribution".equals(summary.path("kind").asText()))
        {
            distributions.add(new Latency(curve, summary, group, file));
            used.add(file);
            return;
        }
        latencies.add(new Latency(curve, summary, group, file));
        used.add(file);
    }

    private boolean addJson(final File file, final JsonNode json)
    {
        final String name = baseName(file);
        if (json.isArray())
        {
            if (json.size() > 0 && json.get(0).has("benchmark") && json.get(0).has("primaryMetric"))
            {
                jmhRuns.add(new Doc(name, json, file));
                used.add(file);
                return true;
            }
            return false;
        }
        if (!json.isObject())
        {
            return false;
        }
        if (DensityCharts.isSweep(json))
        {
            densitySweeps.add(new Doc(name, json, file));
            used.add(file);
            return true;
        }
        if (DetectionTradeoffCharts.isSweep(json))
        {
            detectionSweeps.add(new Doc(name, json, file));
            used.add(file);
            return true;
        }
        if ("distribution".equals(json.path("kind").asText()))
        {
            final File hgrm = new File(file.getParentFile(), json.path("histogram_file").asText(""));
            if (!hgrm.isFile())
            {
                throw new IllegalArgumentException(file + ": histogram_file " + hgrm.getName() + " not found");
            }
            addHgrm(hgrm, json);
            return true;
        }
        final boolean propagation = json.path("propagation").path("informed_fraction_by_round").isArray();
        if (propagation)
        {
            propagationRuns.add(new Doc(name, json, file));
            used.add(file);
            // Real time, and the simulator on unsynchronised timers, are not simulator runs of the kind whose
            // fields are plotted against cluster size beside (synchronous-round) theory.
            if (!"sim".equals(json.path("propagation").path("source").asText()) ||
                json.path("start_jitter_ms").asDouble(0) > 0)
            {
                return true;
            }
        }
        if ("aeron_rtt_ratio".equals(json.path("kind").asText()))
        {
            used.add(file);
            return true;
        }
        if ("aeron_open_loop_summary".equals(json.path("kind").asText()) && json.path("rows").isArray())
        {
            openLoopSummaries.add(new Doc(name, json, file));
            used.add(file);
            return true;
        }
        if (json.has("p50_us") && json.has("max_us"))
        {
            final String hgrmName = json.path("histogram_file").asText("");
            final File hgrm = hgrmName.isEmpty() ? null : new File(file.getParentFile(), hgrmName);
            if (null != hgrm && hgrm.isFile())
            {
                addHgrm(hgrm, json);
            }
            else
            {
                summaries.add(new Doc(name, json, file));
                used.add(file);
            }
            return true;
        }
        if (json.has("nodes") && json.has("schedule_file") && json.has("converge_fraction") && !propagation)
        {
            scheduleEmulations.add(new Doc(name, json, file));
            used.add(file);
            return true;
        }
        if (json.has("nodes") && hasTheoryField(json))
        {
            simRuns.add(new Doc(name, json, file));
            if (!propagation)
            {
                used.add(file);
            }
            return true;
        }
        return propagation;
    }

    private static boolean hasTheoryField(final JsonNode json)
    {
        for (final Iterator<String> it = json.fieldNames(); it.hasNext(); )
        {
            if (it.next().endsWith("_theory"))
            {
                return true;
            }
        }
        return false;
    }

    private static JsonNode readJson(final File file)
    {
        try
        {
            return JSON.readTree(file);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException(file + ": not valid JSON (line " +
                (null == ex.getLocation() ? "?" : ex.getLocation().getLineNr()) + ")");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(file + ": cannot read (" + ex.getMessage() + ")");
        }
    }

    private static File sibling(final File file, final String extension)
    {
        return new File(file.getParentFile(), baseName(file) + extension);
    }

    static String baseName(final File file)
    {
        final String name = file.getName();
        final int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * @param array a JSON array of numbers.
     * @return its values.
     */
    static double[] numbers(final JsonNode array)
    {
        final double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /**
     * @return latency distributions, in input order.
     */
    public List<Latency> latencies()
    {
        return latencies;
    }

    /**
     * @return latency summaries that have no histogram.
     */
    public List<Doc> summaries()
    {
        return summaries;
    }

    /**
     * @return simulator runs.
     */
    public List<Doc> simRuns()
    {
        return simRuns;
    }

    /**
     * @return {@code starling emulate --schedule} runs (real time under a link schedule).
     */
    public List<Doc> scheduleEmulations()
    {
        return scheduleEmulations;
    }

    /**
     * @return JMH result files.
     */
    public List<Doc> jmhRuns()
    {
        return jmhRuns;
    }

    /**
     * @return open-loop summaries ({@code aeron-openloop-summary-SUBJECT-PRESET.json}): latency by offered rate.
     */
    public List<Doc> openLoopSummaries()
    {
        return openLoopSummaries;
    }

    /**
     * @return detection trade-off sweeps ({@code starling sim --sweep detection}).
     */
    public List<Doc> detectionSweeps()
    {
        return detectionSweeps;
    }

    /**
     * @return density sweeps.
     */
    public List<Doc> densitySweeps()
    {
        return densitySweeps;
    }

    /**
     * @return distributions of propagation and detection times (milliseconds), in input order.
     */
    public List<Latency> distributions()
    {
        return distributions;
    }

    /**
     * @return sim and emulate runs with a propagation convergence curve.
     */
    public List<Doc> propagationRuns()
    {
        return propagationRuns;
    }

    /**
     * @return every file that went into the report.
     */
    public List<File> used()
    {
        return used;
    }

    /**
     * @return paths of the files that went into the report.
     */
    public List<Path> usedPaths()
    {
        final List<Path> paths = new ArrayList<>();
        for (final File f : used)
        {
            paths.add(f.toPath());
        }
        return paths;
    }
}

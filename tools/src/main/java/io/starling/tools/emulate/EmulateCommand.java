package io.starling.tools.emulate;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.tools.StarlingMain;
import org.HdrHistogram.Histogram;
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

    private static final long POLL_MS = 250;
    private static final long NOT_SET = -1;

    /**
     * @return exit code: 0, or {@link StarlingMain#EXIT_FAILURE} when the run failed its criteria.
     * @throws IOException if the JSON file cannot be written.
     */
    public Integer call() throws IOException
    {
        final EmulateOptions.Settings settings = options.settings();
        final PropagationPhase.Settings propagation = options.propagationSettings();
        final ClusterPlan plan = options.plan(settings);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Emulation emulation = new Emulation(settings, plan, new Progress(err, settings.progress()), err);
        emulation.propagation(propagation);
        final Map<String, Object> result = emulation.run();

        out.print(summary(result));
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

    /**
     * One run: the phases, the measurements and the result document.
     */
    static final class Emulation
    {
        private final EmulateOptions.Settings settings;
        private final ClusterPlan plan;
        private final Progress progress;
        private final PrintWriter err;
        private final List<HostHandle> hosts = new ArrayList<>();
        private final List<String> directories = new ArrayList<>();
        private final Map<String, Object> r = new LinkedHashMap<>();
        private final Timeline timeline = new Timeline();
        private final long periodNs;
        private long wallStartNs;
        private long launchNs = NOT_SET;
        private long convergedNs = NOT_SET;
        private long converge99Ns = NOT_SET;
        private HostStatus[] atConverge;
        private HostStatus[] windowStart;
        private HostStatus[] windowEnd;
        private long coordinatorCpuStartNs;
        private long coordinatorCpuEndNs;
        private final long[] killNsByHost;
        private PropagationPhase.Settings propagationSettings;
        private PropagationPhase propagation;
        private String failure;

        Emulation(final EmulateOptions.Settings settings, final ClusterPlan plan, final Progress progress, final PrintWriter err)
        {
            this.settings = settings;
            this.plan = plan;
            this.progress = progress;
            this.err = err;
            this.periodNs = TimeUnit.MILLISECONDS.toNanos(settings.periodMs());
            this.killNsByHost = new long[plan.hosts().length];
            Arrays.fill(killNsByHost, NOT_SET);
        }

        /**
         * @param settings propagation to measure after the steady-state window (null or 0 updates: none).
         */
        void propagation(final PropagationPhase.Settings settings)
        {
            propagationSettings = settings;
        }

        Map<String, Object> run()
        {
            wallStartNs = System.nanoTime();
            final Thread hook = new Thread(this::emergencyStop, "starling-emulate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try
            {
                launch();
                converge();
                if (null == failure)
                {
                    settle();
                }
                if (null == failure && settings.kill() > 0)
                {
                    killAndDetect();
                }
                if (null == failure)
                {
                    steadyWindow();
                }
                if (null == failure && null != propagationSettings && propagationSettings.updates() > 0)
                {
                    propagation = new PropagationPhase(propagationSettings, settings.seed(), settings.nodes(),
                        settings.periodMs());
                    propagation.run(((InProcessHost)hosts.get(0)).host(), progress);
                }
            }
            catch (final RuntimeException ex)
            {
                failure = EmulateChild.oneLine(ex);
            }
            finally
            {
                progress.done();
                shutdown();
                try
                {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                catch (final IllegalStateException ignore)
                {
                    // Shutting down: the hook runs.
                }
            }
            results();
            return r;
        }

        /**
         * One row a second of the cluster's aggregate, for convergence curves and for seeing what a run went through.
         */
        final class Timeline
        {
            static final long INTERVAL_NS = 1_000_000_000L;

            final List<String> columns = List.of("t_ms", "alive_pairs", "dead_pairs", "false_suspicions",
                "false_deaths", "messages_sent", "bytes_sent", "drops_back_pressure", "drops_not_connected",
                "drops_other", "duty_cycle_max_ns", "cpu_ms", "gc_ms", "rss_bytes");
            final List<List<Number>> rows = new ArrayList<>();
            long nextNs;
            long dutyMaxNs;

            void sample(final HostStatus[] s)
            {
                long now = 0;
                for (final HostStatus h : s)
                {
                    dutyMaxNs = Math.max(dutyMaxNs, h.dutyCycleIntervalMaxNs);
                    now = Math.max(now, h.nowNs);
                }
                if (NOT_SET == launchNs || now - nextNs < 0)
                {
                    return;
                }
                nextNs = now + INTERVAL_NS - INTERVAL_NS / 8;
                long alive = 0;
                long dead = 0;
                long suspicions = 0;
                long deaths = 0;
                long messages = 0;
                long bytes = 0;
                long backPressure = 0;
                long notConnected = 0;
                long otherDrops = 0;
                long cpuNs = 0;
                long gcMs = 0;
                long rss = 0;
                for (final HostStatus h : s)
                {
                    cpuNs += h.cpuNs;
                    gcMs += h.gcTimeMs;
                    rss += h.rssBytes;
                    for (final HostStatus.EngineView v : views(h))
                    {
                        alive += v.alivePairs;
                        suspicions += v.falseSuspicions;
                        deaths += v.falseDeaths;
                        messages += v.messagesSent;
                        bytes += v.bytesSent;
                        final long bp = v.dropsByReason.getOrDefault("back_pressure", 0L);
                        final long nc = v.dropsByReason.getOrDefault("not_connected", 0L);
                        backPressure += bp;
                        notConnected += nc;
                        otherDrops += v.drops - bp - nc;
                        if (!v.victimObservers)
                        {
                            for (final long d : v.deadObservers)
                            {
                                dead += d;
                            }
                        }
                    }
                }
                rows.add(List.of(Math.round(millis(now - launchNs)), alive, dead, suspicions, deaths, messages,
                    bytes, backPressure, notConnected, otherDrops, dutyMaxNs, Math.round(cpuNs / 1e6), gcMs, rss));
                dutyMaxNs = 0;
            }

            Map<String, Object> document()
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("columns", columns);
                m.put("rows", rows);
                return m;
            }
        }

        private void launch()
        {
            final HostPlan[] plans = plan.hosts();
            if (1 == plans.length)
            {
                final InProcessHost host = new InProcessHost(plans[0]);
                hosts.add(host);
                launchNs = host.start();
                return;
            }
            for (final HostPlan p : plans)
            {
                progress.update("launching", hosts.size() / (double)plans.length,
                    "child JVMs " + hosts.size() + "/" + plans.length, seconds(System.nanoTime() - wallStartNs));
                hosts.add(ChildHost.launch(p, settings.jvmOptions(), err, settings.replyTimeoutMs()));
            }
            final long[] starts = new long[hosts.size()];
            final RuntimeException[] errors = new RuntimeException[hosts.size()];
            final Thread[] threads = new Thread[hosts.size()];
            for (int i = 0; i < threads.length; i++)
            {
                final int h = i;
                threads[i] = new Thread(() ->
                {
                    try
                    {
                        starts[h] = hosts.get(h).start();
                    }
                    catch (final RuntimeException ex)
                    {
                        errors[h] = ex;
                    }
                }, "emulate-start-" + i);
                threads[i].start();
            }
            for (final Thread t : threads)
            {
                joinQuietly(t);
            }
            for (final RuntimeException ex : errors)
            {
                if (null != ex)
                {
                    throw ex;
                }
            }
            launchNs = Arrays.stream(starts).min().orElseThrow();
        }

        private HostStatus[] statuses(final boolean resetWindow)
        {
            return statuses(resetWindow, false);
        }

        private HostStatus[] statuses(final boolean resetWindow, final boolean diagnose)
        {
            final HostStatus[] s = new HostStatus[hosts.size()];
            for (int i = 0; i < s.length; i++)
            {
                s[i] = hosts.get(i).status(resetWindow, diagnose);
                for (final String dir : s[i].directories)
                {
                    if (!directories.contains(dir))
                    {
                        directories.add(dir);
                    }
                }
            }
            timeline.sample(s);
            return s;
        }

        private void converge()
        {
            final long target = (long)settings.nodes() * (settings.nodes() - 1);
            final long deadlineNs = launchNs + nanos(settings.convergeTimeoutS());
            while (true)
            {
                final HostStatus[] s = statuses(false);
                long alive = 0;
                long targetSum = 0;
                long since = 0;
                for (final HostStatus h : s)
                {
                    for (final HostStatus.EngineView v : views(h))
                    {
                        alive += v.alivePairs;
                        targetSum += v.targetPairs;
                        since = NOT_SET == since || NOT_SET == v.completeSinceNs ? NOT_SET :
                            Math.max(since, v.completeSinceNs);
                    }
                }
                if (targetSum != target)
                {
                    throw new IllegalStateException("hosts track " + targetSum + " pairs, expected " + target);
                }
                final long nowNs = System.nanoTime();
                progress.update("converging", alive / (double)target,
                    String.format(Locale.ROOT, "alive pairs %,d/%,d", alive, target), seconds(nowNs - launchNs));
                if (NOT_SET == since && settings.convergeFraction() < 1 && alive >= settings.convergeFraction() * target)
                {
                    since = nowNs;
                }
                if (NOT_SET != since)
                {
                    convergedNs = Math.max(since, launchNs);
                    atConverge = s;
                    return;
                }
                if (NOT_SET == converge99Ns && alive >= 0.99 * target)
                {
                    converge99Ns = nowNs;
                }
                if (nowNs - deadlineNs >= 0)
                {
                    atConverge = statuses(false, true);
                    r.put("missing", missing(atConverge));
                    failure = String.format(Locale.ROOT, "did not converge within %.1f s: alive pairs %,d of %,d " +
                        "(%s)", settings.convergeTimeoutS(), alive, target, describeMissing(r.get("missing")));
                    return;
                }
                sleep(POLL_MS);
            }
        }

        private void settle()
        {
            final long startNs = System.nanoTime();
            final long endNs = startNs + nanos(settings.warmupS());
            while (System.nanoTime() - endNs < 0)
            {
                statuses(false);
                final long nowNs = System.nanoTime();
                progress.update("settling", (nowNs - startNs) / (double)(endNs - startNs), "",
                    seconds(nowNs - startNs));
                sleep(Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNs - nowNs))));
            }
        }

        private void killAndDetect()
        {
            // Hosts without victims first: from then on SUSPECT/DEAD about a victim counts as a detection there.
            for (final HostHandle host : hosts)
            {
                if (0 == plan.hosts()[host.index()].victimIds.length)
                {
                    killNsByHost[host.index()] = host.kill();
                }
            }
            for (final HostHandle host : hosts)
            {
                if (plan.hosts()[host.index()].victimIds.length > 0)
                {
                    killNsByHost[host.index()] = host.kill();
                }
            }
            final long killNs = Arrays.stream(killNsByHost).max().orElseThrow();
            final long deadlineNs = killNs + nanos(settings.detectTimeoutS());
            final long liveObservers = settings.nodes() - settings.kill();
            final long targetPairs = liveObservers * settings.kill();
            while (true)
            {
                final HostStatus[] s = statuses(false);
                long deadPairs = 0;
                for (final HostStatus h : s)
                {
                    for (final long d : h.main.deadObservers)
                    {
                        deadPairs += d;
                    }
                }
                final long nowNs = System.nanoTime();
                progress.update("detecting", deadPairs / (double)targetPairs,
                    String.format(Locale.ROOT, "dead pairs %,d/%,d", deadPairs, targetPairs), seconds(nowNs - killNs));
                if (allDetected(s))
                {
                    return;
                }
                if (nowNs - deadlineNs >= 0)
                {
                    failure = String.format(Locale.ROOT,
                        "kills not detected by every live node within %.1f s: %,d of %,d (live node, killed node) " +
                        "pairs DEAD", settings.detectTimeoutS(), deadPairs, targetPairs);
                    windowEnd = s;
                    return;
                }
                sleep(POLL_MS);
            }
        }

        private static boolean allDetected(final HostStatus[] s)
        {
            for (final HostStatus h : s)
            {
                if (h.main.observers > 0)
                {
                    for (final long allDead : h.main.allDeadNs)
                    {
                        if (NOT_SET == allDead)
                        {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        private void steadyWindow()
        {
            coordinatorCpuStartNs = ProcStats.processCpuNs();
            windowStart = statuses(true);
            final long startNs = System.nanoTime();
            final long endNs = startNs + nanos(settings.durationS());
            while (System.nanoTime() - endNs < 0)
            {
                sleep(Math.min(1000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNs - System.nanoTime()))));
                final long nowNs = System.nanoTime();
                if (nowNs - endNs < 0)
                {
                    statuses(false);
                    progress.update("measuring", (nowNs - startNs) / (double)(endNs - startNs), "steady state",
                        seconds(nowNs - startNs));
                }
            }
            windowEnd = statuses(false);
            coordinatorCpuEndNs = ProcStats.processCpuNs();
        }

        private void shutdown()
        {
            final List<String> problems = new ArrayList<>();
            for (final HostHandle host : hosts)
            {
                final String problem = host.stop();
                if (null != problem)
                {
                    problems.add(problem);
                }
            }
            final List<String> left = new ArrayList<>();
            for (final String dir : directories)
            {
                if (new File(dir).exists())
                {
                    left.add(dir);
                    org.agrona.IoUtil.delete(new File(dir), true);
                }
            }
            if (!left.isEmpty())
            {
                problems.add("left " + left + " behind (removed)");
            }
            r.put("clean_shutdown", problems.isEmpty());
            r.put("engine_directories", new ArrayList<>(directories));
            r.put("shutdown_problems", problems);
            if (!problems.isEmpty() && null == failure)
            {
                failure = "unclean shutdown: " + String.join("; ", problems);
            }
        }

        private void emergencyStop()
        {
            for (final HostHandle host : hosts)
            {
                if (host instanceof ChildHost)
                {
                    ((ChildHost)host).destroy();
                }
                else
                {
                    host.close();
                }
            }
            for (final HostHandle host : hosts)
            {
                if (host instanceof ChildHost)
                {
                    ((ChildHost)host).awaitExit(10_000);
                }
            }
        }

        private void results()
        {
            final Map<String, Object> head = new LinkedHashMap<>();
            head.put("nodes", settings.nodes());
            head.put("processes", settings.processes());
            head.put("period_ms", settings.periodMs());
            head.put("loss", settings.loss());
            head.put("kill", settings.kill());
            head.put("duration_s", settings.durationS());
            head.put("seed", settings.seed());
            head.put("encrypted", null != plan.hosts()[0].keyringFile);
            head.put("ok", null == failure);
            head.put("failure", failure);
            head.putAll(r);
            r.clear();
            r.putAll(head);

            r.put("wall_ms", millis(System.nanoTime() - wallStartNs));
            r.put("converged", NOT_SET != convergedNs);
            r.put("converge_ms", NOT_SET == convergedNs ? null : millis(convergedNs - launchNs));
            r.put("converge_periods", NOT_SET == convergedNs ? null : (convergedNs - launchNs) / (double)periodNs);
            r.put("converge_99_ms", NOT_SET == converge99Ns ? null : millis(converge99Ns - launchNs));
            detection();
            try
            {
                PropagationPhase.detection(r, last(), plan, killNsByHost, settings.kill(), settings.periodMs(),
                    null == propagationSettings ? null : propagationSettings.hgrmPrefix());
                if (null != propagation)
                {
                    propagation.results(r);
                }
            }
            catch (final IOException ex)
            {
                failure = null == failure ? "cannot write the distributions: " + ex.getMessage() : failure;
                r.put("ok", false);
                r.put("failure", failure);
            }
            falseAlarms();
            window();
            // Detection and false alarms can fail the run: the verdict at the top is only known now.
            r.put("ok", null == failure);
            r.put("failure", failure);
            r.put("hosts", hostsDocument());
            r.put("timeline", timeline.document());
            r.put("victims", plan.victims());
            r.put("jvm", Map.of(
                "version", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "coordinator_args", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "child_args", settings.processes() > 1 ? settings.jvmOptions() : List.of()));
            r.put("cpus", Runtime.getRuntime().availableProcessors());
            r.put("converge_fraction", settings.convergeFraction());
        }

        private HostStatus[] last()
        {
            return null != windowEnd ? windowEnd : atConverge;
        }

        private void detection()
        {
            final HostStatus[] s = last();
            final int k = settings.kill();
            if (0 == k || null == s || Arrays.stream(killNsByHost).allMatch((v) -> NOT_SET == v))
            {
                r.put("detect_first_ms", null);
                r.put("detect_first_max_ms", null);
                r.put("detect_all_ms", null);
                r.put("detect_all_mean_ms", null);
                r.put("detect_first_periods", null);
                r.put("detect_all_periods", null);
                r.put("undetected", k);
                return;
            }
            double firstSum = 0;
            double firstMax = 0;
            double allSum = 0;
            double allMax = 0;
            int detected = 0;
            int allDetected = 0;
            for (int v = 0; v < k; v++)
            {
                final long killNs = killNsByHost[plan.hostOfVictim(v)];
                long first = NOT_SET;
                long all = 0;
                for (final HostStatus h : s)
                {
                    if (null == h.main || 0 == h.main.observers)
                    {
                        continue;
                    }
                    final long f = h.main.firstDetectNs[v];
                    if (NOT_SET != f)
                    {
                        first = NOT_SET == first ? f : Math.min(first, f);
                    }
                    final long a = h.main.allDeadNs[v];
                    all = NOT_SET == all || NOT_SET == a ? NOT_SET : Math.max(all, a);
                }
                if (NOT_SET != first)
                {
                    detected++;
                    final double ms = Math.max(0, first - killNs) / 1e6;
                    firstSum += ms;
                    firstMax = Math.max(firstMax, ms);
                }
                if (NOT_SET != all)
                {
                    allDetected++;
                    final double ms = Math.max(0, all - killNs) / 1e6;
                    allSum += ms;
                    allMax = Math.max(allMax, ms);
                }
            }
            final double periodMs = settings.periodMs();
            r.put("detect_first_ms", detected > 0 ? firstSum / detected : null);
            r.put("detect_first_max_ms", detected > 0 ? firstMax : null);
            r.put("detect_all_ms", allDetected == k ? allMax : null);
            r.put("detect_all_mean_ms", allDetected > 0 ? allSum / allDetected : null);
            r.put("detect_first_periods", detected > 0 ? firstSum / detected / periodMs : null);
            r.put("detect_all_periods", allDetected == k ? allMax / periodMs : null);
            r.put("undetected", k - allDetected);
        }

        private void falseAlarms()
        {
            final HostStatus[] s = last();
            final TreeSet<Integer> falsePositives = new TreeSet<>();
            long falseDeaths = 0;
            long falseSuspicions = 0;
            long refutations = 0;
            long unknown = 0;
            long errors = 0;
            long rejoins = 0;
            final Map<String, Long> drops = new java.util.TreeMap<>();
            if (null != s)
            {
                for (final HostStatus h : s)
                {
                    rejoins += h.rejoins;
                    for (final HostStatus.EngineView v : views(h))
                    {
                        for (final int id : v.falsePositiveIds)
                        {
                            falsePositives.add(id);
                        }
                        falseDeaths += v.falseDeaths;
                        falseSuspicions += v.falseSuspicions;
                        refutations += v.refutations;
                        unknown += v.unknownEvents;
                        v.dropsByReason.forEach((reason, value) -> drops.merge(reason, value, Long::sum));
                        errors += v.errors;
                    }
                }
            }
            long suspicionsAtConverge = 0;
            if (null != atConverge)
            {
                for (final HostStatus h : atConverge)
                {
                    for (final HostStatus.EngineView v : views(h))
                    {
                        suspicionsAtConverge += v.falseSuspicions;
                    }
                }
            }
            r.put("false_positives", falsePositives.size());
            r.put("false_positive_ids", new ArrayList<>(falsePositives));
            r.put("false_positive_events", falseDeaths);
            r.put("false_suspicions", falseSuspicions);
            r.put("false_suspicions_after_converge", falseSuspicions - suspicionsAtConverge);
            r.put("refutations", refutations);
            r.put("unknown_member_events", unknown);
            r.put("errors", errors);
            r.put("rejoin", settings.rejoin());
            r.put("rejoins", rejoins);
            r.put("drops_by_reason", drops);
            if (null == failure && falsePositives.size() > settings.maxFalsePositives())
            {
                failure = falsePositives.size() + " healthy nodes were declared dead (allowed " +
                    settings.maxFalsePositives() + "): " + abbreviate(falsePositives);
            }
        }

        private void window()
        {
            if (null == windowStart || null == windowEnd || windowStart == windowEnd)
            {
                for (final String key : List.of("window_s", "messages_per_node_per_s", "bytes_per_node_per_s",
                    "frames_per_node_per_s", "cpu_cores", "agent_cpu_cores", "rss_bytes", "rss_peak_bytes",
                    "duty_cycle_p50_ns", "duty_cycle_p99_ns", "duty_cycle_p999_ns", "duty_cycle_window_max_ns"))
                {
                    r.put(key, null);
                }
                final HostStatus[] s = last();
                r.put("duty_cycle_max_ns", null == s ? null : maxDutyCycle(s));
                r.put("probe_rtt_us", null == s ? null : rtt(s));
                return;
            }
            final int live = settings.nodes() - settings.kill();
            double windowS = 0;
            double messages = 0;
            double bytes = 0;
            double frames = 0;
            double received = 0;
            double drops = 0;
            double cpuCores = 0;
            double agentCores = 0;
            long rss = 0;
            long rssPeak = 0;
            long heap = 0;
            long gcCount = 0;
            long gcTimeMs = 0;
            final Histogram duty = new Histogram(DutyCycleRunner.HIGHEST_NS, 3);
            for (int i = 0; i < windowEnd.length; i++)
            {
                final HostStatus a = windowStart[i];
                final HostStatus b = windowEnd[i];
                final double s = (b.nowNs - a.nowNs) / 1e9;
                windowS = Math.max(windowS, s);
                messages += (b.main.messagesSent - a.main.messagesSent) / s;
                bytes += (b.main.bytesSent - a.main.bytesSent) / s;
                frames += (b.main.framesSent - a.main.framesSent) / s;
                received += (b.main.messagesReceived - a.main.messagesReceived) / s;
                drops += (b.main.drops - a.main.drops) / s;
                cpuCores += (b.cpuNs - a.cpuNs) / 1e9 / s;
                agentCores += (b.agentCpuNs - a.agentCpuNs) / 1e9 / s;
                rss += b.rssBytes;
                rssPeak += b.rssPeakBytes;
                heap += b.heapUsedBytes;
                gcCount += b.gcCount - a.gcCount;
                gcTimeMs += b.gcTimeMs - a.gcTimeMs;
                duty.add(EmulateHost.decode(b.dutyCycles));
            }
            r.put("window_s", windowS);
            r.put("messages_per_node_per_s", messages / live);
            r.put("bytes_per_node_per_s", bytes / live);
            r.put("frames_per_node_per_s", frames / live);
            r.put("messages_received_per_node_per_s", received / live);
            r.put("drops_per_node_per_s", drops / live);
            r.put("cpu_cores", cpuCores);
            r.put("agent_cpu_cores", agentCores);
            r.put("coordinator_cpu_cores", settings.processes() > 1 && windowS > 0 ?
                (coordinatorCpuEndNs - coordinatorCpuStartNs) / 1e9 / windowS : null);
            r.put("rss_bytes", rss);
            r.put("rss_peak_bytes", rssPeak);
            r.put("heap_used_bytes", heap);
            r.put("gc_count", gcCount);
            r.put("gc_time_ms", gcTimeMs);
            r.put("duty_cycles_with_work", duty.getTotalCount());
            r.put("duty_cycle_p50_ns", duty.getTotalCount() > 0 ? duty.getValueAtPercentile(50) : null);
            r.put("duty_cycle_p99_ns", duty.getTotalCount() > 0 ? duty.getValueAtPercentile(99) : null);
            r.put("duty_cycle_p999_ns", duty.getTotalCount() > 0 ? duty.getValueAtPercentile(99.9) : null);
            r.put("duty_cycle_window_max_ns", duty.getTotalCount() > 0 ? duty.getMaxValue() : null);
            r.put("duty_cycle_max_ns", maxDutyCycle(windowEnd));
            r.put("probe_rtt_us", rtt(windowEnd));
        }

        private static long maxDutyCycle(final HostStatus[] s)
        {
            long max = 0;
            for (final HostStatus h : s)
            {
                for (final HostStatus.EngineView v : views(h))
                {
                    max = Math.max(max, v.maxDutyCycleNs);
                }
            }
            return max;
        }

        /**
         * Probe round trips since launch: one host's percentiles as they are, the worst host's with several
         * (percentiles of different processes cannot be merged from counters).
         */
        private static Map<String, Object> rtt(final HostStatus[] s)
        {
            long count = 0;
            long p50 = 0;
            long p90 = 0;
            long p99 = 0;
            long max = 0;
            for (final HostStatus h : s)
            {
                if (null != h.main)
                {
                    count += h.main.rttCount;
                    p50 = Math.max(p50, h.main.rttP50Ns);
                    p90 = Math.max(p90, h.main.rttP90Ns);
                    p99 = Math.max(p99, h.main.rttP99Ns);
                    max = Math.max(max, h.main.rttMaxNs);
                }
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("p50", p50 / 1000.0);
            m.put("p90", p90 / 1000.0);
            m.put("p99", p99 / 1000.0);
            m.put("max", max / 1000.0);
            return m;
        }

        private List<Map<String, Object>> hostsDocument()
        {
            final List<Map<String, Object>> list = new ArrayList<>();
            final HostStatus[] s = last();
            for (final HostPlan p : plan.hosts())
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", p.host);
                m.put("nodes", p.mainIds.length + p.victimIds.length);
                m.put("victims", p.victimIds.length);
                m.put("port", p.mainPort);
                if (null != s && p.host < s.length)
                {
                    final HostStatus h = s[p.host];
                    m.put("pid", h.pid);
                    m.put("rss_bytes", h.rssBytes);
                    m.put("rss_peak_bytes", h.rssPeakBytes);
                    m.put("cpu_ms", h.cpuNs / 1e6);
                    m.put("errors", null == h.main ? null : h.main.errors);
                    m.put("drops", null == h.main ? null : h.main.drops);
                    m.put("drops_by_reason", null == h.main ? null : h.main.dropsByReason);
                    m.put("max_duty_cycle_ns", null == h.main ? null : h.main.maxDutyCycleNs);
                }
                if (null != windowStart && null != windowEnd && windowStart != windowEnd)
                {
                    final HostStatus a = windowStart[p.host];
                    final HostStatus b = windowEnd[p.host];
                    final double sec = (b.nowNs - a.nowNs) / 1e9;
                    m.put("cpu_cores", (b.cpuNs - a.cpuNs) / 1e9 / sec);
                    m.put("agent_cpu_cores", (b.agentCpuNs - a.agentCpuNs) / 1e9 / sec);
                    final Histogram d = EmulateHost.decode(b.dutyCycles);
                    m.put("duty_cycle_p99_ns", d.getTotalCount() > 0 ? d.getValueAtPercentile(99) : null);
                }
                list.add(m);
            }
            return list;
        }

        /**
         * Which pairs were not ALIVE when convergence failed: members missed by the most observers and observers
         * missing the most members.
         */
        private static Map<String, Object> missing(final HostStatus[] s)
        {
            final Map<Integer, Integer> byMember = new java.util.HashMap<>();
            final Map<Integer, Integer> byObserver = new java.util.HashMap<>();
            long pairs = 0;
            for (final HostStatus h : s)
            {
                for (final HostStatus.EngineView v : views(h))
                {
                    if (null != v.missingByMember)
                    {
                        for (int i = 0; i < v.missingByMember.length; i += 2)
                        {
                            byMember.merge(v.missingByMember[i], v.missingByMember[i + 1], Integer::sum);
                            pairs += v.missingByMember[i + 1];
                        }
                    }
                    if (null != v.missingByObserver)
                    {
                        for (int i = 0; i < v.missingByObserver.length; i += 2)
                        {
                            byObserver.merge(v.missingByObserver[i], v.missingByObserver[i + 1], Integer::sum);
                        }
                    }
                }
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("pairs", pairs);
            m.put("members", byMember.size());
            m.put("observers", byObserver.size());
            m.put("worst_members", top(byMember));
            m.put("worst_observers", top(byObserver));
            return m;
        }

        private static List<List<Integer>> top(final Map<Integer, Integer> counts)
        {
            final List<List<Integer>> list = new ArrayList<>();
            counts.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .limit(10)
                .forEach((e) -> list.add(List.of(e.getKey(), e.getValue())));
            return list;
        }

        @SuppressWarnings("unchecked")
        private static String describeMissing(final Object missing)
        {
            final Map<String, Object> m = (Map<String, Object>)missing;
            return String.format(Locale.ROOT, "%,d pairs not ALIVE involve %d members and %d observers",
                (Long)m.get("pairs"), (Integer)m.get("members"), (Integer)m.get("observers"));
        }

        private static List<HostStatus.EngineView> views(final HostStatus h)
        {
            final List<HostStatus.EngineView> list = new ArrayList<>(2);
            if (null != h.main)
            {
                list.add(h.main);
            }
            if (null != h.victims)
            {
                list.add(h.victims);
            }
            return list;
        }
    }

    static String abbreviate(final TreeSet<Integer> ids)
    {
        final List<Integer> list = new ArrayList<>(ids);
        return list.size() <= 10 ? list.toString() : list.subList(0, 10) + " and " + (list.size() - 10) + " more";
    }

    @SuppressWarnings("unchecked")
    static String summary(final Map<String, Object> r)
    {
        final StringBuilder sb = new StringBuilder();
        final int processes = (Integer)r.get("processes");
        sb.append(String.format(Locale.ROOT,
            "starling emulate: %d nodes in %d process%s, period %d ms, loss %s, kill %d, seed %d%n",
            r.get("nodes"), processes, 1 == processes ? "" : "es", r.get("period_ms"), r.get("loss"), r.get("kill"),
            r.get("seed")));
        sb.append(String.format(Locale.ROOT, "  converge: %s ms (%s periods), joins repeated by the emulator: %s%n",
            fmt(r.get("converge_ms")), fmt(r.get("converge_periods")),
            Boolean.TRUE.equals(r.get("rejoin")) ? String.valueOf(r.get("rejoins")) : "off"));
        if ((Integer)r.get("kill") > 0)
        {
            sb.append(String.format(Locale.ROOT,
                "  detect: first %s ms mean (max %s), all %s ms (mean %s), undetected %s%n",
                fmt(r.get("detect_first_ms")), fmt(r.get("detect_first_max_ms")), fmt(r.get("detect_all_ms")),
                fmt(r.get("detect_all_mean_ms")), r.get("undetected")));
        }
        sb.append(String.format(Locale.ROOT,
            "  false positives: %s nodes (%s events); false suspicions %s (%s after convergence), refutations %s%n",
            r.get("false_positives"), r.get("false_positive_events"), r.get("false_suspicions"),
            r.get("false_suspicions_after_converge"), r.get("refutations")));
        if (null != r.get("window_s"))
        {
            sb.append(String.format(Locale.ROOT,
                "  steady state over %.1f s: %s messages, %s bytes per node per second; cpu %s cores " +
                "(duty-cycle threads %s), rss %s MiB%n",
                r.get("window_s"), fmt(r.get("messages_per_node_per_s")), fmt(r.get("bytes_per_node_per_s")),
                fmt(r.get("cpu_cores")), fmt(r.get("agent_cpu_cores")), ((Long)r.get("rss_bytes")) >> 20));
            sb.append(String.format(Locale.ROOT,
                "  duty cycles with work: p50 %s us, p99 %s us, p99.9 %s us, window max %s us; max since launch %s us%n",
                us(r.get("duty_cycle_p50_ns")), us(r.get("duty_cycle_p99_ns")), us(r.get("duty_cycle_p999_ns")),
                us(r.get("duty_cycle_window_max_ns")), us(r.get("duty_cycle_max_ns"))));
        }
        final Map<String, Object> det = (Map<String, Object>)r.get("detection");
        if (null != det && (Integer)det.get("killed") > 1)
        {
            for (final String key : new String[] {"first_suspicion", "first_death", "all_informed"})
            {
                final Map<String, Object> d = (Map<String, Object>)det.get(key + "_ms");
                sb.append(String.format(Locale.ROOT, "  %s: p50 %s p90 %s p99 %s max %s ms (%s of %s victims)%n",
                    key.replace('_', ' '), fmt(d.get("p50")), fmt(d.get("p90")), fmt(d.get("p99")),
                    fmt(d.get("max")), d.get("count"), det.get("killed")));
            }
        }
        final Map<String, Object> prop = (Map<String, Object>)r.get("propagation_ms");
        if (null != prop)
        {
            final Map<String, Object> rounds = (Map<String, Object>)r.get("propagation_rounds");
            sb.append(String.format(Locale.ROOT,
                "  propagation of %s updates to every live node: p50 %s p90 %s p99 %s max %s ms (theory %.0f ms), " +
                "p50 %s gossip rounds (theory %.2f); %s incomplete%n", prop.get("count"), fmt(prop.get("p50")),
                fmt(prop.get("p90")), fmt(prop.get("p99")), fmt(prop.get("max")), r.get("propagation_ms_theory"),
                fmt(rounds.get("p50")), r.get("propagation_rounds_theory"), r.get("propagation_incomplete")));
        }
        final Map<String, Object> rtt = (Map<String, Object>)r.get("probe_rtt_us");
        if (null != rtt)
        {
            sb.append(String.format(Locale.ROOT, "  probe rtt: p50 %s us, p90 %s, p99 %s, max %s (%s probes)%n",
                fmt(rtt.get("p50")), fmt(rtt.get("p90")), fmt(rtt.get("p99")), fmt(rtt.get("max")),
                rtt.get("count")));
        }
        sb.append(String.format(Locale.ROOT, "  errors %s, shutdown %s%s%n", r.get("errors"),
            Boolean.TRUE.equals(r.get("clean_shutdown")) ? "clean" : "NOT clean",
            null == r.get("failure") ? "" : "; FAILED: " + r.get("failure")));
        return sb.toString();
    }

    private static String us(final Object ns)
    {
        return null == ns ? "n/a" : String.format(Locale.ROOT, "%.1f", ((Number)ns).longValue() / 1000.0);
    }

    private static String fmt(final Object value)
    {
        if (null == value)
        {
            return "n/a";
        }
        if (value instanceof Double)
        {
            return String.format(Locale.ROOT, "%.2f", (Double)value);
        }
        return String.valueOf(value);
    }

    static long nanos(final double seconds)
    {
        return (long)(seconds * 1e9);
    }

    static double seconds(final long ns)
    {
        return ns / 1e9;
    }

    static double millis(final long ns)
    {
        return ns / 1e6;
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void joinQuietly(final Thread t)
    {
        try
        {
            t.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

package io.starling.tools.emulate;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code starling emulate} run: launch the hosts, converge, settle, kill and detect, the steady-state window
 * and the optional propagation phase, in that order, then a clean stop; {@link EmulationReport} turns what the
 * phases measured into the result document.
 */
final class Emulation
{
    static final long POLL_MS = 250;
    static final long NOT_SET = -1;

    final EmulateOptions.Settings settings;
    final ClusterPlan plan;
    private final Progress progress;
    private final PrintWriter err;
    private final List<HostHandle> hosts = new ArrayList<>();
    private final List<String> directories = new ArrayList<>();
    final Map<String, Object> r = new LinkedHashMap<>();
    final Timeline timeline = new Timeline();
    final long periodNs;
    long wallStartNs;
    long launchNs = NOT_SET;
    long convergedNs = NOT_SET;
    long converge99Ns = NOT_SET;
    HostStatus[] atConverge;
    HostStatus[] windowStart;
    HostStatus[] windowEnd;
    long coordinatorCpuStartNs;
    long coordinatorCpuEndNs;
    final long[] killNsByHost;
    PropagationPhase.Settings propagationSettings;
    PropagationPhase propagation;
    String failure;

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
        new EmulationReport(this).build();
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
                for (final HostStatus.EngineView v : HostStatus.views(h))
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
                for (final HostStatus.EngineView v : HostStatus.views(h))
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
                r.put("missing", EmulationReport.missing(atConverge));
                failure = String.format(Locale.ROOT, "did not converge within %.1f s: alive pairs %,d of %,d " +
                    "(%s)", settings.convergeTimeoutS(), alive, target, EmulationReport.describeMissing(r.get("missing")));
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

    HostStatus[] last()
    {
        return null != windowEnd ? windowEnd : atConverge;
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

package io.starling.tools.emulate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;

import static io.starling.tools.emulate.Emulation.NOT_SET;
import static io.starling.tools.emulate.Emulation.millis;

/**
 * The report of one {@code starling emulate} run: the JSON document (settings and verdict, convergence, detection,
 * false alarms, the steady-state window, per-host figures, the timeline) and the human summary printed from it.
 * It only reads what the phases measured; it runs nothing.
 */
final class EmulationReport
{
    private final Emulation run;
    private final EmulateOptions.Settings settings;
    private final ClusterPlan plan;
    private final Map<String, Object> r;
    private String failure;

    /**
     * @param run the finished run, its measurements and its result map.
     */
    EmulationReport(final Emulation run)
    {
        this.run = run;
        this.settings = run.settings;
        this.plan = run.plan;
        this.r = run.r;
        this.failure = run.failure;
    }

    /**
     * Fill the result document: the run's settings and verdict first, then convergence, detection, false alarms,
     * the steady-state window, the hosts and the timeline.
     *
     * @return the verdict: null, or what failed the run (detection and false alarms can fail it).
     */
    String build()
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

        r.put("wall_ms", millis(System.nanoTime() - run.wallStartNs));
        r.put("converged", NOT_SET != run.converge.convergedNs);
        r.put("converge_ms", NOT_SET == run.converge.convergedNs ? null : millis(run.converge.convergedNs - run.launchNs));
        r.put("converge_periods", NOT_SET == run.converge.convergedNs ? null :
            (run.converge.convergedNs - run.launchNs) / (double)run.periodNs);
        r.put("converge_99_ms", NOT_SET == run.converge.converge99Ns ? null : millis(run.converge.converge99Ns - run.launchNs));
        detection();
        try
        {
            PropagationPhase.detection(r, run.last(), plan, run.detect.killNsByHost, settings.kill(), settings.periodMs(),
                null == run.propagationSettings ? null : run.propagationSettings.hgrmPrefix());
            if (null != run.propagation)
            {
                run.propagation.results(r);
            }
            if (null != run.lifecycle)
            {
                run.lifecycle.results(r);
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
        accuracy();
        // Detection and false alarms can fail the run: the verdict at the top is only known now.
        r.put("ok", null == failure);
        r.put("failure", failure);
        r.put("hosts", hostsDocument());
        r.put("timeline", run.snapshots.timeline.document());
        r.put("victims", plan.victims());
        r.put("jvm", Map.of(
            "version", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            "coordinator_args", ManagementFactory.getRuntimeMXBean().getInputArguments(),
            "child_args", settings.processes() > 1 ? settings.jvmOptions() : List.of()));
        r.put("cpus", Runtime.getRuntime().availableProcessors());
        r.put("converge_fraction", settings.convergeFraction());
        return failure;
    }

    private void detection()
    {
        final HostStatus[] s = run.last();
        final int k = settings.kill();
        if (0 == k || null == s || Arrays.stream(run.detect.killNsByHost).allMatch((v) -> NOT_SET == v))
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
            final long killNs = run.detect.killNsByHost[plan.hostOfVictim(v)];
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
        final HostStatus[] s = run.last();
        final TreeSet<Integer> falsePositives = new TreeSet<>();
        long falseDeaths = 0;
        long falseSuspicions = 0;
        long refutations = 0;
        long unknown = 0;
        long errors = 0;
        final Map<String, Long> drops = new java.util.TreeMap<>();
        final Map<String, Long> pacing = new java.util.TreeMap<>();
        if (null != s)
        {
            for (final HostStatus h : s)
            {
                for (final HostStatus.EngineView v : HostStatus.views(h))
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
                    v.pacing.forEach((name, value) -> pacing.merge(name, value, Long::sum));
                    errors += v.errors;
                }
            }
        }
        long suspicionsAtConverge = 0;
        if (null != run.converge.atConverge)
        {
            for (final HostStatus h : run.converge.atConverge)
            {
                for (final HostStatus.EngineView v : HostStatus.views(h))
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
        r.put("drops_by_reason", drops);
        r.put("pacing", pacing);
        if (null == failure && falsePositives.size() > settings.maxFalsePositives())
        {
            failure = falsePositives.size() + " healthy nodes were declared dead (allowed " +
                settings.maxFalsePositives() + "): " + abbreviate(falsePositives);
        }
    }

    /**
     * Membership accuracy against the schedule ({@link AccuracySampler}, the simulator's rule): over every sample,
     * over the steady-state window, and the series {@code starling report} plots, under {@code schedule}.
     */
    private void accuracy()
    {
        final HostPlan host = plan.hosts()[0];
        if (null == host.schedule || host.accuracySampleMs <= 0)
        {
            return;
        }
        final io.starling.tools.sim.ViewAccuracy accuracy = run.snapshots.accuracy;
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("observers", host.accuracyObserverIds.length);
        s.put("sample_interval_s", host.accuracySampleMs / 1000.0);
        s.put("samples", accuracy.sampleCount());
        final HostStatus[] last = run.last();
        double worstMs = 0;
        for (final HostStatus h : null == last ? new HostStatus[0] : last)
        {
            worstMs = Math.max(worstMs, h.accuracySamples > 0 ? h.accuracySampleNs / 1e6 / h.accuracySamples : 0);
        }
        s.put("sample_ms_mean", null == last ? null : worstMs);
        accuracy.putFigures(s);
        if (run.window.endEpochMs > 0)
        {
            final Map<String, Object> w = new LinkedHashMap<>();
            final double fromS = (run.window.startEpochMs - host.scheduleEpochMs) / 1000.0;
            final double toS = (run.window.endEpochMs - host.scheduleEpochMs) / 1000.0;
            w.put("from_plan_s", fromS);
            w.put("to_plan_s", toS);
            accuracy.putFigures(w, fromS, toS);
            s.put("window", w);
        }
        s.put("series", accuracy.series());
        r.put("schedule", s);
    }

    private void window()
    {
        if (null == run.window.startStatuses || null == run.window.endStatuses || run.window.startStatuses == run.window.endStatuses)
        {
            for (final String key : List.of("window_s", "messages_per_node_per_s", "bytes_per_node_per_s",
                "frames_per_node_per_s", "cpu_cores", "agent_cpu_cores", "rss_bytes", "rss_peak_bytes",
                "duty_cycle_p50_ns", "duty_cycle_p99_ns", "duty_cycle_p999_ns", "duty_cycle_window_max_ns"))
            {
                r.put(key, null);
            }
            final HostStatus[] s = run.last();
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
        for (int i = 0; i < run.window.endStatuses.length; i++)
        {
            final HostStatus a = run.window.startStatuses[i];
            final HostStatus b = run.window.endStatuses[i];
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
            (run.window.coordinatorCpuEndNs - run.window.coordinatorCpuStartNs) / 1e9 / windowS : null);
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
        r.put("duty_cycle_max_ns", maxDutyCycle(run.window.endStatuses));
        r.put("probe_rtt_us", rtt(run.window.endStatuses));
    }

    private static long maxDutyCycle(final HostStatus[] s)
    {
        long max = 0;
        for (final HostStatus h : s)
        {
            for (final HostStatus.EngineView v : HostStatus.views(h))
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
        final HostStatus[] s = run.last();
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
            if (null != run.window.startStatuses && null != run.window.endStatuses && run.window.startStatuses != run.window.endStatuses)
            {
                final HostStatus a = run.window.startStatuses[p.host];
                final HostStatus b = run.window.endStatuses[p.host];
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
    static Map<String, Object> missing(final HostStatus[] s)
    {
        final Map<Integer, Integer> byMember = new java.util.HashMap<>();
        final Map<Integer, Integer> byObserver = new java.util.HashMap<>();
        long pairs = 0;
        for (final HostStatus h : s)
        {
            for (final HostStatus.EngineView v : HostStatus.views(h))
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
    static String describeMissing(final Object missing)
    {
        final Map<String, Object> m = (Map<String, Object>)missing;
        return String.format(Locale.ROOT, "%,d pairs not ALIVE involve %d members and %d observers",
            (Long)m.get("pairs"), (Integer)m.get("members"), (Integer)m.get("observers"));
    }

    static String abbreviate(final TreeSet<Integer> ids)
    {
        final List<Integer> list = new ArrayList<>(ids);
        return list.size() <= 10 ? list.toString() : list.subList(0, 10) + " and " + (list.size() - 10) + " more";
    }

    private static String fmt3(final Object value)
    {
        return value instanceof Double ? String.format(Locale.ROOT, "%.3f", (Double)value) : String.valueOf(value);
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
        sb.append(String.format(Locale.ROOT, "  converge: %s ms (%s periods)%n",
            fmt(r.get("converge_ms")), fmt(r.get("converge_periods"))));
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
        final Map<String, Long> pacing = (Map<String, Long>)r.get("pacing");
        if (null != pacing && !pacing.isEmpty())
        {
            sb.append("  pacing:");
            pacing.forEach((name, value) -> sb.append(' ').append(name).append(' ').append(value).append(','));
            sb.setLength(sb.length() - 1);
            sb.append(String.format(Locale.ROOT, "%n"));
        }
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
        final Map<String, Object> schedule = (Map<String, Object>)r.get("schedule");
        if (null != schedule)
        {
            sb.append(String.format(Locale.ROOT,
                "  accuracy (%s observers every %s s, %s samples of %s ms): strict %s, judgeable %s, strict (member " +
                "windows) %s, lenient %s; out-of-contact pairs %s (shown OUT_OF_CONTACT %s); false-dead pair samples " +
                "%s out of contact, %s in contact%n", schedule.get("observers"), schedule.get("sample_interval_s"),
                schedule.get("samples"), fmt(schedule.get("sample_ms_mean")), fmt3(schedule.get("accuracy_strict")),
                fmt3(schedule.get("accuracy_strict_judgeable")),
                fmt3(schedule.get("accuracy_strict_member_windows")), fmt3(schedule.get("accuracy_lenient")),
                fmt3(schedule.get("out_of_contact_pair_fraction")), fmt3(schedule.get("out_of_contact_shown_fraction")),
                schedule.get("false_dead_pair_samples_out_of_contact"),
                schedule.get("false_dead_pair_samples_in_contact")));
            final Map<String, Object> w = (Map<String, Object>)schedule.get("window");
            if (null != w)
            {
                sb.append(String.format(Locale.ROOT,
                    "  accuracy in the window: strict %s, judgeable %s, strict (member windows) %s, lenient %s; " +
                    "false-dead pair samples %s out of contact, %s in contact%n", fmt3(w.get("accuracy_strict")),
                    fmt3(w.get("accuracy_strict_judgeable")),
                    fmt3(w.get("accuracy_strict_member_windows")), fmt3(w.get("accuracy_lenient")),
                    w.get("false_dead_pair_samples_out_of_contact"), w.get("false_dead_pair_samples_in_contact")));
            }
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
        lifecycleSummary(sb, r);
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

    @SuppressWarnings("unchecked")
    private static void lifecycleSummary(final StringBuilder sb, final Map<String, Object> r)
    {
        final Map<String, Object> late = (Map<String, Object>)r.get("late_joins");
        if (null != late)
        {
            final Map<String, Object> ms = (Map<String, Object>)late.get("known_everywhere_ms");
            sb.append(String.format(Locale.ROOT,
                "  late joins: %s joiners ALIVE at every live node after p50 %s p99 %s max %s ms (bound %s ms, %s " +
                "within); %s never within %s s%n", late.get("joiners"), fmt(ms.get("p50")), fmt(ms.get("p99")),
                fmt(ms.get("max")), fmt(late.get("bound_ms")), late.get("within_bound"), late.get("never_known"),
                fmt(late.get("timeout_s"))));
            phaseCostSummary(sb, "late joins", late);
        }
        final Map<String, Object> churn = (Map<String, Object>)r.get("churn");
        if (null != churn)
        {
            sb.append(String.format(Locale.ROOT, "  churn: %s per minute for %s minutes%n", churn.get("per_min"),
                churn.get("minutes")));
            for (final String kind : new String[] {"join", "leave", "crash"})
            {
                final Map<String, Object> k = (Map<String, Object>)churn.get(kind);
                final Map<String, Object> ms = (Map<String, Object>)k.get("known_everywhere_ms");
                sb.append(String.format(Locale.ROOT,
                    "    %s: %s changes known everywhere after p50 %s p99 %s max %s ms (bound %s ms, %s within); " +
                    "%s never%n", kind, k.get("changes"), fmt(ms.get("p50")), fmt(ms.get("p99")), fmt(ms.get("max")),
                    fmt(k.get("bound_ms")), k.get("within_bound"), k.get("never_known")));
            }
            phaseCostSummary(sb, "churn", churn);
        }
    }

    private static void phaseCostSummary(final StringBuilder sb, final String phase, final Map<String, Object> p)
    {
        sb.append(String.format(Locale.ROOT,
            "    during the %s: false positives %s nodes (%s events), false suspicions %s; duty cycles p99 %s us, " +
            "max %s us (budget %s us); drops %s %s%n", phase, p.get("false_positives"), p.get("false_positive_events"),
            p.get("false_suspicions"), us(p.get("duty_cycle_p99_ns")), us(p.get("duty_cycle_max_ns")),
            us(p.get("duty_cycle_budget_ns")), p.get("drops"), p.get("drops_by_reason")));
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
}

package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.starling.tools.emulate.Emulation.NOT_SET;
import static io.starling.tools.emulate.Emulation.millis;

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
    /** When the hosts were launched ({@link System#nanoTime()}), or NOT_SET before: no row until then. */
    long launchNs = NOT_SET;
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

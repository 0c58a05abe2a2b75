package io.starling.tools.emulate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.starling.engine.protocol.ProtocolConfig;
import io.starling.tools.sim.Distributions;
import io.starling.tools.sim.SimTheory;

/**
 * {@code starling emulate --updates M}: after the other phases, M metadata updates, one at a time, each from a
 * random node of the (in-process) main engine, each timed from the moment the updating node applied it until every
 * other live node's view has the new metadata version; then the distribution of those times beside log-N theory,
 * the mean convergence curve (fraction of live nodes informed by gossip round) beside the push-gossip curve, and,
 * from the per-victim detection times the views recorded, the distributions of kill to first suspicion, first death
 * and every live node informed. Writes {@code .hgrm} files with JSON summaries when asked.
 */
final class PropagationPhase
{
    /**
     * What to measure.
     *
     * @param updates        metadata updates (0: none).
     * @param spacingMs      time from the start of one update to the start of the next (at least until the
     *                       previous one is complete or has timed out).
     * @param timeoutMs      longest wait for one update to reach everyone.
     * @param hgrmPrefix     prefix of the .hgrm files, or null for none.
     */
    record Settings(int updates, long spacingMs, long timeoutMs, String hgrmPrefix)
    {
    }

    private final Settings settings;
    private final long seed;
    private final int nodes;
    private final ProtocolConfig protocol;
    private final List<long[]> arrivals = new ArrayList<>();
    private final List<Integer> needed = new ArrayList<>();
    private long[] timesNs = new long[0];
    private long[] commandNs = new long[0];
    private int started;
    private int rejected;
    private int incomplete;

    /**
     * @param settings what to measure.
     * @param seed     chooses the updating nodes.
     * @param nodes    cluster size.
     * @param periodMs protocol period.
     */
    PropagationPhase(final Settings settings, final long seed, final int nodes, final long periodMs)
    {
        this.settings = settings;
        this.seed = seed;
        this.nodes = nodes;
        this.protocol = EmulateHost.protocolConfig(periodMs).conclude();
    }

    /**
     * Run the updates one after another.
     *
     * @param host     the in-process host.
     * @param progress shows how far it got.
     */
    void run(final EmulateHost host, final Progress progress)
    {
        final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5052_4F50L);
        final int[] ids = host.plan().mainIds;
        final PropagationTracker tracker = host.propagation();
        final long spacingNs = settings.spacingMs() * 1_000_000L;
        final long timeoutNs = settings.timeoutMs() * 1_000_000L;
        final long[] times = new long[settings.updates()];
        final long[] command = new long[settings.updates()];
        int completed = 0;
        int applied = 0;
        final long phaseStartNs = System.nanoTime();
        for (int u = 0; u < settings.updates(); u++)
        {
            final int member = ids[random.nextInt(ids.length)];
            final long startNs = System.nanoTime();
            started++;
            if (!host.updateMetadata(member, ("u" + u).getBytes(StandardCharsets.US_ASCII)))
            {
                rejected++;
                Emulation.sleep(Math.max(1, settings.spacingMs()));
                continue;
            }
            while (PropagationTracker.NOT_SET == tracker.doneNs() && System.nanoTime() - startNs < timeoutNs)
            {
                Emulation.sleep(1);
            }
            final long selfNs = tracker.selfNs();
            final long fromNs = PropagationTracker.NOT_SET == selfNs ? startNs : selfNs;
            final long doneNs = tracker.doneNs();
            if (PropagationTracker.NOT_SET != selfNs)
            {
                command[applied++] = selfNs - startNs;
            }
            arrivals.add(tracker.arrivalsSince(fromNs));
            needed.add(tracker.needed());
            if (PropagationTracker.NOT_SET != doneNs)
            {
                times[completed++] = Math.max(0, doneNs - fromNs);
            }
            else
            {
                incomplete++;
            }
            final long nowNs = System.nanoTime();
            progress.update("propagating", (u + 1) / (double)settings.updates(),
                String.format(java.util.Locale.ROOT, "update %d/%d, %d incomplete", u + 1, settings.updates(),
                incomplete), Emulation.seconds(nowNs - phaseStartNs));
            final long waitNs = startNs + spacingNs - nowNs;
            if (waitNs > 0 && u + 1 < settings.updates())
            {
                Emulation.sleep(Math.max(1, waitNs / 1_000_000L));
            }
        }
        timesNs = Arrays.copyOf(times, completed);
        commandNs = Arrays.copyOf(command, applied);
    }

    /**
     * Put the propagation figures into the result document and write the .hgrm if asked.
     *
     * @param r the result document.
     * @throws IOException if a file cannot be written.
     */
    void results(final Map<String, Object> r) throws IOException
    {
        final long periodNs = protocol.probeIntervalNs();
        final long gossipNs = protocol.gossipIntervalNs();
        final int fanout = protocol.gossipNodes();
        final double roundsTheory = SimTheory.disseminationRounds(nodes, fanout);
        r.put("updates", started);
        r.put("updates_rejected", rejected);
        r.put("propagation_incomplete", incomplete);
        r.put("propagation_ms", Distributions.summary(timesNs, Distributions.NS_PER_MS));
        r.put("propagation_ms_theory", roundsTheory * gossipNs / Distributions.NS_PER_MS);
        r.put("propagation_rounds", Distributions.summary(timesNs, gossipNs));
        r.put("propagation_rounds_theory", roundsTheory);
        r.put("propagation_rounds_theory_async", SimTheory.asyncRoundsToAll(nodes, fanout));
        r.put("propagation_periods", Distributions.summary(timesNs, periodNs));
        r.put("update_apply_ms", Distributions.summary(commandNs, Distributions.NS_PER_MS));

        final int[] need = needed.stream().mapToInt(Integer::intValue).toArray();
        r.put("propagation", Distributions.propagationDocument("emulate", nodes, started, timesNs.length, gossipNs,
            periodNs, fanout, arrivals, need));
        if (null != settings.hgrmPrefix() && timesNs.length > 0)
        {
            write("propagation", timesNs, "propagation emulate", Map.of("what",
                "time from a metadata update until every other live node has it (real time, one process)",
                "nodes", nodes, "source", "emulate", "updates", timesNs.length, "label", "real time N=" + nodes));
        }
    }

    /**
     * Per-victim detection distributions from the last snapshot of the views.
     *
     * @param r            the result document.
     * @param s            host snapshots (the last ones).
     * @param plan         the cluster plan.
     * @param killNsByHost kill time of each host, or -1.
     * @param kill         victims.
     * @param periodMs     protocol period.
     * @param hgrmPrefix   prefix of the .hgrm files, or null.
     * @throws IOException if a file cannot be written.
     */
    static void detection(
        final Map<String, Object> r,
        final HostStatus[] s,
        final ClusterPlan plan,
        final long[] killNsByHost,
        final int kill,
        final long periodMs,
        final String hgrmPrefix) throws IOException
    {
        if (0 == kill || null == s)
        {
            return;
        }
        final long[] suspect = new long[kill];
        final long[] dead = new long[kill];
        final long[] all = new long[kill];
        int ns = 0;
        int nd = 0;
        int na = 0;
        for (int v = 0; v < kill; v++)
        {
            final long killNs = killNsByHost[plan.hostOfVictim(v)];
            if (PropagationTracker.NOT_SET == killNs)
            {
                continue;
            }
            long first = PropagationTracker.NOT_SET;
            long firstDead = PropagationTracker.NOT_SET;
            long everyone = 0;
            for (final HostStatus h : s)
            {
                if (null == h.main || 0 == h.main.observers)
                {
                    continue;
                }
                first = earliest(first, h.main.firstDetectNs[v]);
                firstDead = earliest(firstDead, h.main.firstDeadNs[v]);
                final long a = h.main.allDeadNs[v];
                everyone = PropagationTracker.NOT_SET == everyone || PropagationTracker.NOT_SET == a ?
                    PropagationTracker.NOT_SET : Math.max(everyone, a);
            }
            if (PropagationTracker.NOT_SET != first)
            {
                suspect[ns++] = Math.max(0, first - killNs);
            }
            if (PropagationTracker.NOT_SET != firstDead)
            {
                dead[nd++] = Math.max(0, firstDead - killNs);
            }
            if (PropagationTracker.NOT_SET != everyone)
            {
                all[na++] = Math.max(0, everyone - killNs);
            }
        }
        final long periodNs = periodMs * 1_000_000L;
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "detection");
        m.put("source", "emulate");
        m.put("killed", kill);
        m.put("first_suspicion_ms", Distributions.summary(Arrays.copyOf(suspect, ns), Distributions.NS_PER_MS));
        m.put("first_death_ms", Distributions.summary(Arrays.copyOf(dead, nd), Distributions.NS_PER_MS));
        m.put("all_informed_ms", Distributions.summary(Arrays.copyOf(all, na), Distributions.NS_PER_MS));
        m.put("first_suspicion_periods", Distributions.summary(Arrays.copyOf(suspect, ns), periodNs));
        m.put("first_death_periods", Distributions.summary(Arrays.copyOf(dead, nd), periodNs));
        m.put("all_informed_periods", Distributions.summary(Arrays.copyOf(all, na), periodNs));
        r.put("detection", m);
        if (null != hgrmPrefix)
        {
            final int n = plan.hosts().length > 0 ? plan.hosts()[0].memberCount : 0;
            final String group = "detection emulate " + n;
            writeTo(hgrmPrefix, "detect-suspect", Arrays.copyOf(suspect, ns), group, Map.of("what",
                "kill to first suspicion (real time)", "nodes", n, "source", "emulate", "label", "first suspicion"));
            writeTo(hgrmPrefix, "detect-dead", Arrays.copyOf(dead, nd), group, Map.of("what",
                "kill to first death declaration (real time)", "nodes", n, "source", "emulate", "label",
                "first death"));
            writeTo(hgrmPrefix, "detect-all", Arrays.copyOf(all, na), group, Map.of("what",
                "kill to every live node having it dead (real time)", "nodes", n, "source", "emulate", "label",
                "all live nodes informed"));
        }
    }

    private static long earliest(final long a, final long b)
    {
        if (PropagationTracker.NOT_SET == a)
        {
            return b;
        }
        return PropagationTracker.NOT_SET == b ? a : Math.min(a, b);
    }

    private void write(final String what, final long[] valuesNs, final String group, final Map<String, Object> extra)
        throws IOException
    {
        writeTo(settings.hgrmPrefix(), what, valuesNs, group, extra);
    }

    private static void writeTo(
        final String prefix, final String what, final long[] valuesNs, final String group,
        final Map<String, Object> extra) throws IOException
    {
        final File file = new File(prefix).getAbsoluteFile();
        final File dir = null == file.getParentFile() ? new File(".") : file.getParentFile();
        Distributions.writeHgrm(dir, file.getName() + "-" + what, valuesNs, group, extra);
    }
}

package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.starling.engine.api.HostedNodeState;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.tools.sim.Distributions;
import org.HdrHistogram.Histogram;

/**
 * {@code starling emulate --late-joins N} and {@code --churn-per-min C --churn-minutes M}, after the other phases, in
 * one process: nodes held at launch join a converged cluster (all N released at once), then each minute C nodes stop
 * (half leave gracefully, half crash; a seeded choice among the running nodes) and C held nodes start. Each change is
 * timed from its command until every live (running) node holds it: a joiner ALIVE, a leaver LEFT, a crashed node
 * DEAD (either of the last two also when the node no longer knows the member at all). The time is the last moment an
 * observer reached that state ({@link LifecycleTracker}); that every live node holds it is read from the views. Also
 * per phase: false alarms about members never stopped, the duty-cycle percentiles and the drops.
 */
final class LifecyclePhase
{
    private static final long POLL_NS = 100_000_000L;
    private static final long SNAPSHOT_NS = 1_000_000_000L;
    private static final String[] KINDS = { "join", "leave", "crash" };

    /**
     * What to run.
     *
     * @param lateJoins         nodes held at launch and released at once (0: none).
     * @param lateJoinTimeoutS  longest wait for every live node to see every late joiner ALIVE.
     * @param churnPerMin       nodes stopped and nodes started each minute (0: no churn).
     * @param churnMinutes      minutes of churn.
     * @param churnRoundNs      real time between churn rounds: a minute (shorter in tests).
     */
    record Settings(int lateJoins, double lateJoinTimeoutS, int churnPerMin, int churnMinutes, long churnRoundNs)
    {
        /**
         * @return nodes the main engine holds at launch for both phases.
         */
        int heldNodes()
        {
            return lateJoins + churnPerMin * churnMinutes;
        }
    }

    /** One change being timed. */
    private static final class Change
    {
        final int kind;
        final int index;
        final int memberId;
        final int slot;
        final long startNs;
        final long boundNs;
        final long timeoutNs;
        int cursor;
        long doneNs = LifecycleTracker.NOT_SET;
        boolean timedOut;

        Change(final int kind, final int index, final int memberId, final int slot, final long startNs,
            final long boundNs, final long timeoutNs)
        {
            this.kind = kind;
            this.index = index;
            this.memberId = memberId;
            this.slot = slot;
            this.startNs = startNs;
            this.boundNs = boundNs;
            this.timeoutNs = timeoutNs;
        }
    }

    private final Settings settings;
    private final EmulateOptions.Settings run;
    private final ProtocolConfig protocol;
    private final Progress progress;
    /** Why a phase failed, or null. */
    String failure;
    private final Map<String, Object> lateJoinResults = new LinkedHashMap<>();
    private final Map<String, Object> churnResults = new LinkedHashMap<>();
    private StarlingEngine engine;
    private long phaseStartNs;
    private LifecycleTracker tracker;
    private int nextHeld;
    private int total;

    LifecyclePhase(final Settings settings, final EmulateOptions.Settings run, final Progress progress)
    {
        this.settings = settings;
        this.run = run;
        this.protocol = EmulateHost.protocolConfig(run.periodMs()).conclude();
        this.progress = progress;
    }

    /**
     * Run the late joins, then the churn.
     *
     * @param host      the in-process host.
     * @param snapshots the hosts (for the duty cycles and drops).
     */
    void run(final EmulateHost host, final ClusterSnapshots snapshots)
    {
        engine = host.mainEngine();
        if (null == engine)
        {
            failure = "the main engine is not running";
            return;
        }
        total = engine.nodeIds().length;
        nextHeld = host.plan().mainIds.length;
        final int memberCount = host.plan().memberCount + host.plan().heldIds.length;
        tracker = new LifecycleTracker(ClusterPlan.MEMBER_ID_BASE, memberCount,
            settings.lateJoins() + 2 * settings.churnPerMin() * settings.churnMinutes(), host.plan().allVictimIds);
        host.lifecycle(tracker);
        if (settings.lateJoins() > 0)
        {
            lateJoins(snapshots);
        }
        if (null == failure && settings.churnPerMin() > 0)
        {
            churn(snapshots);
        }
    }

    private void lateJoins(final ClusterSnapshots snapshots)
    {
        final PhaseStart start = begin(snapshots);
        final List<Change> changes = new ArrayList<>();
        final long timeoutNs = Emulation.nanos(settings.lateJoinTimeoutS());
        final int n = runningCount() + settings.lateJoins();
        final long releaseNs = System.nanoTime();
        startHeld(settings.lateJoins(), changes, releaseNs, joinBoundNs(n), timeoutNs);
        final long endNs = releaseNs + timeoutNs;
        long nextSnapshotNs = releaseNs + SNAPSHOT_NS;
        while (true)
        {
            final int open = check(changes, System.nanoTime());
            final long nowNs = System.nanoTime();
            progress.update("late joins", (changes.size() - open) / (double)changes.size(),
                String.format(Locale.ROOT, "%d/%d joiners known everywhere", changes.size() - open, changes.size()),
                Emulation.seconds(nowNs - releaseNs));
            if (0 == open || nowNs - endNs >= 0)
            {
                break;
            }
            nextSnapshotNs = snapshotAndSleep(nowNs, nextSnapshotNs, snapshots);
        }
        final Map<String, Object> r = lateJoinResults;
        r.put("joiners", settings.lateJoins());
        r.put("timeout_s", settings.lateJoinTimeoutS());
        r.put("cluster_after", n);
        final Map<String, Object> joins = kindResults(changes, LifecycleTracker.JOIN);
        r.put("known_everywhere_ms", joins.get("known_everywhere_ms"));
        r.put("never_known", joins.get("never_known"));
        r.put("bound_ms", joins.get("bound_ms"));
        r.put("within_bound", joins.get("within_bound"));
        r.put("never_known_detail", joins.get("never_known_detail"));
        end(r, start, snapshots);
        if (((Number)joins.get("never_known")).intValue() > 0)
        {
            failure = joins.get("never_known") + " of " + settings.lateJoins() + " late joiners not ALIVE at every " +
                "live node within " + settings.lateJoinTimeoutS() + " s";
        }
        else if (((Number)r.get("false_positives")).intValue() > run.maxFalsePositives())
        {
            failure = r.get("false_positives") + " healthy nodes were declared dead during the late joins (allowed " +
                run.maxFalsePositives() + ")";
        }
    }

    private void churn(final ClusterSnapshots snapshots)
    {
        final PhaseStart start = begin(snapshots);
        final SplittableRandom random = new SplittableRandom(run.seed() * 0x9E3779B97F4A7C15L + 0x4348_5552L);
        final List<Change> changes = new ArrayList<>();
        final long phaseNs = System.nanoTime();
        long nextSnapshotNs = phaseNs + SNAPSHOT_NS;
        int round = 0;
        long latestEndNs = phaseNs;
        int stopShortfall = 0;
        int startShortfall = 0;
        while (true)
        {
            final long nowNs = System.nanoTime();
            if (round < settings.churnMinutes() && nowNs - (phaseNs + round * settings.churnRoundNs()) >= 0)
            {
                final int c = settings.churnPerMin();
                final int n = runningCount();
                final int[] victims = chooseStops(random, c, changes);
                stopShortfall += c - victims.length;
                for (int v = 0; v < victims.length; v++)
                {
                    final int kind = v < c / 2 ? LifecycleTracker.LEAVE : LifecycleTracker.CRASH;
                    final long boundNs = LifecycleTracker.CRASH == kind ? crashBoundNs(n) : joinBoundNs(n);
                    final Change change = track(kind, victims[v], System.nanoTime(), boundNs, timeout(boundNs));
                    changes.add(change);
                    final boolean queued = LifecycleTracker.LEAVE == kind ?
                        retry(() -> engine.leaveNode(change.index)) : retry(() -> engine.crash(change.index));
                    if (!queued)
                    {
                        failure = "the engine's command queue stayed full";
                        return;
                    }
                    latestEndNs = Math.max(latestEndNs, change.startNs + change.timeoutNs);
                }
                final int joins = Math.min(c, total - nextHeld);
                startShortfall += c - joins;
                if (joins > 0)
                {
                    final long startNs = System.nanoTime();
                    startHeld(joins, changes, startNs, joinBoundNs(n), timeout(joinBoundNs(n)));
                    latestEndNs = Math.max(latestEndNs, startNs + timeout(joinBoundNs(n)));
                }
                round++;
            }
            final int open = check(changes, System.nanoTime());
            final long afterNs = System.nanoTime();
            progress.update("churn", Math.min(1.0, (afterNs - phaseNs) /
                (double)(settings.churnMinutes() * settings.churnRoundNs())), String.format(Locale.ROOT,
                "round %d/%d, %d changes not yet known everywhere", round, settings.churnMinutes(), open),
                Emulation.seconds(afterNs - phaseNs));
            // The churn lasts its minutes; then the last round's changes are followed until known or timed out.
            final boolean minutesOver = afterNs - (phaseNs + settings.churnMinutes() * settings.churnRoundNs()) >= 0;
            if (round >= settings.churnMinutes() && minutesOver && (0 == open || afterNs - latestEndNs >= 0))
            {
                break;
            }
            nextSnapshotNs = snapshotAndSleep(afterNs, nextSnapshotNs, snapshots);
        }
        final Map<String, Object> r = churnResults;
        r.put("per_min", settings.churnPerMin());
        r.put("minutes", settings.churnMinutes());
        r.put("stops_short", stopShortfall);
        r.put("starts_short", startShortfall);
        int neverKnown = 0;
        for (int kind = 0; kind < KINDS.length; kind++)
        {
            final Map<String, Object> k = kindResults(changes, kind);
            r.put(KINDS[kind], k);
            neverKnown += ((Number)k.get("never_known")).intValue();
        }
        long leftSeenDead = 0;
        for (final Change c : changes)
        {
            if (LifecycleTracker.LEAVE == c.kind)
            {
                leftSeenDead += tracker.leftSeenDead(c.slot);
            }
        }
        r.put("leavers_seen_dead_events", leftSeenDead);
        end(r, start, snapshots);
        if (neverKnown > 0)
        {
            failure = neverKnown + " churn changes not known at every live node within their timeout (bound + 30 " +
                "periods)";
        }
        else if (((Number)r.get("false_positives")).intValue() > run.maxFalsePositives())
        {
            failure = r.get("false_positives") + " healthy nodes were declared dead during the churn (allowed " +
                run.maxFalsePositives() + ")";
        }
    }

    /**
     * Release {@code count} held nodes at once, tracking each as a join.
     */
    private void startHeld(final int count, final List<Change> changes, final long startNs, final long boundNs,
        final long timeoutNs)
    {
        for (int k = 0; k < count; k++)
        {
            changes.add(track(LifecycleTracker.JOIN, nextHeld + k, startNs, boundNs, timeoutNs));
        }
        if (!retry(() -> engine.startNodes(count)))
        {
            failure = "the engine's command queue stayed full";
        }
        nextHeld += count;
    }

    private Change track(final int kind, final int index, final long startNs, final long boundNs,
        final long timeoutNs)
    {
        final int memberId = engine.nodeIds()[index];
        final int slot = tracker.track(memberId, kind);
        return new Change(kind, index, memberId, slot, startNs, boundNs, timeoutNs);
    }

    /**
     * A seeded choice of running nodes to stop, none of them a joiner still being timed.
     */
    private int[] chooseStops(final SplittableRandom random, final int count, final List<Change> changes)
    {
        final boolean[] busy = new boolean[total];
        for (final Change c : changes)
        {
            if (LifecycleTracker.JOIN == c.kind && LifecycleTracker.NOT_SET == c.doneNs && !c.timedOut)
            {
                busy[c.index] = true;
            }
        }
        final List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < total; i++)
        {
            if (!busy[i] && HostedNodeState.RUNNING == engine.nodeState(i))
            {
                candidates.add(i);
            }
        }
        final int k = Math.min(count, Math.max(0, candidates.size() - 1)); // one node always stays
        final int[] chosen = new int[k];
        for (int i = 0; i < k; i++)
        {
            final int j = i + random.nextInt(candidates.size() - i);
            final Integer tmp = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, tmp);
            chosen[i] = candidates.get(i);
        }
        return chosen;
    }

    /**
     * @return changes still open after checking each against the views.
     */
    private int check(final List<Change> changes, final long nowNs)
    {
        int open = 0;
        for (final Change c : changes)
        {
            if (LifecycleTracker.NOT_SET != c.doneNs || c.timedOut)
            {
                continue;
            }
            if (knownEverywhere(c))
            {
                final long reachNs = tracker.lastReachNs(c.slot);
                final long doneNs = LifecycleTracker.NOT_SET == reachNs ? nowNs : Math.max(c.startNs, reachNs);
                if (doneNs - c.startNs <= c.timeoutNs)
                {
                    c.doneNs = doneNs;
                }
                else
                {
                    c.timedOut = true; // known everywhere, but only after its timeout (seen at this look)
                }
            }
            else if (nowNs - (c.startNs + c.timeoutNs) >= 0)
            {
                c.timedOut = true;
            }
            else
            {
                open++;
            }
        }
        return open;
    }

    /**
     * Whether every running node other than the member holds the change: first from where the last look stopped,
     * then once more over all (a view may have moved back meanwhile).
     */
    private boolean knownEverywhere(final Change c)
    {
        for (; c.cursor < total; c.cursor++)
        {
            if (!holds(c, c.cursor))
            {
                return false;
            }
        }
        for (int i = 0; i < total; i++)
        {
            if (!holds(c, i))
            {
                c.cursor = i;
                return false;
            }
        }
        return true;
    }

    private boolean holds(final Change c, final int observer)
    {
        if (observer == c.index || HostedNodeState.RUNNING != engine.nodeState(observer))
        {
            return true;
        }
        final int state = engine.memberState(observer, c.memberId);
        switch (c.kind)
        {
            case LifecycleTracker.JOIN:
                return MemberState.ALIVE == state;
            case LifecycleTracker.LEAVE:
                return MemberState.LEFT == state || MemberState.NONE == state;
            default:
                return MemberState.DEAD == state || MemberState.NONE == state;
        }
    }

    private int runningCount()
    {
        int running = 0;
        for (int i = 0; i < total; i++)
        {
            running += HostedNodeState.RUNNING == engine.nodeState(i) ? 1 : 0;
        }
        return running;
    }

    /**
     * @return the dissemination bound of a change in a cluster of n: retransmitLimit(n) probe periods.
     */
    private long joinBoundNs(final int n)
    {
        return protocol.retransmitLimit(n) * protocol.probeIntervalNs();
    }

    /**
     * @return a crash's bound: the dissemination bound plus the longest suspicion timeout (Lifeguard's maximum).
     */
    private long crashBoundNs(final int n)
    {
        return joinBoundNs(n) + protocol.suspicionMaxTimeoutMult() * protocol.suspicionMinTimeoutNs(n);
    }

    private long timeout(final long boundNs)
    {
        return boundNs + 30 * protocol.probeIntervalNs();
    }

    private Map<String, Object> kindResults(final List<Change> changes, final int kind)
    {
        final List<Long> times = new ArrayList<>();
        final List<Map<String, Object>> never = new ArrayList<>();
        final List<Map<String, Object>> beyond = new ArrayList<>();
        int count = 0;
        int withinBound = 0;
        long boundMinNs = Long.MAX_VALUE;
        long boundMaxNs = 0;
        for (final Change c : changes)
        {
            if (c.kind != kind)
            {
                continue;
            }
            count++;
            boundMinNs = Math.min(boundMinNs, c.boundNs);
            boundMaxNs = Math.max(boundMaxNs, c.boundNs);
            if (LifecycleTracker.NOT_SET != c.doneNs)
            {
                final long ns = c.doneNs - c.startNs;
                times.add(ns);
                withinBound += ns <= c.boundNs ? 1 : 0;
                if (ns > c.boundNs && beyond.size() < 20)
                {
                    beyond.add(late(c, ns));
                }
            }
            else if (never.size() < 20)
            {
                never.add(missing(c));
            }
        }
        final Map<String, Object> k = new LinkedHashMap<>();
        k.put("changes", count);
        k.put("known_everywhere_ms", Distributions.summary(
            times.stream().mapToLong(Long::longValue).toArray(), Distributions.NS_PER_MS));
        k.put("never_known", count - times.size());
        k.put("bound_ms", 0 == count ? null : boundMaxNs / 1e6);
        k.put("bound_min_ms", 0 == count ? null : boundMinNs / 1e6);
        k.put("within_bound", withinBound);
        k.put("never_known_detail", never);
        k.put("beyond_bound_detail", beyond);
        return k;
    }

    /**
     * A change known everywhere beyond its bound: when (from its command and from the phase's start) and which
     * observer was the last to hold it, and whether that observer is a node started by the phases (a joiner).
     */
    private Map<String, Object> late(final Change c, final long ns)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("member_id", c.memberId);
        m.put("ms", ns / 1e6);
        m.put("since_phase_start_ms", (c.startNs - phaseStartNs) / 1e6);
        final int observer = tracker.lastReachObserver(c.slot);
        m.put("last_observer_id", observer);
        m.put("last_observer_is_joiner", observer >= ClusterPlan.MEMBER_ID_BASE + run.nodes());
        return m;
    }

    /**
     * A change not known everywhere in time, as the views hold it now: the member, its own lifecycle state, and how
     * many running nodes hold it in each state (NONE, ALIVE, SUSPECT, DEAD, LEFT) where the change is not held.
     */
    private Map<String, Object> missing(final Change c)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("member_id", c.memberId);
        m.put("member_state", engine.nodeState(c.index).name());
        m.put("known_after_timeout", c.timedOut && knownEverywhere(c));
        final Map<String, Integer> byState = new TreeMap<>();
        for (int i = 0; i < total; i++)
        {
            if (!holds(c, i))
            {
                final int state = engine.memberState(i, c.memberId);
                byState.merge(MemberState.name(state).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        m.put("observers_missing_by_state", byState);
        return m;
    }

    /** What a phase compares its end with. */
    private record PhaseStart(HostStatus[] statuses, long falseDeaths, long falseSuspicions, int[] falsePositives)
    {
    }

    private PhaseStart begin(final ClusterSnapshots snapshots)
    {
        phaseStartNs = System.nanoTime();
        tracker.startCounting();
        return new PhaseStart(snapshots.take(true), tracker.falseDeaths(), tracker.falseSuspicions(),
            tracker.falsePositiveIds());
    }

    /**
     * One poll of a phase's loop: a snapshot of the cluster when one is due, then a poll interval's sleep.
     *
     * @return when the next snapshot is due.
     */
    private static long snapshotAndSleep(final long nowNs, final long nextSnapshotNs, final ClusterSnapshots snapshots)
    {
        long next = nextSnapshotNs;
        if (nowNs - next >= 0)
        {
            snapshots.take(false);
            next = nowNs + SNAPSHOT_NS;
        }
        Emulation.sleep(POLL_NS / 1_000_000L);
        return next;
    }

    /**
     * The phase's false alarms, duty cycles (the hosts' window since {@link #begin}) and drops.
     */
    private void end(final Map<String, Object> r, final PhaseStart start, final ClusterSnapshots snapshots)
    {
        final HostStatus[] s = snapshots.take(true);
        final java.util.Set<Integer> before = new java.util.HashSet<>();
        for (final int id : start.falsePositives())
        {
            before.add(id);
        }
        final List<Integer> ids = new ArrayList<>();
        for (final int id : tracker.falsePositiveIds())
        {
            if (!before.contains(id))
            {
                ids.add(id);
            }
        }
        r.put("false_positives", ids.size());
        r.put("false_positive_ids", ids);
        r.put("false_positive_events", tracker.falseDeaths() - start.falseDeaths());
        r.put("false_suspicions", tracker.falseSuspicions() - start.falseSuspicions());
        final Histogram duty = new Histogram(DutyCycleRunner.HIGHEST_NS, 3);
        long drops = 0;
        final Map<String, Long> byReason = new TreeMap<>();
        for (final HostStatus h : s)
        {
            if (null != h.dutyCycles)
            {
                duty.add(EmulateHost.decode(h.dutyCycles));
            }
            for (final HostStatus.EngineView v : HostStatus.views(h))
            {
                drops += v.drops;
                v.dropsByReason.forEach((reason, value) -> byReason.merge(reason, value, Long::sum));
            }
        }
        for (final HostStatus h : start.statuses())
        {
            for (final HostStatus.EngineView v : HostStatus.views(h))
            {
                drops -= v.drops;
                v.dropsByReason.forEach((reason, value) -> byReason.merge(reason, -value, Long::sum));
            }
        }
        byReason.values().removeIf((value) -> 0 == value);
        r.put("duty_cycles_with_work", duty.getTotalCount());
        r.put("duty_cycle_p99_ns", duty.getTotalCount() > 0 ? duty.getValueAtPercentile(99) : null);
        r.put("duty_cycle_max_ns", duty.getTotalCount() > 0 ? duty.getMaxValue() : null);
        r.put("duty_cycle_budget_ns", (long)(DensityCommand.DUTY_BUDGET_FRACTION * protocol.probeTimeoutNs()));
        r.put("drops", drops);
        r.put("drops_by_reason", byReason);
    }

    /**
     * @param r the result document: {@code late_joins} and {@code churn} when they ran.
     */
    void results(final Map<String, Object> r)
    {
        if (!lateJoinResults.isEmpty())
        {
            r.put("late_joins", lateJoinResults);
        }
        if (!churnResults.isEmpty())
        {
            r.put("churn", churnResults);
        }
    }

    private static boolean retry(final java.util.function.BooleanSupplier command)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            if (command.getAsBoolean())
            {
                return true;
            }
            Emulation.sleep(1);
        }
        return false;
    }
}

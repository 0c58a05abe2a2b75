package io.starling.tools.netns;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.tools.flood.AeronCounters;
import io.starling.tools.flood.Flood;
import io.starling.tools.flood.UdpSocketDrops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults across hosts: {@code starling node} processes of 20 nodes each, one per network namespace ("host") of a
 * {@link NetnsLab}, protocol period 200 ms, and faults injected from outside: links cut between two groups of hosts,
 * a process killed and restarted with the same node ids, a process paused with SIGSTOP for less and for more than the
 * suspicion timeout, a flood of hostile datagrams from another host. Membership is read from the processes' JSON
 * status lines (every 250 ms: the least and most members any hosted node sees in each state), so "converged" means
 * every node of every process sees every node alive, and nothing else. Each test states its bound and prints what it
 * measured (times have the status interval, 250 ms, as resolution). A test that leaves the cluster converged lets
 * the next reuse it (it checks), which saves a start (5 to 40 s) per test; the order puts the flood, on three hosts,
 * last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Four JVMs in four namespaces on a 2-core machine: timing-sensitive under load (a short pause produced deaths
// and the cross-host flood timed out in runs beside other builds), so the suite runs under -Pslow; the lab
// itself (NetnsLabTest), the status line and the loopback flood stay in the default run.
@org.junit.jupiter.api.Tag("slow")
class FaultsAcrossHostsTest
{
    static final int HOSTS = 4;
    static final int NODES = 20;
    static final long PERIOD_MS = 200;
    /** Minimum suspicion timeout of an 80-node cluster at this period: 4 x log10(80) x 200 ms, about 1.5 s. */
    static final long SUSPICION_MIN_MS = TimeUnit.NANOSECONDS.toMillis(new ProtocolConfig()
        .probeIntervalNs(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)).suspicionMinTimeoutNs(HOSTS * NODES));
    /** Maximum suspicion timeout (6 x the minimum), about 9.1 s. */
    static final long SUSPICION_MAX_MS = SUSPICION_MIN_MS * ProtocolConfig.SUSPICION_MAX_TIMEOUT_MULT_DEFAULT;

    /**
     * Processes started and converged (each hosted node sees all): bound. Hosted nodes after the first join through
     * the first, so one that joined while the first knew only its own process learns the rest only by periodic
     * push-pull with a random member it knows (the first uniform in [0, 30 s), then every 30 s): seen to take 57 s
     * and more, so the bound allows four push-pull intervals.
     */
    static final long START_BOUND_MS =
        4 * TimeUnit.NANOSECONDS.toMillis(ProtocolConfig.PUSH_PULL_INTERVAL_NS_DEFAULT);
    /** A fault is seen by every node of every surviving process: bound (the maximum suspicion timeout + 6 s). */
    static final long DETECT_BOUND_MS = SUSPICION_MAX_MS + 6_000;
    /** After a heal, a restart or a resume, every node sees every node alive again: bound. */
    static final long RECOVER_BOUND_MS = 30_000;
    /**
     * The nodes of a restarted process all see the whole cluster: bound, as for a start. Most learn it at their first
     * periodic push-pull, uniform in [0, 30 s) after start; a node whose first push-pull reaches a peer that knows as
     * little as itself waits for the next one.
     */
    static final long RESTARTED_FULL_VIEW_BOUND_MS = START_BOUND_MS;
    /**
     * A paused process must be seen dead within this while paused: below Aeron's 10 s client and driver liveness
     * timeouts, past which a resumed media driver and client would time each other out (a different fault).
     */
    static final long PAUSED_DETECT_BOUND_MS = 8_500;
    /** The short pause: a third of the minimum suspicion timeout. */
    static final long SHORT_PAUSE_MS = SUSPICION_MIN_MS / 3;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static NetnsLab lab;
    private static ChildProcess[] cluster;

    @BeforeAll
    static void createLab()
    {
        lab = NetnsLab.create(HOSTS);
    }

    @AfterAll
    static void closeLab()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @AfterEach
    void stopOtherProcesses() throws InterruptedException
    {
        // Keep a converged cluster for the next test (it checks); stop anything else, such as a flooder.
        if (null != lab)
        {
            lab.stopChildrenExcept(null == cluster ? List.of() : List.of(cluster));
        }
    }

    /** The default run's partition: 15 s, links down. */
    @Order(4)
    @Test
    void partitionOf15sWithLinksDownHealsIntoOneMembership() throws Exception
    {
        partition(15_000, NetnsLab.Cut.LINK_DOWN);
    }

    @Order(5)
    @Test
    @Tag("slow")
    void partitionOf60sWithLinksDownHealsIntoOneMembership() throws Exception
    {
        partition(60_000, NetnsLab.Cut.LINK_DOWN);
    }

    @Order(6)
    @Test
    @Tag("slow")
    void partitionOf60sDiscardingEveryPacketHealsIntoOneMembership() throws Exception
    {
        partition(60_000, NetnsLab.Cut.BLACKHOLE);
    }

    @Order(3)
    @Test
    void crashedProcessRestartedWithTheSameIdsIsAliveEverywhere() throws Exception
    {
        final ChildProcess[] nodes = startCluster(HOSTS);
        final Map<String, Object> record = new LinkedHashMap<>();

        final long killNs = System.nanoTime();
        nodes[3].kill();
        record.put("detect_ms", awaitAll(others(nodes, 3), killNs, DETECT_BOUND_MS,
            "every other node sees the 20 killed nodes dead",
            (h, s) -> view(s, 3 * NODES, 0, NODES)));

        nodes[3].removeEngineDirectory();
        assertFalse(new File(nodes[3].engineDirectory()).exists(), "the killed process's directory is removed");
        final long restartNs = System.nanoTime();
        nodes[3] = lab.startNode(3, NODES, idBase(3), PERIOD_MS, List.of(0, 1, 2));
        record.put("rejoin_ms", awaitAll(others(nodes, 3), restartNs, RECOVER_BOUND_MS,
            "every node of the other processes sees every node, the restarted ones included, alive",
            (h, s) -> allAlive(s, HOSTS * NODES)));
        // The restarted process's own nodes: all but the first join through the first, which knows little yet, so
        // some learn the rest of the cluster only at their first periodic push-pull (uniform in [0, 30 s)).
        record.put("restarted_full_view_ms", awaitAll(nodes, restartNs, RESTARTED_FULL_VIEW_BOUND_MS,
            "every node of every process, the restarted ones included, sees every node alive",
            (h, s) -> allAlive(s, HOSTS * NODES)));
        record.put("refutations_by_restarted", nodes[3].latest().longField("refutations"));
        print("crash-restart", record);
    }

    @Order(1)
    @Test
    void pauseShorterThanTheSuspicionTimeoutIsNotADeath() throws Exception
    {
        final ChildProcess[] nodes = startCluster(HOSTS);
        final long[] deathsBefore = counter(nodes, "deaths_declared");
        final long[] suspicionsBefore = counter(nodes, "suspicions_raised");
        final long[] refutationsBefore = counter(nodes, "refutations");

        final long stopNs = System.nanoTime();
        nodes[3].signal("STOP");
        try
        {
            Thread.sleep(SHORT_PAUSE_MS);
        }
        finally
        {
            nodes[3].signal("CONT");
        }
        final long contNs = System.nanoTime();
        // Any suspicion raised during the pause has either been refuted or timed out by now.
        Thread.sleep(SUSPICION_MAX_MS + 2_000);

        final Map<String, Object> record = new LinkedHashMap<>();
        record.put("pause_ms", TimeUnit.NANOSECONDS.toMillis(contNs - stopNs));
        record.put("suspicion_min_ms", SUSPICION_MIN_MS);
        awaitAll(nodes, contNs, RECOVER_BOUND_MS, "every node sees every node alive",
            (h, s) -> allAlive(s, HOSTS * NODES));
        record.put("all_alive_again_ms", lastFirstSeenMs(nodes, contNs, HOSTS * NODES));
        final long[] deathsAfter = counter(nodes, "deaths_declared");
        record.put("suspicions_raised", sum(counter(nodes, "suspicions_raised")) - sum(suspicionsBefore));
        record.put("refutations", sum(counter(nodes, "refutations")) - sum(refutationsBefore));
        record.put("deaths_declared", sum(deathsAfter) - sum(deathsBefore));
        print("short-pause", record);

        for (int h = 0; h < HOSTS; h++)
        {
            assertEquals(deathsBefore[h], deathsAfter[h], "host " + h + " declared deaths: " + record);
            for (final ChildProcess.Status status : nodes[h].statusesAfter(stopNs))
            {
                assertEquals(0, status.intField("dead_max"), () -> status.json().toString());
            }
        }
    }

    @Order(2)
    @Test
    void pauseLongerThanTheSuspicionTimeoutIsADeathThenARefutation() throws Exception
    {
        final ChildProcess[] nodes = startCluster(HOSTS);
        final long refutationsBefore = nodes[3].latest().longField("refutations");
        final long[] deathsBefore = counter(nodes, "deaths_declared");
        final Map<String, Object> record = new LinkedHashMap<>();

        final long stopNs = System.nanoTime();
        nodes[3].signal("STOP");
        final long contNs;
        try
        {
            record.put("detect_ms", awaitAll(others(nodes, 3), stopNs, PAUSED_DETECT_BOUND_MS,
                "every other node sees the 20 paused nodes dead", (h, s) -> view(s, 3 * NODES, 0, NODES)));
        }
        finally
        {
            nodes[3].signal("CONT");
            contNs = System.nanoTime();
        }
        record.put("pause_ms", TimeUnit.NANOSECONDS.toMillis(contNs - stopNs));
        record.put("refute_ms", awaitAll(nodes, contNs, RECOVER_BOUND_MS,
            "every node sees every node alive after the resume", (h, s) -> allAlive(s, HOSTS * NODES)));
        final long refutations = nodes[3].latest().longField("refutations") - refutationsBefore;
        record.put("refutations_by_resumed", refutations);
        final long[] deathsAfter = counter(nodes, "deaths_declared");
        record.put("deaths_declared_by_others", sum(deathsAfter) - deathsAfter[3] - (sum(deathsBefore) - deathsBefore[3]));
        record.put("deaths_declared_by_resumed", deathsAfter[3] - deathsBefore[3]);
        print("long-pause", record);
        assertTrue(refutations >= NODES, () -> "each resumed node refutes its death: " + record);
    }

    /**
     * A burst from another host at h0's port: raw random datagrams, then garbage frames from an Aeron publication
     * of our own. Every raw datagram is counted by the victim's driver or dropped by its socket, the engine's drop
     * counters grow (never beyond what the garbage explains), nothing escapes as an error, and every node ends
     * alive everywhere within the bound.
     */
    @Order(7)
    @Test
    void floodFromAnotherHostIsCountedAndTheMembershipHolds() throws Exception
    {
        final int hosts = 3;
        final ChildProcess[] nodes = startCluster(hosts);
        final ChildProcess victim = nodes[0];
        final String dir = victim.engineDirectory();
        assertNotNull(dir);
        final long[] deathsBefore = counter(nodes, "deaths_declared");
        final long[] suspicionsBefore = counter(nodes, "suspicions_raised");
        final Map<String, Long> before = victimCounters(victim);

        final String floodDir = lab.ownedDirectory("flood-aeron");
        final long floodStartNs = System.nanoTime();
        final ChildProcess flood = lab.startJava(3, "flood-h3", Flood.class.getName(), List.of(
            "target=" + NetnsLab.endpoint(0),
            "raw=200000",
            "frames=60000",
            "kinds=RANDOM,TRUNCATED,WRONG_CLUSTER,HUGE_GROUP,REPLAY",
            "seed=11",
            "deadline-ms=90000",
            "aeron-dir=" + floodDir,
            "cluster-id=" + ProtocolConfig.CLUSTER_ID_DEFAULT,
            "stream-id=" + io.starling.engine.api.StarlingEngine.Context.STREAM_ID_DEFAULT,
            "victim-ids=" + idBase(0) + "-" + (idBase(0) + NODES - 1),
            "member-ids=" + idBase(1) + "-" + (idBase(1) + NODES - 1) + "@" + NetnsLab.endpoint(1) + ";" +
                idBase(2) + "-" + (idBase(2) + NODES - 1) + "@" + NetnsLab.endpoint(2),
            "allow=10.77.0.0/24"));
        assertTrue(flood.process().waitFor(120, TimeUnit.SECONDS), flood::output);
        final long floodEndNs = System.nanoTime();
        assertEquals(0, flood.process().exitValue(), flood::output);
        final ChildProcess.Status tally = flood.latest();
        assertNotNull(tally, flood::output);
        assertFalse(new File(floodDir).exists(), "the flooder removes its Aeron directory");

        final Map<String, Object> record = new LinkedHashMap<>();
        MAPPER.convertValue(tally.json(), Map.class).forEach((k, v) -> record.put("flood_" + k, v));
        record.put("flood_wall_ms", TimeUnit.NANOSECONDS.toMillis(floodEndNs - floodStartNs));
        record.put("settle_ms", awaitAll(nodes, floodEndNs, RECOVER_BOUND_MS,
            "every node sees every node alive after the flood", (h, s) -> allAlive(s, hosts * NODES)));
        final Map<String, Long> after = victimCounters(victim);
        after.forEach((k, v) -> record.put("victim_" + k, v - before.get(k)));
        record.put("deaths_declared", sum(counter(nodes, "deaths_declared")) - sum(deathsBefore));
        record.put("suspicions_raised", sum(counter(nodes, "suspicions_raised")) - sum(suspicionsBefore));
        print("flood", record);

        final long rawExpectedInvalid = tally.longField("raw_expected_invalid");
        final long invalid = after.get("aeron_invalid_packets") - before.get("aeron_invalid_packets");
        final long socketDrops = after.get("socket_drops") - before.get("socket_drops");
        assertEquals(200_000, tally.longField("raw_sent"), record::toString);
        assertEquals(60_000, tally.longField("frames_sent"), record::toString);
        assertTrue(invalid <= rawExpectedInvalid, record::toString);
        assertTrue(invalid + socketDrops >= rawExpectedInvalid,
            () -> "every raw datagram is counted by the driver or the kernel: " + record);
        assertTrue(after.get("drop_malformed") - before.get("drop_malformed") > 0, record::toString);
        // Upper bounds from what the flooder made (GarbageFrames.lastOutcome): the kernel may drop some of it, the
        // engine may not count more than was made so (truncated frames long enough for a FrameHeader and a trailer
        // fail their checksum).
        assertTrue(after.get("drop_malformed") - before.get("drop_malformed") <=
            tally.longField("expect_malformed"), record::toString);
        assertTrue(after.get("drop_wrong_cluster") - before.get("drop_wrong_cluster") > 0, record::toString);
        assertTrue(after.get("drop_wrong_cluster") - before.get("drop_wrong_cluster") <=
            tally.longField("expect_wrong_cluster"), record::toString);
        assertEquals(0, after.get("errors") - before.get("errors"), record::toString);
        // The product's promise holds under a flood too: no live node declared dead. The burst overflows the
        // victim's socket, so real probes are lost with the garbage and suspicions are raised; each must be refuted
        // before it runs out (docs/faults.md recorded 2 to 31 deaths per run before this was asserted).
        assertEquals(0L, ((Number)record.get("deaths_declared")).longValue(),
            () -> "live nodes declared dead during the flood: " + record);
    }

    private static void partition(final long cutMs, final NetnsLab.Cut how) throws Exception
    {
        final ChildProcess[] nodes = startCluster(HOSTS);
        final List<Integer> groupA = List.of(0, 1);
        final List<Integer> groupB = List.of(2, 3);
        final int side = 2 * NODES;
        final Map<String, Object> record = new LinkedHashMap<>();
        record.put("cut", how.name());
        record.put("cut_ms", cutMs);

        final long cutNs = System.nanoTime();
        lab.cut(groupA, groupB, how);
        try
        {
            record.put("detect_ms", awaitAll(nodes, cutNs, DETECT_BOUND_MS,
                "each side sees its own side alive and the other side dead", (h, s) -> view(s, side, 0, side)));
            final long remainingMs = cutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutNs);
            if (remainingMs > 0)
            {
                Thread.sleep(remainingMs);
            }
            for (int h = 0; h < HOSTS; h++)
            {
                final ChildProcess.Status status = nodes[h].latest();
                assertTrue(view(status, side, 0, side), "host " + h + " still split at the end of the cut: " +
                    status.json());
            }
        }
        finally
        {
            lab.heal();
        }
        final long healNs = System.nanoTime();
        record.put("heal_ms", awaitAll(nodes, healNs, RECOVER_BOUND_MS,
            "every node sees every node alive after the heal", (h, s) -> allAlive(s, HOSTS * NODES)));
        print("partition", record);
    }

    /**
     * A converged cluster of one 20-node process per host: the one the previous test left, if it has the same hosts,
     * every process runs and every one of them reported, within the last second, that each of its nodes sees every
     * node alive; else a new one (the old processes stopped first).
     */
    private static ChildProcess[] startCluster(final int hosts) throws Exception
    {
        if (null != cluster && cluster.length == hosts && isConverged(cluster, hosts * NODES))
        {
            System.out.println("netns: reusing the converged cluster of " + hosts + " processes");
            return cluster;
        }
        cluster = null;
        lab.stopChildren();
        final ChildProcess[] nodes = new ChildProcess[hosts];
        final long startNs = System.nanoTime();
        for (int h = 0; h < hosts; h++)
        {
            final List<Integer> seeds = new ArrayList<>();
            for (int s = 0; s < hosts; s++)
            {
                if (s != h)
                {
                    seeds.add(s);
                }
            }
            nodes[h] = lab.startNode(h, NODES, idBase(h), PERIOD_MS, seeds);
        }
        cluster = nodes;
        final long ms = awaitAll(nodes, startNs, START_BOUND_MS, "the cluster converges after start",
            (h, s) -> allAlive(s, hosts * NODES));
        System.out.println("netns: " + hosts + " processes x " + NODES + " nodes converged in " + ms + " ms");
        return nodes;
    }

    private static boolean isConverged(final ChildProcess[] nodes, final int n)
    {
        final long recentNs = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        for (final ChildProcess node : nodes)
        {
            final ChildProcess.Status status = node.latest();
            if (!node.isAlive() || null == status || status.readNs() - recentNs < 0 || !allAlive(status, n))
            {
                return false;
            }
        }
        return true;
    }

    static int idBase(final int host)
    {
        return (host + 1) * 1000;
    }

    /** Predicate over one process's latest status. */
    interface StatusCheck
    {
        boolean test(int host, ChildProcess.Status status);
    }

    /**
     * Wait until the latest status of every process, read after {@code sinceNs}, passes the check.
     *
     * @return milliseconds from {@code sinceNs} to when it held; fails the test past the bound.
     */
    private static long awaitAll(
        final ChildProcess[] nodes,
        final long sinceNs,
        final long boundMs,
        final String what,
        final StatusCheck check) throws InterruptedException
    {
        while (true)
        {
            boolean all = true;
            for (int h = 0; h < nodes.length && all; h++)
            {
                if (null == nodes[h])
                {
                    continue;
                }
                final ChildProcess.Status status = nodes[h].latest();
                all = null != status && status.readNs() - sinceNs > 0 && check.test(h, status);
            }
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNs);
            if (all)
            {
                final StringBuilder perHost = new StringBuilder();
                for (int h = 0; h < nodes.length; h++)
                {
                    if (null != nodes[h])
                    {
                        final int host = h;
                        final ChildProcess.Status first = nodes[h].firstAfter(sinceNs, (st) -> check.test(host, st));
                        perHost.append(" h").append(h).append('=')
                            .append(TimeUnit.NANOSECONDS.toMillis(first.readNs() - sinceNs));
                    }
                }
                System.out.println("netns: " + what + " after " + elapsedMs + " ms (first seen per host, ms:" +
                    perHost + ")");
                return elapsedMs;
            }
            if (elapsedMs > boundMs)
            {
                final StringBuilder sb = new StringBuilder(what).append(": not within ").append(boundMs)
                    .append(" ms\n");
                for (final ChildProcess node : nodes)
                {
                    if (null != node)
                    {
                        final ChildProcess.Status status = node.latest();
                        sb.append(node.name()).append(" alive=").append(node.isAlive()).append(": ")
                            .append(null == status ? "no status" : status.json().toString()).append('\n');
                    }
                }
                fail(sb.toString());
            }
            Thread.sleep(50);
        }
    }

    /**
     * @return the latest, over processes, of the first status after {@code sinceNs} in which every hosted node sees
     * every node alive (ms after {@code sinceNs}).
     */
    private static long lastFirstSeenMs(final ChildProcess[] nodes, final long sinceNs, final int n)
    {
        long latestNs = sinceNs;
        for (final ChildProcess node : nodes)
        {
            final ChildProcess.Status first = node.firstAfter(sinceNs, (st) -> allAlive(st, n));
            latestNs = Math.max(latestNs, first.readNs());
        }
        return TimeUnit.NANOSECONDS.toMillis(latestNs - sinceNs);
    }

    private static boolean allAlive(final ChildProcess.Status s, final int n)
    {
        return view(s, n, 0, 0) && s.intField("left_max") == 0;
    }

    /**
     * @return every hosted node sees exactly {@code alive} members alive, {@code suspect} suspect, {@code dead} dead.
     */
    private static boolean view(final ChildProcess.Status s, final int alive, final int suspect, final int dead)
    {
        return s.intField("alive_min") == alive && s.intField("alive_max") == alive &&
            s.intField("suspect_min") == suspect && s.intField("suspect_max") == suspect &&
            s.intField("dead_min") == dead && s.intField("dead_max") == dead;
    }

    private static ChildProcess[] others(final ChildProcess[] nodes, final int except)
    {
        final ChildProcess[] others = nodes.clone();
        others[except] = null;
        return others;
    }

    private static long[] counter(final ChildProcess[] nodes, final String field)
    {
        final long[] values = new long[nodes.length];
        for (int h = 0; h < nodes.length; h++)
        {
            values[h] = nodes[h].latest().longField(field);
        }
        return values;
    }

    private static long sum(final long[] values)
    {
        long sum = 0;
        for (final long v : values)
        {
            sum += v;
        }
        return sum;
    }

    private static Map<String, Long> victimCounters(final ChildProcess victim)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        try (EngineStat stat = new EngineStat(victim.engineDirectory());
            AeronCounters driver = new AeronCounters(new File(victim.engineDirectory(), "aeron")))
        {
            values.put("drop_malformed", stat.protocol(ProtocolCounters.DROP_MALFORMED));
            values.put("drop_wrong_cluster", stat.protocol(ProtocolCounters.DROP_WRONG_CLUSTER));
            values.put("drop_unknown_destination", stat.protocol(ProtocolCounters.DROP_UNKNOWN_DESTINATION));
            values.put("drop_semantic", stat.protocol(ProtocolCounters.DROP_SEMANTIC));
            values.put("frames_received", stat.protocol(ProtocolCounters.FRAMES_RECEIVED));
            values.put("errors", stat.host(io.starling.engine.metrics.HostCounters.ERRORS));
            values.put("aeron_invalid_packets", driver.system(SystemCounterDescriptor.INVALID_PACKETS));
            values.put("aeron_loss_gap_fills", driver.system(SystemCounterDescriptor.LOSS_GAP_FILLS));
        }
        values.put("socket_drops", UdpSocketDrops.of(victim.pid(), NetnsLab.PORT));
        return values;
    }

    private static void print(final String what, final Map<String, Object> record) throws Exception
    {
        System.out.println("netns " + what + ": " + MAPPER.writeValueAsString(record));
    }
}

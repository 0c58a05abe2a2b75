package io.starling.engine.scenario;

import java.util.Arrays;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.LatencyModel;
import io.starling.engine.sim.SimMetrics;
import io.starling.engine.sim.Simulation;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 3's protocol scenarios on the deterministic simulator, with the production SwimNode. Each scenario is a
 * property over {@link Seeds} (10 seeds by default, 30 under {@code -Pslow}) at a size that keeps the default test
 * run fast; the sizes the issue names run under {@code -Pslow}. Each figure is bounded by theory or by about 1.5x
 * its worst case measured over seeds 1-10 (the measured value stands beside each bound; docs/testing.md lists
 * them). Every figure is printed to the test's output (target/surefire-reports/*-output.txt).
 */
class SwimScenarioTest
{
    private static final long MS = 1_000_000L;
    private static final double E_OVER_E_MINUS_1 = Math.E / (Math.E - 1.0);

    static Simulation.Context context(final int nodes, final long seed, final JoinMode joinMode)
    {
        return new Simulation.Context()
            .nodes(nodes)
            .seed(seed)
            .joinMode(joinMode)
            .latency(LatencyModel.constant(MS))
            .protocolConfig(new ProtocolConfig());
    }

    // ---------------------------------------------------------------------------------------------- join and kill

    /**
     * Converge bound, periods, for 300 joiners over a 1 s jitter: 1.5 x the worst over seeds 1-10, 16.57 (seed 5;
     * the others 3.36 to 9.80). Was 120.
     */
    private static final double JOIN_300_CONVERGE_PERIODS_MAX = 25;
    /** Kill-10-to-all-detected bound, periods, at 300: 1.5 x the worst over seeds 1-10, 15.92 (seed 5). Was 80. */
    private static final double JOIN_300_DETECT_ALL_PERIODS_MAX = 24;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void joinConvergeKillTenDetectedByAllWithoutFalsePositives(final long seed)
    {
        joinConvergeKill(300, seed, JOIN_300_CONVERGE_PERIODS_MAX, JOIN_300_DETECT_ALL_PERIODS_MAX);
    }

    /**
     * At 1,000 nodes joining through one seed over a 1 s start jitter, the bounded dissemination queues (512
     * updates) overflow and the last missing pairs wait for push-pull (every 180 s at 1,000), so convergence takes
     * about 185 periods (seeds 1, 2, 11: 183.7, 183.1, 186.2) against the 120 the 300-node case is held to. The
     * bound stays at 120 (f688e05 had raised it to 240 to turn the slow build green); the test is disabled until
     * the queue overflow is fixed, not widened.
     */
    @Test
    @Tag("slow")
    @Disabled("product defect: 1,000 joiners over a 1 s jitter overflow the 512-update dissemination queue and " +
        "converge in ~185 periods (seeds 1, 2, 11) only by push-pull; bound 120 kept (issue 19)")
    void joinConvergeKillTenDetectedByAllWithoutFalsePositivesAt1000()
    {
        joinConvergeKill(1000, 11, 120, 80);
    }

    /**
     * Bound, periods, for 1,000 simultaneous joiners through node 0: 1.5 x the worst over seeds 1-8 and 10, 29.08
     * (seed 6; the others 20.47 to 28.92). Was 60. Seed 9 does not converge within 60 (see below).
     */
    private static final double THOUSAND_TOGETHER_CONVERGE_PERIODS_MAX = 44;

    /** Why seed 9 of the 1,000-node simultaneous join is skipped, not bounded. */
    static final String THOUSAND_SEED_9_DEFECT = "product defect: 1,000 nodes starting at once and joining " +
        "through node 0 converge in 150.4 periods with seed 9 (seeds 1-8, 10: 20.5 to 29.1); issue 19";

    /**
     * The README's main job: 1,000 nodes all starting at once (no jitter) and joining through node 0 must converge.
     * Commit 259c34e (reverted by d99d239) briefly stopped joiners from re-announcing the members of the seed's
     * reply, and this start never converged within 120 periods (the simultaneous joins leave each reply nearly
     * empty, so the re-announcements were most of what spread the membership).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void thousandNodesStartingTogetherConvergeThroughOneSeed(final long seed)
    {
        assumeTrue(9 != seed, THOUSAND_SEED_9_DEFECT);
        final Simulation sim = new Simulation(context(1000, seed, JoinMode.SEED));
        final boolean converged = sim.runUntilConverged(sim.periodsNs(THOUSAND_TOGETHER_CONVERGE_PERIODS_MAX));
        final double periods = sim.toPeriods(sim.metrics().convergedNs());
        System.out.printf("FIGURE thousand-together seed=%d converge=%.2f%n", seed, periods);
        assertTrue(converged, "converged through one seed within " + THOUSAND_TOGETHER_CONVERGE_PERIODS_MAX +
            " periods");
        assertEquals(0, sim.metrics().falsePositiveEvents());
    }

    private static void joinConvergeKill(
        final int n, final long seed, final double convergePeriodsMax, final double detectAllPeriodsMax)
    {
        final Simulation sim = new Simulation(context(n, seed, JoinMode.SEED).startJitterNs(1000 * MS));
        final boolean converged = sim.runUntilConverged(sim.periodsNs(convergePeriodsMax));
        final double convergePeriods = sim.toPeriods(sim.metrics().convergedNs());
        assertTrue(converged, "converged through one seed within " + convergePeriodsMax + " periods");
        sim.runPeriods(5);
        final int[] killed = sim.killNodes(10);
        final long killNs = sim.nowNs();
        final boolean detected = sim.runUntilAllKilledDetected(sim.periodsNs(detectAllPeriodsMax));
        final SimMetrics m = sim.metrics();
        final double detectAllPeriods = sim.toPeriods(sim.nowNs() - killNs);
        System.out.printf("FIGURE join seed=%d n=%d converge=%.2f detectAll=%.2f%n",
            seed, n, convergePeriods, detectAllPeriods);
        assertTrue(detected, "every live node marks the 10 dead within " + detectAllPeriodsMax + " periods");
        for (final int k : killed)
        {
            for (int i = 0; i < n; i++)
            {
                if (sim.isLive(i))
                {
                    assertEquals(MemberState.DEAD, sim.swimNode(i).memberState(sim.nodeId(k)));
                }
            }
        }
        assertEquals(0, m.falsePositiveMembers(), "no live node was ever declared dead");
        assertEquals(0, m.falsePositiveEvents());
    }

    // ---------------------------------------------------------------------------------------------- detection time

    /**
     * SWIM section 3.1: with probe targets drawn uniformly at random, in each protocol period a failed member is
     * picked by at least one of the N-1 others with probability p = 1 - (1 - 1/(N-1))^(N-1) ~ 1 - 1/e, so the
     * number of periods to first detection is geometric with mean 1/p = e/(e-1) ~ 1.582 and variance
     * (1-p)/p^2 ~ 0.921. Nodes start together so periods are aligned (SWIM's synchronous-round model), each batch of
     * kills lands just before a period boundary, and the first suspicion is raised at the end of the period in which
     * the failed member was first probed: the measured time from kill to first suspicion, in periods, is that
     * period's index. The mean over every seed's 100 kills (1,000 kills at 10 seeds) must lie within 4 standard
     * errors of e/(e-1) (0.12 periods at 1,000 kills); the chance of a correct protocol failing that is 6e-5.
     */
    @Test
    void meanFirstDetectionMatchesSwimAnalysisWithUniformRandomProbes()
    {
        final int seeds = Seeds.count();
        double sum = 0;
        double max = 0;
        int kills = 0;
        for (long seed = 1; seed <= seeds; seed++)
        {
            final double[] periods = firstDetectionPeriodsUniformRandom(1000, seed, 10, 10);
            for (final double p : periods)
            {
                sum += p;
                max = Math.max(max, p);
            }
            kills += periods.length;
        }
        final double mean = sum / kills;
        final double p = 1.0 - 1.0 / Math.E;
        final double standardError = Math.sqrt((1.0 - p) / (p * p) / kills);
        System.out.printf("FIGURE uniform-random N=1000 mean first detection %.3f periods (theory %.3f, 4 SE %.3f), " +
            "max %.0f, over %d kills on %d seeds%n", mean, E_OVER_E_MINUS_1, 4 * standardError, max, kills, seeds);
        assertEquals(E_OVER_E_MINUS_1, mean, 4 * standardError, "mean first detection in periods");
    }

    private static double[] firstDetectionPeriodsUniformRandom(
        final int n, final long seed, final int batches, final int perBatch)
    {
        final ProtocolConfig config = new ProtocolConfig().randomProbeTargets(true).lifeguardEnabled(false)
            .pushPullIntervalNs(0).reconnectIntervalNs(0);
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED).startJitterNs(0)
            .protocolConfig(config));
        final long periodNs = sim.periodNs();
        final int[] killed = new int[batches * perBatch];
        int k = 0;
        for (int b = 0; b < batches; b++)
        {
            // Kill 1 ms before the probe round at the next period boundary (nodes probe at multiples of a period).
            final long boundaryNs = ((sim.nowNs() / periodNs) + 2) * periodNs;
            sim.runUntil(boundaryNs - MS);
            for (final int node : sim.killNodes(perBatch))
            {
                killed[k++] = node;
            }
            sim.runPeriods(6);
        }
        sim.runPeriods(10);
        final double[] periods = new double[killed.length];
        for (int i = 0; i < killed.length; i++)
        {
            final long detectNs = sim.metrics().detectFirstNs(killed[i]);
            assertTrue(detectNs > 0, "seed " + seed + ": killed node " + killed[i] + " detected");
            // Suspicion lands at k periods + 1 ms after the kill when round k first probed the failed member.
            periods[i] = Math.round((double)detectNs / periodNs);
        }
        assertEquals(0, sim.metrics().falsePositiveMembers(), "seed " + seed);
        return periods;
    }

    /**
     * Worst first detection, periods, under round-robin probing at N=200: 1.5 x the worst over seeds 1-10 (50 kills
     * each), 9.0 (seed 2; the others 3.0 to 6.0).
     */
    private static final double ROUND_ROBIN_FIRST_DETECTION_PERIODS_MAX = 14;

    /**
     * Round-robin probe order (SWIM section 4.3) bounds first detection: a member is probed by every other member
     * once per pass of N-1 periods, and a member inserted or reshuffled into the worst place waits at most
     * 2(N-1) - 1 periods; the suspicion is raised at the end of that period. So no failure goes undetected for more
     * than 2N - 1 periods (the run waits that long, so the guarantee is tested, not implied). With 199 probers the
     * measured worst is far below it, and is bounded by 1.5x its measured value. (ProbeOrderTest checks the
     * per-prober gap bound exactly.)
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void roundRobinFirstDetectionStaysWithinItsGuarantee(final long seed)
    {
        final int n = 200;
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED)
            .protocolConfig(new ProtocolConfig().lifeguardEnabled(false)));
        sim.runPeriods(3);
        double max = 0;
        double sum = 0;
        int count = 0;
        for (int round = 0; round < 10; round++)
        {
            final int[] killed = sim.killNodes(5);
            final long killNs = sim.nowNs();
            sim.runUntil(killNs + sim.periodsNs(2 * n - 1), () -> allFirstDetected(sim, killed));
            sim.runPeriods(3);
            for (final int node : killed)
            {
                final long detectNs = sim.metrics().detectFirstNs(node);
                assertTrue(detectNs > 0, "seed " + seed + ": node " + node + " detected within 2N-1 periods");
                max = Math.max(max, sim.toPeriods(detectNs));
                sum += sim.toPeriods(detectNs);
                count++;
            }
        }
        System.out.printf("FIGURE round-robin seed=%d N=%d mean=%.3f max=%.3f%n", seed, n, sum / count, max);
        assertTrue(max <= 2 * n - 1, "max first detection " + max + " within 2N-1 periods");
        assertTrue(max <= ROUND_ROBIN_FIRST_DETECTION_PERIODS_MAX,
            "max first detection " + max + " within " + ROUND_ROBIN_FIRST_DETECTION_PERIODS_MAX + " periods");
        assertEquals(0, sim.metrics().falsePositiveMembers());
    }

    private static boolean allFirstDetected(final Simulation sim, final int[] killed)
    {
        for (final int node : killed)
        {
            if (sim.metrics().detectFirstNs(node) <= 0)
            {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- dissemination

    /**
     * One update (a metadata change) spreads by piggybacking on probes and by gossip to f = 3 members every gossip
     * round. Push epidemic theory (Pittel 1987) for fanout f: rounds to reach all N ~ log_{1+f}(N) + ln(N)/f
     * (7.29 for N=1,000). Tolerance band: at least log_{1+f}(N) rounds (no epidemic can be faster than the
     * infected set growing by 1+f per round) and at most 2 x the theory (the retransmit limit and the random
     * phases of gossip rounds only slow the tail); each seed's mean over 10 updates within 25% of theory. The bytes
     * travel with the update (issue 18): every other node holds them within the dissemination bound, lambda log N =
     * {@code retransmitLimit(N)} periods (each informed node sends the update that many times, at least one message
     * a period), measured per node as they arrive (the simulated nodes share one directory).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void oneUpdateReachesAllThousandNodesWithinTheLogNBand(final long seed)
    {
        final int n = 1000;
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED));
        sim.runPeriods(12);
        final int updates = 10;
        for (int u = 0; u < updates; u++)
        {
            sim.updateMetadata(u * 37, ("role=" + u).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sim.runPeriods(6);
        }
        final int f = sim.config().gossipNodes();
        final double theory = Math.log(n) / Math.log(1 + f) + Math.log(n) / f;
        final double lower = Math.log(n) / Math.log(1 + f);
        final SimMetrics m = sim.metrics();
        assertEquals(updates, m.disseminationCount());
        double sum = 0;
        double max = 0;
        final double boundPeriods = sim.config().retransmitLimit(n);
        double bytesMaxPeriods = 0;
        final long[] bytesArrivalsNs = new long[updates * (n - 1)];
        int arrivals = 0;
        for (int i = 0; i < updates; i++)
        {
            assertEquals(n - 1, m.disseminationSeen(i), "update " + i + " reached every other node");
            assertEquals(n - 1, m.disseminationBytesHeld(i), "update " + i + "'s bytes reached every other node");
            final double bytesPeriods = sim.toPeriods(m.disseminationBytesNs(i));
            bytesMaxPeriods = Math.max(bytesMaxPeriods, bytesPeriods);
            assertTrue(bytesPeriods <= boundPeriods,
                "update " + i + "'s bytes took " + bytesPeriods + " periods, bound " + boundPeriods);
            for (final long ns : m.disseminationBytesArrivalsNs(i))
            {
                bytesArrivalsNs[arrivals++] = ns;
            }
            final double rounds = sim.toGossipRounds(m.disseminationNs(i));
            sum += rounds;
            max = Math.max(max, rounds);
            assertTrue(rounds >= lower && rounds <= 2 * theory,
                "update " + i + " took " + rounds + " rounds, band [" + lower + ", " + 2 * theory + "]");
        }
        final double mean = sum / updates;
        System.out.printf("FIGURE dissemination seed=%d N=%d mean=%.2f max=%.2f theory=%.2f%n",
            seed, n, mean, max, theory);
        Arrays.sort(bytesArrivalsNs, 0, arrivals);
        System.out.printf("FIGURE metadata bytes seed=%d N=%d per node p50=%.2f p99=%.2f periods, all max=%.2f " +
            "periods, bound %.0f%n", seed, n, sim.toPeriods(bytesArrivalsNs[arrivals / 2]),
            sim.toPeriods(bytesArrivalsNs[(int)(arrivals * 0.99)]), bytesMaxPeriods, boundPeriods);
        assertEquals(theory, mean, 0.25 * theory);
        assertEquals(0, m.falsePositiveMembers());
    }

    // ---------------------------------------------------------------------------------------------- loss

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void fivePercentLossDeclaresNoLiveNodeDeadAndRefutesEverySuspicion(final long seed)
    {
        lossScenario(200, 400, seed);
    }

    @Test
    @Tag("slow")
    void fivePercentLossDeclaresNoLiveNodeDeadAndRefutesEverySuspicionAt500For2000Periods()
    {
        lossScenario(500, 2000, 31);
    }

    private static void lossScenario(final int n, final int periods, final long seed)
    {
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED)
            .latency(LatencyModel.uniform(MS / 2, 5 * MS)).lossRate(0.05)
            .protocolConfig(new ProtocolConfig().indirectChecks(3).suspicionEnabled(true)));
        sim.runPeriods(periods);
        sim.lossRate(0);
        sim.runPeriods(30);
        final SimMetrics m = sim.metrics();
        System.out.printf("FIGURE loss seed=%d N=%d periods=%d falsePositives=%d falseSuspicions=%d refuted=%d%n",
            seed, n, periods, m.falsePositiveMembers(), m.falseSuspicions(), m.falseSuspicionsRefuted());
        assertEquals(0, m.falsePositiveMembers(), "no live node declared dead");
        assertEquals(0, m.falsePositiveEvents(), "no death event for a live node");
        assertEquals(0, m.falseSuspicionsPending(), "every false suspicion refuted");
        assertTrue(m.falseSuspicions() > 0, "5% loss does raise suspicions (the scenario exercises refutation)");
        assertEquals(m.falseSuspicions(), m.falseSuspicionsRefuted());
    }

    // ---------------------------------------------------------------------------------------------- partition

    /**
     * Split to every cross pair DEAD (or reaped after being DEAD), periods, at N=200: 1.5 x the worst over seeds
     * 1-10, 65.5 (seed 1; seeds 2, 6, 8 take 60.1 to 64.5, the stragglers waiting for push-pull; the others 27.7
     * to 54.0). The old test checked only seed 41 at 60 periods: seeds 1, 2, 6 and 8 fail that.
     */
    private static final double PARTITION_ALL_DEAD_PERIODS_MAX = 98;
    /**
     * Heal to one membership, periods, at N=200 after at least 60 partitioned periods: 1.5 x the worst over seeds
     * 1-10, 7.5 (seeds 9, 10; the others 2.9 to 3.3). Was 60.
     */
    private static final double PARTITION_HEAL_PERIODS_MAX = 11;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void partitionHalvesDeclareEachOtherDeadAndMergeAfterHeal(final long seed)
    {
        final int n = 200;
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED));
        sim.runPeriods(5);
        sim.partitionSplit(n / 2);
        final long splitNs = sim.nowNs();
        // All n^2/2 cross pairs are checked every tenth of a period (not after every event: that is the cost).
        double allDeadPeriods = Double.NaN;
        while (sim.nowNs() - splitNs < sim.periodsNs(PARTITION_ALL_DEAD_PERIODS_MAX))
        {
            sim.runPeriods(0.1);
            if (crossPairsAllDead(sim, n / 2))
            {
                allDeadPeriods = sim.toPeriods(sim.nowNs() - splitNs);
                break;
            }
        }
        System.out.printf("FIGURE partition-split seed=%d N=%d allDead=%.1f%n", seed, n, allDeadPeriods);
        assertTrue(!Double.isNaN(allDeadPeriods),
            "every node sees the other side dead within " + PARTITION_ALL_DEAD_PERIODS_MAX + " periods of the split");
        // The partition lasts 60 periods, or until each side sees the other dead if that takes longer.
        sim.runPeriods(Math.max(0, 60 - allDeadPeriods));
        sim.heal();
        final long healNs = sim.nowNs();
        final boolean merged = sim.runUntil(healNs + sim.periodsNs(PARTITION_HEAL_PERIODS_MAX),
            () -> sim.metrics().isConverged());
        final double healPeriods = sim.toPeriods(sim.nowNs() - healNs);
        System.out.printf("FIGURE partition-heal seed=%d N=%d heal=%.1f%n", seed, n, healPeriods);
        assertTrue(merged, "one membership again within " + PARTITION_HEAL_PERIODS_MAX + " periods of the heal");
        assertTrue(allSeeAllAlive(sim), "the simulator's converged view agrees with every node's table");
    }

    private static boolean crossPairsAllDead(final Simulation sim, final int firstGroupSize)
    {
        final int n = sim.nodeCount();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // DEAD, or reaped (forgotten) after the reap timeout (60 periods) of being DEAD.
                final int state = sim.swimNode(i).memberState(sim.nodeId(j));
                if ((i < firstGroupSize) != (j < firstGroupSize) && state != MemberState.DEAD &&
                    state != MemberState.NONE)
                {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean allSeeAllAlive(final Simulation sim)
    {
        final int n = sim.nodeCount();
        for (int i = 0; i < n; i++)
        {
            if (!sim.isLive(i))
            {
                continue;
            }
            for (int j = 0; j < n; j++)
            {
                if (sim.isLive(j) && sim.swimNode(i).memberState(sim.nodeId(j)) != MemberState.ALIVE)
                {
                    return false;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- restart

    /** Kill to all-detected, periods, at N=100: 1.5 x the worst over seeds 1-10, 10.60 (seeds 2, 6). Was 60. */
    private static final double RESTART_DETECT_PERIODS_MAX = 16;
    /**
     * Restart to everyone seeing it alive, periods, at N=100: 1.5 x the worst over seeds 1-30, 1.80 (seeds 1-10:
     * 1.50 at seed 9), measured with the push-pull DEAD-as-SUSPECT and forget changes (52320cf, fcc4885); before
     * them the worst over seeds 1-10 was 1.00. Was 30.
     */
    private static final double RESTART_BACK_PERIODS_MAX = 2.7;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void restartWithSameIdRejoinsWithHigherIncarnationAndEveryoneSeesItAlive(final long seed)
    {
        final int n = 100;
        final Simulation sim = new Simulation(context(n, seed, JoinMode.PRE_CONVERGED));
        sim.runPeriods(5);
        final int victim = 17;
        final int id = sim.nodeId(victim);
        sim.kill(victim);
        final long killNs = sim.nowNs();
        final boolean detected = sim.runUntilAllKilledDetected(sim.periodsNs(RESTART_DETECT_PERIODS_MAX));
        final double detectPeriods = sim.toPeriods(sim.nowNs() - killNs);
        assertTrue(detected, "every node marks the killed node dead within " + RESTART_DETECT_PERIODS_MAX);
        final int deadIncarnation = sim.swimNode(0).memberIncarnation(id);
        sim.restart(victim);
        final long restartNs = sim.nowNs();
        final boolean back = sim.runUntil(restartNs + sim.periodsNs(RESTART_BACK_PERIODS_MAX),
            () -> sim.metrics().isConverged());
        final double backPeriods = sim.toPeriods(sim.nowNs() - restartNs);
        System.out.printf("FIGURE restart seed=%d N=%d detect=%.2f back=%.2f%n", seed, n, detectPeriods, backPeriods);
        assertTrue(back, "every node sees the restarted node alive within " + RESTART_BACK_PERIODS_MAX);
        assertTrue(allSeeAllAlive(sim), "the simulator's converged view agrees with every node's table");
        assertTrue(sim.swimNode(victim).incarnation() > deadIncarnation, "rejoined above the dead incarnation");
        for (int i = 0; i < n; i++)
        {
            assertEquals(sim.swimNode(victim).incarnation(), sim.swimNode(i).memberIncarnation(id));
        }
        assertEquals(0, sim.metrics().falsePositiveMembers());
    }
}

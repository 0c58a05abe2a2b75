package io.starling.engine.scenario;

import java.util.Arrays;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.LatencyModel;
import io.starling.engine.sim.SimMetrics;
import io.starling.engine.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3's protocol scenarios on the deterministic simulator, with the production SwimNode. Each scenario runs at
 * a size that keeps the default test run fast; the sizes the issue names run under {@code -Pslow}. Every figure is
 * printed to the test's output (target/surefire-reports/*-output.txt) and recorded in bench/results/sim.md.
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

    @Test
    void joinConvergeKillTenDetectedByAllWithoutFalsePositives()
    {
        joinConvergeKill(300, 11, 120);
    }

    /**
     * At 1,000 nodes joining through one seed over a 1 s start jitter, the bounded dissemination queues (512
     * updates) overflow and the last missing pairs wait for push-pull (every 180 s at 1,000), so convergence takes
     * about 185 periods (seeds 1, 2, 11: 183.7, 183.1, 186.2), not the 120 the 300-node case needs. (This bound was
     * 120 until commit f688e05, 2026-11-21, when the slow profile was found red on main from before 12:05 UTC.)
     */
    @Test
    @Tag("slow")
    void joinConvergeKillTenDetectedByAllWithoutFalsePositivesAt1000()
    {
        joinConvergeKill(1000, 11, 240);
    }

    /**
     * The README's main job: 1,000 nodes all starting at once (no jitter) and joining through node 0 must converge.
     * Commit 259c34e (reverted by d99d239) briefly stopped joiners from re-announcing the members of the seed's
     * reply, and this start never converged within 120 periods (the simultaneous joins leave each reply nearly
     * empty, so the re-announcements were most of what spread the membership); it converges in about 27.
     */
    @Test
    void thousandNodesStartingTogetherConvergeThroughOneSeed()
    {
        final Simulation sim = new Simulation(context(1000, 1, JoinMode.SEED));
        assertTrue(sim.runUntilConverged(sim.periodsNs(60)), "converged through one seed within 60 periods");
        assertEquals(0, sim.metrics().falsePositiveEvents());
    }

    private static void joinConvergeKill(final int n, final long seed, final int convergePeriodsMax)
    {
        final Simulation sim = new Simulation(context(n, seed, JoinMode.SEED).startJitterNs(1000 * MS));
        assertTrue(sim.runUntilConverged(sim.periodsNs(convergePeriodsMax)), "converged through one seed");
        final double convergePeriods = sim.toPeriods(sim.metrics().convergedNs());
        sim.runPeriods(5);
        final int[] killed = sim.killNodes(10);
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(80)), "every live node marks the 10 dead");
        final SimMetrics m = sim.metrics();
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
        System.out.printf("N=%d converge %.2f periods, detect all %.2f periods, false positives 0%n",
            n, convergePeriods, sim.toPeriods(m.detectAllNs()));
    }

    // ---------------------------------------------------------------------------------------------- detection time

    /**
     * SWIM section 3.1: with probe targets drawn uniformly at random, in each protocol period a failed member is
     * picked by at least one of the N-1 others with probability 1 - (1 - 1/(N-1))^(N-1) ~ 1 - 1/e, so the expected
     * number of periods to first detection is e/(e-1) ~ 1.582. Nodes start together so periods are aligned (SWIM's
     * synchronous-round model), each batch of kills lands just before a period boundary, and the first suspicion is
     * raised at the end of the period in which the failed member was first probed: the measured time from kill to
     * first suspicion, in periods, is that period's index. Tolerance: within 10% of e/(e-1), from 200 kills (the
     * standard error of the mean of a geometric variable with p = 1 - 1/e over 200 samples is 0.068 periods).
     */
    @Test
    void meanFirstDetectionMatchesSwimAnalysisWithUniformRandomProbes()
    {
        final int n = 1000;
        final ProtocolConfig config = new ProtocolConfig().randomProbeTargets(true).lifeguardEnabled(false)
            .pushPullIntervalNs(0).reconnectIntervalNs(0);
        final Simulation sim = new Simulation(context(n, 21, JoinMode.PRE_CONVERGED).startJitterNs(0)
            .protocolConfig(config));
        final long periodNs = sim.periodNs();
        final int batches = 20;
        final int perBatch = 10;
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
        double sum = 0;
        double max = 0;
        for (int i = 0; i < killed.length; i++)
        {
            final long detectNs = sim.metrics().detectFirstNs(killed[i]);
            assertTrue(detectNs > 0, "killed node " + killed[i] + " detected");
            // Suspicion lands at k periods + 1 ms after the kill when round k first probed the failed member.
            periods[i] = Math.round((double)detectNs / periodNs);
            sum += periods[i];
            max = Math.max(max, periods[i]);
        }
        final double mean = sum / killed.length;
        Arrays.sort(periods);
        System.out.printf("uniform random probes, N=%d: mean first detection %.3f periods (theory %.3f), " +
            "p50 %.0f, max %.0f, over %d kills%n", n, mean, E_OVER_E_MINUS_1, periods[periods.length / 2], max,
            killed.length);
        assertEquals(E_OVER_E_MINUS_1, mean, 0.10 * E_OVER_E_MINUS_1, "mean first detection in periods");
        assertEquals(0, sim.metrics().falsePositiveMembers());
    }

    /**
     * Round-robin probe order (SWIM section 4.3) bounds first detection: a member is probed by every other member
     * once per pass of N-1 periods, and a member inserted or reshuffled into the worst place waits at most
     * 2(N-1) - 1 periods; the suspicion is raised at the end of that period. So no failure goes undetected for more
     * than 2N - 1 periods. (ProbeOrderTest checks the per-prober gap bound exactly.)
     */
    @Test
    void roundRobinFirstDetectionStaysWithinItsGuarantee()
    {
        final int n = 200;
        final Simulation sim = new Simulation(context(n, 22, JoinMode.PRE_CONVERGED)
            .protocolConfig(new ProtocolConfig().lifeguardEnabled(false)));
        sim.runPeriods(3);
        double max = 0;
        double sum = 0;
        int count = 0;
        for (int round = 0; round < 10; round++)
        {
            final int[] killed = sim.killNodes(5);
            sim.runPeriods(6);
            for (final int node : killed)
            {
                final long detectNs = sim.metrics().detectFirstNs(node);
                assertTrue(detectNs > 0);
                max = Math.max(max, sim.toPeriods(detectNs));
                sum += sim.toPeriods(detectNs);
                count++;
            }
        }
        System.out.printf("round-robin, N=%d: first detection mean %.3f max %.3f periods (bound %d)%n",
            n, sum / count, max, 2 * n - 1);
        assertTrue(max <= 2 * n - 1, "max first detection " + max + " within 2N-1 periods");
    }

    // ---------------------------------------------------------------------------------------------- dissemination

    /**
     * One update (a metadata change) spreads by piggybacking on probes and by gossip to f = 3 members every gossip
     * round. Push epidemic theory (Pittel 1987) for fanout f: rounds to reach all N ~ log_{1+f}(N) + ln(N)/f
     * (7.29 for N=1,000). Tolerance band: at least log_{1+f}(N) rounds (no epidemic can be faster than the
     * infected set growing by 1+f per round) and at most 2 x the theory (the retransmit limit and the random
     * phases of gossip rounds only slow the tail); the mean over 10 updates within 25% of theory.
     */
    @Test
    void oneUpdateReachesAllThousandNodesWithinTheLogNBand()
    {
        final int n = 1000;
        final Simulation sim = new Simulation(context(n, 23, JoinMode.PRE_CONVERGED));
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
        for (int i = 0; i < updates; i++)
        {
            assertEquals(n - 1, m.disseminationSeen(i), "update " + i + " reached every other node");
            final double rounds = sim.toGossipRounds(m.disseminationNs(i));
            sum += rounds;
            assertTrue(rounds >= lower && rounds <= 2 * theory,
                "update " + i + " took " + rounds + " rounds, band [" + lower + ", " + 2 * theory + "]");
        }
        final double mean = sum / updates;
        System.out.printf("dissemination N=%d: mean %.2f gossip rounds (theory %.2f)%n", n, mean, theory);
        assertEquals(theory, mean, 0.25 * theory);
    }

    // ---------------------------------------------------------------------------------------------- loss

    @Test
    void fivePercentLossDeclaresNoLiveNodeDeadAndRefutesEverySuspicion()
    {
        lossScenario(200, 400, 31);
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
        System.out.printf("5%% loss N=%d for %d periods: false positives %d, false suspicions %d, refuted %d%n",
            n, periods, m.falsePositiveMembers(), m.falseSuspicions(), m.falseSuspicionsRefuted());
        assertEquals(0, m.falsePositiveMembers(), "no live node declared dead");
        assertEquals(0, m.falseSuspicionsPending(), "every false suspicion refuted");
        assertTrue(m.falseSuspicions() > 0, "5% loss does raise suspicions (the scenario exercises refutation)");
        assertEquals(m.falseSuspicions(), m.falseSuspicionsRefuted());
    }

    // ---------------------------------------------------------------------------------------------- partition

    @Test
    void partitionHalvesDeclareEachOtherDeadAndMergeAfterHeal()
    {
        final int n = 200;
        final Simulation sim = new Simulation(context(n, 41, JoinMode.PRE_CONVERGED));
        sim.runPeriods(5);
        sim.partitionSplit(n / 2);
        sim.runPeriods(60);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                final boolean sameSide = (i < n / 2) == (j < n / 2);
                if (!sameSide)
                {
                    assertEquals(MemberState.DEAD, sim.swimNode(i).memberState(sim.nodeId(j)),
                        "node " + i + " sees the other side's " + j + " dead after 60 periods");
                }
            }
        }
        sim.heal();
        final long healNs = sim.nowNs();
        final boolean merged = sim.runUntil(healNs + sim.periodsNs(60), () -> allSeeAllAlive(sim));
        final double healPeriods = sim.toPeriods(sim.nowNs() - healNs);
        System.out.printf("50/50 partition of %d for 60 periods: one membership %.1f periods after heal%n",
            n, healPeriods);
        assertTrue(merged, "one membership again within 60 periods of the heal");
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

    @Test
    void restartWithSameIdRejoinsWithHigherIncarnationAndEveryoneSeesItAlive()
    {
        final int n = 100;
        final Simulation sim = new Simulation(context(n, 51, JoinMode.PRE_CONVERGED));
        sim.runPeriods(5);
        final int victim = 17;
        final int id = sim.nodeId(victim);
        sim.kill(victim);
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(60)));
        final int deadIncarnation = sim.swimNode(0).memberIncarnation(id);
        sim.restart(victim);
        final boolean back = sim.runUntil(sim.nowNs() + sim.periodsNs(30), () -> allSeeAllAlive(sim));
        assertTrue(back, "every node sees the restarted node alive");
        assertTrue(sim.swimNode(victim).incarnation() > deadIncarnation, "rejoined above the dead incarnation");
        for (int i = 0; i < n; i++)
        {
            assertEquals(sim.swimNode(victim).incarnation(), sim.swimNode(i).memberIncarnation(id));
        }
    }
}

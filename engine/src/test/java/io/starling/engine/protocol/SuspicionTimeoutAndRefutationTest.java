package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.LatencyModel;
import io.starling.engine.sim.Simulation;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suspicion timeout and refutation, checked from outside the node (the simulator's observed times, the node's
 * public state), so the checks hold however the protocol's files are split. The expected timeouts come from the
 * public {@link ProtocolConfig}: SWIM's fixed timeout {@code suspicionMinTimeoutNs(n)} without Lifeguard; with
 * Lifeguard, a timeout that starts at {@code suspicionMaxTimeoutMult} times that and falls to it as independent
 * confirmations arrive. Written to kill the mutants PIT left alive in these two mechanisms (docs/testing.md).
 */
class SuspicionTimeoutAndRefutationTest
{
    private static final long MS = 1_000_000L;
    private static final int N = 50;

    private static Simulation killOne(final ProtocolConfig config, final long seed)
    {
        final Simulation sim = new Simulation(new Simulation.Context().nodes(N).seed(seed)
            .joinMode(JoinMode.PRE_CONVERGED).latency(LatencyModel.constant(MS)).protocolConfig(config));
        sim.runPeriods(5);
        sim.kill(7);
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(120)), "the killed node is declared dead");
        return sim;
    }

    /** Without Lifeguard, suspect to dead at the first suspecter is exactly SWIM's fixed timeout. */
    @Test
    void withoutLifeguardASuspectDiesAfterExactlyTheMinimumTimeout()
    {
        final ProtocolConfig config = new ProtocolConfig().lifeguardEnabled(false);
        for (long seed = 1; seed <= 3; seed++)
        {
            final Simulation sim = killOne(config, seed);
            final long suspectToDeadNs = sim.metrics().firstDeadNs(7) - sim.metrics().firstSuspectNs(7);
            // The suspecter knows N or N - 1 members as live (itself included or not, the suspect still counts).
            final long a = config.suspicionMinTimeoutNs(N - 1);
            final long b = config.suspicionMinTimeoutNs(N);
            assertTrue(suspectToDeadNs == a || suspectToDeadNs == b,
                "seed " + seed + ": suspect to dead " + suspectToDeadNs + " ns, SWIM timeout " + a + " or " + b);
            assertEquals(0, sim.metrics().falsePositiveMembers());
        }
    }

    /**
     * With Lifeguard, the first suspecter's timeout starts at max = 6 x min; in a 50-node cluster other members
     * suspect the dead node too and their independent confirmations cut it toward min. So suspect to dead lies in
     * [min, max) and below max.
     */
    @Test
    void withLifeguardConfirmationsShortenTheTimeoutFromMaxTowardMin()
    {
        final ProtocolConfig config = new ProtocolConfig();
        assertTrue(config.lifeguardEnabled());
        for (long seed = 1; seed <= 3; seed++)
        {
            final Simulation sim = killOne(config, seed);
            final long suspectToDeadNs = sim.metrics().firstDeadNs(7) - sim.metrics().firstSuspectNs(7);
            final long minNs = config.suspicionMinTimeoutNs(N - 1);
            final long maxNs = config.suspicionMaxTimeoutMult() * config.suspicionMinTimeoutNs(N);
            assertTrue(suspectToDeadNs >= minNs && suspectToDeadNs < maxNs,
                "seed " + seed + ": suspect to dead " + suspectToDeadNs + " ns, not in [" + minNs + ", " + maxNs + ")");
            assertEquals(0, sim.metrics().falsePositiveMembers());
        }
    }

    /** With Lifeguard and no one to confirm (two nodes), the timeout stays at its maximum. */
    @Test
    void withLifeguardAndNoConfirmationsTheTimeoutIsTheMaximum()
    {
        final ProtocolConfig config = new ProtocolConfig();
        final Simulation sim = new Simulation(new Simulation.Context().nodes(2).seed(5)
            .joinMode(JoinMode.PRE_CONVERGED).latency(LatencyModel.constant(MS)).protocolConfig(config));
        sim.runPeriods(5);
        sim.kill(1);
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(200)));
        final long suspectToDeadNs = sim.metrics().firstDeadNs(1) - sim.metrics().firstSuspectNs(1);
        final long a = config.suspicionMaxTimeoutMult() * config.suspicionMinTimeoutNs(1);
        final long b = config.suspicionMaxTimeoutMult() * config.suspicionMinTimeoutNs(2);
        assertTrue(Math.abs(suspectToDeadNs - a) <= 1 || Math.abs(suspectToDeadNs - b) <= 1,
            "suspect to dead " + suspectToDeadNs + " ns, max timeout " + a + " or " + b);
    }

    // ------------------------------------------------------------------------------------------------ refutation

    private static TestCluster cluster(final long seed)
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), seed, 5 * MS);
        for (int i = 0; i < 5; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(8);
        return c;
    }

    @Test
    void claimsAboutItselfAreRefutedOnlyWhenTheyCouldStand()
    {
        final TestCluster c = cluster(31);
        final SwimNode two = c.nodes.get(2);
        assertEquals(0, two.incarnation());
        final long refuted = c.counters[ProtocolCounters.REFUTATIONS];
        final long staleAnswered = c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED];

        // ALIVE at our own incarnation: nothing to refute.
        c.injectUpdate(2, 101, 102, 0, ALIVE);
        assertEquals(0, two.incarnation());
        assertEquals(refuted, c.counters[ProtocolCounters.REFUTATIONS]);

        // SUSPECT at our incarnation: refuted with incarnation + 1, and local health gets worse.
        final int healthBefore = two.localHealthScore();
        c.injectUpdate(2, 101, 102, 0, SUSPECT);
        assertEquals(1, two.incarnation());
        assertEquals(refuted + 1, c.counters[ProtocolCounters.REFUTATIONS]);
        assertEquals(healthBefore + 1, two.localHealthScore(), "being suspected is a sign of our own slowness");

        // DEAD at our incarnation: refuted from the claim, health unchanged.
        c.injectUpdate(2, 103, 102, 1, DEAD);
        assertEquals(2, two.incarnation());
        assertEquals(refuted + 2, c.counters[ProtocolCounters.REFUTATIONS]);
        assertEquals(healthBefore + 1, two.localHealthScore());

        // ALIVE ahead of us (we restarted, or a forger): move past it.
        c.injectUpdate(2, 101, 102, 7, ALIVE);
        assertEquals(8, two.incarnation());
        assertEquals(refuted + 3, c.counters[ProtocolCounters.REFUTATIONS]);

        // Older claims are answered with the current incarnation, not refuted again.
        c.injectUpdate(2, 101, 102, 7, SUSPECT);
        c.injectUpdate(2, 101, 102, 3, ALIVE);
        assertEquals(8, two.incarnation());
        assertEquals(refuted + 3, c.counters[ProtocolCounters.REFUTATIONS]);
        assertEquals(staleAnswered + 1, c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED]);

        c.runPeriods(30);
        assertTrue(c.allSee(102, ALIVE), c.trace::toString);
        for (final SwimNode node : c.nodes)
        {
            assertEquals(8, node.memberIncarnation(102), "every node holds the refuting incarnation");
        }
        assertEquals(0, c.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void aLeavingNodeDoesNotRefute()
    {
        final TestCluster c = cluster(32);
        final SwimNode two = c.nodes.get(2);
        two.leave(c.nowNs);
        final int incarnation = two.incarnation();
        final long refutations = c.counters[ProtocolCounters.REFUTATIONS];
        c.injectUpdate(2, 101, 102, incarnation, DEAD);
        assertEquals(incarnation, two.incarnation());
        assertEquals(refutations, c.counters[ProtocolCounters.REFUTATIONS]);
    }
}

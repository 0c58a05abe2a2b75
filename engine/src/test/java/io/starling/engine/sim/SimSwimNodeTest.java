package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production {@link io.starling.engine.protocol.SwimNode}, unchanged, driven by the simulator. Small clusters:
 * the protocol's own scenario tests live with the protocol.
 */
class SimSwimNodeTest
{
    private static final long MS = 1_000_000L;

    private static Simulation.Context context(final int nodes, final long seed, final JoinMode joinMode)
    {
        return new Simulation.Context()
            .nodes(nodes)
            .seed(seed)
            .joinMode(joinMode)
            .lossRate(0.02)
            .latency(LatencyModel.uniform(MS / 2, 3 * MS))
            .protocolConfig(new ProtocolConfig().conclude());
    }

    private static long[] scenario(final long seed)
    {
        final Simulation sim = new Simulation(context(40, seed, JoinMode.SEED).startJitterNs(800 * MS));
        sim.runUntilConverged(sim.periodsNs(60));
        sim.killNodes(2);
        sim.pauseNodes(1, 300 * MS);
        sim.runPeriods(20);
        return new long[] {sim.metrics().traceHash(), sim.eventsProcessed(), sim.metrics().framesDelivered()};
    }

    @Test
    void shouldReproduceASwimRunBitForBitAndDifferForAnotherSeed()
    {
        final long[] first = scenario(77);
        final long[] again = scenario(77);
        assertEquals(first[0], again[0]);
        assertEquals(first[1], again[1]);
        assertEquals(first[2], again[2]);
        assertNotEquals(first[0], scenario(78)[0]);
    }

    @Test
    void shouldConvergeThroughASeedWithConsistentObserverEvents()
    {
        final Simulation sim = new Simulation(context(50, 3, JoinMode.SEED));
        assertTrue(sim.runUntilConverged(sim.periodsNs(60)));
        final SimMetrics m = sim.metrics();
        assertTrue(m.convergedNs() > 0);
        for (int i = 0; i < sim.nodeCount(); i++)
        {
            assertEquals(50, sim.swimNode(i).liveMemberCount());
        }
        sim.runPeriods(10);
        assertEquals(0, m.observerInconsistencies());
        assertEquals(0, m.unknownMemberEvents());
        assertEquals(0, sim.counter(ProtocolCounters.DROP_MALFORMED));
        assertTrue(sim.counter(ProtocolCounters.JOINS_RECEIVED) >= 49);
    }

    @Test
    void shouldStartPreConvergedThroughPushPullFrames()
    {
        final Simulation sim = new Simulation(context(60, 4, JoinMode.PRE_CONVERGED));
        sim.runUntil(0);
        assertTrue(sim.metrics().isConverged());
        assertEquals(0, sim.metrics().convergedNs());
        for (int i = 0; i < sim.nodeCount(); i++)
        {
            assertEquals(60, sim.swimNode(i).liveMemberCount());
        }
        assertEquals(0, sim.counter(ProtocolCounters.JOINS_RECEIVED));
        assertEquals(0, sim.counter(ProtocolCounters.DROP_MALFORMED));
    }

    @Test
    void shouldDetectKilledNodesAndLetARestartedNodeRejoin()
    {
        final Simulation sim = new Simulation(context(30, 5, JoinMode.PRE_CONVERGED));
        sim.runPeriods(5);
        final int[] killed = sim.killNodes(2);
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(200)));
        final SimMetrics m = sim.metrics();
        for (final int k : killed)
        {
            assertTrue(m.detectFirstNs(k) > 0);
            assertTrue(m.firstDeadNs(k) >= m.firstSuspectNs(k));
            assertTrue(m.detectAllNs(k) >= m.detectFirstNs(k));
            assertEquals(28, m.deadSeenBy(k));
        }
        assertEquals(0, m.falsePositiveEvents());

        sim.restart(killed[0]);
        assertTrue(sim.runUntil(sim.nowNs() + sim.periodsNs(60),
            () -> sim.swimNode(killed[1] == 0 ? 1 : 0).memberState(sim.nodeId(killed[0])) == MemberState.ALIVE));
        assertTrue(sim.swimNode(killed[0]).incarnation() > 0, "the restarted node refuted its death");
        assertTrue(m.refutations() > 0);
    }
}

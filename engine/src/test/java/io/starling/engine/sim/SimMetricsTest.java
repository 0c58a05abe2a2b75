package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics measured on the toy heartbeat detector, whose behaviour is exact: heartbeats to everyone at every
 * period boundary, 1 ms latency, checks at every period boundary, SUSPECT after 2.5 periods of silence, DEAD
 * after 4.5.
 */
class SimMetricsTest
{
    private static final long MS = 1_000_000L;
    private static final long PERIOD_NS = 1_000 * MS;

    private static Simulation.Context toyContext(final int nodes)
    {
        return new Simulation.Context()
            .nodes(nodes)
            .seed(99)
            .latency(LatencyModel.constant(MS))
            .protocolConfig(new ProtocolConfig().probeIntervalNs(PERIOD_NS).conclude())
            .nodeFactory(new ToyHeartbeatNode.Factory(PERIOD_NS, 2_500 * MS, 4_500 * MS, 0));
    }

    @Test
    void shouldMeasureConvergence()
    {
        final Simulation sim = new Simulation(toyContext(20));
        assertTrue(sim.runUntilConverged(10 * PERIOD_NS));
        assertEquals(MS, sim.metrics().convergedNs());
        assertEquals(20L * 19, sim.metrics().alivePairs());
        assertEquals(0, sim.metrics().observerInconsistencies());
        assertEquals(0, sim.metrics().unknownMemberEvents());
    }

    @Test
    void shouldMeasureDetectionOfKilledNodes()
    {
        final Simulation sim = new Simulation(toyContext(20));
        sim.runUntil(10 * PERIOD_NS + PERIOD_NS / 2);
        sim.kill(3);
        sim.kill(7);
        assertFalse(sim.metrics().allKilledDetected());
        assertTrue(sim.metrics().isConverged(), "the survivors still see each other");
        assertTrue(sim.runUntilAllKilledDetected(20 * PERIOD_NS));

        final SimMetrics m = sim.metrics();
        for (final int k : new int[] {3, 7})
        {
            assertEquals(10 * PERIOD_NS + PERIOD_NS / 2, m.killedAtNs(k));
            assertEquals(13 * PERIOD_NS, m.firstSuspectNs(k));
            assertEquals(15 * PERIOD_NS, m.firstDeadNs(k));
            assertEquals(15 * PERIOD_NS, m.allDeadNs(k));
            assertEquals(2_500 * MS, m.detectFirstNs(k));
            assertEquals(4_500 * MS, m.detectAllNs(k));
            assertEquals(18, m.deadSeenBy(k));
        }
        assertEquals(4_500 * MS, m.detectAllNs());
        assertEquals(2, m.killedNodes().length);
        assertEquals(0, m.falsePositiveEvents());
        assertEquals(0, m.falseSuspicions());
        assertEquals(2 * 18, m.suspicionEvents());
        assertEquals(2 * 18, m.deathEvents());
        assertEquals(18, m.liveCount());
    }

    @Test
    void shouldCompleteDetectionWhenTheLastHoldoutDies()
    {
        final Simulation sim = new Simulation(toyContext(5));
        sim.runPeriods(3.5);
        sim.kill(0);
        sim.runUntil(sim.nowNs() + 50 * MS);
        sim.network().linkLossRate(0, 4, 1.0);
        sim.runUntil(9 * PERIOD_NS - 1);
        assertTrue(sim.metrics().allKilledDetected());
        assertEquals(8 * PERIOD_NS, sim.metrics().allDeadNs(0));
    }

    @Test
    void shouldCountFalsePositivesAndRefutations()
    {
        final Simulation sim = new Simulation(toyContext(6));
        sim.runPeriods(3.5);
        sim.network().linkLossRate(2, 4, 1.0);
        sim.runPeriods(6);

        final SimMetrics m = sim.metrics();
        assertEquals(1, m.falseSuspicions());
        assertEquals(1, m.falsePositiveEvents());
        assertEquals(1, m.falsePositiveMembers());
        assertEquals(0, m.falseSuspicionsRefuted());
        assertEquals(1, m.falseSuspicionsPending());
        assertEquals(MemberState.DEAD, m.viewOf(4, 2));

        sim.network().clearLinkLossRates();
        sim.runPeriods(2);
        assertEquals(1, m.falseSuspicionsRefuted());
        assertEquals(0, m.falseSuspicionsPending());
        assertEquals(MemberState.ALIVE, m.viewOf(4, 2));
    }

    @Test
    void shouldNotCountLongPausedOrPartitionedMembersAsFalsePositives()
    {
        final Simulation sim = new Simulation(toyContext(6));
        sim.runPeriods(3.5);
        sim.pause(1, 6 * PERIOD_NS);
        sim.partition(new int[] {0, 0, 0, 0, 0, 1});
        sim.runPeriods(5);
        final SimMetrics m = sim.metrics();
        assertEquals(MemberState.DEAD, m.viewOf(0, 1));
        sim.runPeriods(3);

        assertFalse(m.isFalsePositiveMember(1), "the paused node was legitimately declared dead");
        assertEquals(MemberState.ALIVE, m.viewOf(0, 1), "and is alive again after its pause");
        // On resume the paused node runs its overdue check before the heartbeats queued behind it, so it
        // declares the healthy members of its side dead: genuine false positives (what Lifeguard addresses).
        assertEquals(4, m.falsePositiveEvents());
        assertEquals(4, m.falsePositiveMembers());
        assertEquals(4, m.falseSuspicions());
        // Across the partition: nodes 0, 2, 3, 4 and (after its pause) 1 declare node 5 dead; node 5 declares
        // 0, 2, 3, 4 dead (node 1 was paused for longer than the threshold, so it does not count).
        assertEquals(9, m.partitionDeaths());
    }

    @Test
    void shouldMeasureDisseminationOfAMetadataUpdate()
    {
        final Simulation sim = new Simulation(toyContext(8));
        sim.runPeriods(2.5);
        sim.updateMetadata(5, new byte[] {1, 2, 3});
        sim.runPeriods(2);
        final SimMetrics m = sim.metrics();
        assertEquals(1, m.disseminationCount());
        assertEquals(5, m.disseminationMember(0));
        assertEquals(7, m.disseminationSeen(0));
        assertEquals(PERIOD_NS / 2 + MS, m.disseminationNs(0));
        final long[] arrivals = m.disseminationArrivalsNs(0);
        assertEquals(7, arrivals.length, "one arrival per other live node");
        for (final long a : arrivals)
        {
            assertEquals(PERIOD_NS / 2 + MS, a, "the toy node tells everyone at the next period boundary");
        }
    }

    @Test
    void shouldMeasureTrafficPerNodePerPeriod()
    {
        final int nodes = 10;
        final Simulation sim = new Simulation(toyContext(nodes));
        sim.runPeriods(5.5);
        sim.metrics().markWindow(sim.nowNs());
        sim.runPeriods(5);
        final SimMetrics m = sim.metrics();
        final long now = sim.nowNs();
        assertEquals(nodes - 1, m.messagesPerNodePerPeriod(now, PERIOD_NS), 1e-9);
        assertEquals(nodes - 1, m.framesPerNodePerPeriod(now, PERIOD_NS), 1e-9);
        final int frameBytes = io.starling.engine.protocol.FramePacker.FRAME_HEADER_LENGTH +
            ToyHeartbeatNode.MESSAGE_LENGTH;
        assertEquals((nodes - 1) * frameBytes, m.bytesPerNodePerPeriod(now, PERIOD_NS), 1e-9);
        assertEquals(m.messagesSent(), sim.counter(io.starling.engine.protocol.ProtocolCounters.MESSAGES_SENT));
        assertEquals(11L * (nodes - 1), m.messagesSent(4));
    }

    @Test
    void shouldTrackRestartedNodesAsLiveAgain()
    {
        final Simulation sim = new Simulation(toyContext(6));
        sim.runPeriods(2.5);
        sim.kill(2);
        sim.runPeriods(6);
        assertTrue(sim.metrics().allKilledDetected());
        sim.restart(2);
        assertEquals(6, sim.liveCount());
        assertFalse(sim.metrics().isConverged());
        sim.runPeriods(1);
        assertTrue(sim.metrics().isConverged());
        assertEquals(0, sim.metrics().falsePositiveEvents());
        assertEquals(0, sim.metrics().observerInconsistencies());
    }
}

package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.transport.TransportCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimNetworkTest
{
    private static final long MS = 1_000_000L;

    private final List<RecordingNode> created = new ArrayList<>();

    private Simulation newSim(final int nodes, final double loss, final LatencyModel latency)
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(nodes)
            .seed(1234)
            .lossRate(loss)
            .latency(latency)
            .nodeFactory(RecordingNode.factory(created)));
        sim.runUntil(0);
        return sim;
    }

    @Test
    void shouldDeliverAfterTheConstantLatency()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.constant(3 * MS));
        created.get(0).send(1, 77, false);
        sim.runUntil(3 * MS - 1);
        assertEquals(0, created.get(1).frameTimesNs.size());
        sim.runUntil(10 * MS);
        assertEquals(1, created.get(1).frameTimesNs.size());
        assertEquals(3 * MS, created.get(1).frameTimesNs.getLong(0));
        assertEquals(0, created.get(1).frameSources.getLong(0));
        assertEquals(77, created.get(1).framePayloads.getLong(0));
        assertEquals(1, sim.metrics().framesDelivered());
    }

    @Test
    void shouldLoseFramesAtTheConfiguredRate()
    {
        final double loss = 0.2;
        final int frames = 20_000;
        final Simulation sim = newSim(2, loss, LatencyModel.constant(MS));
        for (int i = 0; i < frames; i++)
        {
            created.get(0).send(1, i, false);
        }
        sim.runUntil(10 * MS);

        final int delivered = created.get(1).frameTimesNs.size();
        final long dropped = sim.counter(0, TransportCounters.DROP_INJECTED_LOSS);
        assertEquals(frames, delivered + dropped);
        final double rate = (double)dropped / frames;
        final double sigma = Math.sqrt(loss * (1 - loss) / frames);
        assertTrue(Math.abs(rate - loss) < 5 * sigma, "measured loss " + rate);
    }

    @Test
    void shouldApplyAPerLinkOverrideInOneDirection()
    {
        final Simulation sim = newSim(3, 0, LatencyModel.constant(MS));
        sim.network().linkLossRate(0, 1, 1.0);
        for (int i = 0; i < 100; i++)
        {
            created.get(0).send(1, i, false);
            created.get(1).send(0, i, false);
            created.get(0).send(2, i, false);
        }
        sim.runUntil(10 * MS);
        assertEquals(0, created.get(1).frameTimesNs.size());
        assertEquals(100, created.get(0).frameTimesNs.size());
        assertEquals(100, created.get(2).frameTimesNs.size());
        assertEquals(100, sim.counter(0, TransportCounters.DROP_INJECTED_LOSS));

        sim.network().clearLinkLossRate(0, 1);
        created.get(0).send(1, 5, false);
        sim.runUntil(20 * MS);
        assertEquals(1, created.get(1).frameTimesNs.size());
    }

    @Test
    void shouldDropAcrossAPartitionUntilHealed()
    {
        final Simulation sim = newSim(4, 0, LatencyModel.constant(MS));
        sim.partitionSplit(2);
        created.get(0).send(1, 1, false);
        created.get(0).send(2, 1, false);
        created.get(3).send(1, 1, false);
        created.get(3).send(2, 1, false);
        sim.runUntil(10 * MS);
        assertEquals(1, created.get(1).frameTimesNs.size());
        assertEquals(1, created.get(2).frameTimesNs.size());
        assertEquals(3, created.get(2).frameSources.getLong(0));
        assertEquals(2, sim.counter(TransportCounters.DROP_PARTITION));
        assertTrue(sim.network().separated(0, 2));

        sim.heal();
        created.get(0).send(2, 2, false);
        sim.runUntil(20 * MS);
        assertEquals(2, created.get(2).frameTimesNs.size());
        assertTrue(sim.network().separatedByLastPartition(0, 2));
    }

    @Test
    void shouldRunScheduledScenarioActionsAtTheirTimes()
    {
        final Simulation sim = newSim(3, 0, LatencyModel.constant(MS));
        sim.partitionAt(10 * MS, new int[] {0, 1, 1});
        sim.healAt(20 * MS);
        sim.lossRateAt(30 * MS, 1.0);
        sim.killAt(40 * MS, 2);
        sim.restartAt(50 * MS, 2);
        final long[] seen = new long[1];
        sim.schedule(5 * MS, (s) -> seen[0] = s.nowNs());

        sim.runUntil(10 * MS);
        assertEquals(5 * MS, seen[0]);
        assertTrue(sim.network().separated(0, 1));
        sim.runUntil(20 * MS);
        assertTrue(!sim.network().isPartitioned());
        sim.runUntil(30 * MS);
        assertEquals(1.0, sim.network().lossRate());
        sim.runUntil(40 * MS);
        assertTrue(sim.isCrashed(2));
        sim.runUntil(50 * MS);
        assertTrue(sim.isLive(2));
        assertEquals(50 * MS, created.get(created.size() - 1).startedAtNs);
        assertEquals(2.5, sim.toPeriods(sim.periodNs() * 5 / 2), 1e-12);
        assertEquals(5.0, sim.toGossipRounds(sim.config().gossipIntervalNs() * 5), 1e-12);
    }

    @Test
    void shouldDropFramesToACrashedNodeIncludingFramesInFlight()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.constant(5 * MS));
        created.get(0).send(1, 1, false);
        sim.runUntil(MS);
        sim.kill(1);
        created.get(0).send(1, 2, false);
        sim.runUntil(20 * MS);
        assertEquals(0, created.get(1).frameTimesNs.size());
        assertEquals(2, sim.counter(0, TransportCounters.DROP_NOT_CONNECTED));
        assertEquals(0, sim.framesInFlight());
    }

    @Test
    void shouldRouteAnyNodeByEndpointAndCountUnknownDestinations()
    {
        final Simulation sim = newSim(3, 0, LatencyModel.constant(MS));
        created.get(0).send(2, 9, true);
        final Outbox outbox = sim.outbox();
        final int offset = outbox.claim(0, sim.nodeId(0), Outbox.ANY_NODE, Simulation.BASE_IPV4 + 99, sim.port(0), 4);
        outbox.buffer().putInt(offset, 1);
        outbox.commit(4);
        outbox.flush();
        outbox.claim(0, sim.nodeId(0), 12_345, sim.ipv4(1), sim.port(1), 4);
        outbox.commit(4);
        outbox.flush();
        sim.runUntil(10 * MS);

        assertEquals(1, created.get(2).frameTimesNs.size());
        assertEquals(9, created.get(2).framePayloads.getLong(0));
        assertEquals(0, created.get(1).frameTimesNs.size());
        assertEquals(2, sim.counter(0, ProtocolCounters.DROP_UNKNOWN_DESTINATION));
        assertEquals(2, sim.indexOfEndpoint(sim.ipv4(2), sim.port(2)));
        assertEquals(-1, sim.indexOfEndpoint(sim.ipv4(2), sim.port(2) + 1));
    }

    @Test
    void shouldDeferDeliveriesAndTimersDueDuringAPauseToItsEnd()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.constant(MS));
        final RecordingNode paused = created.get(1);
        sim.pause(1, 100 * MS);
        assertTrue(sim.isPaused(1));
        paused.schedule(1, 0, 50 * MS);
        paused.schedule(2, 0, 150 * MS);
        created.get(0).send(1, 1, false);
        sim.runUntil(99 * MS);
        assertEquals(0, paused.frameTimesNs.size());
        assertEquals(0, paused.timerTimesNs.size());

        sim.runUntil(100 * MS);
        assertEquals(1, paused.frameTimesNs.size());
        assertEquals(100 * MS, paused.frameTimesNs.getLong(0));
        assertEquals(1, paused.timerTimesNs.size());
        assertEquals(100 * MS, paused.timerTimesNs.getLong(0));
        assertTrue(!sim.isPaused(1));

        sim.runUntil(200 * MS);
        assertEquals(150 * MS, paused.timerTimesNs.getLong(1));
        assertTrue(sim.eventsDeferred() >= 2);
    }

    @Test
    void shouldHandleEveryEventAtASlowNodeLate()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.constant(MS));
        final RecordingNode slow = created.get(1);
        sim.slow(1, 5 * MS);
        created.get(0).send(1, 1, false);
        slow.schedule(1, 0, 10 * MS);
        sim.runUntil(100 * MS);
        assertEquals(6 * MS, slow.frameTimesNs.getLong(0));
        assertEquals(15 * MS, slow.timerTimesNs.getLong(0));

        sim.slow(1, 0);
        created.get(0).send(1, 1, false);
        sim.runUntil(200 * MS);
        assertEquals(101 * MS, slow.frameTimesNs.getLong(1));
    }

    @Test
    void shouldDelayOnlyInboundFramesAtASlowInboundNode()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.constant(MS));
        final RecordingNode slow = created.get(1);
        sim.slowInbound(1, 50 * MS);
        created.get(0).send(1, 1, false);
        sim.runUntil(5 * MS);
        created.get(0).send(1, 2, false);
        slow.schedule(1, 0, 10 * MS);
        sim.runUntil(100 * MS);
        assertEquals(10 * MS, slow.timerTimesNs.getLong(0), "timers on time");
        assertEquals(51 * MS, slow.frameTimesNs.getLong(0));
        assertEquals(56 * MS, slow.frameTimesNs.getLong(1));
        assertEquals(1, slow.framePayloads.getLong(0), "in arrival order");
        assertThrows(IllegalArgumentException.class, () -> sim.slowInbound(1, -1));
    }

    @Test
    void shouldDrawUniformLatencyWithinItsRange()
    {
        final Simulation sim = newSim(2, 0, LatencyModel.uniform(2 * MS, 4 * MS));
        for (int i = 0; i < 2_000; i++)
        {
            created.get(0).send(1, i, false);
        }
        sim.runUntil(10 * MS);
        long min = Long.MAX_VALUE;
        long max = 0;
        double sum = 0;
        for (int i = 0; i < 2_000; i++)
        {
            final long t = created.get(1).frameTimesNs.getLong(i);
            min = Math.min(min, t);
            max = Math.max(max, t);
            sum += t;
        }
        assertTrue(min >= 2 * MS && max <= 4 * MS);
        assertTrue(max - min > MS, "spread");
        assertEquals(3.0 * MS, sum / 2_000, 0.1 * MS);
    }

    @Test
    void shouldDrawCappedLogNormalLatency()
    {
        final LatencyModel model = LatencyModel.logNormal(2 * MS, 1.0, 10 * MS);
        final SeededRandom random = new SeededRandom(3);
        final long[] draws = new long[10_001];
        int capped = 0;
        for (int i = 0; i < draws.length; i++)
        {
            draws[i] = model.sampleNs(random);
            assertTrue(draws[i] >= 0 && draws[i] <= 10 * MS);
            capped += draws[i] == 10 * MS ? 1 : 0;
        }
        java.util.Arrays.sort(draws);
        assertEquals(2.0 * MS, draws[5_000], 0.1 * MS);
        // P(Z > ln 5) = 0.054 for sigma = 1.
        assertTrue(capped > 300 && capped < 800, "capped=" + capped);
    }

    @Test
    void shouldStartNodesAtARandomPhaseWhenJittered()
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(50)
            .seed(5)
            .startJitterNs(1_000 * MS)
            .nodeFactory(RecordingNode.factory(created)));
        sim.runUntil(999 * MS);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (final RecordingNode node : created)
        {
            assertEquals(1, node.startCount);
            min = Math.min(min, node.startedAtNs);
            max = Math.max(max, node.startedAtNs);
        }
        assertTrue(max > min && max < 1_000 * MS);
    }

    @Test
    void shouldRejectBadModels()
    {
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.uniform(5, 1));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.logNormal(10, 1, 5));
        final Simulation sim = newSim(2, 0, LatencyModel.constant(MS));
        assertThrows(IllegalArgumentException.class, () -> sim.lossRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> sim.network().linkLossRate(0, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> sim.kill(2));
        assertThrows(IllegalArgumentException.class,
            () -> new Simulation(new Simulation.Context().nodes(0).nodeFactory(RecordingNode.factory())));
    }
}

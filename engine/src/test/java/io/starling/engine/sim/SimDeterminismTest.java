package io.starling.engine.sim;

import io.starling.engine.protocol.ProtocolConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SimDeterminismTest
{
    private static final long MS = 1_000_000L;

    private static long[] run(final long seed)
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(40)
            .seed(seed)
            .lossRate(0.05)
            .latency(LatencyModel.uniform(MS / 2, 5 * MS))
            .startJitterNs(500 * MS)
            .protocolConfig(new ProtocolConfig().conclude())
            .nodeFactory(new ToyHeartbeatNode.Factory(1_000 * MS, 2_500 * MS, 4_500 * MS, 3)));
        sim.runPeriods(5);
        sim.killNodes(3);
        sim.pauseNodes(2, 700 * MS);
        sim.runPeriods(10);
        return new long[] {sim.metrics().traceHash(), sim.eventsProcessed(), sim.metrics().framesDelivered()};
    }

    @Test
    void shouldReproduceARunBitForBitFromItsSeed()
    {
        final long[] first = run(2024);
        final long[] second = run(2024);
        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
        assertEquals(first[2], second[2]);
    }

    @Test
    void shouldDifferForAnotherSeed()
    {
        assertNotEquals(run(2024)[0], run(2025)[0]);
    }
}

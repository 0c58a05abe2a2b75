package io.starling.engine.sim;

import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nodes of one simulated process share one {@link io.starling.engine.protocol.HostBudget}: four processes of 100
 * nodes joining through one seed send at most four budgets' Gossip messages per second (plus one second's burst
 * each), and still converge; without the budget they send several times more.
 */
class HostBudgetSimTest
{
    private static final int NODES = 400;
    private static final int PROCESSES = 4;
    private static final long GOSSIP_PER_SECOND = 100;

    @Test
    void coHostedNodesGossipWithinTheirProcesssBudgetAndConverge()
    {
        final Simulation limited = run(GOSSIP_PER_SECOND);
        final double seconds = limited.nowNs() / 1e9;
        final long gossip = limited.counter(ProtocolCounters.GOSSIP_MESSAGES_SENT);
        assertTrue(limited.metrics().isConverged(), "converged");
        assertTrue(gossip <= PROCESSES * GOSSIP_PER_SECOND * (seconds + 1),
            "gossip " + gossip + " in " + seconds + " s, budget " + GOSSIP_PER_SECOND + "/s");
        assertTrue(limited.counter(ProtocolCounters.GOSSIP_ROUNDS_DEFERRED) > 0, "rounds deferred");

        final Simulation unlimited = run(0);
        final long unlimitedGossip = unlimited.counter(ProtocolCounters.GOSSIP_MESSAGES_SENT);
        assertTrue(unlimitedGossip > 2 * gossip, "without a budget: " + unlimitedGossip + " against " + gossip);
    }

    private static Simulation run(final long gossipPerSecond)
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(NODES)
            .seed(3)
            .processSizes(NODES / PROCESSES, NODES / PROCESSES, NODES / PROCESSES, NODES / PROCESSES)
            .joinMode(JoinMode.SEED)
            .protocolConfig(new ProtocolConfig())
            .hostGossipMessagesPerSecond(gossipPerSecond));
        sim.runUntilConverged(sim.periodsNs(120));
        sim.runPeriods(5);
        return sim;
    }
}

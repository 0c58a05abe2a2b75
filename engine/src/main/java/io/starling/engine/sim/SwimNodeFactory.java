package io.starling.engine.sim;

import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.SwimNode;

/**
 * The production protocol node, unchanged, wired to the simulator. Seeds follow the simulation's
 * {@link JoinMode}: see {@link Simulation#seedFor(int, boolean)}.
 */
public final class SwimNodeFactory implements NodeFactory
{
    /** The one instance. */
    public static final SwimNodeFactory INSTANCE = new SwimNodeFactory();

    private SwimNodeFactory()
    {
    }

    /**
     * {@inheritDoc}
     */
    public ProtocolNode newNode(final Simulation sim, final int nodeIndex, final boolean restart)
    {
        final SwimNode node = new SwimNode(
            sim.config(),
            nodeIndex,
            sim.nodeId(nodeIndex),
            sim.ipv4(nodeIndex),
            sim.port(nodeIndex),
            sim.directory(nodeIndex),
            sim.random(),
            sim.timers(),
            sim.outbox(),
            sim.observer(),
            sim.counters(nodeIndex));

        node.hostBudget(sim.hostBudget(nodeIndex));
        final int seed = sim.seedFor(nodeIndex, restart);
        if (seed >= 0)
        {
            node.addSeed(sim.ipv4(seed), sim.port(seed));
        }
        return node;
    }
}

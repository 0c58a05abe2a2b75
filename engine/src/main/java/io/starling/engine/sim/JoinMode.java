package io.starling.engine.sim;

/**
 * How the nodes of a simulation find each other at start.
 */
public enum JoinMode
{
    /**
     * Every node but node 0 is given node 0's endpoint as its seed and joins through it (a Join answered by a
     * push-pull state sync), as a real cluster would. The join phase is part of the run.
     */
    SEED,

    /**
     * Every node is told about every other at start, so large runs skip the join phase: right before its
     * {@code start}, each node learns every other node ALIVE at incarnation 0 with its endpoint, without a message
     * and without gossiping it ({@code SwimNode.learnConfigured}, the same call a host makes for its co-hosted
     * nodes under {@code bootstrapCoHosted}). A restarted node joins through a seed instead.
     */
    PRE_CONVERGED
}

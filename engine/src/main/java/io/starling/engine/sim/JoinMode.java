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
     * Every node is told about every other at start, so large runs skip the join phase. Done through normal
     * protocol messages: right after a node's {@code start}, the simulator hands it the frames of a full-state
     * push-pull reply (PushPullChunk messages, isReply=T, isJoin=F, syncId {@link PreConvergedBootstrap#SYNC_ID},
     * from node 0, or from node 1 for node 0 itself) that list every node ALIVE with its endpoint, its initial
     * incarnation, metadata version 0 and empty metadata. The frames are delivered to the node directly (no loss,
     * no latency, not in the trace hash). A restarted node joins through a seed instead.
     */
    PRE_CONVERGED
}

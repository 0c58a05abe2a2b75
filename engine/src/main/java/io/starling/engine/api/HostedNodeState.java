package io.starling.engine.api;

import io.starling.engine.host.NodeLifecycle;

/**
 * Where a hosted node is in its lifecycle ({@link StarlingEngine#nodeState(int)}): held at launch, waiting for its
 * start, running, leaving, or stopped for good (left or crashed). A stopped node never starts again.
 */
public enum HostedNodeState
{
    /** Hosted but not released ({@link StarlingEngine.Context#startNodesAtLaunch(int)}). */
    HELD,
    /** Released ({@link StarlingEngine#startNodes(int)}), its staggered start not come yet. */
    WAITING,
    /** Started: a member of the cluster. */
    RUNNING,
    /** Leaving gracefully: LEFT announced, stops once the news is sent. */
    LEAVING,
    /** Stopped after a graceful leave. */
    LEFT,
    /** Stopped at once ({@link StarlingEngine#crash(int)}). */
    CRASHED;

    private static final HostedNodeState[] BY_CODE = new HostedNodeState[CRASHED.ordinal() + 1];

    static
    {
        BY_CODE[NodeLifecycle.HELD] = HELD;
        BY_CODE[NodeLifecycle.WAITING] = WAITING;
        BY_CODE[NodeLifecycle.RUNNING] = RUNNING;
        BY_CODE[NodeLifecycle.LEAVING] = LEAVING;
        BY_CODE[NodeLifecycle.LEFT] = LEFT;
        BY_CODE[NodeLifecycle.CRASHED] = CRASHED;
    }

    /**
     * @param code a {@link NodeLifecycle} code.
     * @return its state.
     */
    static HostedNodeState of(final int code)
    {
        return BY_CODE[code];
    }
}

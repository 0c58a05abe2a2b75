package io.starling.engine.host;

/**
 * The lifecycle of one hosted node, as codes: held at launch until released, waiting for its staggered start,
 * running, leaving (LEFT announced, its news still being sent), and stopped for good, left or crashed. A stopped
 * node never starts again: its id is not reused, a fresh node id is a new node. Codes only; {@link HostedNodes}
 * keeps each node's, the agent moves them.
 */
public final class NodeLifecycle
{
    /** Not released yet ({@code StarlingEngine.Context.startNodesAtLaunch}, {@code StarlingEngine.startNodes}). */
    public static final int HELD = 0;
    /** Released, its staggered start (under start admission) not come yet. */
    public static final int WAITING = 1;
    /** Started: probes, gossips, answers. */
    public static final int RUNNING = 2;
    /** Leaving gracefully: LEFT announced, stops once its pending updates are sent. */
    public static final int LEAVING = 3;
    /** Stopped after a graceful leave. */
    public static final int LEFT = 4;
    /** Stopped at once, as a crash: sends nothing, its timers do nothing, frames to it are dropped. */
    public static final int CRASHED = 5;

    private static final String[] LABELS = { "held", "waiting", "running", "leaving", "left", "crashed" };

    private NodeLifecycle()
    {
    }

    /**
     * @param code a lifecycle code.
     * @return true for {@link #RUNNING} and {@link #LEAVING}: the node takes frames and timers.
     */
    public static boolean isActive(final int code)
    {
        return RUNNING == code || LEAVING == code;
    }

    /**
     * @param code a lifecycle code.
     * @return true for {@link #LEFT} and {@link #CRASHED}.
     */
    public static boolean isStopped(final int code)
    {
        return LEFT == code || CRASHED == code;
    }

    /**
     * @param code a lifecycle code.
     * @return its lower-case label.
     */
    public static String label(final int code)
    {
        return code >= 0 && code < LABELS.length ? LABELS[code] : "lifecycle " + code;
    }
}

package io.starling.tools.sim;

import io.starling.engine.schedule.LinkSchedule;

/**
 * How many nodes a run has when a link schedule drives it ({@code starling sim} and {@code starling emulate}): the
 * plan's, node k of the run being the plan's k-th node in ascending number (with the plan's {@code # nodes:} line,
 * which {@code starling constellation} writes, plan node k). A run with more nodes than the plan had nodes the plan
 * does not name, always connected: they carried Gossip past every window. A run with fewer left plan nodes out.
 */
public final class ScheduleNodes
{
    /** {@code --nodes} not given. */
    public static final int UNSET = -1;

    private ScheduleNodes()
    {
    }

    /**
     * @param nodes        {@code --nodes} as given, or {@link #UNSET}.
     * @param defaultNodes the run's default without a schedule.
     * @param schedule     the plan, or null.
     * @return the run's node count.
     * @throws IllegalArgumentException naming {@code --nodes} if it differs from the plan's node count.
     */
    public static int nodes(final int nodes, final int defaultNodes, final LinkSchedule schedule)
    {
        if (null == schedule)
        {
            return UNSET == nodes ? defaultNodes : nodes;
        }
        if (UNSET != nodes && nodes != schedule.nodeCount())
        {
            throw new IllegalArgumentException("--nodes: " + nodes + " must be the schedule's " +
                schedule.nodeCount() + " nodes (numbers " + schedule.nodeNumber(0) + " to " +
                schedule.nodeNumber(schedule.nodeCount() - 1) + "; leave --nodes out to take them; a plan can " +
                "declare nodes without links on a '# nodes:' line)");
        }
        return schedule.nodeCount();
    }
}

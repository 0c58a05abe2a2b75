package io.starling.engine.transport;

import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

/**
 * A run-time switchable partition of the cluster: node ids are assigned to groups (0 to 63; unassigned nodes are
 * in group 0) and traffic from one group to another can be blocked in either direction.
 * <p>
 * Written from any thread, read on the duty cycle without locks: a new assignment replaces an immutable map through
 * a volatile reference, and each group's blocked set is one word of an {@link AtomicLongArray}.
 */
public final class PartitionMatrix
{
    /** Most groups. */
    public static final int MAX_GROUPS = 64;

    private static final int UNASSIGNED = -1;

    private final AtomicLongArray blockedTo = new AtomicLongArray(MAX_GROUPS);
    private volatile Int2IntHashMap groupByNodeId = new Int2IntHashMap(UNASSIGNED);
    private volatile boolean anyBlocked;

    /**
     * Replace the assignment of nodes to groups.
     *
     * @param groups {@code groups[g]} lists the node ids of group g; at most {@link #MAX_GROUPS} groups.
     */
    public void assign(final int[][] groups)
    {
        if (groups.length > MAX_GROUPS)
        {
            throw new IllegalArgumentException("groups=" + groups.length + " must be at most " + MAX_GROUPS);
        }
        final Int2IntHashMap map = new Int2IntHashMap(16, Hashing.DEFAULT_LOAD_FACTOR, UNASSIGNED);
        for (int g = 0; g < groups.length; g++)
        {
            for (final int nodeId : groups[g])
            {
                map.put(nodeId, g);
            }
        }
        groupByNodeId = map;
    }

    /**
     * Block or unblock traffic between two groups, both directions.
     *
     * @param groupA  a group.
     * @param groupB  another group.
     * @param blocked true to drop frames between them.
     */
    public void blockBetween(final int groupA, final int groupB, final boolean blocked)
    {
        block(groupA, groupB, blocked);
        block(groupB, groupA, blocked);
    }

    /**
     * Block or unblock traffic from one group to another (one direction).
     *
     * @param fromGroup sending group.
     * @param toGroup   receiving group.
     * @param blocked   true to drop frames.
     */
    public void block(final int fromGroup, final int toGroup, final boolean blocked)
    {
        checkGroup("fromGroup", fromGroup);
        checkGroup("toGroup", toGroup);
        final long bit = 1L << toGroup;
        long current;
        do
        {
            current = blockedTo.get(fromGroup);
        }
        while (!blockedTo.compareAndSet(fromGroup, current, blocked ? current | bit : current & ~bit));
        anyBlocked = true;
    }

    /**
     * Split the cluster into fully isolated groups (every pair of distinct groups blocked).
     *
     * @param groups node ids per group.
     */
    public void isolate(final int[][] groups)
    {
        assign(groups);
        for (int a = 0; a < groups.length; a++)
        {
            for (int b = 0; b < groups.length; b++)
            {
                if (a != b)
                {
                    block(a, b, true);
                }
            }
        }
    }

    /**
     * Remove every block; group assignments are kept.
     */
    public void heal()
    {
        for (int g = 0; g < MAX_GROUPS; g++)
        {
            blockedTo.set(g, 0);
        }
        anyBlocked = false;
    }

    /**
     * @param srcNodeId sender.
     * @param dstNodeId receiver.
     * @return true if frames from the sender to the receiver are dropped. Allocation free.
     */
    public boolean isBlocked(final int srcNodeId, final int dstNodeId)
    {
        if (!anyBlocked)
        {
            return false;
        }
        final Int2IntHashMap groups = groupByNodeId;
        final int from = Math.max(0, groups.get(srcNodeId));
        final int to = Math.max(0, groups.get(dstNodeId));
        return 0 != (blockedTo.get(from) & (1L << to));
    }

    private static void checkGroup(final String name, final int group)
    {
        if (group < 0 || group >= MAX_GROUPS)
        {
            throw new IllegalArgumentException(name + "=" + group + " must be in [0, " + (MAX_GROUPS - 1) + "]");
        }
    }
}

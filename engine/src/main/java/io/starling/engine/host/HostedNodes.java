package io.starling.engine.host;

import io.starling.engine.protocol.SwimNode;
import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

/**
 * The nodes one agent hosts, by index and by id, and how many have started (always the first ones in index order).
 * It does not drive them: the agent starts them, the routers and the command adapter call into them. Agent thread.
 */
final class HostedNodes
{
    /** No hosted node has that id, or no started node can take the frame. */
    static final int MISSING = -1;

    private final SwimNode[] nodes;
    private final Int2IntHashMap indexById;
    private int startedCount;

    /**
     * @param nodeIds ids of the hosted nodes, in index order.
     * @throws IllegalArgumentException when an id is hosted twice.
     */
    HostedNodes(final int[] nodeIds)
    {
        this.nodes = new SwimNode[nodeIds.length];
        this.indexById = new Int2IntHashMap(Math.max(16, nodeIds.length * 2), Hashing.DEFAULT_LOAD_FACTOR, MISSING);
        for (int i = 0; i < nodeIds.length; i++)
        {
            if (MISSING != indexById.get(nodeIds[i]))
            {
                throw new IllegalArgumentException("node id " + nodeIds[i] + " is hosted twice");
            }
            indexById.put(nodeIds[i], i);
        }
    }

    void set(final int index, final SwimNode node)
    {
        nodes[index] = node;
    }

    SwimNode node(final int index)
    {
        return nodes[index];
    }

    int count()
    {
        return nodes.length;
    }

    int startedCount()
    {
        return startedCount;
    }

    boolean allStarted()
    {
        return startedCount == nodes.length;
    }

    /**
     * @return the index of the node just counted as started.
     */
    int onStarted()
    {
        return startedCount++;
    }

    /**
     * @param nowNs      current time.
     * @param dstNodeId  a frame's destination node id, or {@code Outbox.ANY_NODE}.
     * @param srcNodeId  its sender.
     * @param anyNode    true when the frame is for any node of this process.
     * @return the started node to hand the frame to, or {@link #MISSING}.
     */
    int startedIndexFor(final long nowNs, final int dstNodeId, final int srcNodeId, final boolean anyNode)
    {
        final int index = anyNode ? anyNodeIndex(nowNs, srcNodeId) : indexById.get(dstNodeId);
        return index < 0 || index >= startedCount ? MISSING : index;
    }

    /**
     * The first started node that is not the sender, is not leaving and is not itself expected out of contact; if
     * every such node is, the first one not leaving. The node that takes a Join merges the joiner, answers it and is
     * the one to announce it; one whose own window is open is expected to reach nobody, so the joiner would stay
     * unknown to the cluster until that window ends (a satellite can be out of contact for half an hour).
     */
    private int anyNodeIndex(final long nowNs, final int srcNodeId)
    {
        int fallback = MISSING;
        for (int i = 0; i < startedCount; i++)
        {
            final SwimNode node = nodes[i];
            if (node.nodeId() != srcNodeId && !node.isLeaving())
            {
                if (!node.isOutOfContact(nowNs))
                {
                    return i;
                }
                if (MISSING == fallback)
                {
                    fallback = i;
                }
            }
        }
        return fallback;
    }
}

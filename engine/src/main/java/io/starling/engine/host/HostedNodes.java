package io.starling.engine.host;

import java.util.concurrent.atomic.AtomicIntegerArray;

import io.starling.engine.protocol.SwimNode;
import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

/**
 * The nodes one agent hosts, by index and by id, how many are released and how many have started (always the first
 * ones in index order), and each node's {@link NodeLifecycle} code. It does not drive them: the agent starts and
 * stops them, the routers and the command adapter call into them. Agent thread, except {@link #lifecycle(int)} and
 * {@link #releasedCount()}, which any thread may read.
 */
final class HostedNodes
{
    /** No hosted node has that id, or no started node can take the frame. */
    static final int MISSING = -1;
    /** The frame's destination is a hosted node that has stopped (left or crashed). */
    static final int STOPPED = -2;

    private final SwimNode[] nodes;
    private final Int2IntHashMap indexById;
    /** Each node's {@link NodeLifecycle} code, written by the agent with release semantics. */
    private final AtomicIntegerArray lifecycle;
    private int startedCount;
    private volatile int releasedCount;

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
        this.lifecycle = new AtomicIntegerArray(nodeIds.length);
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

    /**
     * @return true while a released node waits for its start.
     */
    boolean hasStartsDue()
    {
        return startedCount < releasedCount;
    }

    /**
     * @return nodes released so far (started or waiting for their start); any thread.
     */
    int releasedCount()
    {
        return releasedCount;
    }

    /**
     * Release up to {@code count} more held nodes, in index order: they wait for their staggered start.
     *
     * @param count nodes to release.
     * @return how many were released (fewer when fewer were held).
     */
    int release(final int count)
    {
        final int from = releasedCount;
        final int to = (int)Math.min(nodes.length, (long)from + Math.max(0, count));
        for (int i = from; i < to; i++)
        {
            lifecycle.lazySet(i, NodeLifecycle.WAITING);
        }
        releasedCount = to;
        return to - from;
    }

    /**
     * @return the index of the node just counted as started.
     */
    int onStarted()
    {
        lifecycle.lazySet(startedCount, NodeLifecycle.RUNNING);
        return startedCount++;
    }

    /**
     * @param index hosted node index.
     * @return its {@link NodeLifecycle} code; any thread.
     */
    int lifecycle(final int index)
    {
        return lifecycle.get(index);
    }

    /**
     * @param index hosted node index.
     * @param code  its new {@link NodeLifecycle} code.
     */
    void lifecycle(final int index, final int code)
    {
        lifecycle.lazySet(index, code);
    }

    /**
     * @param index hosted node index.
     * @return true if it takes frames and timers (running or leaving).
     */
    boolean isActive(final int index)
    {
        return NodeLifecycle.isActive(lifecycle.get(index));
    }

    /**
     * @param index hosted node index.
     * @return true if it has left or crashed.
     */
    boolean isStopped(final int index)
    {
        return NodeLifecycle.isStopped(lifecycle.get(index));
    }

    /**
     * @param index a hosted node index.
     * @return the first running node other than that one, or {@link #MISSING}.
     */
    int firstRunningOtherThan(final int index)
    {
        for (int i = 0; i < startedCount; i++)
        {
            if (i != index && NodeLifecycle.RUNNING == lifecycle.get(i))
            {
                return i;
            }
        }
        return MISSING;
    }

    /**
     * @param nowNs      current time.
     * @param dstNodeId  a frame's destination node id, or {@code Outbox.ANY_NODE}.
     * @param srcNodeId  its sender.
     * @param anyNode    true when the frame is for any node of this process.
     * @return the started node to hand the frame to, {@link #STOPPED} when the destination has left or crashed, or
     * {@link #MISSING}.
     */
    int startedIndexFor(final long nowNs, final int dstNodeId, final int srcNodeId, final boolean anyNode)
    {
        final int index = anyNode ? anyNodeIndex(nowNs, srcNodeId) : indexById.get(dstNodeId);
        if (index < 0 || index >= startedCount)
        {
            return MISSING;
        }
        return isStopped(index) ? STOPPED : index;
    }

    /**
     * The first running node that is not the sender, is not leaving and is not itself expected out of contact; if
     * every such node is, the first one not leaving. Stopped nodes are never chosen. The node that takes a Join
     * merges the joiner, answers it and is the one to announce it; one whose own window is open is expected to reach
     * nobody, so the joiner would stay unknown to the cluster until that window ends (a satellite can be out of
     * contact for half an hour); a crashed one would drop it.
     */
    private int anyNodeIndex(final long nowNs, final int srcNodeId)
    {
        int fallback = MISSING;
        for (int i = 0; i < startedCount; i++)
        {
            final SwimNode node = nodes[i];
            if (node.nodeId() != srcNodeId && !node.isLeaving() && NodeLifecycle.RUNNING == lifecycle.get(i))
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

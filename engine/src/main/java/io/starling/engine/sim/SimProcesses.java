package io.starling.engine.sim;

import io.starling.engine.protocol.HostBudget;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.Outbox;
import org.agrona.collections.Int2IntHashMap;

/**
 * The simulated processes, when a run places its nodes into them ({@link Simulation.Context#processSizes}): which
 * process hosts each node, each process's endpoint and its own {@link MemberDirectory}, and which hosted node a
 * frame that reaches an endpoint is handed to (by node id, or for {@link Outbox#ANY_NODE} the first live node that
 * is not the sender, as the host's {@code HostedNodes} does). A process can move to a new endpoint while it is down
 * and starts again with a new, empty directory. Loss, latency and partitions are the {@link NetworkModel}'s.
 */
final class SimProcesses
{
    /** 10.128.0.0: where a process that moves gets its next endpoint, clear of the first endpoints. */
    private static final int MOVED_BASE_IPV4 = 0x0A80_0000;
    private static final int MISSING = -1;

    private final int nodeCount;
    private final int directoryCapacity;
    private final int[] processOfNode;
    private final int[] firstNode;
    private final int[] size;
    private final int[] ipv4;
    private final MemberDirectory[] directories;
    private final HostBudget[] budgets;
    private final Int2IntHashMap processByIpv4;
    private int moves;

    /**
     * @param sizes     nodes per process (process {@code p} hosts the next {@code sizes[p]} nodes by index).
     * @param nodeCount nodes of the run.
     */
    SimProcesses(final int[] sizes, final int nodeCount, final long gossipMessagesPerSecond,
        final long stateBytesPerSecond)
    {
        final int count = sizes.length;
        this.nodeCount = nodeCount;
        this.directoryCapacity = nodeCount + 16;
        this.processOfNode = new int[nodeCount];
        this.firstNode = new int[count];
        this.size = sizes.clone();
        this.ipv4 = new int[count];
        this.directories = new MemberDirectory[count];
        this.budgets = new HostBudget[count];
        this.processByIpv4 = new Int2IntHashMap(Math.max(16, count * 2), 0.65f, MISSING);
        int node = 0;
        for (int p = 0; p < count; p++)
        {
            firstNode[p] = node;
            for (int i = 0; i < sizes[p]; i++)
            {
                processOfNode[node++] = p;
            }
            ipv4[p] = Simulation.BASE_IPV4 + p + 1;
            processByIpv4.put(ipv4[p], p);
            directories[p] = new MemberDirectory(directoryCapacity);
            budgets[p] = new HostBudget(gossipMessagesPerSecond, stateBytesPerSecond);
        }
    }

    /**
     * @param process index.
     * @return the budget its nodes share (the same object across restarts: the host's rates, not its history, matter).
     */
    HostBudget budget(final int process)
    {
        return budgets[process];
    }

    int count()
    {
        return size.length;
    }

    int processOf(final int node)
    {
        return processOfNode[node];
    }

    int firstNode(final int process)
    {
        return firstNode[process];
    }

    int size(final int process)
    {
        return size[process];
    }

    int ipv4(final int process)
    {
        return ipv4[process];
    }

    MemberDirectory directory(final int process)
    {
        return directories[process];
    }

    /**
     * @param address an endpoint address (every process listens on the run's one port).
     * @return the process at it now, or -1.
     */
    int processAt(final int address)
    {
        return processByIpv4.get(address);
    }

    /**
     * Crash every node of a process.
     */
    void kill(final int process, final SimNodes nodes)
    {
        for (int i = firstNode[process], end = i + size(process); i < end; i++)
        {
            nodes.kill(i);
        }
    }

    /**
     * Restart a crashed process as a new JVM with the same node ids: a new, empty directory (and a new endpoint if
     * asked), then each node restarted.
     */
    void restart(final int process, final boolean newEndpoint, final SimNodes nodes)
    {
        final int first = firstNode[process];
        final int end = first + size(process);
        for (int i = first; i < end; i++)
        {
            if (!nodes.isCrashed(i))
            {
                throw new IllegalStateException("node " + i + " of process " + process + " is not crashed");
            }
        }
        if (newEndpoint)
        {
            move(process);
        }
        newDirectory(process);
        for (int i = first; i < end; i++)
        {
            nodes.restart(i);
        }
    }

    /**
     * A process that restarts gets a new, empty directory, as a new JVM would.
     */
    void newDirectory(final int process)
    {
        directories[process] = new MemberDirectory(directoryCapacity);
    }

    /**
     * Move a process to a new endpoint: its old one reaches no one any more.
     *
     * @return the new endpoint address.
     */
    int move(final int process)
    {
        processByIpv4.remove(ipv4[process]);
        ipv4[process] = MOVED_BASE_IPV4 + ++moves;
        processByIpv4.put(ipv4[process], process);
        return ipv4[process];
    }

    /**
     * The node of a process a frame is handed to, as a host's inbound router chooses it.
     *
     * @param process   that the frame reached.
     * @param dstNodeId the frame's destination node id, or {@link Outbox#ANY_NODE}.
     * @param srcNode   index of the sender.
     * @param sim       for node ids and liveness.
     * @return the node's index, or -1 if the process hosts no such node. For any node: the first live node that is
     * not the sender and not itself expected out of contact, else the first live one that is not the sender, else
     * the process's first node (the frame then finds the process down).
     */
    int hostedNode(final int process, final int dstNodeId, final int srcNode, final Simulation sim)
    {
        final int first = firstNode[process];
        final int end = first + size[process];
        if (Outbox.ANY_NODE == dstNodeId)
        {
            int fallback = MISSING;
            for (int i = first; i < end; i++)
            {
                if (i != srcNode && sim.isLive(i))
                {
                    if (!sim.node(i).isOutOfContact(sim.nowNs()))
                    {
                        return i;
                    }
                    if (MISSING == fallback)
                    {
                        fallback = i;
                    }
                }
            }
            return MISSING == fallback ? first : fallback;
        }
        final int index = sim.indexOf(dstNodeId);
        return index >= first && index < end && index < nodeCount ? index : MISSING;
    }
}

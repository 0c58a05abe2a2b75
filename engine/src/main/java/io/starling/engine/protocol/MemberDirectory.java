package io.starling.engine.protocol;

import java.util.Arrays;

import org.agrona.collections.Int2IntHashMap;

/**
 * Process-wide directory of every member any hosted node has heard of: node id to a dense slot, and per slot the
 * member's endpoint (the UDP endpoint of the process that hosts it).
 * <p>
 * Thousands of nodes share one process, and a member's address is a property of the member, not of the node that
 * learned it, so the address lives here once and each node's {@link MembershipTable} is a dense array indexed by
 * slot. Slots are never reused. Single writer (the host's duty-cycle thread); {@link #size()} is published with
 * release semantics after a slot is filled, so readers on other threads that read the size first see whole entries.
 */
public final class MemberDirectory
{
    private static final int MISSING = -1;

    private final Int2IntHashMap slotByNodeId;
    private int[] nodeIds;
    private int[] ipv4s;
    private int[] ports;
    private volatile int size;

    /**
     * @param initialCapacity slots to allocate up front (grows by doubling).
     */
    public MemberDirectory(final int initialCapacity)
    {
        final int capacity = Math.max(16, initialCapacity);
        slotByNodeId = new Int2IntHashMap(capacity * 2, org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR, MISSING);
        nodeIds = new int[capacity];
        ipv4s = new int[capacity];
        ports = new int[capacity];
    }

    /**
     * @param nodeId of a member.
     * @return its slot, or -1 if unknown.
     */
    public int slotOf(final int nodeId)
    {
        return slotByNodeId.get(nodeId);
    }

    /**
     * Find or add a member.
     *
     * @param nodeId of the member.
     * @param ipv4   endpoint address (host order); updates the stored one when the member is known.
     * @param port   endpoint port; 0 leaves a known endpoint unchanged.
     * @return the member's slot.
     */
    public int register(final int nodeId, final int ipv4, final int port)
    {
        int slot = slotByNodeId.get(nodeId);
        if (MISSING == slot)
        {
            slot = size;
            if (slot == nodeIds.length)
            {
                final int newCapacity = slot * 2;
                nodeIds = Arrays.copyOf(nodeIds, newCapacity);
                ipv4s = Arrays.copyOf(ipv4s, newCapacity);
                ports = Arrays.copyOf(ports, newCapacity);
            }
            nodeIds[slot] = nodeId;
            ipv4s[slot] = ipv4;
            ports[slot] = port;
            slotByNodeId.put(nodeId, slot);
            size = slot + 1;
        }
        else if (0 != port)
        {
            ipv4s[slot] = ipv4;
            ports[slot] = port;
        }
        return slot;
    }

    /**
     * @return number of slots in use.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return number of slots allocated.
     */
    public int capacity()
    {
        return nodeIds.length;
    }

    /**
     * @param slot of a member.
     * @return its node id.
     */
    public int nodeId(final int slot)
    {
        return nodeIds[slot];
    }

    /**
     * @param slot of a member.
     * @return its endpoint IPv4 address (host order).
     */
    public int ipv4(final int slot)
    {
        return ipv4s[slot];
    }

    /**
     * @param slot of a member.
     * @return its endpoint UDP port.
     */
    public int port(final int slot)
    {
        return ports[slot];
    }
}

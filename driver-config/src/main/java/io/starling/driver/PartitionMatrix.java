package io.starling.driver;

import org.agrona.collections.LongHashSet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A drop matrix for UDP datagrams, keyed by UDP port, that can be switched at run time from any thread while the
 * media driver's receiver consults it.
 * <p>
 * A datagram travelling from port {@code from} to port {@code to} is dropped when either
 * <ul>
 *     <li>the pair was cut with {@link #isolate(int, int)} or {@link #isolateOneWay(int, int)}, or</li>
 *     <li>the group of {@code from} is cut from the group of {@code to} with {@link #isolateGroups(int, int)},
 *     {@link #isolateGroupsOneWay(int, int)} or {@link #isolateGroup(int)}.</li>
 * </ul>
 * Every port starts in {@link #DEFAULT_GROUP}; {@link #assignGroup(int, int)} moves it. Nothing is blocked until a
 * rule says so, and {@link #heal()} removes every rule (group assignments stay).
 * <p>
 * Ports are the ones seen on the wire: a subscription's bind port and a publication's source port. Aeron picks
 * an ephemeral source port for a unicast publication unless its channel names one with
 * {@code interface=host:port}; the bound port can be read back with {@code Publication.localSocketAddresses()}.
 * To cut whole processes apart, put every port of a process (its subscription port and its publications' source
 * ports) into one group and isolate the groups. Ports are assumed unique across the emulated cluster; the IP
 * address is not part of the key.
 * <p>
 * Thread safety: mutators may be called from any thread and are serialised among themselves; they allocate.
 * {@link #isBlocked(int, int)} and {@link #shouldDrop(int, int)} are lock-free and allocation-free and may run
 * concurrently with mutators; a switch becomes visible to them within a few datagrams, not atomically as a whole.
 */
public final class PartitionMatrix
{
    /**
     * Number of partition groups; groups are numbered {@code 0} to {@code MAX_GROUPS - 1}.
     */
    public static final int MAX_GROUPS = 64;

    /**
     * Group of every port that has not been assigned one.
     */
    public static final int DEFAULT_GROUP = 0;

    private static final int PORT_COUNT = 1 << 16;
    private static final long EMPTY_KEY = -1L;
    private static final long[] NO_PAIRS = new long[0];
    private static final VarHandle GROUP_BY_PORT_VH = MethodHandles.arrayElementVarHandle(byte[].class);

    private final byte[] groupByPort = new byte[PORT_COUNT];
    private final AtomicLongArray blockedSourceGroupsByDestinationGroup = new AtomicLongArray(MAX_GROUPS);
    private final LongHashSet pairs = new LongHashSet();
    private final AtomicLong droppedFrames = new AtomicLong();
    private int groupRuleCount;
    private volatile long[] pairTable = NO_PAIRS;
    private volatile boolean hasRules;

    /**
     * A matrix in which every port is in {@link #DEFAULT_GROUP} and nothing is blocked.
     */
    public PartitionMatrix()
    {
    }

    /**
     * Put a port into a group.
     *
     * @param port  UDP port, 0 to 65535.
     * @param group partition group, 0 to {@link #MAX_GROUPS} - 1.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if the port or the group is out of range.
     */
    public synchronized PartitionMatrix assignGroup(final int port, final int group)
    {
        checkPort(port, "port");
        checkGroup(group, "group");
        GROUP_BY_PORT_VH.setRelease(groupByPort, port, (byte)group);

        return this;
    }

    /**
     * The group a port is in.
     *
     * @param port UDP port, 0 to 65535.
     * @return the port's group, {@link #DEFAULT_GROUP} unless assigned.
     * @throws IllegalArgumentException if the port is out of range.
     */
    public int groupOf(final int port)
    {
        checkPort(port, "port");

        return groupAt(port);
    }

    /**
     * Put every port back into {@link #DEFAULT_GROUP}. Rules are kept.
     *
     * @return this for a fluent API.
     */
    public synchronized PartitionMatrix resetGroups()
    {
        for (int port = 0; port < PORT_COUNT; port++)
        {
            GROUP_BY_PORT_VH.setRelease(groupByPort, port, (byte)DEFAULT_GROUP);
        }

        return this;
    }

    /**
     * Drop datagrams between two ports, in both directions.
     *
     * @param portA one UDP port.
     * @param portB the other UDP port.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a port is out of range.
     */
    public synchronized PartitionMatrix isolate(final int portA, final int portB)
    {
        checkPort(portA, "portA");
        checkPort(portB, "portB");
        pairs.add(pairKey(portA, portB));
        pairs.add(pairKey(portB, portA));
        publishPairs();

        return this;
    }

    /**
     * Drop datagrams sent from one port to another; the reverse direction is untouched.
     *
     * @param fromPort UDP port the datagrams come from.
     * @param toPort   UDP port the datagrams go to.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a port is out of range.
     */
    public synchronized PartitionMatrix isolateOneWay(final int fromPort, final int toPort)
    {
        checkPort(fromPort, "fromPort");
        checkPort(toPort, "toPort");
        pairs.add(pairKey(fromPort, toPort));
        publishPairs();

        return this;
    }

    /**
     * Remove the pair rules between two ports, in both directions. Group rules are untouched.
     *
     * @param portA one UDP port.
     * @param portB the other UDP port.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a port is out of range.
     */
    public synchronized PartitionMatrix heal(final int portA, final int portB)
    {
        checkPort(portA, "portA");
        checkPort(portB, "portB");
        pairs.remove(pairKey(portA, portB));
        pairs.remove(pairKey(portB, portA));
        publishPairs();

        return this;
    }

    /**
     * Drop datagrams between two groups, in both directions.
     *
     * @param groupA one group.
     * @param groupB the other group; may equal {@code groupA} to cut the members of a group from each other.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a group is out of range.
     */
    public synchronized PartitionMatrix isolateGroups(final int groupA, final int groupB)
    {
        checkGroup(groupA, "groupA");
        checkGroup(groupB, "groupB");
        blockGroups(groupA, groupB);
        blockGroups(groupB, groupA);
        updateHasRules();

        return this;
    }

    /**
     * Drop datagrams sent from the ports of one group to the ports of another; the reverse is untouched.
     *
     * @param fromGroup group the datagrams come from.
     * @param toGroup   group the datagrams go to.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a group is out of range.
     */
    public synchronized PartitionMatrix isolateGroupsOneWay(final int fromGroup, final int toGroup)
    {
        checkGroup(fromGroup, "fromGroup");
        checkGroup(toGroup, "toGroup");
        blockGroups(fromGroup, toGroup);
        updateHasRules();

        return this;
    }

    /**
     * Cut a group from every other group, in both directions; traffic inside the group still flows.
     *
     * @param group the group to cut off.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if the group is out of range.
     */
    public synchronized PartitionMatrix isolateGroup(final int group)
    {
        checkGroup(group, "group");
        for (int other = 0; other < MAX_GROUPS; other++)
        {
            if (other != group)
            {
                blockGroups(group, other);
                blockGroups(other, group);
            }
        }
        updateHasRules();

        return this;
    }

    /**
     * Remove the group rules between two groups, in both directions. Pair rules are untouched.
     *
     * @param groupA one group.
     * @param groupB the other group.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if a group is out of range.
     */
    public synchronized PartitionMatrix healGroups(final int groupA, final int groupB)
    {
        checkGroup(groupA, "groupA");
        checkGroup(groupB, "groupB");
        unblockGroups(groupA, groupB);
        unblockGroups(groupB, groupA);
        updateHasRules();

        return this;
    }

    /**
     * Remove every rule, pair and group; group assignments are kept.
     *
     * @return this for a fluent API.
     */
    public synchronized PartitionMatrix heal()
    {
        hasRules = false;
        for (int group = 0; group < MAX_GROUPS; group++)
        {
            blockedSourceGroupsByDestinationGroup.set(group, 0L);
        }
        groupRuleCount = 0;
        pairs.clear();
        pairTable = NO_PAIRS;

        return this;
    }

    /**
     * Would a datagram from one port to another be dropped? Lock-free and allocation-free. Ports out of range are
     * never blocked.
     *
     * @param fromPort UDP port the datagram comes from.
     * @param toPort   UDP port the datagram goes to.
     * @return true if the datagram is to be dropped.
     */
    public boolean isBlocked(final int fromPort, final int toPort)
    {
        if (!hasRules || ((fromPort | toPort) & ~(PORT_COUNT - 1)) != 0)
        {
            return false;
        }

        final long blockedSources = blockedSourceGroupsByDestinationGroup.getOpaque(groupAt(toPort));
        if (0 != (blockedSources & (1L << groupAt(fromPort))))
        {
            return true;
        }

        final long[] table = pairTable;
        final int length = table.length;
        if (0 == length)
        {
            return false;
        }

        final long key = pairKey(fromPort, toPort);
        final int mask = length - 1;
        int index = hash(key) & mask;
        while (true)
        {
            final long candidate = table[index];
            if (candidate == key)
            {
                return true;
            }

            if (candidate == EMPTY_KEY)
            {
                return false;
            }

            index = (index + 1) & mask;
        }
    }

    /**
     * {@link #isBlocked(int, int)}, counting the datagram in {@link #droppedFrames()} when it is to be dropped.
     *
     * @param fromPort UDP port the datagram comes from.
     * @param toPort   UDP port the datagram goes to.
     * @return true if the datagram is to be dropped.
     */
    public boolean shouldDrop(final int fromPort, final int toPort)
    {
        if (isBlocked(fromPort, toPort))
        {
            droppedFrames.incrementAndGet();
            return true;
        }

        return false;
    }

    /**
     * Number of datagrams dropped through {@link #shouldDrop(int, int)}, by every driver sharing this matrix.
     *
     * @return the number of dropped datagrams.
     */
    public long droppedFrames()
    {
        return droppedFrames.get();
    }

    /**
     * Is any rule in force?
     *
     * @return true if at least one pair or group rule exists.
     */
    public boolean hasRules()
    {
        return hasRules;
    }

    private int groupAt(final int port)
    {
        return (byte)GROUP_BY_PORT_VH.getOpaque(groupByPort, port);
    }

    private void blockGroups(final int fromGroup, final int toGroup)
    {
        final long before = blockedSourceGroupsByDestinationGroup.get(toGroup);
        final long after = before | (1L << fromGroup);
        if (after != before)
        {
            blockedSourceGroupsByDestinationGroup.set(toGroup, after);
            groupRuleCount++;
        }
    }

    private void unblockGroups(final int fromGroup, final int toGroup)
    {
        final long before = blockedSourceGroupsByDestinationGroup.get(toGroup);
        final long after = before & ~(1L << fromGroup);
        if (after != before)
        {
            blockedSourceGroupsByDestinationGroup.set(toGroup, after);
            groupRuleCount--;
        }
    }

    private void publishPairs()
    {
        final int size = pairs.size();
        if (0 == size)
        {
            pairTable = NO_PAIRS;
        }
        else
        {
            final long[] table = new long[Integer.highestOneBit(size) << 2];
            Arrays.fill(table, EMPTY_KEY);
            final int mask = table.length - 1;
            final LongHashSet.LongIterator iterator = pairs.iterator();
            while (iterator.hasNext())
            {
                final long key = iterator.nextValue();
                int index = hash(key) & mask;
                while (table[index] != EMPTY_KEY)
                {
                    index = (index + 1) & mask;
                }
                table[index] = key;
            }
            pairTable = table;
        }
        updateHasRules();
    }

    private void updateHasRules()
    {
        hasRules = groupRuleCount > 0 || !pairs.isEmpty();
    }

    private static long pairKey(final int fromPort, final int toPort)
    {
        return ((long)fromPort << 16) | toPort;
    }

    private static int hash(final long key)
    {
        final long mixed = key * 0x9E3779B97F4A7C15L;
        return (int)(mixed >>> 32);
    }

    private static void checkPort(final int port, final String name)
    {
        if (port < 0 || port >= PORT_COUNT)
        {
            throw new IllegalArgumentException(name + "=" + port + " must be a UDP port, 0 to 65535");
        }
    }

    private static void checkGroup(final int group, final String name)
    {
        if (group < 0 || group >= MAX_GROUPS)
        {
            throw new IllegalArgumentException(name + "=" + group + " must be 0 to " + (MAX_GROUPS - 1));
        }
    }
}

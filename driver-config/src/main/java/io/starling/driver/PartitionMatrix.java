package io.starling.driver;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.LongHashSet;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Starling's one partition matrix: a drop matrix over endpoints that can be switched at run time from any thread
 * while a decision path consults it. An endpoint is a non-negative int: a UDP port for the media driver's loss
 * generator ({@link ReceiveFaultInjector}), a node id for the engine's fault model (in-memory and Aeron paths), a
 * node index for the simulator. It holds no loss rates or schedules (the engine's {@code FaultModel} does).
 * <p>
 * A frame travelling from endpoint {@code from} to endpoint {@code to} is dropped when either
 * <ul>
 *     <li>the pair was cut with {@link #isolate(int, int)} or {@link #isolateOneWay(int, int)}, or</li>
 *     <li>the group of {@code from} is cut from the group of {@code to} with {@link #isolateGroups(int, int)},
 *     {@link #isolateGroupsOneWay(int, int)}, {@link #isolateGroup(int)} or {@link #isolateAll(int[][])}.</li>
 * </ul>
 * Every endpoint starts in {@link #DEFAULT_GROUP}; {@link #assignGroup(int, int)} moves it. Nothing is blocked
 * until a rule says so, and {@link #heal()} removes every rule (group assignments stay).
 * <p>
 * For the media driver, ports are the ones seen on the wire: a subscription's bind port and a publication's source
 * port (Aeron picks an ephemeral source port for a unicast publication unless its channel names one with
 * {@code interface=host:port}). To cut whole processes apart, put every port of a process into one group and
 * isolate the groups.
 * <p>
 * Thread safety: mutators may be called from any thread and are serialised among themselves; they allocate (a
 * group assignment republishes an immutable open-addressing table). {@link #isBlocked(int, int)} and
 * {@link #shouldDrop(int, int)} are lock-free and allocation-free and may run concurrently with mutators; a switch
 * becomes visible to them within a few frames, not atomically as a whole.
 */
public final class PartitionMatrix
{
    /**
     * Number of partition groups; groups are numbered {@code 0} to {@code MAX_GROUPS - 1}.
     */
    public static final int MAX_GROUPS = 64;

    /**
     * Group of every endpoint that has not been assigned one.
     */
    public static final int DEFAULT_GROUP = 0;

    private static final long EMPTY_KEY = -1L;
    private static final long[] NO_PAIRS = new long[0];
    private static final long[] NO_GROUPS = new long[0];

    private final Int2IntHashMap groups = new Int2IntHashMap(DEFAULT_GROUP);
    private final AtomicLongArray blockedSourceGroupsByDestinationGroup = new AtomicLongArray(MAX_GROUPS);
    private final LongHashSet pairs = new LongHashSet();
    private final AtomicLong droppedFrames = new AtomicLong();
    private int groupRuleCount;
    private volatile long[] groupTable = NO_GROUPS;
    private volatile long[] pairTable = NO_PAIRS;
    private volatile boolean hasRules;

    /**
     * A matrix in which every endpoint is in {@link #DEFAULT_GROUP} and nothing is blocked.
     */
    public PartitionMatrix()
    {
    }

    /**
     * Put an endpoint into a group.
     *
     * @param endpoint a port, node id or node index, at least 0.
     * @param group    partition group, 0 to {@link #MAX_GROUPS} - 1.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if the endpoint or the group is out of range.
     */
    public synchronized PartitionMatrix assignGroup(final int endpoint, final int group)
    {
        checkEndpoint(endpoint, "endpoint");
        checkGroup(group, "group");
        putGroup(endpoint, group);
        publishGroups();

        return this;
    }

    /**
     * Put many endpoints into one group, publishing the assignment once.
     *
     * @param endpoints ports, node ids or node indices, each at least 0.
     * @param group     partition group, 0 to {@link #MAX_GROUPS} - 1.
     * @return this for a fluent API.
     */
    public synchronized PartitionMatrix assignGroup(final int[] endpoints, final int group)
    {
        checkGroup(group, "group");
        for (final int endpoint : endpoints)
        {
            checkEndpoint(endpoint, "endpoint");
        }
        for (final int endpoint : endpoints)
        {
            putGroup(endpoint, group);
        }
        publishGroups();

        return this;
    }

    /**
     * The group an endpoint is in.
     *
     * @param endpoint a port, node id or node index.
     * @return the endpoint's group, {@link #DEFAULT_GROUP} unless assigned.
     */
    public int groupOf(final int endpoint)
    {
        return groupAt(endpoint);
    }

    /**
     * Put every endpoint back into {@link #DEFAULT_GROUP}. Rules are kept.
     *
     * @return this for a fluent API.
     */
    public synchronized PartitionMatrix resetGroups()
    {
        groups.clear();
        publishGroups();

        return this;
    }

    /**
     * Drop frames between two endpoints, in both directions.
     *
     * @param endpointA one endpoint.
     * @param endpointB the other endpoint.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if an endpoint is negative.
     */
    public synchronized PartitionMatrix isolate(final int endpointA, final int endpointB)
    {
        checkEndpoint(endpointA, "endpointA");
        checkEndpoint(endpointB, "endpointB");
        pairs.add(pairKey(endpointA, endpointB));
        pairs.add(pairKey(endpointB, endpointA));
        publishPairs();

        return this;
    }

    /**
     * Drop frames sent from one endpoint to another; the reverse direction is untouched.
     *
     * @param fromEndpoint endpoint the frames come from.
     * @param toEndpoint   endpoint the frames go to.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if an endpoint is negative.
     */
    public synchronized PartitionMatrix isolateOneWay(final int fromEndpoint, final int toEndpoint)
    {
        checkEndpoint(fromEndpoint, "fromEndpoint");
        checkEndpoint(toEndpoint, "toEndpoint");
        pairs.add(pairKey(fromEndpoint, toEndpoint));
        publishPairs();

        return this;
    }

    /**
     * Remove the pair rules between two endpoints, in both directions. Group rules are untouched.
     *
     * @param endpointA one endpoint.
     * @param endpointB the other endpoint.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if an endpoint is negative.
     */
    public synchronized PartitionMatrix heal(final int endpointA, final int endpointB)
    {
        checkEndpoint(endpointA, "endpointA");
        checkEndpoint(endpointB, "endpointB");
        pairs.remove(pairKey(endpointA, endpointB));
        pairs.remove(pairKey(endpointB, endpointA));
        publishPairs();

        return this;
    }

    /**
     * Drop frames between two groups, in both directions.
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
     * Drop frames sent from the endpoints of one group to the endpoints of another; the reverse is untouched.
     *
     * @param fromGroup group the frames come from.
     * @param toGroup   group the frames go to.
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
     * Split the endpoints into fully isolated groups: {@code members[g]} goes to group g (every other endpoint
     * stays where it is) and every pair of distinct groups {@code 0..members.length - 1} is cut, both ways.
     *
     * @param members endpoints per group, at most {@link #MAX_GROUPS} groups.
     * @return this for a fluent API.
     */
    public synchronized PartitionMatrix isolateAll(final int[][] members)
    {
        if (members.length > MAX_GROUPS)
        {
            throw new IllegalArgumentException("groups=" + members.length + " must be at most " + MAX_GROUPS);
        }
        for (final int[] group : members)
        {
            for (final int endpoint : group)
            {
                checkEndpoint(endpoint, "endpoint");
            }
        }
        for (int g = 0; g < members.length; g++)
        {
            for (final int endpoint : members[g])
            {
                putGroup(endpoint, g);
            }
        }
        publishGroups();
        for (int a = 0; a < members.length; a++)
        {
            for (int b = 0; b < members.length; b++)
            {
                if (a != b)
                {
                    blockGroups(a, b);
                }
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
     * Would a frame from one endpoint to another be dropped? Lock-free and allocation-free. Negative endpoints
     * are never blocked.
     *
     * @param fromEndpoint endpoint the frame comes from.
     * @param toEndpoint   endpoint the frame goes to.
     * @return true if the frame is to be dropped.
     */
    public boolean isBlocked(final int fromEndpoint, final int toEndpoint)
    {
        if (!hasRules || (fromEndpoint | toEndpoint) < 0)
        {
            return false;
        }

        final long blockedSources = blockedSourceGroupsByDestinationGroup.getOpaque(groupAt(toEndpoint));
        if (0 != (blockedSources & (1L << groupAt(fromEndpoint))))
        {
            return true;
        }

        final long[] table = pairTable;
        final int length = table.length;
        if (0 == length)
        {
            return false;
        }

        final long key = pairKey(fromEndpoint, toEndpoint);
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
     * {@link #isBlocked(int, int)}, counting the frame in {@link #droppedFrames()} when it is to be dropped.
     *
     * @param fromEndpoint endpoint the frame comes from.
     * @param toEndpoint   endpoint the frame goes to.
     * @return true if the frame is to be dropped.
     */
    public boolean shouldDrop(final int fromEndpoint, final int toEndpoint)
    {
        if (isBlocked(fromEndpoint, toEndpoint))
        {
            droppedFrames.incrementAndGet();
            return true;
        }

        return false;
    }

    /**
     * Number of frames dropped through {@link #shouldDrop(int, int)}, by every user sharing this matrix.
     *
     * @return the number of dropped frames.
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

    private int groupAt(final int endpoint)
    {
        final long[] table = groupTable;
        final int length = table.length;
        if (0 == length || endpoint < 0)
        {
            return DEFAULT_GROUP;
        }
        final int mask = length - 1;
        int index = hash(endpoint) & mask;
        while (true)
        {
            final long entry = table[index];
            if (EMPTY_KEY == entry)
            {
                return DEFAULT_GROUP;
            }
            if ((int)(entry >>> 32) == endpoint)
            {
                return (int)entry;
            }
            index = (index + 1) & mask;
        }
    }

    private void putGroup(final int endpoint, final int group)
    {
        if (DEFAULT_GROUP == group)
        {
            groups.remove(endpoint);
        }
        else
        {
            groups.put(endpoint, group);
        }
    }

    private void publishGroups()
    {
        final int size = groups.size();
        if (0 == size)
        {
            groupTable = NO_GROUPS;
            return;
        }
        final long[] table = new long[Integer.highestOneBit(size) << 2];
        Arrays.fill(table, EMPTY_KEY);
        final int mask = table.length - 1;
        final Int2IntHashMap.EntryIterator iterator = groups.entrySet().iterator();
        while (iterator.hasNext())
        {
            iterator.next();
            final int endpoint = iterator.getIntKey();
            int index = hash(endpoint) & mask;
            while (table[index] != EMPTY_KEY)
            {
                index = (index + 1) & mask;
            }
            table[index] = ((long)endpoint << 32) | iterator.getIntValue();
        }
        groupTable = table;
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

    private static long pairKey(final int fromEndpoint, final int toEndpoint)
    {
        return ((long)fromEndpoint << 32) | toEndpoint;
    }

    private static int hash(final long key)
    {
        final long mixed = key * 0x9E3779B97F4A7C15L;
        return (int)(mixed >>> 32);
    }

    private static void checkEndpoint(final int endpoint, final String name)
    {
        if (endpoint < 0)
        {
            throw new IllegalArgumentException(name + "=" + endpoint + " must not be negative");
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

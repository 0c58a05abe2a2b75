package io.starling.engine.protocol;

import java.util.Arrays;

import org.agrona.collections.Int2IntHashMap;

/**
 * Process-wide directory of every member any hosted node has heard of: node id to a dense slot, and per slot the
 * member's endpoint (the UDP endpoint of the process that hosts it).
 * <p>
 * Thousands of nodes share one process, and a member's address is a property of the member, not of the node that
 * learned it, so the address lives here once and each node's {@link MembershipTable} is a dense array indexed by
 * slot. The endpoint of a node hosted by this process is the host's and never changes through the network
 * ({@link #registerHosted}); a remote member's endpoint moves only with a newer incarnation than the one that
 * announced the endpoint held. A remote member's slot is freed once no hosted view holds it ({@link #release})
 * and reused by the next member registered. Single writer (the host's duty-cycle thread); {@link #size()} is published with
 * release semantics after a slot is filled, so readers on other threads that read the size first see whole entries.
 * A reader on another thread looks a member up with {@link #word}: the id map is guarded by a sequence counter (odd
 * while the writer changes it), so a lookup that raced a rehash, a compaction or a slot's reuse is retried; a scan
 * of slots reads each entry between {@link #beginRead()} and {@link #isReadValid} for the same reason.
 * <p>
 * Ids are looked up once per membership update a node merges, so the lookup is the hottest read of a large cold
 * start (16% of the simulator's samples at 10,000 nodes, 2026-12-08). Small non-negative ids, which clusters number
 * from 0 or 1, are held in a plain array indexed by id instead of the hash map ({@link #DENSE_IDS_PER_SLOT}): one
 * read, and ids close together share cache lines. An id is in the array exactly when it is below the array's
 * length; others stay in the map.
 */
public final class MemberDirectory
{
    private static final int MISSING = -1;

    private final Int2IntHashMap slotByNodeId;
    /** Slot by id for ids in [0, length); those ids are never in {@link #slotByNodeId}. Replaced on growth. */
    private int[] slotByDenseId = new int[0];
    private int[] nodeIds;
    private int[] ipv4s;
    private int[] ports;
    private byte[][] metadata;
    private int[] metadataVersions;
    private int[] metadataIncarnations;
    /** The incarnation that announced each endpoint, valid where {@link #ENDPOINT_INCARNATION} is set. */
    private int[] endpointIncarnations;
    private byte[] flags;
    /** Hosted views that hold each slot (state not NONE); a remote member's slot is freed when it drops to 0. */
    private int[] viewCounts;
    private int[] freeSlots = new int[16];
    private int freeCount;
    private volatile int size;
    /** Changes of the id map and of slot owners; odd while one is under way. Written by the host's thread only. */
    private volatile long mapSequence;

    private static final byte HOSTED = 1;
    private static final byte ENDPOINT_INCARNATION = 2;

    /**
     * The id array grows to cover a new id only while it stays within this many entries per allocated slot (and
     * {@link #DENSE_IDS_MAX}): ids numbered from 0 or 1 fill it, scattered ids go to the map instead of a sparse
     * array. 4 bytes each, so at most 16 bytes per slot.
     */
    public static final int DENSE_IDS_PER_SLOT = 4;

    /** The id array never covers ids from this one up (4 MiB of array). */
    public static final int DENSE_IDS_MAX = 1 << 20;

    /** Largest metadata a member may carry, in bytes. */
    public static final int MAX_METADATA_BYTES = 512;

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
        metadata = new byte[capacity][];
        metadataVersions = new int[capacity];
        metadataIncarnations = new int[capacity];
        endpointIncarnations = new int[capacity];
        flags = new byte[capacity];
        viewCounts = new int[capacity];
    }

    /**
     * A member's state word in a hosted view, from any thread, allocation free: the slot lookup and the word are
     * retried until no change of the id map (rehash, compaction, a slot freed or reused) overlapped them.
     *
     * @param table  a hosted node's view.
     * @param nodeId of a member.
     * @return its state word in the view ({@link MemberState#NONE} if unknown).
     */
    public long word(final MembershipTable table, final int nodeId)
    {
        while (true)
        {
            final long sequence = mapSequence;
            if (0 == (sequence & 1))
            {
                // A racing writer can make the lookup wrong but not throw: each path reads one array.
                final int slot = lookup(nodeId);
                final long word = table.word(slot < 0 ? Integer.MAX_VALUE : slot);
                java.lang.invoke.VarHandle.acquireFence();
                if (sequence == mapSequence)
                {
                    return word;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Start reading a slot's entry (id, endpoint, metadata) from another thread: spins while the writer changes the
     * id map or a slot's owner, then returns the sequence to hand to {@link #isReadValid}.
     *
     * @return the sequence the read started at.
     */
    public long beginRead()
    {
        long sequence;
        while (0 != ((sequence = mapSequence) & 1))
        {
            Thread.onSpinWait();
        }
        return sequence;
    }

    /**
     * @param sequence from {@link #beginRead()}.
     * @return true if no change of the id map or of a slot's owner overlapped the read (else read again).
     */
    public boolean isReadValid(final long sequence)
    {
        java.lang.invoke.VarHandle.acquireFence();
        return sequence == mapSequence;
    }

    /**
     * @param nodeId of a member.
     * @return its slot, or -1 if unknown. Host thread only; other threads use {@link #word}.
     */
    public int slotOf(final int nodeId)
    {
        return lookup(nodeId);
    }

    private int lookup(final int nodeId)
    {
        final int[] dense = slotByDenseId;
        return nodeId >= 0 && nodeId < dense.length ? dense[nodeId] : slotByNodeId.get(nodeId);
    }

    /** Map an id to a slot, or forget it with {@link #MISSING}; inside a map change. */
    private void putSlot(final int nodeId, final int slot)
    {
        if (nodeId >= slotByDenseId.length && nodeId < DENSE_IDS_MAX && MISSING != slot)
        {
            growDenseIds(nodeId);
        }
        if (nodeId >= 0 && nodeId < slotByDenseId.length)
        {
            slotByDenseId[nodeId] = slot;
        }
        else if (MISSING == slot)
        {
            slotByNodeId.remove(nodeId);
        }
        else
        {
            slotByNodeId.put(nodeId, slot);
        }
    }

    /** Cover {@code nodeId} with the id array if it stays dense enough; ids it now covers leave the map. */
    private void growDenseIds(final int nodeId)
    {
        final int length = org.agrona.BitUtil.findNextPositivePowerOfTwo(nodeId + 1);
        if (length > Math.max(1024, DENSE_IDS_PER_SLOT * nodeIds.length))
        {
            return;
        }
        final int oldLength = slotByDenseId.length;
        final int[] dense = Arrays.copyOf(slotByDenseId, length);
        Arrays.fill(dense, oldLength, length, MISSING);
        if (!slotByNodeId.isEmpty())
        {
            final int[] moved = new int[slotByNodeId.size()];
            int count = 0;
            final Int2IntHashMap.KeyIterator keys = slotByNodeId.keySet().iterator();
            while (keys.hasNext())
            {
                final int id = keys.nextValue();
                if (id >= oldLength && id < length)
                {
                    moved[count++] = id;
                }
            }
            for (int i = 0; i < count; i++)
            {
                dense[moved[i]] = slotByNodeId.remove(moved[i]);
            }
        }
        slotByDenseId = dense;
    }

    /**
     * Find or add a member known by configuration; a known member's endpoint is left as it is.
     *
     * @param nodeId of the member.
     * @param ipv4   endpoint address (host order), for a new member.
     * @param port   endpoint port, for a new member.
     * @return the member's slot.
     */
    public int register(final int nodeId, final int ipv4, final int port)
    {
        int slot = lookup(nodeId);
        if (MISSING == slot)
        {
            slot = add(nodeId, ipv4, port);
        }
        return slot;
    }

    /**
     * Find or add a member as an update announced it: the endpoint is tied to the incarnation that announced it. A
     * known member's endpoint moves only when {@code incarnation} is newer (serial order) than the one that announced
     * the endpoint held, and never for a node hosted by this process.
     *
     * @param nodeId      of the member.
     * @param ipv4        endpoint address (host order).
     * @param port        endpoint port; 0 leaves a known endpoint unchanged.
     * @param incarnation the incarnation of the update that carries the endpoint.
     * @return the member's slot.
     */
    public int register(final int nodeId, final int ipv4, final int port, final int incarnation)
    {
        return register(lookup(nodeId), nodeId, ipv4, port, incarnation);
    }

    /**
     * {@link #register(int, int, int, int)} for a caller that has just looked the member up with {@link #slotOf}
     * and changed nothing since: the lookup is not repeated (a merge that learns a member other hosted nodes know
     * paid for two lookups, each a likely cache miss, 7% of a 10,000-node cold start's samples).
     *
     * @param knownSlot   {@link #slotOf}{@code (nodeId)}, or -1.
     * @param nodeId      of the member.
     * @param ipv4        endpoint address (host order).
     * @param port        endpoint port; 0 leaves a known endpoint unchanged.
     * @param incarnation the incarnation of the update that carries the endpoint.
     * @return the member's slot.
     */
    public int register(
        final int knownSlot, final int nodeId, final int ipv4, final int port, final int incarnation)
    {
        int slot = knownSlot;
        if (MISSING == slot)
        {
            slot = add(nodeId, ipv4, port);
            endpointIncarnations[slot] = incarnation;
            flags[slot] = ENDPOINT_INCARNATION;
        }
        else if (0 != port && 0 == (flags[slot] & HOSTED) &&
            (0 == (flags[slot] & ENDPOINT_INCARNATION) || incarnation - endpointIncarnations[slot] > 0))
        {
            ipv4s[slot] = ipv4;
            ports[slot] = port;
            endpointIncarnations[slot] = incarnation;
            flags[slot] |= ENDPOINT_INCARNATION;
        }
        return slot;
    }

    /**
     * Find or add a node this process hosts, at the process's endpoint: from now on no update moves it.
     *
     * @param nodeId of the hosted node.
     * @param ipv4   the process's endpoint address (host order).
     * @param port   the process's endpoint port.
     * @return the node's slot.
     */
    public int registerHosted(final int nodeId, final int ipv4, final int port)
    {
        int slot = lookup(nodeId);
        if (MISSING == slot)
        {
            slot = add(nodeId, ipv4, port);
        }
        ipv4s[slot] = ipv4;
        ports[slot] = port;
        flags[slot] = HOSTED;
        return slot;
    }

    /**
     * @param slot of a member.
     * @return true if the member is a node hosted by this process.
     */
    public boolean isHosted(final int slot)
    {
        return 0 != (flags[slot] & HOSTED);
    }

    /**
     * A hosted view now holds the member (its entry left NONE).
     *
     * @param slot of the member.
     */
    public void retain(final int slot)
    {
        viewCounts[slot]++;
    }

    /**
     * A hosted view forgot the member (its entry is NONE again). When no view holds a remote member any more its
     * slot is freed: the id is forgotten and the slot is reused by the next member registered.
     *
     * @param slot of the member.
     */
    public void release(final int slot)
    {
        if (--viewCounts[slot] <= 0 && 0 == (flags[slot] & HOSTED))
        {
            viewCounts[slot] = 0;
            beginMapChange();
            putSlot(nodeIds[slot], MISSING);
            metadata[slot] = null;
            flags[slot] = 0;
            ports[slot] = 0;
            endMapChange();
            if (freeCount == freeSlots.length)
            {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
        }
    }

    /**
     * @return members registered (slots in use and not free).
     */
    public int memberCount()
    {
        return size - freeCount;
    }

    private int add(final int nodeId, final int ipv4, final int port)
    {
        if (freeCount > 0)
        {
            final int slot = freeSlots[--freeCount];
            beginMapChange();
            nodeIds[slot] = nodeId;
            ipv4s[slot] = ipv4;
            ports[slot] = port;
            metadataVersions[slot] = 0;
            putSlot(nodeId, slot);
            endMapChange();
            return slot;
        }
        final int slot = size;
        if (slot == nodeIds.length)
        {
            final int newCapacity = slot * 2;
            nodeIds = Arrays.copyOf(nodeIds, newCapacity);
            ipv4s = Arrays.copyOf(ipv4s, newCapacity);
            ports = Arrays.copyOf(ports, newCapacity);
            metadata = Arrays.copyOf(metadata, newCapacity);
            metadataVersions = Arrays.copyOf(metadataVersions, newCapacity);
            metadataIncarnations = Arrays.copyOf(metadataIncarnations, newCapacity);
            endpointIncarnations = Arrays.copyOf(endpointIncarnations, newCapacity);
            flags = Arrays.copyOf(flags, newCapacity);
            viewCounts = Arrays.copyOf(viewCounts, newCapacity);
        }
        nodeIds[slot] = nodeId;
        ipv4s[slot] = ipv4;
        ports[slot] = port;
        beginMapChange();
        putSlot(nodeId, slot);
        endMapChange();
        size = slot + 1;
        return slot;
    }

    private void beginMapChange()
    {
        mapSequence = mapSequence + 1;
        java.lang.invoke.VarHandle.storeStoreFence();
    }

    private void endMapChange()
    {
        mapSequence = mapSequence + 1;
    }

    /**
     * @return number of slots ever used (the bound of a scan; a free slot's entry is NONE in every view).
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

    /**
     * Store a member's metadata if it is newer than what is held, ordered by (incarnation, version): a restarted
     * member counts its metadata versions from 0 again, so the version alone would freeze its metadata at what its
     * previous life announced. Both compare as serial numbers (32 and 16 bits). Allocates a copy: metadata changes
     * are rare and off the probe path.
     *
     * @param slot        member slot.
     * @param incarnation the member's incarnation that announced the metadata.
     * @param version     metadata version.
     * @param buffer      holding the metadata.
     * @param offset      of the metadata.
     * @param length      of the metadata, at most {@link #MAX_METADATA_BYTES}.
     * @return true if stored.
     */
    public boolean putMetadata(
        final int slot,
        final int incarnation,
        final int version,
        final org.agrona.DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (length < 0 || length > MAX_METADATA_BYTES)
        {
            return false;
        }
        if (null != metadata[slot])
        {
            final int incarnationAhead = incarnation - metadataIncarnations[slot];
            if (incarnationAhead < 0 || (0 == incarnationAhead && (short)(version - metadataVersions[slot]) <= 0))
            {
                return false;
            }
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        metadata[slot] = copy;
        metadataVersions[slot] = version;
        metadataIncarnations[slot] = incarnation;
        return true;
    }

    /**
     * @param slot member slot.
     * @return the member's metadata bytes (do not modify), or null if none is held.
     */
    public byte[] metadata(final int slot)
    {
        return metadata[slot];
    }

    /**
     * @param slot member slot.
     * @return version of the held metadata (meaningful when {@link #metadata(int)} is not null).
     */
    public int metadataVersion(final int slot)
    {
        return metadataVersions[slot];
    }
}

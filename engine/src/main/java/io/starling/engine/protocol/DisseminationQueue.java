package io.starling.engine.protocol;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

/**
 * Membership updates waiting to be piggybacked, one entry per member: a newer update about a member replaces the
 * older one (the entry refers to the member's slot and its content is read from the table at send time, so it is
 * always the newest). Entries are bucketed by how often they were sent and handed out fewest-sent first, newest
 * first within a bucket; an entry leaves after {@code limit} transmissions. Bounded: when full, the most-sent
 * entry is evicted (it has spread furthest; push-pull is the safety net), never the pinned one (the node's own).
 * An entry may be marked as announcing new metadata ({@link #offer(int, int, boolean)}): {@link Piggyback} sends
 * the bytes with every transmission of it. Allocation free after construction.
 */
public final class DisseminationQueue
{
    private static final int NIL = -1;

    private final int capacity;
    private final int[] memberSlot;
    private final int[] fromNode;
    private final int[] transmits;
    private final boolean[] withMetadata;
    private final int[] next;
    private final int[] prev;
    private final int[] bucketHead;
    private final int[] bucketTail;
    private final Int2IntHashMap entryBySlot;
    private int freeHead;
    private int size;
    private int withMetadataCount;
    private int pinnedSlot = NIL;

    /**
     * @param capacity     entries.
     * @param maxTransmits the largest transmit limit that will be asked for (buckets beyond it are merged).
     */
    public DisseminationQueue(final int capacity, final int maxTransmits)
    {
        this.capacity = capacity;
        memberSlot = new int[capacity];
        fromNode = new int[capacity];
        transmits = new int[capacity];
        withMetadata = new boolean[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        bucketHead = new int[maxTransmits + 1];
        bucketTail = new int[maxTransmits + 1];
        java.util.Arrays.fill(bucketHead, NIL);
        java.util.Arrays.fill(bucketTail, NIL);
        entryBySlot = new Int2IntHashMap(capacity * 2, Hashing.DEFAULT_LOAD_FACTOR, NIL);
        for (int i = 0; i < capacity; i++)
        {
            next[i] = i + 1 < capacity ? i + 1 : NIL;
        }
        freeHead = 0;
    }

    /**
     * Never evict the update about this member to make room (the node's own slot: its refutation is the only thing
     * that takes back a suspicion of it). It still leaves after its transmissions.
     *
     * @param slot member slot, or -1 for none.
     */
    public void pin(final int slot)
    {
        pinnedSlot = slot;
    }

    /**
     * @return the pinned member slot (the node's own), or -1.
     */
    public int pinnedSlot()
    {
        return pinnedSlot;
    }

    /**
     * @return entries queued.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return the largest transmit count tracked.
     */
    public int maxTransmits()
    {
        return bucketHead.length - 1;
    }

    /**
     * Queue (or re-queue with a fresh transmit count) an update about a member.
     *
     * @param slot member slot.
     * @param from node that raised the update (for suspect and dead: Lifeguard confirmations).
     */
    public void offer(final int slot, final int from)
    {
        offer(slot, from, false);
    }

    /**
     * Queue (or re-queue with a fresh transmit count) an update about a member, marked as announcing metadata the
     * receivers may not hold: every transmission of it carries the bytes. The mark stays until the entry leaves the
     * queue, whatever later offers say, so a suspicion right after a metadata change does not strip the bytes.
     *
     * @param slot         member slot.
     * @param from         node that raised the update.
     * @param withMetadata true if the update announces new metadata.
     */
    public void offer(final int slot, final int from, final boolean withMetadata)
    {
        int entry = entryBySlot.get(slot);
        if (NIL != entry)
        {
            unlink(entry);
        }
        else
        {
            if (NIL == freeHead)
            {
                evictMostSent();
            }
            entry = freeHead;
            freeHead = next[entry];
            entryBySlot.put(slot, entry);
            memberSlot[entry] = slot;
            size++;
        }
        if (withMetadata && !this.withMetadata[entry])
        {
            this.withMetadata[entry] = true;
            withMetadataCount++;
        }
        fromNode[entry] = from;
        transmits[entry] = 0;
        linkFirst(entry, 0);
    }

    /**
     * @return true if some queued entry may carry metadata ({@link #withMetadataOf} true for it): one marked as
     * announcing metadata, or the pinned member's own. When false every entry goes as a plain update.
     */
    public boolean mayCarryMetadata()
    {
        return withMetadataCount > 0 || (NIL != pinnedSlot && contains(pinnedSlot));
    }

    /**
     * @param slot member slot.
     * @return true if an update about the member is queued.
     */
    public boolean contains(final int slot)
    {
        return NIL != entryBySlot.get(slot);
    }

    /**
     * Remove the update about a member, if queued.
     *
     * @param slot member slot.
     */
    public void remove(final int slot)
    {
        final int entry = entryBySlot.remove(slot);
        if (NIL != entry)
        {
            unlink(entry);
            free(entry);
        }
    }

    /**
     * Select up to {@code max} entries fewest-sent first, writing their ids into {@code out}. The caller encodes
     * them and then calls {@link #markSent(int[], int, int)}.
     *
     * <p>
     * Every queued entry sits in exactly one bucket, so the scan stops once it has taken {@code size} entries: the
     * buckets after that are empty. An empty queue (a quiet node, every Ping) scans no bucket at all. Before, each
     * selection walked all 65 buckets, and how fast that walk ran depended on whether the JIT's profile had seen a
     * non-empty bucket (the inner loop compiled in, about 1.4x the probe tick, bench/results/refactor-jmh.md,
     * 2026-12-07) or not (the inner loop an uncommon trap).
     *
     * @param out entry ids.
     * @param max most entries.
     * @return entries written.
     */
    public int select(final int[] out, final int max)
    {
        final int limit = Math.min(max, size);
        int n = 0;
        for (int b = 0; b < bucketHead.length && n < limit; b++)
        {
            for (int e = bucketHead[b]; e != NIL && n < limit; e = next[e])
            {
                out[n++] = e;
            }
        }
        return n;
    }

    /**
     * @param entry entry id from {@link #select(int[], int)}.
     * @return the member slot of the entry.
     */
    public int slotOf(final int entry)
    {
        return memberSlot[entry];
    }

    /**
     * @param entry entry id from {@link #select(int[], int)}.
     * @return the node that raised the update.
     */
    public int fromOf(final int entry)
    {
        return fromNode[entry];
    }

    /**
     * @param entry entry id from {@link #select(int[], int)}.
     * @return true if the update announces metadata the receivers may not hold (or is the pinned node's own).
     */
    public boolean withMetadataOf(final int entry)
    {
        return withMetadata[entry] || memberSlot[entry] == pinnedSlot;
    }

    /**
     * Count one transmission of each entry; entries reaching the limit leave the queue.
     *
     * @param entries entry ids.
     * @param count   how many.
     * @param limit   transmissions after which an entry leaves.
     */
    public void markSent(final int[] entries, final int count, final int limit)
    {
        for (int i = 0; i < count; i++)
        {
            final int e = entries[i];
            unlink(e);
            final int t = transmits[e] + 1;
            if (t >= limit)
            {
                entryBySlot.remove(memberSlot[e]);
                free(e);
            }
            else
            {
                transmits[e] = t;
                linkFirst(e, Math.min(t, bucketHead.length - 1));
            }
        }
    }

    /**
     * Evict the oldest entry of the most-sent bucket: O(1) (a bucket keeps its tail), because a join storm fills
     * the queue and then evicts once per new member learned.
     */
    private void evictMostSent()
    {
        for (int b = bucketHead.length - 1; b >= 0; b--)
        {
            int e = bucketTail[b];
            if (NIL != e && memberSlot[e] == pinnedSlot)
            {
                e = prev[e];
            }
            if (NIL != e)
            {
                unlink(e);
                entryBySlot.remove(memberSlot[e]);
                free(e);
                return;
            }
        }
    }

    private void linkFirst(final int entry, final int bucket)
    {
        final int head = bucketHead[bucket];
        prev[entry] = NIL;
        next[entry] = head;
        if (NIL != head)
        {
            prev[head] = entry;
        }
        else
        {
            bucketTail[bucket] = entry;
        }
        bucketHead[bucket] = entry;
    }

    private void unlink(final int entry)
    {
        final int bucket = Math.min(transmits[entry], bucketHead.length - 1);
        final int p = prev[entry];
        final int n = next[entry];
        if (NIL != p)
        {
            next[p] = n;
        }
        else
        {
            bucketHead[bucket] = n;
        }
        if (NIL != n)
        {
            prev[n] = p;
        }
        else
        {
            bucketTail[bucket] = p;
        }
    }

    private void free(final int entry)
    {
        if (withMetadata[entry])
        {
            withMetadata[entry] = false;
            withMetadataCount--;
        }
        next[entry] = freeHead;
        freeHead = entry;
        size--;
    }
}

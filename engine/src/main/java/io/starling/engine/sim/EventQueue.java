package io.starling.engine.sim;

import java.util.Arrays;

/**
 * The simulator's event queue: a primitive binary min-heap ordered by (time, insertion sequence), so events due at
 * the same instant run in the order they were scheduled and a run is deterministic. No object per event: an event
 * is a slot in parallel primitive arrays (type, node, three int fields, a stamp), recycled through a free list;
 * the heap holds (time, sequence, slot). A slot may be pushed again (re-queued) while it is still allocated.
 * Not thread safe.
 */
public final class EventQueue
{
    /** Slot is free. */
    public static final int FREE = 0;

    private long[] heapTimeNs;
    private long[] heapSeq;
    private int[] heapSlot;
    private int heapSize;
    private long nextSeq;

    private int[] type;
    private int[] node;
    private int[] a;
    private int[] b;
    private int[] c;
    private int[] stamp;
    private int[] freeSlots;
    private int freeCount;
    private int slotCount;
    private int slotsInUse;

    /**
     * @param initialCapacity events to allocate room for up front (grows by doubling).
     */
    public EventQueue(final int initialCapacity)
    {
        final int capacity = Math.max(16, initialCapacity);
        heapTimeNs = new long[capacity];
        heapSeq = new long[capacity];
        heapSlot = new int[capacity];
        type = new int[capacity];
        node = new int[capacity];
        a = new int[capacity];
        b = new int[capacity];
        c = new int[capacity];
        stamp = new int[capacity];
        freeSlots = new int[capacity];
    }

    /**
     * Allocate an event slot.
     *
     * @param eventType non-zero type.
     * @param nodeIndex node the event belongs to.
     * @param fieldA    first type-specific field.
     * @param fieldB    second type-specific field.
     * @param fieldC    third type-specific field.
     * @return the slot.
     */
    public int allocate(final int eventType, final int nodeIndex, final int fieldA, final int fieldB, final int fieldC)
    {
        final int slot;
        if (freeCount > 0)
        {
            slot = freeSlots[--freeCount];
        }
        else
        {
            if (slotCount == type.length)
            {
                growSlots();
            }
            slot = slotCount++;
        }
        type[slot] = eventType;
        node[slot] = nodeIndex;
        a[slot] = fieldA;
        b[slot] = fieldB;
        c[slot] = fieldC;
        stamp[slot]++;
        if (0 == stamp[slot])
        {
            stamp[slot] = 1;
        }
        slotsInUse++;
        return slot;
    }

    /**
     * Return a slot to the pool. It must no longer be in the heap.
     *
     * @param slot to free.
     */
    public void free(final int slot)
    {
        type[slot] = FREE;
        if (freeCount == freeSlots.length)
        {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
        slotsInUse--;
    }

    /**
     * Queue a slot to run at a time; it runs after everything already queued for the same time.
     *
     * @param timeNs virtual time.
     * @param slot   allocated slot.
     */
    public void push(final long timeNs, final int slot)
    {
        if (heapSize == heapTimeNs.length)
        {
            final int newCapacity = heapSize * 2;
            heapTimeNs = Arrays.copyOf(heapTimeNs, newCapacity);
            heapSeq = Arrays.copyOf(heapSeq, newCapacity);
            heapSlot = Arrays.copyOf(heapSlot, newCapacity);
        }
        final long seq = nextSeq++;
        int i = heapSize++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final long pt = heapTimeNs[parent];
            if (pt < timeNs || (pt == timeNs && heapSeq[parent] < seq))
            {
                break;
            }
            heapTimeNs[i] = pt;
            heapSeq[i] = heapSeq[parent];
            heapSlot[i] = heapSlot[parent];
            i = parent;
        }
        heapTimeNs[i] = timeNs;
        heapSeq[i] = seq;
        heapSlot[i] = slot;
    }

    /**
     * @return true if nothing is queued.
     */
    public boolean isEmpty()
    {
        return 0 == heapSize;
    }

    /**
     * @return queued entries.
     */
    public int size()
    {
        return heapSize;
    }

    /**
     * @return allocated slots (queued or held).
     */
    public int slotsInUse()
    {
        return slotsInUse;
    }

    /**
     * @return time of the earliest entry, or {@link Long#MAX_VALUE} when empty.
     */
    public long peekTimeNs()
    {
        return 0 == heapSize ? Long.MAX_VALUE : heapTimeNs[0];
    }

    /**
     * Remove the earliest entry. Its time is {@link #peekTimeNs()} read before the call.
     *
     * @return its slot, or -1 when empty.
     */
    public int poll()
    {
        if (0 == heapSize)
        {
            return -1;
        }
        final int result = heapSlot[0];
        final int last = --heapSize;
        if (last > 0)
        {
            final long t = heapTimeNs[last];
            final long s = heapSeq[last];
            final int sl = heapSlot[last];
            int i = 0;
            final int half = last >>> 1;
            while (i < half)
            {
                int child = (i << 1) + 1;
                long ct = heapTimeNs[child];
                long cs = heapSeq[child];
                final int right = child + 1;
                if (right < last)
                {
                    final long rt = heapTimeNs[right];
                    final long rs = heapSeq[right];
                    if (rt < ct || (rt == ct && rs < cs))
                    {
                        child = right;
                        ct = rt;
                        cs = rs;
                    }
                }
                if (t < ct || (t == ct && s < cs))
                {
                    break;
                }
                heapTimeNs[i] = ct;
                heapSeq[i] = cs;
                heapSlot[i] = heapSlot[child];
                i = child;
            }
            heapTimeNs[i] = t;
            heapSeq[i] = s;
            heapSlot[i] = sl;
        }
        return result;
    }

    /**
     * @param slot allocated slot.
     * @return its type.
     */
    public int type(final int slot)
    {
        return type[slot];
    }

    /**
     * @param slot      allocated slot.
     * @param eventType new type (for example to mark it cancelled).
     */
    public void type(final int slot, final int eventType)
    {
        type[slot] = eventType;
    }

    /**
     * @param slot allocated slot.
     * @return its node.
     */
    public int node(final int slot)
    {
        return node[slot];
    }

    /**
     * @param slot allocated slot.
     * @return first field.
     */
    public int a(final int slot)
    {
        return a[slot];
    }

    /**
     * @param slot allocated slot.
     * @return second field.
     */
    public int b(final int slot)
    {
        return b[slot];
    }

    /**
     * @param slot allocated slot.
     * @return third field.
     */
    public int c(final int slot)
    {
        return c[slot];
    }

    /**
     * @param slot  allocated slot.
     * @param value new third field.
     */
    public void c(final int slot, final int value)
    {
        c[slot] = value;
    }

    /**
     * @param slot a slot.
     * @return its stamp: changes every time the slot is allocated, so (stamp, slot) names one event.
     */
    public int stamp(final int slot)
    {
        return stamp[slot];
    }

    /**
     * @return number of slots ever created (the valid slot range).
     */
    public int slotCapacity()
    {
        return slotCount;
    }

    private void growSlots()
    {
        final int newCapacity = type.length * 2;
        type = Arrays.copyOf(type, newCapacity);
        node = Arrays.copyOf(node, newCapacity);
        a = Arrays.copyOf(a, newCapacity);
        b = Arrays.copyOf(b, newCapacity);
        c = Arrays.copyOf(c, newCapacity);
        stamp = Arrays.copyOf(stamp, newCapacity);
    }
}

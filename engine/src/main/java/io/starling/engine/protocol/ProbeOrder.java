package io.starling.engine.protocol;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Randomized round-robin probe order (SWIM section 4.3): a permutation of member slots walked in order and
 * reshuffled at the end of each pass; a new member is inserted at a uniformly random position (append, then swap
 * with a random element), so its first probe comes within one pass. Off-heap, 4 bytes per member, owner only.
 */
public final class ProbeOrder
{
    private UnsafeBuffer slots;
    private int capacity;
    private int size;
    private int cursor;

    /**
     * @param initialCapacity members to allocate room for.
     */
    public ProbeOrder(final int initialCapacity)
    {
        capacity = Math.max(16, initialCapacity);
        slots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity * 4, 64));
    }

    /**
     * @return members in the order.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return bytes allocated off-heap.
     */
    public long allocatedBytes()
    {
        return (long)capacity * 4;
    }

    /**
     * @param index position in the order.
     * @return member slot at that position.
     */
    public int get(final int index)
    {
        return slots.getInt(index << 2);
    }

    /**
     * Insert a member at a random position.
     *
     * @param slot   member slot.
     * @param random randomness handed in.
     */
    public void insert(final int slot, final RandomSource random)
    {
        if (size == capacity)
        {
            final int newCapacity = capacity + (capacity >> 1);
            final UnsafeBuffer newSlots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(newCapacity * 4, 64));
            newSlots.putBytes(0, slots, 0, size * 4);
            slots = newSlots;
            capacity = newCapacity;
        }
        slots.putInt(size << 2, slot);
        final int j = random.nextInt(size + 1);
        swap(j, size);
        size++;
    }

    /**
     * Remove the member at a position (order of the rest is kept). O(n), used only when reaping.
     *
     * @param index position.
     */
    public void removeAt(final int index)
    {
        final int tail = size - index - 1;
        if (tail > 0)
        {
            slots.putBytes(index << 2, slots, (index + 1) << 2, tail << 2);
        }
        size--;
        if (cursor > index)
        {
            cursor--;
        }
    }

    /**
     * @return true if the current pass is complete.
     */
    public boolean passComplete()
    {
        return cursor >= size;
    }

    /**
     * Next member of the current pass, or -1 when the pass is complete.
     *
     * @return member slot or -1.
     */
    public int next()
    {
        return cursor < size ? get(cursor++) : -1;
    }

    /**
     * Start a new pass with a fresh uniformly random permutation (Fisher-Yates).
     *
     * @param random randomness handed in.
     */
    public void reshuffle(final RandomSource random)
    {
        for (int i = size - 1; i > 0; i--)
        {
            swap(i, random.nextInt(i + 1));
        }
        cursor = 0;
    }

    /**
     * @param random randomness handed in.
     * @return a uniformly random member slot, or -1 if empty.
     */
    public int random(final RandomSource random)
    {
        return 0 == size ? -1 : get(random.nextInt(size));
    }

    private void swap(final int i, final int j)
    {
        if (i != j)
        {
            final int a = slots.getInt(i << 2);
            slots.putInt(i << 2, slots.getInt(j << 2));
            slots.putInt(j << 2, a);
        }
    }
}

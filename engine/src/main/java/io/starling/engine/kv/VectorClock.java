package io.starling.engine.kv;

import java.util.Arrays;

import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;

/**
 * A mutable vector clock over node ids, stored as two primitive arrays sorted by node id (no boxed maps). Absent
 * nodes count zero and zero counters are never stored, so the encoding is compact: one {@code (nodeId, counter)}
 * pair per node that has written. Not thread safe; reuse instances as scratch.
 * <p>
 * The store keeps a version's clock in a packed form, a {@code long[]} of {@code nodeId, counter} pairs sorted by
 * node id; {@link #loadPacked(long[])} and {@link #toPacked()} convert.
 */
public final class VectorClock
{
    /** Bytes one clock entry takes in the KeyValueBatch {@code clock} group. */
    public static final int ENCODED_ENTRY_LENGTH = KeyValueBatchEncoder.EntriesEncoder.ClockEncoder.sbeBlockLength();
    /** Bytes of the {@code clock} group header. */
    public static final int ENCODED_HEADER_LENGTH = KeyValueBatchEncoder.EntriesEncoder.ClockEncoder.sbeHeaderSize();

    private static final int[] EMPTY_INTS = new int[0];
    private static final long[] EMPTY_LONGS = new long[0];

    private int[] nodeIds;
    private long[] counters;
    private int size;

    /**
     * An empty clock.
     */
    public VectorClock()
    {
        nodeIds = EMPTY_INTS;
        counters = EMPTY_LONGS;
    }

    /**
     * @param initialCapacity entries to allocate up front.
     */
    public VectorClock(final int initialCapacity)
    {
        nodeIds = new int[initialCapacity];
        counters = new long[initialCapacity];
    }

    /**
     * @return number of nodes with a non-zero counter.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param index in {@code [0, size())}, in ascending node id order.
     * @return the node id at that index.
     */
    public int nodeIdAt(final int index)
    {
        return nodeIds[index];
    }

    /**
     * @param index in {@code [0, size())}, in ascending node id order.
     * @return the counter at that index.
     */
    public long counterAt(final int index)
    {
        return counters[index];
    }

    /**
     * @param nodeId a node.
     * @return its counter, zero when absent.
     */
    public long get(final int nodeId)
    {
        final int i = Arrays.binarySearch(nodeIds, 0, size, nodeId);
        return i >= 0 ? counters[i] : 0;
    }

    /**
     * Set a node's counter; zero removes it.
     *
     * @param nodeId  a node.
     * @param counter zero or positive.
     * @return this.
     */
    public VectorClock set(final int nodeId, final long counter)
    {
        if (counter < 0)
        {
            throw new IllegalArgumentException("counter=" + counter + " must not be negative");
        }
        final int i = Arrays.binarySearch(nodeIds, 0, size, nodeId);
        if (i >= 0)
        {
            if (0 == counter)
            {
                System.arraycopy(nodeIds, i + 1, nodeIds, i, size - i - 1);
                System.arraycopy(counters, i + 1, counters, i, size - i - 1);
                size--;
            }
            else
            {
                counters[i] = counter;
            }
        }
        else if (0 != counter)
        {
            insertAt(-i - 1, nodeId, counter);
        }
        return this;
    }

    /**
     * Count one more event of {@code nodeId}.
     *
     * @param nodeId the node that writes.
     * @return the node's new counter.
     */
    public long increment(final int nodeId)
    {
        final int i = Arrays.binarySearch(nodeIds, 0, size, nodeId);
        if (i >= 0)
        {
            return ++counters[i];
        }
        insertAt(-i - 1, nodeId, 1);
        return 1;
    }

    /**
     * Pointwise maximum with another clock: afterwards this clock dominates or equals both.
     *
     * @param other clock to merge in.
     * @return this.
     */
    public VectorClock merge(final VectorClock other)
    {
        for (int j = 0; j < other.size; j++)
        {
            final int nodeId = other.nodeIds[j];
            final long counter = other.counters[j];
            final int i = Arrays.binarySearch(nodeIds, 0, size, nodeId);
            if (i >= 0)
            {
                if (counter > counters[i])
                {
                    counters[i] = counter;
                }
            }
            else
            {
                insertAt(-i - 1, nodeId, counter);
            }
        }
        return this;
    }

    /**
     * Pointwise maximum with a packed clock (see {@link #toPacked()}).
     *
     * @param packed {@code nodeId, counter} pairs sorted by node id.
     * @return this.
     */
    public VectorClock mergePacked(final long[] packed)
    {
        for (int j = 0; j < packed.length; j += 2)
        {
            final int nodeId = (int)packed[j];
            final long counter = packed[j + 1];
            final int i = Arrays.binarySearch(nodeIds, 0, size, nodeId);
            if (i >= 0)
            {
                if (counter > counters[i])
                {
                    counters[i] = counter;
                }
            }
            else
            {
                insertAt(-i - 1, nodeId, counter);
            }
        }
        return this;
    }

    /**
     * @param other clock to compare with.
     * @return how this clock relates to {@code other}.
     */
    public ClockOrder compare(final VectorClock other)
    {
        boolean thisGreater = false;
        boolean otherGreater = false;
        int i = 0;
        int j = 0;
        while (i < size && j < other.size)
        {
            final int a = nodeIds[i];
            final int b = other.nodeIds[j];
            if (a == b)
            {
                final long ca = counters[i++];
                final long cb = other.counters[j++];
                thisGreater |= ca > cb;
                otherGreater |= cb > ca;
            }
            else if (a < b)
            {
                thisGreater = true;
                i++;
            }
            else
            {
                otherGreater = true;
                j++;
            }
        }
        thisGreater |= i < size;
        otherGreater |= j < other.size;
        return order(thisGreater, otherGreater);
    }

    /**
     * @param packed a packed clock (see {@link #toPacked()}).
     * @return how this clock relates to it.
     */
    public ClockOrder comparePacked(final long[] packed)
    {
        final int otherSize = packed.length >> 1;
        boolean thisGreater = false;
        boolean otherGreater = false;
        int i = 0;
        int j = 0;
        while (i < size && j < otherSize)
        {
            final int a = nodeIds[i];
            final int b = (int)packed[j << 1];
            if (a == b)
            {
                final long ca = counters[i++];
                final long cb = packed[(j++ << 1) + 1];
                thisGreater |= ca > cb;
                otherGreater |= cb > ca;
            }
            else if (a < b)
            {
                thisGreater = true;
                i++;
            }
            else
            {
                otherGreater = true;
                j++;
            }
        }
        thisGreater |= i < size;
        otherGreater |= j < otherSize;
        return order(thisGreater, otherGreater);
    }

    /**
     * @return this.
     */
    public VectorClock clear()
    {
        size = 0;
        return this;
    }

    /**
     * @param other clock to copy.
     * @return this.
     */
    public VectorClock copyFrom(final VectorClock other)
    {
        ensureCapacity(other.size);
        System.arraycopy(other.nodeIds, 0, nodeIds, 0, other.size);
        System.arraycopy(other.counters, 0, counters, 0, other.size);
        size = other.size;
        return this;
    }

    /**
     * @param packed {@code nodeId, counter} pairs sorted by node id, as made by {@link #toPacked()}.
     * @return this.
     */
    public VectorClock loadPacked(final long[] packed)
    {
        final int n = packed.length >> 1;
        ensureCapacity(n);
        for (int i = 0; i < n; i++)
        {
            nodeIds[i] = (int)packed[i << 1];
            counters[i] = packed[(i << 1) + 1];
        }
        size = n;
        return this;
    }

    /**
     * @return a new array of {@code nodeId, counter} pairs sorted by node id (allocates).
     */
    public long[] toPacked()
    {
        final long[] packed = new long[size << 1];
        for (int i = 0; i < size; i++)
        {
            packed[i << 1] = nodeIds[i];
            packed[(i << 1) + 1] = counters[i];
        }
        return packed;
    }

    /**
     * Encode into the {@code clock} group of a KeyValueBatch entry: the entry's fixed fields must have been written.
     *
     * @param entry the entry being encoded.
     */
    public void encode(final KeyValueBatchEncoder.EntriesEncoder entry)
    {
        final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entry.clockCount(size);
        for (int i = 0; i < size; i++)
        {
            clock.next().nodeId(nodeIds[i]).counter(counters[i]);
        }
    }

    /**
     * Encode a packed clock into the {@code clock} group of a KeyValueBatch entry.
     *
     * @param packed {@code nodeId, counter} pairs sorted by node id.
     * @param entry  the entry being encoded, its fixed fields written.
     */
    public static void encodePacked(final long[] packed, final KeyValueBatchEncoder.EntriesEncoder entry)
    {
        final int n = packed.length >> 1;
        final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entry.clockCount(n);
        for (int i = 0; i < n; i++)
        {
            clock.next().nodeId((int)packed[i << 1]).counter(packed[(i << 1) + 1]);
        }
    }

    /**
     * Decode the {@code clock} group of a KeyValueBatch entry (read from the network, so untrusted). The group is
     * always read to its end, so decoding can go on with the key and value.
     *
     * @param clock     the entry's clock group, just obtained from {@code entry.clock()}.
     * @param maxSize   the most entries accepted.
     * @return true if the clock is well formed: at most {@code maxSize} entries, positive counters, no node twice.
     */
    public boolean decode(final KeyValueBatchDecoder.EntriesDecoder.ClockDecoder clock, final int maxSize)
    {
        size = 0;
        final int count = clock.count();
        boolean valid = count <= maxSize;
        if (valid)
        {
            ensureCapacity(count);
        }
        while (clock.hasNext())
        {
            clock.next();
            final int nodeId = clock.nodeId();
            final long counter = clock.counter();
            if (valid)
            {
                if (counter <= 0 || 0 != get(nodeId))
                {
                    valid = false;
                }
                else
                {
                    set(nodeId, counter);
                }
            }
        }
        if (!valid)
        {
            size = 0;
        }
        return valid;
    }

    /**
     * @param size number of clock entries.
     * @return bytes the clock group takes in a KeyValueBatch entry.
     */
    public static int encodedLength(final int size)
    {
        return ENCODED_HEADER_LENGTH + size * ENCODED_ENTRY_LENGTH;
    }

    /**
     * @param other clock.
     * @return true if both hold the same counters.
     */
    public boolean equalTo(final VectorClock other)
    {
        return ClockOrder.EQUAL == compare(other);
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++)
        {
            if (i > 0)
            {
                sb.append(", ");
            }
            sb.append(nodeIds[i]).append('=').append(counters[i]);
        }
        return sb.append('}').toString();
    }

    static ClockOrder order(final boolean thisGreater, final boolean otherGreater)
    {
        if (thisGreater)
        {
            return otherGreater ? ClockOrder.CONCURRENT : ClockOrder.AFTER;
        }
        return otherGreater ? ClockOrder.BEFORE : ClockOrder.EQUAL;
    }

    private void insertAt(final int index, final int nodeId, final long counter)
    {
        ensureCapacity(size + 1);
        System.arraycopy(nodeIds, index, nodeIds, index + 1, size - index);
        System.arraycopy(counters, index, counters, index + 1, size - index);
        nodeIds[index] = nodeId;
        counters[index] = counter;
        size++;
    }

    private void ensureCapacity(final int required)
    {
        if (required > nodeIds.length)
        {
            final int newCapacity = Math.max(required, Math.max(4, nodeIds.length * 2));
            nodeIds = Arrays.copyOf(nodeIds, newCapacity);
            counters = Arrays.copyOf(counters, newCapacity);
        }
    }
}

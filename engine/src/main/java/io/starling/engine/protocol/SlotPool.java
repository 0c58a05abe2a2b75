package io.starling.engine.protocol;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

/**
 * Record indices for the node's pooled in-flight records (suspicions by member slot, relayed probes and on-demand
 * pings by sequence): a LIFO free list, a high-water mark, and a map from the record's key to its index. It holds
 * no record fields: the owner keeps them in parallel arrays and grows them to {@link #capacity()} after
 * {@link #acquire(int)}. Allocation free once the owner's records stop growing. NOT thread safe.
 */
final class SlotPool
{
    static final int NIL = -1;

    private final Int2IntHashMap recordByKey;
    private final int maxCapacity;
    private int[] keys;
    private int free = NIL;
    private int highWater;
    private int size;

    /**
     * @param initialCapacity records before the first growth (0: none until the first acquire, which makes 8).
     * @param maxCapacity     most records; growth doubles up to it.
     * @param mapCapacity     initial capacity of the key map.
     */
    SlotPool(final int initialCapacity, final int maxCapacity, final int mapCapacity)
    {
        this.keys = new int[initialCapacity];
        this.maxCapacity = maxCapacity;
        this.recordByKey = new Int2IntHashMap(mapCapacity, Hashing.DEFAULT_LOAD_FACTOR, NIL);
    }

    /**
     * @param key of a record.
     * @return its record index, or {@link #NIL}.
     */
    int find(final int key)
    {
        return recordByKey.get(key);
    }

    /**
     * Take a record for a key not in the pool: the most recently released one, else the next never used.
     *
     * @param key to file the record under.
     * @return the record index, below {@link #capacity()}.
     */
    int acquire(final int key)
    {
        final int record;
        if (NIL != free)
        {
            record = free;
            free = keys[record];
        }
        else
        {
            if (highWater == keys.length)
            {
                final int n = 0 == keys.length ? 8 : Math.min(keys.length * 2, maxCapacity);
                keys = Arrays.copyOf(keys, n);
            }
            record = highWater++;
        }
        keys[record] = key;
        recordByKey.put(key, record);
        size++;
        return record;
    }

    /**
     * Release a record in use, forgetting its key.
     *
     * @param record index from {@link #acquire(int)}.
     */
    void release(final int record)
    {
        recordByKey.remove(keys[record]);
        keys[record] = free;
        free = record;
        size--;
    }

    /**
     * @return length the owner's record arrays must have.
     */
    int capacity()
    {
        return keys.length;
    }

    /**
     * @return records ever used: every index below it may hold a timer.
     */
    int highWater()
    {
        return highWater;
    }

    /**
     * @return records in use.
     */
    int size()
    {
        return size;
    }
}

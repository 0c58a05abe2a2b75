package io.starling.engine.protocol;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

import static io.starling.engine.protocol.TimerService.NULL_TIMER;

/**
 * The node's pooled in-flight records (suspicions by member slot, relayed probes and on-demand pings by sequence):
 * a LIFO free list, a high-water mark, a map from each record's key to its index, and each record's timer, which
 * {@link #release(int)} and {@link #cancelTimers()} cancel. The owner keeps its other fields in parallel arrays and
 * grows them to {@link #capacity()} after {@link #acquire(int)}. Allocation free once the records stop growing.
 * NOT thread safe.
 */
final class SlotPool
{
    static final int NIL = -1;

    private final NodeTimers timers;
    private final Int2IntHashMap recordByKey;
    private final int maxCapacity;
    private int[] keys;
    private long[] timerIds;
    private int free = NIL;
    private int highWater;
    private int size;

    /**
     * @param timers          the node's timers, to cancel a record's timer.
     * @param initialCapacity records before the first growth (0: none until the first acquire, which makes 8).
     * @param maxCapacity     most records; growth doubles up to it.
     * @param mapCapacity     initial capacity of the key map.
     */
    SlotPool(final NodeTimers timers, final int initialCapacity, final int maxCapacity, final int mapCapacity)
    {
        this.timers = timers;
        this.keys = new int[initialCapacity];
        this.timerIds = new long[initialCapacity];
        this.maxCapacity = maxCapacity;
        this.recordByKey = new Int2IntHashMap(mapCapacity, Hashing.DEFAULT_LOAD_FACTOR, NIL);
    }

    /**
     * @param key of a record.
     * @return its record index, or {@link #NIL}. An empty pool answers without touching its map: every membership
     * change asks the node's suspicions, which are nearly always none, and the map of each of thousands of nodes
     * is a cache miss (8% of a 10,000-node cold start's samples before, bench/results/density.md, 2026-12-08).
     */
    int find(final int key)
    {
        return 0 == size ? NIL : recordByKey.get(key);
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
                timerIds = Arrays.copyOf(timerIds, n);
            }
            record = highWater++;
        }
        keys[record] = key;
        recordByKey.put(key, record);
        size++;
        return record;
    }

    /**
     * @param record a record in use.
     * @return its timer, or {@link TimerService#NULL_TIMER}.
     */
    long timerId(final int record)
    {
        return timerIds[record];
    }

    /**
     * @param record  a record in use.
     * @param timerId its timer, cancelled on release.
     */
    void timerId(final int record, final long timerId)
    {
        timerIds[record] = timerId;
    }

    /**
     * @param record  a record index from a timer's argument or a lookup.
     * @param timerId of the timer that fired.
     * @return true if it is the record's current timer; the record then holds none.
     */
    boolean timerFired(final int record, final long timerId)
    {
        if (record < 0 || record >= highWater || timerIds[record] != timerId)
        {
            return false;
        }
        timerIds[record] = NULL_TIMER;
        return true;
    }

    /**
     * Release a record in use: cancel its timer, forget its key.
     *
     * @param record index from {@link #acquire(int)}.
     */
    void release(final int record)
    {
        timers.cancel(timerIds[record]);
        timerIds[record] = NULL_TIMER;
        recordByKey.remove(keys[record]);
        keys[record] = free;
        free = record;
        size--;
    }

    /**
     * Cancel the timer of every record: the node is closing.
     */
    void cancelTimers()
    {
        for (int i = 0; i < highWater; i++)
        {
            timers.cancel(timerIds[i]);
            timerIds[i] = NULL_TIMER;
        }
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

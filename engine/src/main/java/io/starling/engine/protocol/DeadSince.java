package io.starling.engine.protocol;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

/**
 * When each DEAD or LEFT member changed state, in ms since start, until it is reaped (or, when members are
 * forgotten, until it is forgotten): the only members whose change time is read (reaping, gossip to the dead,
 * forgetting). Sparse, so a view entry stays at the state word and the
 * probe order. Differences are wrap-safe int arithmetic, exact below 2^31 ms (windows are at most 2^30 ms).
 */
final class DeadSince
{
    private static final int NO_TIME = Integer.MIN_VALUE;
    private static final int INITIAL_CAPACITY = 16;

    private final Int2IntHashMap sinceMsBySlot =
        new Int2IntHashMap(INITIAL_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR, NO_TIME);

    void mark(final int slot, final int nowMs)
    {
        sinceMsBySlot.put(slot, NO_TIME == nowMs ? nowMs + 1 : nowMs);
    }

    void remove(final int slot)
    {
        sinceMsBySlot.remove(slot);
    }

    /**
     * @param slot  a DEAD or LEFT member in the probe order.
     * @param nowMs ms since start now.
     * @return ms since start when it became DEAD or LEFT; if unknown, the longest window ago (reaped, no gossip).
     */
    int sinceMs(final int slot, final int nowMs)
    {
        final int sinceMs = sinceMsBySlot.get(slot);
        return NO_TIME == sinceMs ? nowMs - (int)(ProtocolConfig.MAX_DEAD_WINDOW_NS / 1_000_000L) : sinceMs;
    }

    /**
     * Give back the map's memory once no member is waiting to be reaped.
     */
    void compactIfEmpty()
    {
        if (sinceMsBySlot.isEmpty() && sinceMsBySlot.capacity() > INITIAL_CAPACITY)
        {
            sinceMsBySlot.compact();
        }
    }

    long allocatedBytes()
    {
        return 8L * sinceMsBySlot.capacity();
    }
}

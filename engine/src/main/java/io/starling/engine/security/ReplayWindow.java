package io.starling.engine.security;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

/**
 * Per-source sliding window over the 64-bit nonce counters of authenticated frames, as in IPsec and DTLS: the
 * highest counter seen from each source and a 64-bit map of which of the 64 counters below it were seen. A counter
 * already seen, or older than the window, is a replay.
 * <p>
 * Check with {@link #isReplay(int, long)} before decrypting (cheap rejection) and record with
 * {@link #accept(int, long)} only after the frame authenticated, so forged frames cannot move the window.
 * Allocation free except when a new source is first accepted and the table grows. Not thread safe.
 */
final class ReplayWindow
{
    /** Counters below the highest one that are still told apart; older ones are rejected. */
    static final int WINDOW_FRAMES = 64;

    private static final int MISSING = -1;

    private final Int2IntHashMap indexBySource;
    private long[] highest;
    private long[] seen;
    private int size;

    /**
     * @param initialSources sources to make room for up front (grows by doubling).
     */
    ReplayWindow(final int initialSources)
    {
        final int capacity = Math.max(4, initialSources);
        indexBySource = new Int2IntHashMap(capacity * 2, Hashing.DEFAULT_LOAD_FACTOR, MISSING);
        highest = new long[capacity];
        seen = new long[capacity];
    }

    /**
     * @param source  sending node id.
     * @param counter nonce counter of the frame.
     * @return true if this counter was already accepted from the source or is older than the window.
     */
    boolean isReplay(final int source, final long counter)
    {
        final int i = indexBySource.get(source);
        if (MISSING == i)
        {
            return false;
        }

        final long top = highest[i];
        if (counter > top)
        {
            return false;
        }

        final long age = top - counter;
        return age >= WINDOW_FRAMES || 0 != (seen[i] & (1L << age));
    }

    /**
     * Record an authenticated frame's counter.
     *
     * @param source  sending node id.
     * @param counter nonce counter of the frame.
     */
    void accept(final int source, final long counter)
    {
        int i = indexBySource.get(source);
        if (MISSING == i)
        {
            i = size;
            if (i == highest.length)
            {
                highest = Arrays.copyOf(highest, i * 2);
                seen = Arrays.copyOf(seen, i * 2);
            }
            size++;
            indexBySource.put(source, i);
            highest[i] = counter;
            seen[i] = 1L;
            return;
        }

        final long top = highest[i];
        if (counter > top)
        {
            final long shift = counter - top;
            seen[i] = shift >= WINDOW_FRAMES ? 1L : (seen[i] << shift) | 1L;
            highest[i] = counter;
        }
        else if (top - counter < WINDOW_FRAMES)
        {
            seen[i] |= 1L << (top - counter);
        }
    }

    /**
     * @return sources tracked.
     */
    int sources()
    {
        return size;
    }
}

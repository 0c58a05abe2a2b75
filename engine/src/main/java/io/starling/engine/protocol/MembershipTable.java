package io.starling.engine.protocol;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One node's view of the cluster: off-heap, structure of arrays, indexed by {@link MemberDirectory} slot.
 * <p>
 * Per slot, one 8-byte state word: incarnation (bits 0-31), metadata version (bits 32-47), state (bits 48-55),
 * flags (bits 56-63). Single writer; written with release and read with acquire semantics, so a reader on another
 * thread always sees a whole entry without a sequence lock: the entry is one aligned atomic word. With the owner's
 * probe order (4 bytes per member, see {@link ProbeOrder}) a (node, member) entry costs {@link #BYTES_PER_ENTRY}.
 * <p>
 * The time of a member's last state change is not kept here: it is read only for DEAD and LEFT members that are
 * still in the probe order (reaping, gossip to the dead), so {@link SwimNode} keeps it for those members alone.
 * No Java object exists per member. Capacity grows in steps when the directory grows; a reader holding the old
 * buffer sees a consistent, slightly stale view.
 */
public final class MembershipTable
{
    /** Bytes of the state word per slot: all this table allocates per entry. */
    public static final int STATE_WORD_BYTES = 8;

    /** Bytes per (node, member) entry across the state word and the probe order ({@link ProbeOrder}). */
    public static final int BYTES_PER_ENTRY = STATE_WORD_BYTES + 4;

    /** Flag: the member is in the owner's probe order. */
    public static final int FLAG_IN_PROBE_ORDER = 1;

    private static final long INCARNATION_MASK = 0xFFFF_FFFFL;
    private static final int META_SHIFT = 32;
    private static final int STATE_SHIFT = 48;
    private static final int FLAGS_SHIFT = 56;
    private static final long EMPTY_WORD = (long)MemberState.NONE << STATE_SHIFT;

    private volatile UnsafeBuffer words;
    private int capacity;

    /**
     * @param initialCapacity slots to allocate.
     */
    public MembershipTable(final int initialCapacity)
    {
        capacity = 0;
        words = new UnsafeBuffer(new byte[0]);
        ensureCapacity(Math.max(16, initialCapacity));
    }

    /**
     * Make room for slots {@code [0, slots)}. New slots hold no member.
     *
     * @param slots number of slots needed.
     */
    public void ensureCapacity(final int slots)
    {
        if (slots <= capacity)
        {
            return;
        }
        final int newCapacity = Math.max(slots, capacity + (capacity >> 2));
        final UnsafeBuffer newWords = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(newCapacity * STATE_WORD_BYTES, 64));
        newWords.putBytes(0, words, 0, capacity * STATE_WORD_BYTES);
        for (int i = capacity; i < newCapacity; i++)
        {
            newWords.putLong(i * STATE_WORD_BYTES, EMPTY_WORD);
        }
        capacity = newCapacity;
        words = newWords;
    }

    /**
     * @return slots allocated.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return bytes allocated off-heap by this table (the probe order adds 4 bytes per slot in {@link ProbeOrder}).
     */
    public long allocatedBytes()
    {
        return (long)capacity * STATE_WORD_BYTES;
    }

    /**
     * Read a whole entry atomically; safe from any thread.
     *
     * @param slot member slot.
     * @return the state word, decode with {@link #incarnation(long)}, {@link #state(long)}, ...
     */
    public long word(final int slot)
    {
        final UnsafeBuffer w = words;
        return slot < w.capacity() >> 3 ? w.getLongAcquire(slot << 3) : EMPTY_WORD;
    }

    /**
     * @param slot member slot.
     * @return {@link MemberState} or {@link MemberState#NONE}.
     */
    public int state(final int slot)
    {
        return state(word(slot));
    }

    /**
     * @param slot member slot.
     * @return incarnation.
     */
    public int incarnation(final int slot)
    {
        return incarnation(word(slot));
    }

    /**
     * @param slot member slot.
     * @return metadata version.
     */
    public int metaVersion(final int slot)
    {
        return metaVersion(word(slot));
    }

    /**
     * @param slot member slot.
     * @return flags.
     */
    public int flags(final int slot)
    {
        return flags(word(slot));
    }

    /**
     * Write a whole entry (owner thread only), published with release semantics.
     *
     * @param slot        member slot.
     * @param incarnation incarnation.
     * @param state       {@link MemberState}.
     * @param metaVersion metadata version (16 bits).
     * @param flags       flags (8 bits).
     */
    public void set(final int slot, final int incarnation, final int state, final int metaVersion, final int flags)
    {
        words.putLongRelease(slot << 3, pack(incarnation, state, metaVersion, flags));
    }

    /**
     * Change only the flags of an entry (owner thread only).
     *
     * @param slot  member slot.
     * @param flags new flags.
     */
    public void flags(final int slot, final int flags)
    {
        final long w = word(slot);
        set(slot, incarnation(w), state(w), metaVersion(w), flags);
    }

    /**
     * Pack a state word.
     *
     * @param incarnation incarnation.
     * @param state       state.
     * @param metaVersion metadata version.
     * @param flags       flags.
     * @return the word.
     */
    public static long pack(final int incarnation, final int state, final int metaVersion, final int flags)
    {
        return (incarnation & INCARNATION_MASK) |
            ((long)(metaVersion & 0xFFFF) << META_SHIFT) |
            ((long)(state & 0xFF) << STATE_SHIFT) |
            ((long)(flags & 0xFF) << FLAGS_SHIFT);
    }

    /**
     * @param word state word.
     * @return incarnation.
     */
    public static int incarnation(final long word)
    {
        return (int)word;
    }

    /**
     * @param word state word.
     * @return state.
     */
    public static int state(final long word)
    {
        return (int)(word >>> STATE_SHIFT) & 0xFF;
    }

    /**
     * @param word state word.
     * @return metadata version.
     */
    public static int metaVersion(final long word)
    {
        return (int)(word >>> META_SHIFT) & 0xFFFF;
    }

    /**
     * @param word state word.
     * @return flags.
     */
    public static int flags(final long word)
    {
        return (int)(word >>> FLAGS_SHIFT) & 0xFF;
    }
}

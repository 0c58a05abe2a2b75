package io.starling.engine.protocol;

import org.agrona.MutableDirectBuffer;

import static io.starling.engine.protocol.UpdateLayout.ORDER;

/**
 * Piggyback selection: which queued membership updates ride on one Ping, Ack, PingReq or Gossip (the fewest sent
 * that fit), written as that message's {@code updates} group in one loop, and counted as sent. It does not decide
 * when a message is sent or to whom; the {@link DisseminationQueue} decides how often each update goes out.
 * Allocation free; NOT thread safe.
 */
public final class Piggyback
{
    /** Bytes of one update entry. */
    public static final int UPDATE_LENGTH = UpdateLayout.LENGTH;
    /** Bytes of the group header before the entries. */
    public static final int GROUP_HEADER_LENGTH = UpdateLayout.GROUP_HEADER_LENGTH;
    /** Most updates one message carries, whatever the room. */
    public static final int MAX_UPDATES_PER_MESSAGE = 128;
    private static final int NIL = -1;

    private final DisseminationQueue queue;
    private final MembershipTable table;
    private final MemberDirectory directory;
    private final int[] selected = new int[MAX_UPDATES_PER_MESSAGE];

    /**
     * @param queue     the updates waiting to be sent.
     * @param table     the states, incarnations and metadata versions written at send time.
     * @param directory the ids and endpoints written at send time.
     */
    public Piggyback(final DisseminationQueue queue, final MembershipTable table, final MemberDirectory directory)
    {
        this.queue = queue;
        this.table = table;
        this.directory = directory;
    }

    /**
     * Select the updates for one message with room for {@code capacityBytes} of entries.
     *
     * @param capacityBytes room for entries.
     * @param excludeSlot   a member whose update the caller writes itself first (the buddy suspicion), or -1.
     * @return updates selected.
     */
    public int select(final int capacityBytes, final int excludeSlot)
    {
        final int max = Math.min(MAX_UPDATES_PER_MESSAGE, Math.max(0, capacityBytes / UPDATE_LENGTH));
        int n = queue.select(selected, max);
        if (NIL != excludeSlot)
        {
            int w = 0;
            for (int i = 0; i < n; i++)
            {
                if (queue.slotOf(selected[i]) != excludeSlot)
                {
                    selected[w++] = selected[i];
                }
            }
            n = w;
        }
        return n;
    }

    /**
     * @param i index of a selected update.
     * @return the member slot it is about.
     */
    public int selectedSlot(final int i)
    {
        return queue.slotOf(selected[i]);
    }

    /**
     * Write the {@code updates} group at a message's limit: its header, then, if {@code suspectSlot} is not -1, that
     * member as SUSPECT from {@code suspectFrom} (Lifeguard's buddy system), then the {@code count} selected updates
     * with the values the table and directory hold now.
     *
     * @param buffer      to write into.
     * @param groupOffset the message's limit, where the group starts.
     * @param count       selected updates to write.
     * @param suspectSlot member to write first as SUSPECT, or -1.
     * @param suspectFrom the suspecting node of that entry.
     * @return the new limit of the message, after the group.
     */
    public int write(
        final MutableDirectBuffer buffer,
        final int groupOffset,
        final int count,
        final int suspectSlot,
        final int suspectFrom)
    {
        final int buddy = NIL != suspectSlot ? 1 : 0;
        buffer.putShort(groupOffset + UpdateLayout.GROUP_BLOCK_LENGTH_OFFSET, (short)UPDATE_LENGTH, ORDER);
        buffer.putShort(groupOffset + UpdateLayout.GROUP_COUNT_OFFSET, (short)(count + buddy), ORDER);
        int entry = groupOffset + GROUP_HEADER_LENGTH;
        if (NIL != suspectSlot)
        {
            entry = putEntry(buffer, entry, suspectSlot, MemberState.SUSPECT, suspectFrom);
        }
        for (int i = 0; i < count; i++)
        {
            final int slot = queue.slotOf(selected[i]);
            entry = putEntry(buffer, entry, slot, table.state(slot), queue.fromOf(selected[i]));
        }
        return entry;
    }

    /**
     * Count one transmission of each of the first {@code count} selected updates.
     *
     * @param count         updates sent.
     * @param transmitLimit transmissions after which an update leaves the queue.
     */
    public void markSent(final int count, final int transmitLimit)
    {
        if (count > 0)
        {
            queue.markSent(selected, count, transmitLimit);
        }
    }

    private int putEntry(
        final MutableDirectBuffer buffer, final int entry, final int slot, final int state, final int from)
    {
        final long word = table.word(slot);
        buffer.putInt(entry + UpdateLayout.MEMBER_ID, directory.nodeId(slot), ORDER);
        buffer.putInt(entry + UpdateLayout.INCARNATION, MembershipTable.incarnation(word), ORDER);
        buffer.putByte(entry + UpdateLayout.STATE, (byte)state);
        buffer.putShort(entry + UpdateLayout.META_VERSION, (short)MembershipTable.metaVersion(word), ORDER);
        buffer.putInt(entry + UpdateLayout.FROM_NODE, from, ORDER);
        buffer.putInt(entry + UpdateLayout.IPV4, directory.ipv4(slot), ORDER);
        buffer.putShort(entry + UpdateLayout.PORT, (short)directory.port(slot), ORDER);
        return entry + UPDATE_LENGTH;
    }
}

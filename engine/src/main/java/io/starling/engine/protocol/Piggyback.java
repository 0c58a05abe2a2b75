package io.starling.engine.protocol;

import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.MetadataUpdateEncoder;
import org.agrona.MutableDirectBuffer;

import static io.starling.engine.protocol.UpdateLayout.ORDER;

/**
 * Piggyback selection: which queued membership updates ride on one Ping, Ack, PingReq or Gossip (the fewest sent
 * that fit), written as that message's {@code updates} group in one loop, and counted as sent. An update that
 * announces metadata the receiver may not hold goes instead as a {@code MetadataUpdate} message with the bytes,
 * right after the host message in the same frame; when its bytes do not fit they wait for a later message, except
 * the node's own update, which then goes without them. It does not decide when a message is sent or to whom; the
 * {@link DisseminationQueue} decides how often each update goes out. Allocation free; NOT thread safe.
 */
public final class Piggyback
{
    /** Bytes of one update entry. */
    public static final int UPDATE_LENGTH = UpdateLayout.LENGTH;
    /** Bytes of the group header before the entries. */
    public static final int GROUP_HEADER_LENGTH = UpdateLayout.GROUP_HEADER_LENGTH;
    /** Most updates one message carries, whatever the room. */
    public static final int MAX_UPDATES_PER_MESSAGE = 128;
    /** Bytes of a {@code MetadataUpdate} message before its metadata: message header, block, length prefix. */
    public static final int METADATA_MESSAGE_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        MetadataUpdateEncoder.BLOCK_LENGTH + MetadataUpdateEncoder.metadataHeaderLength();
    /** Most {@code MetadataUpdate} messages after one host message: a frame stays far below 64 messages. */
    public static final int MAX_METADATA_PER_MESSAGE = 8;
    private static final int NIL = -1;

    private final DisseminationQueue queue;
    private final MembershipTable table;
    private final MemberDirectory directory;
    private final int maxMetadataMessageLength;
    private final int[] candidates = new int[MAX_UPDATES_PER_MESSAGE];
    private final int[] selected = new int[MAX_UPDATES_PER_MESSAGE];
    private final int[] withBytes = new int[MAX_METADATA_PER_MESSAGE];
    private int withBytesCount;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MetadataUpdateEncoder metadataEncoder = new MetadataUpdateEncoder();

    /**
     * With the default frame budget.
     *
     * @param queue     the updates waiting to be sent.
     * @param table     the states, incarnations and metadata versions written at send time.
     * @param directory the ids, endpoints and metadata written at send time.
     */
    public Piggyback(final DisseminationQueue queue, final MembershipTable table, final MemberDirectory directory)
    {
        this(queue, table, directory, ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT - FramePacker.FRAME_HEADER_LENGTH);
    }

    /**
     * @param queue            the updates waiting to be sent.
     * @param table            the states, incarnations and metadata versions written at send time.
     * @param directory        the ids, endpoints and metadata written at send time.
     * @param maxMessageLength the room of an empty frame ({@link Outbox#maxMessageLength()}): metadata whose
     *                         message would take more than half of it never rides with an update (two blobs of
     *                         {@link MemberDirectory#MAX_METADATA_BYTES} fit the default frame), and travels by
     *                         push-pull only.
     */
    public Piggyback(
        final DisseminationQueue queue,
        final MembershipTable table,
        final MemberDirectory directory,
        final int maxMessageLength)
    {
        this.queue = queue;
        this.table = table;
        this.directory = directory;
        this.maxMetadataMessageLength = maxMessageLength / 2;
    }

    /**
     * Select the updates for one message with room for {@code capacityBytes} of entries and of the
     * {@code MetadataUpdate} messages that follow it in the frame: fewest sent first, each plain update taking
     * {@link #UPDATE_LENGTH} bytes, each with metadata its whole message (bytes that do not fit wait, except the
     * node's own, which goes as a plain update). Without metadata it selects what it always did: the first
     * {@code capacityBytes / UPDATE_LENGTH} queued updates, the excluded one among them.
     *
     * @param capacityBytes room for entries and metadata messages.
     * @param excludeSlot   a member whose update the caller writes itself first (the buddy suspicion), or -1.
     * @return plain updates selected, for {@link #write}; those with metadata are written by
     * {@link #writeMetadata}.
     */
    public int select(final int capacityBytes, final int excludeSlot)
    {
        final int plainMax = Math.min(MAX_UPDATES_PER_MESSAGE, Math.max(0, capacityBytes / UPDATE_LENGTH));
        if (!queue.mayCarryMetadata())
        {
            return selectPlain(plainMax, excludeSlot);
        }
        return selectWithMetadata(capacityBytes, excludeSlot, plainMax);
    }

    /**
     * The selection when some queued entry may carry metadata: the node's own bytes first when they fit, then the
     * fewest sent, each with its metadata message when that fits, else as a plain update. Out of {@link #select}
     * so that the steady state's selection stays small enough for the JIT to inline into the message it fills
     * (a 372-byte {@code select} was over C2's {@code FreqInlineSize} of 325 bytecodes).
     */
    private int selectWithMetadata(final int capacityBytes, final int excludeSlot, final int plainMax)
    {
        final int found = queue.select(
            candidates, Math.min(MAX_UPDATES_PER_MESSAGE, plainMax + MAX_METADATA_PER_MESSAGE));
        int room = capacityBytes;
        int taken = 0;
        int n = 0;
        int m = 0;
        final int own = queue.pinnedSlot();
        for (int i = 0; i < found; i++)
        {
            // The node's own bytes go first when they fit: it is the only voice for its metadata at first.
            final int entry = candidates[i];
            if (queue.slotOf(entry) == own && own != excludeSlot)
            {
                final int messageLength = metadataMessageLength(entry, own);
                if (messageLength > 0 && messageLength <= room)
                {
                    withBytes[m++] = entry;
                    room -= messageLength;
                    taken++;
                }
                break;
            }
        }
        for (int i = 0; i < found; i++)
        {
            final int entry = candidates[i];
            final int slot = queue.slotOf(entry);
            if (m > 0 && entry == withBytes[0] && slot == own)
            {
                continue;
            }
            final int messageLength = slot == excludeSlot ? 0 : metadataMessageLength(entry, slot);
            if (messageLength > 0)
            {
                if (messageLength <= room && m < MAX_METADATA_PER_MESSAGE)
                {
                    withBytes[m++] = entry;
                    room -= messageLength;
                    taken++;
                    continue;
                }
                if (slot != queue.pinnedSlot())
                {
                    continue; // the bytes wait for a message with room; the node's own update never waits
                }
            }
            if (room < UPDATE_LENGTH || taken == MAX_UPDATES_PER_MESSAGE)
            {
                break;
            }
            room -= UPDATE_LENGTH;
            taken++;
            if (NIL == excludeSlot || slot != excludeSlot)
            {
                selected[n++] = entry;
            }
        }
        withBytesCount = m;
        return n;
    }

    /**
     * The selection when no queued entry may carry metadata (the steady state): the first {@code plainMax} queued
     * updates, the excluded one among them taking its place but not written. The same choice as {@link #select}
     * makes for such a queue, without its per-entry metadata checks.
     */
    private int selectPlain(final int plainMax, final int excludeSlot)
    {
        final int found = queue.select(candidates, plainMax);
        int n = 0;
        for (int i = 0; i < found; i++)
        {
            final int entry = candidates[i];
            if (NIL == excludeSlot || queue.slotOf(entry) != excludeSlot)
            {
                selected[n++] = entry;
            }
        }
        withBytesCount = 0;
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
     * After the host message is committed, append one {@code MetadataUpdate} message (the update and the member's
     * metadata) for each update selected with its bytes, to the same destination: {@link #select} left room for them
     * in the frame.
     *
     * @param outbox       the outbox holding the frame.
     * @param srcNodeIndex the sending node's index in its host.
     * @param srcNodeId    the sending node's id.
     * @param dstNodeId    the destination node, as for the host message.
     * @param dstIpv4      the destination's address.
     * @param dstPort      the destination's port.
     */
    public void writeMetadata(
        final Outbox outbox,
        final int srcNodeIndex,
        final int srcNodeId,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort)
    {
        for (int i = 0; i < withBytesCount; i++)
        {
            final int entry = withBytes[i];
            final int slot = queue.slotOf(entry);
            final byte[] metadata = directory.metadata(slot);
            final int offset = outbox.claim(srcNodeIndex, srcNodeId, dstNodeId, dstIpv4, dstPort,
                METADATA_MESSAGE_FIXED_LENGTH + metadata.length);
            if (offset < 0)
            {
                return;
            }
            final long word = table.word(slot);
            metadataEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder);
            putEntry(outbox.buffer(), metadataEncoder.offset(), slot, MembershipTable.state(word),
                queue.fromOf(entry));
            metadataEncoder.putMetadata(metadata, 0, metadata.length);
            outbox.commit(MessageHeaderEncoder.ENCODED_LENGTH + metadataEncoder.encodedLength());
        }
    }

    /**
     * @return updates selected with their metadata by the last {@link #select}.
     */
    public int selectedWithMetadata()
    {
        return withBytesCount;
    }

    /**
     * Transmissions of one update before it leaves the queue: {@link ProtocolConfig#retransmitLimit(int)} (lambda
     * log N, sized so that an epidemic reaches every member), divided by the share of datagrams that arrive, so that
     * as many copies arrive under loss as without: the per-datagram loss is 1 - sqrt(1 - q) for the round-trip loss
     * q the node measures (at 20% loss, 16 transmissions at N = 1,000 become 20; with 16, about e^-12.8 of the
     * members, 3 of 100,000, missed a join announcement and waited minutes for a push-pull). At most twice the
     * configured limit; the configured limit on a lossless network.
     *
     * @param self the node.
     * @return transmissions.
     */
    static int transmitLimit(final LocalNode self)
    {
        final int limit = self.config.retransmitLimit(self.knownLiveCount());
        final double q = self.roundTripLoss.rate();
        if (q <= 0)
        {
            return limit;
        }
        return (int)Math.min(2L * limit, Math.round(limit / Math.max(0.5, Math.sqrt(1.0 - q))));
    }

    /**
     * The selection went to a member this node holds SUSPECT or DEAD: it counts toward no update's transmissions.
     * An update is sent lambda log N times to members believed alive, the fanout dissemination's bound assumes;
     * while a partition or a crash has members suspected, copies to them reach nobody, and in a 40/40 split of 80
     * counting them halved the copies that arrive (one observer in ten missed a suspicion's first wave).
     */
    public void sentUncounted()
    {
        withBytesCount = 0;
    }

    /**
     * Count one transmission of each of the first {@code count} plain updates selected and of every update selected
     * with its metadata.
     *
     * @param count         plain updates sent.
     * @param transmitLimit transmissions after which an update leaves the queue.
     */
    public void markSent(final int count, final int transmitLimit)
    {
        if (count > 0)
        {
            queue.markSent(selected, count, transmitLimit);
        }
        if (withBytesCount > 0)
        {
            queue.markSent(withBytes, withBytesCount, transmitLimit);
            withBytesCount = 0;
        }
    }

    private int metadataMessageLength(final int entry, final int slot)
    {
        if (!queue.withMetadataOf(entry))
        {
            return 0;
        }
        final byte[] metadata = directory.metadata(slot);
        if (null == metadata || directory.metadataVersion(slot) != table.metaVersion(slot))
        {
            return 0;
        }
        final int length = METADATA_MESSAGE_FIXED_LENGTH + metadata.length;
        return length <= maxMetadataMessageLength ? length : 0;
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

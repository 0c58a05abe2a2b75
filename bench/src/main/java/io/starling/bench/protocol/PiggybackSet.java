package io.starling.bench.protocol;

import io.starling.bench.support.WireSizes;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.engine.protocol.DisseminationQueue;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.Piggyback;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Choosing and encoding the piggyback set of one Ping from a {@link DisseminationQueue} of a fixed size with the
 * protocol's own {@link Piggyback}, as a node does before sending a ping: select the fewest-sent entries that fit
 * the frame, encode each (member id, incarnation, state, metadata version, origin and endpoint read from the table
 * and directory at send time), count the transmission.
 * <p>
 * To hold the queue at its size in a steady state, an entry that reaches its transmit limit (and so leaves the
 * queue) is offered again at once, as a new update about that member would be: a per-slot mirror of the transmit
 * count says which ones left. Allocation free after construction.
 */
public final class PiggybackSet
{
    private static final int FIRST_MEMBER_ID = 1_000;
    private static final int IPV4 = 0x7F00_0001;
    private static final int PORT = 20_001;
    private static final int SELF_ID = 1;

    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final Piggyback piggyback;
    private final int[] selectedSlots;
    private final int[] sentCount;
    private final int maxUpdates;
    private final int transmitLimit;
    private final UnsafeBuffer frame;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private int seq;
    private long updatesSent;
    private long reoffered;

    /**
     * @param entries members with an update queued (the queue's size and capacity).
     * @param config  supplies the frame budget and the retransmit limit.
     */
    public PiggybackSet(final int entries, final ProtocolConfig config)
    {
        if (entries < 1)
        {
            throw new IllegalArgumentException("entries=" + entries + " must be at least 1");
        }
        directory = new MemberDirectory(entries);
        table = new MembershipTable(entries);
        queue = new DisseminationQueue(entries, 64);
        maxUpdates = WireSizes.maxPingUpdates(config.frameBudgetBytes());
        transmitLimit = config.retransmitLimit(entries);
        piggyback = new Piggyback(queue, table, directory);
        selectedSlots = new int[maxUpdates];
        sentCount = new int[entries];
        frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(config.frameBudgetBytes(), 64));
        for (int i = 0; i < entries; i++)
        {
            final int slot = directory.register(FIRST_MEMBER_ID + i, IPV4, PORT);
            table.ensureCapacity(slot + 1);
            table.set(slot, 1 + (i % 7), (i % 5) == 0 ? MemberState.SUSPECT : MemberState.ALIVE, i & 0xFF, 0);
            queue.offer(slot, FIRST_MEMBER_ID + (i * 31) % entries);
        }
        frameHeaderEncoder.wrapAndApplyHeader(frame, 0, headerEncoder)
            .clusterId(config.clusterId()).srcNode(SELF_ID).dstNode(FIRST_MEMBER_ID).sequence(1).flags((short)0);
    }

    /**
     * Choose the piggyback set, encode one Ping carrying it after the frame header, and count the transmission.
     *
     * @return the frame length in bytes.
     */
    public int selectAndEncode()
    {
        final int n = piggyback.select(maxUpdates * Piggyback.UPDATE_LENGTH, -1);
        pingEncoder.wrapAndApplyHeader(frame, FramePacker.FRAME_HEADER_LENGTH, headerEncoder)
            .seq(++seq)
            .targetNode(FIRST_MEMBER_ID);
        pingEncoder.sourceEndpoint().ipv4(IPV4).port(PORT - 1);
        pingEncoder.limit(piggyback.write(frame, pingEncoder.limit(), n, -1, 0));
        final int length = FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
            pingEncoder.encodedLength();

        for (int i = 0; i < n; i++)
        {
            selectedSlots[i] = piggyback.selectedSlot(i);
        }
        piggyback.markSent(n, transmitLimit);
        updatesSent += n;
        for (int i = 0; i < n; i++)
        {
            // Entry ids are recycled by offer(), so go by the slots noted before markSent.
            final int slot = selectedSlots[i];
            if (++sentCount[slot] >= transmitLimit)
            {
                sentCount[slot] = 0;
                queue.offer(slot, SELF_ID);
                reoffered++;
            }
        }
        return length;
    }

    /**
     * @return the frame holding the last encoded Ping at offset 0.
     */
    public UnsafeBuffer frame()
    {
        return frame;
    }

    /**
     * @param memberIndex index of a member, 0 to entries - 1 (its id is 1,000 + index).
     * @return transmissions of its current update so far.
     */
    public int sentCount(final int memberIndex)
    {
        return sentCount[memberIndex];
    }

    /**
     * @return entries in the queue now.
     */
    public int queueSize()
    {
        return queue.size();
    }

    /**
     * @return most updates one Ping carries in a frame of the budget.
     */
    public int maxUpdates()
    {
        return maxUpdates;
    }

    /**
     * @return transmissions after which an update leaves the queue.
     */
    public int transmitLimit()
    {
        return transmitLimit;
    }

    /**
     * @return updates encoded so far.
     */
    public long updatesSent()
    {
        return updatesSent;
    }

    /**
     * @return entries offered again after reaching their limit.
     */
    public long reoffered()
    {
        return reoffered;
    }
}

package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.metrics.EngineCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.FramePacker.FRAME_HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bounds of {@link FramePacker}: a message as long as an empty frame's room is packed, one byte more is a
 * counted drop; a message exactly as long as the room left joins the open frame, one byte more starts the next
 * frame; a frame goes out when its source or any part of its destination changes, and a frame without a committed
 * message never goes out.
 */
class FramePackerClaimTest
{
    private static final int BUDGET = 200;

    private record Frame(int srcIndex, int dstNodeId, int dstIpv4, int dstPort, int length, int messageCount,
        long sequence, int srcNodeId)
    {
    }

    private final List<Frame> frames = new ArrayList<>();
    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final FramePacker packer = new FramePacker(77, BUDGET,
        (srcIndex, dst, ipv4, port, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            final FrameHeaderDecoder header = new FrameHeaderDecoder()
                .wrapAndApplyHeader(new UnsafeBuffer(copy), 0, new MessageHeaderDecoder());
            assertEquals(77, header.clusterId());
            assertEquals(dst, header.dstNode());
            frames.add(new Frame(srcIndex, dst, ipv4, port, length, header.messageCount(), header.sequence(),
                header.srcNode()));
        },
        (id, delta) -> counters[id] += delta);

    private void message(final int srcIndex, final int srcId, final int dstId, final int ipv4, final int port,
        final int length)
    {
        final int offset = packer.claim(srcIndex, srcId, dstId, ipv4, port, length);
        assertEquals(true, offset >= FRAME_HEADER_LENGTH, "claimed " + length);
        packer.commit(length);
    }

    @Test
    void aMessageAsLongAsAnEmptyFramesRoomIsPackedAndOneByteMoreIsACountedDrop()
    {
        final int room = BUDGET - FRAME_HEADER_LENGTH;
        assertEquals(room, packer.maxMessageLength());
        assertEquals(-1, packer.claim(0, 1, 2, 3, 4, room + 1));
        assertEquals(1, counters[ProtocolCounters.DROP_OUTBOX_FULL]);
        assertEquals(-1, packer.claim(0, 1, 2, 3, 4, -1));
        assertEquals(2, counters[ProtocolCounters.DROP_OUTBOX_FULL]);
        assertThrows(IllegalStateException.class, () -> packer.commit(8), "nothing claimed after a drop");

        assertEquals(FRAME_HEADER_LENGTH, packer.claim(0, 1, 2, 3, 4, room));
        assertEquals(room, packer.claimedCapacity());
        packer.commit(room);
        packer.flush();
        assertEquals(List.of(new Frame(0, 2, 3, 4, BUDGET, 1, 1, 1)), frames);
        assertEquals(1, counters[ProtocolCounters.FRAMES_SENT]);
        assertEquals(BUDGET, counters[ProtocolCounters.BYTES_SENT]);
        assertEquals(1, counters[ProtocolCounters.MESSAGES_SENT]);
    }

    @Test
    void aMessageExactlyAsLongAsTheRoomLeftJoinsTheOpenFrame()
    {
        final int room = BUDGET - FRAME_HEADER_LENGTH;
        message(0, 1, 2, 3, 4, 50);
        assertEquals(FRAME_HEADER_LENGTH + 50, packer.claim(0, 1, 2, 3, 4, room - 50));
        assertEquals(room - 50, packer.claimedCapacity());
        packer.commit(room - 50);
        assertEquals(List.of(), frames, "the frame is full but not yet sent");
        message(0, 1, 2, 3, 4, 10);
        assertEquals(List.of(new Frame(0, 2, 3, 4, BUDGET, 2, 1, 1)), frames, "full frame sent when the next"
            + " message does not fit");

        frames.clear();
        message(0, 1, 2, 3, 4, 60);
        message(0, 1, 2, 3, 4, room - 60 - 10 + 1); // one byte more than the room left after the 10 and the 60
        packer.flush();
        assertEquals(2, frames.size(), frames::toString);
        assertEquals(FRAME_HEADER_LENGTH + 70, frames.get(0).length(), "the 10 and the 60");
        assertEquals(2, frames.get(0).messageCount());
        assertEquals(BUDGET + 1 - 70, frames.get(1).length());
        assertEquals(1, frames.get(1).messageCount());
        assertEquals(List.of(2L, 3L), frames.stream().map(Frame::sequence).toList());
    }

    @Test
    void aFrameGoesOutWhenItsSourceOrAnyPartOfItsDestinationChanges()
    {
        message(0, 1, 2, 3, 4, 10);
        message(0, 1, 2, 3, 4, 10);
        message(5, 9, 2, 3, 4, 10);  // another source node
        message(5, 9, 6, 3, 4, 10);  // another destination node
        message(5, 9, 6, 7, 4, 10);  // another address
        message(5, 9, 6, 7, 8, 10);  // another port
        packer.flush();
        assertEquals(List.of(
            new Frame(0, 2, 3, 4, FRAME_HEADER_LENGTH + 20, 2, 1, 1),
            new Frame(5, 2, 3, 4, FRAME_HEADER_LENGTH + 10, 1, 2, 9),
            new Frame(5, 6, 3, 4, FRAME_HEADER_LENGTH + 10, 1, 3, 9),
            new Frame(5, 6, 7, 4, FRAME_HEADER_LENGTH + 10, 1, 4, 9),
            new Frame(5, 6, 7, 8, FRAME_HEADER_LENGTH + 10, 1, 5, 9)), frames);
        assertEquals(6, counters[ProtocolCounters.MESSAGES_SENT]);
        assertEquals(5, counters[ProtocolCounters.FRAMES_SENT]);
    }

    @Test
    void aFrameWithoutACommittedMessageNeverGoesOutAndCommitsAreChecked()
    {
        packer.claim(0, 1, 2, 3, 4, 10);
        packer.flush();
        packer.flush();
        assertEquals(List.of(), frames);
        assertEquals(0, counters[ProtocolCounters.FRAMES_SENT]);

        packer.claim(0, 1, 2, 3, 4, 10);
        assertThrows(IllegalStateException.class, () -> packer.commit(0));
        assertThrows(IllegalStateException.class, () -> packer.commit(BUDGET - FRAME_HEADER_LENGTH + 1));
        packer.commit(BUDGET - FRAME_HEADER_LENGTH);
        assertThrows(IllegalStateException.class, () -> packer.commit(1), "one commit per claim");
        packer.flush();
        assertEquals(1, frames.size());
        assertEquals(2, packer.sequence(), "the empty frame took a sequence too");
    }

    @Test
    void aBudgetWithoutRoomForAMessageIsRefused()
    {
        final int smallest = FRAME_HEADER_LENGTH + io.starling.codecs.MessageHeaderEncoder.ENCODED_LENGTH;
        assertThrows(IllegalArgumentException.class, () -> new FramePacker(1, smallest, null, CounterSink.NO_OP));
        assertEquals(1, new FramePacker(1, smallest + 1, null, CounterSink.NO_OP).maxMessageLength() -
            io.starling.codecs.MessageHeaderEncoder.ENCODED_LENGTH);
    }
}

package io.starling.engine.host;

import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.FrameHandler;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-view chunks to another process leave {@link OutboundRouter#STATE_WINDOW_RESERVE_BYTES} of the path's window
 * free for Pings and Acks: a chunk that would eat into it is held back and counted, a Ping is still sent.
 */
class StateWindowReserveTest
{
    private static final int FRAME_BUDGET = 1_376;
    private static final int REMOTE_IPV4 = 0x0A000002;
    private static final int REMOTE_PORT = 7_000;

    private final List<Integer> sentTemplates = new ArrayList<>();
    private final List<Integer> sentLengths = new ArrayList<>();
    private long windowBytes = Long.MAX_VALUE;
    private final EngineCounters counters = counters();
    private final OutboundRouter router = router(counters);
    private final FramePacker packer = new FramePacker(1, FRAME_BUDGET, router, counters);

    private static final int CHUNK = (int)PushPullChunkEncoder.TEMPLATE_ID;
    private static final int PING = (int)PingEncoder.TEMPLATE_ID;

    @org.junit.jupiter.api.BeforeEach
    void startCycle()
    {
        router.drainStateBacklog(0);
    }

    @Test
    void aStateChunkIsHeldBackWhenItWouldEatIntoTheReserveAndAPingStillGoes()
    {

        sendChunk(packer);
        assertEquals(List.of(CHUNK), sentTemplates, "a wide window takes a chunk");

        windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES - 1;
        sendChunk(packer);
        assertEquals(1, sentTemplates.size(), "held back: the window is below the reserve");
        assertEquals(1, router.stateBacklogFrames());

        sendPing(packer);
        assertEquals(List.of(CHUNK, PING), sentTemplates);

        windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES + FRAME_BUDGET;
        sendChunk(packer);
        assertEquals(List.of(CHUNK, PING), sentTemplates, "a chunk queues behind one of its destination held back");
        assertEquals(0, counters.sinkValue(TransportCounters.DROP_STATE_WINDOW));
    }

    @Test
    void chunksHeldBackGoInOrderAsTheWindowOpensAndNoneIsLost()
    {

        // a view of 170 chunks (10,000 members) against a window with room for 60 beside the reserve
        sendChunk(packer);
        final long frameBytes = sentLengths.get(0);
        windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES + 60 * frameBytes;
        final int chunks = 170;
        for (int i = 1; i < chunks; i++)
        {
            sendChunk(packer);
        }
        assertEquals(61, sentTemplates.size(), "the window's share");
        long nowNs = 0;
        int cycles = 0;
        while (sentTemplates.size() < chunks && nowNs < StateFrameBacklog.MAX_AGE_NS)
        {
            nowNs += 1_000_000; // a duty cycle later the receiver has taken 30 frames
            windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES + 30 * frameBytes;
            router.drainStateBacklog(nowNs);
            cycles++;
        }
        assertEquals(chunks, sentTemplates.size(), "every chunk went");
        assertEquals(4, cycles, "30 a cycle");
        assertEquals(chunks - 61, counters.sinkValue(TransportCounters.STATE_FRAMES_HELD));
        assertEquals(0, counters.sinkValue(TransportCounters.DROP_STATE_WINDOW));
        assertEquals(0, router.stateBacklogFrames());
    }

    @Test
    void aChunkThatWaitsTooLongIsDroppedAndCounted()
    {
        windowBytes = 0; // the receiver is gone: its window never opens
        sendChunk(packer);
        sendChunk(packer);
        router.drainStateBacklog(StateFrameBacklog.MAX_AGE_NS);
        assertEquals(2, router.stateBacklogFrames(), "not yet too old");
        router.drainStateBacklog(StateFrameBacklog.MAX_AGE_NS + 1);
        assertEquals(0, router.stateBacklogFrames());
        assertEquals(2, counters.sinkValue(TransportCounters.DROP_STATE_WINDOW));
        assertEquals(List.of(), sentTemplates);

        // a full backlog drops what does not fit
        for (int i = 0; i < StateFrameBacklog.CAPACITY_BYTES / 32 + 10; i++) // a record is at least 32 bytes
        {
            sendChunk(packer);
        }
        assertTrue(counters.sinkValue(TransportCounters.DROP_STATE_WINDOW) > 2, "dropped when full");
    }

    private OutboundRouter router(final EngineCounters counters)
    {
        final Transport network = new Transport()
        {
            public int maxFrameLength()
            {
                return 1_408;
            }

            public boolean send(
                final int dstIpv4, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
            {
                sentTemplates.add(buffer.getShort(offset + FramePacker.FRAME_HEADER_LENGTH +
                    MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
                sentLengths.add(length);
                if (Long.MAX_VALUE != windowBytes)
                {
                    windowBytes -= length; // the publication's window, taken by the frame
                }
                return true;
            }

            public long windowBytes(final int dstIpv4, final int dstPort)
            {
                return windowBytes;
            }

            public int poll(final FrameHandler handler, final int fragmentLimit)
            {
                return 0;
            }

            public int doWork(final long nowNs)
            {
                return 0;
            }

            public void close()
            {
            }
        };
        return new OutboundRouter(new int[] { 1 }, 0x0A000001, 7_001, false, network,
            new InMemoryTransport(FRAME_BUDGET, 64 * 1024, 64 * 1024, counters), new FaultModel(new SeededRandom(1)),
            null, FRAME_BUDGET, counters);
    }

    private static void sendChunk(final FramePacker packer)
    {
        final int offset = packer.claim(0, 1, 2, REMOTE_IPV4, REMOTE_PORT, FRAME_BUDGET - FramePacker.FRAME_HEADER_LENGTH);
        final PushPullChunkEncoder chunk = new PushPullChunkEncoder()
            .wrapAndApplyHeader(packer.buffer(), offset, new MessageHeaderEncoder());
        chunk.membersCount(0);
        packer.commit(MessageHeaderEncoder.ENCODED_LENGTH + chunk.encodedLength());
        packer.flush();
    }

    private static void sendPing(final FramePacker packer)
    {
        final int offset = packer.claim(0, 1, 2, REMOTE_IPV4, REMOTE_PORT, 64);
        final PingEncoder ping = new PingEncoder().wrapAndApplyHeader(packer.buffer(), offset, new MessageHeaderEncoder());
        ping.updatesCount(0);
        packer.commit(MessageHeaderEncoder.ENCODED_LENGTH + ping.encodedLength());
        packer.flush();
    }

    private static EngineCounters counters()
    {
        final int counters = 256;
        return new EngineCounters(new CountersManager(
            new UnsafeBuffer(new byte[counters * CountersManager.METADATA_LENGTH]),
            new UnsafeBuffer(new byte[counters * CountersManager.COUNTER_LENGTH])));
    }
}

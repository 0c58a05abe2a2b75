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
    private long windowBytes = Long.MAX_VALUE;

    @Test
    void aStateChunkIsHeldBackWhenItWouldEatIntoTheReserveAndAPingStillGoes()
    {
        final EngineCounters counters = counters();
        final FramePacker packer = new FramePacker(1, FRAME_BUDGET, router(counters), counters);

        sendChunk(packer);
        assertEquals(List.of((int)PushPullChunkEncoder.TEMPLATE_ID), sentTemplates, "a wide window takes a chunk");

        windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES - 1;
        sendChunk(packer);
        assertEquals(1, sentTemplates.size(), "held back: the window is below the reserve");
        assertEquals(1, counters.sinkValue(TransportCounters.DROP_STATE_WINDOW));

        sendPing(packer);
        assertEquals(List.of((int)PushPullChunkEncoder.TEMPLATE_ID, (int)PingEncoder.TEMPLATE_ID), sentTemplates);

        windowBytes = OutboundRouter.STATE_WINDOW_RESERVE_BYTES + FRAME_BUDGET;
        sendChunk(packer);
        assertEquals(3, sentTemplates.size(), "a chunk that leaves the reserve whole goes");
        assertEquals(1, counters.sinkValue(TransportCounters.DROP_STATE_WINDOW));
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

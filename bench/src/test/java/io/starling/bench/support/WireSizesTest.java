package io.starling.bench.support;

import io.starling.codecs.FrameValidator;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSizesTest
{
    @Test
    void pingFrameLengthIsWhatTheCodecsEncode()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        for (final int updates : new int[] { 0, 1, 6, 62 })
        {
            final int length = encodePingFrame(buffer, updates);
            assertEquals(length, WireSizes.pingFrameLengthBytes(updates), "updates=" + updates);
            final FrameValidator validator = new FrameValidator(8);
            assertEquals(FrameValidator.OK, validator.validate(buffer, 0, length), "updates=" + updates);
        }
        // FrameHeader (8 + 22) + Ping (8 + 22, its view digest included) + group header 4 + 6 updates x 21.
        assertEquals(190, WireSizes.pingFrameLengthBytes(WireSizes.BASELINE_PING_UPDATES));
    }

    @Test
    void maxPingUpdatesFillsButDoesNotOverflowTheDefaultBudget()
    {
        final int budget = new ProtocolConfig().conclude().frameBudgetBytes();
        final int max = WireSizes.maxPingUpdates(budget);
        assertTrue(WireSizes.pingFrameLengthBytes(max) <= budget);
        assertTrue(WireSizes.pingFrameLengthBytes(max + 1) > budget);
        assertEquals(62, max);
    }

    private static int encodePingFrame(final UnsafeBuffer buffer, final int updates)
    {
        BenchFrames.ack(buffer, 1, 2, 3, 0);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final PingEncoder ping = new PingEncoder().wrapAndApplyHeader(buffer, FramePacker.FRAME_HEADER_LENGTH, header)
            .seq(7).targetNode(3);
        ping.sourceEndpoint().ipv4(1).port(2);
        final PingEncoder.UpdatesEncoder u = ping.updatesCount(updates);
        for (int i = 0; i < updates; i++)
        {
            u.next().memberId(i).incarnation(1).state(MemberState.ALIVE).metaVersion(0).fromNode(2)
                .endpoint().ipv4(1).port(2);
        }
        return FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + ping.encodedLength();
    }
}

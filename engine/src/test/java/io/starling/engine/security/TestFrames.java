package io.starling.engine.security;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.MutableDirectBuffer;

/**
 * Builds real frames (FrameHeader + protocol messages) with the generated encoders, for the security tests.
 */
final class TestFrames
{
    /** Length of the frame {@code ping(..., 2)} builds: frame header, Ping block, group header, 2 updates. */
    static final int PING_2_UPDATES_LENGTH = io.starling.engine.protocol.FramePacker.FRAME_HEADER_LENGTH +
        MessageHeaderEncoder.ENCODED_LENGTH + io.starling.codecs.PingEncoder.BLOCK_LENGTH + 4 +
        2 * io.starling.codecs.PingEncoder.UpdatesEncoder.sbeBlockLength();

    static final int CLUSTER_ID = ProtocolConfig.CLUSTER_ID_DEFAULT;
    /** Bytes of a frame holding one Rumor with an empty payload. */
    static final int RUMOR_FRAME_OVERHEAD = FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
        RumorEncoder.BLOCK_LENGTH + RumorEncoder.payloadHeaderLength();

    private static final MessageHeaderEncoder HEADER = new MessageHeaderEncoder();
    private static final FrameHeaderEncoder FRAME_HEADER = new FrameHeaderEncoder();
    private static final PingEncoder PING = new PingEncoder();
    private static final RumorEncoder RUMOR = new RumorEncoder();

    private TestFrames()
    {
    }

    /**
     * A frame with a Ping carrying {@code updates} piggybacked updates: {@link #PING_2_UPDATES_LENGTH} bytes with 2.
     */
    static int ping(
        final MutableDirectBuffer buffer, final int offset, final int clusterId, final int src, final int dst,
        final long sequence, final int updates)
    {
        int position = header(buffer, offset, clusterId, src, dst, sequence);
        PING.wrapAndApplyHeader(buffer, position, HEADER).seq(7).targetNode(dst);
        PING.sourceEndpoint().ipv4(0x0A000001).port(20_000);
        final PingEncoder.UpdatesEncoder u = PING.updatesCount(updates);
        for (int i = 0; i < updates; i++)
        {
            u.next().memberId(1000 + i).incarnation(i).state(MemberState.ALIVE).metaVersion(0).fromNode(src)
                .endpoint().ipv4(0x0A000001).port(20_000 + i);
        }
        position += MessageHeaderEncoder.ENCODED_LENGTH + PING.encodedLength();
        return position - offset;
    }

    /**
     * A frame of exactly {@code frameLength} bytes: one Rumor whose payload fills it with a recognisable pattern.
     */
    static int rumor(
        final MutableDirectBuffer buffer, final int offset, final int clusterId, final int src, final int dst,
        final long sequence, final int frameLength)
    {
        final int payloadLength = frameLength - RUMOR_FRAME_OVERHEAD;
        if (payloadLength < 0)
        {
            throw new IllegalArgumentException("frameLength too small: " + frameLength);
        }
        int position = header(buffer, offset, clusterId, src, dst, sequence);
        RUMOR.wrapAndApplyHeader(buffer, position, HEADER).rumorId(42).originNode(src).lamportTime(9).hops((short)1);
        final byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }
        RUMOR.putPayload(payload, 0, payloadLength);
        position += MessageHeaderEncoder.ENCODED_LENGTH + RUMOR.encodedLength();
        return position - offset;
    }

    private static int header(
        final MutableDirectBuffer buffer, final int offset, final int clusterId, final int src, final int dst,
        final long sequence)
    {
        FRAME_HEADER.wrapAndApplyHeader(buffer, offset, HEADER)
            .clusterId(clusterId).srcNode(src).dstNode(dst).sequence(sequence).flags((short)0);
        return offset + FramePacker.FRAME_HEADER_LENGTH;
    }
}

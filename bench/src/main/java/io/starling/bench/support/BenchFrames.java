package io.starling.bench.support;

import java.nio.ByteOrder;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.GroupSizeEncodingEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.engine.protocol.FramePacker;
import org.agrona.MutableDirectBuffer;

/**
 * Builds the inbound frames the protocol benchmarks feed to a node, and knows where the fields are that a
 * benchmark patches in place between operations (raw little-endian writes at offsets taken from the codecs, so a
 * patch costs one store and never trips SBE's field-order checks).
 */
public final class BenchFrames
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER = GroupSizeEncodingEncoder.ENCODED_LENGTH;

    /** Offset in a frame of the frame header's {@code srcNode}. */
    public static final int SRC_NODE_OFFSET = HEADER + FrameHeaderEncoder.srcNodeEncodingOffset();
    /** Offset in a frame of the frame header's {@code dstNode}. */
    public static final int DST_NODE_OFFSET = HEADER + FrameHeaderEncoder.dstNodeEncodingOffset();
    /** Offset in a frame of the template id of the first message after the frame header. */
    public static final int FIRST_TEMPLATE_ID_OFFSET =
        FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.templateIdEncodingOffset();
    /** Offset in a frame whose first message is a Ping of that ping's {@code seq}. */
    public static final int FIRST_PING_SEQ_OFFSET =
        FramePacker.FRAME_HEADER_LENGTH + HEADER + PingEncoder.seqEncodingOffset();
    /** Offset in a frame built by {@link #ack} of the ack's {@code seq}. */
    public static final int ACK_SEQ_OFFSET = FramePacker.FRAME_HEADER_LENGTH + HEADER + AckEncoder.seqEncodingOffset();
    /** Offset in a frame built by {@link #ack} of the ack's {@code targetNode}. */
    public static final int ACK_TARGET_OFFSET =
        FramePacker.FRAME_HEADER_LENGTH + HEADER + AckEncoder.targetNodeEncodingOffset();
    /** Offset in a frame built by {@link #gossip} of the first update's {@code incarnation}. */
    public static final int FIRST_UPDATE_INCARNATION_OFFSET = FramePacker.FRAME_HEADER_LENGTH + HEADER +
        GossipEncoder.BLOCK_LENGTH + GROUP_HEADER + GossipEncoder.UpdatesEncoder.incarnationEncodingOffset();

    private BenchFrames()
    {
    }

    /**
     * Write a Gossip frame carrying ALIVE updates about consecutive member ids.
     *
     * @param buffer        to write into, at offset 0.
     * @param clusterId     cluster id of the frame.
     * @param srcNode       sender node id.
     * @param dstNode       receiver node id.
     * @param firstMemberId id of the first member.
     * @param count         updates (members {@code firstMemberId .. firstMemberId + count - 1}).
     * @param incarnation   incarnation of every update.
     * @param ipv4          endpoint address of the members.
     * @param port          endpoint port of the members.
     * @return frame length in bytes.
     */
    public static int gossip(
        final MutableDirectBuffer buffer,
        final int clusterId,
        final int srcNode,
        final int dstNode,
        final int firstMemberId,
        final int count,
        final int incarnation,
        final int ipv4,
        final int port)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(clusterId).srcNode(srcNode).dstNode(dstNode).sequence(1).flags((short)0);
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, FramePacker.FRAME_HEADER_LENGTH,
            header);
        final GossipEncoder.UpdatesEncoder updates = gossip.updatesCount(count);
        for (int i = 0; i < count; i++)
        {
            updates.next().memberId(firstMemberId + i).incarnation(incarnation).state(MemberState.ALIVE)
                .metaVersion(0).fromNode(srcNode).endpoint().ipv4(ipv4).port(port);
        }
        return FramePacker.FRAME_HEADER_LENGTH + HEADER + gossip.encodedLength();
    }

    /**
     * Write an Ack frame with no updates and an empty payload; patch it with {@link #patchAck}.
     *
     * @param buffer    to write into, at offset 0.
     * @param clusterId cluster id of the frame.
     * @param srcNode   sender node id (the probed member).
     * @param dstNode   receiver node id (the prober).
     * @param seq       probe sequence acknowledged.
     * @return frame length in bytes.
     */
    public static int ack(
        final MutableDirectBuffer buffer, final int clusterId, final int srcNode, final int dstNode, final int seq)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(clusterId).srcNode(srcNode).dstNode(dstNode).sequence(1).flags((short)0);
        final AckEncoder ack = new AckEncoder().wrapAndApplyHeader(buffer, FramePacker.FRAME_HEADER_LENGTH, header)
            .seq(seq).targetNode(srcNode);
        ack.updatesCount(0);
        ack.putPayload(new byte[0], 0, 0);
        return FramePacker.FRAME_HEADER_LENGTH + HEADER + ack.encodedLength();
    }

    /**
     * Turn a frame built by {@link #ack} into the answer of another probe: sender, target and sequence.
     *
     * @param buffer holding the frame at offset 0.
     * @param member the probed member (sender and target of the ack).
     * @param seq    the probe's sequence.
     */
    public static void patchAck(final MutableDirectBuffer buffer, final int member, final int seq)
    {
        buffer.putInt(SRC_NODE_OFFSET, member, ORDER);
        buffer.putInt(ACK_TARGET_OFFSET, member, ORDER);
        buffer.putInt(ACK_SEQ_OFFSET, seq, ORDER);
    }

    /**
     * Change the incarnation of the first update of a frame built by {@link #gossip}.
     *
     * @param buffer      holding the frame at offset 0.
     * @param incarnation new incarnation.
     */
    public static void patchFirstIncarnation(final MutableDirectBuffer buffer, final int incarnation)
    {
        buffer.putInt(FIRST_UPDATE_INCARNATION_OFFSET, incarnation, ORDER);
    }

    /**
     * @param buffer holding a frame.
     * @param offset of the frame.
     * @return the frame's destination node id.
     */
    public static int dstNode(final org.agrona.DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + DST_NODE_OFFSET, ORDER);
    }

    /**
     * @param buffer holding a frame.
     * @param offset of the frame.
     * @return template id of the first message after the frame header.
     */
    public static int firstTemplateId(final org.agrona.DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FIRST_TEMPLATE_ID_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @param buffer holding a frame whose first message is a Ping.
     * @param offset of the frame.
     * @return the ping's sequence.
     */
    public static int firstPingSeq(final org.agrona.DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FIRST_PING_SEQ_OFFSET, ORDER);
    }
}

package io.starling.bench.codec;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.FramePacker;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One message kind as it travels: a frame holding a FrameHeader and that one message, encoded and decoded with
 * the generated SBE flyweights, which this object owns. Decoding reads every field, every group entry and every
 * variable length field (copied into a scratch buffer made once) into a {@link FieldSink}. Nothing allocates
 * after construction.
 * <p>
 * {@link #expected(FieldSink)} writes the values the encoder was given, straight from the {@link MessageSamples}
 * and in the order {@link #decode} reads them, so a test can check that decoding gives back what was encoded.
 */
public abstract class MessageCase
{
    /** Cluster id in every frame header. */
    public static final int CLUSTER_ID = 42;
    /** Sender node id in every frame header. */
    public static final int SRC_NODE = 7;
    /** Receiver node id in every frame header. */
    public static final int DST_NODE = 9;

    static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    static final int SCRATCH_LENGTH_BYTES = 2048;

    final MessageSamples samples;
    final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    final UnsafeBuffer scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SCRATCH_LENGTH_BYTES, 64));

    private final MessageKind kind;
    private final int templateId;
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();
    private long sequence;

    MessageCase(final MessageKind kind, final int templateId, final MessageSamples samples)
    {
        this.kind = kind;
        this.templateId = templateId;
        this.samples = samples;
    }

    /**
     * @return the kind of message.
     */
    public final MessageKind kind()
    {
        return kind;
    }

    /**
     * @return SBE template id of the message.
     */
    public final int templateId()
    {
        return templateId;
    }

    /**
     * Encode the frame: FrameHeader (with the next frame sequence and a message count of 1), then the message.
     *
     * @param buffer to write into.
     * @param offset of the frame.
     * @return frame length in bytes.
     */
    public final int encode(final MutableDirectBuffer buffer, final int offset)
    {
        frameHeaderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .clusterId(CLUSTER_ID)
            .srcNode(SRC_NODE)
            .dstNode(DST_NODE)
            .sequence(++sequence)
            .flags((short)0)
            .messageCount((short)1);
        return FramePacker.FRAME_HEADER_LENGTH +
            encodeMessage(buffer, offset + FramePacker.FRAME_HEADER_LENGTH);
    }

    /**
     * Decode a frame written by {@link #encode}: every FrameHeader field, the message's template id, and when it is
     * this kind's, every field of the message.
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param sink   receives every value read.
     */
    public final void decode(final DirectBuffer buffer, final int offset, final FieldSink sink)
    {
        final MessageHeaderDecoder header = headerDecoder.wrap(buffer, offset);
        final int frameBlockLength = header.blockLength();
        final FrameHeaderDecoder frameHeader =
            frameHeaderDecoder.wrap(buffer, offset + HEADER_LENGTH, frameBlockLength, header.version());
        sink.value(frameHeader.clusterId());
        sink.value(frameHeader.srcNode());
        sink.value(frameHeader.dstNode());
        sink.value(frameHeader.sequence());
        sink.value(frameHeader.flags());
        sink.value(frameHeader.messageCount());

        final int messageOffset = offset + HEADER_LENGTH + frameBlockLength;
        header.wrap(buffer, messageOffset);
        final int messageTemplateId = header.templateId();
        sink.value(messageTemplateId);
        if (templateId == messageTemplateId)
        {
            decodeMessage(buffer, messageOffset + HEADER_LENGTH, header.blockLength(), header.version(), sink);
        }
    }

    /**
     * Write the values the last {@link #encode} was given, in the order {@link #decode} reads them.
     *
     * @param sink receives the values.
     */
    public final void expected(final FieldSink sink)
    {
        sink.value(CLUSTER_ID);
        sink.value(SRC_NODE);
        sink.value(DST_NODE);
        sink.value(sequence);
        sink.value(0);
        sink.value(1);
        sink.value(templateId);
        expectedMessage(sink);
    }

    /**
     * Frame length worked out from the schema's sizes and this case's counts, independently of the encoder.
     *
     * @return frame length in bytes.
     */
    public final int expectedFrameLengthBytes()
    {
        return FramePacker.FRAME_HEADER_LENGTH + HEADER_LENGTH + expectedBodyLengthBytes();
    }

    /**
     * Encode the message, its SBE message header first.
     *
     * @param buffer to write into.
     * @param offset of the message header.
     * @return message length in bytes, header included.
     */
    abstract int encodeMessage(MutableDirectBuffer buffer, int offset);

    /**
     * Decode every field of the message.
     *
     * @param buffer            holding the message.
     * @param offset            of the message body (after its header).
     * @param actingBlockLength from the message header.
     * @param actingVersion     from the message header.
     * @param sink              receives every value read.
     */
    abstract void decodeMessage(
        DirectBuffer buffer, int offset, int actingBlockLength, int actingVersion, FieldSink sink);

    /**
     * Write the values the message was encoded with, in decode order.
     *
     * @param sink receives the values.
     */
    abstract void expectedMessage(FieldSink sink);

    /**
     * @return bytes of the message after its header, from the schema's sizes.
     */
    abstract int expectedBodyLengthBytes();

    /**
     * Write the sample bytes of a variable length field, as {@link #decode} reports them.
     *
     * @param sink   receives them.
     * @param offset in {@link MessageSamples#data}.
     * @param length bytes.
     */
    final void expectedBytes(final FieldSink sink, final int offset, final int length)
    {
        sink.bytes(samples.data, offset, length);
    }
}

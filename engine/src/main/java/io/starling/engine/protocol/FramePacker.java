package io.starling.engine.protocol;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one {@link Outbox}: packs consecutive messages from one source node to one destination into a frame of at
 * most the frame budget, writes the {@code FrameHeader} first, and hands the frame to a {@link FrameSink} when the
 * destination changes, the next message does not fit, or {@link #flush()} is called. Allocation free.
 */
public final class FramePacker implements Outbox
{
    /** Bytes of the frame header: SBE message header plus the FrameHeader block. */
    public static final int FRAME_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.BLOCK_LENGTH;

    private final int clusterId;
    private final int frameBudgetBytes;
    private final FrameSink sink;
    private final CounterSink counters;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();

    private boolean open;
    private int openSrcIndex;
    private int openSrcId;
    private int openDstId;
    private int openDstIpv4;
    private int openDstPort;
    private int position;
    private int claimedOffset = -1;
    private int claimedCapacity;
    private int messagesInFrame;
    private long sequence;

    /**
     * @param clusterId        written into every frame header.
     * @param frameBudgetBytes largest frame, header included.
     * @param sink             receives complete frames.
     * @param counters         counts frames, messages and drops.
     */
    public FramePacker(
        final int clusterId, final int frameBudgetBytes, final FrameSink sink, final CounterSink counters)
    {
        if (frameBudgetBytes <= FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("frameBudgetBytes=" + frameBudgetBytes + " is too small");
        }
        this.clusterId = clusterId;
        this.frameBudgetBytes = frameBudgetBytes;
        this.sink = sink;
        this.counters = counters;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            org.agrona.BitUtil.align(frameBudgetBytes, 64), 64));
    }

    public int claim(
        final int srcNodeIndex,
        final int srcNodeId,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final int minLength)
    {
        if (minLength > maxMessageLength() || minLength < 0)
        {
            counters.increment(ProtocolCounters.DROP_OUTBOX_FULL);
            claimedOffset = -1;
            return -1;
        }

        if (open && (srcNodeId != openSrcId || dstNodeId != openDstId || dstIpv4 != openDstIpv4 ||
            dstPort != openDstPort || position + minLength > frameBudgetBytes))
        {
            flush();
        }

        if (!open)
        {
            open = true;
            openSrcIndex = srcNodeIndex;
            openSrcId = srcNodeId;
            openDstId = dstNodeId;
            openDstIpv4 = dstIpv4;
            openDstPort = dstPort;
            messagesInFrame = 0;
            frameHeaderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clusterId(clusterId)
                .srcNode(srcNodeId)
                .dstNode(dstNodeId)
                .sequence(++sequence)
                .flags((short)0)
                .messageCount((short)0);
            position = FRAME_HEADER_LENGTH;
        }

        claimedOffset = position;
        claimedCapacity = frameBudgetBytes - position;
        return position;
    }

    public int claimedCapacity()
    {
        return claimedCapacity;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public void commit(final int length)
    {
        if (claimedOffset < 0 || length <= 0 || length > claimedCapacity)
        {
            throw new IllegalStateException(
                "commit length=" + length + " claimedOffset=" + claimedOffset + " capacity=" + claimedCapacity);
        }
        position = claimedOffset + length;
        claimedOffset = -1;
        messagesInFrame++;
        counters.increment(ProtocolCounters.MESSAGES_SENT);
    }

    public void flush()
    {
        if (open)
        {
            open = false;
            claimedOffset = -1;
            if (messagesInFrame > 0)
            {
                frameHeaderEncoder.messageCount((short)messagesInFrame);
                counters.increment(ProtocolCounters.FRAMES_SENT);
                counters.add(ProtocolCounters.BYTES_SENT, position);
                sink.onFrame(openSrcIndex, openDstId, openDstIpv4, openDstPort, buffer, 0, position);
            }
        }
    }

    public int maxMessageLength()
    {
        return frameBudgetBytes - FRAME_HEADER_LENGTH;
    }

    /**
     * @return frames started so far (the sequence of the last frame).
     */
    public long sequence()
    {
        return sequence;
    }
}

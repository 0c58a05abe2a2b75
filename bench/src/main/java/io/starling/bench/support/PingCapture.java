package io.starling.bench.support;

import io.starling.codecs.PingDecoder;
import io.starling.engine.protocol.FrameSink;
import org.agrona.DirectBuffer;

/**
 * A {@link FrameSink} that drops every frame but remembers the destination and sequence of the last frame that
 * starts with a Ping, so a benchmark can answer the probe. Allocation free.
 */
public final class PingCapture implements FrameSink
{
    private long frames;
    private long bytes;
    private long pings;
    private int lastPingDstNode;
    private int lastPingSeq;

    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        frames++;
        bytes += length;
        if (PingDecoder.TEMPLATE_ID == BenchFrames.firstTemplateId(buffer, offset))
        {
            pings++;
            lastPingDstNode = dstNodeId;
            lastPingSeq = BenchFrames.firstPingSeq(buffer, offset);
        }
    }

    /**
     * @return frames seen.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return bytes seen.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * @return frames seen that start with a Ping.
     */
    public long pings()
    {
        return pings;
    }

    /**
     * @return destination node of the last ping.
     */
    public int lastPingDstNode()
    {
        return lastPingDstNode;
    }

    /**
     * @return sequence of the last ping.
     */
    public int lastPingSeq()
    {
        return lastPingSeq;
    }
}

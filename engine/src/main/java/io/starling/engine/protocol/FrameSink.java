package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * Receives complete frames from a {@link FramePacker}: a transport, the in-memory path or the simulator.
 */
@FunctionalInterface
public interface FrameSink
{
    /**
     * A complete frame is ready. The buffer is reused as soon as this returns: copy what must outlive the call.
     *
     * @param srcNodeIndex index of the sending node within its host.
     * @param dstNodeId    node id of the receiver, or {@link Outbox#ANY_NODE}.
     * @param dstIpv4      receiver's process address (host order).
     * @param dstPort      receiver's process port.
     * @param buffer       holding the frame.
     * @param offset       of the frame.
     * @param length       of the frame.
     */
    void onFrame(
        int srcNodeIndex, int dstNodeId, int dstIpv4, int dstPort, DirectBuffer buffer, int offset, int length);
}

package io.starling.engine.transport;

import org.agrona.DirectBuffer;

/**
 * Receives whole inbound frames from a {@link Transport}. The buffer is only valid during the call.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param buffer holding the frame.
     * @param offset of the frame's FrameHeader message header.
     * @param length of the frame in bytes.
     */
    void onFrame(DirectBuffer buffer, int offset, int length);
}

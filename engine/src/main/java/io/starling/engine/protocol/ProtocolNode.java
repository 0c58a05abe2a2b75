package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * What a host or a simulator drives: one protocol node, sans-IO. All time comes in as {@code nowNs}; nothing in
 * an implementation reads a clock, a random source or a socket.
 */
public interface ProtocolNode
{
    /**
     * Start the node: schedule its periodic timers and contact its seeds.
     *
     * @param nowNs current time in the host's time base.
     */
    void start(long nowNs);

    /**
     * Handle one frame addressed to this node. The frame was checked by {@link io.starling.codecs.FrameValidator}
     * before; the node may still drop messages it finds semantically invalid, counting them.
     *
     * @param nowNs  current time.
     * @param buffer holding the frame.
     * @param offset of the FrameHeader message header.
     * @param length of the frame in bytes.
     * @return the number of messages handled.
     */
    int onFrame(long nowNs, DirectBuffer buffer, int offset, int length);

    /**
     * A timer scheduled by this node fired.
     *
     * @param nowNs   current time.
     * @param timerId the id returned when it was scheduled (may be reused from now on).
     * @param kind    as scheduled.
     * @param arg     as scheduled.
     */
    void onTimer(long nowNs, long timerId, int kind, int arg);

    /**
     * @param nowNs current time.
     * @return true while this node is itself expected out of contact (its window open in the expected-absence
     * table): it is expected to reach nobody, so a frame for any node of its process (a Join) is handed to another
     * node of the process if there is one. False for a node with no table.
     */
    default boolean isOutOfContact(final long nowNs)
    {
        return false;
    }
}

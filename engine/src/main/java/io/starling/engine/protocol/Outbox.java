package io.starling.engine.protocol;

import org.agrona.MutableDirectBuffer;

/**
 * "Send this", handed out of the protocol. The protocol encodes SBE messages straight into the outbox's buffer;
 * the outbox packs consecutive messages from one source node to one destination into one frame (a FrameHeader
 * followed by the messages) and hands complete frames to a transport, the in-memory path or the simulator.
 * <p>
 * Use: {@code int offset = claim(..., minLength)}; if {@code offset >= 0} encode one message (with its message
 * header) into {@link #buffer()} at {@code offset}, using at most {@link #claimedCapacity()} bytes (which is at
 * least {@code minLength}; piggybacked updates fill what is left), then {@link #commit(int)} the bytes written.
 * A negative claim means the message cannot be sent: it is dropped and counted by the outbox.
 */
public interface Outbox
{
    /**
     * Destination node id meaning "any node of the process at that endpoint" (used for joins through a seed
     * address whose node id is not yet known).
     */
    int ANY_NODE = -1;

    /**
     * Claim space for one message.
     *
     * @param srcNodeIndex index of the sending node within its host.
     * @param srcNodeId    node id of the sending node.
     * @param dstNodeId    node id of the receiver, or {@link #ANY_NODE}.
     * @param dstIpv4      IPv4 address of the receiver's process (host order).
     * @param dstPort      UDP port of the receiver's process.
     * @param minLength    the fewest bytes the message needs.
     * @return offset in {@link #buffer()} at which to encode, or a negative value if the message cannot be sent.
     */
    int claim(int srcNodeIndex, int srcNodeId, int dstNodeId, int dstIpv4, int dstPort, int minLength);

    /**
     * @return bytes available at the last claimed offset (at least the requested minimum).
     */
    int claimedCapacity();

    /**
     * @return the buffer to encode into at the offset returned by {@link #claim(int, int, int, int, int, int)}.
     */
    MutableDirectBuffer buffer();

    /**
     * Commit the message encoded at the last claim.
     *
     * @param length bytes written, including the message header; at most {@link #claimedCapacity()}.
     */
    void commit(int length);

    /**
     * Send the frame being packed, if any. Hosts call this at the end of each node's turn in a duty cycle.
     */
    void flush();

    /**
     * @return the largest message that fits in an otherwise empty frame (frame budget minus the frame header).
     */
    int maxMessageLength();
}

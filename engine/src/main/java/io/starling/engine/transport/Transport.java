package io.starling.engine.transport;

import org.agrona.DirectBuffer;

/**
 * Transport SPI: moves whole frames (a FrameHeader followed by protocol messages) between processes, or between
 * nodes of one process. Datagram semantics: a frame arrives whole or not at all, in no promised order, and a send
 * that cannot be done at once is dropped and counted, never retried or blocked on.
 * <p>
 * Every method is called from the host's duty-cycle thread only.
 */
public interface Transport extends AutoCloseable
{
    /**
     * @return the largest frame, in bytes, this transport carries as one datagram; the protocol's frame budget must
     * not exceed it.
     */
    int maxFrameLength();

    /**
     * Send one frame to the process at an endpoint. The buffer may be reused as soon as this returns.
     *
     * @param dstIpv4 IPv4 address of the receiving process (host order).
     * @param dstPort UDP port of the receiving process.
     * @param buffer  holding the frame.
     * @param offset  of the frame.
     * @param length  of the frame, at most {@link #maxFrameLength()}.
     * @return true if the frame was handed on, false if it was dropped (and counted).
     */
    boolean send(int dstIpv4, int dstPort, DirectBuffer buffer, int offset, int length);

    /**
     * @param dstIpv4 IPv4 address of a receiving process (host order).
     * @param dstPort UDP port of the receiving process.
     * @return bytes that can be sent to it now before the path pushes back (a publication's flow-control window),
     * {@link Long#MAX_VALUE} if this transport does not know or does not push back.
     */
    default long windowBytes(final int dstIpv4, final int dstPort)
    {
        return Long.MAX_VALUE;
    }

    /**
     * Deliver received frames.
     *
     * @param handler       receives each frame.
     * @param fragmentLimit most frames to deliver in this call (a transport may deliver fewer).
     * @return frames delivered.
     */
    int poll(FrameHandler handler, int fragmentLimit);

    /**
     * Housekeeping once per duty cycle: resolve pending resources, drive an embedded client.
     *
     * @param nowNs current time of the duty cycle.
     * @return work done.
     */
    int doWork(long nowNs);

    /**
     * At the end of a duty cycle, after its frames were handed over: where the transport's driver runs on this
     * thread, let it put them on the wire now and take in what waits in its sockets, for the next {@link #poll}.
     *
     * @param nowNs the time at the end of the duty cycle.
     * @return work done; 0 for a transport with nothing of its own to drive.
     */
    default int flush(final long nowNs)
    {
        return 0;
    }

    /**
     * Release every resource. Idempotent.
     */
    void close();
}

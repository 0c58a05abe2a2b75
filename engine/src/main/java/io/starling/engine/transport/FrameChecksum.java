package io.starling.engine.transport;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.starling.engine.protocol.FrameSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The CRC32C trailer of every frame sent to the network in clear: appended on the way out (a {@link FrameSink}
 * between the {@code FramePacker} and the transport) and verified on the way in ({@link #verify}), so that a frame
 * corrupted in flight is dropped before anything beyond its FrameHeader is read. It is not authentication (anyone
 * can compute a CRC: a keyring is), it is not used on sealed frames (the AES-GCM tag covers every byte of them) nor on
 * the in-memory path between co-hosted nodes (never leaves the process).
 * <p>
 * Wire: {@code [0, n)} the frame as packed, {@code [n, n + 4)} CRC32C (Castagnoli) of {@code [0, n)}, little endian.
 * A clear frame is therefore {@link #LENGTH} bytes longer than the protocol's frame: the protocol's budget is the
 * transport's minus 4 ({@link #clearFrameBudgetBytes(int)}). CRC32C's Hamming distance is 4 up to 2^31 bits, so every
 * error of one to three bits in a frame of any size Aeron carries is caught; longer bursts up to 32 bits too, and
 * anything else with probability 1 - 2^-32.
 * <p>
 * JDK {@link CRC32C} (an intrinsic on x86 and AArch64) over heap arrays: a frame in a direct buffer is copied into a
 * scratch array first (a frame is at most a few KB). Allocation free. Not thread safe: the host's duty-cycle thread.
 */
public final class FrameChecksum implements FrameSink
{
    /** Bytes of the trailer. */
    public static final int LENGTH = 4;
    private static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C crc = new CRC32C();
    private final FrameSink delegate;
    private final byte[] outbound;
    private final UnsafeBuffer outboundBuffer;
    private final byte[] inbound;

    /**
     * @param maxFrameLengthBytes largest frame handed in, without the trailer (the protocol's frame budget); frames
     *                            of any length are verified.
     * @param delegate            receives every frame with its trailer (the transport); null for verifying only.
     */
    public FrameChecksum(final int maxFrameLengthBytes, final FrameSink delegate)
    {
        if (maxFrameLengthBytes <= 0)
        {
            throw new IllegalArgumentException("maxFrameLengthBytes=" + maxFrameLengthBytes);
        }
        this.delegate = delegate;
        this.outbound = new byte[maxFrameLengthBytes + LENGTH];
        this.outboundBuffer = new UnsafeBuffer(outbound);
        this.inbound = new byte[maxFrameLengthBytes + LENGTH];
    }

    /**
     * The protocol's frame budget when clear frames carry the trailer over a transport with the given budget.
     *
     * @param transportBudgetBytes largest datagram payload of the transport (e.g. Aeron's maxPayloadLength).
     * @return {@code transportBudgetBytes - LENGTH}.
     */
    public static int clearFrameBudgetBytes(final int transportBudgetBytes)
    {
        return transportBudgetBytes - LENGTH;
    }

    /**
     * Append the trailer and hand the frame on. A frame longer than this checksum was built for (a budget not
     * lowered by {@link #LENGTH}) is a configuration error, not input: it throws, and the host's error log has it.
     * {@inheritDoc}
     */
    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (length > outbound.length - LENGTH)
        {
            throw new IllegalStateException("frame of " + length + " bytes leaves no room for its checksum (at most " +
                (outbound.length - LENGTH) + ")");
        }
        buffer.getBytes(offset, outbound, 0, length);
        crc.reset();
        crc.update(outbound, 0, length);
        outboundBuffer.putInt(length, (int)crc.getValue(), BYTE_ORDER);
        delegate.onFrame(srcNodeIndex, dstNodeId, dstIpv4, dstPort, outboundBuffer, 0, length + LENGTH);
    }

    /**
     * @param buffer holding a frame as received.
     * @param offset of the frame.
     * @param length of the frame with its trailer.
     * @return true if the last {@link #LENGTH} bytes are the CRC32C of the bytes before them.
     */
    public boolean verify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < LENGTH)
        {
            return false;
        }
        final int frameLength = length - LENGTH;
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            crc.update(array, (int)buffer.wrapAdjustment() + offset, frameLength);
        }
        else
        {
            for (int done = 0; done < frameLength; )
            {
                final int chunk = Math.min(inbound.length, frameLength - done);
                buffer.getBytes(offset + done, inbound, 0, chunk);
                crc.update(inbound, 0, chunk);
                done += chunk;
            }
        }
        return (int)crc.getValue() == buffer.getInt(offset + frameLength, BYTE_ORDER);
    }
}

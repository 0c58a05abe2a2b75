package io.starling.engine.security;

import io.starling.engine.protocol.FrameSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link FrameSink} decorator that seals every frame with a {@link FrameCipher} before handing it to the real
 * sink (a transport). Put it between the {@code FramePacker} and the transport; the packer's frame budget must
 * leave room for the seal: {@code FrameCipher.plainFrameBudgetBytes(transportBudgetBytes)}. A frame that cannot
 * be sealed is dropped, counted by the cipher, and never reaches the transport in clear. Allocation free apart
 * from what the JDK cipher allocates. Not thread safe: same thread as its cipher.
 */
public final class SealingFrameSink implements FrameSink
{
    private final FrameCipher cipher;
    private final FrameSink delegate;
    private final UnsafeBuffer sealed;

    /**
     * @param cipher   seals the frames.
     * @param delegate receives the sealed frames.
     */
    public SealingFrameSink(final FrameCipher cipher, final FrameSink delegate)
    {
        if (null == cipher || null == delegate)
        {
            throw new IllegalArgumentException("cipher and delegate must be set");
        }
        this.cipher = cipher;
        this.delegate = delegate;
        this.sealed = new UnsafeBuffer(new byte[cipher.maxFrameLengthBytes()]);
    }

    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int sealedLength = cipher.seal(buffer, offset, length, sealed, 0);
        if (sealedLength > 0)
        {
            delegate.onFrame(srcNodeIndex, dstNodeId, dstIpv4, dstPort, sealed, 0, sealedLength);
        }
    }

    /**
     * @return the cipher sealing the frames.
     */
    public FrameCipher cipher()
    {
        return cipher;
    }
}

package io.starling.engine.security;

import io.starling.engine.transport.FrameHandler;
import org.agrona.DirectBuffer;

/**
 * The host's inbound security step: a {@link FrameHandler} between the network transport and the host that opens
 * (authenticates and decrypts) every frame with a {@link FrameCipher} and hands on only frames that opened. A frame
 * that fails is dropped and counted under its reason by the cipher; nothing of it is routed or decoded beyond the
 * clear FrameHeader. It does not touch the in-memory path between co-hosted nodes (that never leaves the process).
 * Not thread safe: the host's duty-cycle thread, like its cipher.
 */
public final class InboundFrameOpener implements FrameHandler
{
    private final FrameCipher cipher;
    private final FrameHandler delegate;

    /**
     * @param cipher   opens the frames.
     * @param delegate receives the opened frames (the host's router).
     */
    public InboundFrameOpener(final FrameCipher cipher, final FrameHandler delegate)
    {
        if (null == cipher || null == delegate)
        {
            throw new IllegalArgumentException("cipher and delegate must be set");
        }
        this.cipher = cipher;
        this.delegate = delegate;
    }

    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final int openedLength = cipher.open(buffer, offset, length);
        if (openedLength > 0)
        {
            delegate.onFrame(cipher.openedBuffer(), 0, openedLength);
        }
    }

    /**
     * @return the cipher opening the frames.
     */
    public FrameCipher cipher()
    {
        return cipher;
    }
}

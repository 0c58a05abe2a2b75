package io.starling.engine.security;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.FrameChecksum;
import io.starling.engine.transport.FrameHandler;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;

/**
 * The host's inbound gate for network frames, between the transport and the host's router: a sealed frame is opened
 * (authenticated and decrypted) by the {@link FrameCipher}; a frame in clear must carry a valid CRC32C trailer
 * ({@link FrameChecksum}), checked once the bytes start with a FrameHeader of this schema and before anything else
 * of the frame is read, and is handed on without it. Only frames that pass reach routing; every other frame is
 * dropped and counted once under its reason ({@code DROP_MALFORMED}, {@code DROP_BAD_CHECKSUM}, or the cipher's).
 * With a keyring that requires encryption a clear frame goes to the cipher, which drops it as not sealed; without a
 * keyring every frame is checked as clear, so a sealed one fails its checksum. It does not touch the in-memory path
 * between co-hosted nodes (that never leaves the process). Not thread safe: the host's duty-cycle thread.
 */
public final class InboundFrameOpener implements FrameHandler
{
    private static final int FLAGS_OFFSET = SealedFrameLayout.FLAGS_OFFSET;
    private static final int MIN_CLEAR_LENGTH = FramePacker.FRAME_HEADER_LENGTH + FrameChecksum.LENGTH;

    private final FrameCipher cipher;
    private final FrameChecksum checksum;
    private final CounterSink counters;
    private final FrameHandler delegate;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    /**
     * A gate for a cluster in clear: every frame must carry a valid checksum.
     *
     * @param checksum verifies clear frames.
     * @param counters where drops are counted.
     * @param delegate receives the frames that passed, without their trailer (the host's router).
     */
    public InboundFrameOpener(final FrameChecksum checksum, final CounterSink counters, final FrameHandler delegate)
    {
        this(null, checksum, counters, delegate);
    }

    /**
     * @param cipher   opens sealed frames; null in a cluster in clear.
     * @param checksum verifies clear frames.
     * @param counters where the checksum and length drops are counted (the cipher counts its own).
     * @param delegate receives the frames that passed (the host's router).
     */
    public InboundFrameOpener(
        final FrameCipher cipher, final FrameChecksum checksum, final CounterSink counters, final FrameHandler delegate)
    {
        if (null == checksum || null == counters || null == delegate)
        {
            throw new IllegalArgumentException("checksum, counters and delegate must be set");
        }
        this.cipher = cipher;
        this.checksum = checksum;
        this.counters = counters;
        this.delegate = delegate;
    }

    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != cipher && (cipher.requireEncryption() ||
            (length > FLAGS_OFFSET && 0 != (buffer.getByte(offset + FLAGS_OFFSET) & FrameCipher.FLAG_SEALED))))
        {
            open(buffer, offset, length);
            return;
        }
        if (length < MIN_CLEAR_LENGTH || !isFrameHeader(buffer, offset))
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return;
        }
        if (!checksum.verify(buffer, offset, length))
        {
            counters.increment(TransportCounters.DROP_BAD_CHECKSUM);
            return;
        }
        final int frameLength = length - FrameChecksum.LENGTH;
        if (null != cipher)
        {
            open(buffer, offset, frameLength);
        }
        else
        {
            delegate.onFrame(buffer, offset, frameLength);
        }
    }

    /**
     * @return the cipher opening sealed frames, or null in a cluster in clear.
     */
    public FrameCipher cipher()
    {
        return cipher;
    }

    private void open(final DirectBuffer buffer, final int offset, final int length)
    {
        final int openedLength = cipher.open(buffer, offset, length);
        if (openedLength > 0)
        {
            delegate.onFrame(cipher.openedBuffer(), 0, openedLength);
        }
    }

    private boolean isFrameHeader(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        return FrameHeaderDecoder.TEMPLATE_ID == headerDecoder.templateId() &&
            FrameHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId();
    }
}

package io.starling.engine.security;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Where things are in a frame on the wire, sealed or in clear: the FrameHeader fields read in clear (flags, cluster
 * id, source), the clear header's length, and the key id and nonce a sealed frame carries after it (the layout is
 * drawn in {@link FrameCipher}). It reads offsets only: it neither seals nor opens.
 */
final class SealedFrameLayout
{
    static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;
    static final int MESSAGE_HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    static final int FLAGS_OFFSET = MESSAGE_HEADER_LENGTH + FrameHeaderDecoder.flagsEncodingOffset();
    static final int CLUSTER_ID_OFFSET = MESSAGE_HEADER_LENGTH + FrameHeaderDecoder.clusterIdEncodingOffset();
    static final int SRC_NODE_OFFSET = MESSAGE_HEADER_LENGTH + FrameHeaderDecoder.srcNodeEncodingOffset();
    /** Bytes in clear after the FrameHeader of a sealed frame: key id and nonce. */
    static final int CLEAR_SUFFIX_LENGTH = FrameCipher.KEY_ID_LENGTH + FrameCipher.NONCE_LENGTH;
    /** The nonce's first 4 bytes are the sealer's random prefix, the next 8 its counter. */
    static final int NONCE_PREFIX_LENGTH = 4;

    private SealedFrameLayout()
    {
    }

    /**
     * @param headerLength length of the clear FrameHeader.
     * @return offset of the nonce from the frame's start.
     */
    static int nonceOffset(final int headerLength)
    {
        return headerLength + FrameCipher.KEY_ID_LENGTH;
    }

    /**
     * @param headerLength length of the clear FrameHeader.
     * @return offset of the nonce's 64-bit counter from the frame's start.
     */
    static int nonceCounterOffset(final int headerLength)
    {
        return headerLength + FrameCipher.KEY_ID_LENGTH + NONCE_PREFIX_LENGTH;
    }

    /**
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the length of the clear FrameHeader (message header plus acting block length) at the start of the
     * bytes, or -1 if they do not start with a FrameHeader of this schema.
     */
    static int clearHeaderLength(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MESSAGE_HEADER_LENGTH)
        {
            return -1;
        }

        final int blockLength = buffer.getShort(
            offset + MessageHeaderDecoder.blockLengthEncodingOffset(), BYTE_ORDER) & 0xFFFF;
        final int templateId = buffer.getShort(
            offset + MessageHeaderDecoder.templateIdEncodingOffset(), BYTE_ORDER) & 0xFFFF;
        final int schemaId = buffer.getShort(
            offset + MessageHeaderDecoder.schemaIdEncodingOffset(), BYTE_ORDER) & 0xFFFF;
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId || FrameHeaderDecoder.TEMPLATE_ID != templateId ||
            blockLength < FrameHeaderDecoder.BLOCK_LENGTH || blockLength > length - MESSAGE_HEADER_LENGTH)
        {
            return -1;
        }

        return MESSAGE_HEADER_LENGTH + blockLength;
    }
}

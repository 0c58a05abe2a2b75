package io.starling.engine.api;

import java.nio.charset.StandardCharsets;

import io.starling.engine.protocol.MemberDirectory;

/**
 * The layout of the metadata bytes the engine hands to the protocol: the member's name and the application's
 * metadata in one blob, so the name travels wherever the metadata does. Byte 0 is the format (1), byte 1 the name's
 * UTF-8 length n, then the name, then the application's bytes. Bytes in another layout (set below the API) read as
 * no name and all application metadata. Does not spread anything itself.
 */
final class MetadataEnvelope
{
    static final byte FORMAT = 1;
    static final int HEADER_BYTES = 2;
    /** Longest name in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 64;
    /** Most application metadata bytes with no name; a name takes its UTF-8 length more. */
    static final int MAX_APPLICATION_BYTES = MemberDirectory.MAX_METADATA_BYTES - HEADER_BYTES;

    private MetadataEnvelope()
    {
    }

    static byte[] nameBytes(final String field, final String name)
    {
        if (null == name)
        {
            return new byte[0];
        }
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES)
        {
            throw new IllegalArgumentException(
                field + " '" + name + "' is " + bytes.length + " UTF-8 bytes, at most " + MAX_NAME_BYTES);
        }
        return bytes;
    }

    static byte[] encode(final byte[] nameBytes, final byte[] metadata)
    {
        final int max = MAX_APPLICATION_BYTES - nameBytes.length;
        if (metadata.length > max)
        {
            throw new IllegalArgumentException("metadata length=" + metadata.length + " must be at most " + max +
                " (" + MemberDirectory.MAX_METADATA_BYTES + " bytes less " + HEADER_BYTES + " and the name's " +
                nameBytes.length + ")");
        }
        final byte[] raw = new byte[HEADER_BYTES + nameBytes.length + metadata.length];
        raw[0] = FORMAT;
        raw[1] = (byte)nameBytes.length;
        System.arraycopy(nameBytes, 0, raw, HEADER_BYTES, nameBytes.length);
        System.arraycopy(metadata, 0, raw, HEADER_BYTES + nameBytes.length, metadata.length);
        return raw;
    }

    private static boolean enveloped(final byte[] raw)
    {
        return null != raw && raw.length >= HEADER_BYTES && FORMAT == raw[0] &&
            (raw[1] & 0xFF) <= MAX_NAME_BYTES && HEADER_BYTES + (raw[1] & 0xFF) <= raw.length;
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return offset of the application's bytes.
     */
    static int applicationOffset(final byte[] raw)
    {
        return enveloped(raw) ? HEADER_BYTES + (raw[1] & 0xFF) : 0;
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return length of the application's bytes.
     */
    static int applicationLength(final byte[] raw)
    {
        return null == raw ? 0 : raw.length - applicationOffset(raw);
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return a copy of the application's bytes, empty if none.
     */
    static byte[] application(final byte[] raw)
    {
        if (null == raw)
        {
            return new byte[0];
        }
        final int offset = applicationOffset(raw);
        return java.util.Arrays.copyOfRange(raw, offset, raw.length);
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return the member's name, or null if it has none.
     */
    static String name(final byte[] raw)
    {
        return enveloped(raw) && 0 != raw[1] ? new String(raw, HEADER_BYTES, raw[1] & 0xFF, StandardCharsets.UTF_8) :
            null;
    }
}

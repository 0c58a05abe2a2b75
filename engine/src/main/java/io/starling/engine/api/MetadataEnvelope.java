package io.starling.engine.api;

import java.nio.charset.StandardCharsets;

import io.starling.engine.protocol.MemberDirectory;

/**
 * The layout of the metadata bytes the engine hands to the protocol: the member's name, its tags and the
 * application's metadata in one blob, so they travel wherever the metadata does. Byte 0 is the format, byte 1 the
 * name's UTF-8 length n, then the name. Format 1 (no tags): the application's bytes follow. Format 2 (tags): a tag
 * count c, then c x (key length, key, value length, value) in ASCII, then the application's bytes; a node without
 * tags keeps writing format 1, byte for byte as before tags existed. Bytes in another layout (set below the API, or
 * format 2 read by a release that knows only 1) read as no name, no tags and all application metadata. Tags cost
 * 1 byte plus 2 bytes and the key and value per tag of the 512. Does not spread anything itself.
 */
final class MetadataEnvelope
{
    static final byte FORMAT = 1;
    static final byte FORMAT_TAGGED = 2;
    static final int HEADER_BYTES = 2;
    /** Longest name in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 64;
    /** Most application metadata bytes with no name; a name takes its UTF-8 length more. */
    static final int MAX_APPLICATION_BYTES = MemberDirectory.MAX_METADATA_BYTES - HEADER_BYTES;
    /** Most tags per node. */
    static final int MAX_TAGS = 32;
    /** Longest tag key. */
    static final int MAX_TAG_KEY_BYTES = 32;
    /** Longest tag value. */
    static final int MAX_TAG_VALUE_BYTES = 64;
    /** Names the member filter gives its own meaning: not tag keys. */
    static final java.util.Set<String> RESERVED_KEYS = java.util.Set.of("state", "name", "id");
    private static final byte[] NO_TAGS = new byte[0];

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
        return encode(nameBytes, NO_TAGS, metadata);
    }

    /**
     * @param nameBytes the name ({@link #nameBytes}).
     * @param tagBlock  the tags ({@link #tagBlock}), empty for none.
     * @param metadata  the application's bytes.
     * @return the envelope.
     * @throws IllegalArgumentException if it would exceed {@link MemberDirectory#MAX_METADATA_BYTES}.
     */
    static byte[] encode(final byte[] nameBytes, final byte[] tagBlock, final byte[] metadata)
    {
        final int max = MAX_APPLICATION_BYTES - nameBytes.length - tagBlock.length;
        if (metadata.length > max)
        {
            throw new IllegalArgumentException("metadata length=" + metadata.length + " must be at most " + max +
                " (" + MemberDirectory.MAX_METADATA_BYTES + " bytes less " + HEADER_BYTES + ", the name's " +
                nameBytes.length + (tagBlock.length > 0 ? " and the tags' " + tagBlock.length : "") + ")");
        }
        final byte[] raw = new byte[HEADER_BYTES + nameBytes.length + tagBlock.length + metadata.length];
        raw[0] = tagBlock.length > 0 ? FORMAT_TAGGED : FORMAT;
        raw[1] = (byte)nameBytes.length;
        System.arraycopy(nameBytes, 0, raw, HEADER_BYTES, nameBytes.length);
        System.arraycopy(tagBlock, 0, raw, HEADER_BYTES + nameBytes.length, tagBlock.length);
        System.arraycopy(metadata, 0, raw, HEADER_BYTES + nameBytes.length + tagBlock.length, metadata.length);
        return raw;
    }

    /**
     * Validate and encode tags: count, then per tag key length, key, value length, value.
     *
     * @param tags key to value; null or empty for none.
     * @return the tag block, empty for no tags.
     * @throws IllegalArgumentException naming the first bad key or value.
     */
    static byte[] tagBlock(final java.util.Map<String, String> tags)
    {
        if (null == tags || tags.isEmpty())
        {
            return NO_TAGS;
        }
        if (tags.size() > MAX_TAGS)
        {
            throw new IllegalArgumentException("tags: " + tags.size() + " tags, at most " + MAX_TAGS);
        }
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(tags.size());
        for (final java.util.Map.Entry<String, String> tag : tags.entrySet())
        {
            final String key = tag.getKey();
            final String value = null == tag.getValue() ? "" : tag.getValue();
            if (null == key || key.isEmpty() || key.length() > MAX_TAG_KEY_BYTES || !isKey(key))
            {
                throw new IllegalArgumentException("tag key '" + key + "' must be 1 to " + MAX_TAG_KEY_BYTES +
                    " of A-Z a-z 0-9 _ . -");
            }
            if (RESERVED_KEYS.contains(key))
            {
                throw new IllegalArgumentException("tag key '" + key + "' is reserved (the filter's " + key + ")");
            }
            if (value.length() > MAX_TAG_VALUE_BYTES || !isValue(value))
            {
                throw new IllegalArgumentException("tag " + key + "='" + value + "' must be at most " +
                    MAX_TAG_VALUE_BYTES + " of A-Z a-z 0-9 _ . - : / + @");
            }
            out.write(key.length());
            out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
            out.write(value.length());
            out.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    static boolean isKey(final CharSequence key)
    {
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (!(isAlphanumeric(c) || '_' == c || '.' == c || '-' == c))
            {
                return false;
            }
        }
        return true;
    }

    static boolean isValue(final CharSequence value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (!(isAlphanumeric(c) || "_.-:/+@".indexOf(c) >= 0))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * @return the offset after the tag block that starts at {@code start}, or -1 if it does not fit.
     */
    private static int tagBlockEnd(final byte[] raw, final int start)
    {
        if (start >= raw.length)
        {
            return -1;
        }
        final int count = raw[start] & 0xFF;
        int at = start + 1;
        for (int i = 0; i < count * 2; i++)
        {
            if (at >= raw.length)
            {
                return -1;
            }
            at += 1 + (raw[at] & 0xFF);
        }
        return at <= raw.length ? at : -1;
    }

    private static boolean enveloped(final byte[] raw)
    {
        return null != raw && raw.length >= HEADER_BYTES && (FORMAT == raw[0] || FORMAT_TAGGED == raw[0]) &&
            (raw[1] & 0xFF) <= MAX_NAME_BYTES && HEADER_BYTES + (raw[1] & 0xFF) <= raw.length &&
            (FORMAT == raw[0] || tagBlockEnd(raw, HEADER_BYTES + (raw[1] & 0xFF)) >= 0);
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return offset of the application's bytes.
     */
    static int applicationOffset(final byte[] raw)
    {
        if (!enveloped(raw))
        {
            return 0;
        }
        final int afterName = HEADER_BYTES + (raw[1] & 0xFF);
        return FORMAT == raw[0] ? afterName : tagBlockEnd(raw, afterName);
    }

    /**
     * @param raw metadata as held by the directory, or null.
     * @return the member's tags in their order (unmodifiable), empty if none. Allocates.
     */
    static java.util.Map<String, String> tags(final byte[] raw)
    {
        if (!enveloped(raw) || FORMAT_TAGGED != raw[0])
        {
            return java.util.Map.of();
        }
        final java.util.LinkedHashMap<String, String> tags = new java.util.LinkedHashMap<>();
        int at = HEADER_BYTES + (raw[1] & 0xFF);
        final int count = raw[at++] & 0xFF;
        for (int i = 0; i < count; i++)
        {
            final int keyLength = raw[at++] & 0xFF;
            final String key = new String(raw, at, keyLength, StandardCharsets.US_ASCII);
            at += keyLength;
            final int valueLength = raw[at++] & 0xFF;
            tags.put(key, new String(raw, at, valueLength, StandardCharsets.US_ASCII));
            at += valueLength;
        }
        return java.util.Collections.unmodifiableMap(tags);
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

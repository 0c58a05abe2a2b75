package io.starling.bench.codec;

import org.agrona.DirectBuffer;

/**
 * Receives every value a {@link MessageCase} decodes, in schema order: the JMH benchmark hands them to its
 * Blackhole, the tests record them to compare with what was encoded.
 */
public interface FieldSink
{
    /**
     * A fixed field, a group count or a template id, widened to a long.
     *
     * @param value as decoded.
     */
    void value(long value);

    /**
     * Variable length data, already copied out of the frame.
     *
     * @param buffer holding the copy.
     * @param offset of the first byte.
     * @param length bytes copied.
     */
    void bytes(DirectBuffer buffer, int offset, int length);
}

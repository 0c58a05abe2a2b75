package io.starling.bench.codec;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Records every value a {@link MessageCase} decodes (variable length data as its length then each byte) into an
 * array made once, so recording allocates nothing.
 */
final class RecordingSink implements FieldSink
{
    private final long[] values = new long[16_384];
    private int size;

    public void value(final long value)
    {
        values[size++] = value;
    }

    public void bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        values[size++] = length;
        for (int i = 0; i < length; i++)
        {
            values[size++] = buffer.getByte(offset + i);
        }
    }

    void reset()
    {
        size = 0;
    }

    int size()
    {
        return size;
    }

    long[] toArray()
    {
        return Arrays.copyOf(values, size);
    }
}

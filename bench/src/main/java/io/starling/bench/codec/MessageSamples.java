package io.starling.bench.codec;

import io.starling.codecs.BooleanType;
import io.starling.codecs.MemberState;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The field values every {@link MessageCase} encodes: deterministic, distinct per entry, set up once. Variable
 * length data is taken from one off-heap byte pattern at offsets that differ per field, so a key is not a value.
 */
public final class MessageSamples
{
    /** Most entries any group of a sample message holds. */
    public static final int MAX_ENTRIES = 128;
    /** Bytes of the variable length data pattern. */
    public static final int DATA_LENGTH_BYTES = 2048;

    private static final MemberState[] STATE_CYCLE =
        { MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT };

    final int[] memberIds = new int[MAX_ENTRIES];
    final int[] incarnations = new int[MAX_ENTRIES];
    final MemberState[] states = new MemberState[MAX_ENTRIES];
    final int[] metaVersions = new int[MAX_ENTRIES];
    final int[] fromNodes = new int[MAX_ENTRIES];
    final int[] ipv4s = new int[MAX_ENTRIES];
    final int[] ports = new int[MAX_ENTRIES];
    final long[] hashes = new long[MAX_ENTRIES];
    final long[] lamportTimes = new long[MAX_ENTRIES];
    final BooleanType[] flags = new BooleanType[MAX_ENTRIES];
    final UnsafeBuffer data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(DATA_LENGTH_BYTES, 64));

    /**
     * Fill every value.
     */
    public MessageSamples()
    {
        for (int i = 0; i < MAX_ENTRIES; i++)
        {
            memberIds[i] = 1_000 + i * 17;
            incarnations[i] = 3 + i;
            states[i] = STATE_CYCLE[i % STATE_CYCLE.length];
            metaVersions[i] = 60_000 + i;
            fromNodes[i] = 2_000 + i;
            ipv4s[i] = 0x0A00_0000 | (i + 1);
            ports[i] = 7_946 + i;
            hashes[i] = 0x9E37_79B9_7F4A_7C15L * (i + 1);
            lamportTimes[i] = 1_700_000_000_000L + i * 3L;
            flags[i] = 0 == (i & 1) ? BooleanType.T : BooleanType.F;
        }
        for (int i = 0; i < DATA_LENGTH_BYTES; i++)
        {
            data.putByte(i, (byte)(i * 31 + 7));
        }
    }

    /**
     * Offset in {@link #data} of the variable length field number {@code index} of a message, so that fields
     * differ from one another.
     *
     * @param index of the field in the message (0, 1, ...).
     * @return offset into the pattern.
     */
    static int dataOffset(final int index)
    {
        return (index * 13) % 256;
    }
}

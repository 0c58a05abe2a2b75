package io.starling.engine.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class XxHash64Test
{
    private static final long PRIME32 = 2654435761L;
    private static final long PRIME64 = 0x9E3779B185EBCA8DL; // 11400714785074694797, not PRIME64_1

    /**
     * The sanity buffer of the xxHash reference (cli/xsum_sanity_check.c): byte i is the top byte of
     * PRIME32 x PRIME64^i.
     */
    private static byte[] sanityBuffer(final int length)
    {
        final byte[] buffer = new byte[length];
        long byteGen = PRIME32;
        for (int i = 0; i < length; i++)
        {
            buffer[i] = (byte)(byteGen >>> 56);
            byteGen *= PRIME64;
        }
        return buffer;
    }

    @Test
    void matchesTheReferenceSanityVectors()
    {
        final byte[] buffer = sanityBuffer(256);
        final long[][] vectors = {
            {0, 0, 0xEF46DB3751D8E999L},
            {0, PRIME32, 0xAC75FDA2929B17EFL},
            {1, 0, 0xE934A84ADB052768L},
            {1, PRIME32, 0x5014607643A9B4C3L},
            {4, 0, 0x9136A0DCA57457EEL},
            {14, 0, 0x8282DCC4994E35C8L},
            {14, PRIME32, 0xC3BD6BF63DEB6DF0L},
            {222, 0, 0xB641AE8CB691C174L},
            {222, PRIME32, 0x20CB8AB7AE10C14AL},
        };
        for (final long[] v : vectors)
        {
            final int length = (int)v[0];
            final long seed = v[1];
            assertEquals(v[2], XxHash64.hash(buffer, 0, length, seed), "byte[] len=" + length + " seed=" + seed);
            assertEquals(v[2], XxHash64.hash(new UnsafeBuffer(buffer), 0, length, seed),
                "DirectBuffer len=" + length + " seed=" + seed);
        }
    }

    @Test
    void matchesPublishedStringVectors()
    {
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0]));
        assertEquals(0xD24EC4F1A98C6E5BL, XxHash64.hash("a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x44BC2CF5AD770999L, XxHash64.hash("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void byteArrayAndDirectBufferAgreeAtEveryLengthAndOffset()
    {
        final Random random = new Random(42);
        final byte[] data = new byte[300];
        random.nextBytes(data);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(300));
        direct.putBytes(0, data);
        for (int offset = 0; offset < 9; offset++)
        {
            for (int length = 0; length + offset <= 300; length++)
            {
                assertEquals(XxHash64.hash(data, offset, length, 7), XxHash64.hash(direct, offset, length, 7));
            }
        }
    }

    @Test
    void hashLongsEqualsHashOfLittleEndianBytes()
    {
        final Random random = new Random(7);
        for (int count = 0; count < 40; count++)
        {
            final long[] values = new long[count + 2];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = random.nextLong();
            }
            final ByteBuffer bytes = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 1; i <= count; i++)
            {
                bytes.putLong(values[i]);
            }
            assertEquals(XxHash64.hash(bytes.array(), 0, count * 8, 99), XxHash64.hashLongs(values, 1, count, 99),
                "count=" + count);
        }
    }
}

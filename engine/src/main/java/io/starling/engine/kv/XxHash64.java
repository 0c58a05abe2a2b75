package io.starling.engine.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * XXH64, the 64-bit xxHash of Yann Collet (specification: {@code doc/xxhash_spec.md} of the xxHash repository),
 * written from the specification. Fast and well distributed; not cryptographic. Used for key placement in the
 * {@link MerkleTree}, for version digests and for the tree's inner nodes. Allocation free and stateless.
 */
public final class XxHash64
{
    static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    static final long PRIME64_3 = 0x165667B19E3779F9L;
    static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private XxHash64()
    {
    }

    /**
     * @param src    bytes to hash.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @param seed   hash seed.
     * @return XXH64 of the bytes.
     */
    public static long hash(final byte[] src, final int offset, final int length, final long seed)
    {
        final int end = offset + length;
        int p = offset;
        long h;

        if (length >= 32)
        {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            final int limit = end - 32;
            do
            {
                v1 = round(v1, (long)LONG_LE.get(src, p));
                v2 = round(v2, (long)LONG_LE.get(src, p + 8));
                v3 = round(v3, (long)LONG_LE.get(src, p + 16));
                v4 = round(v4, (long)LONG_LE.get(src, p + 24));
                p += 32;
            }
            while (p <= limit);
            h = converge(v1, v2, v3, v4);
        }
        else
        {
            h = seed + PRIME64_5;
        }

        h += length;

        while (p + 8 <= end)
        {
            h = mixLong(h, (long)LONG_LE.get(src, p));
            p += 8;
        }

        if (p + 4 <= end)
        {
            h = mixInt(h, (int)INT_LE.get(src, p));
            p += 4;
        }

        while (p < end)
        {
            h = mixByte(h, src[p]);
            p++;
        }

        return avalanche(h);
    }

    /**
     * @param src bytes to hash.
     * @return XXH64 of all of {@code src} with seed 0.
     */
    public static long hash(final byte[] src)
    {
        return hash(src, 0, src.length, 0);
    }

    /**
     * @param src    buffer holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @param seed   hash seed.
     * @return XXH64 of the bytes.
     */
    public static long hash(final DirectBuffer src, final int offset, final int length, final long seed)
    {
        final int end = offset + length;
        int p = offset;
        long h;

        if (length >= 32)
        {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            final int limit = end - 32;
            do
            {
                v1 = round(v1, src.getLong(p, ByteOrder.LITTLE_ENDIAN));
                v2 = round(v2, src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN));
                v3 = round(v3, src.getLong(p + 16, ByteOrder.LITTLE_ENDIAN));
                v4 = round(v4, src.getLong(p + 24, ByteOrder.LITTLE_ENDIAN));
                p += 32;
            }
            while (p <= limit);
            h = converge(v1, v2, v3, v4);
        }
        else
        {
            h = seed + PRIME64_5;
        }

        h += length;

        while (p + 8 <= end)
        {
            h = mixLong(h, src.getLong(p, ByteOrder.LITTLE_ENDIAN));
            p += 8;
        }

        if (p + 4 <= end)
        {
            h = mixInt(h, src.getInt(p, ByteOrder.LITTLE_ENDIAN));
            p += 4;
        }

        while (p < end)
        {
            h = mixByte(h, src.getByte(p));
            p++;
        }

        return avalanche(h);
    }

    /**
     * XXH64 of the little-endian bytes of {@code count} longs: the same value as hashing those 8 x count bytes.
     *
     * @param src    longs to hash.
     * @param offset of the first long.
     * @param count  number of longs.
     * @param seed   hash seed.
     * @return XXH64 of the longs' little-endian bytes.
     */
    public static long hashLongs(final long[] src, final int offset, final int count, final long seed)
    {
        final int end = offset + count;
        int p = offset;
        long h;

        if (count >= 4)
        {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            final int limit = end - 4;
            do
            {
                v1 = round(v1, src[p]);
                v2 = round(v2, src[p + 1]);
                v3 = round(v3, src[p + 2]);
                v4 = round(v4, src[p + 3]);
                p += 4;
            }
            while (p <= limit);
            h = converge(v1, v2, v3, v4);
        }
        else
        {
            h = seed + PRIME64_5;
        }

        h += (long)count << 3;

        while (p < end)
        {
            h = mixLong(h, src[p]);
            p++;
        }

        return avalanche(h);
    }

    private static long round(final long acc, final long input)
    {
        return Long.rotateLeft(acc + input * PRIME64_2, 31) * PRIME64_1;
    }

    private static long mergeRound(final long acc, final long value)
    {
        return (acc ^ round(0, value)) * PRIME64_1 + PRIME64_4;
    }

    private static long converge(final long v1, final long v2, final long v3, final long v4)
    {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) +
            Long.rotateLeft(v4, 18);
        h = mergeRound(h, v1);
        h = mergeRound(h, v2);
        h = mergeRound(h, v3);
        h = mergeRound(h, v4);
        return h;
    }

    private static long mixLong(final long h, final long lane)
    {
        return Long.rotateLeft(h ^ round(0, lane), 27) * PRIME64_1 + PRIME64_4;
    }

    private static long mixInt(final long h, final int lane)
    {
        return Long.rotateLeft(h ^ ((lane & 0xFFFF_FFFFL) * PRIME64_1), 23) * PRIME64_2 + PRIME64_3;
    }

    private static long mixByte(final long h, final byte lane)
    {
        return Long.rotateLeft(h ^ ((lane & 0xFFL) * PRIME64_5), 11) * PRIME64_1;
    }

    private static long avalanche(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        h ^= h >>> 32;
        return h;
    }
}

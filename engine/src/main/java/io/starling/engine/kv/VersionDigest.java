package io.starling.engine.kv;

import org.agrona.DirectBuffer;

/**
 * The digest of a stored version: XXH64 over its key hash, value hash, Lamport time, writer, flags and vector clock.
 * It is what the version adds to its {@link MerkleTree} leaf (a leaf sums its versions' digests), what anti-entropy
 * compares and excludes by, and the last tie-break of {@link VersionTable#isNewer}. Computes only: the sums are
 * kept by {@link VersionTable}. Reuses one scratch array, so single threaded and allocation free.
 */
final class VersionDigest
{
    private static final long VALUE_HASH_SEED = 0x56414C5545000000L;
    private static final long VERSION_DIGEST_SEED = 0x5645525349000000L;
    private static final int HEADER_LONGS = 4;

    private final long[] scratch;

    /**
     * @param maxClockEntries the most clock entries a version may hold.
     */
    VersionDigest(final int maxClockEntries)
    {
        scratch = new long[HEADER_LONGS + 2 * maxClockEntries];
    }

    static long valueHash(final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        return XxHash64.hash(value, valueOffset, valueLength, VALUE_HASH_SEED);
    }

    static long valueHash(final byte[] value)
    {
        return XxHash64.hash(value, 0, value.length, VALUE_HASH_SEED);
    }

    /**
     * @param keyHash   {@link KeyTable#hashKey} of the key.
     * @param valueHash {@link #valueHash} of the value, 0 for a tombstone.
     * @param lamport   the version's Lamport time.
     * @param writer    its writer id.
     * @param flags     its flags ({@link VersionTable#FLAG_TOMBSTONE}).
     * @param clock     its vector clock.
     * @return the digest.
     */
    long of(
        final long keyHash,
        final long valueHash,
        final long lamport,
        final int writer,
        final byte flags,
        final VectorClock clock)
    {
        final long[] s = header(keyHash, valueHash, lamport, writer, flags);
        final int n = clock.size();
        for (int i = 0; i < n; i++)
        {
            s[HEADER_LONGS + (i << 1)] = clock.nodeIdAt(i);
            s[HEADER_LONGS + (i << 1) + 1] = clock.counterAt(i);
        }
        return XxHash64.hashLongs(s, 0, HEADER_LONGS + 2 * n, VERSION_DIGEST_SEED);
    }

    /**
     * As {@link #of(long, long, long, int, byte, VectorClock)}, from a packed clock.
     */
    long of(
        final long keyHash,
        final long valueHash,
        final long lamport,
        final int writer,
        final byte flags,
        final long[] packedClock)
    {
        final long[] s = header(keyHash, valueHash, lamport, writer, flags);
        System.arraycopy(packedClock, 0, s, HEADER_LONGS, packedClock.length);
        return XxHash64.hashLongs(s, 0, HEADER_LONGS + packedClock.length, VERSION_DIGEST_SEED);
    }

    private long[] header(
        final long keyHash, final long valueHash, final long lamport, final int writer, final byte flags)
    {
        final long[] s = scratch;
        s[0] = keyHash;
        s[1] = valueHash;
        s[2] = lamport;
        s[3] = ((long)writer << 8) | flags;
        return s;
    }
}

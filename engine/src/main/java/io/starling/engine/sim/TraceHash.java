package io.starling.engine.sim;

import io.starling.engine.protocol.SeededRandom;
import org.agrona.DirectBuffer;

/**
 * The 64-bit trace hash of a simulation run: every delivered frame (time, receiver, bytes) and every membership
 * event, mixed in the order they happen. Two runs with the same hash did the same thing; a golden test pins the
 * hashes of known runs, so a change of behaviour cannot pass unseen. It measures nothing else.
 */
final class TraceHash
{
    private static final long HASH_MULTIPLIER = 0x9E3779B97F4A7C15L;

    private long hash = 0x5354_4152_4C49_4E47L;

    void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        hash = mix(mix(mix(mix(hash, nowNs), ((long)nodeIndex << 32) | (memberId & 0xFFFF_FFFFL)),
            ((long)oldState << 40) | ((long)newState << 32) | (incarnation & 0xFFFF_FFFFL)), 1);
    }

    void onMemberMetadata(final long nowNs, final int nodeIndex, final int memberId, final int metaVersion)
    {
        hash = mix(mix(mix(hash, nowNs), ((long)nodeIndex << 32) | (memberId & 0xFFFF_FFFFL)),
            ((long)metaVersion << 8) | 2);
    }

    void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        hash = mix(mix(mix(hash, nowNs), ((long)nodeIndex << 32) | (nodeId & 0xFFFF_FFFFL)),
            ((long)incarnation << 8) | 3);
    }

    void onFrameDelivered(
        final long nowNs, final int dstNode, final DirectBuffer buffer, final int offset, final int length)
    {
        long h = mix(mix(hash, nowNs), ((long)dstNode << 32) | length);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = mix(h, buffer.getLong(offset + i));
        }
        long tail = 0;
        for (; i < length; i++)
        {
            tail = (tail << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        hash = mix(h, tail);
    }

    /**
     * @return the hash of everything so far.
     */
    long value()
    {
        return SeededRandom.mix64(hash);
    }

    private static long mix(final long h, final long v)
    {
        final long x = (h ^ v) * HASH_MULTIPLIER;
        return x ^ (x >>> 29);
    }
}

package io.starling.engine.protocol;

import io.starling.codecs.PingDecoder;

/**
 * Eight bytes that stand for a node's view: the sum of a 64-bit hash of every member it sees ALIVE or SUSPECT (itself
 * included), kept as members enter and leave that set, and when the set last changed. Two nodes with the same members
 * in it have the same digest whatever order they learned them in; a node that missed one member's Join has another.
 * Incarnations, suspicion and metadata are left out: they change while views agree on who is in the cluster. Pings and
 * Acks carry it; {@link DigestSync} compares. Not thread safe: the node's thread.
 */
final class ViewDigest
{
    /** On the wire: no digest (a version-0 Ping or Ack). A view's own digest is never this value. */
    static final long NONE = PingDecoder.viewDigestNullValue();

    private long sum;
    private long changedNs;

    /**
     * A member entered the set (ALIVE or SUSPECT from NONE, DEAD or LEFT).
     *
     * @param memberId the member.
     * @param nowNs    current time.
     */
    void add(final int memberId, final long nowNs)
    {
        sum += hash(memberId);
        changedNs = nowNs;
    }

    /**
     * A member left the set (DEAD or LEFT, or forgotten while in it).
     *
     * @param memberId the member.
     * @param nowNs    current time.
     */
    void remove(final int memberId, final long nowNs)
    {
        sum -= hash(memberId);
        changedNs = nowNs;
    }

    /**
     * @return the digest to send: never {@link #NONE}.
     */
    long value()
    {
        return NONE == sum ? NONE + 1 : sum;
    }

    /**
     * @return when a member last entered or left the set.
     */
    long changedNs()
    {
        return changedNs;
    }

    /**
     * A 64-bit mix of a member id (the finaliser of SplitMix64): sums of such hashes over different sets of a few
     * thousand ids do not collide in practice, as sums of the ids themselves would.
     */
    static long hash(final int memberId)
    {
        long z = memberId * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

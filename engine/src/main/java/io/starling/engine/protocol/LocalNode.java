package io.starling.engine.protocol;

/**
 * This node's own identity and the few values every mechanism reads: id, endpoint, directory slot, incarnation,
 * metadata version, started and leaving flags, the count and digest of live members it sees, the round-trip loss it
 * measures and the message sequences. The
 * mechanisms change them; this class decides nothing.
 */
final class LocalNode
{
    final ProtocolConfig config;
    final int nodeIndex;
    final int nodeId;
    final int ipv4;
    final int port;
    final int selfSlot;

    int incarnation;
    int metaVersion;
    boolean started;
    boolean leaving;
    long epochNs;
    /** Members expected out of contact (null: none); consulted by the probe scheduler and the merge. */
    io.starling.engine.schedule.ExpectedAbsence absence;
    /** What this node and its co-hosted siblings may send together ({@link SwimNode#hostBudget}). */
    HostBudget budget = HostBudget.UNLIMITED;
    /** Members (this node included) seen ALIVE or SUSPECT; change it through {@link #stateChanged}. */
    int liveCount = 1;
    /** Members held DEAD (not LEFT); change it through {@link #stateChanged}. */
    int deadCount;
    /** The digest of those members, sent with Pings and Acks ({@link DigestSync}). */
    final ViewDigest digest = new ViewDigest();
    /** The share of direct probe round trips lost, as this node measures it. */
    final RoundTripLoss roundTripLoss;
    private int sequence;

    /**
     * @param memberId a member id (this node's own included).
     * @param nowNs    current time.
     * @return true while the member is expected out of contact.
     */
    boolean expectedAbsent(final int memberId, final long nowNs)
    {
        return null != absence && absence.isExpectedAbsent(memberId, nowNs);
    }

    /**
     * @param memberId a member id.
     * @param nowNs    current time.
     * @return end of the member's open out-of-contact window, or
     * {@link io.starling.engine.schedule.ExpectedAbsence#NOT_ABSENT}.
     */
    long absentUntilNs(final int memberId, final long nowNs)
    {
        return expectedAbsent(memberId, nowNs) ? absence.absentUntilNs(memberId) :
            io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT;
    }

    /**
     * @param memberId a member id.
     * @param nowNs    current time.
     * @return when the member's open out-of-contact window opened, or
     * {@link io.starling.engine.schedule.ExpectedAbsence#NOT_ABSENT}.
     */
    long absentSinceNs(final int memberId, final long nowNs)
    {
        return expectedAbsent(memberId, nowNs) ? absence.absentSinceNs(memberId) :
            io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT;
    }
    private int syncSequence;

    LocalNode(
        final ProtocolConfig config,
        final int nodeIndex,
        final int nodeId,
        final int ipv4,
        final int port,
        final int selfSlot)
    {
        this.config = config;
        this.roundTripLoss = new RoundTripLoss(config.sizedForLoss());
        this.nodeIndex = nodeIndex;
        this.nodeId = nodeId;
        this.ipv4 = ipv4;
        this.port = port;
        this.selfSlot = selfSlot;
        digest.add(nodeId, 0);
    }

    /**
     * A member's state in this node's view changed: keeps the live and dead counts and the digest.
     *
     * @param memberId the member.
     * @param oldState its state before ({@link MemberState}, NONE if it was unknown).
     * @param newState its state now (NONE once forgotten).
     * @param nowNs    current time.
     */
    void stateChanged(final int memberId, final int oldState, final int newState, final long nowNs)
    {
        final boolean wasLive = MemberState.ALIVE == oldState || MemberState.SUSPECT == oldState;
        final boolean isLive = MemberState.ALIVE == newState || MemberState.SUSPECT == newState;
        if (isLive && !wasLive)
        {
            liveCount++;
            digest.add(memberId, nowNs);
        }
        else if (wasLive && !isLive)
        {
            liveCount--;
            digest.remove(memberId, nowNs);
        }
        if (MemberState.DEAD == oldState)
        {
            deadCount--;
        }
        if (MemberState.DEAD == newState)
        {
            deadCount++;
        }
    }

    /**
     * @return the next sequence for a Ping this node sends (probe, relay, re-check or on-demand).
     */
    int nextSequence()
    {
        return ++sequence;
    }

    /**
     * @return the next id of a push-pull exchange this node starts.
     */
    int nextSyncId()
    {
        return ++syncSequence;
    }

    /**
     * @return live members for the formulas scaled by cluster size (at least 1).
     */
    int knownLiveCount()
    {
        return Math.max(1, liveCount);
    }

    /**
     * @param nowNs time.
     * @return ms since {@link SwimNode#start(long)}, wrap-safe as an int difference.
     */
    int ms(final long nowNs)
    {
        return (int)((nowNs - epochNs) / 1_000_000L);
    }
}

package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * Refutation, and every other change of this node's own entry: a newer claim about this node is answered by raising
 * the incarnation past it; a stale SUSPECT or DEAD claim by spreading the current incarnation again; a newer ALIVE
 * at another endpoint is a node-id conflict, counted and reported, not raced. A metadata change raises the
 * incarnation too. It suspects no one: that is {@link Suspicion}; leaving is {@link Leave}.
 */
final class Refutation
{
    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final LocalHealth localHealth;
    private final MembershipObserver observer;
    private final CounterSink counters;

    Refutation(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final LocalHealth localHealth,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.queue = queue;
        this.localHealth = localHealth;
        this.observer = observer;
        this.counters = counters;
    }

    /**
     * A claim about this node. Any claim newer than our incarnation is answered with claim + 1, however far ahead it
     * is (incarnations are serial numbers, so there is no overflow to fear), because an observer that accepted it
     * would otherwise hold a view we can never refute. A SUSPECT or DEAD at an older incarnation means the claimant
     * missed our refutation: we disseminate our current incarnation again rather than let its suspicion run out. If
     * the claim is so far behind that the claimant would refuse our incarnation as a forged jump, we refute from
     * the claim instead.
     */
    void onClaimAboutSelf(
        final long nowNs, final int claimedIncarnation, final int state, final int claimedIpv4, final int claimedPort)
    {
        if (self.leaving)
        {
            return;
        }
        final int ahead = claimedIncarnation - self.incarnation;
        if (ALIVE == state)
        {
            if (ahead <= 0)
            {
                return;
            }
            if (0 != claimedPort && (claimedIpv4 != self.ipv4 || claimedPort != self.port))
            {
                // Another live process holds our id at another endpoint. Refuting would start an incarnation race
                // (each answering the other's ALIVE with + 1) and flip every view between the two endpoints: count
                // it, report it, and leave the views with the newer holder. A SUSPECT or DEAD of the id (the other
                // holder died) is still refuted below, so this node takes the id back when it is alone with it.
                counters.increment(ProtocolCounters.NODE_ID_CONFLICTS);
                observer.onNodeIdConflict(nowNs, self.nodeIndex, self.nodeId, claimedIpv4, claimedPort);
                return;
            }
            // Someone holds a newer incarnation of us than we do (we restarted, or the claim was forged): move past.
            refute(nowNs, claimedIncarnation);
            return;
        }
        if (ahead < 0 && ahead > -UpdateMerge.MAX_INCARNATION_JUMP)
        {
            // First in the queue again, so the reply to the message that carried the claim takes it back.
            queue.offer(self.selfSlot, self.nodeId);
            counters.increment(ProtocolCounters.STALE_CLAIMS_ANSWERED);
            return;
        }
        refute(nowNs, claimedIncarnation);
        if (SUSPECT == state)
        {
            localHealth.adjust(1);
        }
    }

    /**
     * @see SwimNode#initialIncarnation(int)
     */
    void initialIncarnation(final int incarnation)
    {
        self.incarnation = incarnation;
        table.set(self.selfSlot, incarnation, ALIVE, self.metaVersion, 0);
    }

    /**
     * @see SwimNode#updateMetadata(long, DirectBuffer, int, int)
     */
    void updateMetadata(final long nowNs, final DirectBuffer metadata, final int offset, final int length)
    {
        if (length < 0 || length > MemberDirectory.MAX_METADATA_BYTES)
        {
            throw new IllegalArgumentException(
                "metadata length=" + length + " must be in [0, " + MemberDirectory.MAX_METADATA_BYTES + "]");
        }
        self.metaVersion = (self.metaVersion + 1) & 0xFFFF;
        self.incarnation++;
        directory.putMetadata(self.selfSlot, self.incarnation, self.metaVersion, metadata, offset, length);
        table.set(self.selfSlot, self.incarnation, self.leaving ? LEFT : ALIVE, self.metaVersion, 0);
        queue.offer(self.selfSlot, self.nodeId);
        observer.onMemberMetadata(nowNs, self.nodeIndex, self.nodeId, self.nodeId, self.metaVersion);
    }

    private void refute(final long nowNs, final int claimedIncarnation)
    {
        self.incarnation = claimedIncarnation + 1;
        table.set(self.selfSlot, self.incarnation, ALIVE, self.metaVersion, 0);
        queue.offer(self.selfSlot, self.nodeId);
        counters.increment(ProtocolCounters.REFUTATIONS);
        observer.onRefute(nowNs, self.nodeIndex, self.nodeId, self.incarnation);
    }
}

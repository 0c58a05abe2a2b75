package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * Refutation: what this node does with a claim about itself. A newer claim is answered by raising the incarnation
 * past it; a stale SUSPECT or DEAD claim by spreading the current incarnation again; a newer ALIVE at another
 * endpoint is a node-id conflict, counted and reported, not raced. It suspects no one: that is
 * {@link Suspicion}.
 */
final class Refutation
{
    private final LocalNode self;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final LocalHealth localHealth;
    private final MembershipObserver observer;
    private final CounterSink counters;

    Refutation(
        final LocalNode self,
        final MembershipTable table,
        final DisseminationQueue queue,
        final LocalHealth localHealth,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.self = self;
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

    private void refute(final long nowNs, final int claimedIncarnation)
    {
        self.incarnation = claimedIncarnation + 1;
        table.set(self.selfSlot, self.incarnation, ALIVE, self.metaVersion, 0);
        queue.offer(self.selfSlot, self.nodeId);
        counters.increment(ProtocolCounters.REFUTATIONS);
        observer.onRefute(nowNs, self.nodeIndex, self.nodeId, self.incarnation);
    }
}

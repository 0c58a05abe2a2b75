package io.starling.engine.protocol;

import io.starling.codecs.GossipEncoder;
import io.starling.codecs.MessageHeaderEncoder;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.LEFT;

/**
 * Gossip: every gossip interval, while updates wait in the dissemination queue, push a Gossip message of
 * piggybacked updates to {@code gossipNodes} random members (the dead too, for the gossip-to-the-dead window), unless
 * the process's {@link HostBudget} has no messages left this second (the round is skipped, not queued).
 * Updates also ride on every Ping, Ack and PingReq; this is the fanout that does not wait for a probe. A message
 * to a member held SUSPECT or DEAD counts toward no update's transmissions ({@link Piggyback#sentUncounted}); one to
 * a member that left counts (it leaves gracefully and is still there for a while, and all of a leaving process's
 * peers may be LEFT: its leave is complete when its queue is empty).
 */
final class Gossip
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int FIXED_LENGTH = HEADER_LENGTH + GossipEncoder.BLOCK_LENGTH + Piggyback.GROUP_HEADER_LENGTH;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final Piggyback piggyback;
    private final PeerSelection peers;
    private final Outbox outbox;
    private final CounterSink counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final GossipEncoder gossipEncoder = new GossipEncoder();
    private final SingleTimer timer;

    Gossip(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final Piggyback piggyback,
        final PeerSelection peers,
        final NodeTimers timers,
        final Outbox outbox,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.queue = queue;
        this.piggyback = piggyback;
        this.peers = peers;
        this.outbox = outbox;
        this.counters = counters;
        this.timer = new SingleTimer(timers, NodeTimers.GOSSIP);
    }

    void start(final long nowNs)
    {
        timer.schedule(nowNs + self.config.gossipIntervalNs());
    }

    void close()
    {
        timer.cancel();
    }

    void onTimer(final long nowNs, final long firedTimerId)
    {
        if (!timer.fired(firedTimerId))
        {
            return;
        }
        timer.scheduleNextPeriod(nowNs, self.config.gossipIntervalNs());
        if (0 == queue.size() || self.expectedAbsent(self.nodeId, nowNs))
        {
            // A node that knows itself out of contact reaches nobody: its sends would spend the updates'
            // transmissions for nothing.
            return;
        }
        if (!self.budget.tryGossip(nowNs, self.config.gossipNodes()))
        {
            counters.increment(ProtocolCounters.GOSSIP_ROUNDS_DEFERRED);
            return;
        }
        final int targets = peers.pickGossipTargets(nowNs, self.config.gossipNodes());
        for (int i = 0; i < targets && queue.size() > 0; i++)
        {
            final int slot = peers.picked(i);
            final int state = table.state(slot);
            send(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), ALIVE == state || LEFT == state);
        }
    }

    private void send(final int dst, final int dstIpv4, final int dstPort, final boolean counted)
    {
        final int offset = outbox.claim(
            self.nodeIndex, self.nodeId, dst, dstIpv4, dstPort, FIXED_LENGTH + Piggyback.UPDATE_LENGTH);
        if (offset < 0)
        {
            return;
        }
        gossipEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder);
        final int n = piggyback.select(outbox.claimedCapacity() - FIXED_LENGTH, -1);
        gossipEncoder.limit(piggyback.write(outbox.buffer(), gossipEncoder.limit(), n, -1, 0));
        outbox.commit(HEADER_LENGTH + gossipEncoder.encodedLength());
        piggyback.writeMetadata(outbox, self.nodeIndex, self.nodeId, dst, dstIpv4, dstPort);
        counters.increment(ProtocolCounters.GOSSIP_MESSAGES_SENT);
        if (!counted)
        {
            piggyback.sentUncounted();
        }
        else if (n > 0 || piggyback.selectedWithMetadata() > 0)
        {
            piggyback.markSent(n, Piggyback.transmitLimit(self));
        }
    }
}

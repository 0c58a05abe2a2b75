package io.starling.engine.protocol;

import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MessageHeaderEncoder;

import static io.starling.engine.protocol.MemberState.LEFT;

/**
 * Graceful leave: this node marks itself LEFT (members mark it LEFT, not DEAD), queues the news, sends a Leave to
 * 2 x gossipNodes random members and stops probing; on receipt, the sender becomes LEFT. Keeping the node running
 * a few gossip intervals afterwards, so the news spreads, is the host's job.
 */
final class Leave
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final PeerSelection peers;
    private final UpdateMerge merge;
    private final Outbox outbox;
    private final CounterSink counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LeaveEncoder leaveEncoder = new LeaveEncoder();

    Leave(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final PeerSelection peers,
        final UpdateMerge merge,
        final Outbox outbox,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.queue = queue;
        this.peers = peers;
        this.merge = merge;
        this.outbox = outbox;
        this.counters = counters;
    }

    /**
     * @see SwimNode#leave(long)
     */
    void leave(final long nowNs)
    {
        if (self.leaving)
        {
            return;
        }
        self.leaving = true;
        final int wasState = table.state(self.selfSlot);
        table.set(self.selfSlot, self.incarnation, LEFT, self.metaVersion, 0);
        self.stateChanged(self.nodeId, wasState, LEFT, nowNs);
        queue.offer(self.selfSlot, self.nodeId);
        final int targets = peers.pickGossipTargets(nowNs, Math.max(1, 2 * self.config.gossipNodes()));
        for (int i = 0; i < targets; i++)
        {
            final int slot = peers.picked(i);
            final int offset = outbox.claim(self.nodeIndex, self.nodeId, directory.nodeId(slot),
                directory.ipv4(slot), directory.port(slot), HEADER_LENGTH + LeaveEncoder.BLOCK_LENGTH);
            if (offset >= 0)
            {
                leaveEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .nodeId(self.nodeId)
                    .incarnation(self.incarnation);
                outbox.commit(HEADER_LENGTH + leaveEncoder.encodedLength());
            }
        }
        outbox.flush();
    }

    /**
     * A member's Leave: it becomes LEFT, if the message is its own.
     */
    void onLeave(final long nowNs, final int src, final LeaveDecoder leave)
    {
        counters.increment(ProtocolCounters.LEAVES_RECEIVED);
        final int member = leave.nodeId();
        if (member != src)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        merge.merge(nowNs, member, leave.incarnation(), LEFT, -1, src, 0, 0);
    }
}

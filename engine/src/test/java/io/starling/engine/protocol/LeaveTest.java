package io.starling.engine.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.starling.codecs.GossipDecoder;
import io.starling.codecs.LeaveDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.LEFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful leave through scripted peers (the {@link Leave} mechanism's own promises): a leaving node marks itself
 * LEFT, counts itself out of the live members once, queues its LEFT for gossip and sends its Leave at once to
 * 2 x gossipNodes distinct members; a member's own Leave makes it LEFT, is counted and spread, while a Leave one
 * member sends about another is a counted drop.
 */
class LeaveTest
{
    private static final int GOSSIP_NODES = 3;
    private static final long SECOND_NS = 1_000_000_000L;

    private static ScriptedNode nodeWithPeers(final long seed, final int lastPeer)
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig().gossipNodes(GOSSIP_NODES), seed);
        n.learnAlive(101, lastPeer);
        drainGossip(n);
        return n;
    }

    /** Gossip until the node's queue is empty: a further gossip interval then sends no Gossip at all. */
    private static void drainGossip(final ScriptedNode n)
    {
        n.fire(NodeTimers.GOSSIP, n.nowNs + 120 * SECOND_NS);
        n.sent.clear();
        n.gossiped.clear();
        n.fire(NodeTimers.GOSSIP, n.nowNs + 5 * SECOND_NS);
        assertTrue(n.sent(GossipDecoder.TEMPLATE_ID).isEmpty(), "gossip queue not drained: " + n.sent);
        assertEquals(0, n.node.pendingUpdates());
    }

    @Test
    void aLeavingNodeIsLeftToItselfAndSendsItsLeaveAtOnceToTwiceGossipNodesDistinctMembers()
    {
        final ScriptedNode n = nodeWithPeers(11, 112);
        final int liveBefore = n.node.liveMemberCount();
        assertEquals(13, liveBefore, "12 peers and the node");

        n.node.leave(n.nowNs);

        // No timer fired and no frame arrived: the Leaves are flushed by the leave itself.
        final List<ScriptedNode.Sent> leaves = n.sent(LeaveDecoder.TEMPLATE_ID);
        assertEquals(2 * GOSSIP_NODES, leaves.size(), n.sent::toString);
        final Set<Integer> destinations = new HashSet<>();
        for (final ScriptedNode.Sent leave : leaves)
        {
            assertEquals(ScriptedNode.NODE_ID, leave.leaveNodeId(), "the Leave names the leaving node");
            assertTrue(leave.dstNodeId() >= 101 && leave.dstNodeId() <= 112, "to a member: " + leave);
            assertEquals(ScriptedNode.portOf(leave.dstNodeId()), leave.dstPort(), "at the member's address");
            destinations.add(leave.dstNodeId());
        }
        assertEquals(2 * GOSSIP_NODES, destinations.size(), "distinct members: " + leaves);
        assertTrue(n.node.isLeaving());
        assertEquals(LEFT, n.node.memberState(ScriptedNode.NODE_ID), "the node holds itself LEFT");
        assertEquals(liveBefore - 1, n.node.liveMemberCount(), "the node counts itself out");
    }

    @Test
    void leavingTwiceSendsNothingMoreAndCountsTheNodeOutOnce()
    {
        final ScriptedNode n = nodeWithPeers(12, 112);
        final int liveBefore = n.node.liveMemberCount();
        n.node.leave(n.nowNs);
        final int sentByTheFirst = n.sent.size();
        assertEquals(2 * GOSSIP_NODES, n.sent(LeaveDecoder.TEMPLATE_ID).size());

        n.node.leave(n.nowNs);

        assertEquals(sentByTheFirst, n.sent.size(), "the second leave sends nothing: " + n.sent);
        assertEquals(liveBefore - 1, n.node.liveMemberCount());
        assertEquals(1, n.node.pendingUpdates(), "the node's LEFT is queued once");
    }

    @Test
    void theLeavingNodesGossipCarriesItsOwnLeft()
    {
        final ScriptedNode n = nodeWithPeers(13, 112);
        final int incarnation = n.node.incarnation();
        n.node.leave(n.nowNs);

        n.fire(NodeTimers.GOSSIP, n.nowNs + 2 * SECOND_NS);

        assertFalse(n.gossiped.isEmpty(), "the queue was drained before the leave, so only the leave queued news");
        for (final ScriptedNode.Gossiped update : n.gossiped)
        {
            assertEquals(new ScriptedNode.Gossiped(update.dstNodeId(), ScriptedNode.NODE_ID, incarnation, LEFT),
                update, "the only news is the node's own LEFT");
        }
    }

    @Test
    void withFewerMembersThanWantedEveryMemberGetsTheLeaveOnce()
    {
        final ScriptedNode n = nodeWithPeers(14, 103);
        n.node.leave(n.nowNs);
        final Set<Integer> destinations = new HashSet<>();
        for (final ScriptedNode.Sent leave : n.sent(LeaveDecoder.TEMPLATE_ID))
        {
            assertTrue(destinations.add(leave.dstNodeId()), "one Leave per member: " + n.sent);
        }
        assertEquals(Set.of(101, 102, 103), destinations);
    }

    @Test
    void aMembersOwnLeaveMakesItLeftIsCountedAndSpreadAndNotUndoneByAThirdParty()
    {
        final ScriptedNode n = nodeWithPeers(15, 105);
        final int liveBefore = n.node.liveMemberCount();

        n.deliverLeave(103, 103, 0);

        assertEquals(LEFT, n.node.memberState(103));
        assertEquals(1, n.counters[ProtocolCounters.LEAVES_RECEIVED]);
        assertEquals(0, n.counters[ProtocolCounters.DROP_SEMANTIC]);
        assertEquals(liveBefore - 1, n.node.liveMemberCount());

        // A third party's older news (103 ALIVE at the same incarnation) does not bring it back.
        n.deliverUpdate(101, 103, 0, (short)ALIVE);
        assertEquals(LEFT, n.node.memberState(103));

        // The node passes the news on.
        n.fire(NodeTimers.GOSSIP, n.nowNs + 2 * SECOND_NS);
        assertTrue(n.gossiped.stream().anyMatch(u -> 103 == u.memberId() && 0 == u.incarnation() && LEFT == u.state()),
            "103's LEFT is gossiped: " + n.gossiped);
    }

    @Test
    void aLeaveOneMemberSendsAboutAnotherIsACountedDrop()
    {
        final ScriptedNode n = nodeWithPeers(16, 105);
        final int liveBefore = n.node.liveMemberCount();

        n.deliverLeave(101, 103, 0);

        assertEquals(ALIVE, n.node.memberState(103), "a Leave is taken only from the leaving member");
        assertEquals(1, n.counters[ProtocolCounters.LEAVES_RECEIVED], "received, then dropped");
        assertEquals(1, n.counters[ProtocolCounters.DROP_SEMANTIC]);
        assertEquals(liveBefore, n.node.liveMemberCount());
        assertEquals(0, n.node.pendingUpdates(), "nothing to spread");
    }
}

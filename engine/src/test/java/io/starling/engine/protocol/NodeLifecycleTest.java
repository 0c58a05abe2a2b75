package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.JoinDecoder;
import io.starling.codecs.PushPullChunkDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's start and close, through scripted peers: starting queues the node's own ALIVE, sends the Join to its
 * seed at once and arms the probe, gossip, push-pull, reconnect and join-retry timers; closing cancels every timer
 * the node holds, those of its suspicions, relayed probes and on-demand pings included. The reconnect timer starts a
 * push-pull with a member held DEAD.
 */
class NodeLifecycleTest
{
    private static final int SEED_PORT = ScriptedNode.portOf(101);

    private static ScriptedNode seeded()
    {
        return new ScriptedNode(new ProtocolConfig(), 7, MembershipObserver.NO_OP,
            node -> node.addSeed(ScriptedNode.IPV4, SEED_PORT));
    }

    @Test
    void startingAnnouncesTheNodeJoinsThroughItsSeedAndArmsEveryPeriodicTimer()
    {
        final ScriptedNode n = seeded();
        assertEquals(1, n.node.pendingUpdates(), "the node's own ALIVE is queued");
        final List<ScriptedNode.Sent> joins = n.sent(JoinDecoder.TEMPLATE_ID);
        assertEquals(1, joins.size(), "the Join goes out when the node starts: " + n.sent);
        assertEquals(SEED_PORT, joins.get(0).dstPort());
        for (final int kind : new int[]{NodeTimers.PROBE_TICK, NodeTimers.GOSSIP, NodeTimers.PUSH_PULL,
            NodeTimers.RECONNECT, NodeTimers.JOIN_RETRY})
        {
            assertEquals(1, n.live(kind).size(), "timer kind " + kind);
        }
    }

    @Test
    void closingCancelsEveryTimerTheNodeHolds()
    {
        final ScriptedNode n = seeded();
        n.learnAlive(101, 110);
        n.deliverUpdate(101, 103, 0, (short)SUSPECT);
        assertEquals(SUSPECT, n.node.memberState(103));
        n.deliverPingReq(101, 5, 104, true);
        assertTrue(n.node.ping(n.nowNs, 105, 1, n.config.probeTimeoutNs()));
        for (final int kind : new int[]{NodeTimers.PROBE_TICK, NodeTimers.GOSSIP, NodeTimers.PUSH_PULL,
            NodeTimers.RECONNECT, NodeTimers.JOIN_RETRY, NodeTimers.SUSPICION, NodeTimers.RELAY,
            NodeTimers.PING_TIMEOUT})
        {
            assertTrue(!n.live(kind).isEmpty(), "timer kind " + kind + " armed before close");
        }
        n.node.close();
        for (final ScriptedNode.Timer t : n.timers)
        {
            assertTrue(n.cancelled.contains(t.id()), "timer kind " + t.kind() + " still live after close");
        }
    }

    @Test
    void theReconnectTimerStartsAPushPullWithAMemberHeldDead()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 8);
        n.learnAlive(101, 110);
        // Only the node's own suspicion timer declares a death: suspect 106 and let the suspicion run out.
        n.deliverUpdate(101, 106, 0, (short)SUSPECT);
        n.fire(NodeTimers.SUSPICION, n.nowNs + 60_000_000_000L);
        assertEquals(DEAD, n.node.memberState(106));
        n.sent.clear();
        n.nextIntOverride = bound -> 0; // try (probability one dead in ten live), and search from slot 0
        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs), "the first attempt, due within the first interval");
        final List<ScriptedNode.Sent> chunks = n.sent(PushPullChunkDecoder.TEMPLATE_ID);
        assertEquals(1, chunks.size(), n.sent::toString);
        assertEquals(106, chunks.get(0).dstNodeId());
        assertEquals(1, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
        assertEquals(1, n.live(NodeTimers.RECONNECT).size(), "the next attempt is scheduled");
    }
}

package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.PushPullChunkDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Reconnect} through scripted peers: each attempt starts a push-pull with one member held DEAD, searching the
 * directory from a random slot and wrapping around its end, looking at no more than 256 slots; the next attempt is
 * one interval later; a leaving node and a node alone attempt nothing, and a timer id that is not the reconnect
 * timer's is ignored.
 */
class ReconnectTest
{
    private static final long INTERVAL_NS = ProtocolConfig.RECONNECT_INTERVAL_NS_DEFAULT;

    private static ScriptedNode withDeadMember(final long seed, final int lastPeer, final int dead)
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), seed);
        n.learnAlive(101, lastPeer);
        // Only the node's own suspicion timer declares a death: suspect the member and let the suspicion run out.
        n.deliverUpdate(101, dead, 0, (short)SUSPECT);
        n.fire(NodeTimers.SUSPICION, n.nowNs + 600_000_000_000L);
        assertEquals(DEAD, n.node.memberState(dead));
        n.sent.clear();
        return n;
    }

    /** Fire the reconnect timer with the search starting at {@code startSlot}. */
    private static List<ScriptedNode.Sent> attemptFrom(final ScriptedNode n, final int startSlot)
    {
        n.nextIntOverride = bound ->
        {
            assertEquals(n.directory.size(), bound, "the start is drawn over the directory");
            return startSlot;
        };
        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs));
        n.nextIntOverride = null;
        return n.sent(PushPullChunkDecoder.TEMPLATE_ID);
    }

    @Test
    void theSearchWrapsAroundTheEndOfTheDirectoryAndTheNextAttemptIsOneIntervalLater()
    {
        final ScriptedNode n = withDeadMember(21, 110, 102);
        final int deadSlot = n.directory.slotOf(102);
        assertTrue(deadSlot + 1 < n.directory.size());
        final long firedAtNs = n.nowNs;

        final List<ScriptedNode.Sent> chunks = attemptFrom(n, deadSlot + 1);

        assertEquals(1, chunks.size(), n.sent::toString);
        assertEquals(102, chunks.get(0).dstNodeId(), "found after wrapping past the last slot");
        assertEquals(1, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
        final List<ScriptedNode.Timer> next = n.live(NodeTimers.RECONNECT);
        assertEquals(1, next.size());
        assertEquals(firedAtNs + INTERVAL_NS, next.get(0).deadlineNs());
    }

    @Test
    void anAttemptLooksAtNoMoreThan256Slots()
    {
        final ScriptedNode n = withDeadMember(22, 400, 390);
        final int deadSlot = n.directory.slotOf(390);
        assertTrue(deadSlot >= 256, "slot " + deadSlot);

        assertTrue(attemptFrom(n, deadSlot - 256).isEmpty(), "257 slots away: not looked at");
        assertEquals(0, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);

        n.nowNs += INTERVAL_NS;
        final List<ScriptedNode.Sent> chunks = attemptFrom(n, deadSlot - 255);
        assertFalse(chunks.isEmpty(), "the 256th slot looked at");
        for (final ScriptedNode.Sent chunk : chunks)
        {
            // 300 members' state takes several chunks of the one push-pull.
            assertEquals(390, chunk.dstNodeId(), n.sent::toString);
            assertEquals(chunks.get(0).seq(), chunk.seq(), "one push-pull");
        }
        assertEquals(1, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
    }

    @Test
    void aLeavingNodeAttemptsNothingButKeepsItsTimer()
    {
        final ScriptedNode n = withDeadMember(23, 110, 106);
        n.node.leave(n.nowNs);
        n.sent.clear();
        final long firedAtNs = n.nowNs;

        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs));

        assertTrue(n.sent(PushPullChunkDecoder.TEMPLATE_ID).isEmpty(), n.sent::toString);
        assertEquals(0, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
        assertEquals(firedAtNs + INTERVAL_NS, n.live(NodeTimers.RECONNECT).get(0).deadlineNs());
    }

    @Test
    void aNodeAloneAttemptsNothingAndAnotherTimerIdIsIgnored()
    {
        final ScriptedNode alone = new ScriptedNode(new ProtocolConfig(), 24);
        alone.sent.clear();
        assertEquals(1, alone.fire(NodeTimers.RECONNECT, alone.nowNs + INTERVAL_NS));
        assertTrue(alone.sent.isEmpty(), alone.sent::toString);
        assertEquals(1, alone.live(NodeTimers.RECONNECT).size());

        final ScriptedNode n = withDeadMember(25, 110, 104);
        final ScriptedNode.Timer armed = n.live(NodeTimers.RECONNECT).get(0);
        n.node.onTimer(n.nowNs, armed.id() + 1_000, NodeTimers.RECONNECT, 0);
        assertTrue(n.sent.isEmpty(), "a stale reconnect timer id starts nothing: " + n.sent);
        assertEquals(List.of(armed), n.live(NodeTimers.RECONNECT), "and leaves the armed timer alone");
        assertFalse(n.cancelled.contains(armed.id()));
    }
}

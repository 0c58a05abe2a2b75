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
 * {@link Reconnect} through scripted peers: a node tries with probability dead / live members and draws nothing while
 * it holds no member DEAD; an attempt starts a push-pull with one member held DEAD, searching the directory from a
 * random slot and wrapping around its end, looking at no more than 256 slots; the next attempt is one interval later;
 * a leaving node and a node alone attempt nothing, and a timer id that is not the reconnect timer's is ignored. In a
 * cluster the attempts follow the number of dead members, not the cluster's size.
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

    /** Fire the reconnect timer with the node deciding to try and the search starting at {@code startSlot}. */
    private static List<ScriptedNode.Sent> attemptFrom(final ScriptedNode n, final int startSlot)
    {
        final int live = n.node.liveMemberCount();
        assertTrue(live != n.directory.size());
        n.nextIntOverride = bound ->
        {
            if (bound == live)
            {
                return 0; // below the one dead member: try
            }
            assertEquals(n.directory.size(), bound, "the start is drawn over the directory");
            return startSlot;
        };
        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs));
        n.nextIntOverride = null;
        return n.sent(PushPullChunkDecoder.TEMPLATE_ID);
    }

    @Test
    void theSearchWrapsAroundTheEndOfTheDirectoryAndTheNextAttemptIsOnTheTimersPhase()
    {
        final ScriptedNode n = withDeadMember(21, 110, 102);
        final int deadSlot = n.directory.slotOf(102);
        assertTrue(deadSlot + 1 < n.directory.size());
        final long firedAtNs = n.nowNs;
        final long deadlineNs = n.live(NodeTimers.RECONNECT).get(0).deadlineNs();

        final List<ScriptedNode.Sent> chunks = attemptFrom(n, deadSlot + 1);

        assertEquals(1, chunks.size(), n.sent::toString);
        assertEquals(102, chunks.get(0).dstNodeId(), "found after wrapping past the last slot");
        assertEquals(1, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
        final List<ScriptedNode.Timer> next = n.live(NodeTimers.RECONNECT);
        assertEquals(1, next.size());
        assertNextOnPhase(deadlineNs, firedAtNs, next.get(0).deadlineNs());
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
    void aNodeTriesWithProbabilityDeadOverLiveMembersAndDrawsNothingWithNoneDead()
    {
        final ScriptedNode n = withDeadMember(26, 110, 103);
        assertEquals(10, n.node.liveMemberCount(), "nine peers and itself");
        final List<Integer> bounds = new java.util.ArrayList<>();
        n.nextIntOverride = bound ->
        {
            bounds.add(bound);
            return 1; // not below the one dead member: no attempt
        };
        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs));
        assertEquals(List.of(10), bounds, "one draw over the live members, no search");
        assertTrue(n.sent(PushPullChunkDecoder.TEMPLATE_ID).isEmpty(), n.sent::toString);
        assertEquals(0, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);

        final ScriptedNode none = new ScriptedNode(new ProtocolConfig(), 27);
        none.learnAlive(101, 110);
        none.sent.clear();
        none.nextIntOverride = bound ->
        {
            throw new AssertionError("no draw while no member is DEAD (bound " + bound + ")");
        };
        assertEquals(1, none.fire(NodeTimers.RECONNECT, none.nowNs + INTERVAL_NS));
        assertTrue(none.sent(PushPullChunkDecoder.TEMPLATE_ID).isEmpty(), none.sent::toString);
    }

    /**
     * 60 nodes, one crashed and held DEAD by all: for 50 intervals the cluster starts about one attempt per interval
     * (59 nodes, each with probability 1 / 59), not 59. The bound, 100, is twice the mean of 50 and more than 7
     * standard deviations above it; before the rule every node tried every interval (2,950 attempts).
     */
    @Test
    void aClusterTriesEachDeadMemberAboutOncePerIntervalWhateverItsSize()
    {
        final int nodes = 60;
        final TestCluster c = new TestCluster(new ProtocolConfig(), 31, 1_000_000L);
        for (int i = 0; i < nodes; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(60);
        c.crashed[nodes - 1] = true;
        c.runPeriods(120);
        assertTrue(c.allSee(100 + nodes - 1, DEAD), "the crashed node is held DEAD everywhere");

        final long before = c.counters[ProtocolCounters.RECONNECT_ATTEMPTS];
        c.runUntil(c.nowNs + 50 * INTERVAL_NS);
        final long attempts = c.counters[ProtocolCounters.RECONNECT_ATTEMPTS] - before;
        assertTrue(attempts >= 1 && attempts <= 100, attempts + " attempts in 50 intervals");
    }

    @Test
    void aLeavingNodeAttemptsNothingButKeepsItsTimer()
    {
        final ScriptedNode n = withDeadMember(23, 110, 106);
        n.node.leave(n.nowNs);
        n.sent.clear();
        final long firedAtNs = n.nowNs;
        final long deadlineNs = n.live(NodeTimers.RECONNECT).get(0).deadlineNs();

        assertEquals(1, n.fire(NodeTimers.RECONNECT, n.nowNs));

        assertTrue(n.sent(PushPullChunkDecoder.TEMPLATE_ID).isEmpty(), n.sent::toString);
        assertEquals(0, n.counters[ProtocolCounters.RECONNECT_ATTEMPTS]);
        assertNextOnPhase(deadlineNs, firedAtNs, n.live(NodeTimers.RECONNECT).get(0).deadlineNs());
    }

    /**
     * The timer fires at a fixed rate (PeriodicTimerPhaseTest): the next attempt is the first deadline of the
     * timer's phase after the time it fired.
     */
    private static void assertNextOnPhase(final long deadlineNs, final long firedAtNs, final long nextNs)
    {
        assertEquals(0, (nextNs - deadlineNs) % INTERVAL_NS, "on the phase of deadline " + deadlineNs);
        assertTrue(nextNs > firedAtNs && nextNs <= firedAtNs + INTERVAL_NS, nextNs + " after " + firedAtNs);
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

package io.starling.engine.protocol;

import io.starling.codecs.GossipDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.NONE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Forget} through scripted peers: more members reaped at once than its ring first holds (16) are each
 * forgotten once their forget timeout has passed, not before: their entries go back to NONE, their directory slots
 * are freed, each is counted, and nothing about them is gossiped afterwards.
 */
class ForgetRingTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int FIRST_DEAD = 102;
    private static final int LAST_DEAD = 121;

    private static void runProbes(final ScriptedNode n, final long untilNs)
    {
        while (n.nowNs < untilNs)
        {
            final long stepNs = Math.min(untilNs, n.nowNs + SECOND_NS / 10);
            n.fire(NodeTimers.PROBE_TICK, stepNs);
            n.fire(NodeTimers.PROBE_TIMEOUT, stepNs);
        }
    }

    @Test
    void twentyMembersReapedAtOnceAreEachForgottenAfterTheForgetTimeoutAndNoLongerGossiped()
    {
        final long forgetNs = 20 * SECOND_NS;
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig()
            .reapTimeoutNs(2 * SECOND_NS).forgetTimeoutNs(forgetNs).gossipToTheDeadNs(0), 41);
        n.learnAlive(101, LAST_DEAD);
        for (int member = FIRST_DEAD; member <= LAST_DEAD; member++)
        {
            n.deliverUpdate(101, member, 0, (short)SUSPECT);
        }
        final long firstDeathNs = n.live(NodeTimers.SUSPICION).stream().mapToLong(ScriptedNode.Timer::deadlineNs).min()
            .orElseThrow();
        final long diedByNs = n.live(NodeTimers.SUSPICION).stream().mapToLong(ScriptedNode.Timer::deadlineNs).max()
            .orElseThrow();
        n.fire(NodeTimers.SUSPICION, diedByNs);
        for (int member = FIRST_DEAD; member <= LAST_DEAD; member++)
        {
            assertEquals(DEAD, n.node.memberState(member));
        }

        runProbes(n, firstDeathNs + forgetNs - 2 * SECOND_NS);
        assertEquals(0, n.counters[ProtocolCounters.MEMBERS_FORGOTTEN], "reaped, not yet forgotten");
        for (int member = FIRST_DEAD; member <= LAST_DEAD; member++)
        {
            assertEquals(DEAD, n.node.memberState(member), "member " + member);
        }

        runProbes(n, diedByNs + forgetNs + 30 * SECOND_NS);
        assertEquals(LAST_DEAD - FIRST_DEAD + 1, n.counters[ProtocolCounters.MEMBERS_FORGOTTEN]);
        for (int member = FIRST_DEAD; member <= LAST_DEAD; member++)
        {
            assertEquals(NONE, n.node.memberState(member), "member " + member + " forgotten");
            assertEquals(-1, n.directory.slotOf(member), "member " + member + "'s slot freed");
        }

        n.gossiped.clear();
        n.fire(NodeTimers.GOSSIP, n.nowNs + 10 * SECOND_NS);
        assertFalse(n.sent(GossipDecoder.TEMPLATE_ID).isEmpty(), "the node still gossips to 101");
        assertTrue(n.gossiped.stream().noneMatch(u -> u.memberId() >= FIRST_DEAD && u.memberId() <= LAST_DEAD),
            "nothing about a forgotten member: " + n.gossiped);
    }
}

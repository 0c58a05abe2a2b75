package io.starling.engine.protocol;

import java.util.HashSet;
import java.util.Set;

import io.starling.codecs.GossipDecoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.engine.schedule.ExpectedAbsence;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members expected out of contact are not this node's peers: no relay of an indirect probe, no gossip target and
 * no push-pull partner is one of them (a frame to them reaches nobody, and a counted Gossip spends an update's
 * transmissions), and a node whose own window is open sends no gossip and starts no push-pull.
 */
class AbsentPeersTest
{
    private static final long S = 1_000_000_000L;
    /** 101..112 known; 101..108 expected out of contact, 109..112 in contact. */
    private static final int FIRST = 101;
    private static final int LAST = 112;
    private static final int FIRST_PRESENT = 109;

    private static ScriptedNode nodeWithAbsentMembers(final long seed, final ExpectedAbsence absence)
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), seed);
        n.node.expectedAbsence(absence);
        n.learnAlive(FIRST, LAST);
        for (int id = FIRST; id < FIRST_PRESENT; id++)
        {
            absence.expectAbsent(id, n.nowNs, Long.MAX_VALUE);
        }
        return n;
    }

    private static Set<Integer> destinations(final ScriptedNode n, final int templateId)
    {
        final Set<Integer> ids = new HashSet<>();
        for (final ScriptedNode.Sent s : n.sent(templateId))
        {
            ids.add(s.dstNodeId());
        }
        return ids;
    }

    private static void assertAllPresent(final Set<Integer> ids, final String what)
    {
        for (final int id : ids)
        {
            assertTrue(id >= FIRST_PRESENT, what + " sent to member " + id + ", expected out of contact");
        }
    }

    @Test
    void noRelayOfAnIndirectProbeIsExpectedOutOfContact()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final ScriptedNode n = nodeWithAbsentMembers(seed, new ExpectedAbsence());
            for (int round = 0; round < 12; round++)
            {
                n.sent.clear();
                n.fire(NodeTimers.PROBE_TICK, n.nowNs + n.config.probeIntervalNs());
                // Nobody answers: the probe timeout sends the PingReqs.
                n.fire(NodeTimers.PROBE_TIMEOUT, n.nowNs + n.config.probeTimeoutNs());
                assertAllPresent(destinations(n, PingDecoder.TEMPLATE_ID), "a probe");
                assertAllPresent(destinations(n, PingReqDecoder.TEMPLATE_ID), "a PingReq");
            }
        }
    }

    @Test
    void noGossipTargetOrPushPullPartnerIsExpectedOutOfContact()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final ScriptedNode n = nodeWithAbsentMembers(seed, new ExpectedAbsence());
            n.sent.clear();
            for (int round = 0; round < 20; round++)
            {
                // Something to gossip: a suspicion of a member in contact, told by another.
                n.deliverUpdate(FIRST_PRESENT, LAST, round, (short)SUSPECT);
                n.fire(NodeTimers.GOSSIP, n.nowNs + n.config.gossipIntervalNs());
            }
            n.fire(NodeTimers.PUSH_PULL, n.nowNs + 600 * S);
            final Set<Integer> gossiped = destinations(n, GossipDecoder.TEMPLATE_ID);
            assertFalse(gossiped.isEmpty(), "gossip was sent");
            assertAllPresent(gossiped, "a Gossip");
            final Set<Integer> synced = destinations(n, PushPullChunkDecoder.TEMPLATE_ID);
            assertFalse(synced.isEmpty(), "push-pull was started");
            assertAllPresent(synced, "a push-pull");
        }
    }

    @Test
    void aNodeWhoseOwnWindowIsOpenSendsNoGossipAndStartsNoPushPull()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = nodeWithAbsentMembers(3, absence);
        absence.expectAbsent(ScriptedNode.NODE_ID, n.nowNs, Long.MAX_VALUE);
        n.sent.clear();
        n.deliverUpdate(FIRST_PRESENT, LAST, 1, (short)SUSPECT);
        n.fire(NodeTimers.GOSSIP, n.nowNs + 20 * n.config.gossipIntervalNs());
        n.fire(NodeTimers.PUSH_PULL, n.nowNs + 600 * S);
        assertEquals(0, n.sent(GossipDecoder.TEMPLATE_ID).size(), "no Gossip from a node cut off");
        assertEquals(0, n.sent(PushPullChunkDecoder.TEMPLATE_ID).size(), "no push-pull from a node cut off");
    }
}

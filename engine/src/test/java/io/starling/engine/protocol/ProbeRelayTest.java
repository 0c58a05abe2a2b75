package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.AckDecoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.PingDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's side of an indirect probe (SWIM's ping-req, Lifeguard's nack), driven through a real node by scripted
 * requesters and targets: the target's own Ack is forwarded once under the requester's sequence, a silent target
 * gets the requester a Nack at 80% of the probe timeout when it asked for one, and each relayed probe's record is
 * given back when it ends, however many are in flight.
 */
class ProbeRelayTest
{
    private static final int REQUESTER = 101;
    private static final int TARGET = 102;
    private static final int OTHER = 103;

    private static ScriptedNode relay()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 11);
        n.learnAlive(101, 160);
        n.sent.clear();
        return n;
    }

    private static ScriptedNode.Sent onlyPingTo(final ScriptedNode n, final int target)
    {
        final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
        assertEquals(1, pings.size(), "one Ping per PingReq: " + n.sent);
        final ScriptedNode.Sent ping = pings.get(0);
        assertEquals(target, ping.dstNodeId());
        assertEquals(ScriptedNode.portOf(target), ping.dstPort());
        assertEquals(target, ping.targetNode());
        return ping;
    }

    @Test
    void theTargetsAckIsForwardedOnceUnderTheRequestersSequenceAndEndsTheRelay()
    {
        final ScriptedNode n = relay();
        n.deliverPingReq(REQUESTER, 7, TARGET, true);
        final int relaySeq = onlyPingTo(n, TARGET).seq();
        n.sent.clear();

        n.deliverAck(TARGET, relaySeq, TARGET);
        final List<ScriptedNode.Sent> acks = n.sent(AckDecoder.TEMPLATE_ID);
        assertEquals(List.of(new ScriptedNode.Sent(REQUESTER, ScriptedNode.portOf(REQUESTER), AckDecoder.TEMPLATE_ID,
            7, TARGET, -1)), acks, "the target's answer goes to the requester, under the requester's sequence");
        assertTrue(n.live(NodeTimers.RELAY).isEmpty(), "the relay's nack timer is cancelled with its record");

        // The same Ack again (a duplicate datagram) and the relay's deadline passing: nothing more is sent.
        n.sent.clear();
        n.deliverAck(TARGET, relaySeq, TARGET);
        n.fire(NodeTimers.RELAY, n.nowNs + n.config.probeTimeoutNs() * 2);
        assertEquals(List.of(), n.sent, "a finished relay neither forwards again nor sends a Nack");
    }

    @Test
    void onlyTheTargetItselfEndsTheRelay()
    {
        final ScriptedNode n = relay();
        n.deliverPingReq(REQUESTER, 8, TARGET, true);
        final int relaySeq = onlyPingTo(n, TARGET).seq();
        n.sent.clear();

        n.deliverAck(OTHER, relaySeq, TARGET);
        n.deliverAck(OTHER, relaySeq, OTHER);
        n.deliverAck(TARGET, relaySeq + 1, TARGET);
        assertEquals(List.of(), n.sent(AckDecoder.TEMPLATE_ID), "another member's Ack, or another sequence, is not"
            + " the target's answer");

        n.deliverAck(TARGET, relaySeq, TARGET);
        assertEquals(1, n.sent(AckDecoder.TEMPLATE_ID).size(), "the target's own answer still counts");
    }

    @Test
    void aSilentTargetGetsTheRequesterANackAtFourFifthsOfTheProbeTimeoutIfItAskedForOne()
    {
        final ScriptedNode n = relay();
        final long askedNs = n.nowNs;
        final long nackAtNs = askedNs + n.config.probeTimeoutNs() * 4 / 5;
        n.deliverPingReq(REQUESTER, 9, TARGET, true);
        n.deliverPingReq(REQUESTER, 10, OTHER, false);
        final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
        assertEquals(2, pings.size());
        n.sent.clear();

        n.fire(NodeTimers.RELAY, nackAtNs - 1);
        assertEquals(List.of(), n.sent, "nothing before 80% of the requester's window");
        n.fire(NodeTimers.RELAY, nackAtNs);
        assertEquals(List.of(new ScriptedNode.Sent(REQUESTER, ScriptedNode.portOf(REQUESTER), NackDecoder.TEMPLATE_ID,
            9, TARGET, -1)), n.sent, "one Nack, for the request that wanted one");

        // Both records are given back: late answers from the targets are no longer forwarded.
        n.sent.clear();
        n.deliverAck(TARGET, pings.get(0).seq(), TARGET);
        n.deliverAck(OTHER, pings.get(1).seq(), OTHER);
        assertEquals(List.of(), n.sent(AckDecoder.TEMPLATE_ID), "late answers after the relay ended");
    }

    @Test
    void fortyRelaysInFlightEachForwardTheirOwnAnswerAndTheRecordsAreReused()
    {
        final ScriptedNode n = relay();
        final int inFlight = 40;
        for (int round = 0; round < 3; round++)
        {
            n.sent.clear();
            for (int i = 0; i < inFlight; i++)
            {
                n.deliverPingReq(REQUESTER, 1000 * round + i, 110 + i, true);
            }
            final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
            assertEquals(inFlight, pings.size());
            assertEquals(inFlight, n.live(NodeTimers.RELAY).size(), "one nack timer per relayed probe");
            n.sent.clear();
            // Answers in reverse order, so that a record found by the wrong sequence would show.
            for (int i = inFlight - 1; i >= 0; i--)
            {
                final ScriptedNode.Sent ping = pings.get(i);
                n.deliverAck(ping.targetNode(), ping.seq(), ping.targetNode());
            }
            final List<ScriptedNode.Sent> acks = n.sent(AckDecoder.TEMPLATE_ID);
            assertEquals(inFlight, acks.size(), "round " + round);
            for (int k = 0; k < inFlight; k++)
            {
                final int i = inFlight - 1 - k;
                assertEquals(REQUESTER, acks.get(k).dstNodeId());
                assertEquals(1000 * round + i, acks.get(k).seq(), "round " + round + " relay " + i);
                assertEquals(110 + i, acks.get(k).targetNode(), "round " + round + " relay " + i);
            }
            assertTrue(n.live(NodeTimers.RELAY).isEmpty(), "every nack timer cancelled, round " + round);
        }
    }

    @Test
    void aLeavingNodeRelaysNothingAndNoNodeRelaysToItself()
    {
        final ScriptedNode n = relay();
        n.deliverPingReq(REQUESTER, 11, ScriptedNode.NODE_ID, true);
        assertEquals(List.of(), n.sent(PingDecoder.TEMPLATE_ID), "a PingReq naming the relay itself");
        n.node.leave(n.nowNs);
        n.sent.clear();
        n.deliverPingReq(REQUESTER, 12, TARGET, true);
        assertEquals(List.of(), n.sent(PingDecoder.TEMPLATE_ID), "a leaving node probes no one for others");
        assertTrue(n.live(NodeTimers.RELAY).isEmpty());
        assertEquals(2, n.counters[ProtocolCounters.DROP_SEMANTIC]);
    }

    @Test
    void closingTheNodeCancelsEveryRelaysTimer()
    {
        final ScriptedNode n = relay();
        for (int i = 0; i < 20; i++)
        {
            n.deliverPingReq(REQUESTER, i, 110 + i, true);
        }
        assertEquals(20, n.live(NodeTimers.RELAY).size());
        n.node.close();
        assertEquals(List.of(), n.live(NodeTimers.RELAY), "a closed node leaves no relay timer behind");
    }
}

package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqEncoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link RoundTripLoss} counts as a lost direct round trip: a probe answered through a relay only, not a probe
 * whose own Ack came from the target after the probe timeout (a late answer, as on a saturated host: more relays,
 * re-checks and transmissions would not help it and would add to the load).
 */
class RoundTripLossTest
{
    private static final int PEERS = 20;
    private static final int PROBES = 40;

    @Test
    void aDirectAckAfterTheProbeTimeoutIsNoLoss()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig().indirectChecks(3), 7);
        n.learnAlive(101, 100 + PEERS);
        for (int i = 0; i < PROBES; i++)
        {
            final Probe p = probeUntilTimeout(n);
            assertEquals(3, p.relays, "probe " + i + ": relays asked");
            n.deliverAck(p.target, p.seq, p.target);
        }
    }

    @Test
    void anAnswerThroughARelayOnlyIsALoss()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig().indirectChecks(3), 7);
        n.learnAlive(101, 100 + PEERS);
        int relays = 0;
        for (int i = 0; i < PROBES; i++)
        {
            final Probe p = probeUntilTimeout(n);
            relays = p.relays;
            n.deliverAck(p.firstRelay, p.seq, p.target);
        }
        assertEquals(IndirectProbe.MAX_RELAYS, relays, "every direct round trip lost: the most relays");
    }

    private record Probe(int target, int seq, int relays, int firstRelay)
    {
    }

    /**
     * The next probe tick and the probe timeout, with no answer in between.
     */
    private static Probe probeUntilTimeout(final ScriptedNode n)
    {
        final int pingsBefore = n.sent(PingDecoder.TEMPLATE_ID).size();
        final int reqsBefore = n.sent(PingReqEncoder.TEMPLATE_ID).size();
        n.fire(NodeTimers.PROBE_TICK, n.live(NodeTimers.PROBE_TICK).get(0).deadlineNs());
        final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
        assertEquals(pingsBefore + 1, pings.size(), "one probe a tick");
        final ScriptedNode.Sent ping = pings.get(pings.size() - 1);
        n.fire(NodeTimers.PROBE_TIMEOUT, n.live(NodeTimers.PROBE_TIMEOUT).get(0).deadlineNs());
        final List<ScriptedNode.Sent> reqs = n.sent(PingReqEncoder.TEMPLATE_ID);
        return new Probe(ping.dstNodeId(), ping.seq(), reqs.size() - reqsBefore, reqs.get(reqsBefore).dstNodeId());
    }
}

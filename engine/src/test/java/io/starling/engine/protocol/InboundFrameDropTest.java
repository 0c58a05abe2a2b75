package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile or misdirected frames at a node's door: before start, malformed, from another cluster, for another node
 * or claiming to come from the node itself, each is a counted drop that changes nothing (the Gossip inside, which
 * would make a stranger ALIVE, is not merged), and a message of a template the membership protocol does not know,
 * with no layer above to take it, is a counted semantic drop. A Nack for the current probe from a relay asked is
 * counted as Lifeguard's nack, and from a node not asked is a drop.
 */
class InboundFrameDropTest
{
    private static final int STRANGER = 4_242;

    /** A Gossip from {@code src} to {@code dst} in cluster {@code clusterId} making {@link #STRANGER} ALIVE. */
    private static int gossipFrame(final ScriptedNode n, final int clusterId, final int src, final int dst)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new FrameHeaderEncoder().wrapAndApplyHeader(n.frame(), 0, header)
            .clusterId(clusterId).srcNode(src).dstNode(dst).sequence(1).flags((short)0).messageCount((short)1);
        final GossipEncoder gossip = new GossipEncoder()
            .wrapAndApplyHeader(n.frame(), FramePacker.FRAME_HEADER_LENGTH, header);
        gossip.updatesCount(1).next().memberId(STRANGER).incarnation(0).state(io.starling.codecs.MemberState.ALIVE)
            .metaVersion(0).fromNode(src).endpoint().ipv4(ScriptedNode.IPV4).port(ScriptedNode.portOf(STRANGER));
        return gossip.limit();
    }

    private static void assertDropped(final ScriptedNode n, final int length, final int counter, final String why)
    {
        final long before = n.counters[counter];
        final long frames = n.counters[ProtocolCounters.FRAMES_RECEIVED];
        final long bytes = n.counters[ProtocolCounters.BYTES_RECEIVED];
        assertEquals(0, n.node.onFrame(n.nowNs, n.frame(), 0, length), why);
        assertEquals(before + 1, n.counters[counter], why);
        assertEquals(frames + 1, n.counters[ProtocolCounters.FRAMES_RECEIVED], why);
        assertEquals(bytes + length, n.counters[ProtocolCounters.BYTES_RECEIVED], why);
        assertEquals(NONE, n.node.memberState(STRANGER), why + ": nothing merged");
    }

    @Test
    void misdirectedAndMalformedFramesAreCountedDropsThatChangeNothing()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        final int clusterId = n.config.clusterId();
        final long messages = n.counters[ProtocolCounters.MESSAGES_RECEIVED];

        assertDropped(n, gossipFrame(n, clusterId + 1, 101, ScriptedNode.NODE_ID),
            ProtocolCounters.DROP_WRONG_CLUSTER, "another cluster");
        assertDropped(n, gossipFrame(n, clusterId, 101, 555),
            ProtocolCounters.DROP_UNKNOWN_DESTINATION, "another node");
        assertDropped(n, gossipFrame(n, clusterId, ScriptedNode.NODE_ID, ScriptedNode.NODE_ID),
            ProtocolCounters.DROP_UNKNOWN_DESTINATION, "claims to come from the node itself");
        final int length = gossipFrame(n, clusterId, 101, ScriptedNode.NODE_ID);
        assertDropped(n, length - 1, ProtocolCounters.DROP_MALFORMED, "cut short");
        assertEquals(messages, n.counters[ProtocolCounters.MESSAGES_RECEIVED], "no message of a dropped frame");

        // The same frame whole is taken, and so is one for any node of the process.
        assertEquals(1, n.node.onFrame(n.nowNs, n.frame(), 0, length));
        assertEquals(ALIVE, n.node.memberState(STRANGER));
        assertEquals(messages + 1, n.counters[ProtocolCounters.MESSAGES_RECEIVED]);
        assertEquals(1, n.node.onFrame(n.nowNs, n.frame(), 0, gossipFrame(n, clusterId, 101, Outbox.ANY_NODE)));
    }

    @Test
    void aNodeNotStartedTakesNothing()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        n.node.close();
        assertDropped(n, gossipFrame(n, n.config.clusterId(), 101, ScriptedNode.NODE_ID),
            ProtocolCounters.DROP_UNKNOWN_DESTINATION, "closed node");
    }

    @Test
    void aMessageNoLayerTakesIsASemanticDrop()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final int at = n.frameHeader(101);
        // A Rumor-range template: valid framing, meant for a layer this bare node does not have.
        final io.starling.codecs.RumorEncoder rumor = new io.starling.codecs.RumorEncoder()
            .wrapAndApplyHeader(n.frame(), at, header);
        rumor.putPayload(new byte[4], 0, 4);
        final long before = n.counters[ProtocolCounters.DROP_SEMANTIC];
        assertEquals(1, n.node.onFrame(n.nowNs, n.frame(), 0, rumor.limit()));
        assertEquals(before + 1, n.counters[ProtocolCounters.DROP_SEMANTIC]);
    }

    @Test
    void aNackForTheCurrentProbeCountsOnlyFromARelayAsked()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        n.learnAlive(101, 110);
        n.sent.clear();
        // Probe one member and let it stay silent until the indirect probe goes out.
        n.fire(NodeTimers.PROBE_TICK, n.nowNs + n.config.probeIntervalNs());
        final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
        assertEquals(1, pings.size(), n.sent::toString);
        final int seq = pings.get(0).seq();
        n.fire(NodeTimers.PROBE_TIMEOUT, n.nowNs + n.config.probeTimeoutNs());
        final List<ScriptedNode.Sent> requests = n.sent(PingReqDecoder.TEMPLATE_ID);
        assertEquals(n.config.indirectChecks(), requests.size(), n.sent::toString);
        final int relay = requests.get(0).dstNodeId();
        int notAsked = 101;
        while (notAsked == pings.get(0).dstNodeId() || asked(requests, notAsked))
        {
            notAsked++;
        }

        final long drops = n.counters[ProtocolCounters.DROP_SEMANTIC];
        deliverNack(n, notAsked, seq, pings.get(0).dstNodeId());
        assertEquals(0, n.counters[ProtocolCounters.NACKS_RECEIVED], "from a node not asked");
        assertEquals(drops + 1, n.counters[ProtocolCounters.DROP_SEMANTIC]);
        deliverNack(n, relay, seq, pings.get(0).dstNodeId());
        assertEquals(1, n.counters[ProtocolCounters.NACKS_RECEIVED], "from a relay asked");
    }

    private static boolean asked(final List<ScriptedNode.Sent> requests, final int id)
    {
        return requests.stream().anyMatch(r -> r.dstNodeId() == id);
    }

    private static void deliverNack(final ScriptedNode n, final int src, final int seq, final int target)
    {
        final NackEncoder nack = new NackEncoder()
            .wrapAndApplyHeader(n.frame(), n.frameHeader(src), new MessageHeaderEncoder()).seq(seq).targetNode(target);
        n.deliver(nack.limit());
    }
}

package io.starling.engine.fuzz;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzers' findings in SwimNode, as regression tests. K1 and K2 were fixed on main (merge d207a14): their
 * reproducers must now be handled without an exception. K3 is fixed by serial-number incarnations.
 */
class FindingsRegressionTest
{
    private static final ProtocolConfig CONFIG = new ProtocolConfig().conclude();
    private static final int FRAME_HEADER = FramePacker.FRAME_HEADER_LENGTH;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final List<Integer> sentLengths = new ArrayList<>();

    private SwimNode node()
    {
        final SplittableRandom random = new SplittableRandom(1);
        final SwimNode node = new SwimNode(CONFIG, 0, 1, 1, 1, new MemberDirectory(16),
            new RandomSource()
            {
                public int nextInt(final int bound)
                {
                    return random.nextInt(bound);
                }

                public long nextLong()
                {
                    return random.nextLong();
                }
            },
            new TimerService()
            {
                private long id = 1;

                public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
                {
                    return id++;
                }

                public boolean cancelTimer(final long timerId)
                {
                    return true;
                }
            },
            new FramePacker(CONFIG.clusterId(), CONFIG.frameBudgetBytes(),
                (s, d, ip, p, b, o, l) -> sentLengths.add(l), (id, delta) -> counters[id] += delta),
            (nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation) -> {},
            (id, delta) -> counters[id] += delta);
        node.start(0);
        return node;
    }

    private void frameHeader(final int src, final int dst)
    {
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(CONFIG.clusterId()).srcNode(src).dstNode(dst).sequence(1).flags((short)0);
    }

    /**
     * K1: a PingReq whose wantNack byte is neither 0 nor 1 threw IllegalArgumentException out of onFrame (the
     * generated enum getter); now the raw byte is compared and the request is relayed.
     */
    @Test
    void k1PingReqWithWantNackTwoIsHandled()
    {
        final SwimNode node = node();
        frameHeader(2, 1);
        final PingReqEncoder req = new PingReqEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header)
            .seq(1).targetNode(3).wantNack(BooleanType.T);
        req.targetEndpoint().ipv4(1).port(2);
        req.updatesCount(0);
        buffer.putByte(FRAME_HEADER + 8 + PingReqEncoder.wantNackEncodingOffset(), (byte)2);
        final int length = FRAME_HEADER + 8 + req.encodedLength();

        assertEquals(1, node.onFrame(1, buffer, 0, length));
        assertEquals(1, counters[ProtocolCounters.MESSAGES_RECEIVED]);
        assertEquals(1, counters[ProtocolCounters.MESSAGES_SENT], "the relayed ping went out");
    }

    /**
     * K2: var-data headers were sized -1 bytes, so the push-pull state of a node knowing a few hundred members
     * overflowed its chunk (IndexOutOfBoundsException out of onFrame). Now every chunk fits the frame budget.
     */
    @Test
    void k2PushPullStateOfAFewHundredMembersFitsItsChunks()
    {
        final SwimNode node = node();
        for (int batch = 0; batch < 4; batch++)
        {
            frameHeader(2, 1);
            final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header);
            final GossipEncoder.UpdatesEncoder updates = gossip.updatesCount(50);
            for (int i = 0; i < 50; i++)
            {
                updates.next().memberId(1_000 + batch * 50 + i).incarnation(0).state(MemberState.ALIVE)
                    .metaVersion(0).fromNode(2).endpoint().ipv4(5).port(5);
            }
            node.onFrame(1, buffer, 0, FRAME_HEADER + 8 + gossip.encodedLength());
        }
        assertEquals(201, node.liveMemberCount());

        frameHeader(3, -1);
        final JoinEncoder join = new JoinEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header)
            .nodeId(3).incarnation(0).metaVersion(0);
        join.endpoint().ipv4(7).port(7);
        join.putMetadata(new byte[0], 0, 0);
        final int length = FRAME_HEADER + 8 + join.encodedLength();
        sentLengths.clear();

        assertEquals(1, node.onFrame(2, buffer, 0, length));
        final long chunks = counters[ProtocolCounters.PUSH_PULL_CHUNKS_SENT];
        assertTrue(chunks >= 3, "202 members take several chunks: " + chunks);
        for (final int sent : sentLengths)
        {
            assertTrue(sent <= CONFIG.frameBudgetBytes(), "frame of " + sent + " bytes");
        }
    }

    /**
     * K3 (fixed): a node refutes a suspicion with the claimed incarnation + 1, and a key holder can climb in steps
     * (here 2^20) past {@code MAX_VALUE}. Incarnations compare as serial numbers, so
     * after the wrap every refutation is still newer than the claim it answers: the node never loses the ability
     * to refute.
     */
    @Test
    void k3SuspicionsClimbingPastTheWrapAreStillRefuted()
    {
        final SwimNode node = node();
        for (int frames = 0; frames < 3_000; frames++)
        {
            final int claim = node.incarnation() + (1 << 20);
            frameHeader(2, 1);
            final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header);
            gossip.updatesCount(1).next().memberId(1).incarnation(claim).state(MemberState.SUSPECT)
                .metaVersion(0).fromNode(2).endpoint().ipv4(1).port(1);
            node.onFrame(1, buffer, 0, FRAME_HEADER + 8 + gossip.encodedLength());
            assertEquals(claim + 1, node.incarnation(), "refuted claim " + claim + " at frame " + frames);
        }
        assertTrue(node.incarnation() < 0, "the climb went past the wrap: " + node.incarnation());
    }
}

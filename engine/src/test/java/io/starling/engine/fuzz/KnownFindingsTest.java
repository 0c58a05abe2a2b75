package io.starling.engine.fuzz;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Reproducers of the findings in SwimNode that the fuzz harness tolerates ({@link KnownFindings}). Each test pins
 * today's behaviour and checks the tolerance matches exactly that exception. When SwimNode is fixed the test fails:
 * then delete the finding from {@link KnownFindings} and turn the test around (no exception, a counted drop).
 */
class KnownFindingsTest
{
    private static final ProtocolConfig CONFIG = new ProtocolConfig().conclude();
    private static final int FRAME_HEADER = FramePacker.FRAME_HEADER_LENGTH;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private static SwimNode node()
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
            new FramePacker(CONFIG.clusterId(), CONFIG.frameBudgetBytes(), (s, d, ip, p, b, o, l) -> {},
                CounterSink.NO_OP),
            (nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation) -> {},
            CounterSink.NO_OP);
        node.start(0);
        return node;
    }

    private void frameHeader(final int src, final int dst)
    {
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(CONFIG.clusterId()).srcNode(src).dstNode(dst).sequence(1).flags((short)0);
    }

    @Test
    void k1PingReqWithWantNackTwoEscapesOnFrame()
    {
        final SwimNode node = node();
        frameHeader(2, 1);
        final PingReqEncoder req = new PingReqEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header)
            .seq(1).targetNode(3).wantNack(BooleanType.T);
        req.targetEndpoint().ipv4(1).port(2);
        req.updatesCount(0);
        buffer.putByte(FRAME_HEADER + 8 + PingReqEncoder.wantNackEncodingOffset(), (byte)2);
        final int length = FRAME_HEADER + 8 + req.encodedLength();

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> node.onFrame(1, buffer, 0, length));
        assertEquals(KnownFindings.K1_BOOLEAN_ENUM_ESCAPES, KnownFindings.classify(ex));
    }

    @Test
    void k2PushPullStateOfAFewHundredMembersOverflowsItsChunk()
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

        final IndexOutOfBoundsException ex =
            assertThrows(IndexOutOfBoundsException.class, () -> node.onFrame(2, buffer, 0, length));
        assertEquals(KnownFindings.K2_VAR_DATA_HEADER_LENGTH, KnownFindings.classify(ex));
    }

    /**
     * K3 (semantic, no exception): a SUSPECT update about a node with incarnation {@code Integer.MAX_VALUE} makes it
     * refute with {@code MAX_VALUE + 1}, which wraps to {@code MIN_VALUE}; every member then holds a higher
     * incarnation and ignores the node's refutations. Needs the cluster key (or no encryption). Fix: refuse
     * updates at MAX_VALUE or compare incarnations with wrap-around.
     */
    @Test
    void k3SuspicionAtMaxIncarnationWrapsTheRefutation()
    {
        final SwimNode node = node();
        frameHeader(2, 1);
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, FRAME_HEADER, header);
        gossip.updatesCount(1).next().memberId(1).incarnation(Integer.MAX_VALUE).state(MemberState.SUSPECT)
            .metaVersion(0).fromNode(2).endpoint().ipv4(1).port(1);
        node.onFrame(1, buffer, 0, FRAME_HEADER + 8 + gossip.encodedLength());
        assertEquals(Integer.MIN_VALUE, node.incarnation());
    }

    @Test
    void otherExceptionsAreNotTolerated()
    {
        assertEquals(KnownFindings.NONE, KnownFindings.classify(new IllegalArgumentException("Unknown value: 2")));
        assertEquals(KnownFindings.NONE, KnownFindings.classify(new IndexOutOfBoundsException("x")));
        assertEquals(KnownFindings.NONE, KnownFindings.classify(new NullPointerException()));
    }
}

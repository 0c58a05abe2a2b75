package io.starling.engine.security;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.NONE;
import static io.starling.engine.security.FrameCipherTest.KEY_1;
import static io.starling.engine.security.FrameCipherTest.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol-level security: a sealed cluster works, and a node without the cluster key can neither join, nor inject
 * updates, nor read state. Its frames are dropped and counted; it learns nothing from the cluster's frames.
 */
class SecureClusterTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MEMBERS = 4;
    private static final int INTRUDER_ID = 666;

    /** How the node without the cluster key is set up. */
    enum Intruder
    {
        /** Sends frames in clear. */
        NO_ENCRYPTION,
        /** Seals with its own key under the cluster key's id. */
        WRONG_KEY_SAME_ID,
        /** Seals with its own key under an id the cluster does not have. */
        UNKNOWN_KEY_ID;

        Keyring keyring()
        {
            switch (this)
            {
                case WRONG_KEY_SAME_ID:
                    return FrameCipherTest.keyring(1, key(16, 66));
                case UNKNOWN_KEY_ID:
                    return FrameCipherTest.keyring(7, key(16, 66));
                default:
                    return null;
            }
        }

        int expectedReason()
        {
            switch (this)
            {
                case WRONG_KEY_SAME_ID:
                    return FrameCipher.BAD_TAG;
                case UNKNOWN_KEY_ID:
                    return FrameCipher.UNKNOWN_KEY;
                default:
                    return FrameCipher.NOT_SEALED;
            }
        }
    }

    private static SecureTestCluster cluster(final long seed, final Intruder intruder)
    {
        final SecureTestCluster c = new SecureTestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(5)), seed, LATENCY_NS);
        for (int i = 0; i < MEMBERS; i++)
        {
            c.add(100 + i, FrameCipherTest.keyring(1, KEY_1));
        }
        if (null != intruder)
        {
            c.add(INTRUDER_ID, intruder.keyring());
        }
        c.startAll();
        return c;
    }

    @Test
    void sealedClusterConvergesAndEveryFrameOnTheWireIsSealed()
    {
        final SecureTestCluster c = cluster(1, null);
        c.runPeriods(15);
        for (int i = 0; i < MEMBERS; i++)
        {
            final SecureTestCluster.Process p = c.processes.get(i);
            assertEquals(MEMBERS, p.node.liveMemberCount(), "node " + i);
            for (int m = 0; m < MEMBERS; m++)
            {
                assertEquals(ALIVE, p.node.memberState(100 + m));
            }
            assertEquals(0, SecurityDrops.total(p.counters));
            assertEquals(0, p.counters[ProtocolCounters.DROP_MALFORMED]);
            assertEquals(0, p.counters[TransportCounters.DROP_SEAL_FAILED]);
            assertTrue(p.cipher.framesOpened() > 0);
        }
        assertTrue(c.wire.size() > 100);
        for (final SecureTestCluster.WireFrame frame : c.wire)
        {
            assertEquals(1, frame.bytes()[FLAGS_AT] & 1, "sealed flag");
            assertTrue(frame.bytes().length <= SecureTestCluster.TRANSPORT_BUDGET_BYTES);
        }
    }

    private static final int FLAGS_AT = MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.flagsEncodingOffset();

    @ParameterizedTest
    @EnumSource(Intruder.class)
    void nodeWithoutTheKeyCannotJoinAndLearnsNothing(final Intruder kind)
    {
        final SecureTestCluster c = cluster(2, kind);
        c.runPeriods(20);
        final SecureTestCluster.Process intruder = c.processes.get(MEMBERS);

        for (int i = 0; i < MEMBERS; i++)
        {
            final SecureTestCluster.Process p = c.processes.get(i);
            assertEquals(NONE, p.node.memberState(INTRUDER_ID), "node " + i + " never heard of the intruder");
            assertEquals(-1, p.directory.slotOf(INTRUDER_ID));
            assertEquals(MEMBERS, p.node.liveMemberCount());
            final long fromIntruder = c.wire.stream()
                .filter(f -> f.from() == MEMBERS && f.to() == p.index && f.deliveredAtNs() <= c.nowNs).count();
            assertEquals(fromIntruder, SecurityDrops.total(p.counters),
                "every intruder frame at node " + i + " dropped and counted");
            assertEquals(fromIntruder, p.cipher.openRejections(kind.expectedReason()));
        }
        assertTrue(SecurityDrops.total(c.processes.get(0).counters) > 0, "the intruder tried");
        assertEquals(1, intruder.node.liveMemberCount(), "the intruder knows only itself");
        assertEquals(0, intruder.counters[ProtocolCounters.FRAMES_RECEIVED], "nobody answered it");
        assertEquals(0, c.wire.stream().filter(f -> f.to() == MEMBERS).count());
    }

    @ParameterizedTest
    @EnumSource(Intruder.class)
    void forgedUpdatesChangeNoState(final Intruder kind)
    {
        final SecureTestCluster c = cluster(3, kind);
        c.runPeriods(15);
        final SecureTestCluster.Process intruder = c.processes.get(MEMBERS);
        final List<byte[]> forgeries = forgeries(kind, intruder);

        for (int i = 0; i < MEMBERS; i++)
        {
            final SecureTestCluster.Process p = c.processes.get(i);
            final long[] before = p.state();
            final long framesBefore = p.counters[ProtocolCounters.FRAMES_RECEIVED];
            final long dropsBefore = SecurityDrops.total(p.counters);
            for (final byte[] forged : forgeries)
            {
                p.receive(forged.clone());
            }
            assertArrayEquals(before, p.state(), "node " + i + " table unchanged");
            assertEquals(framesBefore, p.counters[ProtocolCounters.FRAMES_RECEIVED], "none reached the node");
            assertEquals(dropsBefore + forgeries.size(), SecurityDrops.total(p.counters));
        }

        c.runPeriods(20);
        for (int i = 0; i < MEMBERS; i++)
        {
            for (int m = 0; m < MEMBERS; m++)
            {
                assertEquals(ALIVE, c.processes.get(i).node.memberState(100 + m), "cluster unharmed");
            }
            assertEquals(NONE, c.processes.get(i).node.memberState(9_999));
        }

        if (Intruder.NO_ENCRYPTION == kind)
        {
            // Control: the same forgeries handed to a node past the cipher do change its state.
            final SecureTestCluster.Process p = c.processes.get(0);
            final long[] before = p.state();
            for (final byte[] forged : forgeries)
            {
                p.node.onFrame(c.nowNs, new UnsafeBuffer(forged.clone()), 0, forged.length);
            }
            assertEquals(ALIVE, p.node.memberState(9_999), "the forged member was learned");
            assertFalse(java.util.Arrays.equals(before, p.state()));
        }
    }

    @Test
    void eavesdropperCannotReadTheClustersFrames()
    {
        final SecureTestCluster c = cluster(4, Intruder.WRONG_KEY_SAME_ID);
        c.runPeriods(15);
        final SecureTestCluster.Process intruder = c.processes.get(MEMBERS);
        final List<SecureTestCluster.WireFrame> sealed = new ArrayList<>();
        for (final SecureTestCluster.WireFrame frame : c.wire)
        {
            if (frame.from() < MEMBERS)
            {
                sealed.add(frame);
            }
        }
        assertTrue(sealed.size() > 100);

        final long[] before = intruder.state();
        for (final SecureTestCluster.WireFrame frame : sealed)
        {
            intruder.receive(frame.bytes().clone());
        }
        assertArrayEquals(before, intruder.state());
        assertEquals(1, intruder.node.liveMemberCount());
        assertEquals(0, intruder.counters[ProtocolCounters.FRAMES_RECEIVED]);
        assertEquals(sealed.size(), intruder.cipher.openRejections(FrameCipher.BAD_TAG));

        // The messages do not show through: no 12-byte run of a frame's clear messages appears in its sealed form.
        final FrameCipher insider = new FrameCipher(new FrameCipher.Context()
            .keyring(FrameCipherTest.keyring(1, KEY_1)).replayProtection(false));
        for (final SecureTestCluster.WireFrame frame : sealed)
        {
            final byte[] bytes = frame.bytes();
            final int length = insider.open(new UnsafeBuffer(bytes), 0, bytes.length);
            assertEquals(bytes.length - FrameCipher.SEAL_OVERHEAD_BYTES, length);
            final byte[] clear = new byte[length];
            insider.openedBuffer().getBytes(0, clear);
            for (int start = FramePacker.FRAME_HEADER_LENGTH; start + 12 <= length; start += 12)
            {
                assertFalse(contains(bytes, clear, start, 12), "clear run at " + start + " visible");
            }
        }
    }

    @Test
    void framesReplayedFromTheWireAreDroppedAndChangeNoState()
    {
        final SecureTestCluster c = cluster(5, null);
        c.runPeriods(15);
        final SecureTestCluster.Process target = c.processes.get(1);
        final List<byte[]> delivered = new ArrayList<>();
        for (final SecureTestCluster.WireFrame frame : c.wire)
        {
            if (frame.to() == target.index && frame.deliveredAtNs() <= c.nowNs)
            {
                delivered.add(frame.bytes());
            }
        }
        assertTrue(delivered.size() > 20);

        final long[] before = target.state();
        final long framesBefore = target.counters[ProtocolCounters.FRAMES_RECEIVED];
        for (final byte[] frame : delivered)
        {
            target.receive(frame.clone());
        }
        assertArrayEquals(before, target.state());
        assertEquals(framesBefore, target.counters[ProtocolCounters.FRAMES_RECEIVED]);
        assertEquals(delivered.size(), target.cipher.openRejections(FrameCipher.REPLAYED));
        assertEquals(delivered.size(), SecurityDrops.total(target.counters));
    }

    @Test
    void wrongClusterIdIsDroppedInClear()
    {
        final SecureTestCluster c = new SecureTestCluster(new ProtocolConfig(), 6, LATENCY_NS);
        for (int i = 0; i < 3; i++)
        {
            c.add(100 + i, FrameCipherTest.keyring(1, KEY_1));
        }
        c.add(INTRUDER_ID, FrameCipherTest.keyring(1, KEY_1), 4242);
        c.startAll();
        c.runPeriods(10);
        final long fromOtherCluster = c.wire.stream()
            .filter(f -> f.from() == 3 && f.to() == 0 && f.deliveredAtNs() <= c.nowNs).count();
        assertTrue(fromOtherCluster > 0);
        assertEquals(fromOtherCluster, c.processes.get(0).counters[ProtocolCounters.DROP_WRONG_CLUSTER]);
        assertEquals(0, SecurityDrops.total(c.processes.get(0).counters));
        assertEquals(NONE, c.processes.get(0).node.memberState(INTRUDER_ID));
    }

    private static boolean contains(final byte[] haystack, final byte[] needle, final int start, final int length)
    {
        outer:
        for (int i = 0; i + length <= haystack.length; i++)
        {
            for (int j = 0; j < length; j++)
            {
                if (haystack[i + j] != needle[start + j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Frames an attacker without the key would send: declare a member dead, make a member leave (spoofing its node
     * id as the source), join, and push a fake member through a push-pull chunk; each in the intruder's manner.
     */
    private static List<byte[]> forgeries(final Intruder kind, final SecureTestCluster.Process intruder)
    {
        final List<byte[]> plain = new ArrayList<>();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frameHeader = new FrameHeaderEncoder();
        for (int dst = 100; dst < 100 + MEMBERS; dst++)
        {
            final UnsafeBuffer gossip = new UnsafeBuffer(new byte[256]);
            frameHeader.wrapAndApplyHeader(gossip, 0, header).clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT)
                .srcNode(101).dstNode(dst).sequence(1).flags((short)0);
            final GossipEncoder g = new GossipEncoder()
                .wrapAndApplyHeader(gossip, FramePacker.FRAME_HEADER_LENGTH, header);
            final GossipEncoder.UpdatesEncoder u = g.updatesCount(2);
            u.next().memberId(102).incarnation(1_000).state(MemberState.DEAD).metaVersion(0).fromNode(101)
                .endpoint().ipv4(1).port(1);
            u.next().memberId(9_999).incarnation(1).state(MemberState.ALIVE).metaVersion(0).fromNode(101)
                .endpoint().ipv4(1).port(1);
            plain.add(bytes(gossip, FramePacker.FRAME_HEADER_LENGTH + 8 + g.encodedLength()));

            final UnsafeBuffer leave = new UnsafeBuffer(new byte[256]);
            frameHeader.wrapAndApplyHeader(leave, 0, header).clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT)
                .srcNode(103).dstNode(dst).sequence(2).flags((short)0);
            final LeaveEncoder l = new LeaveEncoder()
                .wrapAndApplyHeader(leave, FramePacker.FRAME_HEADER_LENGTH, header).nodeId(103).incarnation(1_000);
            plain.add(bytes(leave, FramePacker.FRAME_HEADER_LENGTH + 8 + l.encodedLength()));

            final UnsafeBuffer join = new UnsafeBuffer(new byte[256]);
            frameHeader.wrapAndApplyHeader(join, 0, header).clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT)
                .srcNode(INTRUDER_ID).dstNode(-1).sequence(3).flags((short)0);
            final JoinEncoder j = new JoinEncoder()
                .wrapAndApplyHeader(join, FramePacker.FRAME_HEADER_LENGTH, header)
                .nodeId(INTRUDER_ID).incarnation(0).metaVersion(0);
            j.endpoint().ipv4(1).port(1);
            j.putMetadata(new byte[0], 0, 0);
            plain.add(bytes(join, FramePacker.FRAME_HEADER_LENGTH + 8 + j.encodedLength()));

            final UnsafeBuffer push = new UnsafeBuffer(new byte[256]);
            frameHeader.wrapAndApplyHeader(push, 0, header).clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT)
                .srcNode(100).dstNode(dst).sequence(4).flags((short)0);
            final PushPullChunkEncoder p = new PushPullChunkEncoder()
                .wrapAndApplyHeader(push, FramePacker.FRAME_HEADER_LENGTH, header)
                .syncId(1).chunkIndex(0).chunkCount(1).isReply(BooleanType.T).isJoin(BooleanType.F).totalMembers(1);
            final PushPullChunkEncoder.MembersEncoder m = p.membersCount(1);
            m.next().memberId(9_999).incarnation(5).state(MemberState.ALIVE).metaVersion(0).endpoint().ipv4(1).port(1);
            m.putMetadata(new byte[0], 0, 0);
            plain.add(bytes(push, FramePacker.FRAME_HEADER_LENGTH + 8 + p.encodedLength()));
        }

        if (null == intruder.cipher)
        {
            return plain;
        }
        final List<byte[]> sealed = new ArrayList<>();
        for (final byte[] frame : plain)
        {
            final int length = intruder.cipher.seal(new UnsafeBuffer(frame), 0, frame.length);
            assertEquals(frame.length + FrameCipher.SEAL_OVERHEAD_BYTES, length, kind.name());
            sealed.add(bytes(intruder.cipher.sealedBuffer(), length));
        }
        return sealed;
    }

    private static byte[] bytes(final org.agrona.DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}

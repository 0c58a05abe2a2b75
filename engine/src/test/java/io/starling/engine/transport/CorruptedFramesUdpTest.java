package io.starling.engine.transport;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.driver.DriverPreset;
import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.Member;
import io.starling.engine.api.MembershipListener;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two engines in clear over Aeron UDP on loopback, and a link that corrupts a frame in flight: a Gossip saying the
 * live peer is ALIVE at its current incarnation, checksummed as a sender checksums it, whose state byte then loses
 * to one flipped bit (ALIVE 0 becomes DEAD 2). Well-formed, from a member, at the member's incarnation: without a
 * checksum the victim believes it and declares a live member dead (the deaths of the loopback flood). The victim
 * must drop it as {@code DROP_BAD_CHECKSUM} and change nothing, while the same frame uncorrupted is accepted.
 */
class CorruptedFramesUdpTest
{
    private static final int VICTIM = 1;
    private static final int PEER = 2;
    private static final int NEW_MEMBER = 666;
    private static final int LOOPBACK = 0x7F00_0001;
    private static final int H = FramePacker.FRAME_HEADER_LENGTH;
    private static final int M = MessageHeaderEncoder.ENCODED_LENGTH;

    private final List<StarlingEngine> engines = new ArrayList<>();
    private final List<String> victimEvents = new CopyOnWriteArrayList<>();
    private final List<Throwable> linkErrors = new CopyOnWriteArrayList<>();
    private final long[] linkCounters = new long[EngineCounters.SINK_COUNT];
    private EmbeddedDriver linkDriver;
    private AeronTransport link;

    @AfterEach
    void close()
    {
        if (null != link)
        {
            link.close();
        }
        if (null != linkDriver)
        {
            linkDriver.close();
        }
        engines.forEach(StarlingEngine::close);
    }

    @Test
    void bitFlippedDeadClaimIsDroppedAndCountedNotApplied()
    {
        final StarlingEngine victim = launch(EngineTestSupport.loopbackContext().nodeIds(VICTIM)
            .protocolConfig(lanProtocol()).membershipListener(recorder()));
        final StarlingEngine peer = launch(EngineTestSupport.loopbackContext().nodeIds(PEER)
            .protocolConfig(lanProtocol()).seeds("127.0.0.1:" + victim.context().bindPort()));
        assertTrue(await(15_000, () -> io.starling.engine.protocol.MemberState.ALIVE == victim.memberState(0, PEER) &&
            io.starling.engine.protocol.MemberState.ALIVE == peer.memberState(0, VICTIM)), "pair did not join");

        linkDriver = EmbeddedDriver.launch(DriverPreset.DENSITY, new File(
            StarlingEngine.Context.defaultBaseDirectory(), "starling-link-" + ProcessHandle.current().pid()).getPath(),
            64 * 1024, 1408, linkErrors::add);
        link = new AeronTransport(linkDriver, "127.0.0.1", EngineTestSupport.freeUdpPort(),
            StarlingEngine.Context.STREAM_ID_DEFAULT, 1408, 64 * 1024, new BacklogConfig().conclude(),
            (id, delta) -> linkCounters[id] += delta, linkErrors::add);
        final int victimPort = victim.context().bindPort();

        // A genuine frame, checksummed: news of a member the victim does not know, which it must accept.
        final byte[] genuine = onTheWire(gossip(NEW_MEMBER, 1, LOOPBACK, 40_000));
        send(victimPort, genuine);
        assertTrue(pumpLink(10_000, () -> 1 == link.connectedCount()), "link not connected");
        send(victimPort, genuine);
        assertTrue(pumpLink(10_000, () -> io.starling.engine.protocol.MemberState.NONE !=
            victim.memberState(0, NEW_MEMBER)), () -> "the genuine frame was not accepted: " + drops(victim));

        final int incarnation = incarnationOf(victim, PEER);
        final List<String> eventsBefore = new ArrayList<>(victimEvents);
        final long deathsBefore = victim.protocolCounter(ProtocolCounters.DEATHS_DECLARED);
        final long suspicionsBefore = victim.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED);
        final long malformedBefore = victim.protocolCounter(ProtocolCounters.DROP_MALFORMED);

        // The peer's own news, checksummed by its sender, then one bit flipped in flight: ALIVE (0) -> DEAD (2).
        final byte[] corrupted = onTheWire(gossip(PEER, incarnation, LOOPBACK, peer.context().bindPort()));
        final int stateOffset = H + M + GossipEncoder.BLOCK_LENGTH + 4 +
            GossipEncoder.UpdatesEncoder.stateEncodingOffset();
        assertEquals(MemberState.ALIVE.value(), corrupted[stateOffset]);
        corrupted[stateOffset] ^= 0b10;
        assertEquals(MemberState.DEAD.value(), corrupted[stateOffset]);
        send(victimPort, corrupted);

        assertTrue(pumpLink(10_000, () -> 1 == victim.protocolCounter(TransportCounters.DROP_BAD_CHECKSUM)),
            () -> "the corrupted frame was not counted: " + drops(victim) + " events " + victimEvents);
        // Another second of protocol: a DEAD claim that got through would show by now (as a listener event at least,
        // even if the peer's refutation has overtaken it in the view).
        final long settleEnd = System.currentTimeMillis() + 1_000;
        await(2_000, () -> System.currentTimeMillis() > settleEnd);
        assertEquals(io.starling.engine.protocol.MemberState.ALIVE, victim.memberState(0, PEER));
        assertEquals(incarnation, incarnationOf(victim, PEER), "the peer had to refute: the claim got through");
        assertEquals(eventsBefore, victimEvents);
        assertEquals(deathsBefore, victim.protocolCounter(ProtocolCounters.DEATHS_DECLARED));
        assertEquals(suspicionsBefore, victim.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED));
        assertEquals(malformedBefore, victim.protocolCounter(ProtocolCounters.DROP_MALFORMED));
        assertEquals(1, victim.protocolCounter(TransportCounters.DROP_BAD_CHECKSUM));
        assertEquals(0, peer.protocolCounter(TransportCounters.DROP_BAD_CHECKSUM), "the engines' own frames failed");
    }

    /**
     * What a sender puts on the network for a frame in clear: the frame and its CRC32C (little endian), computed here
     * with the JDK's {@link java.util.zip.CRC32C}, apart from the engine's code.
     */
    private static byte[] onTheWire(final byte[] frame)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, 0, frame.length);
        final byte[] wire = java.util.Arrays.copyOf(frame, frame.length + 4);
        new UnsafeBuffer(wire).putInt(frame.length, (int)crc.getValue(), java.nio.ByteOrder.LITTLE_ENDIAN);
        return wire;
    }

    private static int incarnationOf(final StarlingEngine engine, final int memberId)
    {
        for (final Member member : engine.members(0))
        {
            if (member.nodeId() == memberId)
            {
                return member.incarnation();
            }
        }
        throw new AssertionError("member " + memberId + " unknown");
    }

    private static String drops(final StarlingEngine engine)
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 0; id < EngineCounters.SINK_COUNT; id++)
        {
            if (EngineCounters.label(id).startsWith("drop") && engine.protocolCounter(id) > 0)
            {
                sb.append(EngineCounters.label(id)).append('=').append(engine.protocolCounter(id)).append("; ");
            }
        }
        return sb.toString();
    }

    private static ProtocolConfig lanProtocol()
    {
        return new ProtocolConfig()
            .probeIntervalNs(1_000_000_000L)
            .probeTimeoutNs(500_000_000L)
            .gossipIntervalNs(200_000_000L)
            .pushPullIntervalNs(2_000_000_000L);
    }

    private StarlingEngine launch(final StarlingEngine.Context ctx)
    {
        final StarlingEngine engine = StarlingEngine.launch(ctx);
        engines.add(engine);
        return engine;
    }

    private MembershipListener recorder()
    {
        return new MembershipListener()
        {
            public void onSuspect(final int observerId, final int memberId, final int incarnation)
            {
                if (PEER == memberId)
                {
                    victimEvents.add("suspect " + memberId);
                }
            }

            public void onDead(final int observerId, final int memberId, final int incarnation)
            {
                if (PEER == memberId)
                {
                    victimEvents.add("dead " + memberId);
                }
            }
        };
    }

    /** Run the link's transport (and its INVOKER-mode driver) without pause until the condition holds. */
    private boolean pumpLink(final long timeoutMs, final java.util.function.BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() - deadlineNs < 0)
        {
            link.doWork(System.nanoTime());
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.yield();
        }
        return false;
    }

    private void send(final int port, final byte[] frame)
    {
        assertTrue(link.send(LOOPBACK, port, new UnsafeBuffer(frame), 0, frame.length), "link could not send");
    }

    private static byte[] gossip(final int memberId, final int incarnation, final int ipv4, final int port)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT).srcNode(PEER).dstNode(VICTIM).sequence(1).flags((short)0);
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, H, header);
        gossip.updatesCount(1).next().memberId(memberId).incarnation(incarnation).state(MemberState.ALIVE)
            .metaVersion(0).fromNode(PEER).endpoint().ipv4(ipv4).port(port);
        final byte[] bytes = new byte[H + M + gossip.encodedLength()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}

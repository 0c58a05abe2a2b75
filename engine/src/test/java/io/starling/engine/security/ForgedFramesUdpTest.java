package io.starling.engine.security;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.MembershipListener;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.BacklogConfig;
import io.starling.driver.DriverPreset;
import io.starling.engine.transport.EmbeddedDriver;
import io.starling.engine.transport.TransportCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two engines sharing a key over Aeron UDP on loopback, and an attacker that reaches the victim's port with its own
 * Aeron publication but has no key. It sends forged frames in clear (a Gossip announcing a fake member, a DEAD claim
 * about a live member, a KeyValueBatch) and forged sealed ones (unknown key id, bad tag, an old frame sealed with
 * the real key, as if captured and replayed). Nothing changes on the victim: members, store and listener events
 * stay as they were, and every frame is counted once under its reason.
 */
class ForgedFramesUdpTest
{
    private static final int VICTIM = 1;
    private static final int PEER = 2;
    private static final int FAKE_MEMBER = 666;
    private static final int ALIVE_STATE = io.starling.engine.protocol.MemberState.ALIVE;
    private static final int LOOPBACK = 0x7F00_0001;
    private static final int H = FramePacker.FRAME_HEADER_LENGTH;
    private static final int M = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final byte[] FORGED_KEY = "forged".getBytes(StandardCharsets.US_ASCII);

    private final List<StarlingEngine> engines = new ArrayList<>();
    private final List<String> victimEvents = new CopyOnWriteArrayList<>();
    private final List<Throwable> attackerErrors = new CopyOnWriteArrayList<>();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final long[] attackerCounters = new long[EngineCounters.SINK_COUNT];
    private EmbeddedDriver attackerDriver;
    private AeronTransport attacker;

    @AfterEach
    void close()
    {
        if (null != attacker)
        {
            attacker.close();
        }
        if (null != attackerDriver)
        {
            attackerDriver.close();
        }
        engines.forEach(StarlingEngine::close);
    }

    @Test
    void forgedFramesChangeNothingAndAreCountedByReason()
    {
        final byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        // memberlist's LAN timing (probe 1 s, timeout 500 ms): on a busy machine the 50 ms timeout of the fast test
        // settings lets a late ack raise a genuine suspicion, which would blur "listener events unchanged".
        final StarlingEngine victim = launch(EngineTestSupport.loopbackContext().nodeIds(VICTIM)
            .protocolConfig(lanProtocol()).keyring(keyring(key)).replicationEnabled(true)
            .membershipListener(recorder()));
        final StarlingEngine peer = launch(EngineTestSupport.loopbackContext().nodeIds(PEER)
            .protocolConfig(lanProtocol()).keyring(keyring(key)).replicationEnabled(true)
            .seeds("127.0.0.1:" + victim.context().bindPort()));
        assertTrue(await(15_000, () -> ALIVE_STATE == victim.memberState(0, PEER) &&
            ALIVE_STATE == peer.memberState(0, VICTIM)), "encrypted pair did not join");
        final List<String> eventsBefore = new ArrayList<>(victimEvents);
        final long deathsBefore = victim.protocolCounter(ProtocolCounters.DEATHS_DECLARED);
        final long suspicionsBefore = victim.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED);
        for (final int id : new int[] {TransportCounters.DROP_NOT_SEALED, TransportCounters.DROP_UNKNOWN_KEY,
            TransportCounters.DROP_BAD_TAG, TransportCounters.DROP_REPLAYED, TransportCounters.DROP_DECRYPT_FAILED})
        {
            assertEquals(0, victim.protocolCounter(id), EngineCounters.label(id) + " before the attack");
        }

        attackerDriver = EmbeddedDriver.launch(DriverPreset.DENSITY, new File(
            StarlingEngine.Context.defaultBaseDirectory(), "starling-forger-" + ProcessHandle.current().pid()).getPath(),
            64 * 1024, 1408, attackerErrors::add);
        attacker = new AeronTransport(attackerDriver, "127.0.0.1", EngineTestSupport.freeUdpPort(),
            StarlingEngine.Context.STREAM_ID_DEFAULT, 1408, 64 * 1024, new BacklogConfig().conclude(),
            (id, delta) -> attackerCounters[id] += delta, attackerErrors::add);
        final int victimPort = victim.context().bindPort();
        // Connect first (the attacker's INVOKER-mode driver runs in doWork; a frame held while the publication
        // connects may expire), then one harmless frame in clear: it only repeats what the victim knows.
        send(victimPort, gossip(PEER, 1, MemberState.ALIVE));
        assertTrue(pumpAttacker(10_000, () -> 1 == attacker.connectedCount()), "attacker not connected");
        send(victimPort, gossip(PEER, 1, MemberState.ALIVE));
        assertTrue(pumpAttacker(10_000, () -> victim.protocolCounter(TransportCounters.DROP_NOT_SEALED) > 0),
            () -> "nothing arrived: " + java.util.Arrays.toString(attackerCounters) + attackerErrors);
        final long notSealedBefore = victim.protocolCounter(TransportCounters.DROP_NOT_SEALED);

        // In clear: each would change the victim's state if it reached the protocol.
        send(victimPort, gossip(FAKE_MEMBER, 1, MemberState.ALIVE));
        send(victimPort, gossip(PEER, 1_000, MemberState.DEAD));
        send(victimPort, keyValueBatch());
        // Sealed, forged: a key id nobody installed, and the right key id with a made-up nonce and tag.
        send(victimPort, forgedSealed(gossip(PEER, 1_001, MemberState.DEAD), 77));
        send(victimPort, forgedSealed(gossip(PEER, 1_002, MemberState.DEAD), 1));
        // Sealed with the real key, but older than the victim's window for this source: a captured frame replayed.
        final FrameCipher oldSender = new FrameCipher(new FrameCipher.Context().keyring(keyring(key))
            .initialNonceCounter(1).maxFrameLengthBytes(1376));
        final byte[] dead = gossip(PEER, 1_003, MemberState.DEAD);
        final int sealedLength = oldSender.seal(new UnsafeBuffer(dead), 0, dead.length);
        assertTrue(sealedLength > 0);
        final byte[] replayed = new byte[sealedLength];
        oldSender.sealedBuffer().getBytes(0, replayed);
        send(victimPort, replayed);

        assertTrue(pumpAttacker(15_000, () ->
        {
            return notSealedBefore + 3 == victim.protocolCounter(TransportCounters.DROP_NOT_SEALED) &&
                1 == victim.protocolCounter(TransportCounters.DROP_UNKNOWN_KEY) &&
                1 == victim.protocolCounter(TransportCounters.DROP_BAD_TAG) &&
                1 == victim.protocolCounter(TransportCounters.DROP_REPLAYED);
        }), () -> "drops: not sealed " + victim.protocolCounter(TransportCounters.DROP_NOT_SEALED) +
            ", unknown key " + victim.protocolCounter(TransportCounters.DROP_UNKNOWN_KEY) +
            ", bad tag " + victim.protocolCounter(TransportCounters.DROP_BAD_TAG) +
            ", replayed " + victim.protocolCounter(TransportCounters.DROP_REPLAYED) + ", malformed " +
            victim.protocolCounter(ProtocolCounters.DROP_MALFORMED) + "; attacker " +
            java.util.Arrays.toString(attackerCounters) + attackerErrors);

        // Another second of protocol: a forged claim that got through would show by now.
        final long settleEnd = System.currentTimeMillis() + 1_000;
        await(2_000, () -> System.currentTimeMillis() > settleEnd);
        assertEquals(2, victim.members().size(), () -> victim.members().toString());
        assertEquals(ALIVE_STATE, victim.memberState(0, PEER));
        assertEquals(io.starling.engine.protocol.MemberState.NONE, victim.memberState(0, FAKE_MEMBER));
        assertTrue(victim.get(FORGED_KEY).isEmpty(), "forged key-value entry stored");
        assertEquals(eventsBefore, victimEvents);
        assertEquals(deathsBefore, victim.protocolCounter(ProtocolCounters.DEATHS_DECLARED));
        assertEquals(suspicionsBefore, victim.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED));
        assertEquals(0, victim.protocolCounter(TransportCounters.DROP_DECRYPT_FAILED));
        assertEquals(0, victim.protocolCounter(ProtocolCounters.DROP_SEMANTIC));
        assertEquals(0, peer.protocolCounter(TransportCounters.DROP_SEAL_FAILED));
    }

    private static io.starling.engine.protocol.ProtocolConfig lanProtocol()
    {
        return new io.starling.engine.protocol.ProtocolConfig()
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

    private static Keyring keyring(final byte[] key)
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, key);
        keyring.usePrimary(1);
        return keyring;
    }

    private MembershipListener recorder()
    {
        return new MembershipListener()
        {
            public void onJoin(final int observerId, final int memberId, final int incarnation)
            {
                victimEvents.add("join " + memberId);
            }

            public void onSuspect(final int observerId, final int memberId, final int incarnation)
            {
                victimEvents.add("suspect " + memberId);
            }

            public void onDead(final int observerId, final int memberId, final int incarnation)
            {
                victimEvents.add("dead " + memberId);
            }

            public void onLeft(final int observerId, final int memberId, final int incarnation)
            {
                victimEvents.add("left " + memberId);
            }
        };
    }

    /** Run the attacker's transport (and its INVOKER-mode driver) without pause until the condition holds. */
    private boolean pumpAttacker(final long timeoutMs, final java.util.function.BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() - deadlineNs < 0)
        {
            attacker.doWork(System.nanoTime());
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
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        assertTrue(attacker.send(LOOPBACK, port, buffer, 0, frame.length), "attacker could not send");
    }

    private UnsafeBuffer frameHeader(final int src)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(io.starling.engine.protocol.ProtocolConfig.CLUSTER_ID_DEFAULT)
            .srcNode(src).dstNode(VICTIM).sequence(1).flags((short)0);
        return buffer;
    }

    private byte[] gossip(final int memberId, final int incarnation, final MemberState state)
    {
        final UnsafeBuffer buffer = frameHeader(PEER);
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(buffer, H, header);
        gossip.updatesCount(1).next().memberId(memberId).incarnation(incarnation).state(state).metaVersion(0)
            .fromNode(PEER).endpoint().ipv4(LOOPBACK).port(40_000);
        return copy(buffer, H + M + gossip.encodedLength());
    }

    private byte[] keyValueBatch()
    {
        final UnsafeBuffer buffer = frameHeader(PEER);
        final KeyValueBatchEncoder batch = new KeyValueBatchEncoder().wrapAndApplyHeader(buffer, H, header)
            .sessionId(1).chunkIndex(0).chunkCount(1).isReply(BooleanType.F);
        final KeyValueBatchEncoder.EntriesEncoder entries = batch.entriesCount(1);
        entries.next().lamportTime(1_000).writerNode(PEER).tombstone(BooleanType.F);
        entries.clockCount(1).next().nodeId(PEER).counter(1_000);
        entries.putKey(FORGED_KEY, 0, FORGED_KEY.length);
        entries.putValue(new byte[] {6, 6, 6}, 0, 3);
        return copy(buffer, H + M + batch.encodedLength());
    }

    /** A frame flagged sealed with a key id, a nonce and a tag made up by someone without the key. */
    private static byte[] forgedSealed(final byte[] clear, final int keyId)
    {
        final byte[] sealed = new byte[clear.length + FrameCipher.SEAL_OVERHEAD_BYTES];
        System.arraycopy(clear, 0, sealed, 0, H);
        sealed[M + io.starling.codecs.FrameHeaderEncoder.flagsEncodingOffset()] |= FrameCipher.FLAG_SEALED;
        sealed[H] = (byte)keyId;
        final byte[] noise = new byte[sealed.length - H - 1];
        new SecureRandom().nextBytes(noise);
        System.arraycopy(noise, 0, sealed, H + 1, noise.length);
        // Nonce counter far in the future, so the replay window cannot be what rejects it.
        new UnsafeBuffer(sealed).putLong(H + 1 + 4, Long.MAX_VALUE - 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        return sealed;
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}

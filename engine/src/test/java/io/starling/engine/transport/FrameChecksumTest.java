package io.starling.engine.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.InboundFrameOpener;
import io.starling.engine.security.Keyring;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRC32C trailer of clear frames ({@link FrameChecksum}) and the inbound gate that checks it
 * ({@link InboundFrameOpener}): the trailer is the JDK's CRC32C of the frame, little endian; every one-, two- and
 * three-bit error in a full frame is caught; each bad frame is counted once under one reason.
 */
class FrameChecksumTest
{
    private static final int BUDGET = FrameChecksum.clearFrameBudgetBytes(1376);
    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final List<byte[]> sent = new ArrayList<>();
    private final List<byte[]> routed = new ArrayList<>();
    private final FrameChecksum checksum = new FrameChecksum(BUDGET,
        (src, dstNode, ipv4, port, buffer, offset, length) -> sent.add(bytes(buffer, offset, length)));

    @Test
    void trailerIsTheCrc32cOfTheFrameLittleEndian()
    {
        final byte[] frame = frame(BUDGET, 7);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(BUDGET + 16));
        direct.putBytes(3, frame);
        checksum.onFrame(0, 1, 2, 3, direct, 3, frame.length);

        assertEquals(1, sent.size());
        final byte[] wire = sent.get(0);
        assertEquals(frame.length + FrameChecksum.LENGTH, wire.length);
        final CRC32C crc = new CRC32C();
        crc.update(frame);
        assertEquals((int)crc.getValue(), ByteBuffer.wrap(wire, frame.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        final byte[] prefix = new byte[frame.length];
        System.arraycopy(wire, 0, prefix, 0, prefix.length);
        assertArrayEquals(frame, prefix);

        assertTrue(checksum.verify(new UnsafeBuffer(wire), 0, wire.length));
        final UnsafeBuffer directWire = new UnsafeBuffer(ByteBuffer.allocateDirect(wire.length + 5));
        directWire.putBytes(5, wire);
        assertTrue(checksum.verify(directWire, 5, wire.length));
    }

    @Test
    void aFrameLongerThanTheBudgetIsAConfigurationError()
    {
        final byte[] frame = frame(BUDGET + 1, 1);
        assertThrows(IllegalStateException.class,
            () -> checksum.onFrame(0, 1, 2, 3, new UnsafeBuffer(frame), 0, frame.length));
        assertTrue(sent.isEmpty());
    }

    @Test
    void everyErrorOfUpToThreeBitsInAFullFrameIsCaught()
    {
        final byte[] frame = frame(BUDGET, 11);
        checksum.onFrame(0, 1, 2, 3, new UnsafeBuffer(frame), 0, frame.length);
        final byte[] wire = sent.get(0);
        final UnsafeBuffer buffer = new UnsafeBuffer(wire);
        final int bits = wire.length * 8;
        for (int i = 0; i < bits; i++)
        {
            flip(wire, i);
            assertFalse(checksum.verify(buffer, 0, wire.length), "bit " + i);
            flip(wire, i);
        }
        final SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 200_000; n++)
        {
            final int a = random.nextInt(bits);
            int b;
            do
            {
                b = random.nextInt(bits);
            }
            while (b == a);
            int c = -1;
            if (random.nextBoolean())
            {
                do
                {
                    c = random.nextInt(bits);
                }
                while (c == a || c == b);
            }
            flip(wire, a);
            flip(wire, b);
            if (c >= 0)
            {
                flip(wire, c);
            }
            assertFalse(checksum.verify(buffer, 0, wire.length), "bits " + a + ", " + b + ", " + c);
            flip(wire, a);
            flip(wire, b);
            if (c >= 0)
            {
                flip(wire, c);
            }
        }
        assertTrue(checksum.verify(buffer, 0, wire.length));
    }

    /**
     * Appending and verifying (through the gate) allocate nothing, from heap and direct buffers alike: measured on
     * this thread by HotSpot's exact per-thread allocated-bytes count, after a warm-up that lets the JIT compile it.
     */
    @Test
    void appendingAndVerifyingAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(BUDGET + FrameChecksum.LENGTH));
        final long[] passed = new long[1];
        final FrameChecksum loop = new FrameChecksum(BUDGET,
            (src, dstNode, ipv4, port, buffer, offset, length) -> direct.putBytes(0, buffer, offset, length));
        final InboundFrameOpener gate = new InboundFrameOpener(loop, (id, delta) -> counters[id] += delta,
            (buffer, offset, length) -> passed[0] += length);
        final UnsafeBuffer heap = new UnsafeBuffer(frame(BUDGET, 9));
        final UnsafeBuffer heapWire = new UnsafeBuffer(new byte[BUDGET + FrameChecksum.LENGTH]);
        final long threadId = Thread.currentThread().getId();
        long allocated = -1;
        for (int round = 0; round < 3; round++)
        {
            // What reading the counter costs by itself, subtracted below.
            final long emptyStart = threads.getThreadAllocatedBytes(threadId);
            final long readCost = threads.getThreadAllocatedBytes(threadId) - emptyStart;
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 200_000; i++)
            {
                loop.onFrame(0, 1, 2, 3, heap, 0, BUDGET);
                gate.onFrame(direct, 0, BUDGET + FrameChecksum.LENGTH);
                heapWire.putBytes(0, direct, 0, BUDGET + FrameChecksum.LENGTH);
                gate.onFrame(heapWire, 0, BUDGET + FrameChecksum.LENGTH);
            }
            allocated = threads.getThreadAllocatedBytes(threadId) - before - readCost;
        }
        assertEquals(0, allocated, "bytes allocated over 200,000 frames appended and verified twice (third round)");
        assertEquals(0, counters[TransportCounters.DROP_BAD_CHECKSUM]);
        assertEquals(3L * 2 * 200_000 * BUDGET, passed[0]);
    }

    @Test
    void clearGateCountsEachBadFrameOnceAndHandsOnTheFrameWithoutItsTrailer()
    {
        final InboundFrameOpener gate = new InboundFrameOpener(checksum, (id, delta) -> counters[id] += delta,
            (buffer, offset, length) -> routed.add(bytes(buffer, offset, length)));
        final byte[] frame = frame(200, 3);
        checksum.onFrame(0, 1, 2, 3, new UnsafeBuffer(frame), 0, frame.length);
        final byte[] wire = sent.get(0);

        gate.onFrame(new UnsafeBuffer(wire), 0, wire.length);
        assertEquals(1, routed.size());
        assertArrayEquals(frame, routed.get(0));

        final byte[] sealedFlag = wire.clone();
        sealedFlag[MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.flagsEncodingOffset()] |=
            FrameCipher.FLAG_SEALED;
        gate.onFrame(new UnsafeBuffer(sealedFlag), 0, sealedFlag.length);
        assertEquals(1, counters[TransportCounters.DROP_BAD_CHECKSUM], "sealed frame at a node without a keyring");

        gate.onFrame(new UnsafeBuffer(frame), 0, frame.length);
        assertEquals(2, counters[TransportCounters.DROP_BAD_CHECKSUM], "frame without its trailer");

        final byte[] notAFrame = wire.clone();
        notAFrame[2] ^= 1;
        gate.onFrame(new UnsafeBuffer(notAFrame), 0, notAFrame.length);
        gate.onFrame(new UnsafeBuffer(wire), 0, FramePacker.FRAME_HEADER_LENGTH + FrameChecksum.LENGTH - 1);
        assertEquals(2, counters[ProtocolCounters.DROP_MALFORMED], "not a FrameHeader; too short for one and a trailer");
        assertEquals(2, counters[TransportCounters.DROP_BAD_CHECKSUM]);
        assertEquals(1, routed.size());
    }

    @Test
    void keyedGateChecksClearFramesOnlyWhenItAcceptsThem()
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, new byte[16]);
        keyring.usePrimary(1);
        final byte[] frame = frame(200, 3);
        checksum.onFrame(0, 1, 2, 3, new UnsafeBuffer(frame), 0, frame.length);
        final byte[] wire = sent.get(0);
        final byte[] corrupted = wire.clone();
        corrupted[100] ^= 4;

        final InboundFrameOpener lenient = gate(keyring, false);
        lenient.onFrame(new UnsafeBuffer(wire), 0, wire.length);
        assertEquals(1, routed.size());
        assertArrayEquals(frame, routed.get(0));
        lenient.onFrame(new UnsafeBuffer(corrupted), 0, corrupted.length);
        assertEquals(1, counters[TransportCounters.DROP_BAD_CHECKSUM]);
        assertEquals(1, routed.size());

        final InboundFrameOpener strict = gate(keyring, true);
        strict.onFrame(new UnsafeBuffer(wire), 0, wire.length);
        assertEquals(1, counters[TransportCounters.DROP_NOT_SEALED], "clear frames are not sealed, checksum or not");
        assertEquals(1, counters[TransportCounters.DROP_BAD_CHECKSUM]);
        assertEquals(1, routed.size());
    }

    private InboundFrameOpener gate(final Keyring keyring, final boolean requireEncryption)
    {
        final FrameCipher cipher = new FrameCipher(new FrameCipher.Context().keyring(keyring)
            .requireEncryption(requireEncryption).counters((id, delta) -> counters[id] += delta));
        return new InboundFrameOpener(cipher, checksum, (id, delta) -> counters[id] += delta,
            (buffer, offset, length) -> routed.add(bytes(buffer, offset, length)));
    }

    /** A FrameHeader of the default cluster followed by random bytes, {@code length} in all. */
    private static byte[] frame(final int length, final long seed)
    {
        final byte[] frame = new byte[length];
        new SplittableRandom(seed).nextBytes(frame);
        new FrameHeaderEncoder().wrapAndApplyHeader(new UnsafeBuffer(frame), 0, new MessageHeaderEncoder())
            .clusterId(ProtocolConfig.CLUSTER_ID_DEFAULT).srcNode(1).dstNode(2).sequence(3).flags((short)0);
        return frame;
    }

    private static void flip(final byte[] bytes, final int bit)
    {
        bytes[bit >> 3] ^= (byte)(1 << (bit & 7));
    }

    private static byte[] bytes(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}

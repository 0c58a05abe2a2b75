package io.starling.engine.security;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import static io.starling.engine.security.FrameCipher.BAD_TAG;
import static io.starling.engine.security.FrameCipher.MALFORMED;
import static io.starling.engine.security.FrameCipher.NOT_SEALED;
import static io.starling.engine.security.FrameCipher.REPLAYED;
import static io.starling.engine.security.FrameCipher.SEAL_OVERHEAD_BYTES;
import static io.starling.engine.security.FrameCipher.TOO_LONG;
import static io.starling.engine.security.FrameCipher.TRUNCATED;
import static io.starling.engine.security.FrameCipher.UNKNOWN_KEY;
import static io.starling.engine.security.FrameCipher.WRONG_CLUSTER;
import static io.starling.engine.security.TestFrames.CLUSTER_ID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCipherTest
{
    static final byte[] KEY_1 = key(16, 1);
    static final byte[] KEY_2 = key(32, 2);
    private static final int HEADER = FramePacker.FRAME_HEADER_LENGTH;
    private static final int FLAGS_AT = MessageHeaderDecoder.ENCODED_LENGTH + FrameHeaderDecoder.flagsEncodingOffset();

    private final long[] senderCounters = new long[EngineCounters.SINK_COUNT];
    private final long[] receiverCounters = new long[EngineCounters.SINK_COUNT];

    static byte[] key(final int length, final int seed)
    {
        final byte[] key = new byte[length];
        for (int i = 0; i < length; i++)
        {
            key[i] = (byte)(seed * 31 + i * 7);
        }
        return key;
    }

    static Keyring keyring(final int keyId, final byte[] key)
    {
        final Keyring keyring = new Keyring();
        keyring.install(keyId, key);
        keyring.usePrimary(keyId);
        return keyring;
    }

    private static FrameCipher cipher(final Keyring keyring, final long[] counters)
    {
        return new FrameCipher(new FrameCipher.Context()
            .keyring(keyring)
            .clusterId(CLUSTER_ID)
            .noncePrefix(0x1234_5678)
            .initialNonceCounter(1000)
            .counters((id, delta) -> counters[id] += delta));
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static long drops(final long[] counters)
    {
        return counters[ProtocolCounters.DROP_MALFORMED] + counters[ProtocolCounters.DROP_WRONG_CLUSTER] +
            SecurityDrops.total(counters);
    }

    private static MutableDirectBuffer buffer(final String kind, final int capacity)
    {
        switch (kind)
        {
            case "heap":
                return new UnsafeBuffer(new byte[capacity]);
            case "direct":
                return new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtilHolder.align(capacity), 64));
            case "heapByteBuffer":
                return new UnsafeBuffer(ByteBuffer.allocate(capacity + 16), 5, capacity);
            default:
                return new ExpandableArrayBuffer(capacity);
        }
    }

    private static final class BitUtilHolder
    {
        static int align(final int capacity)
        {
            return org.agrona.BitUtil.align(capacity, 64);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct", "heapByteBuffer", "expandable"})
    void roundTripThroughEveryKindOfBuffer(final String kind)
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final MutableDirectBuffer plain = buffer(kind, 2048);
        final MutableDirectBuffer sealed = buffer(kind, 2048);
        final MutableDirectBuffer opened = buffer(kind, 2048);

        final int pingLength = TestFrames.PING_2_UPDATES_LENGTH;
        for (final int length : new int[]{pingLength, 100, 500, 1347})
        {
            final int frameLength = pingLength == length ?
                TestFrames.ping(plain, 3, CLUSTER_ID, 101, 102, 1, 2) :
                TestFrames.rumor(plain, 3, CLUSTER_ID, 101, 102, 1, length);
            assertEquals(length, frameLength);

            final int sealedLength = sender.seal(plain, 3, frameLength, sealed, 11);
            assertEquals(frameLength + SEAL_OVERHEAD_BYTES, sealedLength);

            final int openedLength = receiver.open(sealed, 11, sealedLength, opened, 7);
            assertEquals(frameLength, openedLength);

            final byte[] expected = bytes(plain, 3, frameLength);
            expected[FLAGS_AT] |= FrameCipher.FLAG_SEALED;
            assertArrayEquals(expected, bytes(opened, 7, openedLength), "opened = original with the sealed flag");

            final FrameValidator validator = new FrameValidator(4);
            assertEquals(FrameValidator.OK, validator.validate(opened, 7, openedLength));
        }
        assertEquals(4, sender.framesSealed());
        assertEquals(4, receiver.framesOpened());
        assertEquals(0, drops(receiverCounters));
    }

    @Test
    void warmUpSealsAndOpensEveryFrame()
    {
        final long startNs = System.nanoTime();
        assertEquals(10_000, FrameCipher.warmUp(10_000));
        System.out.println("FrameCipher.warmUp(10,000): " + (System.nanoTime() - startNs) / 1_000_000 + " ms");
    }

    @Test
    void sealedFrameKeepsHeaderInClearThenKeyIdNonceCiphertextTag()
    {
        final FrameCipher sender = cipher(keyring(9, KEY_1), senderCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[2048]);
        final int length = TestFrames.rumor(plain, 0, CLUSTER_ID, 101, 102, 77, 400);

        final int sealedLength = sender.seal(plain, 0, length);
        final DirectBuffer sealed = sender.sealedBuffer();
        assertEquals(length + 29, sealedLength);

        final byte[] header = bytes(plain, 0, HEADER);
        header[FLAGS_AT] |= 1;
        assertArrayEquals(header, bytes(sealed, 0, HEADER), "header in clear, flag bit 0 set");
        assertEquals(9, sealed.getByte(HEADER) & 0xFF, "key id");
        assertEquals(0x1234_5678, sealed.getInt(HEADER + 1, ByteOrder.LITTLE_ENDIAN), "nonce prefix");
        assertEquals(1000, sealed.getLong(HEADER + 5, ByteOrder.LITTLE_ENDIAN), "nonce counter");

        final byte[] body = bytes(plain, HEADER, length - HEADER);
        final byte[] cipherText = bytes(sealed, HEADER + 13, length - HEADER);
        int same = 0;
        for (int i = 0; i < body.length; i++)
        {
            same += body[i] == cipherText[i] ? 1 : 0;
        }
        assertTrue(same < body.length / 16, "ciphertext does not resemble the messages: " + same + " equal bytes");
        assertEquals(FrameCipher.plainFrameBudgetBytes(1376), 1347);
    }

    @Test
    void noncesNeverRepeatAndCountUp()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        final Set<String> nonces = new HashSet<>();
        long previous = -1;
        for (int i = 0; i < 10_000; i++)
        {
            final int sealedLength = sender.seal(plain, 0, length);
            assertEquals(length + 29, sealedLength);
            final DirectBuffer sealed = sender.sealedBuffer();
            final long counter = sealed.getLong(HEADER + 5, ByteOrder.LITTLE_ENDIAN);
            if (previous >= 0)
            {
                assertEquals(previous + 1, counter);
            }
            previous = counter;
            assertTrue(nonces.add(java.util.Arrays.toString(bytes(sealed, HEADER + 1, 12))), "nonce repeated");
        }
        assertEquals(11_000, sender.nextNonceCounter());
    }

    @Test
    void defaultNoncePrefixIsRandomAndCounterStartsFromTheClock()
    {
        final long beforeMs = System.currentTimeMillis();
        final FrameCipher.Context a = new FrameCipher.Context().keyring(new Keyring()).conclude();
        final FrameCipher.Context b = new FrameCipher.Context().keyring(new Keyring()).conclude();
        assertNotEquals(a.noncePrefix(), b.noncePrefix(), "2^-32 chance of a false failure");
        assertTrue(a.initialNonceCounter() >= beforeMs << 20);
        assertTrue(a.initialNonceCounter() <= System.currentTimeMillis() << 20);
    }

    @Test
    void tamperingWithAnyByteIsRejectedAndCountedOnce()
    {
        final Keyring receiverKeys = keyring(1, KEY_1);
        receiverKeys.install(2, KEY_2);
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(receiverKeys, receiverCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        final int sealedLength = sender.seal(plain, 0, length);
        final byte[] original = bytes(sender.sealedBuffer(), 0, sealedLength);

        final int[] masks = {0x01, 0x80, 0xFF, 0x5A};
        final long[] byReason = new long[FrameCipher.REASON_COUNT];
        int attempts = 0;
        for (int i = 0; i < sealedLength; i++)
        {
            for (final int mask : masks)
            {
                final byte[] tampered = original.clone();
                tampered[i] ^= (byte)mask;
                final long dropsBefore = drops(receiverCounters);
                final int result = receiver.open(new UnsafeBuffer(tampered), 0, sealedLength);
                attempts++;
                assertTrue(result < 0, "byte " + i + " ^ " + mask + " accepted");
                assertEquals(dropsBefore + 1, drops(receiverCounters), "one drop counted for byte " + i);
                final int reason = -result;
                byReason[reason]++;

                if (i >= HEADER + 1)
                {
                    assertEquals(BAD_TAG, reason, "nonce, ciphertext or tag byte " + i);
                }
                else if (i == HEADER)
                {
                    assertTrue(reason == UNKNOWN_KEY || reason == BAD_TAG, "key id byte: " + reason);
                }
                else if (i == FLAGS_AT && 0 != (mask & 1))
                {
                    assertEquals(NOT_SEALED, reason);
                }
                else
                {
                    // A changed block length moves where the key id is read: any rejection but a replay.
                    assertNotEquals(REPLAYED, reason, "header byte " + i);
                }
            }
        }
        final StringBuilder distribution = new StringBuilder("tampering attempts=").append(attempts);
        for (int r = 1; r < FrameCipher.REASON_COUNT; r++)
        {
            if (byReason[r] > 0)
            {
                distribution.append(' ').append(FrameCipher.reasonName(r)).append('=').append(byReason[r]);
            }
        }
        System.out.println(distribution);
        assertEquals(attempts, drops(receiverCounters));
        assertEquals(attempts, receiver.openRejections(MALFORMED) + receiver.openRejections(WRONG_CLUSTER) +
            receiver.openRejections(NOT_SEALED) + receiver.openRejections(UNKNOWN_KEY) +
            receiver.openRejections(BAD_TAG) + receiver.openRejections(TRUNCATED));
        assertTrue(byReason[BAD_TAG] > 0 && byReason[MALFORMED] > 0 && byReason[WRONG_CLUSTER] > 0 &&
            byReason[NOT_SEALED] > 0 && byReason[UNKNOWN_KEY] > 0);

        // No forgery moved the replay window: the genuine frame still opens, once.
        assertEquals(length, receiver.open(new UnsafeBuffer(original), 0, sealedLength));
        assertEquals(-REPLAYED, receiver.open(new UnsafeBuffer(original), 0, sealedLength));
    }

    @Test
    void truncatedOrExtendedFramesAreRejected()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        final int sealedLength = sender.seal(plain, 0, length);
        final byte[] original = bytes(sender.sealedBuffer(), 0, sealedLength);
        final UnsafeBuffer wire = new UnsafeBuffer(java.util.Arrays.copyOf(original, sealedLength + 8));

        for (int cut = 0; cut < sealedLength; cut++)
        {
            final int result = receiver.open(wire, 0, cut);
            final int reason = -result;
            assertTrue(result < 0, "truncated to " + cut);
            if (cut < HEADER)
            {
                assertEquals(MALFORMED, reason, "cut " + cut);
            }
            else if (cut < HEADER + SEAL_OVERHEAD_BYTES)
            {
                assertEquals(TRUNCATED, reason, "cut " + cut);
            }
            else
            {
                assertEquals(BAD_TAG, reason, "cut " + cut);
            }
        }
        for (int extra = 1; extra <= 8; extra++)
        {
            assertEquals(-BAD_TAG, receiver.open(wire, 0, sealedLength + extra));
        }
        assertEquals(sealedLength + 8, drops(receiverCounters));
        assertEquals(length, receiver.open(wire, 0, sealedLength));
    }

    @Test
    void badArgumentsAreRejectedNotThrown()
    {
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
        assertEquals(-MALFORMED, receiver.open(null, 0, 10));
        assertEquals(-MALFORMED, receiver.open(buffer, -1, 10));
        assertEquals(-MALFORMED, receiver.open(buffer, 0, -1));
        assertEquals(-MALFORMED, receiver.open(buffer, 60, 10));
        assertEquals(-MALFORMED, receiver.open(buffer, 0, 64, null, 0));
        assertEquals(-TOO_LONG, receiver.open(new UnsafeBuffer(new byte[4096]), 0, 4096));
        assertEquals(-MALFORMED, receiver.open(buffer, 0, 64), "zeros are no FrameHeader");
        assertEquals(-MALFORMED, receiver.seal(null, 0, 1, buffer, 0));
        assertEquals(-MALFORMED, receiver.seal(buffer, 0, 64, small, 0));
        assertEquals(7, receiverCounters[ProtocolCounters.DROP_MALFORMED], "TOO_LONG counts as malformed");
        assertEquals(2, receiverCounters[TransportCounters.DROP_SEAL_FAILED]);
    }

    @Test
    void wrongOrRemovedKeyIsRejected()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        final int sealedLength = sender.seal(plain, 0, length);
        final UnsafeBuffer wire = new UnsafeBuffer(bytes(sender.sealedBuffer(), 0, sealedLength));

        final FrameCipher sameIdOtherKey = cipher(keyring(1, key(16, 99)), receiverCounters);
        assertEquals(-BAD_TAG, sameIdOtherKey.open(wire, 0, sealedLength));

        final FrameCipher otherId = cipher(keyring(2, KEY_1), receiverCounters);
        assertEquals(-UNKNOWN_KEY, otherId.open(wire, 0, sealedLength));

        final FrameCipher noKeys = cipher(new Keyring(), receiverCounters);
        assertEquals(-UNKNOWN_KEY, noKeys.open(wire, 0, sealedLength));

        final Keyring rotating = keyring(1, KEY_1);
        rotating.install(2, KEY_2);
        final FrameCipher receiver = cipher(rotating, receiverCounters);
        rotating.usePrimary(2);
        assertTrue(rotating.remove(1));
        assertEquals(-UNKNOWN_KEY, receiver.open(wire, 0, sealedLength), "removed key");

        assertEquals(4, SecurityDrops.total(receiverCounters));
        assertEquals(1, sameIdOtherKey.openRejections(BAD_TAG));
        assertEquals(0, sameIdOtherKey.framesOpened());
    }

    @Test
    void unsealedFramesAreRejectedWhenRequiredAndPassedThroughOtherwise()
    {
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);

        final FrameCipher strict = cipher(keyring(1, KEY_1), receiverCounters);
        assertEquals(-NOT_SEALED, strict.open(plain, 0, length));
        assertEquals(1, SecurityDrops.total(receiverCounters));

        final long[] counters = new long[EngineCounters.SINK_COUNT];
        final FrameCipher lenient = new FrameCipher(new FrameCipher.Context()
            .keyring(keyring(1, KEY_1))
            .requireEncryption(false)
            .counters((id, delta) -> counters[id] += delta));
        assertEquals(length, lenient.open(plain, 0, length));
        assertArrayEquals(bytes(plain, 0, length), bytes(lenient.openedBuffer(), 0, length));

        // Sealed frames are still verified in lenient mode.
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final int sealedLength = sender.seal(plain, 0, length);
        final byte[] sealed = bytes(sender.sealedBuffer(), 0, sealedLength);
        sealed[sealedLength - 1] ^= 1;
        assertEquals(-BAD_TAG, lenient.open(new UnsafeBuffer(sealed), 0, sealedLength));
        assertEquals(1, SecurityDrops.total(counters));
    }

    @Test
    void wrongClusterIsDroppedBeforeDecryption()
    {
        final FrameCipher sender = new FrameCipher(new FrameCipher.Context()
            .keyring(keyring(1, KEY_1)).clusterId(777));
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, 777, 101, 102, 1, 2);
        final int sealedLength = sender.seal(plain, 0, length);
        assertEquals(-WRONG_CLUSTER, receiver.open(sender.sealedBuffer(), 0, sealedLength));
        assertEquals(1, receiverCounters[ProtocolCounters.DROP_WRONG_CLUSTER]);
        assertEquals(0, SecurityDrops.total(receiverCounters));
    }

    @Test
    void replayedFramesAreRejectedWithinAndBeyondTheWindow()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);

        final byte[][] frames = new byte[100][];
        for (int i = 0; i < frames.length; i++)
        {
            final int sealedLength = sender.seal(plain, 0, length);
            frames[i] = bytes(sender.sealedBuffer(), 0, sealedLength);
        }

        assertEquals(length, open(receiver, frames[0]));
        assertEquals(-REPLAYED, open(receiver, frames[0]), "identical frame again");
        // Out of order within the window is fine, once.
        assertEquals(length, open(receiver, frames[10]));
        assertEquals(length, open(receiver, frames[5]));
        assertEquals(-REPLAYED, open(receiver, frames[5]));
        assertEquals(length, open(receiver, frames[73]));
        assertEquals(length, open(receiver, frames[10 + 1]), "age 62 of 64");
        assertEquals(-REPLAYED, open(receiver, frames[9]), "age 64: older than the window");
        assertEquals(-REPLAYED, open(receiver, frames[1]));
        assertEquals(4, receiver.openRejections(REPLAYED));
        assertEquals(4, SecurityDrops.total(receiverCounters));

        // Windows are per source: another node's frames with the same counters are fine.
        final UnsafeBuffer other = new UnsafeBuffer(new byte[256]);
        final int otherLength = TestFrames.ping(other, 0, CLUSTER_ID, 103, 102, 1, 2);
        final FrameCipher otherSender = cipher(keyring(1, KEY_1), senderCounters);
        final int otherSealed = otherSender.seal(other, 0, otherLength);
        assertEquals(otherLength, receiver.open(otherSender.sealedBuffer(), 0, otherSealed));

        // Without replay protection, the same frame opens twice.
        final FrameCipher permissive = new FrameCipher(new FrameCipher.Context()
            .keyring(keyring(1, KEY_1)).replayProtection(false));
        assertEquals(length, open(permissive, frames[0]));
        assertEquals(length, open(permissive, frames[0]));
    }

    @Test
    void restartedSenderIsAcceptedAtOnceWithTheClockBasedCounter()
    {
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);

        final FrameCipher before = new FrameCipher(new FrameCipher.Context().keyring(keyring(1, KEY_1)));
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(length, receiver.open(before.sealedBuffer(), 0, before.seal(plain, 0, length)));
        }
        final long lastBefore = before.nextNonceCounter() - 1;

        // Restart: same node id, new prefix, counter from the clock, at least 1 ms later.
        final long startMs = System.currentTimeMillis();
        while (System.currentTimeMillis() == startMs)
        {
            Thread.onSpinWait();
        }
        final FrameCipher after = new FrameCipher(new FrameCipher.Context().keyring(keyring(1, KEY_1)));
        assertTrue(after.nextNonceCounter() > lastBefore);
        assertEquals(length, receiver.open(after.sealedBuffer(), 0, after.seal(plain, 0, length)));
        assertEquals(0, drops(receiverCounters));
    }

    private static int open(final FrameCipher receiver, final byte[] frame)
    {
        return receiver.open(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void sealFailuresAreCountedAndNothingIsWritten()
    {
        final Keyring noPrimary = new Keyring();
        noPrimary.install(1, KEY_1);
        final FrameCipher cipher = cipher(noPrimary, senderCounters);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[2048]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

        assertEquals(-FrameCipher.NO_PRIMARY_KEY, cipher.seal(plain, 0, length, out, 0));
        noPrimary.usePrimary(1);
        assertEquals(length + 29, cipher.seal(plain, 0, length, out, 0), "keyring change picked up");

        assertEquals(-FrameCipher.ALREADY_SEALED, cipher.seal(out, 0, length + 29, plain, 1024));
        assertEquals(-MALFORMED, cipher.seal(new UnsafeBuffer(new byte[64]), 0, 64, out, 0));

        final int tooLong = TestFrames.rumor(plain, 0, CLUSTER_ID, 101, 102, 1, 1348);
        assertEquals(-TOO_LONG, cipher.seal(plain, 0, tooLong, out, 0), "1,348 + 29 > 1,376");
        final int fits = TestFrames.rumor(plain, 0, CLUSTER_ID, 101, 102, 1, 1347);
        assertEquals(1376, cipher.seal(plain, 0, fits, out, 0));
        assertEquals(-TOO_LONG, cipher.seal(plain, 0, fits, out, 2048 - 1375), "destination too small");

        assertEquals(5, senderCounters[TransportCounters.DROP_SEAL_FAILED]);
        assertEquals(2, cipher.framesSealed());
    }

    @Test
    void packerWithThePlainBudgetFillsSealedFramesToTheTransportBudget()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final int[] sealedLengths = new int[1];
        final SealingFrameSink sink = new SealingFrameSink(sender,
            (srcIndex, dst, ipv4, port, buffer, offset, length) ->
            {
                sealedLengths[0] = length;
                assertEquals(length - 29, receiver.open(buffer, offset, length));
            });
        final FramePacker packer = new FramePacker(
            CLUSTER_ID, FrameCipher.plainFrameBudgetBytes(1376), sink, (id, delta) -> senderCounters[id] += delta);

        final int offset = packer.claim(0, 101, 102, 1, 2, packer.maxMessageLength());
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2048]);
        final int frameLength = TestFrames.rumor(scratch, 0, CLUSTER_ID, 101, 102, 1, 1347);
        packer.buffer().putBytes(offset, scratch, HEADER, frameLength - HEADER);
        packer.commit(frameLength - HEADER);
        packer.flush();

        assertEquals(1376, sealedLengths[0]);
        assertEquals(1, receiver.framesOpened());
    }

    @Test
    void sealAndOpenInPlace()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final int length = TestFrames.rumor(buffer, 0, CLUSTER_ID, 101, 102, 1, 600);
        final byte[] original = bytes(buffer, 0, length);

        final int sealedLength = sender.seal(buffer, 0, length, buffer, 0);
        assertEquals(length + 29, sealedLength);
        assertEquals(length, receiver.open(buffer, 0, sealedLength, buffer, 0));
        original[FLAGS_AT] |= 1;
        assertArrayEquals(original, bytes(buffer, 0, length));
    }

    @Test
    void sealingSinkDropsWhatCannotBeSealed()
    {
        final FrameCipher cipher = cipher(new Keyring(), senderCounters);
        final int[] delivered = new int[1];
        final SealingFrameSink sink = new SealingFrameSink(
            cipher, (srcIndex, dst, ipv4, port, buffer, offset, length) -> delivered[0]++);
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        sink.onFrame(0, 102, 1, 2, plain, 0, length);
        assertEquals(0, delivered[0], "never sent in clear");
        assertEquals(1, cipher.sealRejections(FrameCipher.NO_PRIMARY_KEY));
        assertThrows(IllegalArgumentException.class, () -> new SealingFrameSink(cipher, null));
    }

    @Test
    void contextNamesTheBadField()
    {
        assertThrows(IllegalArgumentException.class, () -> new FrameCipher.Context().conclude(), "keyring");
        final IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
            () -> new FrameCipher.Context().keyring(new Keyring()).maxFrameLengthBytes(10).conclude());
        assertTrue(tooSmall.getMessage().contains("maxFrameLengthBytes"));
        final IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
            () -> new FrameCipher.Context().keyring(new Keyring()).replayWindowInitialSources(0).conclude());
        assertTrue(window.getMessage().contains("replayWindowInitialSources"));
        assertFalse(new FrameCipher.Context().isConcluded());
        assertEquals("BAD_TAG", FrameCipher.reasonName(BAD_TAG));
        assertEquals("UNKNOWN", FrameCipher.reasonName(99));
    }

    @Test
    void framesFillingTheirBuffersExactlyAreSealedAndOpenedAndOneByteLessRoomIsRefusedNotThrown()
    {
        final FrameCipher sender = cipher(keyring(1, KEY_1), senderCounters);
        final FrameCipher receiver = cipher(keyring(1, KEY_1), receiverCounters);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(scratch, 0, CLUSTER_ID, 101, 102, 1, 2);
        final int at = 5;
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[at + length]);
        plain.putBytes(at, scratch, 0, length);
        final int sealedLength = length + SEAL_OVERHEAD_BYTES;

        final UnsafeBuffer sealed = new UnsafeBuffer(new byte[at + sealedLength]);
        assertEquals(-TOO_LONG, sender.seal(plain, at, length, new UnsafeBuffer(new byte[at + sealedLength - 1]), at));
        assertEquals(sealedLength, sender.seal(plain, at, length, sealed, at));

        // The sealed frame ends at the end of its buffer; it opens into exactly its length at an offset.
        final UnsafeBuffer opened = new UnsafeBuffer(new byte[at + length]);
        assertEquals(-TOO_LONG, receiver.open(sealed, at, sealedLength, new UnsafeBuffer(new byte[at + length - 1]), at));
        assertEquals(length, receiver.open(sealed, at, sealedLength, opened, at));
        assertArrayEquals(bytes(plain, at + HEADER, length - HEADER), bytes(opened, at + HEADER, length - HEADER));

        // A frame in clear (accepted when encryption is not required) passes through under the same bounds.
        final FrameCipher lenient = new FrameCipher(new FrameCipher.Context()
            .keyring(keyring(1, KEY_1))
            .clusterId(CLUSTER_ID)
            .requireEncryption(false)
            .counters((id, delta) -> receiverCounters[id] += delta));
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[at + length]);
        assertEquals(-TOO_LONG, lenient.open(plain, at, length, new UnsafeBuffer(new byte[at + length - 1]), at));
        assertEquals(length, lenient.open(plain, at, length, copy, at));
        assertArrayEquals(bytes(plain, at, length), bytes(copy, at, length));
    }
}

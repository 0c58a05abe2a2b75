package io.starling.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of valid frames (bit flips, byte writes, structural fields set to edge values, truncation,
 * extension, message splices). {@link FrameValidator#validate} must never throw, and whenever it says OK, decoding
 * every message with the generated decoders, honouring acting block length and version, must read only inside the
 * frame: the frame sits in a buffer of exactly its length, so a read past it throws and fails the test.
 */
final class FrameValidatorFuzzTest
{
    private static final long SEED = 0x5EED_F00DL;
    private static final int ITERATIONS = 200_000;
    private static final int BASE_FRAMES = 96;
    private static final int MAX_MESSAGES = 8;
    private static final int[] EDGE_VALUES =
    {
        0, 1, 2, 3, 4, 7, 8, 12, 13, 14, 20, 21, 22, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF,
    };

    private final Random random = new Random(SEED);
    private final WireSamples samples = new WireSamples(SEED);
    private final FrameValidator validator = new FrameValidator(MAX_MESSAGES);
    private final FrameValidator shiftedValidator = new FrameValidator(MAX_MESSAGES);
    private final List<byte[]> bases = new ArrayList<>();
    /** Per base frame: offsets of every message header field, group header field and var-data length field. */
    private final List<int[]> structuralOffsets = new ArrayList<>();

    @Test
    void validateNeverThrowsAndOkMeansEveryReadIsInsideTheFrame()
    {
        buildBaseFrames();

        final long[] reasons = new long[FrameValidator.REASON_COUNT];
        long okAfterStructuralChange = 0;
        long okWithOtherMessageCount = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++)
        {
            final int baseIndex = random.nextInt(bases.size());
            final byte[] base = bases.get(baseIndex);
            final int mutation = random.nextInt(8);
            final byte[] frame = mutate(base, baseIndex, mutation);

            final UnsafeBuffer exact = new UnsafeBuffer(frame);
            final int reason;
            try
            {
                reason = validator.validate(exact, 0, frame.length);
            }
            catch (final Throwable t)
            {
                throw new AssertionError(describe("validate threw", iteration, mutation, frame), t);
            }

            if (reason < 0 || reason >= FrameValidator.REASON_COUNT)
            {
                fail(describe("reason out of range " + reason, iteration, mutation, frame));
            }
            reasons[reason]++;

            if (0 == (iteration & 7))
            {
                checkSameResultAtAnOffset(frame, reason, iteration, mutation);
            }

            if (FrameValidator.OK == reason)
            {
                try
                {
                    decodeEverything(exact, frame.length);
                }
                catch (final Throwable t)
                {
                    throw new AssertionError(describe("decoding an accepted frame failed", iteration, mutation, frame), t);
                }

                if (3 == mutation)
                {
                    okAfterStructuralChange++;
                }
                if (validator.messageCount() != messageCountOf(base))
                {
                    okWithOtherMessageCount++;
                }
            }
        }

        final StringBuilder tally = new StringBuilder();
        for (int r = 0; r < FrameValidator.REASON_COUNT; r++)
        {
            tally.append(FrameValidator.reasonName(r)).append('=').append(reasons[r]).append(' ');
        }
        tally.append("okAfterStructuralChange=").append(okAfterStructuralChange)
            .append(" okWithOtherMessageCount=").append(okWithOtherMessageCount);
        System.out.println("FrameValidatorFuzzTest seed=" + SEED + " iterations=" + ITERATIONS + ": " + tally);

        // The run must exercise every outcome, and accept enough mutated frames for the decode check to mean much.
        for (int r = 0; r < FrameValidator.REASON_COUNT; r++)
        {
            assertTrue(reasons[r] > 0, "never saw " + FrameValidator.reasonName(r) + ": " + tally);
        }
        assertTrue(reasons[FrameValidator.OK] > ITERATIONS / 10, tally.toString());
        assertTrue(okAfterStructuralChange > 100, tally.toString());
        assertTrue(okWithOtherMessageCount > 100, tally.toString());
    }

    private void decodeEverything(final UnsafeBuffer exact, final int length)
    {
        int expectedOffset = samples.decodeFrameHeader(exact, 0, null);
        final FrameHeaderDecoder header = new FrameHeaderDecoder().wrap(
            exact,
            MessageHeaderDecoder.ENCODED_LENGTH,
            exact.getShort(0, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF,
            exact.getShort(6, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF);
        assertEquals(header.clusterId(), validator.clusterId());
        assertEquals(header.srcNode(), validator.srcNode());
        assertEquals(header.dstNode(), validator.dstNode());
        assertEquals(header.sequence(), validator.sequence());
        assertEquals(header.flags(), validator.flags());

        final int count = validator.messageCount();
        assertTrue(count >= 1 && count <= MAX_MESSAGES);
        for (int i = 0; i < count; i++)
        {
            final int offset = validator.messageOffset(i);
            assertEquals(expectedOffset, offset, "message " + i + " starts where the previous ended");
            final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder().wrap(exact, offset);
            assertEquals(messageHeader.templateId(), validator.templateId(i));
            assertEquals(messageHeader.blockLength(), validator.actingBlockLength(i));
            assertEquals(messageHeader.version(), validator.actingVersion(i));

            final int end = samples.decodeMessage(
                exact, offset, validator.templateId(i), validator.actingBlockLength(i), validator.actingVersion(i),
                true, null);
            assertEquals(offset + validator.messageLength(i), end, "decoder and validator agree on message " + i);
            expectedOffset = end;
        }
        assertEquals(length, expectedOffset, "messages fill the frame");
    }

    private void checkSameResultAtAnOffset(final byte[] frame, final int reason, final int iteration, final int mutation)
    {
        final int shift = 1 + random.nextInt(64);
        final UnsafeBuffer wide = new UnsafeBuffer(new byte[shift + frame.length + random.nextInt(64)]);
        for (int i = 0; i < wide.capacity(); i++)
        {
            wide.putByte(i, (byte)random.nextInt());
        }
        wide.putBytes(shift, frame);

        final int shiftedReason = shiftedValidator.validate(wide, shift, frame.length);
        assertEquals(reason, shiftedReason, describe("same frame at an offset", iteration, mutation, frame));
        if (FrameValidator.OK == reason)
        {
            assertEquals(validator.messageCount(), shiftedValidator.messageCount());
            for (int i = 0; i < validator.messageCount(); i++)
            {
                assertEquals(validator.messageOffset(i) + shift, shiftedValidator.messageOffset(i));
                assertEquals(validator.messageLength(i), shiftedValidator.messageLength(i));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- base frames

    private void buildBaseFrames()
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64 * 1024]);
        for (int b = 0; b < BASE_FRAMES; b++)
        {
            final int length;
            if (b % 8 == 7)
            {
                length = encodeNextVersionFrame(scratch);
            }
            else
            {
                final int[] templates = new int[1 + random.nextInt(MAX_MESSAGES - 2)];
                for (int i = 0; i < templates.length; i++)
                {
                    templates[i] = WireSamples.PROTOCOL_TEMPLATE_IDS[
                        random.nextInt(WireSamples.PROTOCOL_TEMPLATE_IDS.length)];
                }
                length = samples.encodeFrame(scratch, 0, templates, random.nextInt(4), null);
            }

            final byte[] frame = new byte[length];
            scratch.getBytes(0, frame);
            final UnsafeBuffer exact = new UnsafeBuffer(frame);
            assertEquals(FrameValidator.OK, validator.validate(exact, 0, length), "base frame " + b);

            final List<Integer> offsets = new ArrayList<>();
            offsets.add(0);
            offsets.add(2);
            offsets.add(4);
            offsets.add(6);
            for (int i = 0; i < validator.messageCount(); i++)
            {
                final int offset = validator.messageOffset(i);
                for (int field = 0; field < MessageHeaderDecoder.ENCODED_LENGTH; field += 2)
                {
                    offsets.add(offset + field);
                }
                samples.decodeMessage(
                    exact, offset, validator.templateId(i), validator.actingBlockLength(i),
                    validator.actingVersion(i), true, null,
                    (mark) ->
                    {
                        offsets.add(mark);
                        offsets.add(mark + 2);
                    });
            }

            bases.add(frame);
            structuralOffsets.add(offsets.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** A frame from the test-only next (version 2) schema: a Ping with the appended field, then a version-2 Ack. */
    private int encodeNextVersionFrame(final UnsafeBuffer buffer)
    {
        final io.starling.codecs.next.MessageHeaderEncoder header = new io.starling.codecs.next.MessageHeaderEncoder();
        int position = 0;
        new io.starling.codecs.next.FrameHeaderEncoder().wrapAndApplyHeader(buffer, position, header)
            .clusterId(random.nextInt()).srcNode(random.nextInt()).dstNode(random.nextInt())
            .sequence(random.nextLong()).flags((short)random.nextInt(256));
        position += header.encodedLength() + io.starling.codecs.next.FrameHeaderEncoder.BLOCK_LENGTH;

        final io.starling.codecs.next.PingEncoder ping =
            new io.starling.codecs.next.PingEncoder().wrapAndApplyHeader(buffer, position, header);
        ping.seq(random.nextInt()).targetNode(random.nextInt());
        ping.sourceEndpoint().ipv4(random.nextInt()).port(random.nextInt(65535));
        ping.viewDigest(random.nextLong()).sentTimeNs(random.nextLong());
        final int count = random.nextInt(7);
        final io.starling.codecs.next.PingEncoder.UpdatesEncoder updates = ping.updatesCount(count);
        for (int i = 0; i < count; i++)
        {
            updates.next().memberId(random.nextInt()).incarnation(random.nextInt())
                .state(io.starling.codecs.next.MemberState.get((short)random.nextInt(4)))
                .metaVersion(random.nextInt(65535)).fromNode(random.nextInt());
            updates.endpoint().ipv4(random.nextInt()).port(random.nextInt(65535));
        }
        position += header.encodedLength() + ping.encodedLength();

        final io.starling.codecs.next.AckEncoder ack =
            new io.starling.codecs.next.AckEncoder().wrapAndApplyHeader(buffer, position, header);
        ack.seq(random.nextInt()).targetNode(random.nextInt()).viewDigest(random.nextLong());
        ack.updatesCount(0);
        final byte[] payload = new byte[random.nextInt(40)];
        random.nextBytes(payload);
        ack.putPayload(payload, 0, payload.length);
        position += header.encodedLength() + ack.encodedLength();

        return position;
    }

    private int messageCountOf(final byte[] base)
    {
        return shiftedValidator.validate(new UnsafeBuffer(base), 0, base.length) == FrameValidator.OK ?
            shiftedValidator.messageCount() : -1;
    }

    // ---------------------------------------------------------------------------------------------- mutations

    private byte[] mutate(final byte[] base, final int baseIndex, final int mutation)
    {
        byte[] frame = base.clone();
        switch (mutation)
        {
            case 0: // bit flips
            {
                final int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips && frame.length > 0; i++)
                {
                    final int at = random.nextInt(frame.length);
                    frame[at] ^= (byte)(1 << random.nextInt(8));
                }
                break;
            }

            case 1: // random bytes
            {
                final int writes = 1 + random.nextInt(3);
                for (int i = 0; i < writes && frame.length > 0; i++)
                {
                    frame[random.nextInt(frame.length)] = (byte)random.nextInt();
                }
                break;
            }

            case 2: // an edge value at a random place
                putUint16(frame, random.nextInt(frame.length), edgeValue(frame, -1));
                break;

            case 3: // an edge or nearby value in a structural field
            {
                final int[] offsets = structuralOffsets.get(baseIndex);
                final int at = offsets[random.nextInt(offsets.length)];
                putUint16(frame, at, edgeValue(frame, at));
                break;
            }

            case 4: // truncation
                frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
                break;

            case 5: // extension with random bytes
            {
                final int extra = 1 + random.nextInt(24);
                frame = java.util.Arrays.copyOf(frame, frame.length + extra);
                for (int i = base.length; i < frame.length; i++)
                {
                    frame[i] = (byte)random.nextInt();
                }
                break;
            }

            case 6: // splice: drop, duplicate or borrow a message
                frame = splice(frame, baseIndex);
                break;

            default: // two of the above
                frame = mutate(mutate(base, baseIndex, random.nextInt(4)), baseIndex, random.nextInt(4));
                break;
        }

        return frame;
    }

    private byte[] splice(final byte[] frame, final int baseIndex)
    {
        final int[] offsets = structuralOffsets.get(baseIndex);
        validator.validate(new UnsafeBuffer(frame), 0, frame.length);
        final int count = validator.messageCount();
        if (0 == count || offsets.length == 0)
        {
            return frame;
        }

        final int i = random.nextInt(count);
        final int start = validator.messageOffset(i);
        final int end = start + validator.messageLength(i);
        final byte[] message = java.util.Arrays.copyOfRange(frame, start, end);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        switch (random.nextInt(3))
        {
            case 0: // drop message i
                out.write(frame, 0, start);
                out.write(frame, end, frame.length - end);
                break;

            case 1: // duplicate message i up to several times
            {
                out.write(frame, 0, end);
                final int copies = 1 + random.nextInt(MAX_MESSAGES);
                for (int c = 0; c < copies; c++)
                {
                    out.write(message, 0, message.length);
                }
                out.write(frame, end, frame.length - end);
                break;
            }

            default: // append a message (or the frame header) of another base frame
            {
                final byte[] other = bases.get(random.nextInt(bases.size()));
                validator.validate(new UnsafeBuffer(other), 0, other.length);
                final int j = random.nextInt(validator.messageCount() + 1);
                final int otherStart = j == validator.messageCount() ? 0 : validator.messageOffset(j);
                final int otherLength = j == validator.messageCount() ?
                    validator.messageOffset(0) : validator.messageLength(j);
                out.write(frame, 0, frame.length);
                out.write(other, otherStart, otherLength);
                break;
            }
        }

        return out.toByteArray();
    }

    private int edgeValue(final byte[] frame, final int at)
    {
        if (at >= 0 && random.nextBoolean() && at + 1 < frame.length)
        {
            final int original = (frame[at] & 0xFF) | ((frame[at + 1] & 0xFF) << 8);
            return (original + random.nextInt(33) - 16) & 0xFFFF;
        }

        return EDGE_VALUES[random.nextInt(EDGE_VALUES.length)];
    }

    private static void putUint16(final byte[] frame, final int at, final int value)
    {
        if (at >= 0 && at < frame.length)
        {
            frame[at] = (byte)value;
        }
        if (at + 1 >= 0 && at + 1 < frame.length)
        {
            frame[at + 1] = (byte)(value >>> 8);
        }
    }

    private static String describe(final String what, final int iteration, final int mutation, final byte[] frame)
    {
        return what + " (seed=" + SEED + " iteration=" + iteration + " mutation=" + mutation + " length=" +
            frame.length + "): " + HexFormat.of().formatHex(frame);
    }
}

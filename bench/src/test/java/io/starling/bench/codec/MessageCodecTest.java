package io.starling.bench.codec;

import java.util.Arrays;
import java.util.function.IntSupplier;

import io.starling.bench.support.Allocations;
import io.starling.bench.support.WireSizes;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every frame {@link MessageCodecBenchmark} measures: decoding gives back every value encoded, the frame is the
 * size the schema says, valid, within the frame budget, and encode and decode allocate nothing.
 */
class MessageCodecTest
{
    private static final int WARMUP = 10_000;
    private static final int OPS = 50_000;

    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final RecordingSink decoded = new RecordingSink();
    private final RecordingSink expected = new RecordingSink();
    private final FrameValidator validator = new FrameValidator(8);

    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void decodeGivesBackWhatWasEncoded(final MessageKind kind)
    {
        final MessageCase c = MessageCases.create(kind, new MessageSamples());
        for (final int offset : new int[] { 0, 64, 0 })
        {
            final int length = c.encode(buffer, offset);
            assertEquals(c.expectedFrameLengthBytes(), length, kind + " frame length");

            decoded.reset();
            c.decode(buffer, offset, decoded);
            expected.reset();
            c.expected(expected);
            assertArrayEquals(expected.toArray(), decoded.toArray(), kind + " at offset " + offset);
        }
    }

    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void frameIsValidAndWithinTheBudget(final MessageKind kind)
    {
        final MessageCase c = MessageCases.create(kind, new MessageSamples());
        final int length = c.encode(buffer, 0);
        assertTrue(length <= MessageCases.FRAME_BUDGET_BYTES, kind + " frame of " + length + " bytes");
        assertEquals(FrameValidator.OK, validator.validate(buffer, 0, length), kind.name());
        assertEquals(1, validator.messageCount());
        assertEquals(c.templateId(), validator.templateId(0));
        assertNotEquals(FrameValidator.OK, validator.validate(buffer, 0, length - 1),
            kind + " cut by one byte must not validate");
    }

    /** Flip the last byte of the frame: the validator rejects the frame or the decoder reports another value. */
    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void aChangedByteIsSeenByTheDecoder(final MessageKind kind)
    {
        final MessageCase c = MessageCases.create(kind, new MessageSamples());
        final int length = c.encode(buffer, 0);
        buffer.putByte(length - 1, (byte)(buffer.getByte(length - 1) ^ 1));
        if (FrameValidator.OK != validator.validate(buffer, 0, length))
        {
            return; // a count or length changed: the receive path drops the frame before decoding it
        }

        decoded.reset();
        c.decode(buffer, 0, decoded);
        expected.reset();
        c.expected(expected);
        assertFalse(Arrays.equals(expected.toArray(), decoded.toArray()), kind.name());
    }

    @ParameterizedTest
    @EnumSource(value = MessageKind.class, names = { "PING_FULL", "GOSSIP_FULL", "PUSH_PULL_FULL" })
    void fullKindsFillTheFrame(final MessageKind kind)
    {
        final int entryLength;
        switch (kind)
        {
            case PING_FULL:
                entryLength = WireSizes.UPDATE_LENGTH_BYTES;
                assertEquals(62, MessageCases.PING_FULL_UPDATES);
                break;
            case GOSSIP_FULL:
                entryLength = GossipEncoder.UpdatesEncoder.sbeBlockLength();
                assertEquals(63, MessageCases.GOSSIP_FULL_UPDATES);
                break;
            default:
                entryLength = PushPullChunkEncoder.MembersEncoder.sbeBlockLength() +
                    PushPullChunkEncoder.MembersEncoder.metadataHeaderLength() +
                    MessageCases.PUSH_PULL_METADATA_BYTES;
                assertEquals(37, MessageCases.PUSH_PULL_MEMBERS);
                break;
        }
        final int length = MessageCases.create(kind, new MessageSamples()).encode(buffer, 0);
        assertTrue(length <= MessageCases.FRAME_BUDGET_BYTES, kind + " " + length);
        assertTrue(length + entryLength > MessageCases.FRAME_BUDGET_BYTES, kind + " has room for one more");
    }

    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void encodeAndDecodeAllocateNothing(final MessageKind kind)
    {
        final MessageCase c = MessageCases.create(kind, new MessageSamples());
        final UnsafeBuffer encodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
        c.encode(buffer, 0);
        assertAllocationFree(kind + " encode", () -> c.encode(encodeBuffer, 0));
        assertAllocationFree(kind + " decode", () ->
        {
            decoded.reset();
            c.decode(buffer, 0, decoded);
            return decoded.size();
        });
    }

    private static void assertAllocationFree(final String name, final IntSupplier op)
    {
        Allocations.assertAllocationFree(name, WARMUP, OPS, op);
    }
}

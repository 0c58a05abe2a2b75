package io.starling.codecs;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of malformed frame gets its specific reason, never an exception, and a rejection leaves no stale
 * message description behind.
 */
final class FrameValidatorRejectionTest
{
    private static final ByteOrder LE = MessageHeaderDecoder.BYTE_ORDER;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int ENTRIES = 3;
    private static final int[] TEMPLATES =
    {
        AckDecoder.TEMPLATE_ID,
        PushPullChunkDecoder.TEMPLATE_ID,
        KeyValueBatchDecoder.TEMPLATE_ID,
        RumorDecoder.TEMPLATE_ID,
        NackDecoder.TEMPLATE_ID,
        PingDecoder.TEMPLATE_ID,
    };

    private final FrameValidator validator = new FrameValidator(16);
    private final int[] offsets = new int[TEMPLATES.length];
    private final int[] lengths = new int[TEMPLATES.length];

    @BeforeEach
    void recordMessageExtents()
    {
        validFrame();
    }

    /** A valid frame of {@link #TEMPLATES} in a buffer of exactly its length; records each message's extent. */
    private UnsafeBuffer validFrame()
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[16 * 1024]);
        final int length = new WireSamples(5L).encodeFrame(scratch, 0, TEMPLATES, ENTRIES, null);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[length]);
        frame.putBytes(0, scratch, 0, length);
        assertReason(FrameValidator.OK, frame, length);
        for (int i = 0; i < TEMPLATES.length; i++)
        {
            offsets[i] = validator.messageOffset(i);
            lengths[i] = validator.messageLength(i);
        }

        return frame;
    }

    private int indexOf(final int templateId)
    {
        for (int i = 0; i < TEMPLATES.length; i++)
        {
            if (TEMPLATES[i] == templateId)
            {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    private void assertReason(final int expected, final DirectBuffer buffer, final int length)
    {
        final int reason = assertDoesNotThrow(() -> validator.validate(buffer, 0, length));
        assertEquals(FrameValidator.reasonName(expected), FrameValidator.reasonName(reason));
        if (FrameValidator.OK != expected)
        {
            assertEquals(0, validator.messageCount(), "no messages described after a rejection");
        }
    }

    @Test
    void everyTruncationIsRejectedUnlessItEndsExactlyOnAMessageBoundary()
    {
        final UnsafeBuffer frame = validFrame();
        final int length = frame.capacity();
        final Set<Integer> boundaries = new HashSet<>();
        for (int i = 0; i < TEMPLATES.length; i++)
        {
            boundaries.add(offsets[i] + lengths[i]);
        }

        final Set<String> reasons = new HashSet<>();
        for (int truncated = 0; truncated < length; truncated++)
        {
            // Exactly sized copy: a read past the truncation would throw rather than see the original bytes.
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[truncated]);
            copy.putBytes(0, frame, 0, truncated);
            final int reason = assertDoesNotThrow(() -> validator.validate(copy, 0, copy.capacity()));
            if (boundaries.contains(truncated))
            {
                // The FrameHeader carries no length or count: a frame cut between two messages is a shorter
                // valid frame. Only the complete messages before the cut are described.
                assertEquals(FrameValidator.OK, reason, "cut at boundary " + truncated);
                int complete = 0;
                while (offsets[complete] + lengths[complete] != truncated)
                {
                    complete++;
                }
                assertEquals(complete + 1, validator.messageCount());
            }
            else
            {
                assertNotEquals(FrameValidator.OK, reason, "cut at " + truncated);
                reasons.add(FrameValidator.reasonName(reason));
            }
        }

        assertEquals(
            Set.of("TRUNCATED", "EMPTY_FRAME", "GROUP_OVERFLOW", "VAR_DATA_OVERFLOW"), reasons,
            "a cut inside each kind of part is reported as that part's overflow");
    }

    @Test
    void truncatedMessageHeaderAfterTheLastMessage()
    {
        final UnsafeBuffer frame = validFrame();
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[frame.capacity() + HEADER - 1]);
        longer.putBytes(0, frame, 0, frame.capacity());
        assertReason(FrameValidator.TRUNCATED, longer, longer.capacity());
    }

    @Test
    void wrongSchemaIdInFrameHeaderOrLaterMessage()
    {
        UnsafeBuffer frame = validFrame();
        frame.putShort(4, (short)(MessageHeaderDecoder.SCHEMA_ID + 1), LE);
        assertReason(FrameValidator.WRONG_SCHEMA, frame, frame.capacity());

        frame = validFrame();
        frame.putShort(offsets[2] + 4, (short)0, LE);
        assertReason(FrameValidator.WRONG_SCHEMA, frame, frame.capacity());
    }

    @Test
    void unknownTemplateId()
    {
        for (final int templateId : new int[]{ 0, 17, 999, 0xFFFF })
        {
            final UnsafeBuffer frame = validFrame();
            frame.putShort(offsets[1] + 2, (short)templateId, LE);
            assertReason(FrameValidator.UNKNOWN_TEMPLATE, frame, frame.capacity());
        }
    }

    @Test
    void firstMessageNotAFrameHeader()
    {
        UnsafeBuffer frame = validFrame();
        frame.putShort(2, (short)999, LE);
        assertReason(FrameValidator.NOT_A_FRAME, frame, frame.capacity());

        // A Ping where the FrameHeader should be.
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
        final int length = new WireSamples(1L).encodeMessage(PingDecoder.TEMPLATE_ID, scratch, 0, 2, null);
        assertReason(FrameValidator.NOT_A_FRAME, scratch, length);

        // A second FrameHeader inside the frame.
        frame = validFrame();
        final UnsafeBuffer doubled = new UnsafeBuffer(new byte[frame.capacity() + offsets[0]]);
        doubled.putBytes(0, frame, 0, offsets[0]);
        doubled.putBytes(offsets[0], frame, 0, frame.capacity());
        assertReason(FrameValidator.NOT_A_FRAME, doubled, doubled.capacity());
    }

    @Test
    void groupCountPastTheEnd()
    {
        final int ping = indexOf(PingDecoder.TEMPLATE_ID);
        final int pingUpdates = offsets[ping] + HEADER + PingDecoder.BLOCK_LENGTH;
        for (final int count : new int[]{ ENTRIES + 1, 0x7FFF, 0x8000, 0xFFFF })
        {
            final UnsafeBuffer frame = validFrame();
            frame.putShort(pingUpdates + 2, (short)count, LE);
            assertReason(FrameValidator.GROUP_OVERFLOW, frame, frame.capacity());
        }

        final int kv = indexOf(KeyValueBatchDecoder.TEMPLATE_ID);
        final int entries = offsets[kv] + HEADER + KeyValueBatchDecoder.BLOCK_LENGTH;
        UnsafeBuffer frame = validFrame();
        frame.putShort(entries + 2, (short)0xFFFF, LE);
        assertReason(FrameValidator.GROUP_OVERFLOW, frame, frame.capacity());

        // Nested group: the clock of the first entry.
        final int clock = entries + KeyValueBatchDecoder.EntriesDecoder.HEADER_SIZE +
            KeyValueBatchDecoder.EntriesDecoder.sbeBlockLength();
        frame = validFrame();
        assertEquals(KeyValueBatchDecoder.EntriesDecoder.ClockDecoder.sbeBlockLength(), frame.getShort(clock, LE));
        frame.putShort(clock + 2, (short)0xFFFF, LE);
        assertReason(FrameValidator.GROUP_OVERFLOW, frame, frame.capacity());
    }

    @Test
    void groupBlockLengthSmallerThanSchema()
    {
        final int ping = indexOf(PingDecoder.TEMPLATE_ID);
        final UnsafeBuffer frame = validFrame();
        final int pingUpdates = offsets[ping] + HEADER + PingDecoder.BLOCK_LENGTH;
        frame.putShort(pingUpdates, (short)(PingDecoder.UpdatesDecoder.sbeBlockLength() - 1), LE);
        assertReason(FrameValidator.GROUP_OVERFLOW, frame, frame.capacity());
    }

    @Test
    void varDataLengthPastTheEnd()
    {
        final int ack = indexOf(AckDecoder.TEMPLATE_ID);
        final int payload = offsets[ack] + HEADER + AckDecoder.BLOCK_LENGTH + AckDecoder.UpdatesDecoder.HEADER_SIZE +
            ENTRIES * AckDecoder.UpdatesDecoder.sbeBlockLength();
        UnsafeBuffer frame = validFrame();
        frame.putShort(payload, (short)0xFFFF, LE);
        assertReason(FrameValidator.VAR_DATA_OVERFLOW, frame, frame.capacity());

        // Var data inside a group.
        final int members = indexOf(PushPullChunkDecoder.TEMPLATE_ID);
        final int metadata = offsets[members] + HEADER + PushPullChunkDecoder.BLOCK_LENGTH +
            PushPullChunkDecoder.MembersDecoder.HEADER_SIZE + PushPullChunkDecoder.MembersDecoder.sbeBlockLength();
        frame = validFrame();
        frame.putShort(metadata, (short)0xFFFF, LE);
        assertReason(FrameValidator.VAR_DATA_OVERFLOW, frame, frame.capacity());

        // Var data after a nested group: the key of the first entry, whose clock is empty.
        final int kv = indexOf(KeyValueBatchDecoder.TEMPLATE_ID);
        final int key = offsets[kv] + HEADER + KeyValueBatchDecoder.BLOCK_LENGTH +
            KeyValueBatchDecoder.EntriesDecoder.HEADER_SIZE + KeyValueBatchDecoder.EntriesDecoder.sbeBlockLength() +
            KeyValueBatchDecoder.EntriesDecoder.ClockDecoder.HEADER_SIZE;
        frame = validFrame();
        assertEquals(0, frame.getShort(key - 2, LE), "first entry has an empty clock");
        frame.putShort(key, (short)0xFFFF, LE);
        assertReason(FrameValidator.VAR_DATA_OVERFLOW, frame, frame.capacity());

        // The Rumor payload is followed by other messages: a length one too long is caught at the frame end only
        // if nothing after it parses, so use the whole remainder plus one.
        final int rumor = indexOf(RumorDecoder.TEMPLATE_ID);
        final int rumorPayload = offsets[rumor] + HEADER + RumorDecoder.BLOCK_LENGTH;
        frame = validFrame();
        frame.putShort(rumorPayload, (short)(frame.capacity() - rumorPayload - 2 + 1), LE);
        assertReason(FrameValidator.VAR_DATA_OVERFLOW, frame, frame.capacity());
    }

    @Test
    void blockLengthSmallerThanSchema()
    {
        final int ping = indexOf(PingDecoder.TEMPLATE_ID);
        UnsafeBuffer frame = validFrame();
        frame.putShort(offsets[ping], (short)(PingDecoder.BLOCK_LENGTH - 1), LE);
        assertReason(FrameValidator.BAD_BLOCK_LENGTH, frame, frame.capacity());

        frame = validFrame();
        frame.putShort(0, (short)(FrameHeaderDecoder.BLOCK_LENGTH - 1), LE);
        assertReason(FrameValidator.BAD_BLOCK_LENGTH, frame, frame.capacity());

        frame = validFrame();
        frame.putShort(offsets[0], (short)0, LE);
        assertReason(FrameValidator.BAD_BLOCK_LENGTH, frame, frame.capacity());
    }

    @Test
    void blockLengthPastTheEnd()
    {
        final int ping = indexOf(PingDecoder.TEMPLATE_ID);
        final UnsafeBuffer frame = validFrame();
        frame.putShort(offsets[ping], (short)0xFFFF, LE);
        assertReason(FrameValidator.TRUNCATED, frame, frame.capacity());
    }

    @Test
    void tooManyMessages()
    {
        final UnsafeBuffer frame = validFrame();
        final FrameValidator exact = new FrameValidator(TEMPLATES.length);
        assertEquals(FrameValidator.OK, exact.validate(frame, 0, frame.capacity()));
        assertEquals(TEMPLATES.length, exact.messageCount());

        final FrameValidator tooSmall = new FrameValidator(TEMPLATES.length - 1);
        assertEquals(FrameValidator.TOO_MANY_MESSAGES, tooSmall.validate(frame, 0, frame.capacity()));
        assertEquals(0, tooSmall.messageCount());
    }

    @Test
    void frameHeaderAlone()
    {
        final UnsafeBuffer frame = validFrame();
        assertReason(FrameValidator.EMPTY_FRAME, frame, offsets[0]);
    }

    @Test
    void argumentsOutsideTheBufferAreTruncatedNotThrown()
    {
        final UnsafeBuffer frame = validFrame();
        final int capacity = frame.capacity();
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, 0, 0));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, 0, capacity + 1));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, 1, capacity));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, -1, capacity));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, 0, -1));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(frame, capacity, 0));
        assertEquals(FrameValidator.TRUNCATED, validator.validate(null, 0, 10));
    }

    @Test
    void frameAtAnOffsetReportsAbsoluteOffsets()
    {
        final UnsafeBuffer frame = validFrame();
        final int shift = 37;
        final UnsafeBuffer shifted = new UnsafeBuffer(new byte[frame.capacity() + shift + 11]);
        shifted.setMemory(0, shifted.capacity(), (byte)0x5A);
        shifted.putBytes(shift, frame, 0, frame.capacity());
        assertEquals(FrameValidator.OK, validator.validate(shifted, shift, frame.capacity()));
        for (int i = 0; i < TEMPLATES.length; i++)
        {
            assertEquals(offsets[i] + shift, validator.messageOffset(i));
            assertEquals(lengths[i], validator.messageLength(i));
        }
    }

    @Test
    void rejectionClearsDescriptionAndValidatorIsReusable()
    {
        final UnsafeBuffer frame = validFrame();
        assertEquals(TEMPLATES.length, validator.messageCount());
        final int clusterId = validator.clusterId();
        final long sequence = validator.sequence();
        frame.putInt(HEADER + FrameHeaderDecoder.clusterIdEncodingOffset(), clusterId + 1, LE);
        frame.putLong(HEADER + FrameHeaderDecoder.sequenceEncodingOffset(), sequence + 1, LE);
        frame.putShort(offsets[1] + 2, (short)999, LE);
        assertReason(FrameValidator.UNKNOWN_TEMPLATE, frame, frame.capacity());
        assertEquals(clusterId, validator.clusterId(), "header fields change only on OK");
        assertEquals(sequence, validator.sequence());
        frame.putShort(offsets[1] + 2, (short)TEMPLATES[1], LE);
        assertReason(FrameValidator.OK, frame, frame.capacity());
        assertEquals(TEMPLATES.length, validator.messageCount());
        assertEquals(clusterId + 1, validator.clusterId());
        assertEquals(sequence + 1, validator.sequence());
    }

    @Test
    void validateDoesNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final UnsafeBuffer frame = validFrame();
        final UnsafeBuffer bad = validFrame();
        bad.putShort(offsets[3] + 2, (short)999, LE);
        final int length = frame.capacity();

        // Warm up past the JIT's tier transitions, which may allocate once on this thread inside the JVM itself.
        int sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += validator.validate(frame, 0, length) + validator.validate(bad, 0, length);
        }
        // A JIT recompilation on a busy machine can still allocate once inside a window (2,224 bytes was seen), so
        // take the least of five windows: an allocation per call would show in every one (20,000 calls each).
        threads.getThreadAllocatedBytes(threadId);
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 10_000; i++)
            {
                sum += validator.validate(frame, 0, length) + validator.validate(bad, 0, length);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertEquals(70_000 * FrameValidator.UNKNOWN_TEMPLATE, sum);
        assertEquals(0, least, "bytes allocated by 20,000 validations in the least of five windows");
    }

    @Test
    void reasonNamesAreDistinctAndComplete()
    {
        final Set<String> names = new HashSet<>();
        for (int reason = 0; reason < FrameValidator.REASON_COUNT; reason++)
        {
            names.add(FrameValidator.reasonName(reason));
        }
        assertEquals(FrameValidator.REASON_COUNT, names.size());
        assertTrue(names.containsAll(Set.of(
            "OK", "TRUNCATED", "WRONG_SCHEMA", "UNKNOWN_TEMPLATE", "BAD_BLOCK_LENGTH", "GROUP_OVERFLOW",
            "VAR_DATA_OVERFLOW", "NOT_A_FRAME", "TOO_MANY_MESSAGES", "EMPTY_FRAME")));
        assertEquals("UNKNOWN", FrameValidator.reasonName(-1));
        assertEquals("UNKNOWN", FrameValidator.reasonName(FrameValidator.REASON_COUNT));
        assertEquals(0, FrameValidator.OK);
    }

    @Test
    void constructorRejectsNonPositiveLimit()
    {
        assertThrows(IllegalArgumentException.class, () -> new FrameValidator(0));
        assertThrows(IllegalArgumentException.class, () -> new FrameValidator(-1));
    }

    @Test
    void aFrameCutBetweenMessagesIsTruncatedWhenItStatesItsMessageCount()
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frame = new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(1).srcNode(2).dstNode(3).sequence(4).flags((short)0).messageCount((short)2);
        int position = MessageHeaderEncoder.ENCODED_LENGTH + frame.encodedLength();
        final NackEncoder nack = new NackEncoder();
        nack.wrapAndApplyHeader(buffer, position, header).seq(1).targetNode(3);
        position += MessageHeaderEncoder.ENCODED_LENGTH + nack.encodedLength();
        final int firstMessageEnd = position;
        nack.wrapAndApplyHeader(buffer, position, header).seq(2).targetNode(3);
        position += MessageHeaderEncoder.ENCODED_LENGTH + nack.encodedLength();

        final FrameValidator validator = new FrameValidator(8);
        assertEquals(FrameValidator.OK, validator.validate(buffer, 0, position));
        assertEquals(2, validator.messageCount());
        assertEquals(FrameValidator.TRUNCATED, validator.validate(buffer, 0, firstMessageEnd),
            "cut after the first of two stated messages");
    }

    /** A FrameHeader (stating no count) and a KeyValueBatch of two entries, the first with a key of keyLength. */
    private static int keyValueBatchFrame(final UnsafeBuffer buffer, final int keyLength)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frame = new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(1).srcNode(2).dstNode(3).sequence(4).flags((short)0).messageCount((short)0);
        final int position = HEADER + frame.encodedLength();
        final KeyValueBatchEncoder batch = new KeyValueBatchEncoder().wrapAndApplyHeader(buffer, position, header);
        final KeyValueBatchEncoder.EntriesEncoder entries = batch.entriesCount(2);
        entries.next().clockCount(0);
        entries.putKey(new byte[keyLength], 0, keyLength).putValue(new byte[0], 0, 0);
        entries.next().clockCount(0);
        entries.putKey(new byte[0], 0, 0).putValue(new byte[0], 0, 0);
        return batch.limit();
    }

    @Test
    void aGroupWhoseEntriesCannotFitIsAnOverflowAndAnEntryCutAfterItsBlockIsTruncated()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int block = KeyValueBatchDecoder.EntriesDecoder.sbeBlockLength();
        // Each entry holds at least its block, its clock's group header and the key and value length headers.
        final int leastEntry = block + KeyValueBatchDecoder.EntriesDecoder.ClockDecoder.HEADER_SIZE +
            KeyValueBatchDecoder.EntriesDecoder.keyHeaderLength() +
            KeyValueBatchDecoder.EntriesDecoder.valueHeaderLength();

        final int least = keyValueBatchFrame(buffer, 0);
        assertReason(FrameValidator.OK, buffer, least);
        // Two least entries need one byte more than is left: refused from the count, before walking them.
        assertReason(FrameValidator.GROUP_OVERFLOW, buffer, least - 1);

        // With a long first key, the count fits the bytes; the walk finds the second entry cut.
        final int keyLength = leastEntry + 3;
        final int full = keyValueBatchFrame(buffer, keyLength);
        assertReason(FrameValidator.OK, buffer, full);
        final int secondEntry = full - leastEntry;
        assertReason(FrameValidator.GROUP_OVERFLOW, buffer, secondEntry + block - 1);
        // Its block whole and nothing after it: the clock's group header is missing.
        assertReason(FrameValidator.TRUNCATED, buffer, secondEntry + block);
    }

    @Test
    void aFrameMayEndWithAnEmptyGroupOrAnEmptyVarData()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frame = new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(1).srcNode(2).dstNode(3).sequence(4).flags((short)0).messageCount((short)0);
        final int position = HEADER + frame.encodedLength();
        final PingEncoder ping = new PingEncoder().wrapAndApplyHeader(buffer, position, header).seq(1).targetNode(3);
        ping.updatesCount(0);
        assertReason(FrameValidator.OK, buffer, ping.limit());

        final AckEncoder ack = new AckEncoder().wrapAndApplyHeader(buffer, position, header).seq(1);
        ack.updatesCount(0);
        ack.putPayload(new byte[0], 0, 0);
        assertReason(FrameValidator.OK, buffer, ack.limit());
    }

    @Test
    void aMessageHeaderWithNothingAfterItIsJudgedByItsHeader()
    {
        final UnsafeBuffer frame = validFrame();
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[frame.capacity() + HEADER]);
        longer.putBytes(0, frame, 0, frame.capacity());
        final int extra = frame.capacity();
        longer.putShort(extra, (short)NackDecoder.BLOCK_LENGTH, LE);
        longer.putShort(extra + 2, (short)999, LE);
        longer.putShort(extra + 4, (short)MessageHeaderDecoder.SCHEMA_ID, LE);
        assertReason(FrameValidator.UNKNOWN_TEMPLATE, longer, longer.capacity());

        longer.putShort(extra + 2, (short)NackDecoder.TEMPLATE_ID, LE);
        longer.putShort(extra + 4, (short)(MessageHeaderDecoder.SCHEMA_ID + 1), LE);
        assertReason(FrameValidator.WRONG_SCHEMA, longer, longer.capacity());

        longer.putShort(extra + 4, (short)MessageHeaderDecoder.SCHEMA_ID, LE);
        assertReason(FrameValidator.TRUNCATED, longer, longer.capacity());
    }

    @Test
    void aLimitOfOneMessageAcceptsOneAndRefusesTwo()
    {
        final FrameValidator one = new FrameValidator(1);
        assertEquals(1, one.maxMessagesPerFrame());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frame = new FrameHeaderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clusterId(1).srcNode(2).dstNode(3).sequence(4).flags((short)0).messageCount((short)0);
        int position = HEADER + frame.encodedLength();
        final NackEncoder nack = new NackEncoder();
        nack.wrapAndApplyHeader(buffer, position, header).seq(1).targetNode(3);
        position += HEADER + nack.encodedLength();
        assertEquals(FrameValidator.OK, one.validate(buffer, 0, position));
        assertEquals(1, one.messageCount());
        nack.wrapAndApplyHeader(buffer, position, header).seq(2).targetNode(3);
        position += HEADER + nack.encodedLength();
        assertEquals(FrameValidator.TOO_MANY_MESSAGES, one.validate(buffer, 0, position));
    }
}

package io.starling.engine.kv;

import java.util.Random;

import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorClockTest
{
    private static VectorClock clock(final long... pairs)
    {
        final VectorClock c = new VectorClock();
        for (int i = 0; i < pairs.length; i += 2)
        {
            c.set((int)pairs[i], pairs[i + 1]);
        }
        return c;
    }

    @Test
    void comparesAllFourOrders()
    {
        assertEquals(ClockOrder.EQUAL, clock().compare(clock()));
        assertEquals(ClockOrder.EQUAL, clock(1, 2, 3, 4).compare(clock(3, 4, 1, 2)));
        assertEquals(ClockOrder.BEFORE, clock(1, 1).compare(clock(1, 2)));
        assertEquals(ClockOrder.BEFORE, clock(1, 1).compare(clock(1, 1, 2, 1)));
        assertEquals(ClockOrder.BEFORE, clock().compare(clock(5, 1)));
        assertEquals(ClockOrder.AFTER, clock(1, 3, 2, 1).compare(clock(1, 2)));
        assertEquals(ClockOrder.AFTER, clock(1, 1, 9, 1).compare(clock(1, 1)));
        assertEquals(ClockOrder.CONCURRENT, clock(1, 2).compare(clock(2, 1)));
        assertEquals(ClockOrder.CONCURRENT, clock(1, 2, 2, 1).compare(clock(1, 1, 2, 2)));
    }

    @Test
    void packedComparisonAgreesWithObjectComparison()
    {
        final Random random = new Random(3);
        for (int trial = 0; trial < 2_000; trial++)
        {
            final VectorClock a = randomClock(random);
            final VectorClock b = randomClock(random);
            assertEquals(a.compare(b), a.comparePacked(b.toPacked()), a + " vs " + b);
            assertEquals(a.compare(b), a.compare(new VectorClock().loadPacked(b.toPacked())));
        }
    }

    @Test
    void orderIsAntisymmetric()
    {
        final Random random = new Random(5);
        for (int trial = 0; trial < 2_000; trial++)
        {
            final VectorClock a = randomClock(random);
            final VectorClock b = randomClock(random);
            final ClockOrder ab = a.compare(b);
            final ClockOrder ba = b.compare(a);
            switch (ab)
            {
                case BEFORE -> assertEquals(ClockOrder.AFTER, ba);
                case AFTER -> assertEquals(ClockOrder.BEFORE, ba);
                default -> assertEquals(ab, ba);
            }
        }
    }

    @Test
    void mergeIsAnUpperBoundAndCommutativeAssociativeIdempotent()
    {
        final Random random = new Random(11);
        for (int trial = 0; trial < 1_000; trial++)
        {
            final VectorClock a = randomClock(random);
            final VectorClock b = randomClock(random);
            final VectorClock c = randomClock(random);

            final VectorClock ab = new VectorClock().copyFrom(a).merge(b);
            final ClockOrder abVsA = ab.compare(a);
            assertTrue(ClockOrder.AFTER == abVsA || ClockOrder.EQUAL == abVsA);
            final ClockOrder abVsB = ab.compare(b);
            assertTrue(ClockOrder.AFTER == abVsB || ClockOrder.EQUAL == abVsB);

            assertEquals(ClockOrder.EQUAL, ab.compare(new VectorClock().copyFrom(b).merge(a)));
            final VectorClock left = new VectorClock().copyFrom(a).merge(b).merge(c);
            final VectorClock right = new VectorClock().copyFrom(a).merge(new VectorClock().copyFrom(b).merge(c));
            assertEquals(ClockOrder.EQUAL, left.compare(right));
            assertEquals(ClockOrder.EQUAL, new VectorClock().copyFrom(a).merge(a).compare(a));
            assertEquals(ClockOrder.EQUAL, new VectorClock().copyFrom(a).mergePacked(b.toPacked()).compare(ab));
        }
    }

    @Test
    void incrementMakesTheClockStrictlyLater()
    {
        final VectorClock a = clock(1, 4, 7, 2);
        final VectorClock b = new VectorClock().copyFrom(a);
        assertEquals(5, b.increment(1));
        assertEquals(ClockOrder.AFTER, b.compare(a));
        assertEquals(1, b.increment(3));
        assertEquals(3, b.size());
        assertEquals(1, b.get(3));
        assertEquals(0, b.get(99));
        assertArrayEquals(new long[] {1, 5, 3, 1, 7, 2}, b.toPacked());
    }

    @Test
    void zeroCountersAreNotStored()
    {
        final VectorClock a = clock(1, 1, 2, 0);
        assertEquals(1, a.size());
        a.set(1, 0);
        assertEquals(0, a.size());
        assertEquals(ClockOrder.EQUAL, a.compare(new VectorClock()));
    }

    @Test
    void encodesCompactlyAndDecodesIntoTheClockGroup()
    {
        final VectorClock original = clock(9, 3, 2, 1, 40, 77);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final KeyValueBatchEncoder encoder = new KeyValueBatchEncoder();
        final KeyValueBatchEncoder.EntriesEncoder entry = encoder
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sessionId(1).chunkIndex(0).chunkCount(1).isReply(io.starling.codecs.BooleanType.F)
            .entriesCount(1).next().lamportTime(5).writerNode(9).tombstone(io.starling.codecs.BooleanType.F);
        original.encode(entry);
        entry.putKey(new byte[] {1}, 0, 1).putValue(new byte[0], 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        assertEquals(KvStoreConfig.BATCH_HEADER_LENGTH + KvStoreConfig.encodedEntryLength(1, 0, 3), length);

        final KeyValueBatchDecoder decoder = new KeyValueBatchDecoder().wrapAndApplyHeader(
            buffer, 0, new MessageHeaderDecoder());
        final KeyValueBatchDecoder.EntriesDecoder entries = decoder.entries();
        entries.next();
        entries.lamportTime();
        entries.writerNode();
        entries.tombstoneRaw();
        final VectorClock decoded = new VectorClock();
        assertTrue(decoded.decode(entries.clock(), 32));
        assertEquals(ClockOrder.EQUAL, decoded.compare(original));
        assertArrayEquals(original.toPacked(), decoded.toPacked());
    }

    @Test
    void decodeRejectsDuplicatesZeroCountersAndOversizeClocks()
    {
        assertFalse(decodeRaw(new long[] {1, 1, 1, 2}, 32), "duplicate node");
        assertFalse(decodeRaw(new long[] {1, 0}, 32), "zero counter");
        assertFalse(decodeRaw(new long[] {1, -4}, 32), "negative counter");
        assertFalse(decodeRaw(new long[] {1, 1, 2, 1, 3, 1}, 2), "too many entries");
        assertTrue(decodeRaw(new long[] {3, 1, 1, 1}, 32), "unsorted but valid");
    }

    private static boolean decodeRaw(final long[] pairs, final int maxSize)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final KeyValueBatchEncoder encoder = new KeyValueBatchEncoder();
        final KeyValueBatchEncoder.EntriesEncoder entry = encoder
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sessionId(1).chunkIndex(0).chunkCount(1).isReply(io.starling.codecs.BooleanType.F)
            .entriesCount(1).next().lamportTime(5).writerNode(9).tombstone(io.starling.codecs.BooleanType.F);
        final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entry.clockCount(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2)
        {
            clock.next().nodeId((int)pairs[i]).counter(pairs[i + 1]);
        }
        entry.putKey(new byte[] {1}, 0, 1).putValue(new byte[0], 0, 0);

        final KeyValueBatchDecoder.EntriesDecoder entries =
            new KeyValueBatchDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder()).entries();
        entries.next();
        final VectorClock decoded = new VectorClock();
        final boolean valid = decoded.decode(entries.clock(), maxSize);
        assertEquals(1, entries.keyLength(), "the group is read to its end even when invalid");
        return valid;
    }

    private static VectorClock randomClock(final Random random)
    {
        final VectorClock c = new VectorClock();
        final int n = random.nextInt(5);
        for (int i = 0; i < n; i++)
        {
            c.set(random.nextInt(6), random.nextInt(4));
        }
        return c;
    }
}

package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisseminationQueueTest
{
    @Test
    void selectsFewestSentFirstAndNewestFirstWithinABucket()
    {
        final DisseminationQueue q = new DisseminationQueue(8, 4);
        q.offer(10, 1);
        q.offer(11, 1);
        q.offer(12, 1);
        final int[] out = new int[8];
        assertEquals(1, q.select(out, 1));
        assertEquals(12, q.slotOf(out[0]));
        q.markSent(out, 1, 3);
        assertEquals(3, q.select(out, 8));
        assertArrayEquals(new int[]{11, 10, 12}, slots(q, out, 3));
    }

    @Test
    void anEntryLeavesAfterTheLimitAndAReofferStartsItAgain()
    {
        final DisseminationQueue q = new DisseminationQueue(8, 4);
        q.offer(5, 1);
        final int[] out = new int[8];
        for (int i = 0; i < 2; i++)
        {
            assertEquals(1, q.select(out, 8));
            q.markSent(out, 1, 3);
        }
        q.offer(5, 2);
        assertEquals(1, q.size());
        assertEquals(1, q.select(out, 8));
        assertEquals(2, q.fromOf(out[0]), "the newer offer's origin");
        for (int i = 0; i < 3; i++)
        {
            assertEquals(1, q.select(out, 8));
            q.markSent(out, 1, 3);
        }
        assertEquals(0, q.size());
        assertFalse(q.contains(5));
    }

    @Test
    void fullQueueEvictsTheOldestOfTheMostSent()
    {
        final DisseminationQueue q = new DisseminationQueue(4, 8);
        final int[] out = new int[8];
        q.offer(1, 0);
        q.offer(2, 0);
        assertEquals(2, q.select(out, 8));
        q.markSent(out, 2, 8); // sent once, in the order selected (2, then 1): 1 is now the newest of the bucket
        q.offer(3, 0);
        q.offer(4, 0);
        q.offer(5, 0); // full: evicts 2
        assertFalse(q.contains(2));
        assertTrue(q.contains(1));
        q.offer(6, 0); // evicts 1, the last once-sent entry
        assertFalse(q.contains(1));
        q.offer(7, 0); // only unsent entries left: evicts the oldest of them, 3
        assertFalse(q.contains(3));
        assertEquals(4, q.size());
        assertEquals(4, q.select(out, 8));
        assertArrayEquals(new int[]{7, 6, 5, 4}, slots(q, out, 4));
    }

    /**
     * Random offers, removals and sends against a plain list model of the same rules.
     */
    @Test
    void matchesAReferenceModel()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final int capacity = 16;
        final int limit = 5;
        final DisseminationQueue q = new DisseminationQueue(capacity, 8);
        final List<long[]> model = new ArrayList<>(); // {slot, transmits, stamp}
        long stamp = 0;
        final int[] out = new int[capacity];
        for (int step = 0; step < 200_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5)
            {
                final int slot = random.nextInt(40);
                model.removeIf((e) -> e[0] == slot);
                if (model.size() == capacity)
                {
                    model.remove(model.stream().max(Comparator.<long[]>comparingLong((e) -> e[1])
                        .thenComparingLong((e) -> -e[2])).orElseThrow());
                }
                model.add(new long[]{slot, 0, stamp++});
                q.offer(slot, 0);
            }
            else if (op < 6)
            {
                final int slot = random.nextInt(40);
                model.removeIf((e) -> e[0] == slot);
                q.remove(slot);
            }
            else
            {
                final int max = 1 + random.nextInt(6);
                model.sort(Comparator.<long[]>comparingLong((e) -> e[1]).thenComparingLong((e) -> -e[2]));
                final int n = q.select(out, max);
                assertEquals(Math.min(max, model.size()), n, "step " + step);
                for (int i = 0; i < n; i++)
                {
                    assertEquals(model.get(i)[0], q.slotOf(out[i]), "step " + step + " position " + i);
                }
                q.markSent(out, n, limit);
                final List<long[]> sent = new ArrayList<>(model.subList(0, n));
                model.subList(0, n).clear();
                for (final long[] e : sent)
                {
                    e[1]++;
                    e[2] = stamp++;
                    if (e[1] < limit)
                    {
                        model.add(e);
                    }
                }
            }
            assertEquals(model.size(), q.size(), "step " + step);
        }
    }

    @Test
    void mayCarryMetadataIsTrueExactlyWhileAMarkedEntryOrThePinnedMembersOwnIsQueued()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final int capacity = 8;
        final int limit = 3;
        final int pinned = 0;
        final DisseminationQueue q = new DisseminationQueue(capacity, 4);
        q.pin(pinned);
        final int[] out = new int[capacity];
        assertFalse(q.mayCarryMetadata());
        for (int step = 0; step < 100_000; step++)
        {
            final int op = random.nextInt(10);
            final int slot = random.nextInt(24);
            if (op < 5)
            {
                q.offer(slot, 0, random.nextInt(4) == 0); // fills the queue, so entries are evicted as well
            }
            else if (op < 6)
            {
                q.remove(slot);
            }
            else
            {
                q.markSent(out, q.select(out, 1 + random.nextInt(4)), limit);
            }
            boolean expected = false;
            for (int i = 0, n = q.select(out, capacity); i < n; i++)
            {
                expected |= q.withMetadataOf(out[i]);
            }
            assertEquals(expected, q.mayCarryMetadata(), "step " + step);
        }
    }

    private static int[] slots(final DisseminationQueue q, final int[] entries, final int n)
    {
        final int[] slots = new int[n];
        for (int i = 0; i < n; i++)
        {
            slots[i] = q.slotOf(entries[i]);
        }
        return slots;
    }
}

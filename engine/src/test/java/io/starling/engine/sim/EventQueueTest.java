package io.starling.engine.sim;

import io.starling.engine.protocol.SeededRandom;
import java.util.PriorityQueue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventQueueTest
{
    @Test
    void shouldPollInTimeOrderThenInsertionOrder()
    {
        final EventQueue queue = new EventQueue(4);
        final int a = queue.allocate(1, 0, 10, 0, 0);
        final int b = queue.allocate(1, 0, 20, 0, 0);
        final int c = queue.allocate(1, 0, 30, 0, 0);
        final int d = queue.allocate(1, 0, 40, 0, 0);
        queue.push(500, a);
        queue.push(100, b);
        queue.push(500, c);
        queue.push(100, d);

        assertEquals(100, queue.peekTimeNs());
        assertEquals(b, queue.poll());
        assertEquals(d, queue.poll());
        assertEquals(500, queue.peekTimeNs());
        assertEquals(a, queue.poll());
        assertEquals(c, queue.poll());
        assertTrue(queue.isEmpty());
        assertEquals(-1, queue.poll());
        assertEquals(Long.MAX_VALUE, queue.peekTimeNs());
    }

    @Test
    void shouldMatchAReferenceQueueUnderRandomPushesAndPolls()
    {
        final EventQueue queue = new EventQueue(16);
        final PriorityQueue<long[]> reference = new PriorityQueue<>(
            (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        final SeededRandom random = new SeededRandom(7);
        long seq = 0;
        int polled = 0;
        for (int i = 0; i < 200_000; i++)
        {
            if (random.nextInt(3) < 2 || reference.isEmpty())
            {
                final long time = random.nextInt(1_000);
                final int slot = queue.allocate(1, 0, (int)seq, 0, 0);
                queue.push(time, slot);
                reference.add(new long[] {time, seq++, slot});
            }
            else
            {
                final long[] expected = reference.poll();
                assertEquals(expected[0], queue.peekTimeNs());
                final int slot = queue.poll();
                assertEquals(expected[2], slot);
                assertEquals((int)expected[1], queue.a(slot));
                queue.free(slot);
                polled++;
            }
        }
        while (!reference.isEmpty())
        {
            final long[] expected = reference.poll();
            assertEquals(expected[2], queue.poll());
        }
        assertTrue(polled > 10_000);
        assertTrue(queue.isEmpty());
    }

    @Test
    void shouldRecycleSlotsWithANewStamp()
    {
        final EventQueue queue = new EventQueue(16);
        final int slot = queue.allocate(3, 7, 1, 2, 3);
        final int stamp = queue.stamp(slot);
        assertEquals(3, queue.type(slot));
        assertEquals(7, queue.node(slot));
        assertEquals(1, queue.slotsInUse());
        queue.free(slot);
        assertEquals(EventQueue.FREE, queue.type(slot));
        assertEquals(0, queue.slotsInUse());

        final int again = queue.allocate(3, 8, 0, 0, 0);
        assertEquals(slot, again);
        assertNotEquals(stamp, queue.stamp(again));
    }

    @Test
    void shouldGrowBeyondInitialCapacity()
    {
        final EventQueue queue = new EventQueue(16);
        for (int i = 0; i < 10_000; i++)
        {
            queue.push(10_000 - i, queue.allocate(1, i, 0, 0, 0));
        }
        assertEquals(10_000, queue.size());
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(i + 1, queue.peekTimeNs());
            assertEquals(9_999 - i, queue.node(queue.poll()));
        }
    }
}

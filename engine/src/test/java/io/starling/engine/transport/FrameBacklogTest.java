package io.starling.engine.transport;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameBacklogTest
{
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);

    @Test
    void boundedByFrameCount()
    {
        final FrameBacklog backlog = new FrameBacklog(3, 4096);
        assertTrue(backlog.add(frame, 0, 10, 1));
        assertTrue(backlog.add(frame, 0, 10, 2));
        assertTrue(backlog.add(frame, 0, 10, 3));
        assertFalse(backlog.add(frame, 0, 10, 4));
        assertEquals(3, backlog.size());
        assertEquals(30, backlog.heldBytes());
        assertEquals(1, backlog.headAddedNs());
        backlog.removeHead();
        assertEquals(2, backlog.headAddedNs());
        assertTrue(backlog.add(frame, 0, 10, 5));
    }

    @Test
    void boundedByBytesIncludingTheWrap()
    {
        final FrameBacklog backlog = new FrameBacklog(64, 1000);
        assertTrue(backlog.add(frame, 0, 400, 0));
        assertTrue(backlog.add(frame, 0, 400, 0));
        assertFalse(backlog.add(frame, 0, 400, 0), "800 held, 200 left at the end, none at the start");
        backlog.removeHead();
        assertTrue(backlog.add(frame, 0, 400, 0), "wraps to the freed start");
        assertFalse(backlog.add(frame, 0, 1, 0), "the wrapped tail meets the head");
        assertFalse(backlog.add(frame, 0, 1001, 0), "larger than the ring");
        assertFalse(backlog.add(frame, 0, 0, 0), "empty frames are refused");
    }

    @Test
    void framesComeOutWholeAndInOrderAcrossManyWraps()
    {
        final FrameBacklog backlog = new FrameBacklog(16, 5000);
        final ArrayDeque<byte[]> expected = new ArrayDeque<>();
        final SplittableRandom random = new SplittableRandom(7);
        int added = 0;
        int refused = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (random.nextInt(100) < 55)
            {
                final byte[] bytes = new byte[1 + random.nextInt(1376)];
                random.nextBytes(bytes);
                frame.putBytes(0, bytes);
                if (backlog.add(frame, 0, bytes.length, step))
                {
                    expected.addLast(bytes);
                    added++;
                }
                else
                {
                    refused++;
                    assertTrue(backlog.size() == 16 || backlog.heldBytes() + bytes.length > 5000 - 1376,
                        "refused only when nearly full: " + backlog.size() + " frames, " + backlog.heldBytes() + " B");
                }
            }
            else if (!backlog.isEmpty())
            {
                final byte[] bytes = expected.removeFirst();
                final byte[] actual = new byte[backlog.headLength()];
                backlog.buffer().getBytes(backlog.headOffset(), actual);
                assertArrayEquals(bytes, actual);
                backlog.removeHead();
            }
            assertEquals(expected.size(), backlog.size());
            assertEquals(expected.stream().mapToInt((b) -> b.length).sum(), backlog.heldBytes());
        }
        assertTrue(added > 5_000 && refused > 100, added + " added, " + refused + " refused");
    }
}

package io.starling.engine.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayWindowTest
{
    @Test
    void firstFrameOfASourceIsNeverAReplay()
    {
        final ReplayWindow window = new ReplayWindow(1);
        assertFalse(window.isReplay(7, 1_000));
        window.accept(7, 1_000);
        assertTrue(window.isReplay(7, 1_000));
        assertFalse(window.isReplay(8, 1_000));
    }

    @Test
    void windowEdges()
    {
        final ReplayWindow window = new ReplayWindow(1);
        window.accept(1, 100);
        assertFalse(window.isReplay(1, 100 - 63), "age 63 is inside the window");
        assertTrue(window.isReplay(1, 100 - 64), "age 64 is outside");
        window.accept(1, 37);
        assertTrue(window.isReplay(1, 37));
        assertFalse(window.isReplay(1, 38));

        window.accept(1, 101);
        assertTrue(window.isReplay(1, 100));
        assertTrue(window.isReplay(1, 37), "now age 64");
        assertFalse(window.isReplay(1, 102));

        window.accept(1, 1_000_000);
        assertTrue(window.isReplay(1, 101), "a big jump forgets the old window");
        assertFalse(window.isReplay(1, 999_999));
        window.accept(1, 999_999);
        assertTrue(window.isReplay(1, 999_999));
    }

    @Test
    void everyCounterAcceptedOnceInAnyOrderWithinTheWindow()
    {
        final ReplayWindow window = new ReplayWindow(1);
        final long[] order = {10, 3, 7, 1, 2, 9, 8, 4, 6, 5, 0, 11, 64, 63, 12};
        for (final long counter : order)
        {
            assertFalse(window.isReplay(3, counter), "counter " + counter);
            window.accept(3, counter);
            assertTrue(window.isReplay(3, counter));
        }
        assertTrue(window.isReplay(3, 0), "0 is now 64 behind 64");
    }

    @Test
    void growsForManySources()
    {
        final ReplayWindow window = new ReplayWindow(1);
        for (int source = 0; source < 1_000; source++)
        {
            window.accept(source, source);
        }
        assertEquals(1_000, window.sources());
        for (int source = 0; source < 1_000; source++)
        {
            assertTrue(window.isReplay(source, source));
            assertFalse(window.isReplay(source, source + 1));
        }
    }

    @Test
    void aJumpOfExactlyTheWindowForgetsEveryOldCounter()
    {
        final ReplayWindow window = new ReplayWindow(1);
        for (long counter = 100; counter < 164; counter++)
        {
            window.accept(5, counter);
        }
        window.accept(5, 227);
        assertTrue(window.isReplay(5, 227));
        // 164 to 226 were never sent: none may be refused as a replay (the old bits must not shift back in).
        for (long counter = 164; counter < 227; counter++)
        {
            assertFalse(window.isReplay(5, counter), "counter " + counter);
        }
    }
}

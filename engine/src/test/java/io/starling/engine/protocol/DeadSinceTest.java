package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change times of DEAD and LEFT members: a member without one counts as changed the longest window ago (so it
 * is past reaping and gossip to the dead, never "just died"), a member marked at any instant, the map's empty
 * marker included, keeps its time, and the map gives its memory back once empty.
 */
class DeadSinceTest
{
    private static final int MAX_WINDOW_MS = (int)(ProtocolConfig.MAX_DEAD_WINDOW_NS / 1_000_000L);

    @Test
    void aMemberWithoutAChangeTimeIsPastTheLongestWindow()
    {
        final DeadSince deadSince = new DeadSince();
        for (final int nowMs : new int[]{0, 5_000, Integer.MAX_VALUE, Integer.MIN_VALUE + 7})
        {
            // The windows are compared as wrap-safe int differences, as the reaper and gossip do.
            assertEquals(MAX_WINDOW_MS, nowMs - deadSince.sinceMs(3, nowMs), "now " + nowMs);
        }
    }

    @Test
    void aMarkedMemberKeepsItsTimeUntilRemoved()
    {
        final DeadSince deadSince = new DeadSince();
        deadSince.mark(3, 1_234);
        deadSince.mark(4, Integer.MIN_VALUE); // the map's own "no time" value, ms since start wrapping
        assertEquals(1_234, deadSince.sinceMs(3, 9_999));
        final int nowMs = Integer.MIN_VALUE + 10;
        assertTrue(Math.abs(nowMs - deadSince.sinceMs(4, nowMs) - 10) <= 1,
            "a member marked at the wrap instant died 10 ms ago (to 1 ms), not the longest window ago");
        deadSince.remove(3);
        assertEquals(MAX_WINDOW_MS, 9_999 - deadSince.sinceMs(3, 9_999));
    }

    @Test
    void theMapGivesItsMemoryBackOnceEmpty()
    {
        final DeadSince deadSince = new DeadSince();
        final long emptyBytes = deadSince.allocatedBytes();
        assertTrue(emptyBytes > 0);
        final int members = 1_000;
        for (int slot = 0; slot < members; slot++)
        {
            deadSince.mark(slot, slot);
        }
        // At least one int key and one int value per member.
        assertTrue(deadSince.allocatedBytes() >= 8L * members, "bytes " + deadSince.allocatedBytes());
        deadSince.compactIfEmpty();
        assertTrue(deadSince.allocatedBytes() >= 8L * members, "not compacted while members wait");
        for (int slot = 0; slot < members; slot++)
        {
            deadSince.remove(slot);
        }
        deadSince.compactIfEmpty();
        assertTrue(deadSince.allocatedBytes() <= emptyBytes, "bytes after compaction " + deadSince.allocatedBytes());
    }
}

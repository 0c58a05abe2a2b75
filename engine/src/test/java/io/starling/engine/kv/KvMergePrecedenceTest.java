package io.starling.engine.kv;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.kv.KvTestSupport.bytes;
import static io.starling.engine.kv.KvTestSupport.store;
import static io.starling.engine.kv.KvTestSupport.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which version a merge keeps, written from the store's contract (not its code): a version whose clock is before a
 * held one is ignored; one after replaces; a concurrent one is kept beside it; between equal clocks with different
 * content, the higher (Lamport time, writer, digest) wins, whatever the arrival order, so every replica keeps the
 * same one. These tests were written to kill the mutants PIT left alive in {@code KvStore.merge} (docs/testing.md).
 */
class KvMergePrecedenceTest
{
    private static final byte[] KEY = bytes("svc/a");

    private static VectorClock clock(final long... nodeCounterPairs)
    {
        final VectorClock clock = new VectorClock();
        for (int i = 0; i < nodeCounterPairs.length; i += 2)
        {
            clock.set((int)nodeCounterPairs[i], nodeCounterPairs[i + 1]);
        }
        return clock;
    }

    private static MergeResult merge(
        final KvStore store, final byte[] key, final String value, final long lamport, final int writer,
        final VectorClock clock)
    {
        final byte[] v = bytes(value);
        return store.merge(new UnsafeBuffer(key), 0, key.length, new UnsafeBuffer(v), 0, v.length, false, lamport,
            writer, clock, 0);
    }

    private static List<String> held(final KvStore store)
    {
        final List<String> values = new ArrayList<>();
        final KvVersions versions = store.versions(KEY);
        for (int i = 0; i < versions.count(); i++)
        {
            values.add(string(versions.valueCopy(i)));
        }
        values.sort(String::compareTo);
        return values;
    }

    @Test
    void beforeIsIgnoredAfterReplacesConcurrentIsASibling()
    {
        final KvStore store = store(9);
        assertEquals(MergeResult.ADDED, merge(store, KEY, "x", 5, 1, clock(1, 2)));
        assertEquals(MergeResult.IGNORED, merge(store, KEY, "old", 4, 1, clock(1, 1)));
        assertEquals(List.of("x"), held(store));
        assertEquals(MergeResult.REPLACED, merge(store, KEY, "y", 6, 1, clock(1, 3)));
        assertEquals(List.of("y"), held(store));
        assertEquals(MergeResult.SIBLING, merge(store, KEY, "z", 6, 2, clock(1, 2, 2, 1)));
        assertEquals(List.of("y", "z"), held(store));
        // A version after both siblings replaces both.
        assertEquals(MergeResult.REPLACED, merge(store, KEY, "w", 7, 2, clock(1, 3, 2, 2)));
        assertEquals(List.of("w"), held(store));
    }

    @Test
    void equalClocksWithDifferentContentKeepTheSameWinnerInEitherOrder()
    {
        final VectorClock c = clock(1, 4, 2, 7);
        // {value, lamport, writer} pairs; the second of each pair must win.
        final Object[][][] pairs = {
            {{"low-lamport", 10L, 5}, {"high-lamport", 11L, 1}},
            {{"low-writer", 10L, 1}, {"high-writer", 10L, 2}},
        };
        for (final Object[][] pair : pairs)
        {
            final String loser = (String)pair[0][0];
            final String winner = (String)pair[1][0];
            final KvStore forward = store(9);
            final KvStore backward = store(9);
            assertEquals(MergeResult.ADDED, merge(forward, KEY, loser, (Long)pair[0][1], (Integer)pair[0][2], c));
            assertEquals(MergeResult.REPLACED, merge(forward, KEY, winner, (Long)pair[1][1], (Integer)pair[1][2], c));
            assertEquals(MergeResult.ADDED, merge(backward, KEY, winner, (Long)pair[1][1], (Integer)pair[1][2], c));
            assertEquals(MergeResult.IGNORED, merge(backward, KEY, loser, (Long)pair[0][1], (Integer)pair[0][2], c));
            assertEquals(List.of(winner), held(forward), loser + " vs " + winner);
            assertEquals(List.of(winner), held(backward), loser + " vs " + winner);
        }
        // Same clock, Lamport time and writer, different values: the digest decides, the same way in both orders.
        final KvStore forward = store(9);
        final KvStore backward = store(9);
        merge(forward, KEY, "p", 10, 3, c);
        merge(forward, KEY, "q", 10, 3, c);
        merge(backward, KEY, "q", 10, 3, c);
        merge(backward, KEY, "p", 10, 3, c);
        assertEquals(1, held(forward).size());
        assertEquals(held(forward), held(backward));
        // The very same version again is ignored.
        assertEquals(MergeResult.IGNORED, merge(forward, KEY, held(forward).get(0), 10, 3, c));
    }

    @Test
    void beyondMaxSiblingsTheOldestIsEvictedAndAnEvictedArrivalIsIgnored()
    {
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(9).maxSiblings(2));
        assertEquals(MergeResult.ADDED, merge(store, KEY, "a", 5, 1, clock(1, 1)));
        assertEquals(MergeResult.SIBLING, merge(store, KEY, "b", 6, 2, clock(2, 1)));
        // Concurrent with both and older than both (Lamport 1): it is the one evicted, so nothing changed.
        assertEquals(MergeResult.IGNORED, merge(store, KEY, "c", 1, 3, clock(3, 1)));
        assertEquals(List.of("a", "b"), held(store));
        // Concurrent and newest: kept, and the oldest held sibling goes.
        assertEquals(MergeResult.SIBLING, merge(store, KEY, "d", 9, 4, clock(4, 1)));
        assertEquals(List.of("b", "d"), held(store));
        assertEquals(2, store.siblingsEvicted());
    }

    @Test
    void mergeAdvancesTheLamportClockAndNeverMovesItBack()
    {
        final KvStore store = store(9);
        merge(store, KEY, "a", 100, 1, clock(1, 1));
        assertEquals(100, store.lamportTime());
        merge(store, bytes("other"), "b", 50, 1, clock(1, 1));
        assertEquals(100, store.lamportTime());
        assertTrue(store.put(bytes("mine"), bytes("c"), 0) > 100, "a local write after a merge is later than it");
    }

    @Test
    void limitsAreInclusive()
    {
        final KvStoreConfig config = new KvStoreConfig().nodeId(9).maxKeyLengthBytes(8).maxValueLengthBytes(16)
            .maxClockEntries(3);
        final KvStore store = new KvStore(config);
        assertEquals(MergeResult.ADDED, merge(store, bytes("k"), "v", 0, 1, clock(1, 1)), "1-byte key, Lamport 0");
        assertEquals(MergeResult.ADDED, merge(store, bytes("12345678"), "0123456789abcdef", 1, 1,
            clock(1, 1, 2, 1, 3, 1)), "longest key and value, most clock entries");

        assertEquals(MergeResult.REJECTED, merge(store, new byte[0], "v", 1, 1, clock(1, 1)), "empty key");
        assertEquals(MergeResult.REJECTED, merge(store, bytes("123456789"), "v", 1, 1, clock(1, 1)), "key too long");
        assertEquals(MergeResult.REJECTED, merge(store, bytes("k2"), "0123456789abcdefg", 1, 1, clock(1, 1)),
            "value too long");
        assertEquals(MergeResult.REJECTED, merge(store, bytes("k3"), "v", 1, 1, clock(1, 1, 2, 1, 3, 1, 4, 1)),
            "clock too large");
        assertEquals(MergeResult.REJECTED, merge(store, bytes("k4"), "v", 1, 1, new VectorClock()), "empty clock");
        assertEquals(MergeResult.REJECTED, merge(store, bytes("k5"), "v", -1, 1, clock(1, 1)), "negative Lamport");
        assertEquals(2, store.keyCount());
    }

    @Test
    void aChangeListenerCannotChangeTheStore()
    {
        final List<String> refused = new ArrayList<>();
        final KvStore[] holder = new KvStore[1];
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(9).changeListener(
            (key, offset, length, versions, cause) ->
            {
                final KvStore s = holder[0];
                final UnsafeBuffer k = new UnsafeBuffer(bytes("nested"));
                refused.add(assertThrows(IllegalStateException.class,
                    () -> merge(s, bytes("nested"), "n", 1, 1, clock(1, 1))).getMessage());
                refused.add(assertThrows(IllegalStateException.class,
                    () -> s.delete(k, 0, k.capacity(), 0)).getMessage());
                refused.add(assertThrows(IllegalStateException.class, () -> s.collectGarbage(0)).getMessage());
            }));
        holder[0] = store;
        merge(store, KEY, "a", 1, 1, clock(1, 1));
        assertEquals(3, refused.size(), refused::toString);
        assertEquals(1, store.keyCount());
    }
}

package io.starling.engine.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.kv.KvTestSupport.bytes;
import static io.starling.engine.kv.KvTestSupport.replicate;
import static io.starling.engine.kv.KvTestSupport.store;
import static io.starling.engine.kv.KvTestSupport.string;
import static io.starling.engine.kv.KvTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvStoreTest
{
    private static final long TTL_NS = 1_000;

    @Test
    void putThenGetReturnsTheLatestValue()
    {
        final KvStore store = store(1);
        assertNull(store.get(bytes("a")));
        final long t1 = store.put(bytes("a"), bytes("one"), 0);
        final long t2 = store.put(bytes("a"), bytes("two"), 0);
        assertTrue(t2 > t1);
        assertEquals("two", string(store.get(bytes("a"))));
        assertEquals(1, store.keyCount());
        assertEquals(1, store.versionCount());

        final KvVersions versions = store.versions(bytes("a"));
        assertEquals(1, versions.count());
        assertEquals(t2, versions.lamportTime(0));
        assertEquals(1, versions.writerNode(0));
        assertEquals(2, versions.clock(0, new VectorClock()).get(1));

        final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(16);
        final UnsafeBuffer key = new UnsafeBuffer(bytes("xa"));
        assertEquals(3, store.get(key, 1, 1, dst, 4));
        assertEquals("two", dst.getStringWithoutLengthAscii(4, 3));
        assertEquals(-1, store.get(key, 0, 2, dst, 0));
    }

    @Test
    void emptyValuesAreValues()
    {
        final KvStore store = store(1);
        store.put(bytes("a"), new byte[0], 0);
        assertEquals(0, store.get(bytes("a")).length);
        assertEquals(0, store.versions(bytes("a")).value(0).capacity());
    }

    @Test
    void deleteLeavesATombstoneThatHidesTheValue()
    {
        final KvStore store = store(1);
        assertFalse(store.delete(bytes("a"), 0), "absent key");
        store.put(bytes("a"), bytes("one"), 0);
        assertTrue(store.delete(bytes("a"), 5));
        assertNull(store.get(bytes("a")));
        assertFalse(store.delete(bytes("a"), 6), "already deleted");
        final KvVersions versions = store.versions(bytes("a"));
        assertEquals(1, versions.count());
        assertTrue(versions.isTombstone(0));
        assertEquals(2, versions.clock(0, new VectorClock()).get(1));

        store.put(bytes("a"), bytes("again"), 7);
        assertEquals("again", string(store.get(bytes("a"))));
    }

    @Test
    void tombstonesAreCollectedAfterTheirTimeToLive()
    {
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(1).tombstoneTtlNs(TTL_NS));
        store.put(bytes("a"), bytes("1"), 0);
        store.put(bytes("b"), bytes("2"), 0);
        final long rootWithB = new KvStoreRootOf("b", "2").root;
        store.delete(bytes("a"), 100);
        store.delete(bytes("b"), 200);
        store.put(bytes("b"), bytes("2"), 300); // b is written again: its tombstone is superseded

        assertEquals(0, store.collectGarbage(100 + TTL_NS - 1));
        assertEquals(2, store.keyCount());
        assertEquals(1, store.collectGarbage(100 + TTL_NS));
        assertEquals(1, store.keyCount());
        assertEquals(0, store.versions(bytes("a")).count());
        assertEquals(0, store.collectGarbage(10 * TTL_NS), "b holds a value, not a tombstone");
        assertEquals("2", string(store.get(bytes("b"))));
        assertNotEquals(0, rootWithB);

        store.delete(bytes("b"), 20 * TTL_NS);
        assertEquals(1, store.collectGarbage(21 * TTL_NS));
        assertEquals(0, store.keyCount());
        assertEquals(0, store.versionCount());
        assertEquals(0, store.rootHash(), "an empty store has an empty tree");
    }

    @Test
    void mergedTombstonesAreCollectedTooAndGcDoesNotTouchValues()
    {
        final KvStore a = new KvStore(new KvStoreConfig().nodeId(1).tombstoneTtlNs(TTL_NS));
        final KvStore b = new KvStore(new KvStoreConfig().nodeId(2).tombstoneTtlNs(TTL_NS));
        a.put(bytes("k"), bytes("v"), 0);
        a.delete(bytes("k"), 10);
        replicate(a, bytes("k"), b, 500);
        assertTrue(b.versions(bytes("k")).isTombstone(0));
        assertEquals(0, b.collectGarbage(500 + TTL_NS - 1));
        assertEquals(1, b.collectGarbage(500 + TTL_NS));
        assertEquals(0, b.keyCount());
    }

    @Test
    void mergeFollowsTheVectorClocks()
    {
        final KvStore a = store(1);
        final KvStore b = store(2);
        a.put(bytes("k"), bytes("a1"), 0);
        assertEquals(MergeResult.ADDED, mergeFrom(a, "k", b));
        assertEquals(MergeResult.IGNORED, mergeFrom(a, "k", b), "equal");
        b.put(bytes("k"), bytes("b1"), 0); // b has seen a1: b1 dominates it
        assertEquals(MergeResult.REPLACED, mergeFrom(b, "k", a));
        assertEquals("b1", string(a.get(bytes("k"))));

        final KvStore stale = store(3);
        stale.merge(new UnsafeBuffer(bytes("k")), 0, 1, new UnsafeBuffer(bytes("old")), 0, 3, false, 1, 1,
            new VectorClock().set(1, 1), 0);
        assertEquals(MergeResult.IGNORED, mergeFrom(stale, "k", a), "dominated");
        assertEquals(List.of("b1"), values(a, "k"));
        assertTrue(a.lamportTime() >= b.lamportTime());
    }

    @Test
    void concurrentWritesAreKeptAsSiblingsAndResolvedByTheReaderOrTheNextWrite()
    {
        final KvStore a = store(1);
        final KvStore b = store(2);
        a.put(bytes("k"), bytes("base"), 0);
        replicate(a, bytes("k"), b, 0);
        a.put(bytes("k"), bytes("from-a"), 0);
        b.put(bytes("k"), bytes("from-b"), 0);
        b.put(bytes("k"), bytes("from-b2"), 0); // b's version has the higher Lamport time

        assertEquals(MergeResult.SIBLING, mergeFrom(b, "k", a));
        assertEquals(MergeResult.SIBLING, mergeFrom(a, "k", b));
        assertEquals(List.of("from-a", "from-b2"), values(a, "k"));
        assertEquals(List.of("from-a", "from-b2"), values(b, "k"));
        assertEquals(a.rootHash(), b.rootHash());

        assertEquals("from-b2", string(a.get(bytes("k"))), "last writer wins by Lamport time");
        assertEquals("from-b2", string(b.get(bytes("k"))));

        // the next write merges both clocks and supersedes both siblings
        a.put(bytes("k"), bytes("resolved"), 0);
        assertEquals(List.of("resolved"), values(a, "k"));
        assertEquals(MergeResult.REPLACED, mergeFrom(a, "k", b));
        assertEquals(List.of("resolved"), values(b, "k"));
    }

    @Test
    void lastWriterWinsBreaksLamportTiesByNodeId()
    {
        final KvStore a = store(1);
        final KvStore b = store(2);
        a.put(bytes("k"), bytes("from-a"), 0);
        b.put(bytes("k"), bytes("from-b"), 0);
        mergeFrom(b, "k", a);
        assertEquals(2, a.versions(bytes("k")).count());
        assertEquals("from-b", string(a.get(bytes("k"))));
    }

    @Test
    void aCustomResolverChoosesAmongSiblings()
    {
        final ConflictResolver lowestNode = (versions) ->
        {
            int best = 0;
            for (int i = 1; i < versions.count(); i++)
            {
                if (versions.writerNode(i) < versions.writerNode(best))
                {
                    best = i;
                }
            }
            return best;
        };
        final KvStore a = new KvStore(new KvStoreConfig().nodeId(1).conflictResolver(lowestNode));
        final KvStore b = store(2);
        a.put(bytes("k"), bytes("from-a"), 0);
        b.put(bytes("k"), bytes("from-b"), 0);
        mergeFrom(b, "k", a);
        assertEquals("from-a", string(a.get(bytes("k"))));

        final KvStore broken = new KvStore(new KvStoreConfig().nodeId(3).conflictResolver((versions) -> 7));
        broken.put(bytes("k"), bytes("x"), 0);
        mergeFrom(b, "k", broken);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.get(bytes("k")));
        assertTrue(e.getMessage().contains("conflictResolver"));
    }

    @Test
    void aConcurrentDeleteIsASiblingAndCanWin()
    {
        final KvStore a = store(1);
        final KvStore b = store(2);
        a.put(bytes("k"), bytes("v"), 0);
        replicate(a, bytes("k"), b, 0);
        a.put(bytes("k"), bytes("v2"), 0);
        b.delete(bytes("k"), 0);
        b.delete(bytes("other"), 0);
        b.put(bytes("x"), bytes("x"), 0); // advance b's Lamport time so that its delete wins
        b.put(bytes("k"), bytes("tmp"), 0);
        b.delete(bytes("k"), 0);
        assertEquals(MergeResult.SIBLING, mergeFrom(b, "k", a));
        assertEquals(List.of("<deleted>", "v2"), values(a, "k"));
        assertNull(a.get(bytes("k")), "the tombstone has the higher Lamport time");
    }

    @Test
    void siblingsBeyondTheLimitAreEvictedTheSameWayEverywhere()
    {
        final KvStore x = new KvStore(new KvStoreConfig().nodeId(100).maxSiblings(2));
        final KvStore y = new KvStore(new KvStoreConfig().nodeId(101).maxSiblings(2));
        final List<KvStore> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final KvStore w = store(i + 1);
            w.put(bytes("k"), bytes("w" + i), 0);
            writers.add(w);
        }
        for (int i = 0; i < 4; i++)
        {
            mergeFrom(writers.get(i), "k", x);
            mergeFrom(writers.get(3 - i), "k", y);
        }
        assertEquals(2, x.versions(bytes("k")).count());
        assertEquals(values(x, "k"), values(y, "k"));
        assertEquals(List.of("w2", "w3"), values(x, "k"), "the two newest by Lamport time, then node id");
        assertEquals(x.rootHash(), y.rootHash());
        assertEquals(2, x.siblingsEvicted());
    }

    @Test
    void theChangeListenerSeesEveryChangeAndCannotWrite()
    {
        final List<String> seen = new ArrayList<>();
        final KvStore[] self = new KvStore[1];
        final KvChangeListener listener = (key, offset, length, versions, cause) ->
        {
            final byte[] k = new byte[length];
            key.getBytes(offset, k);
            seen.add(cause + " " + string(k) + " " + versions.count());
            if ("boom".equals(string(k)))
            {
                self[0].put(bytes("x"), bytes("y"), 0);
            }
        };
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(1).changeListener(listener));
        self[0] = store;
        final KvStore other = store(2);
        store.put(bytes("a"), bytes("1"), 0);
        store.delete(bytes("a"), 0);
        other.put(bytes("a"), bytes("2"), 0);
        mergeFrom(other, "a", store);
        mergeFrom(other, "a", store); // ignored: no change, no call
        assertEquals(List.of("PUT a 1", "DELETE a 1", "MERGE a 2"), seen);

        assertThrows(IllegalStateException.class, () -> store.put(bytes("boom"), bytes("1"), 0));
        assertEquals("1", string(store.get(bytes("boom"))), "the write itself happened before the listener ran");
        assertNull(store.get(bytes("x")));
    }

    @Test
    void sizeLimitsAreEnforcedWithClearErrors()
    {
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(1).maxKeyLengthBytes(4).maxValueLengthBytes(8)
            .maxClockEntries(2));
        final IllegalArgumentException longKey =
            assertThrows(IllegalArgumentException.class, () -> store.put(bytes("12345"), bytes("v"), 0));
        assertTrue(longKey.getMessage().contains("maxKeyLengthBytes=4"), longKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.put(new byte[0], bytes("v"), 0));
        final IllegalArgumentException longValue =
            assertThrows(IllegalArgumentException.class, () -> store.put(bytes("k"), bytes("123456789"), 0));
        assertTrue(longValue.getMessage().contains("maxValueLengthBytes=8"), longValue.getMessage());
        assertEquals(0, store.keyCount());

        // a third writer does not fit in a two-entry clock: the clock is pruned (issue 13), the write succeeds
        final KvStore b = store(2);
        final KvStore c = store(3);
        b.put(bytes("k"), bytes("b"), 0);
        c.put(bytes("k"), bytes("c"), 0);
        mergeFrom(b, "k", store);
        mergeFrom(c, "k", store);
        store.put(bytes("k"), bytes("mine"), 0);
        assertEquals("mine", string(store.get(bytes("k"))));
        assertEquals(2, store.versions(bytes("k")).clock(0, new VectorClock()).size(), "pruned to maxClockEntries");
        assertEquals(1, store.clocksPruned());

        // remote versions over a limit are rejected, never thrown
        assertEquals(MergeResult.REJECTED, store.merge(new UnsafeBuffer(bytes("12345")), 0, 5,
            new UnsafeBuffer(new byte[0]), 0, 0, false, 1, 2, new VectorClock().set(2, 1), 0));
        assertEquals(MergeResult.REJECTED, store.merge(new UnsafeBuffer(bytes("k2")), 0, 2,
            new UnsafeBuffer(new byte[9]), 0, 9, false, 1, 2, new VectorClock().set(2, 1), 0));
        assertEquals(MergeResult.REJECTED, store.merge(new UnsafeBuffer(bytes("k2")), 0, 2,
            new UnsafeBuffer(new byte[1]), 0, 1, false, 1, 2, new VectorClock().set(2, 1).set(3, 1).set(4, 1), 0));
        assertEquals(MergeResult.REJECTED, store.merge(new UnsafeBuffer(bytes("k2")), 0, 2,
            new UnsafeBuffer(new byte[1]), 0, 1, false, 1, 2, new VectorClock(), 0), "empty clock");
    }

    @Test
    void configurationIsValidatedNamingTheField()
    {
        assertMessage("nodeId", () -> new KvStoreConfig().conclude());
        assertMessage("tombstoneTtlNs", () -> new KvStoreConfig().nodeId(1).tombstoneTtlNs(0).conclude());
        assertMessage("merkleDepth", () -> new KvStoreConfig().nodeId(1).merkleDepth(7).conclude());
        assertMessage("frameBudgetBytes=1376",
            () -> new KvStoreConfig().nodeId(1).maxValueLengthBytes(2_000).conclude());
        assertMessage("frameBudgetBytes=1000",
            () -> new KvStoreConfig().nodeId(1).frameBudgetBytes(1000).conclude());
        new KvStoreConfig().nodeId(1).frameBudgetBytes(1000).maxValueLengthBytes(400).conclude();
    }

    @Test
    void manyKeysSurviveGrowthAndRemoval()
    {
        final KvStore store = new KvStore(new KvStoreConfig().nodeId(1).tombstoneTtlNs(1).initialKeyCapacity(16));
        final Map<String, String> expected = new HashMap<>();
        final Random random = new Random(8);
        long nowNs = 0;
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                final String key = "key-" + random.nextInt(40_000);
                if (random.nextInt(3) == 0)
                {
                    store.delete(bytes(key), nowNs);
                    expected.remove(key);
                }
                else
                {
                    final String value = "v" + i;
                    store.put(bytes(key), bytes(value), nowNs);
                    expected.put(key, value);
                }
            }
            nowNs += 10;
            store.collectGarbage(nowNs);
            assertEquals(expected.size(), store.keyCount());
            for (final Map.Entry<String, String> e : expected.entrySet())
            {
                assertEquals(e.getValue(), string(store.get(bytes(e.getKey()))), e.getKey());
            }
        }
    }

    private static MergeResult mergeFrom(final KvStore from, final String key, final KvStore to)
    {
        final KvVersions versions = from.versions(bytes(key));
        MergeResult last = null;
        final int n = versions.count();
        final byte[][] values = new byte[n][];
        final boolean[] tombstones = new boolean[n];
        final long[] lamports = new long[n];
        final int[] writers = new int[n];
        final VectorClock[] clocks = new VectorClock[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = versions.valueCopy(i);
            tombstones[i] = versions.isTombstone(i);
            lamports[i] = versions.lamportTime(i);
            writers[i] = versions.writerNode(i);
            clocks[i] = versions.clock(i, new VectorClock());
        }
        for (int i = 0; i < n; i++)
        {
            last = to.merge(new UnsafeBuffer(bytes(key)), 0, bytes(key).length, new UnsafeBuffer(values[i]), 0,
                values[i].length, tombstones[i], lamports[i], writers[i], clocks[i], 0);
        }
        return last;
    }

    private static void assertMessage(final String expected, final Runnable action)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Root of a store holding one key, to show roots depend on content. */
    private static final class KvStoreRootOf
    {
        final long root;

        KvStoreRootOf(final String key, final String value)
        {
            final KvStore s = store(1);
            s.put(bytes(key), bytes(value), 0);
            root = s.rootHash();
        }
    }
}

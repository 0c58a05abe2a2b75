package io.starling.engine.kv;

import java.util.concurrent.TimeUnit;

import io.starling.codecs.BooleanType;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.kv.KvTestSupport.bytes;
import static io.starling.engine.kv.KvTestSupport.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue 13, defect 1: a tombstone travels with its age in its (otherwise empty) value field, so replicas collect it
 * at the same time and one that collected it never takes it back. The wire format is unchanged: a b179538 peer
 * sends an empty tombstone value (read as age 0, the old behaviour) and ignores the value of ours.
 */
class TombstoneAgeTest
{
    private static final long TTL_NS = TimeUnit.SECONDS.toNanos(60);

    private static KvStore store(final int writerId)
    {
        return new KvStore(new KvStoreConfig().nodeId(writerId).tombstoneTtlNs(TTL_NS));
    }

    @Test
    void expiredTombstoneStillDeletesTheValueItSupersedesAndIsNotKept()
    {
        final KvStore a = store(1);
        final KvStore stale = store(2);
        a.put(bytes("k"), bytes("v"), 0);
        KvTestSupport.replicate(a, bytes("k"), stale, 0);
        a.delete(bytes("k"), 1);
        final KvVersions versions = a.versions(bytes("k"));
        final VectorClock clock = versions.clock(0, new VectorClock());
        final long lamport = versions.lamportTime(0);
        final int writer = versions.writerNode(0);
        final KvStore collected = store(3);
        assertEquals(MergeResult.IGNORED, merge(collected, lamport, writer, clock, 2 * TTL_NS),
            "a store without the key does not take an expired tombstone");
        assertEquals(0, collected.keyCount());
        assertEquals(MergeResult.REPLACED, merge(stale, lamport, writer, clock, 2 * TTL_NS));
        assertEquals(0, stale.keyCount(), "the value is gone and no expired tombstone is kept");
    }

    @Test
    void youngTombstoneIsCollectedWhenItsAgeReachesTheTtl()
    {
        final KvStore a = store(1);
        a.put(bytes("k"), bytes("v"), 0);
        a.delete(bytes("k"), 0);
        final KvVersions versions = a.versions(bytes("k"));
        final VectorClock clock = versions.clock(0, new VectorClock());
        final KvStore b = store(2);
        final long nowNs = TimeUnit.SECONDS.toNanos(100);
        assertEquals(MergeResult.ADDED, merge(b, versions.lamportTime(0), versions.writerNode(0), clock,
            TimeUnit.SECONDS.toNanos(50)), "50 s old");
        b.collectGarbage(nowNs + TimeUnit.SECONDS.toNanos(9));
        assertEquals(1, b.tombstoneCount(), "kept until 60 s after the delete");
        b.collectGarbage(nowNs + TimeUnit.SECONDS.toNanos(10));
        assertEquals(0, b.tombstoneCount(), "collected 60 s after the delete, not 60 s after it arrived");
    }

    /**
     * Both directions of compatibility with b179538's encoding, through the generated codecs.
     */
    @Test
    void ageIsReadFromNewPeersAndAbsentFromOldOnes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        // a b179538 tombstone: empty value -> age 0, dated now
        encodeTombstone(buffer, false, 0);
        final KeyValueBatchDecoder.EntriesDecoder oldEntry = decodeEntry(buffer);
        final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        oldEntry.wrapKey(new UnsafeBuffer(0, 0));
        oldEntry.wrapValue(value);
        assertEquals(0, KvStore.decodeTombstoneAgeNs(value, 0, value.capacity()));

        // ours: 42 s old; a b179538 decoder reads the same entry and its merge ignores a tombstone's value
        encodeTombstone(buffer, true, TimeUnit.SECONDS.toNanos(42));
        final KeyValueBatchDecoder.EntriesDecoder newEntry = decodeEntry(buffer);
        final UnsafeBuffer key = new UnsafeBuffer(0, 0);
        newEntry.wrapKey(key);
        newEntry.wrapValue(value);
        assertEquals("k", string(bytesOf(key)));
        assertEquals(TimeUnit.SECONDS.toNanos(42), KvStore.decodeTombstoneAgeNs(value, 0, value.capacity()));
        final KvStore oldStyle = store(5);
        final KvStore newStyle = store(6);
        final VectorClock clock = new VectorClock().set(1, 2);
        oldStyle.merge(key, 0, 1, value, 0, value.capacity(), true, 2, 1, clock, TTL_NS);
        newStyle.merge(key, 0, 1, value, 0, value.capacity(), true, 2, 1, clock,
            KvStore.decodeTombstoneAgeNs(value, 0, value.capacity()), TTL_NS);
        assertEquals(oldStyle.rootHash(), newStyle.rootHash(), "the age is not part of the version's digest");
        assertNull(oldStyle.get(bytes("k")));
    }

    private static MergeResult merge(
        final KvStore store, final long lamport, final int writer, final VectorClock clock, final long ageNs)
    {
        return store.merge(new UnsafeBuffer(bytes("k")), 0, 1, new UnsafeBuffer(new byte[0]), 0, 0, true, lamport,
            writer, clock, ageNs, TimeUnit.SECONDS.toNanos(100));
    }

    private static void encodeTombstone(final UnsafeBuffer buffer, final boolean withAge, final long ageNs)
    {
        final KeyValueBatchEncoder.EntriesEncoder entry = new KeyValueBatchEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sessionId(0).chunkIndex(0).chunkCount(1).isReply(BooleanType.F)
            .entriesCount(1).next().lamportTime(2).writerNode(1).tombstone(BooleanType.T);
        new VectorClock().set(1, 2).encode(entry);
        entry.putKey(bytes("k"), 0, 1);
        if (withAge)
        {
            final UnsafeBuffer age = new UnsafeBuffer(new byte[KvStore.TOMBSTONE_AGE_BYTES]);
            KvStore.encodeTombstoneAge(age, 0, ageNs);
            entry.putValue(age, 0, KvStore.TOMBSTONE_AGE_BYTES);
        }
        else
        {
            entry.putValue(new byte[0], 0, 0);
        }
    }

    private static KeyValueBatchDecoder.EntriesDecoder decodeEntry(final UnsafeBuffer buffer)
    {
        final KeyValueBatchDecoder decoder = new KeyValueBatchDecoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        decoder.sessionId();
        decoder.chunkIndex();
        decoder.chunkCount();
        decoder.isReplyRaw();
        final KeyValueBatchDecoder.EntriesDecoder entries = decoder.entries();
        entries.next();
        entries.lamportTime();
        entries.writerNode();
        entries.tombstoneRaw();
        final KeyValueBatchDecoder.EntriesDecoder.ClockDecoder clock = entries.clock();
        while (clock.hasNext())
        {
            clock.next();
            clock.nodeId();
            clock.counter();
        }
        return entries;
    }

    private static byte[] bytesOf(final UnsafeBuffer b)
    {
        final byte[] out = new byte[b.capacity()];
        b.getBytes(0, out);
        return out;
    }
}

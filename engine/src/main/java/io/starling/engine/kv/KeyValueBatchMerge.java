package io.starling.engine.kv;

import io.starling.codecs.BooleanType;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Merges every entry of a received KeyValueBatch into the store ({@link KvStore#merge}, with a tombstone's age
 * read from its value), whichever end of an {@link AntiEntropySession} receives it. An entry with a bad clock or
 * tombstone flag, or that the store rejects, is counted as a semantic drop. Does not track chunks: the session
 * does, for the replies it awaits.
 */
final class KeyValueBatchMerge
{
    private final KvStore store;
    private final CounterSink counters;
    private final VectorClock remoteClock = new VectorClock(8);
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);

    private long entriesReceived;
    private long entriesMerged;

    KeyValueBatchMerge(final KvStore store, final CounterSink counters)
    {
        this.store = store;
        this.counters = counters;
    }

    /**
     * @param nowNs       current time.
     * @param decoder     the batch, wrapped.
     * @param peerDigests if not null, receives the digest of every entry the store accepted (merged or already
     *                    held): the versions the peer holds.
     */
    void merge(final long nowNs, final KeyValueBatchDecoder decoder, final LongHashSet peerDigests)
    {
        int rejected = 0;
        for (final KeyValueBatchDecoder.EntriesDecoder entry : decoder.entries())
        {
            final long lamportTime = entry.lamportTime();
            final int writerNode = entry.writerNode();
            final short tombstoneRaw = entry.tombstoneRaw();
            final boolean validClock = remoteClock.decode(entry.clock(), store.maxClockEntries());
            entry.wrapKey(keyView);
            entry.wrapValue(valueView);
            entriesReceived++;
            if (!validClock || (BooleanType.T.value() != tombstoneRaw && BooleanType.F.value() != tombstoneRaw))
            {
                rejected++;
                continue;
            }
            final boolean tombstone = BooleanType.T.value() == tombstoneRaw;
            final MergeResult result = store.merge(
                keyView, 0, keyView.capacity(), valueView, 0, valueView.capacity(), tombstone, lamportTime,
                writerNode, remoteClock,
                tombstone ? KvStore.decodeTombstoneAgeNs(valueView, 0, valueView.capacity()) : 0, nowNs);
            if (MergeResult.REJECTED == result)
            {
                rejected++;
                continue;
            }
            if (MergeResult.IGNORED != result)
            {
                entriesMerged++;
            }
            if (null != peerDigests)
            {
                peerDigests.add(store.lastMergeDigest());
            }
        }
        if (rejected > 0)
        {
            counters.add(ProtocolCounters.DROP_SEMANTIC, rejected);
        }
    }

    /**
     * @return entries received since created.
     */
    long entriesReceived()
    {
        return entriesReceived;
    }

    /**
     * @return received entries that changed the store (added, replaced or became siblings).
     */
    long entriesMerged()
    {
        return entriesMerged;
    }
}

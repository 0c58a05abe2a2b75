package io.starling.engine.kv;

import io.starling.codecs.BooleanType;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes the versions stored in a range of Merkle leaves as KeyValueBatch chunks that each fit one frame: a first
 * pass plans the chunks (entries and length of each), a second encodes them, walking leaves, their keys and the
 * keys' versions with one cursor. A tombstone carries its age in its value ({@link KvStore#encodeTombstoneAge}).
 * Used by both ends of {@link AntiEntropySession}: the responder's reply and the initiator's push. Does not read
 * batches ({@link KeyValueBatchMerge} does). Allocation free once its plan lists have grown.
 */
final class KeyValueBatchWriter
{
    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final KeyTable keys;
    private final VersionTable versions;
    private final Outbox outbox;
    private final CounterSink counters;
    private final int srcNodeIndex;
    private final int srcNodeId;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KeyValueBatchEncoder batchEncoder = new KeyValueBatchEncoder();
    private final UnsafeBuffer ageScratch = new UnsafeBuffer(new byte[KvStore.TOMBSTONE_AGE_BYTES]);

    // chunk plan and cursor
    private final IntArrayList chunkEntries = new IntArrayList();
    private final IntArrayList chunkLengths = new IntArrayList();
    private IntArrayList cursorLeaves;
    private int cursorTo;
    private LongHashSet cursorExclude;
    private int cursorLeafPos;
    private int cursorKey;
    private int cursorVersion;

    private long entriesSent;

    KeyValueBatchWriter(
        final KvStore store,
        final Outbox outbox,
        final CounterSink counters,
        final int srcNodeIndex,
        final int srcNodeId)
    {
        this.keys = store.keyTable();
        this.versions = store.versionTable();
        this.outbox = outbox;
        this.counters = counters;
        this.srcNodeIndex = srcNodeIndex;
        this.srcNodeId = srcNodeId;
    }

    /**
     * Write every version stored in {@code leaves[from, to)}, except those whose digest is in {@code exclude}, as
     * KeyValueBatch chunks that each fit in one frame. A reply always has at least one (maybe empty) chunk, so the
     * requester learns it is complete; a push with nothing to send sends nothing.
     */
    void write(
        final long nowNs,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final int requestId,
        final boolean isReply,
        final IntArrayList leaves,
        final int from,
        final int to,
        final LongHashSet exclude)
    {
        final int capacity = outbox.maxMessageLength();
        chunkEntries.clear();
        chunkLengths.clear();
        int entries = 0;
        int length = KvStoreConfig.BATCH_HEADER_LENGTH;
        openCursor(leaves, from, to, exclude);
        for (int v = nextCursorVersion(); KvStore.NULL_ID != v; v = nextCursorVersion())
        {
            final int entryLength = entryLength(v);
            if (KvStoreConfig.BATCH_HEADER_LENGTH + entryLength > capacity)
            {
                continue;
            }
            if (length + entryLength > capacity || entries == AntiEntropySession.MAX_GROUP_COUNT)
            {
                chunkEntries.addInt(entries);
                chunkLengths.addInt(length);
                entries = 0;
                length = KvStoreConfig.BATCH_HEADER_LENGTH;
            }
            entries++;
            length += entryLength;
        }
        if (entries > 0 || (isReply && chunkEntries.isEmpty()))
        {
            chunkEntries.addInt(entries);
            chunkLengths.addInt(length);
        }

        final int chunkCount = chunkEntries.size();
        if (chunkCount > AntiEntropySession.MAX_GROUP_COUNT)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        openCursor(leaves, from, to, exclude);
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            final int offset = outbox.claim(
                srcNodeIndex, srcNodeId, dstNodeId, dstIpv4, dstPort, chunkLengths.getInt(chunk));
            if (offset < 0)
            {
                return;
            }
            final int n = chunkEntries.getInt(chunk);
            final KeyValueBatchEncoder.EntriesEncoder encoder =
                batchEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .sessionId(requestId)
                    .chunkIndex(chunk)
                    .chunkCount(chunkCount)
                    .isReply(isReply ? BooleanType.T : BooleanType.F)
                    .entriesCount(n);
            for (int i = 0; i < n; i++)
            {
                int v = nextCursorVersion();
                while (KvStoreConfig.BATCH_HEADER_LENGTH + entryLength(v) > capacity)
                {
                    v = nextCursorVersion();
                }
                writeEntry(encoder.next(), v, nowNs);
            }
            outbox.commit(MESSAGE_HEADER_LENGTH + batchEncoder.encodedLength());
            entriesSent += n;
        }
    }

    /**
     * @return entries written since created.
     */
    long entriesSent()
    {
        return entriesSent;
    }

    private void writeEntry(final KeyValueBatchEncoder.EntriesEncoder entry, final int v, final long nowNs)
    {
        final byte[] key = keys.bytes(versions.keyOf(v));
        final boolean tombstone = versions.isTombstone(v);
        entry
            .lamportTime(versions.lamportTime(v))
            .writerNode(versions.writer(v))
            .tombstone(tombstone ? BooleanType.T : BooleanType.F);
        VectorClock.encodePacked(versions.packedClock(v), entry);
        entry.putKey(key, 0, key.length);
        if (tombstone)
        {
            KvStore.encodeTombstoneAge(ageScratch, 0, versions.ageNs(v, nowNs));
            entry.putValue(ageScratch, 0, KvStore.TOMBSTONE_AGE_BYTES);
        }
        else
        {
            final byte[] value = versions.value(v);
            entry.putValue(value, 0, value.length);
        }
    }

    private int entryLength(final int versionId)
    {
        return KvStoreConfig.encodedEntryLength(
            keys.bytes(versions.keyOf(versionId)).length,
            versions.isTombstone(versionId) ? KvStore.TOMBSTONE_AGE_BYTES : versions.value(versionId).length,
            versions.packedClock(versionId).length >> 1);
    }

    private void openCursor(final IntArrayList leaves, final int from, final int to, final LongHashSet exclude)
    {
        cursorLeaves = leaves;
        cursorTo = to;
        cursorExclude = exclude;
        cursorLeafPos = from - 1;
        cursorKey = KvStore.NULL_ID;
        cursorVersion = KvStore.NULL_ID;
    }

    private int nextCursorVersion()
    {
        while (true)
        {
            if (KvStore.NULL_ID != cursorVersion)
            {
                cursorVersion = versions.next(cursorVersion);
            }
            while (KvStore.NULL_ID == cursorVersion)
            {
                if (KvStore.NULL_ID != cursorKey)
                {
                    cursorKey = keys.nextInLeaf(cursorKey);
                }
                while (KvStore.NULL_ID == cursorKey)
                {
                    if (++cursorLeafPos >= cursorTo)
                    {
                        return KvStore.NULL_ID;
                    }
                    cursorKey = keys.leafHead(cursorLeaves.getInt(cursorLeafPos));
                }
                cursorVersion = keys.firstVersion(cursorKey);
            }
            if (null == cursorExclude || !cursorExclude.contains(versions.digest(cursorVersion)))
            {
                return cursorVersion;
            }
        }
    }
}

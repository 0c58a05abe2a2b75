package io.starling.engine.replication;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.kv.KvStore;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.kv.MergeResult;
import io.starling.engine.kv.VectorClock;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.rumor.RumorMonger;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Each local write applied to the store and spread as a rumor, and each such rumor received merged. The payload is
 * the written version as a self-contained frame (FrameHeader + one-entry KeyValueBatch; a tombstone's age is 0, it
 * was just written) that the receiver checks with the {@link FrameValidator} (a malformed one is counted, never
 * merged) and merges by vector clock. Nothing is spread before the node starts. What the rumors miss, anti-entropy
 * repairs: this class neither retries nor tracks delivery.
 */
final class WriteRumors
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final KvStore store;
    private final RumorMonger rumors;
    private final CounterSink counters;
    private final int clusterId;
    private final int nodeId;
    private final int writerId;

    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(2048);
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer tombstoneAge = new UnsafeBuffer(new byte[KvStore.TOMBSTONE_AGE_BYTES]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final KeyValueBatchEncoder batchEncoder = new KeyValueBatchEncoder();
    private final KeyValueBatchDecoder batchDecoder = new KeyValueBatchDecoder();
    private final FrameValidator validator = new FrameValidator(1);
    private final VectorClock clock = new VectorClock();
    private boolean started;

    WriteRumors(
        final KvStore store,
        final RumorMonger rumors,
        final CounterSink counters,
        final int clusterId,
        final int nodeId,
        final int writerId)
    {
        this.store = store;
        this.rumors = rumors;
        this.counters = counters;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.writerId = writerId;
    }

    /**
     * The node has started: writes are spread from now on.
     */
    void start()
    {
        started = true;
    }

    /**
     * Write a value to the store and spread the new version.
     *
     * @return its Lamport time.
     */
    long putAndSpread(
        final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        final long lamport = store.put(key, keyOffset, keyLength, value, valueOffset, valueLength, nowNs);
        spread(nowNs, key, keyOffset, keyLength, lamport);
        return lamport;
    }

    /**
     * Delete a key in the store and spread the tombstone (or, if the key held no live value, the version it holds).
     *
     * @return true if the key held a live value.
     */
    boolean deleteAndSpread(final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        final boolean existed = store.delete(key, keyOffset, keyLength, nowNs);
        spread(nowNs, key, keyOffset, keyLength, store.lamportTime());
        return existed;
    }

    /**
     * Spread this node's newest version of a key (the one with the given Lamport time) as a rumor.
     */
    private void spread(
        final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength, final long lamport)
    {
        if (!started)
        {
            return; // written before the node started: anti-entropy spreads it once it runs
        }
        final KvVersions versions = store.versions(key, keyOffset, keyLength);
        if (null == versions)
        {
            return;
        }
        int index = -1;
        for (int i = 0; i < versions.count(); i++)
        {
            if (versions.writerNode(i) == writerId && versions.lamportTime(i) == lamport)
            {
                index = i;
            }
        }
        if (index < 0)
        {
            return;
        }
        versions.clock(index, clock);
        frameHeaderEncoder.wrapAndApplyHeader(scratch, 0, headerEncoder)
            .clusterId(clusterId).srcNode(nodeId).dstNode(Outbox.ANY_NODE).sequence(lamport).flags((short)0)
            .messageCount((short)1);
        batchEncoder.wrapAndApplyHeader(scratch, FramePacker.FRAME_HEADER_LENGTH, headerEncoder)
            .sessionId(0).chunkIndex(0).chunkCount(1).isReply(BooleanType.F);
        final KeyValueBatchEncoder.EntriesEncoder entry = batchEncoder.entriesCount(1).next()
            .lamportTime(lamport)
            .writerNode(writerId)
            .tombstone(versions.isTombstone(index) ? BooleanType.T : BooleanType.F);
        clock.encode(entry);
        entry.putKey(key, keyOffset, keyLength);
        if (versions.isTombstone(index))
        {
            KvStore.encodeTombstoneAge(tombstoneAge, 0, 0);
            entry.putValue(tombstoneAge, 0, KvStore.TOMBSTONE_AGE_BYTES);
        }
        else
        {
            entry.putValue(versions.value(index), 0, versions.valueLength(index));
        }
        final int length = FramePacker.FRAME_HEADER_LENGTH + HEADER_LENGTH + batchEncoder.encodedLength();
        rumors.broadcast(nowNs, scratch, 0, length);
    }

    /**
     * A rumor delivered by the {@link RumorMonger}: validate its payload frame and merge the version it carries.
     *
     * @return true if the rumor may be spread on: its version merged or was stale here; false if it was refused
     * (malformed, semantically invalid, or rejected by the store), each counted.
     */
    boolean onRumor(final long nowNs, final DirectBuffer payload, final int offset, final int length)
    {
        if (FrameValidator.OK != validator.validate(payload, offset, length) ||
            1 != validator.messageCount() || KeyValueBatchDecoder.TEMPLATE_ID != validator.templateId(0) ||
            validator.clusterId() != clusterId)
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return false;
        }
        batchDecoder.wrap(payload, validator.messageOffset(0) + HEADER_LENGTH, validator.actingBlockLength(0),
            validator.actingVersion(0));
        final KeyValueBatchDecoder.EntriesDecoder entries = batchDecoder.entries();
        if (1 != entries.count())
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return false;
        }
        entries.next();
        final long lamport = entries.lamportTime();
        final int writer = entries.writerNode();
        final boolean tombstone = BooleanType.T.value() == entries.tombstoneRaw();
        if (!clock.decode(entries.clock(), store.maxClockEntries()))
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return false;
        }
        entries.wrapKey(keyView);
        entries.wrapValue(valueView);
        final MergeResult result = store.merge(keyView, 0, keyView.capacity(), valueView, 0, valueView.capacity(),
            tombstone, lamport, writer, clock,
            tombstone ? KvStore.decodeTombstoneAgeNs(valueView, 0, valueView.capacity()) : 0, nowNs);
        if (MergeResult.REJECTED == result)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return false;
        }
        return true;
    }
}

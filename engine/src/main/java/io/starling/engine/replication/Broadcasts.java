package io.starling.engine.replication;

import java.nio.ByteOrder;

import io.starling.engine.kv.KvChangeListener;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.protocol.CounterSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * User broadcasts as writes under a reserved key ({@code 0x00 'b' origin seq}, big endian): the store deduplicates
 * them and anti-entropy is their safety net, so each node's {@link Replicator.BroadcastListener} sees a broadcast
 * once, when its version first arrives. The origin deletes its broadcasts {@code broadcastTtlNs} after sending
 * (the oldest early when {@code maxOwnBroadcasts} are waiting), and adopts, as its own, those of its previous launch
 * (another sequence epoch) that anti-entropy brings back. User keys must not start with byte 0x00.
 */
final class Broadcasts
{
    private static final byte RESERVED_PREFIX = 0x00;
    private static final byte BROADCAST_TAG = 'b';
    private static final int BROADCAST_KEY_LENGTH = 2 + 4 + 8;

    private final WriteRumors writeRumors;
    private final Replicator.BroadcastListener listener;
    private final CounterSink counters;
    private final int nodeIndex;
    private final int nodeId;
    private final long broadcastTtlNs;
    private final long broadcastEpoch;
    private final UnsafeBuffer broadcastKey = new UnsafeBuffer(new byte[BROADCAST_KEY_LENGTH]);
    private final long[] ownBroadcastSeq;
    private final long[] ownBroadcastExpiryNs;
    private int ownHead;
    private int ownSize;
    private long broadcastSequence;

    /**
     * @param broadcastEpoch this launch's sequence epoch, in the high 32 bits (random per launch).
     */
    Broadcasts(
        final WriteRumors writeRumors,
        final Replicator.BroadcastListener listener,
        final CounterSink counters,
        final int nodeIndex,
        final int nodeId,
        final Replicator.Config config,
        final long broadcastEpoch)
    {
        this.writeRumors = writeRumors;
        this.listener = listener;
        this.counters = counters;
        this.nodeIndex = nodeIndex;
        this.nodeId = nodeId;
        this.broadcastTtlNs = config.broadcastTtlNs();
        this.broadcastEpoch = broadcastEpoch;
        this.broadcastSequence = broadcastEpoch;
        ownBroadcastSeq = new long[config.maxOwnBroadcasts()];
        ownBroadcastExpiryNs = new long[config.maxOwnBroadcasts()];
    }

    /**
     * Write a broadcast of this node and spread it; the payload's length was checked by the caller.
     *
     * @return its sequence.
     */
    long broadcast(final long nowNs, final DirectBuffer payload, final int offset, final int length)
    {
        final long sequence = ++broadcastSequence;
        broadcastKey(nodeId, sequence);
        writeRumors.putAndSpread(nowNs, broadcastKey, 0, BROADCAST_KEY_LENGTH, payload, offset, length);
        if (ownSize == ownBroadcastSeq.length)
        {
            expireOwnBroadcast(nowNs);
        }
        final int slot = (ownHead + ownSize) % ownBroadcastSeq.length;
        ownBroadcastSeq[slot] = sequence;
        ownBroadcastExpiryNs[slot] = nowNs + broadcastTtlNs;
        ownSize++;
        return sequence;
    }

    /**
     * Delete (and spread the deletion of) this node's broadcasts whose time is up.
     */
    void expireDue(final long nowNs)
    {
        while (ownSize > 0 && ownBroadcastExpiryNs[ownHead] <= nowNs)
        {
            expireOwnBroadcast(nowNs);
        }
    }

    /**
     * A broadcast key changed in the store: deliver a new broadcast to the listener once.
     */
    void onChange(
        final long nowNs, final DirectBuffer key, final int keyOffset, final KvVersions versions,
        final KvChangeListener.Cause cause)
    {
        if (1 == versions.count() && !versions.isTombstone(0) && KvChangeListener.Cause.DELETE != cause)
        {
            final int origin = key.getInt(keyOffset + 2, ByteOrder.BIG_ENDIAN);
            final long sequence = key.getLong(keyOffset + 6, ByteOrder.BIG_ENDIAN);
            if (origin == nodeId && KvChangeListener.Cause.MERGE == cause &&
                (sequence >>> 32) != (broadcastEpoch >>> 32) && ownSize < ownBroadcastSeq.length)
            {
                // a broadcast of this node's previous launch: this launch deletes it after the TTL, as its own
                ownBroadcastSeq[(ownHead + ownSize) % ownBroadcastSeq.length] = sequence;
                ownBroadcastExpiryNs[(ownHead + ownSize) % ownBroadcastSeq.length] = nowNs + broadcastTtlNs;
                ownSize++;
            }
            final DirectBuffer value = versions.value(0);
            counters.increment(ReplicationCounters.RUMORS_DELIVERED);
            listener.onBroadcast(nowNs, nodeIndex, origin, sequence, value, 0, versions.valueLength(0));
        }
    }

    static boolean isBroadcastKey(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        return BROADCAST_KEY_LENGTH == keyLength && RESERVED_PREFIX == key.getByte(keyOffset) &&
            BROADCAST_TAG == key.getByte(keyOffset + 1);
    }

    /**
     * @throws IllegalArgumentException if a user key starts with the reserved byte 0x00.
     */
    static void checkUserKey(final DirectBuffer key, final int keyOffset, final int keyLength)
    {
        if (keyLength > 0 && RESERVED_PREFIX == key.getByte(keyOffset))
        {
            throw new IllegalArgumentException("keys starting with byte 0x00 are reserved");
        }
    }

    private void expireOwnBroadcast(final long nowNs)
    {
        final long sequence = ownBroadcastSeq[ownHead];
        ownHead = (ownHead + 1) % ownBroadcastSeq.length;
        ownSize--;
        broadcastKey(nodeId, sequence);
        writeRumors.deleteAndSpread(nowNs, broadcastKey, 0, BROADCAST_KEY_LENGTH);
    }

    private void broadcastKey(final int origin, final long sequence)
    {
        broadcastKey.putByte(0, RESERVED_PREFIX);
        broadcastKey.putByte(1, BROADCAST_TAG);
        broadcastKey.putInt(2, origin, ByteOrder.BIG_ENDIAN);
        broadcastKey.putLong(6, sequence, ByteOrder.BIG_ENDIAN);
    }
}

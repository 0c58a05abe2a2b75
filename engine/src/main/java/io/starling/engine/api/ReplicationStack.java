package io.starling.engine.api;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.KvChangeListener;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.replication.Replicator;
import io.starling.engine.rumor.RumorMonger;
import org.agrona.DirectBuffer;

/**
 * The replication layer of an engine, built at launch: one {@link Replicator} per hosted node on the agent's shared
 * random source, timers and outbox, and per node the lock-free view {@link StarlingEngine#get(int, byte[])} reads.
 * It does not validate the API's arguments nor carry commands to the agent.
 */
final class ReplicationStack
{
    private final ConcurrentHashMap<ByteBuffer, byte[][]>[] views;
    private final ReplicationListener listener;
    private final int merkleDepth;
    private final EngineCounters counters;

    @SuppressWarnings("unchecked")
    ReplicationStack(final StarlingEngine.Context ctx)
    {
        final int nodeCount = ctx.nodeIds().length;
        this.views = new ConcurrentHashMap[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            views[i] = new ConcurrentHashMap<>();
        }
        this.listener = null == ctx.replicationListener() ? new ReplicationListener()
        {
        } : ctx.replicationListener();
        this.merkleDepth = ctx.merkleDepth();
        this.counters = ctx.counters();
    }

    /**
     * @param protocol concluded protocol configuration (cluster id, frame budget).
     * @param nodeIds  ids of the hosted nodes, in index order.
     * @param random   the agent's random source, shared by its nodes.
     * @param timers   the agent's timers.
     * @param outbox   the agent's outbox.
     * @return one replicator per hosted node, in index order.
     */
    Replicator[] newReplicators(
        final ProtocolConfig protocol,
        final int[] nodeIds,
        final RandomSource random,
        final TimerService timers,
        final Outbox outbox)
    {
        final Replicator[] replicators = new Replicator[nodeIds.length];
        for (int i = 0; i < nodeIds.length; i++)
        {
            final NodeListener nodeListener = new NodeListener(i);
            replicators[i] = new Replicator(
                new Replicator.Config(),
                new KvStoreConfig().merkleDepth(merkleDepth),
                new AntiEntropyConfig(),
                new RumorMonger.Config(),
                protocol.clusterId(), protocol.frameBudgetBytes(), i, nodeIds[i], random, timers, outbox,
                nodeListener, nodeListener, counters)
                .writeResultListener(nodeListener);
        }
        return replicators;
    }

    /**
     * @param nodeIndex index of the hosted node, already checked.
     * @param key       the key.
     * @return its live values as the node holds them, empty if absent or deleted.
     */
    List<byte[]> get(final int nodeIndex, final byte[] key)
    {
        final byte[][] values = views[nodeIndex].get(ByteBuffer.wrap(key));
        return null == values ? List.of() : List.of(values);
    }

    /**
     * @return number of hosted nodes.
     */
    int nodeCount()
    {
        return views.length;
    }

    /**
     * One hosted node's changes, on the agent thread: its view is updated and the application's listener told, with
     * copies (buffers are valid only during the call).
     */
    private final class NodeListener
        implements KvChangeListener, Replicator.BroadcastListener, Replicator.WriteResultListener
    {
        private final int nodeIndex;

        NodeListener(final int nodeIndex)
        {
            this.nodeIndex = nodeIndex;
        }

        public void onChange(
            final DirectBuffer key, final int keyOffset, final int keyLength, final KvVersions versions,
            final KvChangeListener.Cause cause)
        {
            final byte[] keyCopy = new byte[keyLength];
            key.getBytes(keyOffset, keyCopy);
            int live = 0;
            for (int i = 0; i < versions.count(); i++)
            {
                live += versions.isTombstone(i) ? 0 : 1;
            }
            final byte[][] values = new byte[live][];
            for (int i = 0, v = 0; i < versions.count(); i++)
            {
                if (!versions.isTombstone(i))
                {
                    values[v++] = versions.valueCopy(i);
                }
            }
            if (0 == live)
            {
                views[nodeIndex].remove(ByteBuffer.wrap(keyCopy));
            }
            else
            {
                views[nodeIndex].put(ByteBuffer.wrap(keyCopy), values);
            }
            listener.onKeyChange(nodeIndex, keyCopy, values);
        }

        public void onBroadcast(
            final long nowNs,
            final int index,
            final int originNode,
            final long sequence,
            final DirectBuffer payload,
            final int offset,
            final int length)
        {
            final byte[] copy = new byte[length];
            payload.getBytes(offset, copy);
            listener.onBroadcast(index, originNode, sequence, copy);
        }

        public void onWriteResult(
            final int index,
            final DirectBuffer key,
            final int keyOffset,
            final int keyLength,
            final boolean accepted,
            final long lamportTime,
            final String reason)
        {
            byte[] keyCopy = null;
            if (null != key)
            {
                keyCopy = new byte[keyLength];
                key.getBytes(keyOffset, keyCopy);
            }
            listener.onWriteResult(index, keyCopy, accepted, lamportTime, reason);
        }
    }
}

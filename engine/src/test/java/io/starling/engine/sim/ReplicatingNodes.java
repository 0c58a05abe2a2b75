package io.starling.engine.sim;

import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.replication.Replicator;
import io.starling.engine.rumor.RumorMonger;

/**
 * A simulator node factory for tests of the replicated store: each node is the production {@link SwimNode} with
 * a {@link Replicator} (Merkle depth 2, default anti-entropy and rumor settings, broadcasts ignored) as its
 * extension, kept in the caller's array by node index.
 */
public final class ReplicatingNodes
{
    private ReplicatingNodes()
    {
    }

    /**
     * @param replication  the replicators' configuration, shared by every node.
     * @param replicators  filled with each node's replicator, by node index (a restart replaces its entry).
     * @return the factory.
     */
    public static NodeFactory factory(final Replicator.Config replication, final Replicator[] replicators)
    {
        return (s, nodeIndex, restart) ->
        {
            final SwimNode node = (SwimNode)SwimNodeFactory.INSTANCE.newNode(s, nodeIndex, restart);
            final Replicator replicator = new Replicator(replication, new KvStoreConfig().merkleDepth(2),
                new AntiEntropyConfig(), new RumorMonger.Config(), s.config().clusterId(),
                s.config().frameBudgetBytes(), nodeIndex, s.nodeId(nodeIndex), s.random(), s.timers(),
                s.outbox(), (nowNs, index, origin, sequence, payload, offset, length) -> {}, null,
                CounterSink.NO_OP);
            node.extension(replicator);
            replicators[nodeIndex] = replicator;
            return node;
        };
    }
}

package io.starling.engine.sim;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;

/**
 * The counters of every simulated node in one array, {@link EngineCounters#SINK_COUNT} per node (the protocol's,
 * the transport's and the replication layer's ids: one dense id space), with one {@link CounterSink} per node, the
 * sink of the shared frame packer (its counts go to the node whose turn it is) and the network's drops, counted
 * against the sender. It decides nothing.
 */
final class SimCounters
{
    private final int nodeCount;
    private final long[] counters;
    private final CounterSink[] sinks;
    private final SimMetrics metrics;
    private final PackerCounters packerCounters = new PackerCounters();
    private int currentNode = -1;

    SimCounters(final int nodeCount, final SimMetrics metrics)
    {
        this.nodeCount = nodeCount;
        this.metrics = metrics;
        this.counters = new long[nodeCount * EngineCounters.SINK_COUNT];
        this.sinks = new CounterSink[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            sinks[i] = new NodeCounters(counters, i * EngineCounters.SINK_COUNT);
        }
    }

    /**
     * @return the node whose turn it is (its sends are counted against it), or -1 between turns.
     */
    int currentNode()
    {
        return currentNode;
    }

    /**
     * @param node whose turn begins, or -1 when it ends.
     */
    void currentNode(final int node)
    {
        currentNode = node;
    }

    CounterSink sink(final int node)
    {
        return sinks[node];
    }

    CounterSink packerSink()
    {
        return packerCounters;
    }

    /**
     * Count one event against a node (ignored for a node outside the simulation).
     */
    void count(final int node, final int counterId)
    {
        if (node >= 0 && node < nodeCount)
        {
            counters[node * EngineCounters.SINK_COUNT + counterId]++;
        }
    }

    long counter(final int node, final int counterId)
    {
        return counters[node * EngineCounters.SINK_COUNT + counterId];
    }

    long total(final int counterId)
    {
        long total = 0;
        for (int i = counterId; i < counters.length; i += EngineCounters.SINK_COUNT)
        {
            total += counters[i];
        }
        return total;
    }

    /**
     * Counts of the frame packer go to the node whose turn it is.
     */
    private final class PackerCounters implements CounterSink
    {
        public void add(final int counterId, final long delta)
        {
            final int node = currentNode;
            if (node >= 0 && counterId >= 0 && counterId < EngineCounters.SINK_COUNT)
            {
                counters[node * EngineCounters.SINK_COUNT + counterId] += delta;
            }
            if (ProtocolCounters.MESSAGES_SENT == counterId)
            {
                metrics.onMessagesSent(node, delta);
            }
        }
    }

    private static final class NodeCounters implements CounterSink
    {
        private final long[] counters;
        private final int base;

        NodeCounters(final long[] counters, final int base)
        {
            this.counters = counters;
            this.base = base;
        }

        public void add(final int counterId, final long delta)
        {
            if (counterId >= 0 && counterId < EngineCounters.SINK_COUNT)
            {
                counters[base + counterId] += delta;
            }
        }
    }
}

package io.starling.bench.support;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;

/**
 * A {@link CounterSink} backed by a plain array, so benchmarks count what the protocol did without allocating and
 * tests can check that the measured code did what it claims (a merge was a merge, a probe was sent).
 */
public final class ArrayCounterSink implements CounterSink
{
    private final long[] values = new long[EngineCounters.SINK_COUNT];

    public void add(final int counterId, final long delta)
    {
        values[counterId] += delta;
    }

    /**
     * @param counterId an id of the counter sink ({@link ProtocolCounters}, the transport's, the replication layer's).
     * @return the count so far.
     */
    public long get(final int counterId)
    {
        return values[counterId];
    }
}

package io.starling.engine.protocol;

/**
 * Where the protocol counts what it does. The host backs it with Agrona counters readable from outside the process
 * ({@code starling stat}); the simulator with plain arrays. Ids are one dense space with a contiguous range per
 * owner: {@link ProtocolCounters} (whose class comment holds the owner table), then the transport's and the
 * replication layer's. An increment is one array index, whatever the owner.
 */
public interface CounterSink
{
    /**
     * @param counterId an id of the counter sink.
     * @param delta     amount to add.
     */
    void add(int counterId, long delta);

    /**
     * @param counterId an id of the counter sink.
     */
    default void increment(final int counterId)
    {
        add(counterId, 1);
    }

    /**
     * A sink that drops every count.
     */
    CounterSink NO_OP = (counterId, delta) -> {};
}

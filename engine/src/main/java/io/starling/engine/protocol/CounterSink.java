package io.starling.engine.protocol;

/**
 * Where the protocol counts what it does. The host backs it with Agrona counters readable from outside the process
 * ({@code starling stat}); the simulator with plain arrays. Ids are in {@link ProtocolCounters}.
 */
public interface CounterSink
{
    /**
     * @param counterId one of {@link ProtocolCounters}.
     * @param delta     amount to add.
     */
    void add(int counterId, long delta);

    /**
     * @param counterId one of {@link ProtocolCounters}.
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

package io.starling.engine.metrics;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The engine's counters in its {@link MetricsFile}: one Agrona counter per {@link ProtocolCounters} id (type
 * {@link #PROTOCOL_TYPE_ID}, key = the id) and one per {@link HostCounters} id (type {@link #HOST_TYPE_ID}).
 * As a {@link CounterSink} it is written by the duty-cycle thread only (plain read, release write); the few counters
 * other threads bump ({@link HostCounters#COMMANDS_REJECTED}) use atomic increments.
 */
public final class EngineCounters implements CounterSink
{
    /** Counter type id of protocol counters. */
    public static final int PROTOCOL_TYPE_ID = 0x5354_0001;
    /** Counter type id of host counters. */
    public static final int HOST_TYPE_ID = 0x5354_0002;

    private final AtomicCounter[] protocol = new AtomicCounter[ProtocolCounters.COUNT];
    private final AtomicCounter[] host = new AtomicCounter[HostCounters.COUNT];

    /**
     * Allocate every counter.
     *
     * @param manager over the metrics file.
     */
    public EngineCounters(final CountersManager manager)
    {
        for (int i = 0; i < protocol.length; i++)
        {
            final int id = i;
            protocol[i] = manager.newCounter(ProtocolCounters.label(i), PROTOCOL_TYPE_ID, (key) -> key.putInt(0, id));
        }
        for (int i = 0; i < host.length; i++)
        {
            final int id = i;
            host[i] = manager.newCounter(HostCounters.label(i), HOST_TYPE_ID, (key) -> key.putInt(0, id));
        }
    }

    public void add(final int counterId, final long delta)
    {
        protocol[counterId].getAndAddRelease(delta);
    }

    public void increment(final int counterId)
    {
        protocol[counterId].incrementRelease();
    }

    /**
     * @param counterId a {@link ProtocolCounters} id.
     * @return its value.
     */
    public long protocolValue(final int counterId)
    {
        return protocol[counterId].get();
    }

    /**
     * @param counterId a {@link ProtocolCounters} id.
     * @param value     to store if greater than the current value (owner thread).
     */
    public void proposeMax(final int counterId, final long value)
    {
        protocol[counterId].proposeMaxRelease(value);
    }

    /**
     * @param counterId a {@link HostCounters} id.
     * @param delta     to add (owner thread).
     */
    public void addHost(final int counterId, final long delta)
    {
        host[counterId].getAndAddRelease(delta);
    }

    /**
     * @param counterId a {@link HostCounters} id.
     * @param value     to set (owner thread).
     */
    public void setHost(final int counterId, final long value)
    {
        host[counterId].setRelease(value);
    }

    /**
     * Increment from any thread (atomic).
     *
     * @param counterId a {@link HostCounters} id.
     */
    public void incrementHostAtomic(final int counterId)
    {
        host[counterId].increment();
    }

    /**
     * @param counterId a {@link HostCounters} id.
     * @return its value.
     */
    public long hostValue(final int counterId)
    {
        return host[counterId].get();
    }

    /**
     * Free every counter.
     */
    public void close()
    {
        for (final AtomicCounter c : protocol)
        {
            c.close();
        }
        for (final AtomicCounter c : host)
        {
            c.close();
        }
    }
}

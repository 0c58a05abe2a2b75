package io.starling.engine.metrics;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.replication.ReplicationCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The engine's counters in its {@link MetricsFile}: one Agrona counter per id of the {@link CounterSink} id space
 * ({@link ProtocolCounters}, then {@link TransportCounters}, then {@link ReplicationCounters}, contiguous: see the
 * owner table in {@link ProtocolCounters}) and one per {@link HostCounters} id. Each counter's type id is its owner's
 * ({@link #PROTOCOL_TYPE_ID}, {@link #TRANSPORT_TYPE_ID}, {@link #REPLICATION_TYPE_ID}, {@link #HOST_TYPE_ID}), its
 * key the id within its owner. As a {@link CounterSink} it is written by the duty-cycle thread only (plain read,
 * release write: one array index per increment, whatever the owner); the few counters other threads bump
 * ({@link HostCounters#COMMANDS_REJECTED}) use atomic increments.
 */
public final class EngineCounters implements CounterSink
{
    /** Counter type id of protocol counters. */
    public static final int PROTOCOL_TYPE_ID = 0x5354_0001;
    /** Counter type id of host counters. */
    public static final int HOST_TYPE_ID = 0x5354_0002;
    /** Counter type id of transport counters. */
    public static final int TRANSPORT_TYPE_ID = 0x5354_0003;
    /** Counter type id of replication counters. */
    public static final int REPLICATION_TYPE_ID = 0x5354_0004;
    /** Number of ids of the counter sink: replication's range is the last. */
    public static final int SINK_COUNT = ReplicationCounters.FIRST + ReplicationCounters.COUNT;

    private final AtomicCounter[] sink = new AtomicCounter[SINK_COUNT];
    private final AtomicCounter[] host = new AtomicCounter[HostCounters.COUNT];

    /**
     * Allocate every counter.
     *
     * @param manager over the metrics file.
     */
    public EngineCounters(final CountersManager manager)
    {
        for (int i = 0; i < sink.length; i++)
        {
            final int key = key(i);
            sink[i] = manager.newCounter(label(i), typeId(i), (buffer) -> buffer.putInt(0, key));
        }
        for (int i = 0; i < host.length; i++)
        {
            final int id = i;
            host[i] = manager.newCounter(HostCounters.label(i), HOST_TYPE_ID, (buffer) -> buffer.putInt(0, id));
        }
    }

    /**
     * @param sinkId an id of the counter sink.
     * @return the type id of its owner in the metrics file.
     */
    public static int typeId(final int sinkId)
    {
        if (sinkId >= ReplicationCounters.FIRST)
        {
            return REPLICATION_TYPE_ID;
        }
        return sinkId >= TransportCounters.FIRST ? TRANSPORT_TYPE_ID : PROTOCOL_TYPE_ID;
    }

    /**
     * @param sinkId an id of the counter sink.
     * @return its key in the metrics file: the id within its owner.
     */
    public static int key(final int sinkId)
    {
        return sinkId - firstId(typeId(sinkId));
    }

    /**
     * @param typeId a counter type id of the metrics file.
     * @param key    a key of that type.
     * @return the counter sink id, or -1 if the type is not a sink owner's or the key is out of its range.
     */
    public static int sinkId(final int typeId, final int key)
    {
        final int first = firstId(typeId);
        final int count = PROTOCOL_TYPE_ID == typeId ? ProtocolCounters.COUNT :
            TRANSPORT_TYPE_ID == typeId ? TransportCounters.COUNT :
            REPLICATION_TYPE_ID == typeId ? ReplicationCounters.COUNT : 0;
        return key >= 0 && key < count ? first + key : -1;
    }

    /**
     * @param sinkId an id of the counter sink.
     * @return its label, from its owner.
     */
    public static String label(final int sinkId)
    {
        switch (typeId(sinkId))
        {
            case REPLICATION_TYPE_ID:
                return ReplicationCounters.label(sinkId);
            case TRANSPORT_TYPE_ID:
                return TransportCounters.label(sinkId);
            default:
                return ProtocolCounters.label(sinkId);
        }
    }

    /**
     * @param typeId a counter type id of the metrics file.
     * @return the owner's name ({@code protocol}, {@code transport}, {@code replication}, {@code host}), or null for
     * a type of no owner.
     */
    public static String owner(final int typeId)
    {
        switch (typeId)
        {
            case PROTOCOL_TYPE_ID:
                return "protocol";
            case TRANSPORT_TYPE_ID:
                return "transport";
            case REPLICATION_TYPE_ID:
                return "replication";
            case HOST_TYPE_ID:
                return "host";
            default:
                return null;
        }
    }

    private static int firstId(final int typeId)
    {
        switch (typeId)
        {
            case TRANSPORT_TYPE_ID:
                return TransportCounters.FIRST;
            case REPLICATION_TYPE_ID:
                return ReplicationCounters.FIRST;
            default:
                return ProtocolCounters.FIRST;
        }
    }

    public void add(final int counterId, final long delta)
    {
        sink[counterId].getAndAddRelease(delta);
    }

    public void increment(final int counterId)
    {
        sink[counterId].incrementRelease();
    }

    /**
     * @param counterId an id of the counter sink.
     * @return its value.
     */
    public long sinkValue(final int counterId)
    {
        return sink[counterId].get();
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
     */
    public void incrementHost(final int counterId)
    {
        host[counterId].incrementRelease();
    }

    /**
     * @param counterId a {@link HostCounters} id.
     * @param value     to store if greater than the current value (owner thread).
     */
    public void proposeMaxHost(final int counterId, final long value)
    {
        host[counterId].proposeMaxRelease(value);
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
        for (final AtomicCounter c : sink)
        {
            c.close();
        }
        for (final AtomicCounter c : host)
        {
            c.close();
        }
    }
}

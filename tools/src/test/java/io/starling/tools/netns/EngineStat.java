package io.starling.tools.netns;

import java.io.File;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.MetricsFile;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads a running engine's counters from its metrics file, as {@code starling stat} does (read only, from outside the
 * process): the engine directories of processes in the lab's namespaces are in the shared /dev/shm.
 */
final class EngineStat implements AutoCloseable
{
    private final MetricsFile metrics;
    private final CountersReader reader;

    EngineStat(final String engineDirectory)
    {
        metrics = MetricsFile.mapExisting(new File(engineDirectory, MetricsFile.FILE_NAME));
        reader = metrics.countersReader();
    }

    long protocol(final int counterId)
    {
        return find(EngineCounters.typeId(counterId), EngineCounters.key(counterId));
    }

    long host(final int hostCounterId)
    {
        return find(EngineCounters.HOST_TYPE_ID, hostCounterId);
    }

    public void close()
    {
        metrics.close();
    }

    private long find(final int typeId, final int key)
    {
        final long[] value = {-1};
        reader.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId && keyBuffer.getInt(0) == key)
            {
                value[0] = reader.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}

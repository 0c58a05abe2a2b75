package io.starling.engine.metrics;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsFileTest
{
    @Test
    void countersAndErrorsAreReadableThroughASecondMapping(@TempDir final Path dir)
    {
        final File file = dir.resolve(MetricsFile.FILE_NAME).toFile();
        try (MetricsFile writer = MetricsFile.create(file, 128, 8192, 4242, SystemEpochClock.INSTANCE))
        {
            final EngineCounters counters = new EngineCounters(writer.newCountersManager(SystemEpochClock.INSTANCE));
            counters.add(ProtocolCounters.FRAMES_SENT, 5);
            counters.increment(ProtocolCounters.FRAMES_SENT);
            counters.setHost(HostCounters.NODES_HOSTED, 3);
            final EngineErrorHandler errors = new EngineErrorHandler(
                new DistinctErrorLog(writer.errorLogBuffer(), SystemEpochClock.INSTANCE), counters, null, null);
            final IllegalStateException boom = new IllegalStateException("boom");
            errors.onError(boom);
            errors.onError(boom);
            writer.heartbeat(123);

            try (MetricsFile reader = MetricsFile.mapExisting(file))
            {
                assertEquals(4242, reader.pid());
                assertEquals(MetricsFile.LAYOUT_VERSION, reader.layoutVersion());
                assertEquals(123, reader.heartbeatMs());
                final CountersReader values = reader.countersReader();
                final List<String> seen = new ArrayList<>();
                values.forEach((value, id, label) -> seen.add(label + "=" + value));
                assertTrue(seen.contains("frames sent=6"), seen::toString);
                assertTrue(seen.contains("nodes hosted=3"), seen::toString);
                assertTrue(seen.contains("errors=2"), seen::toString);
                assertEquals(ProtocolCounters.COUNT + HostCounters.COUNT, seen.size());

                final List<String> texts = new ArrayList<>();
                assertEquals(1, ErrorLogReader.read(reader.errorLogBuffer(),
                    (count, first, last, text) -> texts.add(count + " " + text)));
                assertTrue(texts.get(0).startsWith("2 java.lang.IllegalStateException: boom"), texts::toString);
            }
        }
    }

    @Test
    void aFileOfAnotherLayoutIsRefused(@TempDir final Path dir) throws Exception
    {
        final File file = dir.resolve(MetricsFile.FILE_NAME).toFile();
        MetricsFile.create(file, 64, 4096, 1, SystemEpochClock.INSTANCE).close();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(4);
            raf.writeInt(Integer.reverseBytes(99));
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> MetricsFile.mapExisting(file));
        assertTrue(ex.getMessage().contains("version=99"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> MetricsFile.mapExisting(dir.resolve("none").toFile()));
    }
}

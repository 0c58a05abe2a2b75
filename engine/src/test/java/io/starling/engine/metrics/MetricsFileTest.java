package io.starling.engine.metrics;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.replication.ReplicationCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
                assertEquals(EngineCounters.SINK_COUNT + HostCounters.COUNT, seen.size());

                final List<String> texts = new ArrayList<>();
                assertEquals(1, ErrorLogReader.read(reader.errorLogBuffer(),
                    (count, first, last, text) -> texts.add(count + " " + text)));
                assertTrue(texts.get(0).startsWith("2 java.lang.IllegalStateException: boom"), texts::toString);
            }
        }
    }

    @Test
    void eachCounterHasItsOwnersTypeIdAndItsIdWithinItsOwnerAsKey(@TempDir final Path dir)
    {
        final File file = dir.resolve(MetricsFile.FILE_NAME).toFile();
        try (MetricsFile writer = MetricsFile.create(file, 128, 4096, 1, SystemEpochClock.INSTANCE))
        {
            final EngineCounters counters = new EngineCounters(writer.newCountersManager(SystemEpochClock.INSTANCE));
            counters.increment(TransportCounters.DROP_BAD_TAG);
            counters.add(ReplicationCounters.KV_CLOCK_ENTRIES_PRUNED, 7);
            counters.incrementHost(HostCounters.DUTY_CYCLES);
            counters.proposeMaxHost(HostCounters.MAX_DUTY_CYCLE_NS, 900);
            counters.proposeMaxHost(HostCounters.MAX_DUTY_CYCLE_NS, 800);

            final CountersReader reader = writer.countersReader();
            final Map<String, String> byLabel = new HashMap<>();
            final Set<String> typeAndKey = new HashSet<>();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                final String where = EngineCounters.owner(typeId) + ":" + keyBuffer.getInt(0) + "=" +
                    reader.getCounterValue(counterId);
                assertNull(byLabel.put(label, where), () -> "label twice: " + label);
                assertTrue(typeAndKey.add(typeId + ":" + keyBuffer.getInt(0)), where);
            });
            assertEquals("protocol:0=0", byLabel.get("frames sent"));
            assertEquals("protocol:" + ProtocolCounters.NODE_ID_CONFLICTS + "=0", byLabel.get("node id conflicts"));
            assertEquals("transport:0=0", byLabel.get("drop: back pressure"));
            assertEquals("transport:10=1", byLabel.get("drop: bad tag"));
            assertEquals("replication:0=0", byLabel.get("rumors sent"));
            assertEquals("replication:5=7", byLabel.get("kv clock entries pruned"));
            assertEquals("host:" + HostCounters.DUTY_CYCLES + "=1", byLabel.get("duty cycles"));
            assertEquals("host:" + HostCounters.MAX_DUTY_CYCLE_NS + "=900", byLabel.get("max duty cycle ns"));
            assertEquals(EngineCounters.SINK_COUNT + HostCounters.COUNT, byLabel.size());
        }
    }

    @Test
    void theSinkIdsAreOneDenseSpaceOfContiguousOwnerRanges()
    {
        assertEquals(0, ProtocolCounters.FIRST);
        assertEquals(ProtocolCounters.FIRST + ProtocolCounters.COUNT, TransportCounters.FIRST);
        assertEquals(TransportCounters.FIRST + TransportCounters.COUNT, ReplicationCounters.FIRST);
        assertEquals(ReplicationCounters.FIRST + ReplicationCounters.COUNT, EngineCounters.SINK_COUNT);
        for (int id = 0; id < EngineCounters.SINK_COUNT; id++)
        {
            assertEquals(id, EngineCounters.sinkId(EngineCounters.typeId(id), EngineCounters.key(id)));
            assertFalse(EngineCounters.label(id).startsWith("counter "), "no label for " + id);
        }
        assertEquals(-1, EngineCounters.sinkId(EngineCounters.TRANSPORT_TYPE_ID, TransportCounters.COUNT));
        assertEquals(-1, EngineCounters.sinkId(EngineCounters.HOST_TYPE_ID, 0));
        for (int id = 0; id < HostCounters.COUNT; id++)
        {
            assertFalse(HostCounters.label(id).startsWith("host counter "), "no label for host " + id);
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
        assertTrue(ex.getMessage().contains("layout version 99; this release reads version " +
            MetricsFile.LAYOUT_VERSION), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> MetricsFile.mapExisting(dir.resolve("none").toFile()));
    }
}

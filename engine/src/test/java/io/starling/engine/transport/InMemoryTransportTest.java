package io.starling.engine.transport;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryTransportTest
{
    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final InMemoryTransport transport =
        new InMemoryTransport(100, 256, 1024, (id, delta) -> counters[id] += delta);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[100]);

    @Test
    void deliversOnTheNextPollAndFramesSentDuringDeliveryWaitForTheFollowingOne()
    {
        frame.putInt(0, 1);
        transport.send(0, 0, frame, 0, 4);
        frame.putInt(0, 2);
        transport.send(0, 0, frame, 0, 4);
        frame.putInt(0, 99);

        final List<Integer> seen = new ArrayList<>();
        assertEquals(2, transport.poll((buffer, offset, length) ->
        {
            seen.add(buffer.getInt(offset));
            frame.putInt(0, 10 + buffer.getInt(offset));
            transport.send(0, 0, frame, 0, 4);
        }, 1));
        assertEquals(List.of(1, 2), seen);
        assertEquals(2, transport.poll((buffer, offset, length) -> seen.add(buffer.getInt(offset)), 1));
        assertEquals(List.of(1, 2, 11, 12), seen);
        assertEquals(0, transport.poll((buffer, offset, length) -> seen.add(-1), 1));
    }

    @Test
    void growsToItsMaximumThenDropsAndCounts()
    {
        int sent = 0;
        while (transport.send(0, 0, frame, 0, 100))
        {
            sent++;
        }
        assertEquals(9, sent, "1024 bytes hold nine 104-byte records");
        assertEquals(1024, transport.capacityBytes());
        assertEquals(1, counters[TransportCounters.DROP_BACK_PRESSURE]);
        assertFalse(transport.send(0, 0, frame, 0, 101));
        assertEquals(1, counters[ProtocolCounters.DROP_MALFORMED]);
        assertEquals(9, transport.poll((buffer, offset, length) -> assertEquals(100, length), 1));
        assertTrue(transport.send(0, 0, frame, 0, 100));
    }
}

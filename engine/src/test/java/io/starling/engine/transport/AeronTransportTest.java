package io.starling.engine.transport;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronTransportTest
{
    private static final int LOOPBACK = 0x7F00_0001;

    private final long[] counters = new long[ProtocolCounters.COUNT];
    private final List<Throwable> errors = new ArrayList<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private EmbeddedDriver driver;
    private AeronTransport a;
    private AeronTransport b;

    @AfterEach
    void close()
    {
        if (null != a)
        {
            a.close();
        }
        if (null != b)
        {
            b.close();
        }
        if (null != driver)
        {
            driver.close();
        }
    }

    private void launch()
    {
        launch(1001);
    }

    private void launch(final int streamId)
    {
        final String dir = new File(StarlingEngine.Context.defaultBaseDirectory(),
            "starling-aeron-transport-test-" + ProcessHandle.current().pid()).getPath();
        driver = EmbeddedDriver.launch(DriverPreset.DENSITY, dir, 64 * 1024, 1408, errors::add);
        a = new AeronTransport(driver, "127.0.0.1", EngineTestSupport.freeUdpPort(), streamId, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
    }

    @Test
    void framesToAnEndpointWithoutSubscriberAreCountedNotConnected()
    {
        launch();
        assertEquals(1376, a.maxFrameLength());
        final int silentPort = EngineTestSupport.freeUdpPort();
        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertEquals(1, counters[ProtocolCounters.DROP_NOT_CONNECTED]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (0 == a.publicationCount() && System.nanoTime() < deadline)
        {
            a.doWork(System.nanoTime());
        }
        assertEquals(1, a.publicationCount());
        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertEquals(2, counters[ProtocolCounters.DROP_NOT_CONNECTED]);

        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 1377));
        assertEquals(1, counters[ProtocolCounters.DROP_MALFORMED]);
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void framesReachTheSubscriptionOfAnotherTransportOnceConnected()
    {
        launch();
        final int bPort = EngineTestSupport.freeUdpPort();
        b = new AeronTransport(driver, "127.0.0.1", bPort, 1001, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
        final List<Integer> received = new ArrayList<>();
        int sent = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.isEmpty() && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            frame.putInt(0, 0xC0FFEE);
            if (a.send(LOOPBACK, bPort, frame, 0, 64))
            {
                sent++;
            }
            b.poll((buffer, offset, length) -> received.add(buffer.getInt(offset)), 10);
        }
        assertTrue(sent > 0);
        assertEquals(0xC0FFEE, received.get(0));
        assertTrue(counters[ProtocolCounters.DROP_NOT_CONNECTED] > 0, "sends before connection were counted");
        assertEquals(1, b.imageCount());
    }

    @Test
    void termRotationsCostNoFrames()
    {
        launch();
        final int bPort = EngineTestSupport.freeUdpPort();
        b = new AeronTransport(driver, "127.0.0.1", bPort, 1001, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
        final int[] received = new int[1];
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (0 == received[0] && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            a.send(LOOPBACK, bPort, frame, 0, 64);
            b.poll((buffer, offset, length) -> received[0]++, 10);
        }
        assertTrue(received[0] > 0, "connected");
        received[0] = 0;
        final long dropsBefore = counters[ProtocolCounters.DROP_BACK_PRESSURE];

        // 96 bytes per 64-byte frame in the log: 4,000 frames fill six 64 KiB terms, one at a time. Only marked
        // frames count (a connection-phase frame may still be in flight).
        frame.putInt(0, 0x5EA1);
        int sent = 0;
        while (sent < 4_000 && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            assertTrue(a.send(LOOPBACK, bPort, frame, 0, 64), "frame " + sent + " was dropped");
            sent++;
            while (received[0] < sent && System.nanoTime() < deadline)
            {
                a.doWork(nowNs);
                b.doWork(nowNs);
                b.poll((buffer, offset, length) -> received[0] += 0x5EA1 == buffer.getInt(offset) ? 1 : 0, 10);
            }
        }
        assertEquals(4_000, received[0]);
        assertEquals(dropsBefore, counters[ProtocolCounters.DROP_BACK_PRESSURE]);
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void anEngineCountsFramesForNodesItDoesNotHost()
    {
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(1)))
        {
            launch(engine.context().streamId());
            final int length = FramePacker.FRAME_HEADER_LENGTH;
            new FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
                .clusterId(engine.context().protocolConfig().clusterId()).srcNode(77).dstNode(999).sequence(1);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (0 == engine.protocolCounter(ProtocolCounters.DROP_UNKNOWN_DESTINATION) &&
                System.nanoTime() < deadline)
            {
                a.doWork(System.nanoTime());
                a.send(LOOPBACK, engine.context().bindPort(), frame, 0, length);
                Thread.onSpinWait();
            }
            assertTrue(engine.protocolCounter(ProtocolCounters.DROP_UNKNOWN_DESTINATION) > 0);
        }
    }
}

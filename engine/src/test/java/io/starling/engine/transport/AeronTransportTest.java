package io.starling.engine.transport;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.starling.driver.DriverPreset;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronTransportTest
{
    private static final int LOOPBACK = 0x7F00_0001;

    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final List<Throwable> errors = new ArrayList<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private EmbeddedDriver driver;
    private EmbeddedDriver otherDriver;
    private AeronTransport a;
    private AeronTransport b;
    private int receiverPort;

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
        if (null != otherDriver)
        {
            otherDriver.close();
        }
    }

    private void launch()
    {
        launch(1001);
    }

    private void launch(final int streamId)
    {
        launch(streamId, new BacklogConfig().conclude());
    }

    private void launch(final int streamId, final BacklogConfig backlog)
    {
        final String dir = new File(StarlingEngine.Context.defaultBaseDirectory(),
            "starling-aeron-transport-test-" + ProcessHandle.current().pid()).getPath();
        driver = EmbeddedDriver.launch(DriverPreset.DENSITY, dir, 64 * 1024, 1408, errors::add);
        a = new AeronTransport(driver, "127.0.0.1", EngineTestSupport.freeUdpPort(), streamId, 1408, 64 * 1024,
            backlog, (id, delta) -> counters[id] += delta, errors::add);
    }

    @Test
    void withoutBacklogFramesToAnEndpointWithoutSubscriberAreCountedNotConnected()
    {
        launch(1001, new BacklogConfig().maxFrames(0).conclude());
        assertEquals(1376, a.maxFrameLength());
        final int silentPort = EngineTestSupport.freeUdpPort();
        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertEquals(1, counters[TransportCounters.DROP_NOT_CONNECTED]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (0 == a.publicationCount() && System.nanoTime() < deadline)
        {
            a.doWork(System.nanoTime());
        }
        assertEquals(1, a.publicationCount());
        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertEquals(2, counters[TransportCounters.DROP_NOT_CONNECTED]);

        assertFalse(a.send(LOOPBACK, silentPort, frame, 0, 1377));
        assertEquals(1, counters[ProtocolCounters.DROP_MALFORMED]);
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void framesSentBeforeThePublicationExistsAllArriveInOrder()
    {
        launch();
        final int bPort = EngineTestSupport.freeUdpPort();
        b = new AeronTransport(driver, "127.0.0.1", bPort, 1001, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
        final int frames = 40;
        a.doWork(System.nanoTime());
        for (int i = 0; i < frames; i++)
        {
            frame.putInt(0, i);
            assertTrue(a.send(LOOPBACK, bPort, frame, 0, 1000), "frame " + i + " is held, not dropped");
        }
        assertEquals(0, a.publicationCount(), "the publication is only being added");
        assertEquals(frames, counters[TransportCounters.FRAMES_BACKLOGGED]);
        assertEquals(frames, a.backlogFrames());

        final List<Integer> received = new ArrayList<>();
        boolean sentDirectly = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < frames + 1 && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            if (0 == a.backlogFrames() && received.size() == frames && !sentDirectly)
            {
                frame.putInt(0, frames);
                assertTrue(a.send(LOOPBACK, bPort, frame, 0, 64), "once connected a frame goes straight out");
                sentDirectly = true;
            }
            b.poll((buffer, offset, length) -> received.add(buffer.getInt(offset)), 10);
        }
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= frames; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, received);
        assertEquals(frames, counters[TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG]);
        assertEquals(frames, counters[TransportCounters.FRAMES_BACKLOGGED], "the last frame was not held");
        assertEquals(0, counters[TransportCounters.DROP_NOT_CONNECTED] + counters[TransportCounters.DROP_BACKLOG_FULL] +
            counters[TransportCounters.DROP_BACKLOG_EXPIRED] + counters[TransportCounters.DROP_BACK_PRESSURE]);
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void withHoldingOnBackPressureABurstLargerThanTheFlowControlWindowIsPacedNotCut()
    {
        launch(1001, new BacklogConfig().holdOnBackPressure(true).conclude());
        final List<Integer> received = burstOfSixtyFullFrames();
        assertEquals(61, received.size(), "the first frame and all 60 of the burst");
        for (int i = 0; i < received.size(); i++)
        {
            assertEquals(i, received.get(i));
        }
        assertEquals(0, counters[TransportCounters.DROP_BACK_PRESSURE]);
        assertTrue(counters[TransportCounters.FRAMES_BACKLOGGED] > 0, "the window (32 KiB) held back part of the burst");
        assertEquals(counters[TransportCounters.FRAMES_BACKLOGGED], counters[TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG]);
    }

    @Test
    void byDefaultABurstLargerThanTheWindowLosesItsTail()
    {
        launch();
        final List<Integer> received = burstOfSixtyFullFrames();
        assertTrue(counters[TransportCounters.DROP_BACK_PRESSURE] > 0);
        assertEquals(61 - counters[TransportCounters.DROP_BACK_PRESSURE], received.size());
    }

    /**
     * Connect a to b, then send 60 full frames (82 KB) at once, more than the receiver's window; then let both
     * transports run and collect what b receives.
     */
    private List<Integer> burstOfSixtyFullFrames()
    {
        final int bPort = EngineTestSupport.freeUdpPort();
        receiverPort = bPort;
        b = new AeronTransport(driver, "127.0.0.1", bPort, 1001, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
        final List<Integer> received = new ArrayList<>();
        a.doWork(System.nanoTime());
        frame.putInt(0, 0);
        assertTrue(a.send(LOOPBACK, bPort, frame, 0, 64));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.isEmpty() && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            b.poll((buffer, offset, length) -> received.add(buffer.getInt(offset)), 10);
        }
        assertEquals(List.of(0), received);
        final long backloggedBefore = counters[TransportCounters.FRAMES_BACKLOGGED];
        counters[TransportCounters.FRAMES_BACKLOGGED] -= backloggedBefore;
        counters[TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG] -= backloggedBefore;

        for (int i = 1; i <= 60; i++)
        {
            frame.putInt(0, i);
            a.send(LOOPBACK, bPort, frame, 0, a.maxFrameLength());
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int idle = 0;
        while (idle < 200 && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            final int polled = b.poll((buffer, offset, length) -> received.add(buffer.getInt(offset)), 10);
            idle = polled > 0 || a.backlogFrames() > 0 ? 0 : idle + 1;
        }
        assertTrue(errors.isEmpty(), errors::toString);
        return received;
    }

    @Test
    void framesToARemoteThatWentAwayAreDroppedNotHeld()
    {
        launch(1001, new BacklogConfig().holdOnBackPressure(true).conclude());
        final List<Integer> received = burstOfSixtyFullFrames();
        assertEquals(61, received.size());
        b.close();
        b = null;
        // Until the driver notices the subscriber is gone the window stops moving: frames are held, then refused.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (0 == counters[TransportCounters.DROP_NOT_CONNECTED] && System.nanoTime() < deadline)
        {
            a.doWork(System.nanoTime());
            frame.putInt(0, -1);
            a.send(LOOPBACK, receiverPort, frame, 0, 64);
        }
        assertTrue(counters[TransportCounters.DROP_NOT_CONNECTED] > 0, "the publication saw its subscriber go");
        final long backloggedBefore = counters[TransportCounters.FRAMES_BACKLOGGED];
        for (int i = 0; i < 10; i++)
        {
            assertFalse(a.send(LOOPBACK, receiverPort, frame, 0, 64), "a remote that went away is not waited for");
        }
        assertEquals(backloggedBefore, counters[TransportCounters.FRAMES_BACKLOGGED]);
    }

    @Test
    void backlogOverflowByFramesAndBytesIsCounted()
    {
        launch(1001, new BacklogConfig().maxFrames(4).maxBytes(3000).conclude());
        final int silentPort = EngineTestSupport.freeUdpPort();
        final int otherSilentPort = EngineTestSupport.freeUdpPort();
        a.doWork(System.nanoTime());
        for (int i = 0; i < 6; i++)
        {
            assertEquals(i < 4, a.send(LOOPBACK, silentPort, frame, 0, 100), "frame " + i);
        }
        assertEquals(4, counters[TransportCounters.FRAMES_BACKLOGGED]);
        assertEquals(2, counters[TransportCounters.DROP_BACKLOG_FULL]);

        assertTrue(a.send(LOOPBACK, otherSilentPort, frame, 0, 1376));
        assertTrue(a.send(LOOPBACK, otherSilentPort, frame, 0, 1376));
        assertFalse(a.send(LOOPBACK, otherSilentPort, frame, 0, 1376), "2,752 of 3,000 bytes held");
        assertEquals(3, counters[TransportCounters.DROP_BACKLOG_FULL]);
        assertEquals(6, a.backlogFrames());
        assertEquals(0, counters[TransportCounters.DROP_NOT_CONNECTED]);
    }

    @Test
    void framesHeldLongerThanTheirMaxAgeExpireAndAreCounted()
    {
        final long maxAgeNs = TimeUnit.MILLISECONDS.toNanos(500);
        launch(1001, new BacklogConfig().maxAgeNs(maxAgeNs).conclude());
        final int silentPort = EngineTestSupport.freeUdpPort();
        final long t0 = System.nanoTime();
        a.doWork(t0);
        assertTrue(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertTrue(a.send(LOOPBACK, silentPort, frame, 0, 100));
        a.doWork(t0 + maxAgeNs / 2);
        assertTrue(a.send(LOOPBACK, silentPort, frame, 0, 100));
        assertEquals(3, a.backlogFrames());

        a.doWork(t0 + maxAgeNs + 1);
        assertEquals(2, counters[TransportCounters.DROP_BACKLOG_EXPIRED], "the two older frames");
        assertEquals(1, a.backlogFrames());
        a.doWork(t0 + maxAgeNs / 2 + maxAgeNs + 1);
        assertEquals(3, counters[TransportCounters.DROP_BACKLOG_EXPIRED]);
        assertEquals(0, a.backlogFrames());
        assertEquals(0, counters[TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG]);
    }

    @Test
    void backlogSettingsAreValidated()
    {
        assertThrows(IllegalArgumentException.class, () -> new BacklogConfig().maxFrames(-1).conclude());
        assertThrows(IllegalArgumentException.class, () -> new BacklogConfig().maxBytes(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new BacklogConfig().maxAgeNs(0).conclude());
        new BacklogConfig().maxFrames(0).maxBytes(0).conclude();
        final IllegalArgumentException fromEngine = assertThrows(IllegalArgumentException.class,
            () -> EngineTestSupport.loopbackContext().backlog(new BacklogConfig().maxFrames(-1)).conclude());
        assertTrue(fromEngine.getMessage().startsWith("backlog.maxFrames"), fromEngine.getMessage());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> launch(1001, new BacklogConfig().maxBytes(1000).conclude()));
        assertTrue(ex.getMessage().contains("maxBytes"), ex.getMessage());
    }

    @Test
    void framesReachTheSubscriptionOfAnotherTransportOnceConnected()
    {
        launch(1001, new BacklogConfig().maxFrames(0).conclude());
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
        assertTrue(counters[TransportCounters.DROP_NOT_CONNECTED] > 0, "sends before connection were counted");
        assertEquals(1, b.imageCount());
    }

    @Test
    void oneDutyCycleReadsEveryDatagramWaitingNotOne()
    {
        launch(1001, new BacklogConfig().maxFrames(0).conclude());
        // B has a driver of its own, as a remote process has: its doWork is the only thing that reads its socket.
        otherDriver = EmbeddedDriver.launch(DriverPreset.DENSITY, new File(StarlingEngine.Context.defaultBaseDirectory(),
            "starling-aeron-transport-test-b-" + ProcessHandle.current().pid()).getPath(), 64 * 1024, 1408, errors::add);
        final int bPort = EngineTestSupport.freeUdpPort();
        b = new AeronTransport(otherDriver, "127.0.0.1", bPort, 1001, 1408, 64 * 1024,
            (id, delta) -> counters[id] += delta, errors::add);
        final List<Integer> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.isEmpty() && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs);
            b.doWork(nowNs);
            frame.putInt(0, -1);
            a.send(LOOPBACK, bPort, frame, 0, 64);
            b.poll((buffer, offset, length) -> received.add(buffer.getInt(offset)), 256);
        }
        assertEquals(1, b.imageCount(), "connected");

        // 20 frames of 1,000 bytes: 20 datagrams (two do not fit one MTU), well inside the window and the term.
        final int frames = 20;
        for (int i = 0; i < frames; i++)
        {
            frame.putInt(0, i);
            assertTrue(a.send(LOOPBACK, bPort, frame, 0, 1000), "frame " + i);
        }
        final long cycleNs = AeronTransport.FLUSH_MIN_DUTY_CYCLE_NS;
        final long aStartNs = System.nanoTime();
        a.doWork(aStartNs);
        a.flush(aStartNs + cycleNs); // the end of a duty cycle that sent them: all on the wire
        received.clear();
        int cyclesThatRead = 0;
        while (received.size() < frames && System.nanoTime() < deadline)
        {
            final long nowNs = System.nanoTime();
            a.doWork(nowNs); // A goes on with short duty cycles of its own
            b.doWork(nowNs); // one duty cycle of B: its start, its end, then the next one's poll
            assertEquals(0, b.flush(nowNs + cycleNs - 1), "a shorter cycle ends without invoking the driver");
            b.flush(nowNs + cycleNs);
            final int before = received.size();
            b.poll((buffer, offset, length) ->
            {
                if (buffer.getInt(offset) >= 0) // not one of the frames sent while connecting
                {
                    received.add(buffer.getInt(offset));
                }
            }, 256);
            if (received.size() > before)
            {
                cyclesThatRead++;
            }
        }
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, received);
        // One datagram per cycle took 20 cycles; reading all that waits takes one per batch the kernel delivered
        // (one on loopback, a few if its softirq work was deferred): far fewer than one per datagram.
        assertTrue(cyclesThatRead < frames / 2, "duty cycles that read: " + cyclesThatRead);
        assertEquals(0, counters[TransportCounters.DROP_BACK_PRESSURE]);
        assertTrue(errors.isEmpty(), errors::toString);
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
        final long dropsBefore = counters[TransportCounters.DROP_BACK_PRESSURE];

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
        assertEquals(dropsBefore, counters[TransportCounters.DROP_BACK_PRESSURE]);
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void anEngineCountsFramesForNodesItDoesNotHost()
    {
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(1)))
        {
            launch(engine.context().streamId());
            new FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
                .clusterId(engine.context().protocolConfig().clusterId()).srcNode(77).dstNode(999).sequence(1);
            // a clear network frame carries its CRC32C trailer (FrameChecksum), or it is dropped as bad checksum
            final byte[] header = new byte[FramePacker.FRAME_HEADER_LENGTH];
            frame.getBytes(0, header);
            final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(header);
            frame.putInt(header.length, (int)crc.getValue(), java.nio.ByteOrder.LITTLE_ENDIAN);
            final int length = header.length + FrameChecksum.LENGTH;
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

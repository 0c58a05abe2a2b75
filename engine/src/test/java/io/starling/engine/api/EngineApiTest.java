package io.starling.engine.api;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.allSeeAll;
import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineApiTest
{
    @Test
    void metadataCommandFromAnotherThreadSpreads() throws Exception
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeIds(10, 11, 12)
            .membershipListener(new MembershipListener()
            {
                public void onMetadataUpdate(final int observerId, final int memberId, final int metaVersion)
                {
                    events.add(observerId + " meta " + memberId + " v" + metaVersion);
                }
            })))
        {
            assertTrue(await(10_000, () -> allSeeAll(engine, 3)));
            final byte[] metadata = "role=ground-station".getBytes(StandardCharsets.US_ASCII);
            final AtomicBoolean offered = new AtomicBoolean();
            final Thread other = new Thread(() -> offered.set(engine.updateMetadata(0, metadata)));
            other.start();
            other.join();
            assertTrue(offered.get());

            assertTrue(await(10_000, () -> events.contains("12 meta 10 v1")), events::toString);
            final Member seen = engine.members(2).stream().filter((m) -> 10 == m.nodeId()).findFirst().orElseThrow();
            assertEquals(1, seen.metaVersion());
            assertArrayEquals(metadata, seen.metadata());
            assertTrue(engine.hostCounter(HostCounters.COMMANDS_RECEIVED) >= 1);
        }
    }

    @Test
    void pingFromAnotherThreadIsAnsweredAndAnUnknownMemberTimesOut() throws Exception
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeIds(20, 21)
            .membershipListener(new MembershipListener()
            {
                public void onPingAck(
                    final int observerId, final int memberId, final long correlationId, final long rttNs)
                {
                    events.add(observerId + " ack " + memberId + " #" + correlationId + (rttNs >= 0 ? "" : " bad"));
                }

                public void onPingTimeout(final int observerId, final int memberId, final long correlationId)
                {
                    events.add(observerId + " timeout " + memberId + " #" + correlationId);
                }
            })))
        {
            assertTrue(await(10_000, () -> allSeeAll(engine, 2)));
            final long sentBefore = engine.protocolCounter(io.starling.engine.protocol.ProtocolCounters.PINGS_SENT);
            final AtomicBoolean offered = new AtomicBoolean();
            final Thread other = new Thread(() -> offered.set(
                engine.ping(1, 20, Long.MAX_VALUE) && engine.ping(0, 77, -5L, 1_000_000L)));
            other.start();
            other.join();
            assertTrue(offered.get());
            assertTrue(await(10_000, () -> events.size() >= 2), events::toString);
            assertTrue(events.contains("21 ack 20 #" + Long.MAX_VALUE), events::toString);
            assertTrue(events.contains("20 timeout 77 #-5"), events::toString);
            assertEquals(sentBefore + 1,
                engine.protocolCounter(io.starling.engine.protocol.ProtocolCounters.PINGS_SENT));
            assertThrows(IllegalArgumentException.class, () -> engine.ping(2, 20, 1));
            assertThrows(IllegalArgumentException.class, () -> engine.ping(0, 21, 1, 0));
        }
    }

    @Test
    void joinCommandFromAnotherThreadJoinsTwoEnginesOverUdp() throws Exception
    {
        try (StarlingEngine a = StarlingEngine.launch(loopbackContext().nodeIds(1));
            StarlingEngine b = StarlingEngine.launch(loopbackContext().nodeIds(2)))
        {
            Thread.sleep(300);
            assertEquals(MemberState.NONE, b.memberState(0, 1));
            final Thread other = new Thread(() -> b.join("127.0.0.1:" + a.context().bindPort()));
            other.start();
            other.join();
            assertTrue(await(15_000, () -> MemberState.ALIVE == a.memberState(0, 2) &&
                MemberState.ALIVE == b.memberState(0, 1)));
            assertTrue(b.hostCounter(HostCounters.JOINS_SENT) >= 1);
        }
    }

    @Test
    void fullCommandQueueIsReportedToTheCaller()
    {
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .useAgentInvoker(true)
            .commandQueueCapacityBytes(1024)))
        {
            final byte[] metadata = new byte[100];
            int accepted = 0;
            while (engine.join("127.0.0.1:9"))
            {
                accepted++;
                assertTrue(accepted < 1_000, "queue never filled");
            }
            assertTrue(accepted > 0);
            assertEquals(1, engine.hostCounter(HostCounters.COMMANDS_REJECTED));
            assertFalse(engine.updateMetadata(metadata));
            assertEquals(2, engine.hostCounter(HostCounters.COMMANDS_REJECTED));

            engine.invoker().invoke();
            assertTrue(engine.updateMetadata(metadata), "queue drained by a duty cycle");
        }
    }

    @Test
    void membersFromAnotherThreadWhileTheAgentRuns() throws Exception
    {
        final int n = 50;
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeCount(n)
            .nodeIdBase(5_000)))
        {
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong snapshots = new AtomicLong();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread reader = new Thread(() ->
            {
                try
                {
                    int i = 0;
                    while (!stop.get())
                    {
                        final List<Member> members = engine.members(i++ % n);
                        for (final Member m : members)
                        {
                            if (m.nodeId() < 5_000 || m.nodeId() >= 5_000 + n || m.port() != engine.context().bindPort())
                            {
                                throw new AssertionError("torn member " + m);
                            }
                        }
                        if (members.size() > n)
                        {
                            throw new AssertionError("too many members " + members.size());
                        }
                        snapshots.incrementAndGet();
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            });
            reader.start();
            final boolean converged = await(20_000, () -> allSeeAll(engine, n));
            stop.set(true);
            reader.join();
            assertNull(failure.get());
            assertTrue(converged);
            assertTrue(snapshots.get() > 10, "snapshots " + snapshots.get());
            assertEquals(n, engine.members(n - 1).size());
        }
    }

    @Test
    void engineDirectoryUnderDevShmIsRemovedAtClose()
    {
        final File directory;
        final File aeronDirectory;
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()))
        {
            directory = engine.directory();
            aeronDirectory = new File(engine.context().aeronDirectoryName());
            if (new File("/dev/shm").isDirectory())
            {
                assertEquals("/dev/shm", directory.getParent());
            }
            assertTrue(new File(directory, MetricsFile.FILE_NAME).isFile());
            assertTrue(aeronDirectory.isDirectory());
        }
        assertFalse(directory.exists());
        assertFalse(aeronDirectory.exists());
        final String[] left = directory.getParentFile().list((d, name) -> name.startsWith(directory.getName()));
        assertEquals(0, null == left ? 0 : left.length, () -> Arrays.toString(left));
    }

    @Test
    void aThrowingListenerIsRecordedAndCountedAndTheAgentKeepsRunning()
    {
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeCount(5)
            .membershipListener(new MembershipListener()
            {
                public void onJoin(final int observerId, final int memberId, final int incarnation)
                {
                    throw new IllegalStateException("listener bug");
                }
            })))
        {
            assertTrue(await(10_000, () -> allSeeAll(engine, 5)));
            // The agent updates a view before it calls the listener: a reader may see the last view ALIVE an
            // instant before the last onJoin has thrown and been counted (a CI run under load did).
            assertTrue(await(10_000, () -> engine.hostCounter(HostCounters.LISTENER_ERRORS) >= 4 * 5),
                () -> "listener errors: " + engine.hostCounter(HostCounters.LISTENER_ERRORS));
            assertTrue(engine.hostCounter(HostCounters.ERRORS) >= engine.hostCounter(HostCounters.LISTENER_ERRORS));
            final String log = EngineTestSupport.errors(engine);
            assertTrue(log.contains("java.lang.IllegalStateException: listener bug"), log);
            // Distinct by stack trace: one record per call path, each with its observation count.
            final long total = log.lines().filter((l) -> l.contains(" x java.lang.IllegalStateException"))
                .mapToLong((l) -> Long.parseLong(l.substring(0, l.indexOf(" x ")))).sum();
            assertTrue(total >= 4 * 5 && total <= engine.hostCounter(HostCounters.LISTENER_ERRORS), log);
        }
    }

    @Test
    void contextNamesTheBadField()
    {
        assertMessage("bindPort", new StarlingEngine.Context().bindPort(0));
        assertMessage("advertiseHost", new StarlingEngine.Context().bindHost("0.0.0.0"));
        assertMessage("nodeIds", new StarlingEngine.Context().nodeIds(3, 3));
        assertMessage("seeds", new StarlingEngine.Context().seeds("nowhere"));
        assertMessage("lossRate", new StarlingEngine.Context().lossRate(1.5));
        assertMessage("mtuLengthBytes", new StarlingEngine.Context().mtuLengthBytes(1000));
        assertMessage("mtuLengthBytes", new StarlingEngine.Context().mtuLengthBytes(65536));
        assertMessage("termLengthBytes", new StarlingEngine.Context().termLengthBytes(1000));
        assertMessage("commandQueueCapacityBytes", new StarlingEngine.Context().commandQueueCapacityBytes(1000));
        assertMessage("idleTimerSlackNs", new StarlingEngine.Context().idleTimerSlackNs(-1));
        assertMessage("idleTimerSlackNs", new StarlingEngine.Context().idleTimerSlackNs(20_000_001L));
        assertMessage("aeronDirectoryName", new StarlingEngine.Context()
            .driverPreset(io.starling.driver.DriverPreset.EXTERNAL));
        assertThrows(IllegalArgumentException.class, () -> new StarlingEngine.Context().bind("nope"));
    }

    @Test
    void maxCountersMustHoldEveryOwnersCounters()
    {
        final int total = io.starling.engine.metrics.EngineCounters.SINK_COUNT + HostCounters.COUNT;
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new StarlingEngine.Context().maxCounters(total - 1).conclude());
        assertEquals("maxCounters=" + (total - 1) + " must be at least " + total, ex.getMessage());
        assertEquals(total, new StarlingEngine.Context().maxCounters(total).conclude().maxCounters());
    }

    private static void assertMessage(final String field, final StarlingEngine.Context ctx)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains(field), ex.getMessage());
    }

    @Test
    void defaultsAreDocumentedValues()
    {
        final StarlingEngine.Context ctx = new StarlingEngine.Context().conclude();
        assertEquals(StarlingEngine.Context.BIND_PORT_DEFAULT, ctx.bindPort());
        assertEquals(1, ctx.nodeIds().length);
        // 1,376 bytes of Aeron payload less the 4-byte CRC32C trailer of a clear network frame (FrameChecksum)
        assertEquals(1372, ctx.protocolConfig().frameBudgetBytes());
        assertEquals(new ArrayList<String>(), ctx.seeds());
        assertEquals(io.starling.driver.DriverPreset.DENSITY, ctx.driverPreset());
        assertEquals(io.starling.engine.host.DeadlineIdleStrategy.TIMER_SLACK_NS_DEFAULT, ctx.idleTimerSlackNs());
    }
}

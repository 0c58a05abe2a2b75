package io.starling.driver;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Launches real drivers and exchanges datagrams over UDP loopback. Deadlines only bound how long a test waits for
 * something that must happen; no assertion is about speed.
 */
final class StarlingDriverTest
{
    private static final int STREAM_ID = 1001;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(15);
    private static final String SUBSCRIPTION_CHANNEL = "aeron:udp?endpoint=127.0.0.1:0";
    private static final String UNRELIABLE_SUBSCRIPTION_CHANNEL = "aeron:udp?endpoint=127.0.0.1:0|reliable=false";

    @ParameterizedTest
    @EnumSource(value = DriverPreset.class, names = "EXTERNAL", mode = EnumSource.Mode.EXCLUDE)
    void eachPresetLaunchesExchangesMessagesAndLeavesNoDirectory(final DriverPreset preset)
    {
        final String directory;
        try (StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context().preset(preset));
            Aeron aeron = driver.connectClient();
            Subscription subscription = aeron.addSubscription(SUBSCRIPTION_CHANNEL, STREAM_ID);
            ExclusivePublication publication = aeron.addExclusivePublication(
                publicationChannel(subscription), STREAM_ID))
        {
            directory = driver.aeronDirectoryName();
            assertTrue(new File(directory).isDirectory());
            assertEquals(preset, driver.preset());
            if (DriverPreset.DENSITY == preset)
            {
                assertNotNull(driver.invoker());
                assertNotNull(aeron.conductorAgentInvoker(), "client conductor runs on the engine thread");
            }
            else
            {
                assertNull(driver.invoker());
                assertEquals(0, driver.invoke());
            }

            awaitConnected(driver, aeron, publication, subscription);

            final int messageCount = 100;
            final Receiver receiver = new Receiver();
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
            int sent = 0;
            final long deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (receiver.count < messageCount)
            {
                if (sent < messageCount)
                {
                    message.putInt(0, sent);
                    if (publication.offer(message, 0, 64) > 0)
                    {
                        sent++;
                    }
                }
                pump(driver, aeron);
                subscription.poll(receiver, 10);
                checkDeadline(deadlineNs, "delivery of " + messageCount + " messages, got " + receiver.count);
            }

            assertEquals(messageCount, receiver.count);
            assertEquals(messageCount - 1, receiver.lastValue);
            assertFalse(receiver.outOfOrder);
            assertEquals(0, driver.lossDrops());
            assertEquals(0, driver.partitionDrops());
        }

        assertFalse(new File(directory).exists(), directory);
    }

    @Test
    void defaultDirectoryIsUniqueAcrossLaunches()
    {
        final String first;
        final String second;
        try (StarlingDriver a = StarlingDriver.launch(new StarlingDriver.Context());
            StarlingDriver b = StarlingDriver.launch(new StarlingDriver.Context()))
        {
            first = a.aeronDirectoryName();
            second = b.aeronDirectoryName();
            assertNotEquals(first, second);

            final String prefix = "starling-" + ProcessHandle.current().pid() + "-";
            assertTrue(new File(first).getName().startsWith(prefix), first);
            assertTrue(new File(second).getName().startsWith(prefix), second);
            if (new File("/dev/shm").isDirectory())
            {
                assertEquals("/dev/shm", new File(first).getParent());
            }
            assertTrue(new File(first).isDirectory());
            assertTrue(new File(second).isDirectory());
        }

        assertFalse(new File(first).exists());
        assertFalse(new File(second).exists());
    }

    @Test
    void staleDirectoryOfADeadDriverIsDeletedAtStart() throws IOException
    {
        final String name = StarlingDriver.Context.defaultAeronDirectoryName();
        final File staleCnc = new File(name, "cnc.dat");
        final File staleLog = new File(name, "left-by-a-dead-process");
        try
        {
            Files.createDirectories(Path.of(name));
            Files.writeString(staleCnc.toPath(), "not a live driver");
            Files.writeString(staleLog.toPath(), "junk");

            try (StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context().aeronDirectoryName(name)))
            {
                assertEquals(name, driver.aeronDirectoryName());
                assertFalse(staleLog.exists());
                assertTrue(new File(name).isDirectory());
            }

            assertFalse(new File(name).exists());
        }
        finally
        {
            IoUtil.delete(new File(name), true);
        }
    }

    @Test
    void refusesToDeleteADirectoryThatIsNotAnAeronDirectory() throws IOException
    {
        final String name = StarlingDriver.Context.defaultAeronDirectoryName();
        final File precious = new File(name, "precious.txt");
        try
        {
            Files.createDirectories(Path.of(name));
            Files.writeString(precious.toPath(), "keep me");

            final IllegalStateException ex = assertThrows(
                IllegalStateException.class,
                () -> StarlingDriver.launch(new StarlingDriver.Context().aeronDirectoryName(name)));

            assertTrue(ex.getMessage().startsWith("aeronDirectoryName="), ex.getMessage());
            assertTrue(precious.exists());
        }
        finally
        {
            IoUtil.delete(new File(name), true);
        }
    }

    @Test
    void refusesTheDirectoryOfALiveDriverAndAReusedContext()
    {
        final StarlingDriver.Context ctx = new StarlingDriver.Context().preset(DriverPreset.DENSITY);
        try (StarlingDriver driver = StarlingDriver.launch(ctx))
        {
            final IllegalStateException inUse = assertThrows(
                IllegalStateException.class,
                () -> StarlingDriver.launch(
                    new StarlingDriver.Context().aeronDirectoryName(driver.aeronDirectoryName())));
            assertTrue(inUse.getMessage().startsWith("aeronDirectoryName="), inUse.getMessage());
            assertTrue(new File(driver.aeronDirectoryName()).isDirectory(), "the live driver's directory is kept");

            assertThrows(IllegalStateException.class, () -> StarlingDriver.launch(ctx));
        }
    }

    @Test
    void injectedLossOfHalfDropsAboutHalfOfUnreliableMessages()
    {
        final int messageCount = 2_000;
        final int messageLength = 1_000;
        final StarlingDriver.Context ctx = new StarlingDriver.Context().lossRate(0.5).lossSeed(42);

        try (StarlingDriver driver = StarlingDriver.launch(ctx);
            Aeron aeron = driver.connectClient();
            Subscription subscription = aeron.addSubscription(UNRELIABLE_SUBSCRIPTION_CHANNEL, STREAM_ID);
            ExclusivePublication publication = aeron.addExclusivePublication(
                publicationChannel(subscription), STREAM_ID))
        {
            assertTrue(messageLength + 32 > publication.maxPayloadLength() / 2, "one message per datagram");
            awaitConnected(driver, aeron, publication, subscription);

            final Receiver receiver = new Receiver();
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(messageLength));
            int sent = 0;
            long deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (sent < messageCount)
            {
                message.putInt(0, sent);
                if (publication.offer(message, 0, messageLength) > 0)
                {
                    sent++;
                }
                pump(driver, aeron);
                subscription.poll(receiver, 10);
                checkDeadline(deadlineNs, "offering " + messageCount + " messages, offered " + sent);
            }

            deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (!caughtUp(subscription, publication))
            {
                pump(driver, aeron);
                subscription.poll(receiver, 10);
                checkDeadline(deadlineNs, "subscriber catching up with the publication");
            }

            final int lost = messageCount - receiver.count;
            assertTrue(
                receiver.count >= 700 && receiver.count <= 1_300,
                "received " + receiver.count + " of " + messageCount + ", expected 35% to 65%");
            assertFalse(receiver.outOfOrder, "unreliable delivery stays ordered per image");
            assertTrue(driver.lossDrops() >= lost, "drops " + driver.lossDrops() + " cover the lost " + lost);
            assertEquals(0, driver.partitionDrops());
            assertEquals(driver.lossDrops(), counterValue(driver, StarlingDriver.LOSS_DROPS_COUNTER_TYPE_ID));
            assertEquals(0, counterValue(driver, StarlingDriver.PARTITION_DROPS_COUNTER_TYPE_ID));
        }
    }

    @Test
    void partitionDropsEverythingBetweenIsolatedEndpointsAndHealRestoresDelivery()
    {
        final PartitionMatrix matrix = new PartitionMatrix();
        try (StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context().partitionMatrix(matrix));
            Aeron aeron = driver.connectClient();
            Subscription subscription = aeron.addSubscription(UNRELIABLE_SUBSCRIPTION_CHANNEL, STREAM_ID);
            ExclusivePublication publication = aeron.addExclusivePublication(
                publicationChannel(subscription), STREAM_ID))
        {
            final int subscriptionPort = port(subscription.localSocketAddresses());
            final int publicationPort = port(publication.localSocketAddresses());
            assertNotEquals(subscriptionPort, publicationPort);
            assertSame(matrix, driver.partitionMatrix());
            awaitConnected(driver, aeron, publication, subscription);

            final PhaseReceiver receiver = new PhaseReceiver();
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

            deliverOne(driver, aeron, publication, subscription, receiver, message, 1);

            matrix.isolate(publicationPort, subscriptionPort);
            long dropsBefore = driver.partitionDrops();
            sendWhileCut(driver, aeron, publication, subscription, receiver, message, 2);
            assertEquals(0, receiver.countByPhase[2], "nothing crosses an isolated pair");
            assertTrue(driver.partitionDrops() > dropsBefore, "the cut frames were counted");

            matrix.heal();
            deliverOne(driver, aeron, publication, subscription, receiver, message, 3);

            matrix.assignGroup(publicationPort, 1).assignGroup(subscriptionPort, 2).isolateGroups(1, 2);
            dropsBefore = driver.partitionDrops();
            sendWhileCut(driver, aeron, publication, subscription, receiver, message, 4);
            assertEquals(0, receiver.countByPhase[4], "nothing crosses isolated groups");
            assertTrue(driver.partitionDrops() > dropsBefore);

            matrix.heal();
            deliverOne(driver, aeron, publication, subscription, receiver, message, 5);

            assertEquals(driver.partitionDrops(), matrix.droppedFrames(), "one driver shares this matrix");
            assertEquals(0, driver.lossDrops());
        }
    }

    @Test
    void imageOfASilentRemoteDriverIsCleanedUp()
    {
        try (StarlingDriver remote = StarlingDriver.launch(new StarlingDriver.Context());
            StarlingDriver local = StarlingDriver.launch(new StarlingDriver.Context());
            Aeron remoteAeron = remote.connectClient();
            Aeron localAeron = local.connectClient();
            Subscription subscription = localAeron.addSubscription(UNRELIABLE_SUBSCRIPTION_CHANNEL, STREAM_ID);
            ExclusivePublication publication = remoteAeron.addExclusivePublication(
                publicationChannel(subscription), STREAM_ID))
        {
            long deadlineNs = System.nanoTime() + DEADLINE_NS;
            while (!publication.isConnected() || 0 == subscription.imageCount())
            {
                final int workCount = pump(remote, remoteAeron) + pump(local, localAeron);
                if (0 == workCount)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                checkDeadline(deadlineNs, "connection across two drivers");
            }

            // The remote driver is no longer invoked: to the local driver it is a process that died.
            final long silentSinceNs = System.nanoTime();
            deadlineNs = silentSinceNs + DEADLINE_NS;
            while (0 != subscription.imageCount())
            {
                if (0 == pump(local, localAeron))
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                checkDeadline(deadlineNs, "the silent remote's image to be cleaned up");
            }

            System.out.println("image of a silent remote removed after ms=" +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSinceNs) +
                " (imageLivenessTimeoutNs=" + local.context().imageLivenessTimeoutNs() + ")");
        }
    }

    private static void deliverOne(
        final StarlingDriver driver,
        final Aeron aeron,
        final Publication publication,
        final Subscription subscription,
        final PhaseReceiver receiver,
        final UnsafeBuffer message,
        final int phase)
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        message.putInt(0, phase);
        while (0 == receiver.countByPhase[phase])
        {
            publication.offer(message, 0, 64);
            for (int i = 0; i < 10; i++)
            {
                pump(driver, aeron);
                subscription.poll(receiver, 10);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            checkDeadline(deadlineNs, "delivery in phase " + phase);
        }
    }

    private static void sendWhileCut(
        final StarlingDriver driver,
        final Aeron aeron,
        final Publication publication,
        final Subscription subscription,
        final PhaseReceiver receiver,
        final UnsafeBuffer message,
        final int phase)
    {
        message.putInt(0, phase);
        for (int i = 0; i < 300; i++)
        {
            publication.offer(message, 0, 64);
            pump(driver, aeron);
            subscription.poll(receiver, 10);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static long counterValue(final StarlingDriver driver, final int typeId)
    {
        final CountersReader counters = driver.mediaDriver().context().countersManager();
        final long[] value = { -1 };
        counters.forEach((counterId, counterTypeId, keyBuffer, label) ->
        {
            if (counterTypeId == typeId)
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });

        return value[0];
    }

    private static boolean caughtUp(final Subscription subscription, final Publication publication)
    {
        if (0 == subscription.imageCount())
        {
            return false;
        }

        final Image image = subscription.imageAtIndex(0);
        return image.position() >= publication.position();
    }

    private static String publicationChannel(final Subscription subscription)
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        List<String> addresses;
        while ((addresses = subscription.localSocketAddresses()).isEmpty())
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            checkDeadline(deadlineNs, "subscription bound address");
        }

        return "aeron:udp?endpoint=127.0.0.1:" + port(addresses);
    }

    private static int port(final List<String> addresses)
    {
        assertFalse(addresses.isEmpty(), "bound address");
        final String address = addresses.get(0);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static void awaitConnected(
        final StarlingDriver driver, final Aeron aeron, final Publication publication, final Subscription subscription)
    {
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        while (!publication.isConnected() || 0 == subscription.imageCount())
        {
            if (0 == pump(driver, aeron))
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            checkDeadline(deadlineNs, "publication and subscription connecting");
        }
    }

    private static int pump(final StarlingDriver driver, final Aeron aeron)
    {
        int workCount = driver.invoke();
        final AgentInvoker clientInvoker = aeron.conductorAgentInvoker();
        if (null != clientInvoker)
        {
            workCount += clientInvoker.invoke();
        }
        else
        {
            Thread.yield();
        }

        return workCount;
    }

    private static void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            fail("timed out waiting for " + what);
        }
    }

    private static final class Receiver implements FragmentHandler
    {
        int count;
        int lastValue = -1;
        boolean outOfOrder;

        public void onFragment(
            final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final int value = buffer.getInt(offset);
            if (value <= lastValue)
            {
                outOfOrder = true;
            }
            lastValue = value;
            count++;
        }
    }

    private static final class PhaseReceiver implements FragmentHandler
    {
        final int[] countByPhase = new int[8];

        public void onFragment(
            final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            countByPhase[buffer.getInt(offset)]++;
        }
    }
}

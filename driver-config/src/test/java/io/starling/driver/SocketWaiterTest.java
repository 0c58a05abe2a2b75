package io.starling.driver;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waiter of a DENSITY driver ends a sleep when a datagram reaches one of the driver's sockets. Every wait here is
 * 30 s long, so a waiter that did not wake would fail by JUnit's timeout rather than by a speed assertion.
 */
final class SocketWaiterTest
{
    private static final long LONG_WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aWakeupBeforeTheWaitEndsTheNextWaitAtOnce()
    {
        try (SocketWaiter waiter = new SocketWaiter())
        {
            waiter.wakeup();
            final long startNs = System.nanoTime();
            assertEquals(0, waiter.await(LONG_WAIT_NS));
            assertTrue(System.nanoTime() - startNs < LONG_WAIT_NS);
        }
    }

    @Test
    void aDatagramOnTheDriversSubscriptionSocketEndsTheWait() throws IOException
    {
        try (StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context().preset(DriverPreset.DENSITY));
            Aeron aeron = driver.connectClient();
            Subscription subscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", 1001);
            DatagramChannel sender = DatagramChannel.open())
        {
            final SocketWaiter waiter = driver.socketWaiter();
            assertEquals(1, waiter.socketCount());
            final String address = subscription.localSocketAddresses().get(0);
            final int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

            sender.send(ByteBuffer.wrap(new byte[]{ 1, 2, 3, 4 }), new InetSocketAddress("127.0.0.1", port));
            assertEquals(1, waiter.await(LONG_WAIT_NS));
        }
    }

    @Test
    void aPublicationsSocketIsRegisteredToo()
    {
        try (StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context().preset(DriverPreset.DENSITY));
            Aeron aeron = driver.connectClient();
            Subscription subscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", 1001))
        {
            final String address = subscription.localSocketAddresses().get(0);
            try (ExclusivePublication ignore = aeron.addExclusivePublication("aeron:udp?endpoint=" + address, 1001))
            {
                // Status messages and setup replies for a publication arrive on its send endpoint's socket.
                assertEquals(2, driver.socketWaiter().socketCount());
            }
        }
    }

    @Test
    void aLowLatencyDriverHasNoWaiter()
    {
        try (StarlingDriver driver = StarlingDriver.launch(
            new StarlingDriver.Context().preset(DriverPreset.LOW_LATENCY)))
        {
            assertNull(driver.socketWaiter());
        }
    }
}

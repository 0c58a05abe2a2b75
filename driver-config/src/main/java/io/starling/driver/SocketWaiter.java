package io.starling.driver;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.SendChannelEndpointSupplier;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.LangUtil;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Lets the thread that runs an INVOKER-mode driver sleep until a datagram arrives on any of the driver's sockets,
 * a timeout passes, or another thread calls {@link #wakeup()}: one {@link Selector} of its own on which every
 * receive and send channel endpoint the driver opens registers its socket (a channel may sit in several selectors;
 * the driver's own receiver keeps reading it).
 * <p>
 * It never reads a datagram (the driver's receiver does, in the next duty cycle) and it does not see frames that
 * a driver with its own threads has already taken off the socket, so it is for {@link DriverPreset#DENSITY} only.
 * {@link #await(long)} is called from one thread; {@link #wakeup()} from any.
 */
public final class SocketWaiter implements AutoCloseable
{
    private final Selector selector;
    private volatile boolean closed;

    /**
     * A waiter with no socket yet; endpoints made by {@link #receiveEndpointSupplier()} and
     * {@link #sendEndpointSupplier()} register theirs when the driver opens them.
     */
    public SocketWaiter()
    {
        Selector selector = null;
        try
        {
            selector = Selector.open();
        }
        catch (final IOException ex)
        {
            LangUtil.rethrowUnchecked(ex);
        }
        this.selector = selector;
    }

    /**
     * Sleep until a registered socket has a datagram to read, {@link #wakeup()} is called, or about
     * {@code timeoutNs} have passed (rounded up to whole milliseconds, the resolution of {@code epoll_wait}).
     * Returns at once when a wakeup came since the last wait.
     *
     * @param timeoutNs longest sleep; at most 0 returns at once.
     * @return number of sockets ready to read.
     */
    public int await(final long timeoutNs)
    {
        if (timeoutNs <= 0 || closed)
        {
            return 0;
        }
        final long timeoutMs = Math.max(1, (timeoutNs + 999_999) / 1_000_000);
        try
        {
            final int ready = selector.select(timeoutMs);
            if (ready > 0)
            {
                // Keys stay level-triggered: the driver reads the datagrams; a key left selected would be reported
                // as 0 new keys by the next select but still wake it.
                selector.selectedKeys().clear();
            }
            return ready;
        }
        catch (final IOException ex)
        {
            LangUtil.rethrowUnchecked(ex);
            return 0;
        }
    }

    /**
     * Make the current (or, if none, the next) {@link #await(long)} return at once. Any thread; a system call.
     */
    public void wakeup()
    {
        selector.wakeup();
    }

    /**
     * @return number of sockets registered and not yet closed.
     */
    public int socketCount()
    {
        return closed ? 0 : selector.keys().size();
    }

    /**
     * Register a socket: a datagram arriving on it ends the current wait. Idempotent. Channels must be
     * non-blocking (Aeron's are); a closed channel is ignored.
     *
     * @param channel the socket.
     */
    public void register(final DatagramChannel channel)
    {
        if (null == channel || closed || null != channel.keyFor(selector))
        {
            return;
        }
        try
        {
            channel.register(selector, SelectionKey.OP_READ);
        }
        catch (final ClosedChannelException ignore)
        {
            // closed before it was registered: nothing to wait for
        }
    }

    /**
     * Close the selector; registered sockets stay open (the driver owns them). Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // nothing left to release
            }
        }
    }

    /**
     * @return a supplier of Aeron's plain receive endpoints that register their socket here when opened.
     */
    public ReceiveChannelEndpointSupplier receiveEndpointSupplier()
    {
        return (udpChannel, dispatcher, statusIndicator, context) ->
            new WakingReceiveChannelEndpoint(udpChannel, dispatcher, statusIndicator, context, this);
    }

    /**
     * @return a supplier of Aeron's plain send endpoints that register their socket (status messages and setup
     * replies arrive on it) here when opened.
     */
    public SendChannelEndpointSupplier sendEndpointSupplier()
    {
        return (udpChannel, statusIndicator, context) ->
            new WakingSendChannelEndpoint(udpChannel, statusIndicator, context, this);
    }

    static final class WakingReceiveChannelEndpoint extends ReceiveChannelEndpoint
    {
        private final SocketWaiter waiter;

        WakingReceiveChannelEndpoint(
            final UdpChannel udpChannel,
            final DataPacketDispatcher dispatcher,
            final AtomicCounter statusIndicator,
            final MediaDriver.Context context,
            final SocketWaiter waiter)
        {
            super(udpChannel, dispatcher, statusIndicator, context);
            this.waiter = waiter;
        }

        public void openChannel()
        {
            super.openChannel();
            waiter.register(receiveDatagramChannel());
        }
    }

    static final class WakingSendChannelEndpoint extends SendChannelEndpoint
    {
        private final SocketWaiter waiter;

        WakingSendChannelEndpoint(
            final UdpChannel udpChannel,
            final AtomicCounter statusIndicator,
            final MediaDriver.Context context,
            final SocketWaiter waiter)
        {
            super(udpChannel, statusIndicator, context);
            this.waiter = waiter;
        }

        public void openChannel()
        {
            super.openChannel();
            waiter.register(receiveDatagramChannel());
        }
    }
}

package io.starling.driver;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ext.DebugReceiveChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Aeron's {@link DebugReceiveChannelEndpoint} with Starling's injectors, which learn the endpoint's bound port
 * once the socket is open so that the partition matrix can key on it even for an ephemeral ({@code :0}) port.
 */
final class FaultInjectingReceiveChannelEndpoint extends DebugReceiveChannelEndpoint
{
    private final ReceiveFaultInjector inbound;
    private final ReceiveFaultInjector outbound;
    private final SocketWaiter socketWaiter;

    FaultInjectingReceiveChannelEndpoint(
        final UdpChannel udpChannel,
        final DataPacketDispatcher dispatcher,
        final AtomicCounter statusIndicator,
        final MediaDriver.Context context,
        final ReceiveFaultInjector inbound,
        final ReceiveFaultInjector outbound,
        final SocketWaiter socketWaiter)
    {
        super(udpChannel, dispatcher, statusIndicator, context, inbound, outbound);
        this.socketWaiter = socketWaiter;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    /**
     * {@inheritDoc}
     */
    public void openChannel()
    {
        super.openChannel();

        final DatagramChannel channel = receiveDatagramChannel();
        if (null != socketWaiter)
        {
            socketWaiter.register(channel);
        }
        if (null != channel)
        {
            try
            {
                final SocketAddress address = channel.getLocalAddress();
                if (address instanceof InetSocketAddress)
                {
                    final int port = ((InetSocketAddress)address).getPort();
                    inbound.localPort(port);
                    outbound.localPort(port);
                }
            }
            catch (final IOException ignore)
            {
                // keep the port from the channel URI
            }
        }
    }
}

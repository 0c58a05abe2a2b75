package io.starling.driver;

import io.aeron.driver.ext.LossGenerator;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LossGenerator} installed on one receive channel endpoint: first the {@link PartitionMatrix} (if any),
 * then Aeron's random loss (if any). One instance judges the frames arriving at the endpoint (data, setup, RTT),
 * another the control frames the endpoint sends back to senders (status messages, NAKs), which only the matrix
 * drops. Allocation-free; runs on the receiver's thread (the engine's thread in INVOKER mode).
 */
final class ReceiveFaultInjector implements LossGenerator
{
    private final boolean isInbound;
    private final PartitionMatrix partitionMatrix;
    private final LossGenerator randomLoss;
    private final AtomicLong partitionDrops;
    private final AtomicCounter partitionDropsCounter;
    private final AtomicLong lossDrops;
    private final AtomicCounter lossDropsCounter;
    private int localPort;

    ReceiveFaultInjector(
        final boolean isInbound,
        final int localPort,
        final PartitionMatrix partitionMatrix,
        final LossGenerator randomLoss,
        final AtomicLong partitionDrops,
        final AtomicCounter partitionDropsCounter,
        final AtomicLong lossDrops,
        final AtomicCounter lossDropsCounter)
    {
        this.isInbound = isInbound;
        this.localPort = localPort;
        this.partitionMatrix = partitionMatrix;
        this.randomLoss = randomLoss;
        this.partitionDrops = partitionDrops;
        this.partitionDropsCounter = partitionDropsCounter;
        this.lossDrops = lossDrops;
        this.lossDropsCounter = lossDropsCounter;
    }

    /**
     * Set the endpoint's bound port once its socket is open (it may have been ephemeral until then). Called on
     * the driver conductor before the endpoint is handed to the receiver, which publishes it safely.
     *
     * @param localPort the port the endpoint's socket is bound to.
     */
    void localPort(final int localPort)
    {
        this.localPort = localPort;
    }

    int localPort()
    {
        return localPort;
    }

    /**
     * {@inheritDoc}
     */
    public boolean shouldDropFrame(final InetSocketAddress address, final UnsafeBuffer buffer, final int length)
    {
        if (null == address)
        {
            return false;
        }

        if (null != partitionMatrix)
        {
            final int remotePort = address.getPort();
            final boolean drop = isInbound ?
                partitionMatrix.shouldDrop(remotePort, localPort) :
                partitionMatrix.shouldDrop(localPort, remotePort);

            if (drop)
            {
                partitionDrops.incrementAndGet();
                partitionDropsCounter.increment();
                return true;
            }
        }

        if (null != randomLoss && randomLoss.shouldDropFrame(address, buffer, length))
        {
            lossDrops.incrementAndGet();
            lossDropsCounter.increment();
            return true;
        }

        return false;
    }

    /**
     * {@inheritDoc}
     */
    public boolean shouldDropFrame(
        final InetSocketAddress address,
        final UnsafeBuffer buffer,
        final int streamId,
        final int sessionId,
        final int termId,
        final int termOffset,
        final int length)
    {
        return shouldDropFrame(address, buffer, length);
    }
}

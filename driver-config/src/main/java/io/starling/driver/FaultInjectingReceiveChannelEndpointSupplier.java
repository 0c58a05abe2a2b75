package io.starling.driver;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.ext.LossGenerator;
import io.aeron.driver.ext.RandomLossGenerator;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates every receive channel endpoint of a Starling driver that injects faults. Called by the driver
 * conductor, which is also where the two driver counters are allocated (on first use). Drops are counted twice:
 * in those counters, for AeronStat and {@code starling stat}, and in heap {@link AtomicLong}s that stay readable
 * after the driver has unmapped its counters.
 */
final class FaultInjectingReceiveChannelEndpointSupplier implements ReceiveChannelEndpointSupplier
{
    private static final long NO_SEED = -1L;

    private final double lossRate;
    private final long lossSeed;
    private final PartitionMatrix partitionMatrix;
    private final SocketWaiter socketWaiter;
    private final AtomicLong lossDrops = new AtomicLong();
    private final AtomicLong partitionDrops = new AtomicLong();
    private AtomicCounter lossDropsCounter;
    private AtomicCounter partitionDropsCounter;
    private int endpointCount;

    FaultInjectingReceiveChannelEndpointSupplier(
        final double lossRate, final long lossSeed, final PartitionMatrix partitionMatrix,
        final SocketWaiter socketWaiter)
    {
        this.socketWaiter = socketWaiter;
        this.lossRate = lossRate;
        this.lossSeed = lossSeed;
        this.partitionMatrix = partitionMatrix;
    }

    /**
     * {@inheritDoc}
     */
    public ReceiveChannelEndpoint newInstance(
        final UdpChannel udpChannel,
        final DataPacketDispatcher dispatcher,
        final AtomicCounter statusIndicator,
        final MediaDriver.Context context)
    {
        if (null == lossDropsCounter)
        {
            final CountersManager countersManager = context.countersManager();
            partitionDropsCounter = countersManager.newCounter(
                "Starling partition drops", StarlingDriver.PARTITION_DROPS_COUNTER_TYPE_ID);
            lossDropsCounter = countersManager.newCounter(
                "Starling random loss drops: rate=" + lossRate, StarlingDriver.LOSS_DROPS_COUNTER_TYPE_ID);
        }

        final LossGenerator randomLoss = lossRate > 0.0 ?
            new RandomLossGenerator(lossRate, endpointSeed(endpointCount)) : null;
        endpointCount++;

        final int port = udpChannel.remoteData().getPort();
        final ReceiveFaultInjector inbound = new ReceiveFaultInjector(
            true, port, partitionMatrix, randomLoss,
            partitionDrops, partitionDropsCounter, lossDrops, lossDropsCounter);
        final ReceiveFaultInjector outbound = new ReceiveFaultInjector(
            false, port, partitionMatrix, null,
            partitionDrops, partitionDropsCounter, lossDrops, lossDropsCounter);

        return new FaultInjectingReceiveChannelEndpoint(
            udpChannel, dispatcher, statusIndicator, context, inbound, outbound, socketWaiter);
    }

    long lossDrops()
    {
        return lossDrops.get();
    }

    long partitionDrops()
    {
        return partitionDrops.get();
    }

    private long endpointSeed(final int endpointIndex)
    {
        if (NO_SEED == lossSeed)
        {
            return NO_SEED;
        }

        final long seed = lossSeed ^ (endpointIndex * 0x9E3779B97F4A7C15L);
        return NO_SEED == seed ? 0 : seed;
    }
}

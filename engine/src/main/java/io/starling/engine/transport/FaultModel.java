package io.starling.engine.transport;

import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.RandomSource;

/**
 * The one fault model both paths pass through (the in-memory path and Aeron UDP): random loss at a switchable rate
 * and a {@link PartitionMatrix}. Applied by the sending host to each frame before it is handed to a transport, so a
 * run behaves the same whether two nodes share a process or not. The loss rate and the partition may be changed
 * from any thread; {@link #check(int, int)} runs on the duty cycle and never allocates.
 */
public final class FaultModel
{
    /** {@link #check(int, int)} result: deliver the frame. */
    public static final int PASS = -1;

    private final PartitionMatrix partitions = new PartitionMatrix();
    private final RandomSource random;
    private volatile double lossRate;

    /**
     * @param random randomness for loss decisions (duty-cycle thread only).
     */
    public FaultModel(final RandomSource random)
    {
        this.random = random;
    }

    /**
     * @param lossRate probability in [0, 1) that a frame is dropped.
     * @return this.
     */
    public FaultModel lossRate(final double lossRate)
    {
        if (!(lossRate >= 0.0 && lossRate < 1.0))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1)");
        }
        this.lossRate = lossRate;
        return this;
    }

    /**
     * @return probability that a frame is dropped.
     */
    public double lossRate()
    {
        return lossRate;
    }

    /**
     * @return the partition matrix, switchable at run time.
     */
    public PartitionMatrix partitions()
    {
        return partitions;
    }

    /**
     * Decide the fate of one frame.
     *
     * @param srcNodeId sender.
     * @param dstNodeId receiver, or {@link Outbox#ANY_NODE} (not subject to partitions: its group is unknown).
     * @return {@link #PASS}, or the counter id of the drop: {@link ProtocolCounters#DROP_PARTITION} or
     * {@link ProtocolCounters#DROP_INJECTED_LOSS}.
     */
    public int check(final int srcNodeId, final int dstNodeId)
    {
        if (Outbox.ANY_NODE != dstNodeId && partitions.isBlocked(srcNodeId, dstNodeId))
        {
            return ProtocolCounters.DROP_PARTITION;
        }
        final double rate = lossRate;
        if (rate > 0.0 && random.nextDouble() < rate)
        {
            return ProtocolCounters.DROP_INJECTED_LOSS;
        }
        return PASS;
    }
}

package io.starling.engine.transport;

import io.starling.driver.PartitionMatrix;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.schedule.PathTable;
import io.starling.engine.schedule.ScheduledPaths;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * Starling's one fault model: what the network does to a frame from one endpoint to another, for the simulator
 * (endpoints are node indices, virtual time) and for the real-time host (endpoints are node ids; the in-memory path
 * and Aeron UDP alike, applied by the sending host before a frame is handed to a transport). In order: the
 * {@link PartitionMatrix} (groups and pairs cut), the link schedule if one is set (no path: dropped; the best path's
 * loss compounds with the rest), then random loss at the uniform rate or a per-link override. It draws from the
 * random source only when a rate in (0, 1) applies, so a run without faults, or without a schedule, draws exactly as
 * before. Latency is not decided here: {@link #pathLatencyNs(int, int)} gives the schedule's part of it.
 * <p>
 * The loss rate, the partition matrix and the schedule may be switched from any thread; per-link overrides are
 * changed on the deciding thread only. {@link #check(int, int)} never allocates.
 */
public final class FaultModel
{
    /** {@link #check(int, int)} result: deliver the frame. */
    public static final int PASS = -1;

    private static final long NO_OVERRIDE = -1L;
    private static final int NOT_SCHEDULED = -1;

    private final PartitionMatrix partitions = new PartitionMatrix();
    private final Long2LongHashMap linkLossBits = new Long2LongHashMap(NO_OVERRIDE);
    private final RandomSource random;
    private volatile double lossRate;
    private volatile Scheduled scheduled;

    /**
     * @param random randomness for loss decisions (deciding thread only).
     */
    public FaultModel(final RandomSource random)
    {
        this.random = random;
    }

    /**
     * @param lossRate probability in [0, 1] that a frame on a link without an override is dropped.
     * @return this.
     */
    public FaultModel lossRate(final double lossRate)
    {
        checkRate(lossRate);
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
     * Override the loss rate of one direction of one link (deciding thread only).
     *
     * @param src      sending endpoint.
     * @param dst      receiving endpoint.
     * @param lossRate in [0, 1].
     * @return this.
     */
    public FaultModel linkLossRate(final int src, final int dst, final double lossRate)
    {
        checkRate(lossRate);
        linkLossBits.put(linkKey(src, dst), Double.doubleToRawLongBits(lossRate));
        return this;
    }

    /**
     * Remove one per-link override (deciding thread only).
     *
     * @param src sending endpoint.
     * @param dst receiving endpoint.
     */
    public void clearLinkLossRate(final int src, final int dst)
    {
        linkLossBits.remove(linkKey(src, dst));
    }

    /**
     * Remove every per-link override (deciding thread only).
     */
    public void clearLinkLossRates()
    {
        linkLossBits.clear();
    }

    /**
     * @return the partition matrix, switchable at run time.
     */
    public PartitionMatrix partitions()
    {
        return partitions;
    }

    /**
     * Put a link schedule in force (or remove it with null). Endpoints map to schedule node indices through
     * {@code endpointOfIndex}: schedule index i is endpoint {@code endpointOfIndex[i]}; null means the endpoint is the
     * index (the simulator). Endpoints the schedule does not name are not subject to it.
     *
     * @param paths           the advancing schedule, or null.
     * @param endpointOfIndex endpoint of every schedule index, or null.
     * @return this.
     */
    public FaultModel schedule(final ScheduledPaths paths, final int[] endpointOfIndex)
    {
        Int2IntHashMap map = null;
        if (null != endpointOfIndex)
        {
            map = new Int2IntHashMap(NOT_SCHEDULED);
            for (int i = 0; i < endpointOfIndex.length; i++)
            {
                map.put(endpointOfIndex[i], i);
            }
        }
        scheduled = null == paths ? null : new Scheduled(paths, map);
        return this;
    }

    /**
     * @return the schedule in force, or null.
     */
    public ScheduledPaths schedule()
    {
        final Scheduled current = scheduled;
        return null == current ? null : current.paths;
    }

    /**
     * Decide the fate of one frame.
     *
     * @param src sending endpoint.
     * @param dst receiving endpoint, or {@link Outbox#ANY_NODE} (then only the loss rates apply: the receiving
     *            process chooses the node and applies partitions and the schedule, {@link #checkReach(int, int)}).
     * @return {@link #PASS}, or the counter id of the drop: {@link TransportCounters#DROP_PARTITION} (cut, or no
     * path in the schedule) or {@link TransportCounters#DROP_INJECTED_LOSS}.
     */
    public int check(final int src, final int dst)
    {
        double rate = lossRate;
        if (!linkLossBits.isEmpty())
        {
            final long bits = linkLossBits.get(linkKey(src, dst));
            if (NO_OVERRIDE != bits)
            {
                rate = Double.longBitsToDouble(bits);
            }
        }
        if (Outbox.ANY_NODE != dst)
        {
            final double pathLoss = pathLoss(src, dst);
            if (pathLoss < 0)
            {
                return TransportCounters.DROP_PARTITION;
            }
            if (pathLoss > 0)
            {
                rate = 1.0 - (1.0 - rate) * (1.0 - pathLoss);
            }
        }
        return drop(rate) ? TransportCounters.DROP_INJECTED_LOSS : PASS;
    }

    /**
     * The rest of {@link #check(int, int)} for a frame sent to {@link Outbox#ANY_NODE} (a Join), once the
     * receiving process chose the node that takes it: partitions, and the schedule's path and its loss, between
     * the sender and that node. The sender's check drew the loss rates only.
     *
     * @param src sending endpoint.
     * @param dst the receiving node chosen.
     * @return {@link #PASS}, {@link TransportCounters#DROP_PARTITION} or {@link TransportCounters#DROP_INJECTED_LOSS}.
     */
    public int checkReach(final int src, final int dst)
    {
        final double pathLoss = pathLoss(src, dst);
        if (pathLoss < 0)
        {
            return TransportCounters.DROP_PARTITION;
        }
        return pathLoss > 0 && drop(pathLoss) ? TransportCounters.DROP_INJECTED_LOSS : PASS;
    }

    /**
     * @return -1 if a partition or the schedule cuts src from dst, else the schedule path's loss (0 without one).
     */
    private double pathLoss(final int src, final int dst)
    {
        if (partitions.isBlocked(src, dst))
        {
            return -1;
        }
        final Scheduled current = scheduled;
        if (null != current)
        {
            final int s = current.index(src);
            final int d = current.index(dst);
            if (s >= 0 && d >= 0)
            {
                final PathTable table = current.paths.current();
                if (PathTable.NO_PATH == table.latencyNs(s, d))
                {
                    return -1;
                }
                return table.loss(s, d);
            }
        }
        return 0;
    }

    private boolean drop(final double rate)
    {
        return rate > 0 && (rate >= 1.0 || random.nextDouble() < rate);
    }

    /**
     * @param src sending endpoint.
     * @param dst receiving endpoint.
     * @return the one-way latency of the schedule's best path, 0 without a schedule or for endpoints it does not
     * name (call after {@link #check(int, int)} passed).
     */
    public long pathLatencyNs(final int src, final int dst)
    {
        final Scheduled current = scheduled;
        if (null == current)
        {
            return 0;
        }
        final int s = current.index(src);
        final int d = current.index(dst);
        if (s < 0 || d < 0)
        {
            return 0;
        }
        return Math.max(0, current.paths.current().latencyNs(s, d));
    }

    private static void checkRate(final double lossRate)
    {
        if (!(lossRate >= 0.0 && lossRate <= 1.0))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1]");
        }
    }

    private static long linkKey(final int src, final int dst)
    {
        return ((long)src << 32) | (dst & 0xFFFF_FFFFL);
    }

    /**
     * A schedule and its endpoint mapping, published together so a reader never pairs one with the other's.
     */
    private static final class Scheduled
    {
        private final ScheduledPaths paths;
        private final Int2IntHashMap indexByEndpoint;
        private final int nodeCount;

        Scheduled(final ScheduledPaths paths, final Int2IntHashMap indexByEndpoint)
        {
            this.paths = paths;
            this.indexByEndpoint = indexByEndpoint;
            this.nodeCount = paths.schedule().nodeCount();
        }

        int index(final int endpoint)
        {
            if (null == indexByEndpoint)
            {
                return endpoint >= 0 && endpoint < nodeCount ? endpoint : NOT_SCHEDULED;
            }
            return indexByEndpoint.get(endpoint);
        }
    }
}

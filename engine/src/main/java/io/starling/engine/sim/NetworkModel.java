package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.driver.PartitionMatrix;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.TransportCounters;

/**
 * The simulated network: the one {@link FaultModel} (partitions, link schedule, uniform and per-link loss) with node
 * indices as endpoints, plus a {@link LatencyModel} and the simulator's virtual clock for the schedule. A frame's
 * latency is the schedule's best-path latency (0 without a schedule) plus one draw of the latency model. Node faults
 * (crashed, paused, slow) belong to the {@link Simulation}. Decisions draw from the simulation's one random source,
 * only when there is something to draw for, in the same order with or without this wrapper.
 */
public final class NetworkModel
{
    /** Result of {@link #decide(int, int)} when the frame goes through. */
    public static final int DELIVER = FaultModel.PASS;

    private final SeededRandom random;
    private final int nodeCount;
    private final FaultModel faults;
    private final int[] lastGroup;
    private LatencyModel latency;
    private boolean everPartitioned;
    private long scheduleEpochNs;

    /**
     * @param nodeCount nodes in the simulation.
     * @param random    the simulation's random source.
     * @param lossRate  uniform loss rate in [0, 1].
     * @param latency   latency model.
     */
    public NetworkModel(final int nodeCount, final SeededRandom random, final double lossRate, final LatencyModel latency)
    {
        this.nodeCount = nodeCount;
        this.random = random;
        this.faults = new FaultModel(random);
        this.lastGroup = new int[nodeCount];
        lossRate(lossRate);
        latency(latency);
    }

    /**
     * @return the fault model the simulator shares with the real-time host.
     */
    public FaultModel faults()
    {
        return faults;
    }

    /**
     * Decide the fate of one frame (without a schedule, or at the schedule's current step).
     *
     * @param src sending node index.
     * @param dst receiving node index.
     * @return {@link #DELIVER}, or the {@link TransportCounters} id of the reason it is dropped.
     */
    public int decide(final int src, final int dst)
    {
        return faults.check(src, dst);
    }

    /**
     * Decide the fate of one frame sent at a virtual time: the schedule (if any) is first brought to that time.
     *
     * @param src   sending node index.
     * @param dst   receiving node index.
     * @param nowNs virtual time of sending.
     * @return {@link #DELIVER}, or the {@link TransportCounters} id of the reason it is dropped.
     */
    public int decide(final int src, final int dst, final long nowNs)
    {
        final ScheduledPaths paths = faults.schedule();
        if (null != paths)
        {
            paths.advanceTo(nowNs - scheduleEpochNs);
        }
        return faults.check(src, dst);
    }

    /**
     * @return one latency draw in nanoseconds.
     */
    public long latencyNs()
    {
        return latency.sampleNs(random);
    }

    /**
     * @param src sending node index.
     * @param dst receiving node index.
     * @return the schedule's best-path latency (after a {@link #decide(int, int, long)} that delivered) plus one
     * latency draw.
     */
    public long latencyNs(final int src, final int dst)
    {
        return faults.pathLatencyNs(src, dst) + latency.sampleNs(random);
    }

    /**
     * Put a link schedule in force: schedule node index i is simulator node i; the plan's time 0 is virtual time
     * {@code epochNs}.
     *
     * @param paths   the schedule walker (one table: the simulator reads and advances on one thread), or null.
     * @param epochNs virtual time of the plan's time 0.
     */
    public void schedule(final ScheduledPaths paths, final long epochNs)
    {
        if (null != paths && paths.schedule().nodeCount() > nodeCount)
        {
            throw new IllegalArgumentException("schedule names " + paths.schedule().nodeCount() +
                " nodes, more than the simulation's " + nodeCount);
        }
        this.scheduleEpochNs = epochNs;
        faults.schedule(paths, null);
    }

    /**
     * @param lossRate uniform loss rate in [0, 1] for every link without an override.
     */
    public void lossRate(final double lossRate)
    {
        faults.lossRate(lossRate);
    }

    /**
     * @return the uniform loss rate.
     */
    public double lossRate()
    {
        return faults.lossRate();
    }

    /**
     * Override the loss rate of one direction of one link.
     *
     * @param src      sending node index.
     * @param dst      receiving node index.
     * @param lossRate in [0, 1].
     */
    public void linkLossRate(final int src, final int dst, final double lossRate)
    {
        checkIndex("src", src);
        checkIndex("dst", dst);
        faults.linkLossRate(src, dst, lossRate);
    }

    /**
     * Remove a per-link override.
     *
     * @param src sending node index.
     * @param dst receiving node index.
     */
    public void clearLinkLossRate(final int src, final int dst)
    {
        faults.clearLinkLossRate(src, dst);
    }

    /**
     * Remove every per-link override.
     */
    public void clearLinkLossRates()
    {
        faults.clearLinkLossRates();
    }

    /**
     * @param latency new latency model for frames sent from now on.
     */
    public void latency(final LatencyModel latency)
    {
        if (null == latency)
        {
            throw new IllegalArgumentException("latency must not be null");
        }
        this.latency = latency;
    }

    /**
     * @return the latency model.
     */
    public LatencyModel latency()
    {
        return latency;
    }

    /**
     * Partition the nodes: nodes in different groups cannot reach each other (both directions).
     *
     * @param groupOfNode group number of every node, indexed by node index; at most
     *                    {@link PartitionMatrix#MAX_GROUPS} distinct numbers.
     */
    public void partition(final int[] groupOfNode)
    {
        if (groupOfNode.length != nodeCount)
        {
            throw new IllegalArgumentException(
                "partition groups length=" + groupOfNode.length + " must equal nodes=" + nodeCount);
        }
        final int[] distinct = Arrays.stream(groupOfNode).distinct().sorted().toArray();
        if (distinct.length > PartitionMatrix.MAX_GROUPS)
        {
            throw new IllegalArgumentException(
                "partition groups=" + distinct.length + " must be at most " + PartitionMatrix.MAX_GROUPS);
        }
        final int[] sizes = new int[distinct.length];
        for (final int g : groupOfNode)
        {
            sizes[Arrays.binarySearch(distinct, g)]++;
        }
        final int[][] members = new int[distinct.length][];
        for (int g = 0; g < distinct.length; g++)
        {
            members[g] = new int[sizes[g]];
            sizes[g] = 0;
        }
        for (int node = 0; node < nodeCount; node++)
        {
            final int g = Arrays.binarySearch(distinct, groupOfNode[node]);
            members[g][sizes[g]++] = node;
        }
        final PartitionMatrix matrix = faults.partitions();
        matrix.heal();
        matrix.isolateAll(members);
        System.arraycopy(groupOfNode, 0, lastGroup, 0, nodeCount);
        everPartitioned = true;
    }

    /**
     * Split the nodes in two by index: nodes {@code [0, firstGroupSize)} against the rest.
     *
     * @param firstGroupSize nodes in the first group.
     */
    public void partitionSplit(final int firstGroupSize)
    {
        if (firstGroupSize < 0 || firstGroupSize > nodeCount)
        {
            throw new IllegalArgumentException(
                "partition firstGroupSize=" + firstGroupSize + " must be in [0, " + nodeCount + "]");
        }
        final int[] groups = new int[nodeCount];
        Arrays.fill(groups, firstGroupSize, nodeCount, 1);
        partition(groups);
    }

    /**
     * End the partition: every node can reach every other again (the schedule, if any, still applies).
     */
    public void heal()
    {
        faults.partitions().heal().resetGroups();
    }

    /**
     * @return true while a partition is in force.
     */
    public boolean isPartitioned()
    {
        return faults.partitions().hasRules();
    }

    /**
     * @param a node index.
     * @param b node index.
     * @return true if the current partition separates them.
     */
    public boolean separated(final int a, final int b)
    {
        return faults.partitions().isBlocked(a, b);
    }

    /**
     * @param a node index.
     * @param b node index.
     * @return true if the most recent partition (in force or healed) separated them.
     */
    public boolean separatedByLastPartition(final int a, final int b)
    {
        return everPartitioned && lastGroup[a] != lastGroup[b];
    }

    /**
     * @param node index.
     * @return its group in the current partition (0 when there is none).
     */
    public int groupOf(final int node)
    {
        return faults.partitions().groupOf(node);
    }

    private void checkIndex(final String name, final int index)
    {
        if (index < 0 || index >= nodeCount)
        {
            throw new IllegalArgumentException(name + "=" + index + " must be in [0, " + nodeCount + ")");
        }
    }
}

package io.starling.bench.protocol;

import java.util.concurrent.TimeUnit;

import io.starling.bench.support.BenchFrames;
import io.starling.bench.support.BenchNode;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merging one membership update into a node's table, the way it arrives: {@code SwimNode.onFrame} with a Gossip
 * frame carrying one update (so frame validation, decoding and the counters are part of the cost).
 * <ul>
 *     <li>{@code mergeFresh}: the update is ALIVE at an incarnation one above the last, so it wins every time and
 *     takes the whole merge path (table write, dissemination queue, observer).</li>
 *     <li>{@code mergeStale}: the update is ALIVE at an incarnation below the member's, so it is rejected every
 *     time (lookup and compare only).</li>
 * </ul>
 * The node knows {@code members} members (itself included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class MergeBenchmark
{
    /** Members the node knows, itself included. */
    @Param({ "1000" })
    public int members;

    private static final int STALE_INCARNATION = 0;
    private static final int MEMBER_INCARNATION = 10;

    private BenchNode bench;
    private UnsafeBuffer freshFrame;
    private int freshLength;
    private UnsafeBuffer staleFrame;
    private int staleLength;
    private int incarnation;
    private long nowNs;

    /**
     * Build the node, raise one member to a known incarnation and prepare both frames.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        bench = new BenchNode(members);
        final int clusterId = bench.config().clusterId();
        final int member = BenchNode.FIRST_MEMBER_ID + members / 2;
        nowNs = bench.nowNs();

        freshFrame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        freshLength = BenchFrames.gossip(freshFrame, clusterId, BenchNode.FIRST_MEMBER_ID, BenchNode.NODE_ID,
            member, 1, MEMBER_INCARNATION, BenchNode.IPV4, BenchNode.MEMBER_PORT);
        bench.node().onFrame(nowNs, freshFrame, 0, freshLength);
        incarnation = MEMBER_INCARNATION;

        staleFrame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        staleLength = BenchFrames.gossip(staleFrame, clusterId, BenchNode.FIRST_MEMBER_ID, BenchNode.NODE_ID,
            member, 1, STALE_INCARNATION, BenchNode.IPV4, BenchNode.MEMBER_PORT);
    }

    /**
     * Incarnations only go up: start again from a fresh node long before the 32-bit incarnation could wrap.
     */
    @Setup(Level.Iteration)
    public void renewBeforeWrap()
    {
        if (incarnation > (1 << 30))
        {
            setup();
        }
    }

    /**
     * One update that is merged: its incarnation is raised by one before each call.
     *
     * @return messages handled.
     */
    @Benchmark
    public int mergeFresh()
    {
        BenchFrames.patchFirstIncarnation(freshFrame, ++incarnation);
        return bench.node().onFrame(nowNs, freshFrame, 0, freshLength);
    }

    /**
     * One update that is stale and rejected.
     *
     * @return messages handled.
     */
    @Benchmark
    public int mergeStale()
    {
        return bench.node().onFrame(nowNs, staleFrame, 0, staleLength);
    }

    /**
     * @return the node, for tests.
     */
    public BenchNode bench()
    {
        return bench;
    }
}

package io.starling.bench.protocol;

import java.util.concurrent.TimeUnit;

import io.starling.bench.support.BenchNode;
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
 * The per-node protocol tick: one probe period of a node that knows {@code members} members in a quiet cluster
 * (no update waiting to be piggybacked). Each operation fires the probe tick through {@code SwimNode.onTimer}
 * (next member of the randomized round-robin order, reshuffle at the end of a pass, Ping encoded through the
 * {@code FramePacker}, probe timeout and next tick scheduled) and then hands the node the member's Ack through
 * {@code onFrame} (validated, decoded, probe timeout cancelled), so the node stays in its steady state. Both halves
 * are measured together: a host does both for every node every period.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class ProbeTickBenchmark
{
    /** Members the node knows, itself included. */
    @Param({ "1000" })
    public int members;

    private BenchNode bench;

    /**
     * Build the node and run probe periods until every join update has been piggybacked away.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        bench = new BenchNode(members);
        bench.drainDisseminationQueue();
    }

    /**
     * One probe period: tick, ping, ack.
     *
     * @return messages handled from the ack (1).
     */
    @Benchmark
    public int probeTickAndAck()
    {
        return bench.probeCycle();
    }

    /**
     * @return the node, for tests.
     */
    public BenchNode bench()
    {
        return bench;
    }
}

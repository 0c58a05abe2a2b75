package io.starling.bench.protocol;

import java.util.concurrent.TimeUnit;

import io.starling.engine.protocol.ProtocolConfig;
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
 * Choosing and encoding the piggyback set of one Ping from a dissemination queue of {@code entries} updates (see
 * {@link PiggybackSet}). With the default 1,376-byte frame budget a Ping carries at most 62 updates, so with 10
 * entries every entry goes out each time, with 100 and 10,000 the fewest-sent 62 do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class PiggybackBenchmark
{
    /** Updates in the dissemination queue. */
    @Param({ "10", "100", "10000" })
    public int entries;

    private PiggybackSet set;

    /**
     * Fill the queue.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        set = new PiggybackSet(entries, new ProtocolConfig().conclude());
    }

    /**
     * Select, encode, count one transmission.
     *
     * @return frame length.
     */
    @Benchmark
    public int selectAndEncode()
    {
        return set.selectAndEncode();
    }
}

package io.starling.bench.support;

import java.util.function.IntSupplier;

import io.starling.bench.protocol.MergeBenchmark;
import io.starling.bench.protocol.PiggybackSet;
import io.starling.bench.protocol.ProbeTickBenchmark;
import io.starling.bench.timer.LoadedHostTimerWheel;
import io.starling.bench.timer.LoadedTimerWheel;
import io.starling.engine.protocol.ProtocolConfig;
import org.junit.jupiter.api.Test;


/**
 * The code the JMH benchmarks measure allocates nothing: 0 bytes over 100,000 operations after a warm-up.
 */
class AllocationFreeTest
{
    private static final int WARMUP = 20_000;
    private static final int OPS = 100_000;

    @Test
    void mergeFresh()
    {
        final MergeBenchmark b = new MergeBenchmark();
        b.members = 1_000;
        b.setup();
        assertAllocationFree("mergeFresh", b::mergeFresh);
    }

    @Test
    void mergeStale()
    {
        final MergeBenchmark b = new MergeBenchmark();
        b.members = 1_000;
        b.setup();
        assertAllocationFree("mergeStale", b::mergeStale);
    }

    @Test
    void probeTickAndAck()
    {
        final ProbeTickBenchmark b = new ProbeTickBenchmark();
        b.members = 1_000;
        b.setup();
        assertAllocationFree("probeTickAndAck", b::probeTickAndAck);
    }

    @Test
    void piggyback()
    {
        for (final int entries : new int[] { 10, 100, 10_000 })
        {
            final PiggybackSet set = new PiggybackSet(entries, new ProtocolConfig().conclude());
            assertAllocationFree("piggyback " + entries, set::selectAndEncode);
        }
    }

    @Test
    void timerWheel()
    {
        final LoadedTimerWheel wheel = new LoadedTimerWheel(100_000, 0);
        assertAllocationFree("scheduleAndCancel", () -> wheel.scheduleAndCancel() ? 1 : 0);
        assertAllocationFree("advanceOneTick", wheel::advanceOneTick);
        assertAllocationFree("pollIdle", wheel::pollIdle);

        final LoadedHostTimerWheel host = new LoadedHostTimerWheel(100_000);
        assertAllocationFree("host scheduleAndCancel", () -> host.scheduleAndCancel() ? 1 : 0);
        assertAllocationFree("host advanceOneTick", host::advanceOneTick);
        assertAllocationFree("host pollIdle", host::pollIdle);
    }

    private static void assertAllocationFree(final String name, final IntSupplier op)
    {
        Allocations.assertAllocationFree(name, WARMUP, OPS, op);
    }
}

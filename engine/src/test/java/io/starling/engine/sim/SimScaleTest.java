package io.starling.engine.sim;

import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capacity: thousands of SwimNodes with full views in one JVM, pre-converged, through the gossip and push-pull
 * that follow the start and into steady state. Prints throughput and heap; asserts behaviour only. Needs a heap of
 * a few GiB at 10,000 nodes (Surefire's default of a quarter of physical memory is enough on 16 GiB and up).
 */
@Tag("slow")
class SimScaleTest
{
    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void shouldRunThousandsOfFullViewNodesInOneJvm(final int nodes)
    {
        long wallNs = System.nanoTime();
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(nodes)
            .seed(42)
            .joinMode(JoinMode.PRE_CONVERGED));
        sim.runUntil(0);
        final long bootstrapWallNs = System.nanoTime() - wallNs;
        assertTrue(sim.metrics().isConverged());

        wallNs = System.nanoTime();
        sim.runPeriods(40);
        final long warmupWallNs = System.nanoTime() - wallNs;

        sim.metrics().markWindow(sim.nowNs());
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        final long cpuNs = threads.getCurrentThreadCpuTime();
        wallNs = System.nanoTime();
        sim.runPeriods(10);
        final long steadyWallNs = System.nanoTime() - wallNs;
        final long steadyCpuNs = threads.getCurrentThreadCpuTime() - cpuNs;

        assertTrue(sim.metrics().isConverged());
        assertEquals(0, sim.metrics().falsePositiveEvents());
        assertEquals(0, sim.metrics().observerInconsistencies());
        assertEquals(0, sim.counter(ProtocolCounters.DROP_MALFORMED));

        System.gc();
        final Runtime rt = Runtime.getRuntime();
        System.out.printf("nodes=%d bootstrap_wall_ms=%.0f warmup_40_periods_wall_ms=%.0f " +
            "steady_node_periods_per_s=%.0f steady_node_periods_per_cpu_s=%.0f messages_per_node_per_period=%.3f " +
            "heap_used_bytes=%d events=%d%n",
            nodes, bootstrapWallNs / 1e6, warmupWallNs / 1e6, nodes * 10 / (steadyWallNs / 1e9),
            nodes * 10 / (steadyCpuNs / 1e9),
            sim.metrics().messagesPerNodePerPeriod(sim.nowNs(), sim.periodNs()), rt.totalMemory() - rt.freeMemory(),
            sim.eventsProcessed());
    }
}

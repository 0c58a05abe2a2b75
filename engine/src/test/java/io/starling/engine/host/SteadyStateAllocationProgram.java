package io.starling.engine.host;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.transport.TransportCounters;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The measurement of {@link SteadyStateAllocationTest}, run in a JVM of its own (started without escape analysis):
 * launches an engine, waits for convergence and for every pool to reach its working size, then prints the bytes the
 * agent thread allocated in each window on one line, {@code windows=b1,b2,...}, with the duty cycles, frames and
 * errors of those windows. Exits 1 with a message when the cluster does not converge.
 * <p>
 * Arguments: node count, {@code aeron} or {@code in-memory}, window count, window length in milliseconds.
 */
public final class SteadyStateAllocationProgram
{
    private SteadyStateAllocationProgram()
    {
    }

    /**
     * Runs one measurement.
     *
     * @param args node count, path, window count, window length in milliseconds.
     * @throws Exception if the engine fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int nodes = Integer.parseInt(args[0]);
        final boolean network = "aeron".equals(args[1]);
        final int windows = Integer.parseInt(args[2]);
        final long windowMs = Long.parseLong(args[3]);

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            System.out.println("thread allocated memory is not supported by this JVM");
            System.exit(1);
        }
        threads.setThreadAllocatedMemoryEnabled(true);

        // memberlist's LAN periods (probe 1 s, gossip 200 ms), push-pull every 5 s so the cluster converges in
        // seconds even on a small, shared machine.
        final ProtocolConfig protocol = new ProtocolConfig()
            .pushPullIntervalNs(TimeUnit.SECONDS.toNanos(5));

        try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
            .networkEnabled(network)
            .forceNetworkForLocal(network)
            .bindHost("127.0.0.1")
            .bindPort(EngineTestSupport.freeUdpPort())
            .nodeCount(nodes)
            .nodeIdBase(10_000)
            .protocolConfig(protocol)
            .startSpreadNs(TimeUnit.SECONDS.toNanos(2))
            .idleStrategy(new SleepingMillisIdleStrategy(1))))
        {
            final Thread agentThread = engine.agentThread();
            final long convergeStartNs = System.nanoTime();
            if (!EngineTestSupport.await(90_000, () -> EngineTestSupport.allSeeAll(engine, nodes)))
            {
                System.out.println("not converged: node 0 sees " + engine.liveMemberCount(0));
                System.exit(1);
            }
            final long convergeMs = (System.nanoTime() - convergeStartNs) / 1_000_000;

            // Let every buffer, pool and map reach its working size.
            Thread.sleep(3_000);

            final long cyclesBefore = engine.hostCounter(HostCounters.DUTY_CYCLES);
            final int framesCounter = network ? HostCounters.NETWORK_FRAMES_RECEIVED : HostCounters.IN_MEMORY_FRAMES;
            final long framesBefore = engine.hostCounter(framesCounter);
            final StringBuilder perWindow = new StringBuilder();
            for (int w = 0; w < windows; w++)
            {
                final long before = threads.getThreadAllocatedBytes(agentThread.getId());
                Thread.sleep(windowMs);
                final long bytes = threads.getThreadAllocatedBytes(agentThread.getId()) - before;
                perWindow.append(w > 0 ? "," : "").append(bytes);
            }
            final long cycles = engine.hostCounter(HostCounters.DUTY_CYCLES) - cyclesBefore;
            final long frames = engine.hostCounter(framesCounter) - framesBefore;

            System.out.println("path=" + (network ? "aeron" : "in-memory") + " nodes=" + nodes +
                " converge_ms=" + convergeMs + " window_ms=" + windowMs + " duty_cycles=" + cycles +
                " frames=" + frames + " errors=" + engine.hostCounter(HostCounters.ERRORS) +
                " max_duty_cycle_ns=" + engine.hostCounter(HostCounters.MAX_DUTY_CYCLE_NS) +
                " drop_back_pressure=" + engine.protocolCounter(TransportCounters.DROP_BACK_PRESSURE) +
                " windows=" + perWindow);
            if (0 != engine.hostCounter(HostCounters.ERRORS))
            {
                System.out.println(EngineTestSupport.errors(engine));
            }
        }
    }
}

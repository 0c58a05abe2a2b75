package io.starling.tools.emulate;

import java.util.concurrent.TimeUnit;

import static io.starling.tools.emulate.Emulation.POLL_MS;

/**
 * {@code starling emulate}'s settling time after convergence and its steady-state window of {@code --duration}
 * seconds: snapshots at both ends of the window, from which the report derives rates (messages, bytes, CPU) and
 * duty-cycle percentiles. It only watches the cluster.
 */
final class SteadyWindowPhase
{
    private final EmulateOptions.Settings settings;
    private final Progress progress;
    /** The snapshots at the start of the window, or null. */
    HostStatus[] startStatuses;
    /** The snapshots at the end of the window, or null. */
    HostStatus[] endStatuses;
    /** Wall-clock ms ({@link System#currentTimeMillis()}) at the window's start and end, 0 before. */
    long startEpochMs;
    long endEpochMs;
    long coordinatorCpuStartNs;
    long coordinatorCpuEndNs;

    SteadyWindowPhase(final EmulateOptions.Settings settings, final Progress progress)
    {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Let the converged cluster settle for the warm-up time, polling so that the timeline keeps its rows.
     *
     * @param snapshots the hosts.
     */
    void settle(final ClusterSnapshots snapshots)
    {
        final long startNs = System.nanoTime();
        final long endNs = startNs + Emulation.nanos(settings.warmupS());
        while (System.nanoTime() - endNs < 0)
        {
            snapshots.take(false);
            final long nowNs = System.nanoTime();
            progress.update("settling", (nowNs - startNs) / (double)(endNs - startNs), "",
                Emulation.seconds(nowNs - startNs));
            Emulation.sleep(Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNs - nowNs))));
        }
    }

    /**
     * Measure the steady-state window: snapshots at its start (which opens a new duty-cycle window on every host)
     * and at its end, and the coordinator's CPU time over it.
     *
     * @param snapshots the hosts.
     */
    void measure(final ClusterSnapshots snapshots)
    {
        coordinatorCpuStartNs = ProcStats.processCpuNs();
        startStatuses = snapshots.take(true);
        startEpochMs = System.currentTimeMillis();
        final long startNs = System.nanoTime();
        final long endNs = startNs + Emulation.nanos(settings.durationS());
        while (System.nanoTime() - endNs < 0)
        {
            Emulation.sleep(Math.min(1000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNs - System.nanoTime()))));
            final long nowNs = System.nanoTime();
            if (nowNs - endNs < 0)
            {
                snapshots.take(false);
                progress.update("measuring", (nowNs - startNs) / (double)(endNs - startNs), "steady state",
                    Emulation.seconds(nowNs - startNs));
            }
        }
        endStatuses = snapshots.take(false);
        endEpochMs = System.currentTimeMillis();
        coordinatorCpuEndNs = ProcStats.processCpuNs();
    }
}

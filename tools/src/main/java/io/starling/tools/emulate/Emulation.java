package io.starling.tools.emulate;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code starling emulate} run: {@link LaunchPhase}, {@link ConvergePhase}, settling and the kill with
 * {@link DetectPhase}, the {@link SteadyWindowPhase}, the optional {@link PropagationPhase} and the optional late
 * joins and churn ({@link LifecyclePhase}), in that order, each
 * only after the previous one succeeded; then a clean stop that checks nothing is left behind. The phases measure,
 * {@link EmulationReport} turns their measurements into the result document.
 */
final class Emulation
{
    static final long POLL_MS = 250;
    static final long NOT_SET = -1;

    final EmulateOptions.Settings settings;
    final ClusterPlan plan;
    private final Progress progress;
    private final PrintWriter err;
    final ClusterSnapshots snapshots = new ClusterSnapshots();
    final Map<String, Object> r = new LinkedHashMap<>();
    final long periodNs;
    final ConvergePhase converge;
    final DetectPhase detect;
    final SteadyWindowPhase window;
    long wallStartNs;
    long launchNs = NOT_SET;
    PropagationPhase.Settings propagationSettings;
    PropagationPhase propagation;
    LifecyclePhase.Settings lifecycleSettings;
    LifecyclePhase lifecycle;
    String failure;

    Emulation(final EmulateOptions.Settings settings, final ClusterPlan plan, final Progress progress,
        final PrintWriter err)
    {
        this.settings = settings;
        this.plan = plan;
        this.progress = progress;
        this.err = err;
        this.periodNs = TimeUnit.MILLISECONDS.toNanos(settings.periodMs());
        this.converge = new ConvergePhase(settings, progress);
        this.detect = new DetectPhase(settings, plan, progress);
        this.window = new SteadyWindowPhase(settings, progress);
    }

    /**
     * @param settings propagation to measure after the steady-state window (null or 0 updates: none).
     */
    void propagation(final PropagationPhase.Settings settings)
    {
        propagationSettings = settings;
    }

    /**
     * @param settings late joins and churn after the other phases (null or no held nodes: none).
     */
    void lifecycle(final LifecyclePhase.Settings settings)
    {
        lifecycleSettings = settings;
    }

    Map<String, Object> run()
    {
        wallStartNs = System.nanoTime();
        final Thread hook = new Thread(this::emergencyStop, "starling-emulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            launchNs = LaunchPhase.run(plan, settings, progress, err, snapshots.hosts, wallStartNs);
            snapshots.timeline.launchNs = launchNs;
            converge.run(snapshots, launchNs);
            if (null != converge.missing)
            {
                r.put("missing", converge.missing);
            }
            failure = converge.failure;
            if (null == failure)
            {
                window.settle(snapshots);
            }
            if (null == failure && settings.kill() > 0)
            {
                detect.run(snapshots);
                if (null != detect.failure && null != plan.hosts()[0].schedule)
                {
                    // Under a link schedule a victim (or an observer) out of contact is judged at its next
                    // contact: the window is still measured, and detection counts what was seen by its end.
                    r.put("detect_timeout", detect.failure);
                }
                else
                {
                    failure = detect.failure;
                }
            }
            if (null == failure)
            {
                window.measure(snapshots);
            }
            if (null == failure && null != propagationSettings && propagationSettings.updates() > 0)
            {
                propagation = new PropagationPhase(propagationSettings, settings.seed(), settings.nodes(),
                    settings.periodMs());
                propagation.run(((InProcessHost)snapshots.hosts.get(0)).host(), progress);
            }
            if (null == failure && null != lifecycleSettings && lifecycleSettings.heldNodes() > 0)
            {
                lifecycle = new LifecyclePhase(lifecycleSettings, settings, progress);
                lifecycle.run(((InProcessHost)snapshots.hosts.get(0)).host(), snapshots);
                failure = lifecycle.failure;
            }
        }
        catch (final RuntimeException ex)
        {
            failure = EmulateChild.oneLine(ex);
        }
        finally
        {
            progress.done();
            shutdown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // Shutting down: the hook runs.
            }
        }
        new EmulationReport(this).build();
        return r;
    }

    private void shutdown()
    {
        final List<String> problems = new ArrayList<>();
        for (final HostHandle host : snapshots.hosts)
        {
            final String problem = host.stop();
            if (null != problem)
            {
                problems.add(problem);
            }
        }
        final List<String> left = new ArrayList<>();
        for (final String dir : snapshots.directories)
        {
            if (new File(dir).exists())
            {
                left.add(dir);
                org.agrona.IoUtil.delete(new File(dir), true);
            }
        }
        if (!left.isEmpty())
        {
            problems.add("left " + left + " behind (removed)");
        }
        r.put("clean_shutdown", problems.isEmpty());
        r.put("engine_directories", new ArrayList<>(snapshots.directories));
        r.put("shutdown_problems", problems);
        if (!problems.isEmpty() && null == failure)
        {
            failure = "unclean shutdown: " + String.join("; ", problems);
        }
    }

    private void emergencyStop()
    {
        for (final HostHandle host : snapshots.hosts)
        {
            if (host instanceof ChildHost)
            {
                ((ChildHost)host).destroy();
            }
            else
            {
                host.close();
            }
        }
        for (final HostHandle host : snapshots.hosts)
        {
            if (host instanceof ChildHost)
            {
                ((ChildHost)host).awaitExit(10_000);
            }
        }
    }

    /**
     * @return the latest snapshots a phase kept: the window's end, the detection timeout's, or convergence's.
     */
    HostStatus[] last()
    {
        if (null != window.endStatuses)
        {
            return window.endStatuses;
        }
        return null != detect.atTimeout ? detect.atTimeout : converge.atConverge;
    }

    static long nanos(final double seconds)
    {
        return (long)(seconds * 1e9);
    }

    static double seconds(final long ns)
    {
        return ns / 1e9;
    }

    static double millis(final long ns)
    {
        return ns / 1e6;
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}

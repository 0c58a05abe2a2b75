package io.starling.tools.emulate;

import java.util.Arrays;
import java.util.Locale;

import static io.starling.tools.emulate.Emulation.NOT_SET;
import static io.starling.tools.emulate.Emulation.POLL_MS;

/**
 * {@code starling emulate}'s kill and detection phase: crash the victims (hosts without victims are told first, so
 * that from then on a suspicion of a victim counts as a detection everywhere) and wait until every live node has
 * them all DEAD. The detection times themselves are the hosts' views'; the report reads them.
 */
final class DetectPhase
{
    private final EmulateOptions.Settings settings;
    private final ClusterPlan plan;
    private final Progress progress;
    /** When each host crashed its victims, NOT_SET before (or for a host never told). */
    final long[] killNsByHost;
    /** The snapshots when the detection timeout passed, or null. */
    HostStatus[] atTimeout;
    /** Why the phase failed, or null. */
    String failure;

    DetectPhase(final EmulateOptions.Settings settings, final ClusterPlan plan, final Progress progress)
    {
        this.settings = settings;
        this.plan = plan;
        this.progress = progress;
        this.killNsByHost = new long[plan.hosts().length];
        Arrays.fill(killNsByHost, NOT_SET);
    }

    /**
     * Crash the victims, then poll until every live node has every victim DEAD or the detection timeout passes.
     *
     * @param snapshots the hosts.
     */
    void run(final ClusterSnapshots snapshots)
    {
        // Hosts without victims first: from then on SUSPECT/DEAD about a victim counts as a detection there.
        for (final HostHandle host : snapshots.hosts)
        {
            if (0 == plan.hosts()[host.index()].victimIds.length)
            {
                killNsByHost[host.index()] = host.kill();
            }
        }
        for (final HostHandle host : snapshots.hosts)
        {
            if (plan.hosts()[host.index()].victimIds.length > 0)
            {
                killNsByHost[host.index()] = host.kill();
            }
        }
        final long killNs = Arrays.stream(killNsByHost).max().orElseThrow();
        final long deadlineNs = killNs + Emulation.nanos(settings.detectTimeoutS());
        final long liveObservers = settings.nodes() - settings.kill();
        final long targetPairs = liveObservers * settings.kill();
        while (true)
        {
            final HostStatus[] s = snapshots.take(false);
            long deadPairs = 0;
            for (final HostStatus h : s)
            {
                for (final long d : h.main.deadObservers)
                {
                    deadPairs += d;
                }
            }
            final long nowNs = System.nanoTime();
            progress.update("detecting", deadPairs / (double)targetPairs,
                String.format(Locale.ROOT, "dead pairs %,d/%,d", deadPairs, targetPairs), Emulation.seconds(nowNs - killNs));
            if (allDetected(s))
            {
                return;
            }
            if (nowNs - deadlineNs >= 0)
            {
                failure = String.format(Locale.ROOT,
                    "kills not detected by every live node within %.1f s: %,d of %,d (live node, killed node) " +
                    "pairs DEAD", settings.detectTimeoutS(), deadPairs, targetPairs);
                atTimeout = s;
                return;
            }
            Emulation.sleep(POLL_MS);
        }
    }

    private static boolean allDetected(final HostStatus[] s)
    {
        for (final HostStatus h : s)
        {
            if (h.main.observers > 0)
            {
                for (final long allDead : h.main.allDeadNs)
                {
                    if (NOT_SET == allDead)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}

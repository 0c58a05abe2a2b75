package io.starling.tools.emulate;

import java.util.Locale;
import java.util.Map;

import static io.starling.tools.emulate.Emulation.NOT_SET;
import static io.starling.tools.emulate.Emulation.POLL_MS;

/**
 * {@code starling emulate}'s convergence phase: poll the hosts until every node sees every other ALIVE (or the
 * {@code --converge-fraction} of the pairs does), or the convergence timeout passes, in which case it records which
 * pairs were missing. It only watches: joining is the engines' own.
 */
final class ConvergePhase
{
    private final EmulateOptions.Settings settings;
    private final Progress progress;
    /** When the cluster converged, or NOT_SET. */
    long convergedNs = NOT_SET;
    /** When 99% of the pairs were first ALIVE, or NOT_SET. */
    long converge99Ns = NOT_SET;
    /** The snapshots at convergence, or at the timeout with the missing pairs listed. */
    HostStatus[] atConverge;
    /** The pairs not ALIVE at the timeout, or null. */
    Map<String, Object> missing;
    /** Why the phase failed, or null. */
    String failure;

    ConvergePhase(final EmulateOptions.Settings settings, final Progress progress)
    {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Poll until converged or past the convergence timeout.
     *
     * @param snapshots the hosts.
     * @param launchNs  when they were launched.
     */
    void run(final ClusterSnapshots snapshots, final long launchNs)
    {
        final long target = (long)settings.nodes() * (settings.nodes() - 1);
        final long deadlineNs = launchNs + Emulation.nanos(settings.convergeTimeoutS());
        while (true)
        {
            final HostStatus[] s = snapshots.take(false);
            long alive = 0;
            long targetSum = 0;
            long since = 0;
            for (final HostStatus h : s)
            {
                for (final HostStatus.EngineView v : HostStatus.views(h))
                {
                    alive += v.alivePairs;
                    targetSum += v.targetPairs;
                    since = NOT_SET == since || NOT_SET == v.completeSinceNs ? NOT_SET :
                        Math.max(since, v.completeSinceNs);
                }
            }
            if (targetSum != target)
            {
                throw new IllegalStateException("hosts track " + targetSum + " pairs, expected " + target);
            }
            final long nowNs = System.nanoTime();
            progress.update("converging", alive / (double)target,
                String.format(Locale.ROOT, "alive pairs %,d/%,d", alive, target), Emulation.seconds(nowNs - launchNs));
            if (NOT_SET == since && settings.convergeFraction() < 1 && alive >= settings.convergeFraction() * target)
            {
                since = nowNs;
            }
            if (NOT_SET != since)
            {
                convergedNs = Math.max(since, launchNs);
                atConverge = s;
                return;
            }
            if (NOT_SET == converge99Ns && alive >= 0.99 * target)
            {
                converge99Ns = nowNs;
            }
            if (nowNs - deadlineNs >= 0)
            {
                atConverge = snapshots.take(false, true);
                missing = EmulationReport.missing(atConverge);
                failure = String.format(Locale.ROOT, "did not converge within %.1f s: alive pairs %,d of %,d " +
                    "(%s)", settings.convergeTimeoutS(), alive, target, EmulationReport.describeMissing(missing));
                return;
            }
            Emulation.sleep(POLL_MS);
        }
    }
}

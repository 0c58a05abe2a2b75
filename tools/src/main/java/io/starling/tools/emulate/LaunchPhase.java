package io.starling.tools.emulate;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The first phase of {@code starling emulate}: start the hosts, in this process (one host) or as child JVMs
 * started one after the other and then launched in parallel. It waits for nothing but the launches: convergence is
 * {@link ConvergePhase}'s.
 */
final class LaunchPhase
{
    private LaunchPhase()
    {
    }

    /**
     * @param plan        the cluster's layout.
     * @param settings    the run's settings.
     * @param progress    where progress goes.
     * @param err         where child processes' errors go.
     * @param hosts       receives each host as soon as it exists, so that an emergency stop finds it.
     * @param wallStartNs when the run started.
     * @return the launch time: the earliest host's ({@link System#nanoTime()}).
     */
    static long run(
        final ClusterPlan plan,
        final EmulateOptions.Settings settings,
        final Progress progress,
        final PrintWriter err,
        final List<HostHandle> hosts,
        final long wallStartNs)
    {
        final HostPlan[] plans = plan.hosts();
        if (1 == plans.length)
        {
            final InProcessHost host = new InProcessHost(plans[0]);
            hosts.add(host);
            return host.start();
        }
        for (final HostPlan p : plans)
        {
            progress.update("launching", hosts.size() / (double)plans.length,
                "child JVMs " + hosts.size() + "/" + plans.length, Emulation.seconds(System.nanoTime() - wallStartNs));
            hosts.add(ChildHost.launch(p, settings.jvmOptions(), err, settings.replyTimeoutMs()));
        }
        final long[] starts = new long[hosts.size()];
        final RuntimeException[] errors = new RuntimeException[hosts.size()];
        final Thread[] threads = new Thread[hosts.size()];
        for (int i = 0; i < threads.length; i++)
        {
            final int h = i;
            threads[i] = new Thread(() ->
            {
                try
                {
                    starts[h] = hosts.get(h).start();
                }
                catch (final RuntimeException ex)
                {
                    errors[h] = ex;
                }
            }, "emulate-start-" + i);
            threads[i].start();
        }
        for (final Thread t : threads)
        {
            joinQuietly(t);
        }
        for (final RuntimeException ex : errors)
        {
            if (null != ex)
            {
                throw ex;
            }
        }
        return Arrays.stream(starts).min().orElseThrow();
    }

    private static void joinQuietly(final Thread t)
    {
        try
        {
            t.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

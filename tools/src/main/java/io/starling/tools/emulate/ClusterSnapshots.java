package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.List;

import io.starling.tools.sim.ViewAccuracy;

/**
 * The hosts of one emulation and every snapshot taken of them: each snapshot adds a row to the {@link Timeline}
 * when one is due, adds the hosts' accuracy samples up by plan time and remembers the engine directories, which the
 * run checks are gone after shutdown. It does not decide anything: the phases read the snapshots.
 */
final class ClusterSnapshots
{
    final List<HostHandle> hosts = new ArrayList<>();
    final List<String> directories = new ArrayList<>();
    final Timeline timeline = new Timeline();
    final ViewAccuracy accuracy = new ViewAccuracy();

    /**
     * @param resetWindow true to start a new duty-cycle window on every host after this snapshot.
     * @return one snapshot per host.
     */
    HostStatus[] take(final boolean resetWindow)
    {
        return take(resetWindow, false);
    }

    /**
     * @param resetWindow true to start a new duty-cycle window on every host after this snapshot.
     * @param diagnose    true to have every host list its (observer, member) pairs that are not ALIVE.
     * @return one snapshot per host.
     */
    HostStatus[] take(final boolean resetWindow, final boolean diagnose)
    {
        final HostStatus[] s = new HostStatus[hosts.size()];
        for (int i = 0; i < s.length; i++)
        {
            s[i] = hosts.get(i).status(resetWindow, diagnose);
            final double[] rows = s[i].accuracyRows;
            for (int at = 0; null != rows && at + ViewAccuracy.ROW_LENGTH <= rows.length; at += ViewAccuracy.ROW_LENGTH)
            {
                accuracy.add(java.util.Arrays.copyOfRange(rows, at, at + ViewAccuracy.ROW_LENGTH));
            }
            for (final String dir : s[i].directories)
            {
                if (!directories.contains(dir))
                {
                    directories.add(dir);
                }
            }
        }
        timeline.sample(s);
        return s;
    }
}

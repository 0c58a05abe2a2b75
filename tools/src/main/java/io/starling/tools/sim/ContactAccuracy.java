package io.starling.tools.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.schedule.PathTable;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.sim.Simulation;

/**
 * Membership accuracy of a simulator run under a link schedule, sampled in virtual time: for a fixed random set of
 * observers, each sample passes the observer's view of every member and the truth (dead: crashed; out of contact:
 * the schedule has no path between them, either way; alive otherwise) to {@link ViewAccuracy}, the rule the emulator
 * shares. "Seen OUT_OF_CONTACT" is the API's rule ({@code StarlingEngine.memberStatus}): ALIVE or SUSPECT in the
 * observer's table while the expected-absence table the observer's failure detector consults holds a window for the
 * member. A crashed member that has had no link up since it crashed is passed as out of contact (nobody could judge
 * it). Its own random source, so it never changes the simulation's draws.
 */
final class ContactAccuracy
{
    private final Simulation sim;
    private final ScheduledPaths paths;
    private final ExpectedAbsence absence;
    private final long epochNs;
    private final int[] observers;
    private final int scheduled;
    private final ViewAccuracy accuracy = new ViewAccuracy();
    private final ExpectedAbsence.NodeContacts contacts;

    ContactAccuracy(final Simulation sim, final ScheduledPaths paths, final ExpectedAbsence absence,
        final long epochNs, final int observerCount, final long seed)
    {
        this.sim = sim;
        this.paths = paths;
        this.absence = absence;
        this.epochNs = epochNs;
        this.scheduled = paths.schedule().nodeCount();
        contacts = new ExpectedAbsence.NodeContacts(paths.schedule());
        final int n = sim.nodeCount();
        final int[] all = new int[n];
        for (int i = 0; i < n; i++)
        {
            all[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(seed ^ 0x0B5E_55E5L);
        final int count = Math.min(observerCount, n);
        for (int i = 0; i < count; i++)
        {
            final int j = i + random.nextInt(n - i);
            final int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        observers = java.util.Arrays.copyOf(all, count);
        java.util.Arrays.sort(observers);
    }

    /**
     * Take one sample at the simulation's current time.
     */
    void sample()
    {
        final long nowNs = sim.nowNs();
        paths.advanceTo(nowNs - epochNs);
        final PathTable table = paths.current();
        final int n = sim.nodeCount();
        accuracy.beginSample((nowNs - epochNs) / 1e9);
        for (final int o : observers)
        {
            if (!sim.isLive(o))
            {
                continue;
            }
            accuracy.beginObserver(windowOpen(sim.nodeId(o), nowNs));
            for (int m = 0; m < n; m++)
            {
                if (m == o)
                {
                    continue;
                }
                final boolean crashed = sim.isCrashed(m);
                final boolean outOfContact = crashed ? unjudged(m, nowNs) :
                    ViewAccuracy.outOfContact(table, scheduled, o, m);
                accuracy.pair(sim.metrics().viewOf(o, m), crashed, outOfContact, windowOpen(sim.nodeId(m), nowNs));
            }
            accuracy.endObserver();
        }
        accuracy.endSample(paths.activeLinks());
    }

    /**
     * @return true if crashed member m (a schedule node) has had no link up from its crash to now: no live node
     * could have judged it.
     */
    private boolean unjudged(final int m, final long nowNs)
    {
        final long killedAtNs = sim.metrics().killedAtNs(m);
        return ViewAccuracy.unjudgedCrash(contacts, m, killedAtNs < 0 ? -1 : killedAtNs - epochNs, nowNs - epochNs);
    }

    private boolean windowOpen(final int memberId, final long nowNs)
    {
        if (null == absence)
        {
            return false;
        }
        final long untilNs = absence.absentUntilNs(memberId);
        return ExpectedAbsence.NOT_ABSENT != untilNs && nowNs < untilNs;
    }

    /**
     * @return the summary and the time series, for the JSON document.
     */
    Map<String, Object> result()
    {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("observers", observers.length);
        accuracy.putFigures(r);
        r.put("schedule_steps_computed", paths.stepsComputed());
        r.put("schedule_compute_ms", paths.computeNs() / 1e6);
        r.put("schedule_compute_ms_per_step", paths.stepsComputed() > 0 ?
            paths.computeNs() / 1e6 / paths.stepsComputed() : null);
        r.put("series", accuracy.series());
        return r;
    }
}

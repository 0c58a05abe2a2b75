package io.starling.tools.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.schedule.PathTable;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.sim.Simulation;

/**
 * Membership accuracy of a simulator run under a link schedule, sampled in virtual time: for a fixed random set of
 * observers, each sample compares the observer's view of every member with the truth (dead: crashed; out of
 * contact: the schedule has no path between them, either way; alive otherwise). An observer-sample is accurate when
 * every member matches: strictly (alive seen ALIVE, out of contact seen OUT_OF_CONTACT, dead seen DEAD or gone), or
 * leniently (an out-of-contact member may be seen ALIVE or SUSPECT, never DEAD). "Seen OUT_OF_CONTACT" is the API's
 * rule ({@code StarlingEngine.memberStatus}): ALIVE or SUSPECT in the observer's table while the expected-absence
 * table the observer's failure detector consults holds a window for the member; in the observer-aware figure an
 * observer whose own window is open also counts every live member it sees as out of contact (it knows it is the one
 * cut off). It also counts false deaths: live members an observer holds DEAD, split by whether they were out of
 * contact. Its own random source, so it never changes the simulation's draws.
 */
final class ContactAccuracy
{
    private final Simulation sim;
    private final ScheduledPaths paths;
    private final ExpectedAbsence absence;
    private final long epochNs;
    private final int[] observers;
    private final int scheduled;
    private final List<double[]> rows = new ArrayList<>();
    private long samples;
    private long strictAccurate;
    private long lenientAccurate;
    private long strictApiAccurate;
    private long outOfContactShown;
    private long pairs;
    private long outOfContactPairs;
    private long falseDeadOutOfContact;
    private long falseDeadInContact;
    private long falseSuspectOutOfContact;

    ContactAccuracy(final Simulation sim, final ScheduledPaths paths, final ExpectedAbsence absence,
        final long epochNs, final int observerCount, final long seed)
    {
        this.sim = sim;
        this.paths = paths;
        this.absence = absence;
        this.epochNs = epochNs;
        this.scheduled = paths.schedule().nodeCount();
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
        int sampled = 0;
        int strict = 0;
        int strictApi = 0;
        int lenient = 0;
        long out = 0;
        long falseDeadOut = 0;
        for (final int o : observers)
        {
            if (!sim.isLive(o))
            {
                continue;
            }
            sampled++;
            final boolean selfAbsent = windowOpen(sim.nodeId(o), nowNs);
            boolean strictOk = true;
            boolean strictApiOk = true;
            boolean lenientOk = true;
            for (int m = 0; m < n; m++)
            {
                if (m == o)
                {
                    continue;
                }
                final int view = sim.metrics().viewOf(o, m);
                pairs++;
                if (sim.isCrashed(m))
                {
                    final boolean ok = MemberState.DEAD == view || MemberState.LEFT == view ||
                        MemberState.NONE == view;
                    strictOk &= ok;
                    strictApiOk &= ok;
                    lenientOk &= ok;
                    continue;
                }
                final boolean outOfContact = o < scheduled && m < scheduled &&
                    (PathTable.NO_PATH == table.latencyNs(o, m) || PathTable.NO_PATH == table.latencyNs(m, o));
                final boolean live = MemberState.ALIVE == view || MemberState.SUSPECT == view;
                final boolean memberWindow = live && windowOpen(sim.nodeId(m), nowNs);
                if (outOfContact)
                {
                    out++;
                    outOfContactPairs++;
                    strictApiOk &= memberWindow;
                    strictOk &= memberWindow || (live && selfAbsent);
                    outOfContactShown += memberWindow ? 1 : 0;
                    if (MemberState.DEAD == view)
                    {
                        falseDeadOut++;
                        falseDeadOutOfContact++;
                        lenientOk = false;
                    }
                    else if (MemberState.SUSPECT == view)
                    {
                        falseSuspectOutOfContact++;
                    }
                    else if (MemberState.ALIVE != view)
                    {
                        lenientOk = false;
                    }
                }
                else if (MemberState.ALIVE == view)
                {
                    strictApiOk &= !memberWindow;
                    strictOk &= !memberWindow && !selfAbsent;
                }
                else
                {
                    strictOk = false;
                    strictApiOk = false;
                    lenientOk = false;
                    if (MemberState.DEAD == view)
                    {
                        falseDeadInContact++;
                    }
                }
            }
            strict += strictOk ? 1 : 0;
            strictApi += strictApiOk ? 1 : 0;
            lenient += lenientOk ? 1 : 0;
        }
        samples += sampled;
        strictAccurate += strict;
        strictApiAccurate += strictApi;
        lenientAccurate += lenient;
        rows.add(new double[]{
            (nowNs - epochNs) / 1e9,
            sampled > 0 ? strict / (double)sampled : 0,
            sampled > 0 ? lenient / (double)sampled : 0,
            sampled > 0 ? strictApi / (double)sampled : 0,
            sampled > 0 ? out / (double)(sampled * (long)(n - 1)) : 0,
            falseDeadOut,
            paths.activeLinks() });
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
        r.put("observer_samples", samples);
        r.put("accuracy_strict", samples > 0 ? strictAccurate / (double)samples : null);
        r.put("accuracy_strict_member_windows", samples > 0 ? strictApiAccurate / (double)samples : null);
        r.put("accuracy_lenient", samples > 0 ? lenientAccurate / (double)samples : null);
        r.put("out_of_contact_shown_fraction",
            outOfContactPairs > 0 ? outOfContactShown / (double)outOfContactPairs : null);
        r.put("out_of_contact_pair_fraction", pairs > 0 ? outOfContactPairs / (double)pairs : null);
        r.put("false_dead_pair_samples_out_of_contact", falseDeadOutOfContact);
        r.put("false_dead_pair_samples_in_contact", falseDeadInContact);
        r.put("false_suspect_pair_samples_out_of_contact", falseSuspectOutOfContact);
        r.put("schedule_steps_computed", paths.stepsComputed());
        r.put("schedule_compute_ms", paths.computeNs() / 1e6);
        r.put("schedule_compute_ms_per_step", paths.stepsComputed() > 0 ?
            paths.computeNs() / 1e6 / paths.stepsComputed() : null);
        final String[] names = { "time_s", "accuracy_strict", "accuracy_lenient", "accuracy_strict_member_windows",
            "out_of_contact_fraction",
            "false_dead_out_of_contact", "links_up" };
        final Map<String, Object> series = new LinkedHashMap<>();
        for (int c = 0; c < names.length; c++)
        {
            final double[] column = new double[rows.size()];
            for (int i = 0; i < column.length; i++)
            {
                column[i] = rows.get(i)[c];
            }
            series.put(names[c], column);
        }
        r.put("series", series);
        return r;
    }
}

package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.List;

import io.starling.engine.api.MemberStatus;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.schedule.PathTable;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.tools.sim.ViewAccuracy;

/**
 * Membership accuracy of one hosting process's share of the sampled observers under a link schedule, in real time:
 * at every whole multiple of the interval in plan time, each hosted observer's view of every member (read lock free
 * through {@code StarlingEngine.memberState} / {@code memberStatus}) is judged against the schedule's truth by
 * {@link ViewAccuracy}, the simulator's rule. The rows wait here until the next status snapshot takes them; the
 * coordinator adds the rows of every host. It does not choose the observers (the plan does) and reads no event.
 */
final class AccuracySampler implements AutoCloseable
{
    /** What the sampler reads, under the host's lock. */
    interface Host
    {
        /**
         * Take one sample if the engines are running.
         *
         * @param planMs plan time of the sample.
         */
        void sampleAccuracy(long planMs);
    }

    private final ScheduledPaths paths;
    private final ExpectedAbsence.NodeContacts contacts;
    private final int memberIdBase;
    private final int memberCount;
    private final int scheduled;
    private final int[] mainObservers;
    private final int[] mainIndex;
    private final int[] victimObservers;
    private final int[] victimIndex;
    private final boolean[] victim;
    private static final long NS_PER_MS = 1_000_000L;

    private final ViewAccuracy accuracy = new ViewAccuracy();
    private final List<double[]> pending = new ArrayList<>();
    private Thread thread;
    private volatile boolean running = true;
    private long samples;
    private long sampleNs;

    /**
     * @param plan  the host's plan (its observers are those of {@link HostPlan#accuracyObserverIds} it hosts).
     * @param paths the schedule walker the host's clock advances (schedule node k is id base + k).
     */
    AccuracySampler(final HostPlan plan, final ScheduledPaths paths)
    {
        this.paths = paths;
        this.contacts = new ExpectedAbsence.NodeContacts(paths.schedule());
        this.memberIdBase = plan.memberIdBase;
        this.memberCount = plan.memberCount;
        this.scheduled = paths.schedule().nodeCount();
        this.victim = new boolean[memberCount];
        for (final int id : plan.allVictimIds)
        {
            victim[id - memberIdBase] = true;
        }
        final boolean[] chosen = new boolean[memberCount];
        for (final int id : plan.accuracyObserverIds)
        {
            chosen[id - memberIdBase] = true;
        }
        final int[][] main = hosted(plan.mainIds, chosen);
        mainObservers = main[0];
        mainIndex = main[1];
        final int[][] victims = hosted(plan.victimIds, chosen);
        victimObservers = victims[0];
        victimIndex = victims[1];
    }

    private int[][] hosted(final int[] ids, final boolean[] chosen)
    {
        int count = 0;
        for (final int id : ids)
        {
            count += chosen[id - memberIdBase] ? 1 : 0;
        }
        final int[] observers = new int[count];
        final int[] index = new int[count];
        for (int i = 0, k = 0; i < ids.length; i++)
        {
            if (chosen[ids[i] - memberIdBase])
            {
                observers[k] = ids[i];
                index[k++] = i;
            }
        }
        return new int[][]{ observers, index };
    }

    /**
     * Sample every interval of plan time on a daemon thread.
     *
     * @param host       takes each sample under its lock.
     * @param epochMs    wall-clock ms of the plan's time 0.
     * @param intervalMs sampling interval.
     * @param name       thread name.
     * @return this.
     */
    AccuracySampler start(final Host host, final long epochMs, final long intervalMs, final String name)
    {
        thread = new Thread(() ->
        {
            while (running)
            {
                final long planMs = System.currentTimeMillis() - epochMs;
                final long nextMs = (Math.floorDiv(planMs, intervalMs) + 1) * intervalMs;
                try
                {
                    Thread.sleep(Math.max(1, nextMs - planMs));
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                try
                {
                    host.sampleAccuracy(nextMs);
                }
                catch (final IllegalStateException ex)
                {
                    // an engine closed under us: the run is ending
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Take one sample (the caller holds the host's lock and the engines are open).
     *
     * @param planMs  plan time of the sample.
     * @param main    the main engine.
     * @param victims the victim engine, or null once killed (or if none).
     * @param killMs  plan time of the kill (this host's; the coordinator kills every host within milliseconds), or
     *                negative before it.
     */
    void sample(final long planMs, final StarlingEngine main, final StarlingEngine victims, final long killMs)
    {
        final long startNs = System.nanoTime();
        accuracy.beginSample(planMs / 1000.0);
        observe(main, mainObservers, mainIndex, planMs, killMs);
        if (null != victims && killMs < 0)
        {
            observe(victims, victimObservers, victimIndex, planMs, -1);
        }
        final double[] row = accuracy.endSample(paths.activeLinks());
        synchronized (pending)
        {
            pending.add(row);
            samples++;
            sampleNs += System.nanoTime() - startNs;
        }
    }

    /**
     * @return samples taken so far and their total time in ns (wall, under the host's lock).
     */
    long[] cost()
    {
        synchronized (pending)
        {
            return new long[]{ samples, sampleNs };
        }
    }

    private void observe(
        final StarlingEngine engine, final int[] observers, final int[] index, final long planMs, final long killMs)
    {
        final boolean killed = killMs >= 0;
        for (int i = 0; i < observers.length; i++)
        {
            final int o = observers[i];
            final int nodeIndex = index[i];
            final int ko = o - memberIdBase;
            final PathTable table = paths.current();
            accuracy.beginObserver(MemberStatus.OUT_OF_CONTACT == engine.memberStatus(nodeIndex, o));
            for (int km = 0; km < memberCount; km++)
            {
                if (km == ko)
                {
                    continue;
                }
                final int m = memberIdBase + km;
                final boolean crashed = killed && victim[km];
                final boolean outOfContact = crashed ?
                    ViewAccuracy.unjudgedCrash(contacts, km, killMs * NS_PER_MS, planMs * NS_PER_MS) :
                    ViewAccuracy.outOfContact(table, scheduled, ko, km);
                accuracy.pair(engine.memberState(nodeIndex, m), crashed, outOfContact,
                    MemberStatus.OUT_OF_CONTACT == engine.memberStatus(nodeIndex, m));
            }
            accuracy.endObserver();
        }
    }

    /**
     * @return the observers hosted here.
     */
    int observerCount()
    {
        return mainObservers.length + victimObservers.length;
    }

    /**
     * @return the rows taken since the last call, flattened ({@link ViewAccuracy#ROW_LENGTH} values each).
     */
    double[] drain()
    {
        synchronized (pending)
        {
            final double[] flat = new double[pending.size() * ViewAccuracy.ROW_LENGTH];
            for (int i = 0; i < pending.size(); i++)
            {
                System.arraycopy(pending.get(i), 0, flat, i * ViewAccuracy.ROW_LENGTH, ViewAccuracy.ROW_LENGTH);
            }
            pending.clear();
            return flat;
        }
    }

    /**
     * Stop the thread, if started.
     */
    public void close()
    {
        running = false;
        if (null != thread)
        {
            thread.interrupt();
        }
    }
}

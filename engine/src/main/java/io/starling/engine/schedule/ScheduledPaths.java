package io.starling.engine.schedule;

import java.util.Arrays;

/**
 * Walks a {@link LinkSchedule} forward in time and publishes the {@link PathTable} of the step in force: the
 * simulator advances it in virtual time on its one thread before judging a frame; the real-time emulator advances
 * it from a timer thread while the duty cycle reads {@link #current()} (a volatile reference, so the duty cycle
 * never waits for a computation and never allocates).
 * <p>
 * Each step boundary applies the windows that start and stop there to an active set (O(changes)), then recomputes
 * all pairs into a spare table (cost in {@link PathTable}). With more than one table, the one written is never the
 * one just published: three tables let a reader finish a lookup that began one step earlier.
 */
public final class ScheduledPaths
{
    private final LinkSchedule schedule;
    private final long resolutionNs;
    private final PathTable[] tables;
    private final int[] byStart;
    private final int[] byStop;
    private final int[] active;
    private final int[] activePos;
    private int activeCount;
    private int startCursor;
    private int stopCursor;
    private int step = -1;
    private int nextTable;
    private long stepsComputed;
    private long computeNs;
    private volatile PathTable current;

    /**
     * @param schedule the schedule.
     * @param tables   1 when one thread advances and reads (the simulator), 3 when another thread reads.
     */
    public ScheduledPaths(final LinkSchedule schedule, final int tables)
    {
        this(schedule, tables, 0);
    }

    /**
     * @param schedule     the schedule.
     * @param tables       1 when one thread advances and reads (the simulator), 3 when another thread reads.
     * @param resolutionNs 0 to follow every step; otherwise the table in force at time t is the one of time
     *                     floor(t / resolution) x resolution, which bounds the computations to one per resolution
     *                     (a window then opens and closes up to one resolution late).
     */
    public ScheduledPaths(final LinkSchedule schedule, final int tables, final long resolutionNs)
    {
        if (resolutionNs < 0)
        {
            throw new IllegalArgumentException("resolutionNs=" + resolutionNs + " must not be negative");
        }
        this.resolutionNs = resolutionNs;
        if (tables < 1)
        {
            throw new IllegalArgumentException("tables=" + tables + " must be at least 1");
        }
        this.schedule = schedule;
        this.tables = new PathTable[tables];
        for (int i = 0; i < tables; i++)
        {
            this.tables[i] = new PathTable(schedule.nodeCount());
        }
        final int windows = schedule.windowCount();
        final Integer[] order = new Integer[windows];
        for (int i = 0; i < windows; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(schedule.startNs(a), schedule.startNs(b)));
        byStart = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        Arrays.sort(order, (a, b) -> Long.compare(schedule.stopNs(a), schedule.stopNs(b)));
        byStop = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        active = new int[windows];
        activePos = new int[windows];
        Arrays.fill(activePos, -1);
        advanceTo(0);
    }

    /**
     * @return the schedule.
     */
    public LinkSchedule schedule()
    {
        return schedule;
    }

    /**
     * Bring the published table to the step in force at a time; does nothing while the step is unchanged.
     *
     * @param timeNs ns from the plan's epoch (negative counts as 0).
     * @return true if a new step was computed and published.
     */
    public boolean advanceTo(final long timeNs)
    {
        final long atTimeNs = Math.max(0, timeNs);
        final int target = schedule.stepAt(resolutionNs > 0 ? atTimeNs - atTimeNs % resolutionNs : atTimeNs);
        if (target == step)
        {
            return false;
        }
        final long startedNs = System.nanoTime();
        if (target < step)
        {
            Arrays.fill(activePos, -1);
            activeCount = 0;
            startCursor = 0;
            stopCursor = 0;
        }
        final long atNs = schedule.stepStartNs(target);
        while (startCursor < byStart.length && schedule.startNs(byStart[startCursor]) <= atNs)
        {
            final int w = byStart[startCursor++];
            activePos[w] = activeCount;
            active[activeCount++] = w;
        }
        while (stopCursor < byStop.length && schedule.stopNs(byStop[stopCursor]) <= atNs)
        {
            final int w = byStop[stopCursor++];
            final int pos = activePos[w];
            if (pos >= 0)
            {
                final int last = active[--activeCount];
                active[pos] = last;
                activePos[last] = pos;
                activePos[w] = -1;
            }
        }
        final PathTable table = tables[nextTable];
        nextTable = (nextTable + 1) % tables.length;
        table.compute(target, schedule, active, activeCount);
        step = target;
        current = table;
        stepsComputed++;
        computeNs += System.nanoTime() - startedNs;
        return true;
    }

    /**
     * @return the table of the step last advanced to.
     */
    public PathTable current()
    {
        return current;
    }

    /**
     * @return the step last advanced to.
     */
    public int step()
    {
        return step;
    }

    /**
     * @return links up in the current step.
     */
    public int activeLinks()
    {
        return activeCount;
    }

    /**
     * @return steps computed so far.
     */
    public long stepsComputed()
    {
        return stepsComputed;
    }

    /**
     * @return wall-clock time spent computing steps, ns (a cost figure, not used by any decision).
     */
    public long computeNs()
    {
        return computeNs;
    }
}

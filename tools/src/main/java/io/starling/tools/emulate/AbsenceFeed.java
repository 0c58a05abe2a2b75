package io.starling.tools.emulate;

import java.util.Arrays;

import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.schedule.LinkSchedule;

/**
 * Tells running engines, through their public API ({@code StarlingEngine.expectAbsence} / {@code clearAbsence}),
 * what a link schedule says of absence: a node with no link up is expected out of contact until its next contact
 * (no end if it has none), a node with a link up is cleared. A window that opens within the look-ahead (the feed's
 * interval) is told at once: the schedule moves every 20 ms and the feed every 100 ms, so a probe sent in between
 * would otherwise fail before the engine heard of the window, and a window told early by less than a feed interval
 * costs at most a skipped probe. Only changes are told; a call the engine's command queue refused is told again at
 * the next step. It computes no paths and does not read a clock: the caller passes the plan time (a daemon thread
 * of {@link #start} does, from the wall clock).
 */
final class AbsenceFeed implements AutoCloseable
{
    /** Where the feed tells its windows: one engine, or several. */
    interface Sink
    {
        /**
         * @param memberId     the member.
         * @param untilEpochMs end of its window in wall-clock ms, {@link Long#MAX_VALUE} for no known end, or
         *                     {@link #CLEAR} to clear it.
         * @return false if the engine could not take it now (told again at the next step).
         */
        boolean tell(int memberId, long untilEpochMs);
    }

    /** {@link Sink#tell}'s time that clears a window. */
    static final long CLEAR = Long.MIN_VALUE;
    private static final long UNKNOWN = Long.MIN_VALUE + 1;

    private final ExpectedAbsence.NodeContacts contacts;
    private final int[] memberOfIndex;
    private final long epochMs;
    private final long lookAheadNs;
    private final Sink sink;
    private final long[] told;
    private Thread thread;
    private volatile boolean running = true;
    private long calls;

    /**
     * @param schedule      the link schedule.
     * @param memberOfIndex member id of every schedule node index.
     * @param epochMs       wall-clock ms of the plan's time 0.
     * @param lookAheadMs   a window opening this soon is told now (0: only windows open at the step's time).
     * @param sink          where windows go.
     */
    AbsenceFeed(
        final LinkSchedule schedule, final int[] memberOfIndex, final long epochMs, final long lookAheadMs,
        final Sink sink)
    {
        if (lookAheadMs < 0)
        {
            throw new IllegalArgumentException("lookAheadMs=" + lookAheadMs + " must not be negative");
        }
        this.contacts = new ExpectedAbsence.NodeContacts(schedule);
        if (memberOfIndex.length != contacts.nodeCount())
        {
            throw new IllegalArgumentException("memberOfIndex has " + memberOfIndex.length + " ids for " +
                contacts.nodeCount() + " schedule nodes");
        }
        this.memberOfIndex = memberOfIndex.clone();
        this.epochMs = epochMs;
        this.lookAheadNs = lookAheadMs * 1_000_000L;
        this.sink = sink;
        this.told = new long[memberOfIndex.length];
        Arrays.fill(told, UNKNOWN);
    }

    /**
     * Tell what changed at a plan time.
     *
     * @param planTimeMs plan time (negative times are the plan's first step).
     * @return calls made (refused ones included).
     */
    int step(final long planTimeMs)
    {
        final long planNs = Math.max(0, planTimeMs) * 1_000_000L;
        int made = 0;
        for (int node = 0; node < told.length; node++)
        {
            long next = contacts.nextContactNs(node, planNs);
            if (next == planNs)
            {
                final long contactEndNs = contacts.contactEndNs(node, planNs);
                if (contactEndNs - planNs <= lookAheadNs)
                {
                    next = contacts.nextContactNs(node, contactEndNs);
                }
            }
            final long untilEpochMs = next == planNs ? CLEAR :
                Long.MAX_VALUE == next ? Long.MAX_VALUE : epochMs + next / 1_000_000L;
            if (untilEpochMs != told[node])
            {
                made++;
                if (sink.tell(memberOfIndex[node], untilEpochMs))
                {
                    told[node] = untilEpochMs;
                }
            }
        }
        calls += made;
        return made;
    }

    /**
     * @return calls made so far.
     */
    long calls()
    {
        return calls;
    }

    /**
     * Step from the wall clock every tick on a daemon thread.
     *
     * @param tickMs how often.
     * @param name   thread name.
     * @return this.
     */
    AbsenceFeed start(final long tickMs, final String name)
    {
        step(System.currentTimeMillis() - epochMs);
        thread = new Thread(() ->
        {
            while (running)
            {
                try
                {
                    Thread.sleep(tickMs);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                try
                {
                    step(System.currentTimeMillis() - epochMs);
                }
                catch (final IllegalStateException ex)
                {
                    return; // an engine closed under us: the run is ending
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return this;
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

package io.starling.engine.host;

import java.lang.invoke.VarHandle;

import io.starling.driver.SocketWaiter;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The {@link IdlePreset#SLEEP} idle strategy: after a duty cycle without work, ask the agent when it next has
 * something to do (its earliest timer, start or housekeeping deadline) and sleep until then in a
 * {@link SocketWaiter}, which also ends the sleep when a datagram reaches one of the driver's sockets or another
 * thread calls {@link #signal()} after queueing a command. The sleep is bounded by a maximum, because the Aeron
 * driver and client run in the same duty cycle and have deadlines of their own that the agent cannot see (sender
 * heartbeats every 100 ms, status messages every 200 ms, the conductor's checks every 250 ms, client keepalive
 * every 500 ms).
 * <p>
 * After a sleep that a datagram ended, it does not sleep again at once: the next {@link #YIELDS_AFTER_DATAGRAM}
 * idle duty cycles only {@link Thread#yield()} (re-armed by every duty cycle with work among them), because a
 * datagram comes in a burst (a peer's sender puts out one frame per duty cycle of its own) and a receiver that went
 * back to sleep between two frames waits for a wake-up each time (late on a busy machine) while the sender fills
 * the receiver's window, and the peer's publication reports back pressure (one run of 2,000
 * nodes in 4 processes: 7 times the flow-control stalls and 11 times the dropped frames of Agrona's backoff, see
 * {@code bench/results/idle.md}). Wake-ups by a timer or a command go straight back to sleep, so an engine that
 * receives nothing costs one {@code epoll_wait} per event. Only the agent's thread calls {@link #idle(int)};
 * {@link #signal()} may be called from any thread.
 * <p>
 * A sleep for a deadline ends up to {@code timerSlackNs} after it (never past the longest sleep), as Linux's
 * timer slack does: the timers of co-hosted nodes keep phases of their own (fixed-rate timers), so without slack an
 * idle host of 100 nodes woke for nearly every one of its 700 timers a second, each wake a few microseconds of
 * system and user time; with it the timers due within one slack of each other fire in one wake. A datagram or
 * a command still ends the sleep at once, and the probe tick tolerates far more lateness than the slack
 * (a twentieth of a period, {@code ProbeScheduler.LATE_TICK_FRACTION}).
 */
public final class DeadlineIdleStrategy implements IdleStrategy
{
    /** Alias, as Agrona's strategies have. */
    public static final String ALIAS = "deadline";

    /**
     * Default longest sleep: 100 ms, the Aeron sender's heartbeat interval, so an idle publication heartbeats at most
     * 100 ms late (images time out after 2 s) and status messages (every 200 ms, publications time out after 2 s)
     * still flow; 10 wakeups a second when nothing else is due.
     */
    public static final long MAX_SLEEP_NS_DEFAULT = 100_000_000L;

    /**
     * Idle duty cycles that yield instead of sleeping after a sleep that a datagram ended: Agrona's backoff strategy
     * yields 20 times before it parks. About 20 empty duty cycles (tens of microseconds) per datagram that found the
     * engine asleep; nothing for an engine that receives nothing.
     */
    public static final int YIELDS_AFTER_DATAGRAM = 20;

    /**
     * Default timer slack: 4 ms, a tenth of a percent of the default probe interval, 2% of the gossip interval, and
     * a fifth of the duty-cycle budget (a tenth of the probe timeout) at the fast detection profile.
     */
    public static final long TIMER_SLACK_NS_DEFAULT = 4_000_000L;

    /**
     * When the agent next has work.
     */
    @FunctionalInterface
    public interface DeadlineSource
    {
        /**
         * @param nowNs   the time now.
         * @param limitNs no need to look further than this.
         * @return the earliest time the agent may have work, at most {@code limitNs}; {@code nowNs} or earlier when
         * it has work now.
         */
        long nextDeadlineNs(long nowNs, long limitNs);
    }

    private final NanoClock clock;
    private final DeadlineSource deadlines;
    private final SocketWaiter waiter;
    private final long maxSleepNs;
    private final long timerSlackNs;
    private volatile boolean sleeping;
    private int yieldsLeft;
    private long sleeps;
    private long lastSleepNs;
    private long datagramWakes;

    /**
     * @param clock      the agent's clock.
     * @param deadlines  the agent.
     * @param waiter     where to sleep: the driver's, or one with no sockets for a host without an INVOKER driver.
     * @param maxSleepNs   longest sleep, positive.
     * @param timerSlackNs how long after a deadline a sleep may end, to serve later deadlines in the same wake; 0
     *                     to end it at the deadline.
     */
    public DeadlineIdleStrategy(
        final NanoClock clock,
        final DeadlineSource deadlines,
        final SocketWaiter waiter,
        final long maxSleepNs,
        final long timerSlackNs)
    {
        if (maxSleepNs <= 0 || timerSlackNs < 0)
        {
            throw new IllegalArgumentException("maxSleepNs=" + maxSleepNs + " must be positive and timerSlackNs=" +
                timerSlackNs + " not negative");
        }
        this.timerSlackNs = timerSlackNs;
        this.clock = clock;
        this.deadlines = deadlines;
        this.waiter = waiter;
        this.maxSleepNs = maxSleepNs;
    }

    /**
     * {@inheritDoc}
     */
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
        else if (yieldsLeft > 0)
        {
            yieldsLeft = YIELDS_AFTER_DATAGRAM; // the burst goes on
        }
    }

    /**
     * Yield if a datagram ended the last sleep fewer than {@link #YIELDS_AFTER_DATAGRAM} idle duty cycles ago; else
     * sleep until the agent's next deadline (plus the timer slack), a datagram, a {@link #signal()} or the longest
     * sleep.
     */
    public void idle()
    {
        if (yieldsLeft > 0)
        {
            yieldsLeft--;
            Thread.yield();
            return;
        }
        sleeping = true; // a volatile write: a command queued after this point is seen by signal()
        final long nowNs = clock.nanoTime();
        final long deadlineNs = deadlines.nextDeadlineNs(nowNs, nowNs + maxSleepNs);
        if (deadlineNs - nowNs > 0)
        {
            sleeps++;
            lastSleepNs = Math.min(deadlineNs - nowNs + timerSlackNs, maxSleepNs);
            if (waiter.await(lastSleepNs) > 0)
            {
                datagramWakes++;
                yieldsLeft = YIELDS_AFTER_DATAGRAM;
            }
        }
        sleeping = false;
    }

    /**
     * {@inheritDoc}
     */
    public void reset()
    {
    }

    /**
     * Wake the agent if it sleeps, after a command was queued for it. Any thread.
     */
    public void signal()
    {
        VarHandle.fullFence(); // order the command's write before the read of sleeping
        if (sleeping)
        {
            waiter.wakeup();
        }
    }

    /**
     * @return sleeps begun so far (agent thread).
     */
    public long sleeps()
    {
        return sleeps;
    }

    /**
     * @return how long the last sleep was to last unless woken, in ns (agent thread).
     */
    public long lastSleepNs()
    {
        return lastSleepNs;
    }

    /**
     * @return sleeps that a datagram ended (agent thread).
     */
    public long datagramWakes()
    {
        return datagramWakes;
    }

    /**
     * @return the longest sleep.
     */
    public long maxSleepNs()
    {
        return maxSleepNs;
    }

    /**
     * {@inheritDoc}
     */
    public String alias()
    {
        return ALIAS;
    }

    /**
     * @return how long after a deadline a sleep may end.
     */
    public long timerSlackNs()
    {
        return timerSlackNs;
    }

    public String toString()
    {
        return "DeadlineIdleStrategy{maxSleepNs=" + maxSleepNs + ", timerSlackNs=" + timerSlackNs + '}';
    }
}

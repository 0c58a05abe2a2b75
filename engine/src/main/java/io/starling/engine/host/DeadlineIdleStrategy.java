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
 * It does not spin or yield first: an idle engine of this preset costs one {@code epoll_wait} per event. Only the
 * agent's thread calls {@link #idle(int)}; {@link #signal()} may be called from any thread.
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
    private volatile boolean sleeping;
    private long sleeps;

    /**
     * @param clock      the agent's clock.
     * @param deadlines  the agent.
     * @param waiter     where to sleep: the driver's, or one with no sockets for a host without an INVOKER driver.
     * @param maxSleepNs longest sleep, positive.
     */
    public DeadlineIdleStrategy(
        final NanoClock clock, final DeadlineSource deadlines, final SocketWaiter waiter, final long maxSleepNs)
    {
        if (maxSleepNs <= 0)
        {
            throw new IllegalArgumentException("maxSleepNs=" + maxSleepNs + " must be positive");
        }
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
    }

    /**
     * Sleep until the agent's next deadline, a datagram, a {@link #signal()} or the longest sleep.
     */
    public void idle()
    {
        sleeping = true; // a volatile write: a command queued after this point is seen by signal()
        final long nowNs = clock.nanoTime();
        final long deadlineNs = deadlines.nextDeadlineNs(nowNs, nowNs + maxSleepNs);
        if (deadlineNs - nowNs > 0)
        {
            sleeps++;
            waiter.await(deadlineNs - nowNs);
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

    public String toString()
    {
        return "DeadlineIdleStrategy{maxSleepNs=" + maxSleepNs + '}';
    }
}

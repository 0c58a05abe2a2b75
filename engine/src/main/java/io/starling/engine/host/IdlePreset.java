package io.starling.engine.host;

import io.starling.driver.SocketWaiter;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * What the engine's thread does when a duty cycle found no work: the choice between CPU when idle and the delay
 * before the next frame or timer is handled. Set with {@code StarlingEngine.Context.idlePreset}, or on the command
 * line with {@code --idle sleep|spin|backoff}. Measured costs and delays: {@code bench/results/idle.md}.
 */
public enum IdlePreset
{
    /**
     * Sleep until the next timer deadline, a datagram on one of the driver's sockets (with the DENSITY driver, which
     * runs on the engine's thread) or a command from another thread, whichever comes first, and at most
     * {@link DeadlineIdleStrategy#MAX_SLEEP_NS_DEFAULT} (the Aeron driver's own heartbeats and status messages run
     * in the engine's duty cycle). Costs nothing between events; a timer fires up to about 1 ms late (the
     * resolution of {@code epoll_wait}). The default: for density and embedding.
     */
    SLEEP,

    /**
     * Busy spin ({@code BusySpinIdleStrategy}): the lowest latency, one core per engine thread whether there is
     * work or not.
     */
    SPIN,

    /**
     * Agrona's {@code BackoffIdleStrategy(10, 20, 1 us, 1 ms)}: spin, yield, then park up to 1 ms. The engine's
     * default until the SLEEP preset; about a thousand wakeups a second when idle.
     */
    BACKOFF;

    /**
     * Parse a command-line value.
     *
     * @param value {@code sleep}, {@code spin} or {@code backoff}, any case.
     * @return the preset.
     * @throws IllegalArgumentException naming {@code --idle} for any other value.
     */
    public static IdlePreset parse(final String value)
    {
        if (null != value)
        {
            for (final IdlePreset preset : values())
            {
                if (preset.name().equalsIgnoreCase(value.trim()))
                {
                    return preset;
                }
            }
        }
        throw new IllegalArgumentException("--idle must be sleep, spin or backoff, got '" + value + "'");
    }

    /**
     * @param clock      the duty cycle's clock (SLEEP).
     * @param agent      tells SLEEP when the agent next has work.
     * @param waiter     what SLEEP sleeps on: the driver's sockets or a waiter of its own.
     * @param maxSleepNs   longest sleep of SLEEP.
     * @param timerSlackNs how long after a deadline a sleep of SLEEP may end.
     * @return a new idle strategy of this preset.
     */
    public IdleStrategy newIdleStrategy(
        final NanoClock clock,
        final DeadlineIdleStrategy.DeadlineSource agent,
        final SocketWaiter waiter,
        final long maxSleepNs,
        final long timerSlackNs)
    {
        switch (this)
        {
            case SLEEP:
                return new DeadlineIdleStrategy(clock, agent, waiter, maxSleepNs, timerSlackNs);
            case SPIN:
                return new BusySpinIdleStrategy();
            default:
                return new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        }
    }
}

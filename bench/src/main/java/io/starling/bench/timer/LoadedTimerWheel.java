package io.starling.bench.timer;

import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;

/**
 * An Agrona {@link DeadlineTimerWheel} as the host sets it up (1 ms ticks, 1,024 ticks per wheel) holding a fixed
 * number of live timers, like the periodic timers of thousands of protocol nodes: deadlines spread evenly over
 * one wheel revolution (1,024 ms, about one probe interval), and every timer that expires is scheduled again one
 * revolution later, so the count stays constant. Allocation free after construction (the wheel is sized for the
 * load up front).
 */
public final class LoadedTimerWheel implements LoadedWheel, DeadlineTimerWheel.TimerHandler
{
    /** Tick resolution: 1 ms, in the wheel's time unit. */
    public static final long TICK_RESOLUTION_MS = 1;
    /** Ticks per wheel revolution. */
    public static final int TICKS_PER_WHEEL = 1_024;
    /** How far ahead an expired timer is scheduled again: one revolution. */
    public static final long PERIOD_MS = TICK_RESOLUTION_MS * TICKS_PER_WHEEL;

    private final DeadlineTimerWheel wheel;
    private final long[] offsetsMs;
    private final int offsetMask;
    private long nowMs;
    private int nextOffset;
    private long expired;

    /**
     * @param timers  live timers to hold.
     * @param startMs the wheel's start time.
     */
    public LoadedTimerWheel(final int timers, final long startMs)
    {
        final int perTick = (timers + TICKS_PER_WHEEL - 1) / TICKS_PER_WHEEL;
        final int initialTickAllocation = Integer.highestOneBit(Math.max(16, perTick * 2 - 1));
        wheel = new DeadlineTimerWheel(
            TimeUnit.MILLISECONDS, startMs, TICK_RESOLUTION_MS, TICKS_PER_WHEEL, initialTickAllocation);
        nowMs = startMs;
        for (int i = 0; i < timers; i++)
        {
            wheel.scheduleTimer(startMs + 1 + (i % PERIOD_MS));
        }

        offsetsMs = new long[4_096];
        offsetMask = offsetsMs.length - 1;
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < offsetsMs.length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            offsetsMs[i] = 1 + Math.floorMod(x, 4 * PERIOD_MS);
        }
    }

    /**
     * Schedule one timer a pseudo-random 1 to 4,096 ms ahead and cancel it at once: the cost of arming and
     * disarming a timeout that does not fire (a probe timeout answered by an ack).
     *
     * @return true if the cancel found the timer.
     */
    public boolean scheduleAndCancel()
    {
        final long timerId = wheel.scheduleTimer(nowMs + offsetsMs[nextOffset++ & offsetMask]);
        return wheel.cancelTimer(timerId);
    }

    /**
     * Advance time by one tick and poll as a duty cycle would until nothing more is due: the wheel moves on to the
     * new tick (a poll advances at most one tick) and one more poll expires the timers of that tick that are due.
     * Every timer that expires is scheduled again one revolution later.
     *
     * @return timers expired.
     */
    public int advanceOneTick()
    {
        nowMs += TICK_RESOLUTION_MS;
        int expiredNow = 0;
        do
        {
            expiredNow += wheel.poll(nowMs, this, Integer.MAX_VALUE);
        }
        while (wheel.currentTickTime() <= nowMs);
        expiredNow += wheel.poll(nowMs, this, Integer.MAX_VALUE);
        return expiredNow;
    }

    /**
     * Poll without advancing time: what every duty cycle pays between ticks when nothing is due.
     *
     * @return timers expired (0).
     */
    public int pollIdle()
    {
        return wheel.poll(nowMs, this, Integer.MAX_VALUE);
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        // Polled every tick, a timer expires at its deadline: now is the deadline (the wheel has already cleared
        // the slot, so deadline(timerId) would no longer tell).
        expired++;
        wheel.scheduleTimer(now + PERIOD_MS);
        return true;
    }

    /**
     * @return live timers.
     */
    public long timerCount()
    {
        return wheel.timerCount();
    }

    /**
     * @return timers expired so far.
     */
    public long expired()
    {
        return expired;
    }

    /**
     * @return the wheel's current time.
     */
    public long nowMs()
    {
        return nowMs;
    }
}

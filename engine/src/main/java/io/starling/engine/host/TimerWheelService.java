package io.starling.engine.host;

import java.util.concurrent.TimeUnit;

import io.starling.engine.protocol.TimerService;
import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;

/**
 * The host's one {@link TimerService}: every hosted node's timers live in one Agrona {@link DeadlineTimerWheel}.
 * A timer id maps to its owner {@code (nodeIndex, kind, arg)} packed into one long in a primitive
 * {@link Long2LongHashMap}; the entry is removed when the timer fires or is cancelled, because the wheel reuses ids.
 * {@link #poll(long)} loops the wheel until it has caught up with the time given, since each wheel poll advances at
 * most one tick. Allocation free once the wheel's per-tick arrays and the map have grown to the working set.
 * Single threaded.
 */
public final class TimerWheelService implements TimerService, DeadlineTimerWheel.TimerHandler
{
    /**
     * Receives fired timers.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param nowNs     time of the poll.
         * @param timerId   id of the fired timer (may be reused from now on).
         * @param nodeIndex owner.
         * @param kind      as scheduled.
         * @param arg       as scheduled.
         */
        void onTimer(long nowNs, long timerId, int nodeIndex, int kind, int arg);
    }

    private static final long MISSING = Long.MIN_VALUE;

    private final DeadlineTimerWheel wheel;
    private final Long2LongHashMap ownerByTimerId;
    private final Listener listener;
    private long fired;

    /**
     * @param startTimeNs       time base of the wheel (the host clock's now).
     * @param tickResolutionNs  wheel tick, a power of two.
     * @param ticksPerWheel     ticks per revolution, a power of two.
     * @param initialTimers     expected concurrent timers (sizes the id map and per-tick arrays).
     * @param listener          receives fired timers.
     */
    public TimerWheelService(
        final long startTimeNs,
        final long tickResolutionNs,
        final int ticksPerWheel,
        final int initialTimers,
        final Listener listener)
    {
        final int perTick = Math.max(16, BitUtil.findNextPositivePowerOfTwo(Math.max(1, 4 * initialTimers / ticksPerWheel)));
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startTimeNs, tickResolutionNs, ticksPerWheel, perTick);
        this.ownerByTimerId = new Long2LongHashMap(Math.max(64, initialTimers * 2), Hashing.DEFAULT_LOAD_FACTOR, MISSING);
        this.listener = listener;
    }

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final long timerId = wheel.scheduleTimer(deadlineNs);
        ownerByTimerId.put(timerId, pack(nodeIndex, kind, arg));
        return timerId;
    }

    public boolean cancelTimer(final long timerId)
    {
        if (NULL_TIMER != timerId && wheel.cancelTimer(timerId))
        {
            ownerByTimerId.remove(timerId);
            return true;
        }
        return false;
    }

    /**
     * Fire every timer due at {@code nowNs}, advancing the wheel tick by tick until it has caught up.
     *
     * @param nowNs current time.
     * @return timers fired.
     */
    public int poll(final long nowNs)
    {
        int expired = 0;
        do
        {
            expired += wheel.poll(nowNs, this, Integer.MAX_VALUE);
        }
        while (nowNs >= wheel.currentTickTime());
        return expired;
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final long owner = ownerByTimerId.remove(timerId);
        if (MISSING != owner)
        {
            fired++;
            listener.onTimer(now, timerId, nodeIndex(owner), kind(owner), arg(owner));
        }
        return true;
    }

    /**
     * @return timers scheduled and not yet fired or cancelled.
     */
    public long activeTimers()
    {
        return wheel.timerCount();
    }

    /**
     * @return timers fired since creation.
     */
    public long firedTimers()
    {
        return fired;
    }

    static long pack(final int nodeIndex, final int kind, final int arg)
    {
        return ((long)nodeIndex << 32) | ((long)(kind & 0xFF) << 24) | (arg & 0xFF_FFFFL);
    }

    static int nodeIndex(final long owner)
    {
        return (int)(owner >>> 32);
    }

    static int kind(final long owner)
    {
        return (int)(owner >>> 24) & 0xFF;
    }

    static int arg(final long owner)
    {
        return (int)owner & 0xFF_FFFF;
    }
}

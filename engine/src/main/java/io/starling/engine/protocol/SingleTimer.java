package io.starling.engine.protocol;

import static io.starling.engine.protocol.TimerService.NULL_TIMER;

/**
 * One timer of a node that is armed at most once at a time (probe tick, probe timeout, gossip, push-pull,
 * reconnect, join retry): it remembers the id, recognises its own expiry (a stale id is ignored) and cancels.
 * What happens when it fires is the owning mechanism's business.
 */
final class SingleTimer
{
    private final NodeTimers timers;
    private final int kind;
    private long timerId = NULL_TIMER;
    private long deadlineNs;

    SingleTimer(final NodeTimers timers, final int kind)
    {
        this.timers = timers;
        this.kind = kind;
    }

    void schedule(final long deadlineNs)
    {
        this.deadlineNs = deadlineNs;
        timerId = timers.schedule(kind, 0, deadlineNs);
    }

    /**
     * Re-arm a periodic timer that just fired one period after the deadline it was armed for, not after the time it
     * fired (fixed rate): a node's periodic work keeps the phase it started with. Periods whose deadlines already
     * passed are skipped, not fired in a burst. Re-arming from the fire time instead let every timer that came due
     * during one long duty cycle fire in the next with the same time, and be re-armed for the same instant: the
     * phases of thousands of co-hosted nodes fell together into ever larger bursts.
     *
     * @param nowNs    the time the timer fired (at or after its deadline).
     * @param periodNs the period, above 0.
     */
    void scheduleNextPeriod(final long nowNs, final long periodNs)
    {
        scheduleNextPeriod(nowNs, periodNs, 1);
    }

    /**
     * {@link #scheduleNextPeriod(long, long)} for work that needs some time before the next deadline (the probe a
     * tick starts is judged at the next tick): the first deadline of the timer's phase at least
     * {@code minDelayNs} after {@code nowNs}.
     *
     * @param nowNs      the time the timer fired (at or after its deadline).
     * @param periodNs   the period, above 0.
     * @param minDelayNs the least time to the next deadline, 1 to {@code periodNs}.
     */
    void scheduleNextPeriod(final long nowNs, final long periodNs, final long minDelayNs)
    {
        final long spanNs = nowNs + minDelayNs - deadlineNs;
        final long periods = spanNs <= periodNs ? 1 : (spanNs + periodNs - 1) / periodNs;
        schedule(deadlineNs + periodNs * periods);
    }

    /**
     * Arm at a uniformly random point of the first interval (one random draw), so that periodic work started at
     * the same time by many nodes spreads out; no draw and no timer if the interval is 0 (off).
     */
    void scheduleWithinFirstInterval(final long nowNs, final long intervalNs, final RandomSource random)
    {
        if (intervalNs > 0)
        {
            schedule(nowNs + 1 + (long)(random.nextDouble() * intervalNs));
        }
    }

    /**
     * @param firedTimerId id of a timer of this kind that fired.
     * @return true if it is this timer, which is then no longer armed.
     */
    boolean fired(final long firedTimerId)
    {
        if (firedTimerId != timerId)
        {
            return false;
        }
        timerId = NULL_TIMER;
        return true;
    }

    boolean isArmed()
    {
        return NULL_TIMER != timerId;
    }

    void cancel()
    {
        timers.cancel(timerId);
        timerId = NULL_TIMER;
    }
}

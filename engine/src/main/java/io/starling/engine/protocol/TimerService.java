package io.starling.engine.protocol;

/**
 * Timers handed in to the protocol. One service is shared by every node of a host (or of a simulation), so a
 * timer names the node that owns it. A timer is identified on expiry by {@code (nodeIndex, kind, arg)}; when it
 * fires the owner is called with {@link ProtocolNode#onTimer(long, long, int, int)}.
 * <p>
 * Timer ids may be reused after a timer fires or is cancelled: an owner clears a stored id when its timer fires.
 */
public interface TimerService
{
    /**
     * Value of a timer id that refers to no timer.
     */
    long NULL_TIMER = -1;

    /**
     * Schedule a timer.
     *
     * @param nodeIndex  index of the owning node within its host.
     * @param kind       owner-defined kind of timer (fits in 8 bits).
     * @param arg        owner-defined argument, for example a member slot (fits in 24 bits, non-negative).
     * @param deadlineNs absolute deadline in the host's time base.
     * @return the timer id to cancel it with.
     */
    long scheduleTimer(int nodeIndex, int kind, int arg, long deadlineNs);

    /**
     * Cancel a timer that has not fired.
     *
     * @param timerId returned by {@link #scheduleTimer(int, int, int, long)}.
     * @return true if a pending timer was cancelled.
     */
    boolean cancelTimer(long timerId);
}

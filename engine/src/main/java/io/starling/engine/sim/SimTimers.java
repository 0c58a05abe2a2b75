package io.starling.engine.sim;

import io.starling.engine.protocol.TimerService;

/**
 * The timer service every simulated node shares: a timer is an {@link EventQueue} slot; its id is (stamp, slot), so
 * a stale id never cancels a later timer that reuses the slot. A cancelled timer stays queued, marked, until due.
 * A timer carries its node's generation, so the event loop discards the timers of a crashed instance.
 */
final class SimTimers implements TimerService
{
    private final SimClock clock;
    private final EventQueue queue;
    private final SimNodes nodes;
    private long timersCancelled;

    SimTimers(final SimClock clock, final EventQueue queue, final SimNodes nodes)
    {
        this.clock = clock;
        this.queue = queue;
        this.nodes = nodes;
    }

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final int slot = queue.allocate(SimEventLoop.EVENT_TIMER, nodeIndex, kind, arg, nodes.generation(nodeIndex));
        queue.push(Math.max(deadlineNs, clock.nowNs()), slot);
        return timerId(queue, slot);
    }

    public boolean cancelTimer(final long timerId)
    {
        if (timerId < 0)
        {
            return false;
        }
        final int slot = (int)timerId;
        if (slot >= queue.slotCapacity() || queue.stamp(slot) != (int)(timerId >>> 32) ||
            SimEventLoop.EVENT_TIMER != (queue.type(slot) & SimEventLoop.TYPE_MASK))
        {
            return false;
        }
        queue.type(slot, SimEventLoop.EVENT_TIMER_CANCELLED);
        timersCancelled++;
        return true;
    }

    /**
     * @return timers cancelled before firing.
     */
    long timersCancelled()
    {
        return timersCancelled;
    }

    /**
     * @param queue the event queue.
     * @param slot  a timer's slot.
     * @return the timer's id: (stamp, slot).
     */
    static long timerId(final EventQueue queue, final int slot)
    {
        return ((long)queue.stamp(slot) << 32) | slot;
    }
}

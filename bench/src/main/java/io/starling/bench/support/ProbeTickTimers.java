package io.starling.bench.support;

import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.TimerService;

/**
 * The smallest {@link TimerService} that lets a benchmark fire a node's probe tick by hand: it hands out ids,
 * remembers the id of the pending probe-tick timer and ignores every other timer (they never fire).
 * <p>
 * The probe-tick kind is package-private in {@code SwimNode}; it is learned here as the kind of the first timer a
 * node schedules in {@code start} (the probe tick comes first there). {@code ProbeTickTimersTest} checks that
 * firing it sends a probe, so a reordering in {@code SwimNode.start} fails a test instead of skewing a figure.
 * Allocation free.
 */
public final class ProbeTickTimers implements TimerService
{
    private long nextTimerId = 1;
    private int probeTickKind = -1;
    private long probeTickTimerId = NULL_TIMER;
    private long scheduled;
    private long cancelled;

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final long timerId = nextTimerId++;
        if (probeTickKind < 0)
        {
            probeTickKind = kind;
        }
        if (kind == probeTickKind)
        {
            probeTickTimerId = timerId;
        }
        scheduled++;
        return timerId;
    }

    public boolean cancelTimer(final long timerId)
    {
        cancelled++;
        return true;
    }

    /**
     * Fire the pending probe tick of a node.
     *
     * @param node  the node that scheduled it.
     * @param nowNs time of the tick.
     * @return false if no probe tick was pending.
     */
    public boolean fireProbeTick(final ProtocolNode node, final long nowNs)
    {
        final long timerId = probeTickTimerId;
        if (NULL_TIMER == timerId)
        {
            return false;
        }
        probeTickTimerId = NULL_TIMER;
        node.onTimer(nowNs, timerId, probeTickKind, 0);
        return true;
    }

    /**
     * @return the kind learned for the probe tick, or -1 before any timer was scheduled.
     */
    public int probeTickKind()
    {
        return probeTickKind;
    }

    /**
     * @return timers scheduled so far.
     */
    public long scheduled()
    {
        return scheduled;
    }

    /**
     * @return cancellations so far.
     */
    public long cancelled()
    {
        return cancelled;
    }
}

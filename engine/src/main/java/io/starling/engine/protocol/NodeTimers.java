package io.starling.engine.protocol;

import static io.starling.engine.protocol.TimerService.NULL_TIMER;

/**
 * The timer kinds of one SWIM node and the node's view of the {@link TimerService}: schedule under this node's
 * index, cancel an id that may be {@link TimerService#NULL_TIMER}. It keeps no timer state of its own.
 */
final class NodeTimers
{
    static final int PROBE_TICK = 1;
    static final int PROBE_TIMEOUT = 2;
    static final int GOSSIP = 3;
    static final int PUSH_PULL = 4;
    static final int SUSPICION = 5;
    static final int RELAY = 6;
    static final int RECONNECT = 7;
    static final int JOIN_RETRY = 8;
    static final int PING_TIMEOUT = 9;
    static final int SUSPICION_CHECK = 10;

    private final TimerService timers;
    private final int nodeIndex;

    NodeTimers(final TimerService timers, final int nodeIndex)
    {
        this.timers = timers;
        this.nodeIndex = nodeIndex;
    }

    long schedule(final int kind, final int arg, final long deadlineNs)
    {
        return timers.scheduleTimer(nodeIndex, kind, arg, deadlineNs);
    }

    void cancel(final long timerId)
    {
        if (NULL_TIMER != timerId)
        {
            timers.cancelTimer(timerId);
        }
    }
}

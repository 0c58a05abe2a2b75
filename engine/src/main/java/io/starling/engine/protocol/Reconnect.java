package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.DEAD;

/**
 * Partition healing without an operator: every reconnect interval, start a push-pull with one member this node
 * holds DEAD (drawn from a random point of the directory). If the member is back, or was only cut off, the
 * exchange brings both views together. It declares no one alive itself: the merge does.
 */
final class Reconnect
{
    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final RandomSource random;
    private final PushPullSync pushPull;
    private final CounterSink counters;
    private final SingleTimer timer;

    Reconnect(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final RandomSource random,
        final PushPullSync pushPull,
        final NodeTimers timers,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.random = random;
        this.pushPull = pushPull;
        this.counters = counters;
        this.timer = new SingleTimer(timers, NodeTimers.RECONNECT);
    }

    /**
     * Schedule the first attempt at a random point of the first interval (one random draw).
     */
    void start(final long nowNs)
    {
        timer.scheduleWithinFirstInterval(nowNs, self.config.reconnectIntervalNs(), random);
    }

    void close()
    {
        timer.cancel();
    }

    void onTimer(final long nowNs, final long firedTimerId)
    {
        if (!timer.fired(firedTimerId))
        {
            return;
        }
        timer.schedule(nowNs + self.config.reconnectIntervalNs());
        if (self.leaving)
        {
            return;
        }
        final int size = directory.size();
        if (size <= 1)
        {
            return;
        }
        final int start = random.nextInt(size);
        for (int i = 0, tries = Math.min(size, 256); i < tries; i++)
        {
            int slot = start + i;
            if (slot >= size)
            {
                slot -= size;
            }
            if (slot != self.selfSlot && slot < table.capacity() && DEAD == table.state(slot))
            {
                counters.increment(ProtocolCounters.RECONNECT_ATTEMPTS);
                pushPull.sendState(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot),
                    self.nextSyncId(), false, false);
                return;
            }
        }
    }
}

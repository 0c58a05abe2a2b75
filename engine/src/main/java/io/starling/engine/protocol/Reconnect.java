package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.DEAD;

/**
 * Partition healing without an operator: every reconnect interval, with probability dead / live members (at most 1),
 * start a push-pull with one member this node holds DEAD (searched from a random point of the directory). If the
 * member is back, or was only cut off, the exchange brings both views together. It declares no one alive itself:
 * the merge does.
 * <p>
 * The probability is serf's reconnect rule: the cluster as a whole tries each dead member about once per interval,
 * whatever its size, where every node trying every interval would send N / interval whole views to members that are
 * mostly gone (10,000 co-hosted nodes with 50 crashed members sent 720 views of 240 KB a second, and the process
 * fell behind for good). After a partition into halves each side holds the other dead and every node tries. An
 * attempt draws on the process's state budget like a periodic push-pull; refused, it waits for the next interval.
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
        timer.scheduleNextPeriod(nowNs, self.config.reconnectIntervalNs());
        final int dead = self.deadCount;
        final int size = directory.size();
        if (self.leaving || 0 == dead || size <= 1)
        {
            return;
        }
        final int live = self.knownLiveCount();
        if (dead < live && random.nextInt(live) >= dead)
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
                if (pushPull.exchangeWith(nowNs, slot))
                {
                    counters.increment(ProtocolCounters.RECONNECT_ATTEMPTS);
                }
                return;
            }
        }
    }
}

package io.starling.engine.protocol;

import java.util.Arrays;

import static io.starling.engine.protocol.MemberState.NONE;

/**
 * On-demand pings ({@link SwimNode#ping}): an application's round-trip check outside the probe schedule, reported
 * to the observer as an ack with its RTT or a timeout. One pooled record per ping awaiting its ack; the record
 * arrays are made on the first ping only. It never changes a member's state or local health.
 */
final class OnDemandPings
{
    private static final int NIL = SlotPool.NIL;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final NodeTimers timers;
    private final ProbeMessages messages;
    private final Outbox outbox;
    private final MembershipObserver observer;
    private final CounterSink counters;
    private final int outstandingMax;

    // Records keyed by ping sequence.
    private final SlotPool pool;
    private int[] member = new int[0];
    private long[] correlationId = new long[0];
    private long[] startNs = new long[0];

    OnDemandPings(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final NodeTimers timers,
        final ProbeMessages messages,
        final Outbox outbox,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.timers = timers;
        this.messages = messages;
        this.outbox = outbox;
        this.observer = observer;
        this.counters = counters;
        this.outstandingMax = self.config.outstandingPingsMax();
        this.pool = new SlotPool(timers, 0, outstandingMax, 16);
    }

    /**
     * @see SwimNode#ping(long, int, long, long)
     */
    boolean ping(final long nowNs, final int memberId, final long correlation, final long timeoutNs)
    {
        final int slot = directory.slotOf(memberId);
        if (!self.started || self.leaving || slot < 0 || slot == self.selfSlot || NONE == table.state(slot) ||
            pool.size() >= outstandingMax || timeoutNs <= 0)
        {
            counters.increment(ProtocolCounters.PINGS_FAILED);
            return false;
        }
        final int seq = self.nextSequence();
        final int record = pool.acquire(seq);
        ensureCapacity();
        member[record] = memberId;
        correlationId[record] = correlation;
        startNs[record] = nowNs;
        pool.timerId(record, timers.schedule(NodeTimers.PING_TIMEOUT, record, nowNs + timeoutNs));
        counters.increment(ProtocolCounters.PINGS_SENT);
        messages.sendPing(memberId, directory.ipv4(slot), directory.port(slot), seq, NIL);
        outbox.flush();
        return true;
    }

    /**
     * @return true if the sequence belongs to an on-demand ping (answered now if the Ack is the member's own).
     */
    boolean onAck(final long nowNs, final int src, final int seq, final int target)
    {
        final int record = pool.find(seq);
        if (NIL == record)
        {
            return false;
        }
        if (member[record] == target && src == target)
        {
            final long correlation = correlationId[record];
            final long rttNs = nowNs - startNs[record];
            pool.release(record);
            observer.onPingAck(nowNs, self.nodeIndex, target, correlation, rttNs);
        }
        return true;
    }

    void onTimer(final long nowNs, final long firedTimerId, final int record)
    {
        if (!pool.timerFired(record, firedTimerId))
        {
            return;
        }
        final int memberId = member[record];
        final long correlation = correlationId[record];
        pool.release(record);
        counters.increment(ProtocolCounters.PINGS_FAILED);
        observer.onPingTimeout(nowNs, self.nodeIndex, memberId, correlation);
    }

    int outstanding()
    {
        return pool.size();
    }

    void close()
    {
        pool.cancelTimers();
    }

    private void ensureCapacity()
    {
        final int n = pool.capacity();
        if (n != member.length)
        {
            member = Arrays.copyOf(member, n);
            correlationId = Arrays.copyOf(correlationId, n);
            startNs = Arrays.copyOf(startNs, n);
        }
    }
}

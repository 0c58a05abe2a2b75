package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * Probe scheduling (SWIM 4.3): every probe interval, finish the last probe and ping the next member of a
 * randomized round-robin order (or a uniformly random one); at the probe timeout hand over to
 * {@link IndirectProbe}; a probe still unanswered at the next tick makes the member SUSPECT. Both periods are
 * scaled by {@link LocalHealth}. Members dead or left longer than the reap timeout leave the order at the end of
 * each pass, and go on to {@link Forget}. It does not time suspicions ({@link Suspicion}).
 */
final class ProbeScheduler
{
    private static final int NIL = -1;

    private final LocalNode self;
    private final ProtocolConfig config;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final ProbeOrder order;
    private final RandomSource random;
    private final DeadSince deadSince;
    private final LocalHealth localHealth;
    private final ProbeMessages messages;
    private final IndirectProbe indirect;
    private final Suspicion suspicion;
    private final UpdateMerge merge;
    private final Forget forget;
    private final MembershipObserver observer;
    private final CounterSink counters;

    private boolean active;
    private boolean acked;
    private int seq;
    private int slot;
    private long startNs;
    private final SingleTimer tickTimer;
    private final SingleTimer timeoutTimer;

    ProbeScheduler(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final ProbeOrder order,
        final RandomSource random,
        final DeadSince deadSince,
        final NodeTimers timers,
        final LocalHealth localHealth,
        final ProbeMessages messages,
        final IndirectProbe indirect,
        final Suspicion suspicion,
        final UpdateMerge merge,
        final Forget forget,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.self = self;
        this.config = self.config;
        this.directory = directory;
        this.table = table;
        this.order = order;
        this.random = random;
        this.deadSince = deadSince;
        this.localHealth = localHealth;
        this.messages = messages;
        this.indirect = indirect;
        this.suspicion = suspicion;
        this.merge = merge;
        this.forget = forget;
        this.observer = observer;
        this.counters = counters;
        this.tickTimer = new SingleTimer(timers, NodeTimers.PROBE_TICK);
        this.timeoutTimer = new SingleTimer(timers, NodeTimers.PROBE_TIMEOUT);
    }

    /**
     * A tick re-arms on its phase (fixed rate) while it fired at most 1/20 of a period late (the duty-cycle budget,
     * a tenth of the probe timeout, at the default timeout of half the interval); later, it skips a period, so that
     * the probe it starts, judged at the next tick, always has at least 19/20 of an interval (its timeout, the
     * indirect round trips and the relays' nacks at 80% of the timeout).
     */
    static final int LATE_TICK_FRACTION = 20;

    void start(final long nowNs)
    {
        tickTimer.schedule(nowNs + config.probeIntervalNs());
    }

    void close()
    {
        tickTimer.cancel();
        timeoutTimer.cancel();
    }

    /**
     * @return true if it was this node's probe tick (a stale timer id is ignored).
     */
    boolean onTickTimer(final long nowNs, final long timerId)
    {
        if (!tickTimer.fired(timerId))
        {
            return false;
        }
        if (active)
        {
            finishProbe(nowNs);
        }
        if (!self.leaving)
        {
            startProbe(nowNs);
        }
        final long periodNs = localHealth.scale(config.probeIntervalNs());
        tickTimer.scheduleNextPeriod(nowNs, periodNs, periodNs - periodNs / LATE_TICK_FRACTION);
        return true;
    }

    void onTimeoutTimer(final long nowNs, final long timerId)
    {
        if (!timeoutTimer.fired(timerId))
        {
            return;
        }
        if (active && !acked)
        {
            indirect.request(nowNs, seq, slot);
        }
    }

    /**
     * @return true if the Ack answered the current probe (directly or through a relay); false if it is not ours.
     */
    boolean onAck(final long nowNs, final int src, final int ackSeq, final int target)
    {
        if (!active || ackSeq != seq || target != directory.nodeId(slot))
        {
            return false;
        }
        if (!acked)
        {
            acked = true;
            counters.increment(ProtocolCounters.ACKS_RECEIVED);
            timeoutTimer.cancel();
            indirect.onTargetAnswered(src == target);
            if (src == target)
            {
                localHealth.adjust(-1);
                observer.onProbeAck(nowNs, self.nodeIndex, target, nowNs - startNs);
            }
        }
        return true;
    }

    void onNack(final int src, final int nackSeq)
    {
        if (active && nackSeq == seq)
        {
            indirect.onNack(src);
        }
    }

    private void startProbe(final long nowNs)
    {
        if (self.expectedAbsent(self.nodeId, nowNs))
        {
            return;
        }
        final int target = nextTarget(nowNs);
        if (target < 0)
        {
            return;
        }
        active = true;
        acked = false;
        seq = self.nextSequence();
        slot = target;
        startNs = nowNs;
        indirect.reset();
        counters.increment(ProtocolCounters.PROBES_SENT);
        final int buddySlot = SUSPECT == table.state(target) ? target : NIL;
        messages.sendPing(directory.nodeId(target), directory.ipv4(target), directory.port(target), seq, buddySlot);
        timeoutTimer.schedule(nowNs + localHealth.scale(config.probeTimeoutNs()));
    }

    private void finishProbe(final long nowNs)
    {
        active = false;
        timeoutTimer.cancel();
        if (acked)
        {
            return;
        }
        counters.increment(ProtocolCounters.PROBE_FAILURES);
        localHealth.adjust(indirect.failedProbePenalty());

        final int state = table.state(slot);
        if (SUSPECT == state)
        {
            // Our own failed probe of a suspect is an independent confirmation (Lifeguard); re-gossip it with us
            // as the suspecting node so others can count it too.
            suspicion.confirm(nowNs, slot, self.nodeId);
        }
        else if (ALIVE == state)
        {
            merge.onProbeFailed(nowNs, slot);
        }
    }

    private int nextTarget(final long nowNs)
    {
        if (config.randomProbeTargets())
        {
            for (int attempt = 0, n = order.size(); attempt < 2 * n + 8; attempt++)
            {
                final int candidate = order.random(random);
                if (candidate >= 0 && isProbeable(candidate, nowNs))
                {
                    return candidate;
                }
            }
            return NIL;
        }

        for (int i = 0, n = order.size(); i <= n; i++)
        {
            if (order.passComplete())
            {
                reapAndReshuffle(nowNs);
                if (0 == order.size())
                {
                    return NIL;
                }
            }
            final int candidate = order.next();
            if (isProbeable(candidate, nowNs))
            {
                return candidate;
            }
        }
        return NIL;
    }

    private boolean isProbeable(final int candidate, final long nowNs)
    {
        final int state = table.state(candidate);
        return candidate != self.selfSlot && (ALIVE == state || SUSPECT == state) &&
            !self.expectedAbsent(directory.nodeId(candidate), nowNs);
    }

    private void reapAndReshuffle(final long nowNs)
    {
        final long reapNs = config.reapTimeoutNs();
        if (reapNs > 0)
        {
            final int nowMs = self.ms(nowNs);
            final long reapMs = reapNs / 1_000_000L;
            for (int i = order.size() - 1; i >= 0; i--)
            {
                final int member = order.get(i);
                final long word = table.word(member);
                final int state = MembershipTable.state(word);
                if ((DEAD == state || LEFT == state) && (nowMs - deadSince.sinceMs(member, nowMs)) >= reapMs)
                {
                    order.removeAt(i);
                    table.flags(member, MembershipTable.flags(word) & ~MembershipTable.FLAG_IN_PROBE_ORDER);
                    counters.increment(ProtocolCounters.MEMBERS_REAPED);
                    if (forget.enabled())
                    {
                        forget.onReaped(member);
                    }
                    else
                    {
                        deadSince.remove(member);
                    }
                }
            }
            forget.poll(nowNs);
        }
        deadSince.compactIfEmpty();
        order.reshuffle(random);
    }
}

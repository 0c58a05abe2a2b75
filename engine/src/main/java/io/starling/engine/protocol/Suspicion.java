package io.starling.engine.protocol;

import java.util.Arrays;

import static io.starling.engine.protocol.MemberState.SUSPECT;
import static io.starling.engine.protocol.TimerService.NULL_TIMER;

/**
 * Suspicion: one record per suspected member with its timer (Lifeguard: the timeout shrinks with each independent
 * confirmation, see {@link SuspicionTimeout}) and three re-check Pings that repair a missed refutation. When the
 * timer fires on a member still suspected, {@link #expire} says so and the merge declares it dead. A suspicion counts
 * time in contact only: a timer that finds the member or this node expected out of contact pauses it until the window
 * ends, and it resumes there with the time it had left (and its confirmations), the member re-checked again.
 * Raising a suspicion is the probe's and the merge's job; answering one about this node is {@link Refutation}'s.
 */
final class Suspicion
{
    private static final int NIL = SlotPool.NIL;

    private final LocalNode self;
    private final MembershipTable table;
    private final MemberDirectory directory;
    private final DisseminationQueue queue;
    private final NodeTimers timers;
    private final ProbeMessages messages;
    private final Outbox outbox;
    private final CounterSink counters;
    private final RoundTripLoss loss;
    private final boolean lifeguard;
    private final boolean byEndpoint;
    private final int confirmationsExpected;
    private final int confirmersPerRecord;

    // Records keyed by member slot.
    private final SlotPool pool;
    private int[] incarnation = new int[16];
    /** Per record, the start of the suspicion on its clock of time in contact: now minus the time in contact so far,
     * moved later by every pause. */
    private long[] startNs = new long[16];
    /** Per record, when its current stretch in contact began: the suspicion's start or the end of its last pause. */
    private long[] stretchNs = new long[16];
    /** Per record, the start of the span of re-checks after its last pause, on its clock of time in contact (moved
     * later by a pause that cuts the span short), or {@link #NOT_RESUMED}. */
    private long[] resumedNs = new long[16];
    private long[] checkTimerId = new long[16];
    private int[] confirmations = new int[16];
    /** Per record, the endpoints (process address and port), or the node ids when
     * {@link ProtocolConfig#confirmationsByEndpoint()} is off, of the suspecting node and of each confirmer. */
    private long[] confirmers;

    Suspicion(
        final LocalNode self,
        final MembershipTable table,
        final MemberDirectory directory,
        final DisseminationQueue queue,
        final NodeTimers timers,
        final ProbeMessages messages,
        final Outbox outbox,
        final CounterSink counters)
    {
        this.self = self;
        this.loss = self.roundTripLoss;
        this.table = table;
        this.directory = directory;
        this.queue = queue;
        this.timers = timers;
        this.messages = messages;
        this.outbox = outbox;
        this.counters = counters;
        this.lifeguard = self.config.lifeguardEnabled();
        this.byEndpoint = self.config.confirmationsByEndpoint();
        this.confirmationsExpected = SuspicionTimeout.expectedConfirmations(self.config.suspicionMult());
        this.confirmersPerRecord = confirmationsExpected + 1;
        this.confirmers = new long[16 * Math.max(1, confirmersPerRecord)];
        this.pool = new SlotPool(timers, 16, Integer.MAX_VALUE, 64);
    }

    /**
     * Open (or re-open at a new incarnation) the suspicion of a member raised by {@code from}.
     */
    void start(final long nowNs, final int slot, final int suspectIncarnation, final int from)
    {
        int record = pool.find(slot);
        if (NIL != record)
        {
            if (incarnation[record] == suspectIncarnation)
            {
                return;
            }
            timers.cancel(pool.timerId(record));
            timers.cancel(checkTimerId[record]);
        }
        else
        {
            record = pool.acquire(slot);
            ensureCapacity();
        }
        incarnation[record] = suspectIncarnation;
        startNs[record] = nowNs;
        stretchNs[record] = nowNs;
        resumedNs[record] = NOT_RESUMED;
        confirmations[record] = 0;
        confirmers[record * confirmersPerRecord] = endpointOf(from);
        pool.timerId(record, timers.schedule(NodeTimers.SUSPICION, slot, nowNs + timeoutNs(0)));
        checkTimerId[record] = timers.schedule(NodeTimers.SUSPICION_CHECK, slot, nowNs + checkDelayNs(1, checks()));
    }

    /**
     * An independent confirmation of a standing suspicion (Lifeguard): shortens its timeout and is spread again.
     * Independent means from another process: nodes that share an endpoint share its stalls and its links, so a
     * stalled process or one bad link would otherwise supply every confirmation at once (unless
     * {@link ProtocolConfig#confirmationsByEndpoint()} is off: then each node counts). A confirmer this node cannot
     * place (not in the directory) does not count.
     */
    void confirm(final long nowNs, final int slot, final int from)
    {
        final int record = pool.find(slot);
        if (NIL == record || !lifeguard)
        {
            return;
        }
        final int count = confirmations[record];
        if (count >= confirmationsExpected)
        {
            return;
        }
        final long endpoint = endpointOf(from);
        if (NO_ENDPOINT == endpoint)
        {
            return;
        }
        final int base = record * confirmersPerRecord;
        for (int i = 0; i <= count; i++)
        {
            if (confirmers[base + i] == endpoint)
            {
                return;
            }
        }
        confirmers[base + count + 1] = endpoint;
        confirmations[record] = count + 1;
        // Spread the independent confirmation so others can shorten their timeouts too.
        queue.offer(slot, from);

        timers.cancel(pool.timerId(record));
        pool.timerId(record, timers.schedule(NodeTimers.SUSPICION, slot, Math.max(nowNs, deadlineNs(record))));
    }

    /**
     * A suspicion still standing after half the minimum timeout usually means this node missed the refutation: it
     * heard the suspicion late, after the wave of the member's newer incarnation had passed it (one observer in a
     * few hundred thousand per suspicion at 5% loss, the false deaths of the loss soak). Ask the member directly:
     * a Ping carrying the suspicion, which a live member answers with an Ack carrying its current incarnation (it
     * re-queues itself on hearing a stale claim), so a missed refutation is repaired before the timeout instead
     * of becoming a false death. Fire and forget, three times; a dead member answers nothing and dies on time. A
     * check that finds the member or this node expected out of contact is not sent: the suspicion pauses until the
     * window's end ({@link #pause}).
     */
    void onCheckTimer(final long nowNs, final long firedTimerId, final int slot)
    {
        final int record = pool.find(slot);
        if (NIL == record || checkTimerId[record] != firedTimerId)
        {
            return;
        }
        checkTimerId[record] = NULL_TIMER;
        if (!stillSuspected(record, slot))
        {
            return;
        }
        final int member = directory.nodeId(slot);
        final long untilNs = windowEndNs(nowNs, member);
        if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT != untilNs)
        {
            // The member (or this node) is out of contact: this check cannot reach it, and a window that closes
            // before the timer would leave a member back on time with no check left to tell it to refute (the
            // 1,834-node bent-pipe hour's false deaths). The suspicion pauses until the window ends.
            timers.cancel(pool.timerId(record));
            pause(nowNs, record, slot, member, untilNs);
            return;
        }
        counters.increment(ProtocolCounters.SUSPICION_CHECKS_SENT);
        messages.sendPing(member, directory.ipv4(slot), directory.port(slot), self.nextSequence(), slot);
        outbox.flush();
        final int checks = checks();
        long nextNs = nextCheckNs(startNs[record], false, nowNs, checks);
        final long resumedAtNs = resumedNs[record];
        if (NOT_RESUMED != resumedAtNs)
        {
            nextNs = Math.min(nextNs, nextCheckNs(resumedAtNs, true, nowNs, checks));
        }
        if (NO_CHECK != nextNs)
        {
            checkTimerId[record] = timers.schedule(NodeTimers.SUSPICION_CHECK, slot, nextNs);
        }
    }

    /**
     * The suspicion timer fired.
     *
     * A member expected out of contact is not declared dead: its suspicion pauses until the window ends
     * ({@link #pause}), so one that comes back can refute and one that does not dies when its time in contact has
     * run out. The same holds while this node itself is expected out of contact (until its own window ends).
     *
     * @return true if the member is still suspected at the incarnation of the record: declare it dead (which
     * cancels the record); false if the timer is stale, the suspicion is over (the record is cancelled) or waits
     * for the member's out-of-contact window.
     */
    boolean expire(final long nowNs, final long firedTimerId, final int slot)
    {
        final int record = pool.find(slot);
        if (!pool.timerFired(record, firedTimerId))
        {
            return false;
        }
        if (stillSuspected(record, slot))
        {
            final int member = directory.nodeId(slot);
            final long untilNs = windowEndNs(nowNs, member);
            if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT == untilNs)
            {
                return true;
            }
            pause(nowNs, record, slot, member, untilNs);
            return false;
        }
        cancel(slot);
        return false;
    }

    /**
     * @return the later end of the member's out-of-contact window and this node's own (a node cut off cannot hear a
     * refutation), or {@link io.starling.engine.schedule.ExpectedAbsence#NOT_ABSENT} when neither is open.
     */
    private long windowEndNs(final long nowNs, final int member)
    {
        return Math.max(self.absentUntilNs(member, nowNs), self.absentUntilNs(self.nodeId, nowNs));
    }

    /**
     * @return the earlier opening of the member's and this node's open out-of-contact windows (the pause began with
     * the first), or {@link io.starling.engine.schedule.ExpectedAbsence#NOT_ABSENT} when neither is open.
     */
    private long windowStartNs(final long nowNs, final int member)
    {
        final long memberSinceNs = self.absentSinceNs(member, nowNs);
        final long selfSinceNs = self.absentSinceNs(self.nodeId, nowNs);
        if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT == memberSinceNs)
        {
            return selfSinceNs;
        }
        if (io.starling.engine.schedule.ExpectedAbsence.NOT_ABSENT == selfSinceNs)
        {
            return memberSinceNs;
        }
        return Math.min(memberSinceNs, selfSinceNs);
    }

    /**
     * Pause a suspicion for an out-of-contact window that a timer found open, and resume it where the window ends:
     * the time in contact it had when the window opened is kept (so is what counts from it: confirmations, re-checks
     * already past), the rest of its timeout runs from the window's end. The member is asked again at once when it is
     * back, then on a fresh suspicion's schedule of re-checks, and its death waits for their span (half the minimum
     * timeout in contact) whatever time was left: its rumor and earlier re-checks could not reach it, and a member
     * that returns on time and never hears that it must refute dies. That span is itself time in contact: one cut
     * short by the next window goes on after it (so contacts shorter than the span still add up to a death). A
     * window with no known end is looked at again after the first re-check's delay. The caller has cancelled or
     * consumed the suspicion's timer.
     * <p>
     * Time in contact is counted from the window's opening as the table has it (when it was told), not from the
     * timer: a window that opens and closes between two timers of the suspicion is not seen and counts as contact.
     */
    private void pause(final long nowNs, final int record, final int slot, final int member, final long untilNs)
    {
        final long pausedNs = Math.max(stretchNs[record], Math.min(nowNs, windowStartNs(nowNs, member)));
        final long inContactNs = pausedNs - startNs[record];
        final long resumeNs = Long.MAX_VALUE == untilNs ? nowNs + checkDelayNs(1, checks()) : untilNs;
        final long spanNs = resumedSpanNs();
        final long resumedAtNs = resumedNs[record];
        final long spanRunNs = NOT_RESUMED == resumedAtNs ? spanNs : pausedNs - resumedAtNs;
        startNs[record] = resumeNs - inContactNs;
        stretchNs[record] = resumeNs;
        resumedNs[record] = spanRunNs < spanNs ? resumeNs - spanRunNs : resumeNs;
        pool.timerId(record, timers.schedule(NodeTimers.SUSPICION, slot, deadlineNs(record)));
        timers.cancel(checkTimerId[record]);
        checkTimerId[record] = timers.schedule(NodeTimers.SUSPICION_CHECK, slot, resumeNs);
    }

    /**
     * @return when the suspicion of a record runs out: its timeout for the confirmations counted, on its clock of
     * time in contact, and not before its span of re-checks after a pause ({@link SuspicionTimeout#resumedSpanNs})
     * has run in contact.
     */
    private long deadlineNs(final int record)
    {
        final long deadlineNs = startNs[record] + timeoutNs(confirmations[record]);
        final long resumedAtNs = resumedNs[record];
        return NOT_RESUMED == resumedAtNs ? deadlineNs : Math.max(deadlineNs, resumedAtNs + resumedSpanNs());
    }

    /**
     * End the suspicion of a member, if any: it was refuted, or the member died or left.
     */
    void cancel(final int slot)
    {
        final int record = pool.find(slot);
        if (NIL != record)
        {
            timers.cancel(checkTimerId[record]);
            checkTimerId[record] = NULL_TIMER;
            pool.release(record);
        }
    }

    void close()
    {
        pool.cancelTimers();
        for (int i = 0, n = pool.highWater(); i < n; i++)
        {
            timers.cancel(checkTimerId[i]);
            checkTimerId[i] = NULL_TIMER;
        }
    }

    /**
     * @param confirmationCount independent confirmations counted.
     * @return the suspicion timeout for the current cluster size.
     */
    long timeoutNs(final int confirmationCount)
    {
        return SuspicionTimeout.timeoutNs(lifeguard, minTimeoutNs(), self.config.suspicionMaxTimeoutMult(),
            confirmationsExpected, confirmationCount);
    }

    private long minTimeoutNs()
    {
        return self.config.suspicionMinTimeoutNs(self.knownLiveCount());
    }

    private long checkDelayNs(final int check, final int checks)
    {
        return SuspicionTimeout.checkDelayNs(minTimeoutNs(), check, checks);
    }

    /**
     * @return the first re-check still ahead of {@code nowNs} on a schedule from {@code baseNs}: a fresh suspicion's
     * ({@code resumed} false, {@code baseNs} its start) or a resumed one's
     * ({@link SuspicionTimeout#resumedCheckDelayNs}, {@code baseNs} the resumption); {@link #NO_CHECK} if none is left. The first re-check is not looked at: it is
     * the one being sent.
     */
    private long nextCheckNs(final long baseNs, final boolean resumed, final long nowNs, final int checks)
    {
        final long minNs = minTimeoutNs();
        for (int check = 2; check <= checks; check++)
        {
            final long checkNs = baseNs + (resumed ?
                SuspicionTimeout.resumedCheckDelayNs(minNs, check, checks) :
                SuspicionTimeout.checkDelayNs(minNs, check, checks));
            if (checkNs > nowNs)
            {
                return checkNs;
            }
        }
        return NO_CHECK;
    }

    private long resumedSpanNs()
    {
        return SuspicionTimeout.resumedSpanNs(minTimeoutNs(), checks());
    }

    /**
     * @return re-checks of a standing suspicion: {@link SuspicionTimeout#CHECKS}, more when the direct round trips
     * this node measures are lost so often that all of them would fail more than once in a thousand times (3 at 5%
     * loss per datagram, 7 at 20%).
     */
    private int checks()
    {
        return RoundTripLoss.triesFor(
            loss.rate(), SuspicionTimeout.CHECK_MISS_TARGET, SuspicionTimeout.CHECKS, SuspicionTimeout.MAX_CHECKS);
    }

    /**
     * @return true if the member is still SUSPECT at the incarnation the suspicion record was opened for.
     */
    private boolean stillSuspected(final int record, final int slot)
    {
        final long word = table.word(slot);
        return SUSPECT == MembershipTable.state(word) && MembershipTable.incarnation(word) == incarnation[record];
    }

    private static final long NO_ENDPOINT = -1L;
    private static final long NOT_RESUMED = Long.MIN_VALUE;
    private static final long NO_CHECK = Long.MAX_VALUE;

    /**
     * @return what tells confirmers apart: the endpoint of the process hosting a node, as (ipv4 << 16 | port), or
     * its id when confirmations count by node; {@link #NO_ENDPOINT} for a node not in the directory.
     */
    private long endpointOf(final int nodeId)
    {
        final int slot = directory.slotOf(nodeId);
        if (slot < 0)
        {
            return NO_ENDPOINT;
        }
        return byEndpoint ?
            ((directory.ipv4(slot) & 0xFFFF_FFFFL) << 16) | (directory.port(slot) & 0xFFFF) : nodeId & 0xFFFF_FFFFL;
    }

    private void ensureCapacity()
    {
        final int n = pool.capacity();
        if (n != incarnation.length)
        {
            incarnation = Arrays.copyOf(incarnation, n);
            startNs = Arrays.copyOf(startNs, n);
            stretchNs = Arrays.copyOf(stretchNs, n);
            resumedNs = Arrays.copyOf(resumedNs, n);
            checkTimerId = Arrays.copyOf(checkTimerId, n);
            confirmations = Arrays.copyOf(confirmations, n);
            confirmers = Arrays.copyOf(confirmers, n * confirmersPerRecord);
        }
    }
}

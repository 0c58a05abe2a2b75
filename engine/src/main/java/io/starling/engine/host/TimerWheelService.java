package io.starling.engine.host;

import java.util.Arrays;

import io.starling.engine.protocol.TimerService;
import org.agrona.BitUtil;

/**
 * The host's one {@link TimerService}: every hosted node's timers live in one hashed timer wheel whose spokes are
 * intrusive doubly linked lists over a pool of primitive arrays. Scheduling and cancelling are O(1); a poll visits
 * only the spokes of the ticks that have passed, looping tick by tick until it has caught up with the time given.
 * Each timer records its owner {@code (nodeIndex, kind, arg)} packed into one long next to it, so no map is needed.
 * <p>
 * Why not Agrona's {@code DeadlineTimerWheel}: its per-tick arrays share one global allocation that doubles when any
 * tick overflows, and scheduling scans a tick's array linearly. With thousands of nodes, one slow duty cycle makes
 * every timer scheduled in it land in the same tick (they share {@code nowNs}), the allocation grows to the burst
 * size for every tick (ticks x burst longs), and every later schedule and tick poll costs O(burst): a slow cycle
 * makes the next one slower. Measured with 1,000 in-memory nodes on a loaded 2-core machine, duty cycles grew to
 * tens of seconds and the cluster never converged; with this wheel the cost of a tick is the number of timers in it.
 * <p>
 * Timer ids carry a generation in their upper 32 bits, so a stale id never cancels a newer timer that reuses the
 * slot. Allocation free once the pool has grown to the working set (it doubles when exhausted). Single threaded.
 */
public final class TimerWheelService implements TimerService
{
    /**
     * Receives fired timers.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param nowNs     time of the poll.
         * @param timerId   id of the fired timer (never reused for another timer's cancel).
         * @param nodeIndex owner.
         * @param kind      as scheduled.
         * @param arg       as scheduled.
         */
        void onTimer(long nowNs, long timerId, int nodeIndex, int kind, int arg);
    }

    private static final int NIL = -1;
    private static final int FREE = -2;
    private static final int MAX_PASSES_PER_TICK = 8;

    private final long startTimeNs;
    private final int resolutionShift;
    private final int spokeMask;
    private final int[] spokeHead;
    private final Listener listener;

    private long[] deadlines;
    private long[] owners;
    private int[] next;
    private int[] prev;
    private int[] spokeOf;
    private int[] generations;
    private int freeHead = NIL;
    private int highWater;

    private long currentTick;
    // Earliest deadline in the current tick's spoke as of its last full walk (lowered by every link into it), or
    // Long.MIN_VALUE when unknown: a poll within the same tick walks the spoke only once something may be due.
    private long spokeEarliestNs = Long.MIN_VALUE;
    private long active;
    private long fired;

    /**
     * @param startTimeNs      time base (the host clock's now).
     * @param tickResolutionNs tick length, a power of two.
     * @param ticksPerWheel    spokes, a power of two.
     * @param initialTimers    pool size to start with.
     * @param listener         receives fired timers.
     */
    public TimerWheelService(
        final long startTimeNs,
        final long tickResolutionNs,
        final int ticksPerWheel,
        final int initialTimers,
        final Listener listener)
    {
        if (!BitUtil.isPowerOfTwo(tickResolutionNs) || !BitUtil.isPowerOfTwo(ticksPerWheel))
        {
            throw new IllegalArgumentException("tickResolutionNs=" + tickResolutionNs + " and ticksPerWheel=" +
                ticksPerWheel + " must be powers of two");
        }
        this.startTimeNs = startTimeNs;
        this.resolutionShift = Long.numberOfTrailingZeros(tickResolutionNs);
        this.spokeMask = ticksPerWheel - 1;
        this.spokeHead = new int[ticksPerWheel];
        Arrays.fill(spokeHead, NIL);
        this.listener = listener;
        final int capacity = Math.max(64, initialTimers);
        deadlines = new long[capacity];
        owners = new long[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        spokeOf = new int[capacity];
        generations = new int[capacity];
        Arrays.fill(spokeOf, FREE);
    }

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final int index = allocate();
        deadlines[index] = deadlineNs;
        owners[index] = pack(nodeIndex, kind, arg);
        final long tick = Math.max(tickOf(deadlineNs), currentTick);
        link(index, (int)tick & spokeMask);
        active++;
        return ((long)generations[index] << 32) | index;
    }

    public boolean cancelTimer(final long timerId)
    {
        if (NULL_TIMER == timerId)
        {
            return false;
        }
        final int index = (int)timerId;
        if (index < 0 || index >= highWater || FREE == spokeOf[index] ||
            generations[index] != (int)(timerId >>> 32))
        {
            return false;
        }
        unlink(index);
        release(index);
        active--;
        return true;
    }

    /**
     * Fire every timer due at {@code nowNs}, tick by tick until the wheel has caught up. Timers scheduled by a
     * handler that are already due fire in the same poll.
     *
     * @param nowNs current time.
     * @return timers fired.
     */
    public int poll(final long nowNs)
    {
        final long nowTick = tickOf(nowNs);
        int expired = 0;
        while (true)
        {
            if (active > 0 && (currentTick < nowTick || nowNs >= spokeEarliestNs))
            {
                expired += pollSpoke((int)currentTick & spokeMask, nowNs);
            }
            if (currentTick >= nowTick)
            {
                break;
            }
            currentTick++;
            spokeEarliestNs = Long.MIN_VALUE;
        }
        return expired;
    }

    /**
     * A lower bound on when the next timer fires, for an idle strategy that sleeps until then: the earliest deadline
     * in the current tick's spoke when known from its last walk, else the start of the first later tick whose spoke
     * holds any timer (possibly one a revolution or more away: waking for it costs a walk of that spoke and
     * nothing fires). Looks at most up to {@code limitNs} and one revolution ahead; O(ticks looked at).
     *
     * @param limitNs the answer when nothing is due earlier.
     * @return the earliest time a timer may be due, at most {@code limitNs}.
     */
    public long nextDeadlineNs(final long limitNs)
    {
        if (0 == active)
        {
            return limitNs;
        }
        long bestNs = limitNs;
        if (NIL != spokeHead[(int)currentTick & spokeMask])
        {
            bestNs = Math.min(bestNs, Long.MIN_VALUE == spokeEarliestNs ? tickStartNs(currentTick) : spokeEarliestNs);
        }
        for (long tick = currentTick + 1, last = currentTick + spokeMask; tick <= last; tick++)
        {
            final long tickStartNs = tickStartNs(tick);
            if (tickStartNs >= bestNs)
            {
                break;
            }
            if (NIL != spokeHead[(int)tick & spokeMask])
            {
                bestNs = tickStartNs;
                break;
            }
        }
        return bestNs;
    }

    /**
     * @return timers scheduled and not yet fired or cancelled.
     */
    public long activeTimers()
    {
        return active;
    }

    /**
     * @return timers fired since creation.
     */
    public long firedTimers()
    {
        return fired;
    }

    /**
     * @return timer slots allocated (the pool grows by doubling, never shrinks).
     */
    public int capacity()
    {
        return deadlines.length;
    }

    private int pollSpoke(final int spoke, final long nowNs)
    {
        int expired = 0;
        int passes = 0;
        boolean firedInPass;
        long earliestNs;
        do
        {
            firedInPass = false;
            earliestNs = Long.MAX_VALUE;
            int index = spokeHead[spoke];
            while (NIL != index)
            {
                final int following = next[index];
                final long deadlineNs = deadlines[index];
                if (deadlineNs > nowNs)
                {
                    earliestNs = Math.min(earliestNs, deadlineNs);
                }
                else
                {
                    final long owner = owners[index];
                    final long timerId = ((long)generations[index] << 32) | index;
                    unlink(index);
                    release(index);
                    active--;
                    fired++;
                    expired++;
                    firedInPass = true;
                    listener.onTimer(nowNs, timerId, nodeIndex(owner), kind(owner), arg(owner));
                    if (NIL != following && spokeOf[following] != spoke)
                    {
                        // The handler cancelled the timer we were about to visit: rescan this spoke.
                        break;
                    }
                }
                index = following;
            }
        }
        while (firedInPass && ++passes < MAX_PASSES_PER_TICK);
        // Only a pass that fired nothing saw the whole spoke as it now is.
        spokeEarliestNs = firedInPass ? Long.MIN_VALUE : earliestNs;
        return expired;
    }

    private long tickStartNs(final long tick)
    {
        return startTimeNs + (tick << resolutionShift);
    }

    private long tickOf(final long timeNs)
    {
        return Math.max(0, (timeNs - startTimeNs) >> resolutionShift);
    }

    private int allocate()
    {
        if (NIL != freeHead)
        {
            final int index = freeHead;
            freeHead = next[index];
            return index;
        }
        if (highWater == deadlines.length)
        {
            final int capacity = highWater * 2;
            deadlines = Arrays.copyOf(deadlines, capacity);
            owners = Arrays.copyOf(owners, capacity);
            next = Arrays.copyOf(next, capacity);
            prev = Arrays.copyOf(prev, capacity);
            spokeOf = Arrays.copyOf(spokeOf, capacity);
            generations = Arrays.copyOf(generations, capacity);
            Arrays.fill(spokeOf, highWater, capacity, FREE);
        }
        return highWater++;
    }

    private void release(final int index)
    {
        spokeOf[index] = FREE;
        generations[index]++;
        next[index] = freeHead;
        freeHead = index;
    }

    private void link(final int index, final int spoke)
    {
        final int head = spokeHead[spoke];
        next[index] = head;
        prev[index] = NIL;
        if (NIL != head)
        {
            prev[head] = index;
        }
        spokeHead[spoke] = index;
        spokeOf[index] = spoke;
        if (spoke == ((int)currentTick & spokeMask) && deadlines[index] < spokeEarliestNs)
        {
            spokeEarliestNs = deadlines[index];
        }
    }

    private void unlink(final int index)
    {
        final int spoke = spokeOf[index];
        final int n = next[index];
        final int p = prev[index];
        if (NIL != p)
        {
            next[p] = n;
        }
        else
        {
            spokeHead[spoke] = n;
        }
        if (NIL != n)
        {
            prev[n] = p;
        }
    }

    static long pack(final int nodeIndex, final int kind, final int arg)
    {
        return ((long)nodeIndex << 32) | ((long)(kind & 0xFF) << 24) | (arg & 0xFF_FFFFL);
    }

    static int nodeIndex(final long owner)
    {
        return (int)(owner >>> 32);
    }

    static int kind(final long owner)
    {
        return (int)(owner >>> 24) & 0xFF;
    }

    static int arg(final long owner)
    {
        return (int)owner & 0xFF_FFFF;
    }
}

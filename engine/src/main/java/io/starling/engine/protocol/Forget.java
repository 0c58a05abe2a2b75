package io.starling.engine.protocol;

import java.util.Arrays;

import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.NONE;

/**
 * Forgetting the dead (memberlist's GossipToTheDeadTime, serf's reap): a member reaped from the probe order and
 * still DEAD or LEFT once {@link ProtocolConfig#forgetTimeoutNs()} has passed since its death leaves this node's
 * view (entry NONE, nothing queued, no reconnect, no longer in push-pull) and gives its directory slot back
 * ({@link MemberDirectory#release}). It does not reap ({@link ProbeScheduler}); a stale ALIVE at the old
 * incarnation may bring a forgotten member back, as in memberlist, and it then dies again by probing.
 */
final class Forget
{
    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final DisseminationQueue queue;
    private final DeadSince deadSince;
    private final Suspicion suspicion;
    private final CounterSink counters;
    private final long forgetMs;
    /** Reaped members in reap order, a ring. */
    private int[] reaped = new int[16];
    private int head;
    private int count;

    Forget(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final DisseminationQueue queue,
        final DeadSince deadSince,
        final Suspicion suspicion,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.queue = queue;
        this.deadSince = deadSince;
        this.suspicion = suspicion;
        this.counters = counters;
        this.forgetMs = self.config.forgetTimeoutNs() / 1_000_000L;
    }

    /**
     * @return true if members are ever forgotten (the reaper then keeps their death time).
     */
    boolean enabled()
    {
        return forgetMs > 0;
    }

    /**
     * A member left the probe order: forget it once the forget timeout has passed since its death.
     */
    void onReaped(final int slot)
    {
        if (count == reaped.length)
        {
            final int[] grown = new int[count * 2];
            for (int i = 0; i < count; i++)
            {
                grown[i] = reaped[(head + i) % reaped.length];
            }
            reaped = grown;
            head = 0;
        }
        reaped[(head + count) % reaped.length] = slot;
        count++;
    }

    /**
     * Forget the reaped members whose time has come, oldest reaped first.
     *
     * @param nowNs current time.
     */
    void poll(final long nowNs)
    {
        final int nowMs = self.ms(nowNs);
        while (count > 0)
        {
            final int slot = reaped[head];
            final long word = table.word(slot);
            final int state = MembershipTable.state(word);
            final boolean stillGone = (DEAD == state || LEFT == state) &&
                0 == (MembershipTable.flags(word) & MembershipTable.FLAG_IN_PROBE_ORDER);
            if (stillGone && nowMs - deadSince.sinceMs(slot, nowMs) < forgetMs)
            {
                return;
            }
            head = (head + 1) % reaped.length;
            count--;
            if (stillGone)
            {
                forget(nowNs, slot, state);
            }
        }
        if (0 == count && reaped.length > 16)
        {
            reaped = Arrays.copyOf(reaped, 16);
            head = 0;
        }
    }

    private void forget(final long nowNs, final int slot, final int state)
    {
        table.set(slot, 0, NONE, 0, 0);
        self.stateChanged(directory.nodeId(slot), state, NONE, nowNs);
        queue.remove(slot);
        suspicion.cancel(slot);
        deadSince.remove(slot);
        directory.release(slot);
        counters.increment(ProtocolCounters.MEMBERS_FORGOTTEN);
    }
}

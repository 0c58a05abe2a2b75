package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * Random peers drawn from the probe order: relays for an indirect probe, gossip targets (the live, and the dead
 * within the gossip-to-the-dead window), one live member for push-pull and the layers above. Picks land in
 * {@link #picked(int)}; it sends nothing. A member expected out of contact (its window open in the
 * expected-absence table) is never picked for this node's own sends: a frame to it reaches nobody, and a counted
 * one would spend an update's transmissions. Without a table the picks, and their draws, are as before.
 */
final class PeerSelection
{
    private static final int NIL = -1;

    private final LocalNode self;
    private final MembershipTable table;
    private final MemberDirectory directory;
    private final ProbeOrder order;
    private final RandomSource random;
    private final DeadSince deadSince;
    private final int[] picked = new int[64];

    PeerSelection(
        final LocalNode self,
        final MembershipTable table,
        final MemberDirectory directory,
        final ProbeOrder order,
        final RandomSource random,
        final DeadSince deadSince)
    {
        this.self = self;
        this.table = table;
        this.directory = directory;
        this.order = order;
        this.random = random;
        this.deadSince = deadSince;
    }

    /**
     * @param i index of a pick, below the count the last pick returned.
     * @return its member slot.
     */
    int picked(final int i)
    {
        return picked[i];
    }

    /**
     * @param nowNs       time.
     * @param wanted      relays wanted.
     * @param excludeSlot the probe target.
     * @return distinct ALIVE members picked, none expected out of contact.
     */
    int pickRelays(final long nowNs, final int wanted, final int excludeSlot)
    {
        int count = 0;
        final int n = order.size();
        for (int attempt = 0; attempt < 4 * wanted + 8 && count < wanted && count < picked.length; attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                break;
            }
            if (slot != excludeSlot && slot != self.selfSlot && ALIVE == table.state(slot) && !isPicked(slot, count) &&
                !self.expectedAbsent(directory.nodeId(slot), nowNs))
            {
                picked[count++] = slot;
            }
            if (count >= n)
            {
                break;
            }
        }
        return count;
    }

    /**
     * @param nowNs  time.
     * @param wanted targets wanted.
     * @return distinct live members, or DEAD or LEFT ones within the gossip-to-the-dead window, picked; none
     * expected out of contact.
     */
    int pickGossipTargets(final long nowNs, final int wanted)
    {
        int count = 0;
        final int nowMs = self.ms(nowNs);
        final long toTheDeadMs = self.config.gossipToTheDeadNs() / 1_000_000L;
        for (int attempt = 0; attempt < 4 * wanted + 8 && count < wanted && count < picked.length; attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                break;
            }
            if (slot == self.selfSlot || isPicked(slot, count) || self.expectedAbsent(directory.nodeId(slot), nowNs))
            {
                continue;
            }
            final int state = table.state(slot);
            if (ALIVE == state || SUSPECT == state ||
                ((DEAD == state || LEFT == state) && (nowMs - deadSince.sinceMs(slot, nowMs)) < toTheDeadMs))
            {
                picked[count++] = slot;
            }
        }
        return count;
    }

    /**
     * @return a random ALIVE member other than this node, or -1 if none was found in a bounded number of draws
     * (the expected-absence table not consulted: for the layers above, which have no clock here).
     */
    int pickLiveMember()
    {
        return pickLiveMember(Long.MIN_VALUE);
    }

    /**
     * @param nowNs time, or {@link Long#MIN_VALUE} not to consult the expected-absence table.
     * @return a random ALIVE member other than this node and not expected out of contact, or -1 if none was found
     * in a bounded number of draws.
     */
    int pickLiveMember(final long nowNs)
    {
        for (int attempt = 0, n = order.size(); attempt < Math.min(2 * n + 8, 64); attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                return NIL;
            }
            if (slot != self.selfSlot && ALIVE == table.state(slot) &&
                (Long.MIN_VALUE == nowNs || !self.expectedAbsent(directory.nodeId(slot), nowNs)))
            {
                return slot;
            }
        }
        return NIL;
    }

    private boolean isPicked(final int slot, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (picked[i] == slot)
            {
                return true;
            }
        }
        return false;
    }
}

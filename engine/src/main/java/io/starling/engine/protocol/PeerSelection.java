package io.starling.engine.protocol;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.SUSPECT;

/**
 * Random peers drawn from the probe order: relays for an indirect probe, gossip targets (the live, and the dead
 * within the gossip-to-the-dead window), one live member for push-pull and the layers above. Picks land in
 * {@link #picked(int)}; it sends nothing.
 */
final class PeerSelection
{
    private static final int NIL = -1;

    private final LocalNode self;
    private final MembershipTable table;
    private final ProbeOrder order;
    private final RandomSource random;
    private final DeadSince deadSince;
    private final int[] picked = new int[64];

    PeerSelection(
        final LocalNode self,
        final MembershipTable table,
        final ProbeOrder order,
        final RandomSource random,
        final DeadSince deadSince)
    {
        this.self = self;
        this.table = table;
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
     * @param wanted      relays wanted.
     * @param excludeSlot the probe target.
     * @return distinct ALIVE members picked.
     */
    int pickRelays(final int wanted, final int excludeSlot)
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
            if (slot != excludeSlot && slot != self.selfSlot && ALIVE == table.state(slot) && !isPicked(slot, count))
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
     * @return distinct live members, or DEAD or LEFT ones within the gossip-to-the-dead window, picked.
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
            if (slot == self.selfSlot || isPicked(slot, count))
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
     * @return a random ALIVE member other than this node, or -1 if none was found in a bounded number of draws.
     */
    int pickLiveMember()
    {
        for (int attempt = 0, n = order.size(); attempt < Math.min(2 * n + 8, 64); attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                return NIL;
            }
            if (slot != self.selfSlot && ALIVE == table.state(slot))
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

package io.starling.engine.protocol;

/**
 * The end of this node's own expected-absence window: while the window is open the node starts no probe, Gossip or
 * push-pull, so news that spread meanwhile (a death rumor runs its transmissions out in seconds) would reach it only
 * at its next periodic push-pull, up to a whole interval later (150 to 210 s at 300 to 2,000 members). At the first
 * probe tick after the window ends it has {@link PushPullSync#startNow} exchange views with a member in contact, which
 * also restarts the periodic interval. It reads the table once per tick and draws nothing; without a table (or with
 * the node never out of contact) it never acts. It does not change what the node does during the window.
 */
final class ContactReturn
{
    private final LocalNode self;
    private final PushPullSync pushPull;
    /** Whether the node's own window was open at the last probe tick. */
    private boolean wasOutOfContact;

    ContactReturn(final LocalNode self, final PushPullSync pushPull)
    {
        this.self = self;
        this.pushPull = pushPull;
    }

    /**
     * A probe tick of this node: start a push-pull if its own window was open at the last tick and is not now.
     *
     * @param nowNs time of the tick.
     */
    void onProbeTick(final long nowNs)
    {
        final boolean outOfContact = self.expectedAbsent(self.nodeId, nowNs);
        if (wasOutOfContact && !outOfContact)
        {
            pushPull.startNow(nowNs);
        }
        wasOutOfContact = outOfContact;
    }
}

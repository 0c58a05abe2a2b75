package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * One SWIM + Lifeguard protocol node, sans-IO. (Work in progress: the public surface is fixed, the behaviour
 * lands in the next commits.)
 */
public final class SwimNode implements ProtocolNode
{
    private final ProtocolConfig config;
    private final int nodeIndex;
    private final int nodeId;

    public SwimNode(
        final ProtocolConfig config,
        final int nodeIndex,
        final int nodeId,
        final int ipv4,
        final int port,
        final MemberDirectory directory,
        final RandomSource random,
        final TimerService timers,
        final Outbox outbox,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        this.config = config;
        this.nodeIndex = nodeIndex;
        this.nodeId = nodeId;
    }

    /** Add a seed endpoint to join through; call before {@link #start(long)}. */
    public void addSeed(final int ipv4, final int port)
    {
    }

    public void start(final long nowNs)
    {
    }

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        return 0;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
    }

    /** Leave gracefully: spread LEFT about ourselves and stop probing. */
    public void leave(final long nowNs)
    {
    }

    /** Replace this node's metadata (spread with a new metadata version). */
    public void updateMetadata(final long nowNs, final DirectBuffer metadata, final int offset, final int length)
    {
    }

    /** @return this node's id. */
    public int nodeId()
    {
        return nodeId;
    }

    /** @return this node's index in its host. */
    public int nodeIndex()
    {
        return nodeIndex;
    }

    /** @return this node's own incarnation. */
    public int incarnation()
    {
        return 0;
    }

    /** @return {@link MemberState} of a member as this node sees it, or {@link MemberState#NONE}. */
    public int memberState(final int memberId)
    {
        return MemberState.NONE;
    }

    /** @return incarnation of a member as this node sees it, or -1 if unknown. */
    public int memberIncarnation(final int memberId)
    {
        return -1;
    }

    /** @return members (including this node) this node sees as alive or suspect. */
    public int liveMemberCount()
    {
        return 0;
    }

    /** @return Lifeguard local health multiplier score (0 is healthy). */
    public int healthScore()
    {
        return 0;
    }
}

package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;

/**
 * Turns the protocol's state changes into {@link MembershipListener} calls.
 */
final class ListenerBridge implements MembershipObserver
{
    private final MembershipListener listener;

    ListenerBridge(final MembershipListener listener)
    {
        this.listener = listener;
    }

    public void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        switch (newState)
        {
            case MemberState.ALIVE:
                if (MemberState.SUSPECT == oldState || MemberState.ALIVE == oldState)
                {
                    listener.onAlive(observerId, memberId, incarnation);
                }
                else
                {
                    listener.onJoin(observerId, memberId, incarnation);
                }
                break;
            case MemberState.SUSPECT:
                listener.onSuspect(observerId, memberId, incarnation);
                break;
            case MemberState.DEAD:
                listener.onDead(observerId, memberId, incarnation);
                break;
            case MemberState.LEFT:
                listener.onLeft(observerId, memberId, incarnation);
                break;
            default:
                break;
        }
    }

    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        listener.onMetadataUpdate(observerId, memberId, metaVersion);
    }
}

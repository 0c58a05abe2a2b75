package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;

/**
 * Turns the protocol's state changes into {@link MembershipListener} calls.
 */
final class ListenerBridge implements MembershipObserver
{
    private final MembershipListener listener;
    private final int[] nodeIds;

    ListenerBridge(final MembershipListener listener, final int[] nodeIds)
    {
        this.listener = listener;
        this.nodeIds = nodeIds.clone();
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

    public void onPingAck(
        final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
    {
        listener.onPingAck(nodeId(nodeIndex), memberId, correlationId, rttNs);
    }

    public void onPingTimeout(final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
    {
        listener.onPingTimeout(nodeId(nodeIndex), memberId, correlationId);
    }

    private int nodeId(final int nodeIndex)
    {
        return nodeIndex >= 0 && nodeIndex < nodeIds.length ? nodeIds[nodeIndex] : -1;
    }
}

package io.starling.engine.sim;

import io.starling.engine.protocol.MembershipObserver;

/**
 * The observer every simulated node reports to: the {@link SimMetrics} first, then the context's extra observer,
 * if any. It keeps nothing itself.
 */
final class SimObserver implements MembershipObserver
{
    private final SimMetrics metrics;
    private final MembershipObserver extra;

    SimObserver(final SimMetrics metrics, final MembershipObserver extra)
    {
        this.metrics = metrics;
        this.extra = null == extra ? MembershipObserver.NO_OP : extra;
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
        metrics.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
        extra.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
    }

    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        metrics.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
        extra.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
    }

    public void onMemberMetadataReceived(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        metrics.onMemberMetadataReceived(nowNs, nodeIndex, observerId, memberId, metaVersion);
        extra.onMemberMetadataReceived(nowNs, nodeIndex, observerId, memberId, metaVersion);
    }

    public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        metrics.onRefute(nowNs, nodeIndex, nodeId, incarnation);
        extra.onRefute(nowNs, nodeIndex, nodeId, incarnation);
    }

    public void onProbeAck(final long nowNs, final int nodeIndex, final int memberId, final long rttNs)
    {
        extra.onProbeAck(nowNs, nodeIndex, memberId, rttNs);
    }
}

package io.starling.engine.host;

import java.util.function.LongConsumer;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MembershipObserver;
import org.agrona.ErrorHandler;

/**
 * Listener invocation on the agent thread: the hosted nodes' events, the command outcomes and the housekeeping tick
 * go to the application's observer; an exception it throws is counted ({@code LISTENER_ERRORS}) and logged, never let
 * into the duty cycle. It also hands each probe round trip to the gauges. It does not decide what happened.
 */
final class ListenerInvoker implements MembershipObserver
{
    private final MembershipObserver observer;
    private final LongConsumer housekeepingListener;
    private final HostGauges gauges;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;

    ListenerInvoker(
        final MembershipObserver observer,
        final LongConsumer housekeepingListener,
        final HostGauges gauges,
        final EngineCounters counters,
        final ErrorHandler errorHandler)
    {
        this.observer = null == observer ? MembershipObserver.NO_OP : observer;
        this.housekeepingListener = housekeepingListener;
        this.gauges = gauges;
        this.counters = counters;
        this.errorHandler = errorHandler;
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
        try
        {
            observer.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        try
        {
            observer.onMemberMetadata(nowNs, nodeIndex, observerId, memberId, metaVersion);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onMemberMetadataReceived(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        try
        {
            observer.onMemberMetadataReceived(nowNs, nodeIndex, observerId, memberId, metaVersion);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onNodeIdConflict(
        final long nowNs, final int nodeIndex, final int nodeId, final int otherIpv4, final int otherPort)
    {
        try
        {
            observer.onNodeIdConflict(nowNs, nodeIndex, nodeId, otherIpv4, otherPort);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        try
        {
            observer.onRefute(nowNs, nodeIndex, nodeId, incarnation);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onExpectedAbsence(final long nowNs, final int memberId, final long untilNs)
    {
        try
        {
            observer.onExpectedAbsence(nowNs, memberId, untilNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onProbeAck(final long nowNs, final int nodeIndex, final int memberId, final long rttNs)
    {
        gauges.onProbeRtt(rttNs);
        try
        {
            observer.onProbeAck(nowNs, nodeIndex, memberId, rttNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onPingAck(
        final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
    {
        try
        {
            observer.onPingAck(nowNs, nodeIndex, memberId, correlationId, rttNs);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    public void onPingTimeout(final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
    {
        try
        {
            observer.onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
        }
        catch (final Throwable t)
        {
            onListenerError(t);
        }
    }

    /**
     * @param nowNs the duty cycle's time, told at every housekeeping (about every 10 ms).
     */
    void onHousekeeping(final long nowNs)
    {
        if (null != housekeepingListener)
        {
            try
            {
                housekeepingListener.accept(nowNs);
            }
            catch (final Throwable t)
            {
                onListenerError(t);
            }
        }
    }

    private void onListenerError(final Throwable t)
    {
        counters.addHost(HostCounters.LISTENER_ERRORS, 1);
        errorHandler.onError(t);
    }
}

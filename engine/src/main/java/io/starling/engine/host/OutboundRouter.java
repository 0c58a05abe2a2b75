package io.starling.engine.host;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.FrameSink;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.SealingFrameSink;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.FrameChecksum;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;

/**
 * Frames out: each complete frame of the shared outbox passes the {@link FaultModel}, then goes to the in-memory path
 * when its destination is this process (unless forced through the network) or to the network transport, sealed by
 * the cipher or given its checksum trailer. It does not pack frames ({@code FramePacker} does) nor retry a send.
 */
final class OutboundRouter implements FrameSink
{
    private final int[] nodeIds;
    private final int localIpv4;
    private final int localPort;
    private final boolean forceNetworkForLocal;
    private final Transport network;
    private final InMemoryTransport inMemory;
    private final FaultModel faults;
    private final FrameChecksum checksum;
    private final FrameSink networkOutbound;
    private final EngineCounters counters;

    OutboundRouter(
        final int[] nodeIds,
        final int localIpv4,
        final int localPort,
        final boolean forceNetworkForLocal,
        final Transport network,
        final InMemoryTransport inMemory,
        final FaultModel faults,
        final FrameCipher cipher,
        final int frameBudgetBytes,
        final EngineCounters counters)
    {
        this.nodeIds = nodeIds;
        this.localIpv4 = localIpv4;
        this.localPort = localPort;
        this.forceNetworkForLocal = forceNetworkForLocal;
        this.network = network;
        this.inMemory = inMemory;
        this.faults = faults;
        this.counters = counters;
        this.checksum = new FrameChecksum(frameBudgetBytes, this::sendToNetwork);
        this.networkOutbound = null == cipher ? checksum : new SealingFrameSink(cipher, this::sendToNetwork);
    }

    /**
     * @return verifies a clear network frame's checksum trailer; the inbound side opens frames with it.
     */
    FrameChecksum checksum()
    {
        return checksum;
    }

    /**
     * A complete frame from the shared outbox: apply the fault model, then the in-memory path or the network.
     * {@inheritDoc}
     */
    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int verdict = faults.check(nodeIds[srcNodeIndex], dstNodeId);
        if (FaultModel.PASS != verdict)
        {
            counters.increment(verdict);
            return;
        }
        if (dstIpv4 == localIpv4 && dstPort == localPort && (!forceNetworkForLocal || null == network))
        {
            inMemory.send(dstIpv4, dstPort, buffer, offset, length);
        }
        else if (null != network)
        {
            networkOutbound.onFrame(srcNodeIndex, dstNodeId, dstIpv4, dstPort, buffer, offset, length);
        }
        else
        {
            counters.increment(TransportCounters.DROP_NOT_CONNECTED);
        }
    }

    private void sendToNetwork(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (network.send(dstIpv4, dstPort, buffer, offset, length))
        {
            counters.addHost(HostCounters.NETWORK_FRAMES_SENT, 1);
        }
    }
}

package io.starling.engine.host;

import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.FramePacker;
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
 * the cipher or given its checksum trailer. A frame of whole-view chunks (push-pull, Join answers) goes to another
 * process only while the path's window keeps {@link #STATE_WINDOW_RESERVE_BYTES} free after it: one publication
 * carries every frame to a process, and a view larger than its window (240 KB at 10,000 members against 128 KiB) sent
 * in one duty cycle filled it, so the Pings and Acks behind were dropped for back pressure and members of the other
 * process were suspected. The chunks held back wait in the {@link StateFrameBacklog} and go in later duty cycles as
 * the window opens ({@link #drainStateBacklog(long)}); one that waits too long or finds the backlog full is dropped
 * and counted ({@link TransportCounters#DROP_STATE_WINDOW}). It does not pack frames ({@code FramePacker} does) nor
 * retry a send the transport refused.
 */
final class OutboundRouter implements FrameSink
{
    /**
     * Window a frame of whole-view chunks must leave free on the path to another process: 32 KiB, a quarter of the
     * 128 KiB window of the default 256 KiB terms, room for about 200 Pings or Acks with their updates.
     */
    static final int STATE_WINDOW_RESERVE_BYTES = 32 * 1024;
    private static final int TEMPLATE_ID_OFFSET =
        FramePacker.FRAME_HEADER_LENGTH + MessageHeaderDecoder.templateIdEncodingOffset();

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
    private final StateFrameBacklog stateBacklog = new StateFrameBacklog(STATE_WINDOW_RESERVE_BYTES);
    private long nowNs;

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
            // Behind frames of its destination already waiting, or beyond what the window takes beside the reserve.
            if (isStateFrame(buffer, offset, length) && (stateBacklog.holds(dstIpv4, dstPort) ||
                network.windowBytes(dstIpv4, dstPort) < (long)length + STATE_WINDOW_RESERVE_BYTES))
            {
                counters.increment(stateBacklog.offer(nowNs, srcNodeIndex, dstNodeId, dstIpv4, dstPort, buffer,
                    offset, length) ? TransportCounters.STATE_FRAMES_HELD : TransportCounters.DROP_STATE_WINDOW);
                return;
            }
            networkOutbound.onFrame(srcNodeIndex, dstNodeId, dstIpv4, dstPort, buffer, offset, length);
        }
        else
        {
            counters.increment(TransportCounters.DROP_NOT_CONNECTED);
        }
    }

    /**
     * Send the whole-view frames held back that the paths' windows now take; drop those that waited too long. Call
     * once per duty cycle, before the cycle's own frames.
     *
     * @param nowNs the duty cycle's time.
     * @return frames sent.
     */
    int drainStateBacklog(final long nowNs)
    {
        this.nowNs = nowNs;
        if (null == network || 0 == stateBacklog.frames())
        {
            return 0;
        }
        final int sent = stateBacklog.drain(nowNs, network, networkOutbound);
        final long expired = stateBacklog.takeExpired();
        if (expired > 0)
        {
            counters.add(TransportCounters.DROP_STATE_WINDOW, expired);
        }
        return sent;
    }

    /**
     * @return whole-view frames waiting for a window.
     */
    int stateBacklogFrames()
    {
        return stateBacklog.frames();
    }

    private static boolean isStateFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= TEMPLATE_ID_OFFSET + 2 && PushPullChunkEncoder.TEMPLATE_ID ==
            buffer.getShort(offset + TEMPLATE_ID_OFFSET, MessageHeaderDecoder.BYTE_ORDER);
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

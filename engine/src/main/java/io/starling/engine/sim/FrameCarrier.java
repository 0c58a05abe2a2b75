package io.starling.engine.sim;

import io.starling.engine.protocol.FrameSink;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.agrona.DirectBuffer;

/**
 * The send side of the simulated network: takes each frame the shared frame packer flushes, finds the receiving
 * node (by node id, which is its directory slot, or by endpoint for {@link Outbox#ANY_NODE}; with processes, the
 * process at the frame's endpoint and then its hosted node: {@link SimProcesses#hostedNode}), asks the
 * {@link NetworkModel} whether and when it arrives, copies it into the {@link FrameSlab} and queues its delivery.
 * A frame that goes nowhere is counted against its sender. Handing a due frame to its node is the event loop's.
 */
final class FrameCarrier implements FrameSink
{
    private final Simulation sim;
    private final SimClock clock;
    private final EventQueue queue;
    private final FrameSlab slab;
    private final NetworkModel network;
    private final MemberDirectory directory;
    private final SimProcesses processes;
    private final SimCounters counters;
    private final SimMetrics metrics;
    private final int nodeCount;

    FrameCarrier(
        final Simulation sim,
        final SimClock clock,
        final EventQueue queue,
        final FrameSlab slab,
        final NetworkModel network,
        final MemberDirectory directory,
        final SimProcesses processes,
        final SimCounters counters,
        final SimMetrics metrics)
    {
        this.sim = sim;
        this.clock = clock;
        this.queue = queue;
        this.slab = slab;
        this.network = network;
        this.directory = directory;
        this.processes = processes;
        this.counters = counters;
        this.metrics = metrics;
        this.nodeCount = sim.nodeCount();
    }

    public void onFrame(
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        metrics.onFrameSent(srcNodeIndex, length);

        final int dst;
        if (null != processes)
        {
            final int process = dstPort == sim.context().port() ? processes.processAt(dstIpv4) : -1;
            dst = process < 0 ? -1 : processes.hostedNode(process, dstNodeId, srcNodeIndex, sim);
        }
        else if (Outbox.ANY_NODE == dstNodeId)
        {
            dst = sim.indexOfEndpoint(dstIpv4, dstPort);
        }
        else
        {
            final int slot = directory.slotOf(dstNodeId);
            dst = slot < nodeCount ? slot : -1;
        }

        if (dst < 0 || length > slab.chunkLengthBytes())
        {
            counters.count(srcNodeIndex, ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return;
        }
        if (!sim.isLive(dst))
        {
            counters.count(srcNodeIndex, TransportCounters.DROP_NOT_CONNECTED);
            return;
        }
        final long nowNs = clock.nowNs();
        final int verdict = network.decide(srcNodeIndex, dst, nowNs);
        if (NetworkModel.DELIVER != verdict)
        {
            counters.count(srcNodeIndex, verdict);
            return;
        }

        final long latencyNs = network.latencyNs(srcNodeIndex, dst);
        final int chunk = slab.store(buffer, offset, length);
        queue.push(nowNs + latencyNs, queue.allocate(SimEventLoop.EVENT_FRAME, dst, srcNodeIndex, chunk, length));
    }
}

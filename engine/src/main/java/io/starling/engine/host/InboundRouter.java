package io.starling.engine.host;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.InboundFrameOpener;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.FrameChecksum;
import io.starling.engine.transport.FrameHandler;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

/**
 * Frames in: polls the network transport (each frame's checksum verified or, sealed, opened first) and the in-memory
 * path, and hands each frame to the started hosted node its FrameHeader's {@code dstNode} names ({@link
 * Outbox#ANY_NODE}: the node {@link HostedNodes} chooses, after which the {@link FaultModel}'s partitions and
 * schedule apply between the sender and that node, as they apply at the sender to a frame with a known receiver: a
 * Join from a node cut off by the plan reaches no one). It does not decode the frame's messages.
 */
final class InboundRouter implements FrameHandler
{
    private static final int FRAME_HEADER_LENGTH = FramePacker.FRAME_HEADER_LENGTH;

    private final Transport network;
    private final InMemoryTransport inMemory;
    private final FrameHandler networkInbound;
    private final int fragmentLimit;
    private final HostedNodes nodes;
    private final FaultModel faults;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();
    private long nowNs;

    InboundRouter(
        final Transport network,
        final InMemoryTransport inMemory,
        final FrameCipher cipher,
        final FrameChecksum checksum,
        final int fragmentLimit,
        final HostedNodes nodes,
        final FaultModel faults,
        final EngineCounters counters,
        final ErrorHandler errorHandler)
    {
        this.network = network;
        this.inMemory = inMemory;
        this.networkInbound = new InboundFrameOpener(cipher, checksum, counters, this);
        this.fragmentLimit = fragmentLimit;
        this.nodes = nodes;
        this.faults = faults;
        this.counters = counters;
        this.errorHandler = errorHandler;
    }

    /**
     * Drive the network transport's housekeeping (an INVOKER-mode media driver and the Aeron client conductor run
     * here) and route up to the fragment limit of its frames.
     *
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int pollNetwork(final long nowNs)
    {
        if (null == network)
        {
            return 0;
        }
        this.nowNs = nowNs;
        int work = 0;
        try
        {
            work += network.doWork(nowNs);
            final int received = network.poll(networkInbound, fragmentLimit);
            if (received > 0)
            {
                counters.addHost(HostCounters.NETWORK_FRAMES_RECEIVED, received);
                work += received;
            }
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
        return work;
    }

    /**
     * At the end of a duty cycle: let the network transport send what the cycle handed it and take in the datagrams
     * waiting for the next {@link #pollNetwork(long)} ({@link Transport#flush(long)}).
     *
     * @param nowNs the time at the end of the duty cycle.
     * @return work done.
     */
    int flushNetwork(final long nowNs)
    {
        if (null == network)
        {
            return 0;
        }
        try
        {
            return network.flush(nowNs);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
            return 0;
        }
    }

    /**
     * Route the in-memory frames queued since the last delivery (frames they cause wait for the next one).
     *
     * @param nowNs the duty cycle's time.
     * @return frames delivered.
     */
    int pollInMemory(final long nowNs)
    {
        this.nowNs = nowNs;
        final int delivered = inMemory.poll(this, Integer.MAX_VALUE);
        if (delivered > 0)
        {
            counters.addHost(HostCounters.IN_MEMORY_FRAMES, delivered);
        }
        return delivered;
    }

    /**
     * @return true if in-memory frames wait for delivery.
     */
    boolean hasPendingFrames()
    {
        return inMemory.pendingBytes() > 0;
    }

    /**
     * A frame from the network (its checksum verified or, sealed, opened first) or the in-memory path: route it to
     * the hosted node it is addressed to.
     * {@inheritDoc}
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FRAME_HEADER_LENGTH)
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (FrameHeaderDecoder.TEMPLATE_ID != headerDecoder.templateId() ||
            FrameHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return;
        }
        frameHeaderDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            FrameHeaderDecoder.BLOCK_LENGTH, FrameHeaderDecoder.SCHEMA_VERSION);
        final int dst = frameHeaderDecoder.dstNode();
        final int src = frameHeaderDecoder.srcNode();
        final boolean anyNode = Outbox.ANY_NODE == dst;
        final int index = nodes.startedIndexFor(nowNs, dst, src, anyNode);
        if (index < 0)
        {
            if (HostedNodes.STOPPED == index)
            {
                counters.incrementHost(HostCounters.DROP_STOPPED_NODE);
            }
            else
            {
                counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            }
            return;
        }
        if (anyNode)
        {
            final int verdict = faults.checkReach(src, nodes.node(index).nodeId());
            if (FaultModel.PASS != verdict)
            {
                counters.increment(verdict);
                return;
            }
        }
        try
        {
            nodes.node(index).onFrame(nowNs, buffer, offset, length);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }
}

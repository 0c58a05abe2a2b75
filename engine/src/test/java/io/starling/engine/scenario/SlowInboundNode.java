package io.starling.engine.scenario;

import java.util.ArrayDeque;

import io.starling.engine.protocol.ProtocolNode;
import io.starling.engine.protocol.TimerService;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A node that processes incoming messages late while its timers fire on time: the "slow message processing" of
 * the Lifeguard paper (Dadgar et al., 2018, section 3), e.g. a CPU-starved process whose receive queue backs up.
 * Frames are held for {@code delayNs} through the node's own timers (kind {@link #TIMER_DELIVER}), in order.
 */
final class SlowInboundNode implements ProtocolNode
{
    static final int TIMER_DELIVER = 200;

    private final ProtocolNode inner;
    private final TimerService timers;
    private final int nodeIndex;
    private final long delayNs;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();

    SlowInboundNode(final ProtocolNode inner, final TimerService timers, final int nodeIndex, final long delayNs)
    {
        this.inner = inner;
        this.timers = timers;
        this.nodeIndex = nodeIndex;
        this.delayNs = delayNs;
    }

    public void start(final long nowNs)
    {
        inner.start(nowNs);
    }

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        held.addLast(copy);
        timers.scheduleTimer(nodeIndex, TIMER_DELIVER, 0, nowNs + delayNs);
        return 0;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        if (TIMER_DELIVER == kind)
        {
            final byte[] frame = held.pollFirst();
            if (null != frame)
            {
                inner.onFrame(nowNs, new UnsafeBuffer(frame), 0, frame.length);
            }
        }
        else
        {
            inner.onTimer(nowNs, timerId, kind, arg);
        }
    }
}

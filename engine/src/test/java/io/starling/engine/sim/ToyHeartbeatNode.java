package io.starling.engine.sim;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolNode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A toy failure detector for infrastructure tests: every period each node sends a heartbeat (its heartbeat count
 * as incarnation, and its metadata version) to every other node, or to {@code fanout} random ones; every period
 * it marks members not heard from for {@code suspectAfterNs} SUSPECT and for {@code deadAfterNs} DEAD. Its
 * messages are 16 raw bytes, not SBE.
 */
final class ToyHeartbeatNode implements ProtocolNode
{
    static final int TIMER_HEARTBEAT = 1;
    static final int TIMER_CHECK = 2;
    static final int MAGIC = 0x70794859;
    static final int MESSAGE_LENGTH = 16;

    private final Simulation sim;
    private final int index;
    private final int nodeId;
    private final long periodNs;
    private final long suspectAfterNs;
    private final long deadAfterNs;
    private final int fanout;
    private final int[] state;
    private final long[] lastHeardNs;
    private final int[] metaSeen;
    private int heartbeat;
    private int metaVersion;
    private int seq;
    private long framesHandled;

    ToyHeartbeatNode(
        final Simulation sim,
        final int index,
        final long periodNs,
        final long suspectAfterNs,
        final long deadAfterNs,
        final int fanout)
    {
        this.sim = sim;
        this.index = index;
        this.nodeId = sim.nodeId(index);
        this.periodNs = periodNs;
        this.suspectAfterNs = suspectAfterNs;
        this.deadAfterNs = deadAfterNs;
        this.fanout = fanout;
        final int n = sim.nodeCount();
        state = new int[n];
        lastHeardNs = new long[n];
        metaSeen = new int[n];
        java.util.Arrays.fill(state, MemberState.NONE);
    }

    public void start(final long nowNs)
    {
        state[index] = MemberState.ALIVE;
        sim.observer().onMemberStateChange(nowNs, index, nodeId, nodeId, MemberState.NONE, MemberState.ALIVE, 0);
        sim.timers().scheduleTimer(index, TIMER_HEARTBEAT, 0, nowNs);
        sim.timers().scheduleTimer(index, TIMER_CHECK, 0, nowNs + periodNs);
    }

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        framesHandled++;
        final int srcId = buffer.getInt(
            offset + MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.srcNodeEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        final int src = sim.indexOf(srcId);
        int messages = 0;
        for (int p = offset + FramePacker.FRAME_HEADER_LENGTH; p + MESSAGE_LENGTH <= offset + length;
            p += MESSAGE_LENGTH)
        {
            if (MAGIC != buffer.getInt(p) || src < 0)
            {
                continue;
            }
            messages++;
            final int incarnation = buffer.getInt(p + 4);
            final int meta = buffer.getInt(p + 8);
            lastHeardNs[src] = nowNs;
            if (MemberState.ALIVE != state[src])
            {
                final int old = state[src];
                state[src] = MemberState.ALIVE;
                sim.observer().onMemberStateChange(nowNs, index, nodeId, srcId, old, MemberState.ALIVE, incarnation);
            }
            if (meta > metaSeen[src])
            {
                metaSeen[src] = meta;
                sim.observer().onMemberMetadata(nowNs, index, nodeId, srcId, meta);
            }
        }
        return messages;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        if (TIMER_HEARTBEAT == kind)
        {
            heartbeat++;
            final int n = sim.nodeCount();
            if (fanout <= 0)
            {
                for (int j = 0; j < n; j++)
                {
                    if (j != index)
                    {
                        send(j);
                    }
                }
            }
            else
            {
                for (int k = 0; k < fanout; k++)
                {
                    final int j = sim.random().nextInt(n);
                    if (j != index)
                    {
                        send(j);
                    }
                }
            }
            sim.timers().scheduleTimer(index, TIMER_HEARTBEAT, 0, nowNs + periodNs);
        }
        else if (TIMER_CHECK == kind)
        {
            for (int j = 0; j < state.length; j++)
            {
                if (j == index)
                {
                    continue;
                }
                final long silentNs = nowNs - lastHeardNs[j];
                if (MemberState.ALIVE == state[j] && silentNs > suspectAfterNs)
                {
                    state[j] = MemberState.SUSPECT;
                    sim.observer().onMemberStateChange(
                        nowNs, index, nodeId, sim.nodeId(j), MemberState.ALIVE, MemberState.SUSPECT, 0);
                }
                if (MemberState.SUSPECT == state[j] && silentNs > deadAfterNs)
                {
                    state[j] = MemberState.DEAD;
                    sim.observer().onMemberStateChange(
                        nowNs, index, nodeId, sim.nodeId(j), MemberState.SUSPECT, MemberState.DEAD, 0);
                }
            }
            sim.timers().scheduleTimer(index, TIMER_CHECK, 0, nowNs + periodNs);
        }
    }

    void updateMetadata()
    {
        metaVersion++;
    }

    int state(final int member)
    {
        return state[member];
    }

    long framesHandled()
    {
        return framesHandled;
    }

    private void send(final int j)
    {
        final int offset = sim.outbox().claim(index, nodeId, sim.nodeId(j), sim.ipv4(j), sim.port(j), MESSAGE_LENGTH);
        if (offset >= 0)
        {
            final MutableDirectBuffer buffer = sim.outbox().buffer();
            buffer.putInt(offset, MAGIC);
            buffer.putInt(offset + 4, heartbeat);
            buffer.putInt(offset + 8, metaVersion);
            buffer.putInt(offset + 12, ++seq);
            sim.outbox().commit(MESSAGE_LENGTH);
        }
    }

    /**
     * Factory with the node's parameters.
     */
    static final class Factory implements NodeFactory
    {
        private final long periodNs;
        private final long suspectAfterNs;
        private final long deadAfterNs;
        private final int fanout;

        Factory(final long periodNs, final long suspectAfterNs, final long deadAfterNs, final int fanout)
        {
            this.periodNs = periodNs;
            this.suspectAfterNs = suspectAfterNs;
            this.deadAfterNs = deadAfterNs;
            this.fanout = fanout;
        }

        public ProtocolNode newNode(final Simulation sim, final int nodeIndex, final boolean restart)
        {
            return new ToyHeartbeatNode(sim, nodeIndex, periodNs, suspectAfterNs, deadAfterNs, fanout);
        }

        public void updateMetadata(
            final ProtocolNode node, final long nowNs, final DirectBuffer metadata, final int offset, final int length)
        {
            ((ToyHeartbeatNode)node).updateMetadata();
        }
    }
}

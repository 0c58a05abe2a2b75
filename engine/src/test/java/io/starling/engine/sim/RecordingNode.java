package io.starling.engine.sim;

import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolNode;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

/**
 * A node that does nothing on its own and records what reaches it: frames (time, source index, first payload
 * int) and timers (time, id, kind, arg). Tests make it send and schedule.
 */
final class RecordingNode implements ProtocolNode
{
    final Simulation sim;
    final int index;
    final LongArrayList frameTimesNs = new LongArrayList();
    final LongArrayList frameSources = new LongArrayList();
    final LongArrayList framePayloads = new LongArrayList();
    final LongArrayList timerTimesNs = new LongArrayList();
    final LongArrayList timerIds = new LongArrayList();
    final LongArrayList timerKinds = new LongArrayList();
    final LongArrayList timerArgs = new LongArrayList();
    long startedAtNs = -1;
    int startCount;

    RecordingNode(final Simulation sim, final int index)
    {
        this.sim = sim;
        this.index = index;
    }

    static NodeFactory factory()
    {
        return RecordingNode::new;
    }

    static NodeFactory factory(final java.util.List<RecordingNode> created)
    {
        return (sim, nodeIndex, restart) ->
        {
            final RecordingNode node = new RecordingNode(sim, nodeIndex);
            created.add(node);
            return node;
        };
    }

    private RecordingNode(final Simulation sim, final int index, final boolean restart)
    {
        this(sim, index);
    }

    public void start(final long nowNs)
    {
        startedAtNs = nowNs;
        startCount++;
    }

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        final int srcId = buffer.getInt(
            offset + MessageHeaderEncoder.ENCODED_LENGTH + FrameHeaderEncoder.srcNodeEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        frameTimesNs.addLong(nowNs);
        frameSources.addLong(sim.indexOf(srcId));
        framePayloads.addLong(length >= FramePacker.FRAME_HEADER_LENGTH + 4 ?
            buffer.getInt(offset + FramePacker.FRAME_HEADER_LENGTH) : -1);
        return 1;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        timerTimesNs.addLong(nowNs);
        timerIds.addLong(timerId);
        timerKinds.addLong(kind);
        timerArgs.addLong(arg);
    }

    /**
     * Send one 4-byte message to a node (by id, or to its endpoint with {@link Outbox#ANY_NODE}) and flush.
     */
    void send(final int dst, final int payload, final boolean anyNode)
    {
        final Outbox outbox = sim.outbox();
        final int offset = outbox.claim(
            index, sim.nodeId(index), anyNode ? Outbox.ANY_NODE : sim.nodeId(dst), sim.ipv4(dst), sim.port(dst), 4);
        outbox.buffer().putInt(offset, payload);
        outbox.commit(4);
        outbox.flush();
    }

    long schedule(final int kind, final int arg, final long deadlineNs)
    {
        return sim.timers().scheduleTimer(index, kind, arg, deadlineNs);
    }
}

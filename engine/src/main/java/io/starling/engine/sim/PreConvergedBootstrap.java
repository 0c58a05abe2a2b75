package io.starling.engine.sim;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolNode;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The frames of {@link JoinMode#PRE_CONVERGED}: a full-state push-pull reply listing every node ALIVE, encoded
 * once (as many PushPullChunk messages as it takes, one per frame) and handed to each node right after it starts,
 * with the frame header's source and destination patched for that node.
 */
final class PreConvergedBootstrap
{
    /** syncId of the bootstrap push-pull reply. */
    static final int SYNC_ID = 0x5EED;

    private static final int MEMBER_ENTRY_LENGTH = PushPullChunkEncoder.MembersEncoder.sbeBlockLength() + 2;
    private static final int CHUNK_FIXED_LENGTH = FramePacker.FRAME_HEADER_LENGTH +
        MessageHeaderEncoder.ENCODED_LENGTH + PushPullChunkEncoder.BLOCK_LENGTH +
        PushPullChunkEncoder.MembersEncoder.HEADER_SIZE;

    private final int frameStrideBytes;
    private final int frameCount;
    private final int[] frameLength;
    private final UnsafeBuffer buffer;

    PreConvergedBootstrap(final Simulation sim, final NodeFactory factory, final ProtocolNode[] nodes)
    {
        final int nodeCount = sim.nodeCount();
        final int budget = sim.config().frameBudgetBytes();
        final int perFrame = Math.max(1, Math.min(65_535, (budget - CHUNK_FIXED_LENGTH) / MEMBER_ENTRY_LENGTH));
        frameCount = (nodeCount + perFrame - 1) / perFrame;
        if (frameCount > 65_535)
        {
            throw new IllegalArgumentException("nodes=" + nodeCount + " too many for a pre-converged bootstrap");
        }
        frameStrideBytes = BitUtil.align(budget, 64);
        frameLength = new int[frameCount];
        buffer = new UnsafeBuffer(new byte[frameCount * frameStrideBytes]);

        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FrameHeaderEncoder frameHeader = new FrameHeaderEncoder();
        final PushPullChunkEncoder chunk = new PushPullChunkEncoder();

        for (int f = 0; f < frameCount; f++)
        {
            final int frameOffset = f * frameStrideBytes;
            frameHeader.wrapAndApplyHeader(buffer, frameOffset, header)
                .clusterId(sim.config().clusterId())
                .srcNode(sim.nodeId(0))
                .dstNode(sim.nodeId(0))
                .sequence(0)
                .flags((short)0);

            final int first = f * perFrame;
            final int count = Math.min(perFrame, nodeCount - first);
            chunk.wrapAndApplyHeader(buffer, frameOffset + FramePacker.FRAME_HEADER_LENGTH, header)
                .syncId(SYNC_ID)
                .chunkIndex(f)
                .chunkCount(frameCount)
                .isReply(BooleanType.T)
                .isJoin(BooleanType.F)
                .totalMembers(nodeCount);
            final PushPullChunkEncoder.MembersEncoder members = chunk.membersCount(count);
            for (int i = first; i < first + count; i++)
            {
                members.next()
                    .memberId(sim.nodeId(i))
                    .incarnation(factory.incarnation(nodes[i]))
                    .state(MemberState.ALIVE)
                    .metaVersion(0)
                    .endpoint().ipv4(sim.ipv4(i)).port(sim.port(i));
                members.putMetadata(buffer, 0, 0);
            }
            frameLength[f] = FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
                chunk.encodedLength();
        }
    }

    /**
     * Hand every bootstrap frame to a node that has just started.
     *
     * @param sim       the simulation.
     * @param nodeIndex the node.
     * @param node      the node.
     * @param nowNs     current time.
     */
    void deliver(final Simulation sim, final int nodeIndex, final ProtocolNode node, final long nowNs)
    {
        final int srcId = sim.nodeId(0 == nodeIndex && sim.nodeCount() > 1 ? 1 : 0);
        final int dstId = sim.nodeId(nodeIndex);
        for (int f = 0; f < frameCount; f++)
        {
            final int frameOffset = f * frameStrideBytes;
            buffer.putInt(frameOffset + MessageHeaderEncoder.ENCODED_LENGTH +
                FrameHeaderEncoder.srcNodeEncodingOffset(), srcId, java.nio.ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(frameOffset + MessageHeaderEncoder.ENCODED_LENGTH +
                FrameHeaderEncoder.dstNodeEncodingOffset(), dstId, java.nio.ByteOrder.LITTLE_ENDIAN);
            node.onFrame(nowNs, buffer, frameOffset, frameLength[f]);
            sim.outbox().flush();
        }
    }

    /**
     * @return frames in the bootstrap.
     */
    int frameCount()
    {
        return frameCount;
    }
}

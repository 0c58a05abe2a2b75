package io.starling.engine.sim;

import java.util.ArrayList;
import java.util.List;

import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolNode;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreConvergedBootstrapTest
{
    /**
     * Decodes every PushPullChunk it is handed and remembers the members listed.
     */
    static final class ChunkReader implements ProtocolNode
    {
        final Simulation sim;
        final int index;
        final boolean[] seen;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final FrameHeaderDecoder frameHeader = new FrameHeaderDecoder();
        final PushPullChunkDecoder chunk = new PushPullChunkDecoder();
        int chunks;
        int chunkCount;
        int members;
        boolean started;
        boolean frameBeforeStart;

        ChunkReader(final Simulation sim, final int index)
        {
            this.sim = sim;
            this.index = index;
            this.seen = new boolean[sim.nodeCount()];
        }

        public void start(final long nowNs)
        {
            started = true;
        }

        public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
        {
            frameBeforeStart |= !started;
            frameHeader.wrapAndApplyHeader(buffer, offset, header);
            assertEquals(sim.config().clusterId(), frameHeader.clusterId());
            assertEquals(sim.nodeId(index), frameHeader.dstNode());
            assertNotEquals(sim.nodeId(index), frameHeader.srcNode());
            final int messageOffset = offset + header.encodedLength() + frameHeader.encodedLength();

            chunk.wrapAndApplyHeader(buffer, messageOffset, header);
            assertEquals(PushPullChunkDecoder.TEMPLATE_ID, header.templateId());
            assertEquals(PreConvergedBootstrap.SYNC_ID, chunk.syncId());
            assertEquals(chunks, chunk.chunkIndex());
            chunkCount = chunk.chunkCount();
            assertEquals(BooleanType.T, chunk.isReply());
            assertEquals(BooleanType.F, chunk.isJoin());
            assertEquals(sim.nodeCount(), chunk.totalMembers());
            for (final PushPullChunkDecoder.MembersDecoder m : chunk.members())
            {
                final int memberIndex = sim.indexOf(m.memberId());
                assertEquals(MemberState.ALIVE, m.state());
                assertEquals(sim.ipv4(memberIndex), m.endpoint().ipv4());
                assertEquals(sim.port(memberIndex), m.endpoint().port());
                assertEquals(0, m.metadataLength());
                m.skipMetadata();
                seen[memberIndex] = true;
                members++;
            }
            assertTrue(messageOffset + header.encodedLength() + chunk.encodedLength() <= offset + length);
            assertTrue(length <= sim.config().frameBudgetBytes());
            chunks++;
            return 1;
        }

        public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
        {
        }
    }

    @Test
    void shouldHandEveryNodeTheFullMembershipInBudgetSizedChunksAfterStart()
    {
        final List<ChunkReader> readers = new ArrayList<>();
        final int nodes = 300;
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(nodes)
            .joinMode(JoinMode.PRE_CONVERGED)
            .protocolConfig(new ProtocolConfig().frameBudgetBytes(512).conclude())
            .nodeFactory((s, i, restart) ->
            {
                final ChunkReader reader = new ChunkReader(s, i);
                readers.add(reader);
                return reader;
            }));
        sim.runUntil(0);

        for (final ChunkReader reader : readers)
        {
            assertTrue(reader.chunks > 1);
            assertEquals(reader.chunkCount, reader.chunks);
            assertEquals(nodes, reader.members);
            for (final boolean seen : reader.seen)
            {
                assertTrue(seen);
            }
            assertTrue(!reader.frameBeforeStart);
        }
        assertEquals(0, sim.metrics().framesDelivered(), "bootstrap frames do not travel the network");
    }

    @Test
    void shouldSeedEveryNodeButNodeZeroWithNodeZeroInSeedMode()
    {
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(4)
            .nodeFactory(RecordingNode.factory()));
        assertEquals(-1, sim.seedFor(0, false));
        assertEquals(0, sim.seedFor(3, false));
        sim.runUntil(0);
        sim.kill(0);
        assertEquals(1, sim.seedFor(0, true));
        assertEquals(1, sim.seedFor(2, true));
    }
}

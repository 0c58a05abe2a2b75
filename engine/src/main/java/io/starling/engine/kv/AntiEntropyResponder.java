package io.starling.engine.kv;

import io.starling.codecs.KeyRangeRequestDecoder;
import io.starling.codecs.MerkleDigestRequestDecoder;
import io.starling.codecs.MerkleDigestResponseEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.collections.IntArrayList;

/**
 * The responder side of {@link AntiEntropySession}, stateless, for any peer: answers a MerkleDigestRequest with the
 * digests of the children of the listed nodes (all 16 of each, one node's children never split across messages), or
 * with the root alone when the requester's root equals its own; answers a KeyRangeRequest with every version stored
 * in the listed leaves ({@link KeyValueBatchWriter}), but for at most {@code maxLeavesPerRound} leaves (the rest are
 * dropped and counted). Never starts anything, and holds nothing between requests.
 */
final class AntiEntropyResponder
{
    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int DIGEST_RESPONSE_FIXED = MESSAGE_HEADER_LENGTH +
        MerkleDigestResponseEncoder.BLOCK_LENGTH + MerkleDigestResponseEncoder.NodesEncoder.sbeHeaderSize();
    private static final int DIGEST_RESPONSE_NODE = MerkleDigestResponseEncoder.NodesEncoder.sbeBlockLength();

    private final MerkleTree tree;
    private final Outbox outbox;
    private final CounterSink counters;
    private final KeyValueBatchWriter batchWriter;
    private final int srcNodeIndex;
    private final int srcNodeId;
    private final int maxLeavesPerRound;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MerkleDigestResponseEncoder digestResponseEncoder = new MerkleDigestResponseEncoder();
    private final IntArrayList requested = new IntArrayList();
    private long keyRangeLeavesDropped;

    AntiEntropyResponder(
        final MerkleTree tree,
        final Outbox outbox,
        final CounterSink counters,
        final KeyValueBatchWriter batchWriter,
        final int srcNodeIndex,
        final int srcNodeId,
        final int maxLeavesPerRound)
    {
        this.tree = tree;
        this.outbox = outbox;
        this.counters = counters;
        this.batchWriter = batchWriter;
        this.srcNodeIndex = srcNodeIndex;
        this.srcNodeId = srcNodeId;
        this.maxLeavesPerRound = maxLeavesPerRound;
    }

    void onDigestRequest(
        final int fromNodeId, final int fromIpv4, final int fromPort, final MerkleDigestRequestDecoder decoder)
    {
        final int requestId = decoder.sessionId();
        final int parentLevel = decoder.level();
        final long peerRoot = decoder.rootHash();
        requested.clear();
        boolean valid = parentLevel < tree.depth();
        for (final MerkleDigestRequestDecoder.NodesDecoder node : decoder.nodes())
        {
            final int index = node.index();
            valid &= tree.isValidNode(parentLevel, index);
            requested.addInt(index);
        }
        if (!valid)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }

        final long root = tree.rootHash();
        if (peerRoot == root)
        {
            final int offset = outbox.claim(
                srcNodeIndex, srcNodeId, fromNodeId, fromIpv4, fromPort, DIGEST_RESPONSE_FIXED + DIGEST_RESPONSE_NODE);
            if (offset >= 0)
            {
                digestResponseEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .sessionId(requestId)
                    .level((short)0)
                    .nodesCount(1).next().index(0).hash(root);
                outbox.commit(MESSAGE_HEADER_LENGTH + digestResponseEncoder.encodedLength());
            }
            return;
        }

        final int childLevel = parentLevel + 1;
        final int perMessage = Math.min(
            (outbox.maxMessageLength() - DIGEST_RESPONSE_FIXED) / (MerkleTree.FANOUT * DIGEST_RESPONSE_NODE),
            AntiEntropySession.MAX_GROUP_COUNT / MerkleTree.FANOUT);
        final int total = requested.size();
        for (int from = 0; from < total; from += perMessage)
        {
            final int parents = Math.min(perMessage, total - from);
            final int nodes = parents * MerkleTree.FANOUT;
            final int offset = outbox.claim(
                srcNodeIndex, srcNodeId, fromNodeId, fromIpv4, fromPort,
                DIGEST_RESPONSE_FIXED + nodes * DIGEST_RESPONSE_NODE);
            if (offset < 0)
            {
                return;
            }
            final MerkleDigestResponseEncoder.NodesEncoder encoder =
                digestResponseEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .sessionId(requestId)
                    .level((short)childLevel)
                    .nodesCount(nodes);
            for (int p = from; p < from + parents; p++)
            {
                final int firstChild = requested.getInt(p) << MerkleTree.FANOUT_BITS;
                for (int c = firstChild; c < firstChild + MerkleTree.FANOUT; c++)
                {
                    encoder.next().index(c).hash(tree.digest(childLevel, c));
                }
            }
            outbox.commit(MESSAGE_HEADER_LENGTH + digestResponseEncoder.encodedLength());
        }
    }

    void onKeyRangeRequest(
        final long nowNs,
        final int fromNodeId,
        final int fromIpv4,
        final int fromPort,
        final KeyRangeRequestDecoder decoder)
    {
        final int requestId = decoder.sessionId();
        requested.clear();
        boolean valid = true;
        for (final KeyRangeRequestDecoder.LeavesDecoder leaf : decoder.leaves())
        {
            final int index = leaf.leafIndex();
            valid &= index >= 0 && index < tree.leafCount();
            requested.addInt(index);
        }
        if (!valid)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        final int answered = Math.min(requested.size(), maxLeavesPerRound);
        if (answered < requested.size())
        {
            keyRangeLeavesDropped += requested.size() - answered;
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
        }
        batchWriter.write(nowNs, fromNodeId, fromIpv4, fromPort, requestId, true, requested, 0, answered, null);
    }

    /**
     * @return leaves of KeyRangeRequests beyond {@code maxLeavesPerRound} left unanswered.
     */
    long keyRangeLeavesDropped()
    {
        return keyRangeLeavesDropped;
    }
}

package io.starling.engine.kv;

import io.starling.codecs.MerkleDigestRequestEncoder;
import io.starling.codecs.MerkleDigestResponseDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;

/**
 * The first phase of an {@link AntiEntropySession} the node initiates: compares its Merkle tree with the peer's level
 * by level, only ever below differing nodes. A round asks for the children of at most {@code maxParentsPerRound}
 * parents of the frontier (MerkleDigestRequests carrying the local root); a response's children that differ from the
 * local ones make the next level's frontier. Ends with the differing leaves ({@link #frontier()}), or none (in
 * sync). The session owns rounds, request ids, retries and timeouts; the leaves are exchanged by {@link LeafExchange}.
 */
final class MerkleDescent
{
    /**
     * What the session does after every parent of a round was answered.
     */
    enum Step
    {
        /** Ask for the children of the frontier's next parents (same or next level). */
        NEXT_ROUND,
        /** No child differed: the trees are equal. */
        IN_SYNC,
        /** The frontier holds the differing leaves. */
        LEAVES_REACHED
    }

    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int DIGEST_REQUEST_FIXED = MESSAGE_HEADER_LENGTH + MerkleDigestRequestEncoder.BLOCK_LENGTH +
        MerkleDigestRequestEncoder.NodesEncoder.sbeHeaderSize();
    private static final int DIGEST_REQUEST_NODE = MerkleDigestRequestEncoder.NodesEncoder.sbeBlockLength();

    private final MerkleTree tree;
    private final Outbox outbox;
    private final CounterSink counters;
    private final int srcNodeIndex;
    private final int srcNodeId;
    private final int maxParentsPerRound;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MerkleDigestRequestEncoder digestRequestEncoder = new MerkleDigestRequestEncoder();
    private IntArrayList frontier = new IntArrayList();
    private IntArrayList nextFrontier = new IntArrayList();
    private final IntHashSet pendingParents = new IntHashSet();
    private final IntArrayList answeredParents = new IntArrayList();
    private int level;
    private int windowFrom;
    private int windowTo;

    MerkleDescent(
        final MerkleTree tree,
        final Outbox outbox,
        final CounterSink counters,
        final int srcNodeIndex,
        final int srcNodeId,
        final int maxParentsPerRound)
    {
        this.tree = tree;
        this.outbox = outbox;
        this.counters = counters;
        this.srcNodeIndex = srcNodeIndex;
        this.srcNodeId = srcNodeId;
        this.maxParentsPerRound = maxParentsPerRound;
    }

    /**
     * Start at the root.
     */
    void start()
    {
        level = 0;
        frontier.clear();
        nextFrontier.clear();
        frontier.addInt(0);
        windowTo = 0;
    }

    /**
     * Take the frontier's next parents as the round's and ask for their children.
     */
    void sendNextRound(final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        windowFrom = windowTo;
        windowTo = Math.min(frontier.size(), windowFrom + maxParentsPerRound);
        pendingParents.clear();
        for (int i = windowFrom; i < windowTo; i++)
        {
            pendingParents.add(frontier.getInt(i));
        }
        writeRequests(false, requestId, peerNodeId, peerIpv4, peerPort);
    }

    /**
     * Ask again for the children of the round's parents not answered yet.
     */
    void resendPending(final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        writeRequests(true, requestId, peerNodeId, peerIpv4, peerPort);
    }

    /**
     * Compare the children in a response of the current round with the local ones.
     *
     * @param childLevel the response's level, {@link #level()} + 1.
     * @param decoder    the response.
     * @return true when every parent of the round has been answered ({@link #advance} is next).
     */
    boolean onResponse(final int childLevel, final MerkleDigestResponseDecoder decoder)
    {
        // a responder sends all children of a parent in one message: the parent is answered once the message
        // has been read, so its children are compared even if listed in any order
        final IntArrayList answered = answeredParents;
        answered.clear();
        boolean valid = true;
        for (final MerkleDigestResponseDecoder.NodesDecoder node : decoder.nodes())
        {
            final int index = node.index();
            final long hash = node.hash();
            if (!tree.isValidNode(childLevel, index))
            {
                valid = false;
                continue;
            }
            final int parent = index >>> MerkleTree.FANOUT_BITS;
            if (pendingParents.contains(parent))
            {
                answered.addInt(parent);
                if (hash != tree.digest(childLevel, index))
                {
                    nextFrontier.addInt(index);
                }
            }
        }
        if (!valid)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
        }
        for (int i = 0, n = answered.size(); i < n; i++)
        {
            pendingParents.remove(answered.getInt(i));
        }
        return pendingParents.isEmpty();
    }

    /**
     * After a round: more parents on this level, or down one level, or done.
     */
    Step advance()
    {
        if (windowTo < frontier.size())
        {
            return Step.NEXT_ROUND;
        }
        if (nextFrontier.isEmpty())
        {
            return Step.IN_SYNC;
        }
        final IntArrayList swap = frontier;
        frontier = nextFrontier;
        nextFrontier = swap;
        nextFrontier.clear();
        level++;
        windowTo = 0;
        return level < tree.depth() ? Step.NEXT_ROUND : Step.LEAVES_REACHED;
    }

    /**
     * @return level of the parents being compared (their children are one below).
     */
    int level()
    {
        return level;
    }

    /**
     * @return the nodes of {@link #level()} that differ; the differing leaves once {@link Step#LEAVES_REACHED}.
     */
    IntArrayList frontier()
    {
        return frontier;
    }

    /**
     * Forget the round's pending parents (the session ended).
     */
    void clear()
    {
        pendingParents.clear();
    }

    private void writeRequests(
        final boolean onlyPending, final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        final int perMessage = Math.min((outbox.maxMessageLength() - DIGEST_REQUEST_FIXED) / DIGEST_REQUEST_NODE,
            AntiEntropySession.MAX_GROUP_COUNT);
        final long root = tree.rootHash();
        int i = windowFrom;
        while (i < windowTo)
        {
            int n = 0;
            for (int j = i; j < windowTo && n < perMessage; j++)
            {
                if (!onlyPending || pendingParents.contains(frontier.getInt(j)))
                {
                    n++;
                }
            }
            if (0 == n)
            {
                return;
            }
            final int offset = outbox.claim(
                srcNodeIndex, srcNodeId, peerNodeId, peerIpv4, peerPort,
                DIGEST_REQUEST_FIXED + n * DIGEST_REQUEST_NODE);
            if (offset < 0)
            {
                return;
            }
            final MerkleDigestRequestEncoder.NodesEncoder nodes =
                digestRequestEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .sessionId(requestId)
                    .level((short)level)
                    .rootHash(root)
                    .nodesCount(n);
            int written = 0;
            while (written < n)
            {
                final int parent = frontier.getInt(i++);
                if (!onlyPending || pendingParents.contains(parent))
                {
                    nodes.next().index(parent);
                    written++;
                }
            }
            outbox.commit(MESSAGE_HEADER_LENGTH + digestRequestEncoder.encodedLength());
        }
    }
}

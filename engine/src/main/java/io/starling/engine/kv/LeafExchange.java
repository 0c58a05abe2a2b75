package io.starling.engine.kv;

import java.util.Arrays;

import io.starling.codecs.KeyRangeRequestEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.Outbox;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongHashSet;

/**
 * The second phase of an {@link AntiEntropySession} the node initiates: for the differing leaves that
 * {@link MerkleDescent} found, a round asks for the entries of at most {@code maxLeavesPerRound} of them (one
 * KeyRangeRequest), notes the digest of every version the reply's chunks carry (they are merged by
 * {@link KeyValueBatchMerge}), and once every chunk has arrived pushes to the peer exactly the local versions of those
 * leaves it did not send. The session owns rounds, request ids, retries and timeouts.
 */
final class LeafExchange
{
    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int KEY_RANGE_FIXED = MESSAGE_HEADER_LENGTH + KeyRangeRequestEncoder.BLOCK_LENGTH +
        KeyRangeRequestEncoder.LeavesEncoder.sbeHeaderSize();
    private static final int KEY_RANGE_LEAF = KeyRangeRequestEncoder.LeavesEncoder.sbeBlockLength();

    private final Outbox outbox;
    private final KeyValueBatchWriter batchWriter;
    private final int srcNodeIndex;
    private final int srcNodeId;
    private final int maxLeavesPerRound;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KeyRangeRequestEncoder keyRangeEncoder = new KeyRangeRequestEncoder();
    private final LongHashSet peerDigests = new LongHashSet();
    private final long[] chunksSeen = new long[(AntiEntropySession.MAX_GROUP_COUNT + 64) / 64];
    private IntArrayList leaves;
    private int windowFrom;
    private int windowTo;
    private int chunkCountExpected;
    private int chunksReceived;

    LeafExchange(
        final Outbox outbox,
        final KeyValueBatchWriter batchWriter,
        final int srcNodeIndex,
        final int srcNodeId,
        final int maxLeavesPerRound)
    {
        this.outbox = outbox;
        this.batchWriter = batchWriter;
        this.srcNodeIndex = srcNodeIndex;
        this.srcNodeId = srcNodeId;
        this.maxLeavesPerRound = maxLeavesPerRound;
    }

    /**
     * @param differingLeaves the leaves to exchange, read until the session ends.
     */
    void start(final IntArrayList differingLeaves)
    {
        leaves = differingLeaves;
        windowTo = 0;
    }

    /**
     * Take the next leaves as the round's and ask for their entries.
     */
    void sendNextRound(final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        final int perMessage = Math.min(
            Math.min(maxLeavesPerRound, AntiEntropySession.MAX_GROUP_COUNT),
            (outbox.maxMessageLength() - KEY_RANGE_FIXED) / KEY_RANGE_LEAF);
        windowFrom = windowTo;
        windowTo = Math.min(leaves.size(), windowFrom + perMessage);
        peerDigests.clear();
        clearChunksSeen();
        chunkCountExpected = -1;
        writeRequest(requestId, peerNodeId, peerIpv4, peerPort);
    }

    /**
     * Ask again for the round's leaves.
     */
    void resend(final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        writeRequest(requestId, peerNodeId, peerIpv4, peerPort);
    }

    /**
     * @return where the merge of a reply records the digests of the versions the peer holds.
     */
    LongHashSet peerDigests()
    {
        return peerDigests;
    }

    /**
     * A chunk of the round's reply has been merged.
     *
     * @return true when it completes the reply ({@link #pushMissing} is next).
     */
    boolean onReplyChunk(final int chunkIndex, final int chunkCount)
    {
        if (chunkCount != chunkCountExpected)
        {
            clearChunksSeen();
            chunkCountExpected = chunkCount;
        }
        final long bit = 1L << chunkIndex;
        if (0 == (chunksSeen[chunkIndex >>> 6] & bit))
        {
            chunksSeen[chunkIndex >>> 6] |= bit;
            return ++chunksReceived == chunkCountExpected;
        }
        return false;
    }

    /**
     * Push to the peer the local versions of the round's leaves that its reply did not carry.
     *
     * @return true if leaves remain for another round.
     */
    boolean pushMissing(
        final long nowNs, final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        batchWriter.write(nowNs, peerNodeId, peerIpv4, peerPort, requestId, false, leaves, windowFrom, windowTo,
            peerDigests);
        return windowTo < leaves.size();
    }

    /**
     * Forget the digests of the round (the session ended).
     */
    void clear()
    {
        peerDigests.clear();
    }

    private void writeRequest(final int requestId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        final int n = windowTo - windowFrom;
        final int offset = outbox.claim(
            srcNodeIndex, srcNodeId, peerNodeId, peerIpv4, peerPort, KEY_RANGE_FIXED + n * KEY_RANGE_LEAF);
        if (offset < 0)
        {
            return;
        }
        final KeyRangeRequestEncoder.LeavesEncoder encoder =
            keyRangeEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                .sessionId(requestId)
                .leavesCount(n);
        for (int i = windowFrom; i < windowTo; i++)
        {
            encoder.next().leafIndex(leaves.getInt(i));
        }
        outbox.commit(MESSAGE_HEADER_LENGTH + keyRangeEncoder.encodedLength());
    }

    private void clearChunksSeen()
    {
        if (chunkCountExpected > 0)
        {
            Arrays.fill(chunksSeen, 0, (chunkCountExpected + 63) >>> 6, 0L);
        }
        chunksReceived = 0;
    }
}

package io.starling.engine.kv;

import java.util.Arrays;

import io.starling.codecs.BooleanType;
import io.starling.codecs.KeyRangeRequestDecoder;
import io.starling.codecs.KeyRangeRequestEncoder;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.MerkleDigestRequestDecoder;
import io.starling.codecs.MerkleDigestRequestEncoder;
import io.starling.codecs.MerkleDigestResponseDecoder;
import io.starling.codecs.MerkleDigestResponseEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Merkle anti-entropy between one node's {@link KvStore} and a peer's, sans-IO: time comes in as {@code nowNs},
 * messages go out through an {@link Outbox} and come in through {@link #onMessage}. One instance per node plays
 * both roles.
 * <p>
 * <b>Responder</b> (stateless, for any peer): answers a MerkleDigestRequest with the digests of the children of the
 * listed nodes (all 16 of each, one node's children never split across messages), or with the root alone when the
 * requester's root equals its own; answers a KeyRangeRequest with every version stored in the listed leaves,
 * chunked KeyValueBatch messages ({@code isReply}), but for at most {@code maxLeavesPerRound} leaves per request
 * (a request listing every leaf would otherwise dump the whole store in one duty cycle; the rest are dropped and
 * counted, and the next session asks again); merges every KeyValueBatch it receives. Tombstones carry their age
 * ({@link KvStore#encodeTombstoneAge}).
 * <p>
 * <b>Initiator</b> ({@link #start}): sends its root hash and asks for the root's children; where a child differs it
 * asks for that child's children, level by level, only ever below differing nodes (at most
 * {@code maxParentsPerRound} at a time). At the leaves it asks for the differing leaves' entries (at most
 * {@code maxLeavesPerRound} at a time), merges what comes back, and pushes to the peer exactly the local versions the
 * peer did not send (those it lacks). With one differing key that is {@code depth + 1} round trips and one push.
 * <p>
 * Loss: each request carries a request id (the session id in the high 16 bits, the round number in the low 16) that
 * answers echo, so no two sessions with distinct ids (mod 2^16) share a request id; a round
 * that is not complete after {@code roundTimeoutNs} is repeated (only its unanswered part), at most
 * {@code maxRetries} times, after which the session ends {@link Result#TIMED_OUT} and the next period starts anew.
 * Merges are idempotent, so repeats and late answers do no harm. Both ends must use the same Merkle depth.
 * <p>
 * The caller flushes the outbox after {@link #start}, {@link #onMessage} and {@link #doWork}, as for every protocol
 * call. Not thread safe: the store's owning thread only.
 */
public final class AntiEntropySession
{
    /**
     * Where the initiator is.
     */
    public enum State
    {
        /** No session running. */
        IDLE,
        /** Comparing tree digests, level by level. */
        DESCENDING,
        /** Exchanging the entries of differing leaves. */
        EXCHANGING
    }

    /**
     * How the last session ended.
     */
    public enum Result
    {
        /** No session has ended yet. */
        NONE,
        /** Roots (or every compared subtree) were equal: nothing to exchange. */
        IN_SYNC,
        /** Differing leaves were found and their entries exchanged. */
        REPAIRED,
        /** A request went unanswered after every retry, or the session ran too long. */
        TIMED_OUT,
        /** {@link #abort()} was called. */
        ABORTED
    }

    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int DIGEST_REQUEST_FIXED = MESSAGE_HEADER_LENGTH + MerkleDigestRequestEncoder.BLOCK_LENGTH +
        MerkleDigestRequestEncoder.NodesEncoder.sbeHeaderSize();
    private static final int DIGEST_REQUEST_NODE = MerkleDigestRequestEncoder.NodesEncoder.sbeBlockLength();
    private static final int DIGEST_RESPONSE_FIXED = MESSAGE_HEADER_LENGTH +
        MerkleDigestResponseEncoder.BLOCK_LENGTH + MerkleDigestResponseEncoder.NodesEncoder.sbeHeaderSize();
    private static final int DIGEST_RESPONSE_NODE = MerkleDigestResponseEncoder.NodesEncoder.sbeBlockLength();
    private static final int KEY_RANGE_FIXED = MESSAGE_HEADER_LENGTH + KeyRangeRequestEncoder.BLOCK_LENGTH +
        KeyRangeRequestEncoder.LeavesEncoder.sbeHeaderSize();
    private static final int KEY_RANGE_LEAF = KeyRangeRequestEncoder.LeavesEncoder.sbeBlockLength();
    private static final int MAX_GROUP_COUNT = 65_534;

    private final KvStore store;
    private final KeyTable keys;
    private final VersionTable versions;
    private final MerkleTree tree;
    private final Outbox outbox;
    private final CounterSink counters;
    private final int srcNodeIndex;
    private final int srcNodeId;
    private final long roundTimeoutNs;
    private final int maxRetries;
    private final long sessionTimeoutNs;
    private final int maxParentsPerRound;
    private final int maxLeavesPerRound;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MerkleDigestRequestEncoder digestRequestEncoder = new MerkleDigestRequestEncoder();
    private final MerkleDigestResponseEncoder digestResponseEncoder = new MerkleDigestResponseEncoder();
    private final KeyRangeRequestEncoder keyRangeEncoder = new KeyRangeRequestEncoder();
    private final KeyValueBatchEncoder batchEncoder = new KeyValueBatchEncoder();
    private final MerkleDigestRequestDecoder digestRequestDecoder = new MerkleDigestRequestDecoder();
    private final MerkleDigestResponseDecoder digestResponseDecoder = new MerkleDigestResponseDecoder();
    private final KeyRangeRequestDecoder keyRangeDecoder = new KeyRangeRequestDecoder();
    private final KeyValueBatchDecoder batchDecoder = new KeyValueBatchDecoder();
    private final VectorClock remoteClock = new VectorClock(8);
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer ageScratch = new UnsafeBuffer(new byte[KvStore.TOMBSTONE_AGE_BYTES]);

    // responder scratch
    private final IntArrayList requested = new IntArrayList();

    // batch writer: chunk plan and cursor
    private final IntArrayList chunkEntries = new IntArrayList();
    private final IntArrayList chunkLengths = new IntArrayList();
    private IntArrayList cursorLeaves;
    private int cursorFrom;
    private int cursorTo;
    private LongHashSet cursorExclude;
    private int cursorLeafPos;
    private int cursorKey;
    private int cursorVersion;

    // initiator
    private State state = State.IDLE;
    private Result lastResult = Result.NONE;
    private int sessionId;
    private int round;
    private int peerNodeId;
    private int peerIpv4;
    private int peerPort;
    private long sessionStartNs;
    private long roundDeadlineNs;
    private int retries;
    private int level;
    private IntArrayList frontier = new IntArrayList();
    private IntArrayList nextFrontier = new IntArrayList();
    private int windowFrom;
    private int windowTo;
    private final IntHashSet pendingParents = new IntHashSet();
    private final LongHashSet peerDigests = new LongHashSet();
    private final long[] chunksSeen = new long[(MAX_GROUP_COUNT + 64) / 64];
    private int chunkCountExpected;
    private int chunksReceived;

    // statistics
    private int roundTrips;
    private int differingLeaves;
    private long entriesSent;
    private long entriesReceived;
    private long entriesMerged;
    private long sessionsStarted;
    private long sessionsTimedOut;
    private long totalRetries;
    private long keyRangeLeavesDropped;

    /**
     * @param store        the node's store.
     * @param outbox       where messages go.
     * @param srcNodeIndex index of the node within its host.
     * @param srcNodeId    the node's id.
     * @param config       session configuration; concluded here if it has not been.
     * @param counters     counts sessions and drops.
     */
    public AntiEntropySession(
        final KvStore store,
        final Outbox outbox,
        final int srcNodeIndex,
        final int srcNodeId,
        final AntiEntropyConfig config,
        final CounterSink counters)
    {
        if (!config.isConcluded())
        {
            config.conclude();
        }
        this.store = store;
        this.keys = store.keyTable();
        this.versions = store.versionTable();
        this.tree = store.merkleTree();
        this.outbox = outbox;
        this.counters = counters;
        this.srcNodeIndex = srcNodeIndex;
        this.srcNodeId = srcNodeId;
        this.roundTimeoutNs = config.roundTimeoutNs();
        this.maxRetries = config.maxRetries();
        this.sessionTimeoutNs = config.sessionTimeoutNs();
        this.maxParentsPerRound = config.maxParentsPerRound();
        this.maxLeavesPerRound = config.maxLeavesPerRound();
    }

    /**
     * @param templateId an SBE template id.
     * @return true if {@link #onMessage} handles it.
     */
    public static boolean isAntiEntropyMessage(final int templateId)
    {
        return MerkleDigestRequestDecoder.TEMPLATE_ID == templateId ||
            MerkleDigestResponseDecoder.TEMPLATE_ID == templateId ||
            KeyRangeRequestDecoder.TEMPLATE_ID == templateId ||
            KeyValueBatchDecoder.TEMPLATE_ID == templateId;
    }

    // ------------------------------------------------------------------------------------------------- initiator

    /**
     * Start a session with a peer, unless one is running.
     *
     * @param nowNs      current time.
     * @param sessionId  chosen by the caller (for example from its random source); distinct per session in its
     *                   low 16 bits, which make the high half of every request id.
     * @param peerNodeId the peer's node id.
     * @param peerIpv4   the peer's process address (host order).
     * @param peerPort   the peer's process port.
     * @return true if started; false if a session is already running.
     */
    public boolean start(
        final long nowNs, final int sessionId, final int peerNodeId, final int peerIpv4, final int peerPort)
    {
        if (State.IDLE != state)
        {
            return false;
        }
        this.sessionId = sessionId;
        this.peerNodeId = peerNodeId;
        this.peerIpv4 = peerIpv4;
        this.peerPort = peerPort;
        this.sessionStartNs = nowNs;
        round = 0;
        roundTrips = 0;
        differingLeaves = 0;
        level = 0;
        frontier.clear();
        nextFrontier.clear();
        frontier.addInt(0);
        windowTo = 0;
        sessionsStarted++;
        counters.increment(ProtocolCounters.ANTI_ENTROPY_SESSIONS);
        state = State.DESCENDING;
        sendNextDigestWindow(nowNs);
        return true;
    }

    /**
     * Drive timeouts: repeat an unanswered request or end a session that has run out of retries or time.
     *
     * @param nowNs current time.
     * @return work done (0 or 1).
     */
    public int doWork(final long nowNs)
    {
        if (State.IDLE == state)
        {
            return 0;
        }
        if (nowNs - sessionStartNs >= sessionTimeoutNs || round >= 0xFFFF)
        {
            finish(Result.TIMED_OUT);
            return 1;
        }
        if (nowNs - roundDeadlineNs >= 0)
        {
            if (retries >= maxRetries)
            {
                finish(Result.TIMED_OUT);
                return 1;
            }
            retries++;
            totalRetries++;
            roundTrips++;
            if (State.DESCENDING == state)
            {
                writeDigestRequests(true);
            }
            else
            {
                writeKeyRangeRequest();
            }
            roundDeadlineNs = nowNs + roundTimeoutNs;
            return 1;
        }
        return 0;
    }

    /**
     * End the running session, if any, as {@link Result#ABORTED}.
     */
    public void abort()
    {
        if (State.IDLE != state)
        {
            finish(Result.ABORTED);
        }
    }

    /**
     * @return the time {@link #doWork} next has something to do, or {@link Long#MAX_VALUE} when idle.
     */
    public long deadlineNs()
    {
        return State.IDLE == state ? Long.MAX_VALUE : Math.min(roundDeadlineNs, sessionStartNs + sessionTimeoutNs);
    }

    /**
     * @return where the initiator is.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return true while a session runs.
     */
    public boolean isActive()
    {
        return State.IDLE != state;
    }

    /**
     * @return how the last session ended.
     */
    public Result lastResult()
    {
        return lastResult;
    }

    /**
     * @return requests sent (round trips, repeats included) by the running or last session.
     */
    public int roundTrips()
    {
        return roundTrips;
    }

    /**
     * @return differing leaves found by the running or last session.
     */
    public int differingLeaves()
    {
        return differingLeaves;
    }

    /**
     * @return entries this node has sent, as responder or initiator, since it was created.
     */
    public long entriesSent()
    {
        return entriesSent;
    }

    /**
     * @return entries this node has received since it was created.
     */
    public long entriesReceived()
    {
        return entriesReceived;
    }

    /**
     * @return received entries that changed the store (added, replaced or became siblings).
     */
    public long entriesMerged()
    {
        return entriesMerged;
    }

    /**
     * @return sessions started.
     */
    public long sessionsStarted()
    {
        return sessionsStarted;
    }

    /**
     * @return sessions that ended {@link Result#TIMED_OUT}.
     */
    public long sessionsTimedOut()
    {
        return sessionsTimedOut;
    }

    /**
     * @return leaves of KeyRangeRequests beyond {@code maxLeavesPerRound} left unanswered.
     */
    public long keyRangeLeavesDropped()
    {
        return keyRangeLeavesDropped;
    }

    /**
     * @return requests repeated after a timeout.
     */
    public long retries()
    {
        return totalRetries;
    }

    // ------------------------------------------------------------------------------------------------- inbound

    /**
     * Handle one message of a frame that {@link io.starling.codecs.FrameValidator} accepted (the inbound path of
     * {@code SwimNode} validates every frame once, before any message reaches an extension): its block lengths,
     * group counts and var-data lengths were walked there against the frame's bounds and are not checked again here.
     * Never hand it bytes that did not pass the validator.
     *
     * @param nowNs       current time.
     * @param fromNodeId  node id of the sender (from the frame header).
     * @param fromIpv4    the sender's process address, where answers go.
     * @param fromPort    the sender's process port.
     * @param templateId  the message's SBE template id.
     * @param buffer      holding the frame.
     * @param offset      of the message's SBE message header.
     * @param blockLength the message's acting block length.
     * @param version     the message's acting schema version.
     * @return false if it is not an anti-entropy message (nothing was read), else true (handled, or counted as a
     * semantic drop).
     */
    public boolean onMessage(
        final long nowNs,
        final int fromNodeId,
        final int fromIpv4,
        final int fromPort,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int blockLength,
        final int version)
    {
        if (!isAntiEntropyMessage(templateId))
        {
            return false;
        }

        final int body = offset + MESSAGE_HEADER_LENGTH;
        switch (templateId)
        {
            case MerkleDigestRequestDecoder.TEMPLATE_ID:
                onDigestRequest(fromNodeId, fromIpv4, fromPort,
                    digestRequestDecoder.wrap(buffer, body, blockLength, version));
                break;

            case MerkleDigestResponseDecoder.TEMPLATE_ID:
                onDigestResponse(nowNs, fromNodeId, digestResponseDecoder.wrap(buffer, body, blockLength, version));
                break;

            case KeyRangeRequestDecoder.TEMPLATE_ID:
                onKeyRangeRequest(nowNs,
                    fromNodeId, fromIpv4, fromPort, keyRangeDecoder.wrap(buffer, body, blockLength, version));
                break;

            default:
                onKeyValueBatch(nowNs, fromNodeId, batchDecoder.wrap(buffer, body, blockLength, version));
                break;
        }
        return true;
    }

    private void onDigestRequest(
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
            MAX_GROUP_COUNT / MerkleTree.FANOUT);
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

    private void onKeyRangeRequest(
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
        writeBatches(nowNs, fromNodeId, fromIpv4, fromPort, requestId, true, requested, 0, answered, null);
    }

    private void onDigestResponse(final long nowNs, final int fromNodeId, final MerkleDigestResponseDecoder decoder)
    {
        final int requestId = decoder.sessionId();
        final int childLevel = decoder.level();
        final boolean current = State.DESCENDING == state && fromNodeId == peerNodeId &&
            requestId == requestId();

        if (current && 0 == childLevel)
        {
            finish(Result.IN_SYNC);
            return;
        }
        if (!current || childLevel != level + 1)
        {
            return;
        }

        // a responder sends all children of a parent in one message: the parent is answered once the message
        // has been read, so its children are compared even if listed in any order
        final IntArrayList answered = requested;
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

        if (pendingParents.isEmpty())
        {
            advanceDescent(nowNs);
        }
    }

    private void onKeyValueBatch(final long nowNs, final int fromNodeId, final KeyValueBatchDecoder decoder)
    {
        final int requestId = decoder.sessionId();
        final int chunkIndex = decoder.chunkIndex();
        final int chunkCount = decoder.chunkCount();
        final boolean isReply = BooleanType.T.value() == decoder.isReplyRaw();
        final boolean tracked = isReply && State.EXCHANGING == state && fromNodeId == peerNodeId &&
            requestId == requestId() && chunkCount >= 1 && chunkIndex < chunkCount;

        int rejected = 0;
        for (final KeyValueBatchDecoder.EntriesDecoder entry : decoder.entries())
        {
            final long lamportTime = entry.lamportTime();
            final int writerNode = entry.writerNode();
            final short tombstoneRaw = entry.tombstoneRaw();
            final boolean validClock = remoteClock.decode(entry.clock(), store.maxClockEntries());
            entry.wrapKey(keyView);
            entry.wrapValue(valueView);
            entriesReceived++;
            if (!validClock || (BooleanType.T.value() != tombstoneRaw && BooleanType.F.value() != tombstoneRaw))
            {
                rejected++;
                continue;
            }
            final boolean tombstone = BooleanType.T.value() == tombstoneRaw;
            final MergeResult result = store.merge(
                keyView, 0, keyView.capacity(), valueView, 0, valueView.capacity(), tombstone, lamportTime,
                writerNode, remoteClock,
                tombstone ? KvStore.decodeTombstoneAgeNs(valueView, 0, valueView.capacity()) : 0, nowNs);
            if (MergeResult.REJECTED == result)
            {
                rejected++;
                continue;
            }
            if (MergeResult.IGNORED != result)
            {
                entriesMerged++;
            }
            if (tracked)
            {
                peerDigests.add(store.lastMergeDigest());
            }
        }
        if (rejected > 0)
        {
            counters.add(ProtocolCounters.DROP_SEMANTIC, rejected);
        }

        if (tracked)
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
                if (++chunksReceived == chunkCountExpected)
                {
                    completeLeafWindow(nowNs);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- rounds

    private void sendNextDigestWindow(final long nowNs)
    {
        windowFrom = windowTo;
        windowTo = Math.min(frontier.size(), windowFrom + maxParentsPerRound);
        pendingParents.clear();
        for (int i = windowFrom; i < windowTo; i++)
        {
            pendingParents.add(frontier.getInt(i));
        }
        beginRound(nowNs);
        writeDigestRequests(false);
    }

    private void advanceDescent(final long nowNs)
    {
        if (windowTo < frontier.size())
        {
            sendNextDigestWindow(nowNs);
            return;
        }
        if (nextFrontier.isEmpty())
        {
            finish(Result.IN_SYNC);
            return;
        }
        final IntArrayList swap = frontier;
        frontier = nextFrontier;
        nextFrontier = swap;
        nextFrontier.clear();
        level++;
        windowTo = 0;
        if (level < tree.depth())
        {
            sendNextDigestWindow(nowNs);
        }
        else
        {
            differingLeaves = frontier.size();
            state = State.EXCHANGING;
            sendNextLeafWindow(nowNs);
        }
    }

    private void sendNextLeafWindow(final long nowNs)
    {
        final int perMessage = Math.min(
            Math.min(maxLeavesPerRound, MAX_GROUP_COUNT),
            (outbox.maxMessageLength() - KEY_RANGE_FIXED) / KEY_RANGE_LEAF);
        windowFrom = windowTo;
        windowTo = Math.min(frontier.size(), windowFrom + perMessage);
        peerDigests.clear();
        clearChunksSeen();
        chunkCountExpected = -1;
        beginRound(nowNs);
        writeKeyRangeRequest();
    }

    private void completeLeafWindow(final long nowNs)
    {
        writeBatches(nowNs, peerNodeId, peerIpv4, peerPort, requestId(), false, frontier, windowFrom, windowTo,
            peerDigests);
        if (windowTo < frontier.size())
        {
            sendNextLeafWindow(nowNs);
        }
        else
        {
            finish(Result.REPAIRED);
        }
    }

    private int requestId()
    {
        return (sessionId << 16) | (round & 0xFFFF);
    }

    private void beginRound(final long nowNs)
    {
        round++;
        roundTrips++;
        retries = 0;
        roundDeadlineNs = nowNs + roundTimeoutNs;
    }

    private void finish(final Result result)
    {
        state = State.IDLE;
        lastResult = result;
        if (Result.TIMED_OUT == result)
        {
            sessionsTimedOut++;
        }
        pendingParents.clear();
        peerDigests.clear();
    }

    private void clearChunksSeen()
    {
        if (chunkCountExpected > 0)
        {
            Arrays.fill(chunksSeen, 0, (chunkCountExpected + 63) >>> 6, 0L);
        }
        chunksReceived = 0;
    }

    // ------------------------------------------------------------------------------------------------- outbound

    private void writeDigestRequests(final boolean onlyPending)
    {
        final int perMessage = Math.min((outbox.maxMessageLength() - DIGEST_REQUEST_FIXED) / DIGEST_REQUEST_NODE,
            MAX_GROUP_COUNT);
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
                    .sessionId(requestId())
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

    private void writeKeyRangeRequest()
    {
        final int n = windowTo - windowFrom;
        final int offset = outbox.claim(
            srcNodeIndex, srcNodeId, peerNodeId, peerIpv4, peerPort, KEY_RANGE_FIXED + n * KEY_RANGE_LEAF);
        if (offset < 0)
        {
            return;
        }
        final KeyRangeRequestEncoder.LeavesEncoder leaves =
            keyRangeEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                .sessionId(requestId())
                .leavesCount(n);
        for (int i = windowFrom; i < windowTo; i++)
        {
            leaves.next().leafIndex(frontier.getInt(i));
        }
        outbox.commit(MESSAGE_HEADER_LENGTH + keyRangeEncoder.encodedLength());
    }

    /**
     * Write every version stored in {@code leaves[from, to)}, except those whose digest is in {@code exclude}, as
     * KeyValueBatch chunks that each fit in one frame. A reply always has at least one (maybe empty) chunk, so the
     * requester learns it is complete; a push with nothing to send sends nothing.
     */
    private void writeBatches(
        final long nowNs,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final int requestId,
        final boolean isReply,
        final IntArrayList leaves,
        final int from,
        final int to,
        final LongHashSet exclude)
    {
        final int capacity = outbox.maxMessageLength();
        chunkEntries.clear();
        chunkLengths.clear();
        int entries = 0;
        int length = KvStoreConfig.BATCH_HEADER_LENGTH;
        openCursor(leaves, from, to, exclude);
        for (int v = nextCursorVersion(); KvStore.NULL_ID != v; v = nextCursorVersion())
        {
            final int entryLength = entryLength(v);
            if (KvStoreConfig.BATCH_HEADER_LENGTH + entryLength > capacity)
            {
                continue;
            }
            if (length + entryLength > capacity || entries == MAX_GROUP_COUNT)
            {
                chunkEntries.addInt(entries);
                chunkLengths.addInt(length);
                entries = 0;
                length = KvStoreConfig.BATCH_HEADER_LENGTH;
            }
            entries++;
            length += entryLength;
        }
        if (entries > 0 || (isReply && chunkEntries.isEmpty()))
        {
            chunkEntries.addInt(entries);
            chunkLengths.addInt(length);
        }

        final int chunkCount = chunkEntries.size();
        if (chunkCount > MAX_GROUP_COUNT)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        openCursor(leaves, from, to, exclude);
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            final int offset = outbox.claim(
                srcNodeIndex, srcNodeId, dstNodeId, dstIpv4, dstPort, chunkLengths.getInt(chunk));
            if (offset < 0)
            {
                return;
            }
            final int n = chunkEntries.getInt(chunk);
            final KeyValueBatchEncoder.EntriesEncoder encoder =
                batchEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .sessionId(requestId)
                    .chunkIndex(chunk)
                    .chunkCount(chunkCount)
                    .isReply(isReply ? BooleanType.T : BooleanType.F)
                    .entriesCount(n);
            for (int i = 0; i < n; i++)
            {
                int v = nextCursorVersion();
                while (KvStoreConfig.BATCH_HEADER_LENGTH + entryLength(v) > capacity)
                {
                    v = nextCursorVersion();
                }
                final byte[] key = keys.bytes(versions.keyOf(v));
                final boolean tombstone = versions.isTombstone(v);
                encoder.next()
                    .lamportTime(versions.lamportTime(v))
                    .writerNode(versions.writer(v))
                    .tombstone(tombstone ? BooleanType.T : BooleanType.F);
                VectorClock.encodePacked(versions.packedClock(v), encoder);
                encoder.putKey(key, 0, key.length);
                if (tombstone)
                {
                    KvStore.encodeTombstoneAge(ageScratch, 0, versions.ageNs(v, nowNs));
                    encoder.putValue(ageScratch, 0, KvStore.TOMBSTONE_AGE_BYTES);
                }
                else
                {
                    final byte[] value = versions.value(v);
                    encoder.putValue(value, 0, value.length);
                }
            }
            outbox.commit(MESSAGE_HEADER_LENGTH + batchEncoder.encodedLength());
            entriesSent += n;
        }
    }

    private int entryLength(final int versionId)
    {
        return KvStoreConfig.encodedEntryLength(
            keys.bytes(versions.keyOf(versionId)).length,
            versions.isTombstone(versionId) ? KvStore.TOMBSTONE_AGE_BYTES : versions.value(versionId).length,
            versions.packedClock(versionId).length >> 1);
    }

    private void openCursor(final IntArrayList leaves, final int from, final int to, final LongHashSet exclude)
    {
        cursorLeaves = leaves;
        cursorFrom = from;
        cursorTo = to;
        cursorExclude = exclude;
        cursorLeafPos = from - 1;
        cursorKey = KvStore.NULL_ID;
        cursorVersion = KvStore.NULL_ID;
    }

    private int nextCursorVersion()
    {
        while (true)
        {
            if (KvStore.NULL_ID != cursorVersion)
            {
                cursorVersion = versions.next(cursorVersion);
            }
            while (KvStore.NULL_ID == cursorVersion)
            {
                if (KvStore.NULL_ID != cursorKey)
                {
                    cursorKey = keys.nextInLeaf(cursorKey);
                }
                while (KvStore.NULL_ID == cursorKey)
                {
                    if (++cursorLeafPos >= cursorTo)
                    {
                        return KvStore.NULL_ID;
                    }
                    cursorKey = keys.leafHead(cursorLeaves.getInt(cursorLeafPos));
                }
                cursorVersion = keys.firstVersion(cursorKey);
            }
            if (null == cursorExclude || !cursorExclude.contains(versions.digest(cursorVersion)))
            {
                return cursorVersion;
            }
        }
    }
}

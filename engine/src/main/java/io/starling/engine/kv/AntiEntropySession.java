package io.starling.engine.kv;

import io.starling.codecs.BooleanType;
import io.starling.codecs.KeyRangeRequestDecoder;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.MerkleDigestRequestDecoder;
import io.starling.codecs.MerkleDigestResponseDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.replication.ReplicationCounters;
import org.agrona.DirectBuffer;

/**
 * Merkle anti-entropy between one node's {@link KvStore} and a peer's, sans-IO: time comes in as {@code nowNs},
 * messages go out through an {@link Outbox} and come in through {@link #onMessage}. One instance per node plays
 * both roles.
 * <p>
 * <b>Responder</b> ({@link AntiEntropyResponder}, stateless, for any peer): answers a MerkleDigestRequest with the
 * digests of the children of the listed nodes, or with the root alone when the requester's root equals its own;
 * answers a KeyRangeRequest with every version stored in the listed leaves, as chunked KeyValueBatch messages
 * ({@code isReply}), but for at most {@code maxLeavesPerRound} leaves per request (a request listing every leaf
 * would otherwise dump the whole store in one duty cycle; the rest are dropped and counted, and the next session
 * asks again). Every KeyValueBatch received is merged ({@link KeyValueBatchMerge}); batches are written by
 * {@link KeyValueBatchWriter}, tombstones with their age ({@link KvStore#encodeTombstoneAge}).
 * <p>
 * <b>Initiator</b> ({@link #start}), in two phases: {@link MerkleDescent} sends its root hash and asks for the root's
 * children; where a child differs it asks for that child's children, level by level, only ever below differing
 * nodes (at most {@code maxParentsPerRound} at a time). At the leaves {@link LeafExchange} asks for the differing
 * leaves' entries (at most {@code maxLeavesPerRound} at a time), merges what comes back, and pushes to the peer
 * exactly the local versions the peer did not send (those it lacks). With one differing key that is
 * {@code depth + 1} round trips and one push. This class runs the session: its rounds, request ids, retries,
 * timeouts and statistics, and routes each message to its end.
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
    /** Most entries of an SBE group (and chunks of a batch) written or tracked. */
    static final int MAX_GROUP_COUNT = 65_534;

    private final CounterSink counters;
    private final long roundTimeoutNs;
    private final int maxRetries;
    private final long sessionTimeoutNs;

    private final MerkleDigestRequestDecoder digestRequestDecoder = new MerkleDigestRequestDecoder();
    private final MerkleDigestResponseDecoder digestResponseDecoder = new MerkleDigestResponseDecoder();
    private final KeyRangeRequestDecoder keyRangeDecoder = new KeyRangeRequestDecoder();
    private final KeyValueBatchDecoder batchDecoder = new KeyValueBatchDecoder();
    private final KeyValueBatchWriter batchWriter;
    private final KeyValueBatchMerge batchMerge;
    private final AntiEntropyResponder responder;
    private final MerkleDescent descent;
    private final LeafExchange exchange;

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

    // statistics
    private int roundTrips;
    private int differingLeaves;
    private long sessionsStarted;
    private long sessionsTimedOut;
    private long totalRetries;

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
        final MerkleTree tree = store.merkleTree();
        this.counters = counters;
        this.roundTimeoutNs = config.roundTimeoutNs();
        this.maxRetries = config.maxRetries();
        this.sessionTimeoutNs = config.sessionTimeoutNs();
        this.batchWriter = new KeyValueBatchWriter(store, outbox, counters, srcNodeIndex, srcNodeId);
        this.batchMerge = new KeyValueBatchMerge(store, counters);
        this.responder = new AntiEntropyResponder(
            tree, outbox, counters, batchWriter, srcNodeIndex, srcNodeId, config.maxLeavesPerRound());
        this.descent = new MerkleDescent(tree, outbox, counters, srcNodeIndex, srcNodeId, config.maxParentsPerRound());
        this.exchange = new LeafExchange(outbox, batchWriter, srcNodeIndex, srcNodeId, config.maxLeavesPerRound());
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
        descent.start();
        sessionsStarted++;
        counters.increment(ReplicationCounters.ANTI_ENTROPY_SESSIONS);
        state = State.DESCENDING;
        sendNextDigestRound(nowNs);
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
                descent.resendPending(requestId(), peerNodeId, peerIpv4, peerPort);
            }
            else
            {
                exchange.resend(requestId(), peerNodeId, peerIpv4, peerPort);
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
        return batchWriter.entriesSent();
    }

    /**
     * @return entries this node has received since it was created.
     */
    public long entriesReceived()
    {
        return batchMerge.entriesReceived();
    }

    /**
     * @return received entries that changed the store (added, replaced or became siblings).
     */
    public long entriesMerged()
    {
        return batchMerge.entriesMerged();
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
        return responder.keyRangeLeavesDropped();
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
                responder.onDigestRequest(fromNodeId, fromIpv4, fromPort,
                    digestRequestDecoder.wrap(buffer, body, blockLength, version));
                break;

            case MerkleDigestResponseDecoder.TEMPLATE_ID:
                onDigestResponse(nowNs, fromNodeId, digestResponseDecoder.wrap(buffer, body, blockLength, version));
                break;

            case KeyRangeRequestDecoder.TEMPLATE_ID:
                responder.onKeyRangeRequest(nowNs,
                    fromNodeId, fromIpv4, fromPort, keyRangeDecoder.wrap(buffer, body, blockLength, version));
                break;

            default:
                onKeyValueBatch(nowNs, fromNodeId, batchDecoder.wrap(buffer, body, blockLength, version));
                break;
        }
        return true;
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
        if (!current || childLevel != descent.level() + 1)
        {
            return;
        }
        if (descent.onResponse(childLevel, decoder))
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

        batchMerge.merge(nowNs, decoder, tracked ? exchange.peerDigests() : null);
        if (tracked && exchange.onReplyChunk(chunkIndex, chunkCount))
        {
            completeLeafRound(nowNs);
        }
    }

    // ------------------------------------------------------------------------------------------------- rounds

    private void sendNextDigestRound(final long nowNs)
    {
        beginRound(nowNs);
        descent.sendNextRound(requestId(), peerNodeId, peerIpv4, peerPort);
    }

    private void advanceDescent(final long nowNs)
    {
        final MerkleDescent.Step step = descent.advance();
        if (MerkleDescent.Step.NEXT_ROUND == step)
        {
            sendNextDigestRound(nowNs);
        }
        else if (MerkleDescent.Step.IN_SYNC == step)
        {
            finish(Result.IN_SYNC);
        }
        else
        {
            differingLeaves = descent.frontier().size();
            state = State.EXCHANGING;
            exchange.start(descent.frontier());
            sendNextLeafRound(nowNs);
        }
    }

    private void sendNextLeafRound(final long nowNs)
    {
        beginRound(nowNs);
        exchange.sendNextRound(requestId(), peerNodeId, peerIpv4, peerPort);
    }

    private void completeLeafRound(final long nowNs)
    {
        if (exchange.pushMissing(nowNs, requestId(), peerNodeId, peerIpv4, peerPort))
        {
            sendNextLeafRound(nowNs);
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
        descent.clear();
        exchange.clear();
    }
}

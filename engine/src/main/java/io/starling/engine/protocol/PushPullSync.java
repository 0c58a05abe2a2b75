package io.starling.engine.protocol;

import io.starling.codecs.BooleanType;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.codecs.PushPullChunkEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import static io.starling.engine.protocol.MemberState.NONE;

/**
 * Push-pull state sync: this node's whole view (with metadata) sent as chunks that each fill one frame, merged by
 * the receiver, which answers a first chunk with its own view. Started periodically with a random live member
 * (the interval scaled by cluster size), at once when the node's own out-of-contact window ends
 * ({@link ContactReturn}), by {@link DigestSync}, {@link Reconnect} and {@link Join}. It keeps no session: chunks
 * merge as they come, a DEAD in them as SUSPECT (the member gets the suspicion timeout to refute), unless the member is expected
 * out of contact (then as DEAD: it could not refute before its window ends anyway). The answers it
 * gives (to a push-pull request, and for {@link Join} to a Join) share one budget of bytes per probe interval
 * ({@link ProtocolConfig#stateAnswerBytesPerPeriod(int)}): a request names, or registers, the endpoint its answer goes
 * to, so the budget bounds what forged requests make a node send anywhere. The answers and the periodic exchanges it
 * starts also draw on the process's {@link HostBudget}: a periodic exchange it refuses is tried again one probe
 * interval later.
 */
final class PushPullSync
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int STATE_ENTRY_LENGTH = PushPullChunkEncoder.MembersEncoder.sbeBlockLength();
    private static final int VAR_HEADER_LENGTH = PushPullChunkEncoder.MembersEncoder.metadataHeaderLength();
    private static final byte[] NO_METADATA = new byte[0];
    /**
     * Views of more chunks than this are sent from a rotating chunk ({@link #rotation}); smaller ones in index order,
     * the newest members last. 64 full chunks (88 KiB) fit the 96 KiB a publication's default 128 KiB window gives
     * state frames (the host keeps 32 KiB for probes), so smaller views are not cut; and a joiner re-announces the
     * members of its seed's answer through a bounded queue that keeps the last merged, so index order spreads the
     * newest joiners: rotating every view of three chunks or more made 1,000 nodes joining through one seed miss
     * their convergence bounds (SwimScenarioTest, HeavyLossScenarioTest).
     */
    static final int ROTATE_ABOVE_CHUNKS = 64;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final RandomSource random;
    private final PeerSelection peers;
    private final UpdateMerge merge;
    private final Outbox outbox;
    private final CounterSink counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PushPullChunkEncoder pushPullEncoder = new PushPullChunkEncoder();
    private final UnsafeBuffer metadataView = new UnsafeBuffer(0, 0);
    private final SingleTimer timer;
    /** Members in the chunk {@link #chunkEnd} last measured. */
    private int inChunk;
    /** Members in the whole view {@link #stateChunks} last measured. */
    private int stateMembers;
    /** Start of the probe interval whose answers {@link #answerBytes} counts. */
    private long answerWindowStartNs;
    private long answerBytes;
    private boolean answerWindowOpen;
    /** State sends of more than {@link #ROTATE_ABOVE_CHUNKS} chunks, for {@link #rotation}. */
    private long rotatedSends;
    /** Index and count of the chunk {@link #onChunk} last merged. */
    private int lastChunkIndex;
    private int lastChunkCount;

    PushPullSync(
        final LocalNode self,
        final MemberDirectory directory,
        final MembershipTable table,
        final RandomSource random,
        final PeerSelection peers,
        final UpdateMerge merge,
        final NodeTimers timers,
        final Outbox outbox,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.table = table;
        this.random = random;
        this.peers = peers;
        this.merge = merge;
        this.outbox = outbox;
        this.counters = counters;
        this.timer = new SingleTimer(timers, NodeTimers.PUSH_PULL);
    }

    /**
     * Schedule the first periodic exchange at a random point of the first interval (one random draw).
     */
    void start(final long nowNs)
    {
        timer.scheduleWithinFirstInterval(nowNs, self.config.pushPullIntervalNs(), random);
    }

    void close()
    {
        timer.cancel();
    }

    void onTimer(final long nowNs, final long firedTimerId)
    {
        if (timer.fired(firedTimerId))
        {
            exchange(nowNs);
        }
    }

    /**
     * Start an exchange now, out of the periodic schedule ({@link ContactReturn}: the node's own out-of-contact window
     * just ended), under the same conditions as a periodic one; the periodic timer restarts from now, so no second
     * exchange follows within an interval. Nothing while periodic push-pull is off.
     */
    void startNow(final long nowNs)
    {
        if (timer.isArmed())
        {
            timer.cancel();
            exchange(nowNs);
        }
    }

    /**
     * An exchange with one member now, out of the periodic schedule ({@link DigestSync}: its view digest differs from
     * this node's; {@link Reconnect}: it is held DEAD), under the conditions of a periodic one; the periodic timer is
     * left as it is.
     *
     * @param nowNs current time.
     * @param slot  the member's slot.
     * @return true if this node's view went out; false if it is leaving, either side is expected out of contact or the
     * process's state budget refused (counted as {@link ProtocolCounters#STATE_SENDS_DEFERRED}).
     */
    boolean exchangeWith(final long nowNs, final int slot)
    {
        if (self.leaving || self.expectedAbsent(self.nodeId, nowNs) ||
            self.expectedAbsent(directory.nodeId(slot), nowNs) || !stateBudgetGranted(nowNs))
        {
            return false;
        }
        sendRequest(slot);
        return true;
    }

    /**
     * One periodic exchange with a random live member in contact, or its deferral; re-arms the timer either way.
     */
    private void exchange(final long nowNs)
    {
        if (self.leaving || self.expectedAbsent(self.nodeId, nowNs))
        {
            timer.schedule(nowNs + self.config.scaledPushPullIntervalNs(self.knownLiveCount()));
            return;
        }
        if (!stateBudgetGranted(nowNs))
        {
            timer.schedule(nowNs + self.config.probeIntervalNs());
            return;
        }
        timer.schedule(nowNs + self.config.scaledPushPullIntervalNs(self.knownLiveCount()));
        final int slot = peers.pickLiveMember(nowNs);
        if (slot >= 0)
        {
            sendRequest(slot);
        }
    }

    /**
     * The process's state budget for this node's view, or the deferral counted. The estimate (entries without
     * metadata) keeps a deferral O(1): thousands of co-hosted nodes may be waiting.
     */
    private boolean stateBudgetGranted(final long nowNs)
    {
        if (self.budget.tryState(nowNs, (long)self.knownLiveCount() * (STATE_ENTRY_LENGTH + VAR_HEADER_LENGTH)))
        {
            return true;
        }
        counters.increment(ProtocolCounters.STATE_SENDS_DEFERRED);
        return false;
    }

    /**
     * Start an exchange: this node's view to the member, which answers with its own.
     */
    private void sendRequest(final int slot)
    {
        counters.increment(ProtocolCounters.PUSH_PULLS_STARTED);
        sendState(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), self.nextSyncId(), false, false);
    }

    /**
     * A chunk of another member's view: merge it; answer a first chunk that is not itself a reply.
     *
     * @return true if the chunk is a seed's answer to this node's Join (its index and the answer's chunk count are
     * then {@link #lastChunkIndex()} and {@link #lastChunkCount()}).
     */
    boolean onChunk(final long nowNs, final int src, final PushPullChunkDecoder chunk)
    {
        final int syncId = chunk.syncId();
        final int chunkIndex = chunk.chunkIndex();
        lastChunkIndex = chunkIndex;
        lastChunkCount = chunk.chunkCount();
        final boolean isReply = chunk.isReplyRaw() == BooleanType.T.value();
        final boolean isJoin = chunk.isJoinRaw() == BooleanType.T.value();
        for (final PushPullChunkDecoder.MembersDecoder m : chunk.members())
        {
            final int memberId = m.memberId();
            final int memberIncarnation = m.incarnation();
            final int memberMeta = m.metaVersion();
            // A remote DEAD from a state sync is a suspicion here (memberlist's mergeState): after a partition heals,
            // the other side's verdicts about this side's members must be refutable, not applied at once. Not about a
            // member expected out of contact: it cannot refute until its window ends, and a suspicion would be paused
            // until then, so an observer that missed the death rumor would learn of the death only at the member's
            // next contact; the DEAD goes to the merge as it came (UpdateMerge applies it during the window).
            final int state = MemberState.DEAD == m.stateRaw() && !self.expectedAbsent(memberId, nowNs) ?
                MemberState.SUSPECT : m.stateRaw();
            final int memberIpv4 = m.endpoint().ipv4();
            final int memberPort = m.endpoint().port();
            m.wrapMetadata(metadataView);
            // An empty field means "bytes not sent" (see sendableMetadata); held bytes are stored before any event.
            merge.merge(nowNs, memberId, memberIncarnation, state, memberMeta, src, memberIpv4, memberPort,
                metadataView, 0, metadataView.capacity() > 0 ? metadataView.capacity() : -1);
        }
        if (!isReply && 0 == chunkIndex)
        {
            final int srcSlot = directory.slotOf(src);
            if (srcSlot >= 0)
            {
                // Within the answer budget; a requester answered short learns the rest at its next push-pull.
                answer(nowNs, src, directory.ipv4(srcSlot), directory.port(srcSlot), syncId, false);
            }
            else
            {
                counters.increment(ProtocolCounters.DROP_SEMANTIC);
            }
        }
        return isReply && isJoin;
    }

    /**
     * Answer a request for this node's state (a Join, or the first chunk of a push-pull request) within the probe
     * interval's answer budget: the full state while it fits (the interval's first answer always goes), then this
     * node's own entry alone while that fits (the requester learns this node is alive at its incarnation), then
     * nothing. Counted when not in full ({@link ProtocolCounters#JOIN_ANSWERS_LIMITED},
     * {@link ProtocolCounters#PUSH_PULL_ANSWERS_LIMITED}). So at most max(budget, one full state) bytes of answers
     * leave the node per probe interval, whatever the requests say.
     */
    void answer(
        final long nowNs, final int dst, final int dstIpv4, final int dstPort, final int syncId, final boolean isJoin)
    {
        if (!answerWindowOpen || nowNs - answerWindowStartNs >= self.config.probeIntervalNs())
        {
            answerWindowOpen = true;
            answerWindowStartNs = nowNs;
            answerBytes = 0;
        }
        final long budget = self.config.stateAnswerBytesPerPeriod();
        final int chunkCount = stateChunks();
        final long stateBytes = (long)chunkCount * outbox.maxMessageLength();
        if ((0 == answerBytes || answerBytes + stateBytes <= budget) && self.budget.tryState(nowNs, stateBytes))
        {
            answerBytes += stateBytes;
            sendChunks(chunkCount, dst, dstIpv4, dstPort, syncId, true, isJoin);
            return;
        }
        counters.increment(isJoin ? ProtocolCounters.JOIN_ANSWERS_LIMITED : ProtocolCounters.PUSH_PULL_ANSWERS_LIMITED);
        if (answerBytes + ownEntryLength() <= budget)
        {
            answerBytes += sendOwnEntry(dst, dstIpv4, dstPort);
        }
    }

    /**
     * @return index of the chunk {@link #onChunk} last merged.
     */
    int lastChunkIndex()
    {
        return lastChunkIndex;
    }

    /**
     * @return chunk count of the state whose chunk {@link #onChunk} last merged.
     */
    int lastChunkCount()
    {
        return lastChunkCount;
    }

    /**
     * @return the frames this node's whole view takes as push-pull chunks ({@link #sendState}), 0 if it cannot be
     * sent.
     */
    private int stateChunks()
    {
        final int perChunk = perChunk();
        final int size = Math.min(directory.size(), table.capacity());
        int chunkCount = 0;
        int members = 0;
        for (int slot = 0; slot < size; )
        {
            slot = chunkEnd(slot, size, perChunk);
            chunkCount += inChunk > 0 ? 1 : 0;
            members += inChunk;
        }
        stateMembers = members;
        return chunkCount > 0xFFFF ? 0 : chunkCount;
    }

    /**
     * Send this node's whole view to a member as push-pull chunks, each filling one frame. Chunk 0 goes first; a view
     * of more than {@link #ROTATE_ABOVE_CHUNKS} chunks then goes on from a different chunk each time
     * ({@link #rotation}), wrapping round: a view larger than the path takes in one burst (what a publication's
     * window towards another process leaves state frames) arrives cut, and if every send went in index order the
     * same tail would be lost every time: a Join retried until its answer is whole, or the push-pulls of a member of
     * another process, would never bring the members of the later chunks.
     */
    private void sendState(
        final int dst,
        final int dstIpv4,
        final int dstPort,
        final int syncId,
        final boolean isReply,
        final boolean isJoin)
    {
        // Every chunk header carries the chunk count and the member total, so measure the chunks first.
        sendChunks(stateChunks(), dst, dstIpv4, dstPort, syncId, isReply, isJoin);
    }

    /**
     * {@link #sendState} with the view just measured by {@link #stateChunks()} (which left the member total in
     * {@link #stateMembers}), so an answer measured against its budgets is not walked twice.
     */
    private void sendChunks(
        final int chunkCount,
        final int dst,
        final int dstIpv4,
        final int dstPort,
        final int syncId,
        final boolean isReply,
        final boolean isJoin)
    {
        if (0 == chunkCount)
        {
            return;
        }
        final int totalMembers = stateMembers;
        final int perChunk = perChunk();
        final int size = Math.min(directory.size(), table.capacity());
        final int rotation = rotation(chunkCount);

        // Chunk 0 first (the first chunk of a request is what the receiver answers), then chunks rotation .. last,
        // then 1 .. rotation - 1.
        final int afterFirst = sendChunk(0, 0, size, perChunk, dst, dstIpv4, dstPort, syncId, chunkCount, isReply,
            isJoin, totalMembers);
        if (afterFirst < 0)
        {
            return;
        }
        int start = afterFirst;
        for (int chunk = 1; chunk < rotation; chunk++)
        {
            start = chunkEnd(start, size, perChunk);
        }
        for (int chunk = rotation; chunk < chunkCount && start >= 0; chunk++)
        {
            start = sendChunk(chunk, start, size, perChunk, dst, dstIpv4, dstPort, syncId, chunkCount, isReply,
                isJoin, totalMembers);
        }
        start = afterFirst;
        for (int chunk = 1; chunk < rotation && start >= 0; chunk++)
        {
            start = sendChunk(chunk, start, size, perChunk, dst, dstIpv4, dstPort, syncId, chunkCount, isReply,
                isJoin, totalMembers);
        }
    }

    /**
     * @return the slot after the chunk's last member, or -1 if the outbox refused the chunk.
     */
    private int sendChunk(
        final int chunk,
        final int start,
        final int size,
        final int perChunk,
        final int dst,
        final int dstIpv4,
        final int dstPort,
        final int syncId,
        final int chunkCount,
        final boolean isReply,
        final boolean isJoin,
        final int totalMembers)
    {
        if (start < 0)
        {
            return -1;
        }
        final int end = chunkEnd(start, size, perChunk);
        final int offset = outbox.claim(self.nodeIndex, self.nodeId, dst, dstIpv4, dstPort, outbox.maxMessageLength());
        if (offset < 0)
        {
            return -1;
        }
        final PushPullChunkEncoder.MembersEncoder members =
            encodeHeader(offset, syncId, chunk, chunkCount, isReply, isJoin, totalMembers, inChunk);
        for (int s = start; s < end; s++)
        {
            if (NONE != table.state(s))
            {
                encodeEntry(members, s);
            }
        }
        outbox.commit(HEADER_LENGTH + pushPullEncoder.encodedLength());
        outbox.flush();
        counters.increment(ProtocolCounters.PUSH_PULL_CHUNKS_SENT);
        return end;
    }

    /**
     * The chunk a state send continues with after chunk 0: 1 (index order) for a view of at most
     * {@link #ROTATE_ABOVE_CHUNKS} chunks, else spread over 1 .. chunkCount - 1 by a Fibonacci hash of the count of
     * such sends so far (no random draw).
     */
    private int rotation(final int chunkCount)
    {
        if (chunkCount <= ROTATE_ABOVE_CHUNKS)
        {
            return 1;
        }
        final long hash = (++rotatedSends * 0x9E3779B97F4A7C15L) >>> 33;
        return 1 + (int)(hash % (chunkCount - 1));
    }

    /**
     * Send this node's own entry alone, as one push-pull reply chunk that is not a Join answer: the receiver merges
     * it and neither answers it nor stops retrying its Join.
     *
     * @return the bytes handed to the outbox, 0 if it refused them.
     */
    private int sendOwnEntry(final int dst, final int dstIpv4, final int dstPort)
    {
        final int offset = outbox.claim(self.nodeIndex, self.nodeId, dst, dstIpv4, dstPort, outbox.maxMessageLength());
        if (offset < 0)
        {
            return 0;
        }
        encodeEntry(encodeHeader(offset, 0, 0, 1, true, false, 1, 1), self.selfSlot);
        final int length = HEADER_LENGTH + pushPullEncoder.encodedLength();
        outbox.commit(length);
        outbox.flush();
        counters.increment(ProtocolCounters.PUSH_PULL_CHUNKS_SENT);
        return length;
    }

    /**
     * @return the largest own-entry chunk ({@link #sendOwnEntry}) in bytes.
     */
    private int ownEntryLength()
    {
        return HEADER_LENGTH + PushPullChunkEncoder.BLOCK_LENGTH + Piggyback.GROUP_HEADER_LENGTH +
            stateEntryLength(self.selfSlot);
    }

    private int perChunk()
    {
        return outbox.maxMessageLength() - HEADER_LENGTH - PushPullChunkEncoder.BLOCK_LENGTH -
            Piggyback.GROUP_HEADER_LENGTH;
    }

    private PushPullChunkEncoder.MembersEncoder encodeHeader(
        final int offset,
        final int syncId,
        final int chunk,
        final int chunkCount,
        final boolean isReply,
        final boolean isJoin,
        final int totalMembers,
        final int members)
    {
        pushPullEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .syncId(syncId)
            .chunkIndex(chunk)
            .chunkCount(chunkCount)
            .isReply(isReply ? BooleanType.T : BooleanType.F)
            .isJoin(isJoin ? BooleanType.T : BooleanType.F)
            .totalMembers(totalMembers);
        return pushPullEncoder.membersCount(members);
    }

    private void encodeEntry(final PushPullChunkEncoder.MembersEncoder members, final int slot)
    {
        final long word = table.word(slot);
        final int meta = MembershipTable.metaVersion(word);
        members.next()
            .memberId(directory.nodeId(slot))
            .incarnation(MembershipTable.incarnation(word))
            .state(io.starling.codecs.MemberState.get((short)MembershipTable.state(word)))
            .metaVersion(meta)
            .endpoint().ipv4(directory.ipv4(slot)).port(directory.port(slot));
        final byte[] metadata = sendableMetadata(slot, meta);
        members.putMetadata(null == metadata ? NO_METADATA : metadata, 0, null == metadata ? 0 : metadata.length);
    }

    /**
     * The chunk that starts at {@code start}: as many known members as fit in {@code perChunk} bytes (at least one).
     *
     * @return the slot after its last member; the member count is left in {@link #inChunk}.
     */
    private int chunkEnd(final int start, final int size, final int perChunk)
    {
        int used = 0;
        int count = 0;
        int end = start;
        while (end < size)
        {
            if (NONE == table.state(end))
            {
                end++;
                continue;
            }
            final int entry = stateEntryLength(end);
            if (used + entry > perChunk && count > 0)
            {
                break;
            }
            used += entry;
            count++;
            end++;
        }
        inChunk = count;
        return end;
    }

    private int stateEntryLength(final int slot)
    {
        final byte[] metadata = sendableMetadata(slot, table.metaVersion(slot));
        return STATE_ENTRY_LENGTH + VAR_HEADER_LENGTH + (null == metadata ? 0 : metadata.length);
    }

    private byte[] sendableMetadata(final int slot, final int meta)
    {
        final byte[] metadata = directory.metadata(slot);
        return null != metadata && directory.metadataVersion(slot) == meta ? metadata : null;
    }
}

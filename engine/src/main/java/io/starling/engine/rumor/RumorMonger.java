package io.starling.engine.rumor;

import java.util.concurrent.TimeUnit;

import io.starling.codecs.BooleanType;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.RumorAckDecoder;
import io.starling.codecs.RumorAckEncoder;
import io.starling.codecs.RumorDecoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.NodeExtension;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.replication.ReplicationCounters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * User broadcasts spread as rumors (Demers et al., "Epidemic Algorithms for Replicated Database Maintenance",
 * PODC 1987): a node that learns a rumor becomes infective and pushes it each round to {@code fanout} random
 * members until it loses interest according to the engine's stopping strategy:
 * <ul>
 *     <li>{@link Strategy#FEEDBACK_COUNTER}: stop after k "already knew" replies (k in a row by default, or k in
 *     all as in Demers' counter variant).</li>
 *     <li>{@link Strategy#BLIND_COUNTER}: exactly k rounds of pushes, whatever the replies.</li>
 *     <li>{@link Strategy#BLIND_COIN}: after each round, stop with probability 1/k (Demers' table 2).</li>
 * </ul>
 * Every node delivers a rumor to its listener once (deduplicated by id in a bounded seen set). The feedback counter
 * counts distinct members: an "already knew" reply from a member already counted for the rumor (a duplicated or
 * replayed frame, or one member answering again) does not count again, so one member cannot end a rumor; the
 * counter stops at k, or at the number of other live members when there are fewer. Anti-entropy is the safety net
 * for what a rumor misses. Sans-IO; allocation free once each active slot has held a payload.
 */
public final class RumorMonger implements NodeExtension
{
    /** Timer kind of the push round. */
    public static final int TIMER_ROUND = NodeExtension.TIMER_KIND_BASE;

    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    /**
     * When an infective node loses interest in a rumor.
     */
    public enum Strategy
    {
        FEEDBACK_COUNTER, BLIND_COUNTER, BLIND_COIN
    }

    /**
     * Receives each rumor once, on the host's thread, and judges its payload before the rumor is spread on: a
     * payload the listener refuses (malformed, not its kind) stays at this node. Must not block.
     */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param nowNs       when delivered.
         * @param nodeIndex   index of the receiving node in its host.
         * @param rumorId     unique id (origin node id in the high 32 bits, origin sequence in the low; the sequence
         *                    starts at a random value per launch).
         * @param originNode  node that broadcast it.
         * @param lamportTime Lamport time of the broadcast.
         * @param payload     buffer holding the payload (valid only during the call).
         * @param offset      of the payload.
         * @param length      of the payload.
         * @return true to spread the rumor on; false if this node refuses its payload (the listener counts why).
         */
        boolean onRumor(
            long nowNs, int nodeIndex, long rumorId, int originNode, long lamportTime,
            DirectBuffer payload, int offset, int length);
    }

    /**
     * Rumor configuration, with documented defaults.
     */
    public static final class Config
    {
        /** Default strategy. */
        public static final Strategy STRATEGY_DEFAULT = Strategy.FEEDBACK_COUNTER;
        /** Default k: "already knew" replies (feedback) or rounds (blind). */
        public static final int K_DEFAULT = 3;
        /** Default members pushed to per round. */
        public static final int FANOUT_DEFAULT = 1;
        /** Default round interval: 200 ms, the gossip interval. */
        public static final long ROUND_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(200);
        /** Default payload limit in bytes; the hard limit is what fits in one frame. */
        public static final int MAX_PAYLOAD_BYTES_DEFAULT = 1024;
        /** Default rumors a node pushes at once; more are dropped (and counted) until slots free up. */
        public static final int MAX_ACTIVE_DEFAULT = 64;
        /** Default rumor ids remembered for deduplication. */
        public static final int SEEN_CAPACITY_DEFAULT = 8192;

        private Strategy strategy = STRATEGY_DEFAULT;
        private int k = K_DEFAULT;
        private int fanout = FANOUT_DEFAULT;
        private long roundIntervalNs = ROUND_INTERVAL_NS_DEFAULT;
        private int maxPayloadBytes = MAX_PAYLOAD_BYTES_DEFAULT;
        private int maxActive = MAX_ACTIVE_DEFAULT;
        private int seenCapacity = SEEN_CAPACITY_DEFAULT;
        private boolean feedbackConsecutive = true;

        /**
         * Validate.
         *
         * @param frameBudgetBytes the frame budget the rumors must fit in.
         * @return this.
         */
        public Config conclude(final int frameBudgetBytes)
        {
            if (k < 1 || k > 1000)
            {
                throw new IllegalArgumentException("rumor k=" + k + " must be in [1, 1000]");
            }
            if (fanout < 1 || fanout > 64)
            {
                throw new IllegalArgumentException("rumor fanout=" + fanout + " must be in [1, 64]");
            }
            if (roundIntervalNs <= 0)
            {
                throw new IllegalArgumentException("rumor roundIntervalNs=" + roundIntervalNs + " must be > 0");
            }
            final int hardMax = hardMaxPayloadBytes(frameBudgetBytes);
            if (maxPayloadBytes < 0 || maxPayloadBytes > hardMax)
            {
                throw new IllegalArgumentException("rumor maxPayloadBytes=" + maxPayloadBytes +
                    " must be in [0, " + hardMax + "] (what fits in a " + frameBudgetBytes + " byte frame)");
            }
            if (maxActive < 1 || seenCapacity < 16)
            {
                throw new IllegalArgumentException("rumor maxActive must be >= 1 and seenCapacity >= 16");
            }
            return this;
        }

        /**
         * @param frameBudgetBytes frame budget.
         * @return the largest payload one rumor can carry in a frame of that size.
         */
        public static int hardMaxPayloadBytes(final int frameBudgetBytes)
        {
            return frameBudgetBytes - FramePacker.FRAME_HEADER_LENGTH - HEADER_LENGTH - RumorEncoder.BLOCK_LENGTH -
                RumorEncoder.payloadHeaderLength();
        }

        public Strategy strategy()
        {
            return strategy;
        }

        public Config strategy(final Strategy strategy)
        {
            this.strategy = strategy;
            return this;
        }

        public int k()
        {
            return k;
        }

        public Config k(final int k)
        {
            this.k = k;
            return this;
        }

        public int fanout()
        {
            return fanout;
        }

        public Config fanout(final int fanout)
        {
            this.fanout = fanout;
            return this;
        }

        public long roundIntervalNs()
        {
            return roundIntervalNs;
        }

        public Config roundIntervalNs(final long roundIntervalNs)
        {
            this.roundIntervalNs = roundIntervalNs;
            return this;
        }

        public int maxPayloadBytes()
        {
            return maxPayloadBytes;
        }

        public Config maxPayloadBytes(final int maxPayloadBytes)
        {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public int maxActive()
        {
            return maxActive;
        }

        public Config maxActive(final int maxActive)
        {
            this.maxActive = maxActive;
            return this;
        }

        public int seenCapacity()
        {
            return seenCapacity;
        }

        public Config seenCapacity(final int seenCapacity)
        {
            this.seenCapacity = seenCapacity;
            return this;
        }

        /**
         * @return true (default) if a "did not know" reply resets the feedback counter, so k means k in a row;
         * false counts every "already knew" reply, as Demers' counter variant does.
         */
        public boolean feedbackConsecutive()
        {
            return feedbackConsecutive;
        }

        public Config feedbackConsecutive(final boolean feedbackConsecutive)
        {
            this.feedbackConsecutive = feedbackConsecutive;
            return this;
        }
    }

    private final Config config;
    private final RandomSource random;
    private final TimerService timers;
    private final Outbox outbox;
    private final Listener listener;
    private final CounterSink counters;
    private final RumorEncoder rumorEncoder = new RumorEncoder();
    private final RumorDecoder rumorDecoder = new RumorDecoder();
    private final RumorAckEncoder ackEncoder = new RumorAckEncoder();
    private final RumorAckDecoder ackDecoder = new RumorAckDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);

    // Active (infective) rumors: parallel arrays, slot -> rumor.
    private final long[] activeId;
    private final int[] activeOrigin;
    private final long[] activeLamport;
    private final int[] activeCounter;
    private final int[] activeLength;
    private final UnsafeBuffer[] activePayload;
    /** Per active slot, the members whose "already knew" replies the feedback counter holds (k per slot). */
    private final int[] countedFrom;
    private final Long2LongHashMap slotById;
    private int activeCount;

    // Seen rumor ids: a set plus a FIFO ring that evicts the oldest when full.
    private final LongHashSet seen;
    private final long[] seenRing;
    private int seenHead;
    private int seenSize;

    private SwimNode node;
    private int nodeIndex;
    private int nodeId;
    private int sequence;
    private long lamport;
    private long roundTimerId = TimerService.NULL_TIMER;
    private long pushesSent;
    private long delivered;
    private final int[] targets = new int[64];

    /**
     * @param config   concluded rumor configuration.
     * @param random   randomness handed in.
     * @param timers   timers handed in.
     * @param outbox   where rumors go.
     * @param listener receives each rumor once.
     * @param counters counts sends, deliveries and drops.
     */
    public RumorMonger(
        final Config config,
        final RandomSource random,
        final TimerService timers,
        final Outbox outbox,
        final Listener listener,
        final CounterSink counters)
    {
        this.config = config;
        this.random = random;
        this.timers = timers;
        this.outbox = outbox;
        this.listener = listener;
        this.counters = counters;
        final int n = config.maxActive();
        activeId = new long[n];
        activeOrigin = new int[n];
        activeLamport = new long[n];
        activeCounter = new int[n];
        activeLength = new int[n];
        activePayload = new UnsafeBuffer[n];
        countedFrom = new int[Strategy.FEEDBACK_COUNTER == config.strategy() ? n * config.k() : 0];
        slotById = new Long2LongHashMap(n * 2, Hashing.DEFAULT_LOAD_FACTOR, -1);
        seen = new LongHashSet(config.seenCapacity() * 2);
        seenRing = new long[config.seenCapacity()];
        // the launch's epoch: a random start for the sequence, so a node restarted with the same id does not reuse
        // the ids of its previous launch that peers still hold in their seen sets
        sequence = (int)random.nextLong();
    }

    public void onStart(final long nowNs, final SwimNode node)
    {
        this.node = node;
        this.nodeIndex = node.nodeIndex();
        this.nodeId = node.nodeId();
        roundTimerId = timers.scheduleTimer(nodeIndex, TIMER_ROUND, 0, nowNs + config.roundIntervalNs());
    }

    /**
     * Broadcast a payload to every node of the cluster. It is delivered to this node's listener too, and spread
     * whatever the listener returns.
     *
     * @param nowNs   current time.
     * @param payload buffer holding the payload.
     * @param offset  of the payload.
     * @param length  of the payload, at most {@link Config#maxPayloadBytes()}.
     * @return the rumor id, or -1 if too many rumors are being pushed right now (counted).
     * @throws IllegalArgumentException if the payload is larger than the limit.
     */
    public long broadcast(final long nowNs, final DirectBuffer payload, final int offset, final int length)
    {
        if (length < 0 || length > config.maxPayloadBytes())
        {
            throw new IllegalArgumentException(
                "broadcast payload length=" + length + " must be in [0, " + config.maxPayloadBytes() + "]");
        }
        if (null == node)
        {
            throw new IllegalStateException("broadcast before the node started");
        }
        final long rumorId = ((long)nodeId << 32) | (++sequence & 0xFFFF_FFFFL);
        lamport++;
        remember(rumorId);
        delivered++;
        counters.increment(ReplicationCounters.RUMORS_DELIVERED);
        listener.onRumor(nowNs, nodeIndex, rumorId, nodeId, lamport, payload, offset, length);
        activate(rumorId, nodeId, lamport, payload, offset, length);
        return rumorId;
    }

    public boolean onMessage(
        final long nowNs,
        final int srcNodeId,
        final int templateId,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int blockLength,
        final int version)
    {
        final int offset = messageOffset + HEADER_LENGTH;
        if (RumorDecoder.TEMPLATE_ID == templateId)
        {
            onRumor(nowNs, srcNodeId, rumorDecoder.wrap(buffer, offset, blockLength, version));
            return true;
        }
        if (RumorAckDecoder.TEMPLATE_ID == templateId)
        {
            onRumorAck(srcNodeId, ackDecoder.wrap(buffer, offset, blockLength, version));
            return true;
        }
        return false;
    }

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        if (TIMER_ROUND != kind || timerId != roundTimerId)
        {
            return;
        }
        roundTimerId = timers.scheduleTimer(nodeIndex, TIMER_ROUND, 0, nowNs + config.roundIntervalNs());
        pushRound();
    }

    private void onRumor(final long nowNs, final int srcNodeId, final RumorDecoder rumor)
    {
        final long rumorId = rumor.rumorId();
        final int origin = rumor.originNode();
        final long rumorLamport = rumor.lamportTime();
        rumor.wrapPayload(payloadView);
        final int length = payloadView.capacity();
        final boolean known = seen.contains(rumorId);
        if (!known)
        {
            if (length > config.maxPayloadBytes())
            {
                counters.increment(ProtocolCounters.DROP_SEMANTIC);
                return;
            }
            remember(rumorId);
            lamport = Math.max(lamport, rumorLamport) + 1;
            delivered++;
            counters.increment(ReplicationCounters.RUMORS_DELIVERED);
            if (listener.onRumor(nowNs, nodeIndex, rumorId, origin, rumorLamport, payloadView, 0, length))
            {
                activate(rumorId, origin, rumorLamport, payloadView, 0, length);
            }
        }
        if (Strategy.FEEDBACK_COUNTER == config.strategy())
        {
            sendAck(srcNodeId, rumorId, origin, known);
        }
    }

    private void onRumorAck(final int srcNodeId, final RumorAckDecoder ack)
    {
        if (Strategy.FEEDBACK_COUNTER != config.strategy())
        {
            return;
        }
        final int slot = (int)slotById.get(ack.rumorId());
        if (slot < 0)
        {
            return;
        }
        if (BooleanType.T.value() == ack.alreadyKnownRaw())
        {
            final int base = slot * config.k();
            final int counted = activeCounter[slot];
            for (int i = 0; i < counted; i++)
            {
                if (countedFrom[base + i] == srcNodeId)
                {
                    return;
                }
            }
            countedFrom[base + counted] = srcNodeId;
            activeCounter[slot] = counted + 1;
            if (counted + 1 >= Math.min(config.k(), Math.max(1, node.liveMemberCount() - 1)))
            {
                deactivate(slot);
            }
        }
        else if (config.feedbackConsecutive())
        {
            activeCounter[slot] = 0;
        }
    }

    private void pushRound()
    {
        for (int slot = activeCount - 1; slot >= 0; slot--)
        {
            final int n = pickTargets(config.fanout());
            for (int i = 0; i < n; i++)
            {
                sendRumor(targets[i], slot);
            }
            switch (config.strategy())
            {
                case BLIND_COUNTER:
                    if (++activeCounter[slot] >= config.k())
                    {
                        deactivate(slot);
                    }
                    break;
                case BLIND_COIN:
                    if (random.nextInt(config.k()) == 0)
                    {
                        deactivate(slot);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private int pickTargets(final int wanted)
    {
        int count = 0;
        for (int attempt = 0; attempt < 4 * wanted + 4 && count < wanted; attempt++)
        {
            final int slot = node.randomAliveMember();
            if (slot < 0)
            {
                break;
            }
            boolean dup = false;
            for (int i = 0; i < count; i++)
            {
                dup |= targets[i] == slot;
            }
            if (!dup)
            {
                targets[count++] = slot;
            }
        }
        return count;
    }

    private void sendRumor(final int memberSlot, final int slot)
    {
        final MemberDirectory directory = node.directory();
        final int length = activeLength[slot];
        final int offset = outbox.claim(nodeIndex, nodeId, directory.nodeId(memberSlot), directory.ipv4(memberSlot),
            directory.port(memberSlot), HEADER_LENGTH + RumorEncoder.BLOCK_LENGTH +
            RumorEncoder.payloadHeaderLength() + length);
        if (offset < 0)
        {
            return;
        }
        rumorEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .rumorId(activeId[slot])
            .originNode(activeOrigin[slot])
            .lamportTime(activeLamport[slot])
            .hops((short)0)
            .putPayload(activePayload[slot], 0, length);
        outbox.commit(HEADER_LENGTH + rumorEncoder.encodedLength());
        pushesSent++;
        counters.increment(ReplicationCounters.RUMORS_SENT);
    }

    private void sendAck(final int dstNodeId, final long rumorId, final int origin, final boolean known)
    {
        final MemberDirectory directory = node.directory();
        final int memberSlot = directory.slotOf(dstNodeId);
        if (memberSlot < 0)
        {
            return;
        }
        final int offset = outbox.claim(nodeIndex, nodeId, dstNodeId, directory.ipv4(memberSlot),
            directory.port(memberSlot), HEADER_LENGTH + RumorAckEncoder.BLOCK_LENGTH);
        if (offset < 0)
        {
            return;
        }
        ackEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .rumorId(rumorId)
            .originNode(origin)
            .alreadyKnown(known ? BooleanType.T : BooleanType.F);
        outbox.commit(HEADER_LENGTH + ackEncoder.encodedLength());
    }

    private void activate(
        final long rumorId, final int origin, final long rumorLamport, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (activeCount == activeId.length)
        {
            counters.increment(ProtocolCounters.DROP_OUTBOX_FULL);
            return;
        }
        final int slot = activeCount++;
        activeId[slot] = rumorId;
        activeOrigin[slot] = origin;
        activeLamport[slot] = rumorLamport;
        activeCounter[slot] = 0;
        activeLength[slot] = length;
        UnsafeBuffer buffer = activePayload[slot];
        if (null == buffer || buffer.capacity() < length)
        {
            buffer = new UnsafeBuffer(new byte[Math.max(length, 64)]);
            activePayload[slot] = buffer;
        }
        buffer.putBytes(0, payload, offset, length);
        slotById.put(rumorId, slot);
    }

    private void deactivate(final int slot)
    {
        slotById.remove(activeId[slot]);
        final int last = --activeCount;
        if (slot != last)
        {
            activeId[slot] = activeId[last];
            activeOrigin[slot] = activeOrigin[last];
            activeLamport[slot] = activeLamport[last];
            activeCounter[slot] = activeCounter[last];
            activeLength[slot] = activeLength[last];
            if (countedFrom.length > 0)
            {
                System.arraycopy(countedFrom, last * config.k(), countedFrom, slot * config.k(), config.k());
            }
            final UnsafeBuffer tmp = activePayload[slot];
            activePayload[slot] = activePayload[last];
            activePayload[last] = tmp;
            slotById.put(activeId[slot], slot);
        }
    }

    private void remember(final long rumorId)
    {
        final int capacity = seenRing.length;
        if (seenSize == capacity)
        {
            // Full: the oldest id leaves the set and its ring position takes the new one.
            seen.remove(seenRing[seenHead]);
            seenRing[seenHead] = rumorId;
            seenHead = (seenHead + 1) % capacity;
        }
        else
        {
            seenRing[(seenHead + seenSize) % capacity] = rumorId;
            seenSize++;
        }
        seen.add(rumorId);
    }

    /**
     * @param rumorId id of a rumor.
     * @return true if this node has seen it.
     */
    public boolean hasSeen(final long rumorId)
    {
        return seen.contains(rumorId);
    }

    /**
     * @return rumors this node is currently pushing.
     */
    public int activeCount()
    {
        return activeCount;
    }

    /**
     * @return rumor pushes this node has sent.
     */
    public long pushesSent()
    {
        return pushesSent;
    }

    /**
     * @return rumors delivered to this node's listener.
     */
    public long delivered()
    {
        return delivered;
    }
}

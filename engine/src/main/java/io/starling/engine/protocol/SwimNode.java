package io.starling.engine.protocol;

import io.starling.codecs.AckDecoder;
import io.starling.codecs.AckEncoder;
import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.GroupSizeEncodingEncoder;
import io.starling.codecs.JoinDecoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.codecs.PushPullChunkEncoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.Hashing;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.NONE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static io.starling.engine.protocol.TimerService.NULL_TIMER;

/**
 * One SWIM + Lifeguard protocol node, sans-IO: time arrives as {@code nowNs}, randomness through a
 * {@link RandomSource}, timers through a {@link TimerService}, and everything it sends leaves through an
 * {@link Outbox}. The same code runs in the real-time host and in the deterministic simulator.
 * <p>
 * What it does:
 * <ul>
 *     <li>Failure detection (SWIM): every probe interval, ping the next member of a randomized round-robin order;
 *     if no ack arrives within the probe timeout, ask {@code indirectChecks} random members to ping it (PingReq);
 *     if nothing has answered by the end of the interval, suspect it.</li>
 *     <li>Suspicion with refutation: a suspect becomes dead after the suspicion timeout unless it refutes by
 *     raising its incarnation; a node that hears itself suspected or declared dead refutes.</li>
 *     <li>Lifeguard: a local health score scales the probe interval and timeout (raised by failed probes with
 *     missing nacks and by refutations, lowered by acks); relays send nacks; the suspicion timeout starts at
 *     its maximum and shrinks toward its minimum with each independent confirmation; the buddy system puts the
 *     suspicion first in pings to a suspect.</li>
 *     <li>Dissemination: updates piggyback on every ping, ack and ping-req, and on a periodic gossip to
 *     {@code gossipNodes} random members; each is sent at most retransmitMult x ceil(log10(N+1)) times.</li>
 *     <li>Push-pull full-state exchange: periodically with a random member, at join through a seed, and with a
 *     random dead member (reconnect: heals partitions without an operator). States larger than a frame are
 *     chunked.</li>
 *     <li>Graceful leave (LEFT, not DEAD), reaping of dead members from the probe order, rejoin after restart.</li>
 * </ul>
 * Single-threaded: every method must be called from the owning host's thread, except the membership table's
 * reads, which are safe from any thread.
 */
public final class SwimNode implements ProtocolNode
{
    static final int TIMER_PROBE_TICK = 1;
    static final int TIMER_PROBE_TIMEOUT = 2;
    static final int TIMER_GOSSIP = 3;
    static final int TIMER_PUSH_PULL = 4;
    static final int TIMER_SUSPICION = 5;
    static final int TIMER_RELAY = 6;
    static final int TIMER_RECONNECT = 7;
    static final int TIMER_JOIN_RETRY = 8;
    static final int TIMER_PING_TIMEOUT = 9;
    static final int TIMER_SUSPICION_CHECK = 10;
    private static final int SUSPICION_CHECKS = 3;

    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    // Length prefix of every var-data field (the varDataEncoding composite's ENCODED_LENGTH is -1: variable).
    private static final int VAR_HEADER_LENGTH = AckEncoder.payloadHeaderLength();
    private static final int UPDATE_LENGTH = PingEncoder.UpdatesEncoder.sbeBlockLength();
    private static final int STATE_ENTRY_LENGTH = PushPullChunkEncoder.MembersEncoder.sbeBlockLength();
    private static final int MAX_UPDATES_PER_MESSAGE = 128;
    private static final int MAX_MESSAGES_PER_FRAME = 64;
    private static final int NIL = -1;
    private static final int NO_TIME = Integer.MIN_VALUE;
    private static final int DEAD_SINCE_INITIAL_CAPACITY = 16;
    /**
     * Largest jump in a member's incarnation an observer accepts from a third party (a quarter of the serial-number
     * range). Incarnations move by one per refutation, so only a forged or corrupted update jumps further, and
     * bounding it keeps every accepted claim refutable: the subject answers a claim c with c + 1, which must still
     * be newer (less than 2^31 ahead) for every observer that never saw c.
     */
    static final int MAX_INCARNATION_JUMP = 1 << 30;
    private static final io.starling.codecs.MemberState[] WIRE_STATES = {
        io.starling.codecs.MemberState.ALIVE,
        io.starling.codecs.MemberState.SUSPECT,
        io.starling.codecs.MemberState.DEAD,
        io.starling.codecs.MemberState.LEFT
    };

    private final ProtocolConfig config;
    private final int nodeIndex;
    private final int nodeId;
    private final int ipv4;
    private final int port;
    private final MemberDirectory directory;
    private final RandomSource random;
    private final TimerService timers;
    private final Outbox outbox;
    private final MembershipObserver observer;
    private final CounterSink counters;
    private final MembershipTable table;
    private final ProbeOrder order;
    private final DisseminationQueue queue;
    private final int selfSlot;
    private final boolean lifeguard;
    private final int awarenessMax;
    private final int suspicionConfirmationsExpected;

    private final FrameValidator validator = new FrameValidator(MAX_MESSAGES_PER_FRAME);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final NackEncoder nackEncoder = new NackEncoder();
    private final NackDecoder nackDecoder = new NackDecoder();
    private final PingReqEncoder pingReqEncoder = new PingReqEncoder();
    private final PingReqDecoder pingReqDecoder = new PingReqDecoder();
    private final GossipEncoder gossipEncoder = new GossipEncoder();
    private final GossipDecoder gossipDecoder = new GossipDecoder();
    private final JoinEncoder joinEncoder = new JoinEncoder();
    private final JoinDecoder joinDecoder = new JoinDecoder();
    private final LeaveEncoder leaveEncoder = new LeaveEncoder();
    private final LeaveDecoder leaveDecoder = new LeaveDecoder();
    private final PushPullChunkEncoder pushPullEncoder = new PushPullChunkEncoder();
    private final PushPullChunkDecoder pushPullDecoder = new PushPullChunkDecoder();
    private final UnsafeBuffer metadataView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer emptyBuffer = new UnsafeBuffer(new byte[0]);
    private final int[] selected = new int[MAX_UPDATES_PER_MESSAGE];
    private final int[] picked = new int[64];

    private int incarnation;
    private int metaVersion;
    private boolean started;
    private boolean leaving;
    private long epochNs;
    private int liveCount;
    private int health;
    private int sequence;
    private int syncSequence;

    private NodeExtension extension;
    private int[] seedIpv4 = new int[4];
    private int[] seedPort = new int[4];
    private int seedCount;

    private boolean probeActive;
    private boolean probeAcked;
    private int probeSeq;
    private int probeSlot;
    private long probeStartNs;
    private int probeNacks;
    private int probeExpectedNacks;

    private long probeTickTimerId = NULL_TIMER;
    private long probeTimeoutTimerId = NULL_TIMER;
    private long gossipTimerId = NULL_TIMER;
    private long pushPullTimerId = NULL_TIMER;
    private long reconnectTimerId = NULL_TIMER;
    private long joinRetryTimerId = NULL_TIMER;

    // When each DEAD or LEFT member still in the probe order changed state, in ms since start (the only members whose
    // change time is read: reaping and gossip to the dead). Sparse, so a view entry stays at the state word and the
    // probe order. Differences are wrap-safe int arithmetic, exact below 2^31 ms (windows are at most 2^30 ms).
    private final Int2IntHashMap deadSinceMsBySlot =
        new Int2IntHashMap(DEAD_SINCE_INITIAL_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR, NO_TIME);

    /** False while learning a co-hosted member ({@link #learnCoHosted}): known by configuration, not news. */
    private boolean announceStrangers = true;

    // Suspicions, pooled: one record per suspected member.
    private final Int2IntHashMap suspicionBySlot = new Int2IntHashMap(64, Hashing.DEFAULT_LOAD_FACTOR, NIL);
    private int[] susSlot = new int[16];
    private int[] susIncarnation = new int[16];
    private long[] susStartNs = new long[16];
    private long[] susTimerId = new long[16];
    private long[] susCheckTimerId = new long[16];
    private int[] susConfirmations = new int[16];
    private int[] susConfirmers;
    private int susFree = NIL;
    private int susHighWater;

    // Relayed probes (PingReq handled for others), pooled.
    private final Int2IntHashMap relayBySeq = new Int2IntHashMap(64, Hashing.DEFAULT_LOAD_FACTOR, NIL);
    private int[] relaySeq = new int[16];
    private int[] relayRequester = new int[16];
    private int[] relayRequesterSeq = new int[16];
    private int[] relayTarget = new int[16];
    private boolean[] relayWantNack = new boolean[16];
    private long[] relayTimerId = new long[16];
    private int relayFree = NIL;
    private int relayHighWater;

    // On-demand pings (ping(...)) awaiting their ack, pooled; the arrays are made on the first ping only.
    private final Int2IntHashMap pingBySeq = new Int2IntHashMap(16, Hashing.DEFAULT_LOAD_FACTOR, NIL);
    private int[] pingSeq;
    private int[] pingMember;
    private long[] pingCorrelationId;
    private long[] pingStartNs;
    private long[] pingTimerId;
    private int pingFree = NIL;
    private int pingHighWater;
    private int pingOutstanding;

    /**
     * @param config    concluded protocol configuration.
     * @param nodeIndex index of this node within its host (names it to the timer service and outbox).
     * @param nodeId    cluster-wide id of this node.
     * @param ipv4      IPv4 address of the process hosting this node (host order).
     * @param port      UDP port of the process hosting this node.
     * @param directory process-wide member directory.
     * @param random    randomness handed in.
     * @param timers    timers handed in.
     * @param outbox    where messages go.
     * @param observer  receives membership events.
     * @param counters  counts what the node does.
     */
    public SwimNode(
        final ProtocolConfig config,
        final int nodeIndex,
        final int nodeId,
        final int ipv4,
        final int port,
        final MemberDirectory directory,
        final RandomSource random,
        final TimerService timers,
        final Outbox outbox,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        if (!config.isConcluded())
        {
            throw new IllegalStateException("ProtocolConfig must be concluded");
        }
        this.config = config;
        this.nodeIndex = nodeIndex;
        this.nodeId = nodeId;
        this.ipv4 = ipv4;
        this.port = port;
        this.directory = directory;
        this.random = random;
        this.timers = timers;
        this.outbox = outbox;
        this.observer = observer;
        this.counters = counters;
        this.lifeguard = config.lifeguardEnabled();
        this.awarenessMax = lifeguard ? Math.max(1, config.awarenessMaxMultiplier()) : 1;
        this.suspicionConfirmationsExpected = Math.max(0, config.suspicionMult() - 2);
        this.susConfirmers = new int[16 * Math.max(1, suspicionConfirmationsExpected + 1)];

        selfSlot = directory.register(nodeId, ipv4, port);
        table = new MembershipTable(Math.max(directory.capacity(), selfSlot + 1));
        order = new ProbeOrder(Math.max(16, directory.capacity()));
        queue = new DisseminationQueue(config.disseminationQueueCapacity(), 64);
        table.set(selfSlot, 0, ALIVE, 0, 0);
        liveCount = 1;
    }

    /**
     * Add a seed endpoint to join through; call before {@link #start(long)}.
     *
     * @param seedIpv4 the seed process's IPv4 address (host order).
     * @param seedPort the seed process's UDP port.
     */
    public void addSeed(final int seedIpv4, final int seedPort)
    {
        if (seedIpv4 == ipv4 && seedPort == port)
        {
            return;
        }
        if (seedCount == this.seedIpv4.length)
        {
            this.seedIpv4 = Arrays.copyOf(this.seedIpv4, seedCount * 2);
            this.seedPort = Arrays.copyOf(this.seedPort, seedCount * 2);
        }
        this.seedIpv4[seedCount] = seedIpv4;
        this.seedPort[seedCount] = seedPort;
        seedCount++;
    }

    /**
     * Send a {@code Join} now to any node of the process at an endpoint, which answers with its state (push-pull).
     * Unlike {@link #addSeed(int, int)} it works after {@link #start(long)} and also towards this node's own process
     * endpoint, where another hosted node answers; it is not retried (the caller decides when to join again).
     *
     * @param nowNs    current time (nothing is scheduled; taken for symmetry with the other calls).
     * @param seedIpv4 the seed process's IPv4 address (host order).
     * @param seedPort the seed process's UDP port.
     * @return true if the Join was handed to the outbox, false if the node is not started, is leaving, or the
     * outbox refused it (counted there).
     */
    public boolean join(final long nowNs, final int seedIpv4, final int seedPort)
    {
        return started && !leaving && sendJoin(seedIpv4, seedPort);
    }

    /**
     * Attach the layer that handles rumors and anti-entropy (or any composite of layers). Call before start.
     *
     * @param extension to attach, or null.
     */
    public void extension(final NodeExtension extension)
    {
        this.extension = extension;
    }

    /**
     * Start with a given incarnation, e.g. one persisted before a restart. Call before {@link #start(long)}.
     *
     * @param incarnation to start with.
     */
    public void initialIncarnation(final int incarnation)
    {
        this.incarnation = incarnation;
        table.set(selfSlot, incarnation, ALIVE, metaVersion, 0);
    }

    /**
     * Learn a member ALIVE at incarnation 0 without a message and without gossiping it: a node hosted by the same
     * process, known by configuration. Only before {@link #start(long)}; the observer hears the join.
     *
     * @param nowNs    time.
     * @param memberId the member.
     * @param ipv4     its endpoint's address, host order.
     * @param port     its endpoint's port.
     */
    public void learnCoHosted(final long nowNs, final int memberId, final int ipv4, final int port)
    {
        if (started)
        {
            throw new IllegalStateException("node " + nodeId + " already started");
        }
        announceStrangers = false;
        try
        {
            merge(nowNs, memberId, 0, ALIVE, 0, memberId, ipv4, port);
        }
        finally
        {
            announceStrangers = true;
        }
    }

    public void start(final long nowNs)
    {
        if (started)
        {
            throw new IllegalStateException("node " + nodeId + " already started");
        }
        started = true;
        epochNs = nowNs;
        // Announce ourselves: every joiner spreads its own ALIVE, so a seed is not the only voice for a crowd.
        queue.offer(selfSlot, nodeId);
        probeTickTimerId = timers.scheduleTimer(nodeIndex, TIMER_PROBE_TICK, 0, nowNs + config.probeIntervalNs());
        gossipTimerId = timers.scheduleTimer(nodeIndex, TIMER_GOSSIP, 0, nowNs + config.gossipIntervalNs());
        if (config.pushPullIntervalNs() > 0)
        {
            final long firstNs = nowNs + 1 + (long)(random.nextDouble() * config.pushPullIntervalNs());
            pushPullTimerId = timers.scheduleTimer(nodeIndex, TIMER_PUSH_PULL, 0, firstNs);
        }
        if (config.reconnectIntervalNs() > 0)
        {
            final long firstNs = nowNs + 1 + (long)(random.nextDouble() * config.reconnectIntervalNs());
            reconnectTimerId = timers.scheduleTimer(nodeIndex, TIMER_RECONNECT, 0, firstNs);
        }
        if (seedCount > 0)
        {
            sendJoins();
            joinRetryTimerId = timers.scheduleTimer(
                nodeIndex, TIMER_JOIN_RETRY, 0, nowNs + 2 * config.probeIntervalNs());
        }
        if (null != extension)
        {
            extension.onStart(nowNs, this);
        }
        outbox.flush();
    }

    /**
     * Cancel every timer this node holds. The node must not be used afterwards.
     */
    public void close()
    {
        cancel(probeTickTimerId);
        cancel(probeTimeoutTimerId);
        cancel(gossipTimerId);
        cancel(pushPullTimerId);
        cancel(reconnectTimerId);
        cancel(joinRetryTimerId);
        probeTickTimerId = probeTimeoutTimerId = gossipTimerId = pushPullTimerId = NULL_TIMER;
        reconnectTimerId = joinRetryTimerId = NULL_TIMER;
        for (int i = 0; i < susHighWater; i++)
        {
            cancel(susTimerId[i]);
            cancel(susCheckTimerId[i]);
            susTimerId[i] = NULL_TIMER;
            susCheckTimerId[i] = NULL_TIMER;
        }
        for (int i = 0; i < relayHighWater; i++)
        {
            cancel(relayTimerId[i]);
            relayTimerId[i] = NULL_TIMER;
        }
        for (int i = 0; i < pingHighWater; i++)
        {
            cancel(pingTimerId[i]);
            pingTimerId[i] = NULL_TIMER;
        }
        started = false;
    }

    /**
     * Leave gracefully: spread LEFT about ourselves (members mark us LEFT, not DEAD) and stop probing. Keep the
     * node running for a few gossip intervals afterwards so the news spreads, then close it.
     *
     * @param nowNs current time.
     */
    public void leave(final long nowNs)
    {
        if (leaving)
        {
            return;
        }
        leaving = true;
        table.set(selfSlot, incarnation, LEFT, metaVersion, 0);
        liveCount--;
        queue.offer(selfSlot, nodeId);
        final int targets = pickGossipTargets(nowNs, Math.max(1, 2 * config.gossipNodes()));
        for (int i = 0; i < targets; i++)
        {
            final int slot = picked[i];
            final int offset = claim(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot),
                HEADER_LENGTH + LeaveEncoder.BLOCK_LENGTH);
            if (offset >= 0)
            {
                leaveEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                    .nodeId(nodeId)
                    .incarnation(incarnation);
                outbox.commit(HEADER_LENGTH + leaveEncoder.encodedLength());
            }
        }
        outbox.flush();
    }

    /**
     * Replace this node's metadata: it is spread with a new metadata version and a new incarnation.
     *
     * @param nowNs    current time.
     * @param metadata buffer holding the metadata.
     * @param offset   of the metadata.
     * @param length   of the metadata, at most {@link MemberDirectory#MAX_METADATA_BYTES}.
     */
    public void updateMetadata(final long nowNs, final DirectBuffer metadata, final int offset, final int length)
    {
        if (length < 0 || length > MemberDirectory.MAX_METADATA_BYTES)
        {
            throw new IllegalArgumentException(
                "metadata length=" + length + " must be in [0, " + MemberDirectory.MAX_METADATA_BYTES + "]");
        }
        metaVersion = (metaVersion + 1) & 0xFFFF;
        incarnation++;
        directory.putMetadata(selfSlot, metaVersion, metadata, offset, length);
        table.set(selfSlot, incarnation, leaving ? LEFT : ALIVE, metaVersion, 0);
        queue.offer(selfSlot, nodeId);
        observer.onMemberMetadata(nowNs, nodeIndex, nodeId, nodeId, metaVersion);
    }

    /**
     * Ping a member now, outside the probe schedule: an application's round-trip check (memberlist's
     * {@code Ping}), and what the round-trip benchmark measures. The Ping carries piggybacked updates like any
     * other; its Ack is reported to {@link MembershipObserver#onPingAck} with {@code correlationId}, or
     * {@link MembershipObserver#onPingTimeout} is called once {@code timeoutNs} passes without one. It does not
     * change the member's state or the node's health: only the probe schedule judges liveness.
     *
     * @param nowNs         current time.
     * @param memberId      node id of a member this node knows (any state).
     * @param correlationId the caller's id, handed back with the outcome.
     * @param timeoutNs     how long to wait for the Ack (positive).
     * @return true if sent; false if not: the member is unknown or is this node, the node is not started or is
     * leaving, or {@link ProtocolConfig#outstandingPingsMax()} pings are already awaiting acks. A refused ping is
     * counted in {@link ProtocolCounters#PINGS_FAILED} and gets no callback.
     */
    public boolean ping(final long nowNs, final int memberId, final long correlationId, final long timeoutNs)
    {
        final int slot = directory.slotOf(memberId);
        if (!started || leaving || slot < 0 || slot == selfSlot || NONE == table.state(slot) ||
            pingOutstanding >= config.outstandingPingsMax() || timeoutNs <= 0)
        {
            counters.increment(ProtocolCounters.PINGS_FAILED);
            return false;
        }
        final int seq = ++sequence;
        final int record = allocPing();
        pingSeq[record] = seq;
        pingMember[record] = memberId;
        pingCorrelationId[record] = correlationId;
        pingStartNs[record] = nowNs;
        pingTimerId[record] = timers.scheduleTimer(nodeIndex, TIMER_PING_TIMEOUT, record, nowNs + timeoutNs);
        pingBySeq.put(seq, record);
        pingOutstanding++;
        counters.increment(ProtocolCounters.PINGS_SENT);
        sendPing(memberId, directory.ipv4(slot), directory.port(slot), seq, NIL);
        outbox.flush();
        return true;
    }

    /**
     * @return on-demand pings awaiting their ack.
     */
    public int outstandingPings()
    {
        return pingOutstanding;
    }

    // ------------------------------------------------------------------------------------------------ inbound

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.increment(ProtocolCounters.FRAMES_RECEIVED);
        counters.add(ProtocolCounters.BYTES_RECEIVED, length);
        if (!started)
        {
            counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return 0;
        }
        if (FrameValidator.OK != validator.validate(buffer, offset, length))
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return 0;
        }
        if (validator.clusterId() != config.clusterId())
        {
            counters.increment(ProtocolCounters.DROP_WRONG_CLUSTER);
            return 0;
        }
        final int dst = validator.dstNode();
        final int src = validator.srcNode();
        if ((dst != nodeId && dst != Outbox.ANY_NODE) || src == nodeId)
        {
            counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return 0;
        }

        final int count = validator.messageCount();
        for (int i = 0; i < count; i++)
        {
            counters.increment(ProtocolCounters.MESSAGES_RECEIVED);
            onMessage(nowNs, src, buffer, validator.messageOffset(i), validator.messageLength(i),
                validator.templateId(i), validator.actingBlockLength(i), validator.actingVersion(i));
        }
        outbox.flush();
        return count;
    }

    private void onMessage(
        final long nowNs,
        final int src,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int templateId,
        final int blockLength,
        final int version)
    {
        final int offset = messageOffset + HEADER_LENGTH;
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
                onPing(nowNs, src, pingDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AckDecoder.TEMPLATE_ID:
                onAck(nowNs, src, ackDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case NackDecoder.TEMPLATE_ID:
                onNack(nackDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case PingReqDecoder.TEMPLATE_ID:
                onPingReq(nowNs, src, pingReqDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case GossipDecoder.TEMPLATE_ID:
                for (final GossipDecoder.UpdatesDecoder u : gossipDecoder.wrap(buffer, offset, blockLength, version)
                    .updates())
                {
                    merge(nowNs, u.memberId(), u.incarnation(), u.stateRaw(), u.metaVersion(), u.fromNode(),
                        u.endpoint().ipv4(), u.endpoint().port());
                }
                break;
            case JoinDecoder.TEMPLATE_ID:
                onJoin(nowNs, src, joinDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case LeaveDecoder.TEMPLATE_ID:
                onLeave(nowNs, src, leaveDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case PushPullChunkDecoder.TEMPLATE_ID:
                onPushPull(nowNs, src, pushPullDecoder.wrap(buffer, offset, blockLength, version));
                break;
            default:
                // Rumor and anti-entropy messages belong to the layers above the membership protocol.
                if (null == extension ||
                    !extension.onMessage(
                    nowNs, src, templateId, buffer, messageOffset, messageLength, blockLength, version))
                {
                    counters.increment(ProtocolCounters.DROP_SEMANTIC);
                }
                break;
        }
    }

    private void onPing(final long nowNs, final int src, final PingDecoder ping)
    {
        final int seq = ping.seq();
        final int target = ping.targetNode();
        final int replyIpv4 = ping.sourceEndpoint().ipv4();
        final int replyPort = ping.sourceEndpoint().port();
        for (final PingDecoder.UpdatesDecoder u : ping.updates())
        {
            merge(nowNs, u.memberId(), u.incarnation(), u.stateRaw(), u.metaVersion(), u.fromNode(),
                u.endpoint().ipv4(), u.endpoint().port());
        }
        if (target != nodeId)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        sendAck(src, replyIpv4, replyPort, seq);
    }

    private void onAck(final long nowNs, final int src, final AckDecoder ack)
    {
        final int seq = ack.seq();
        final int target = ack.targetNode();
        for (final AckDecoder.UpdatesDecoder u : ack.updates())
        {
            merge(nowNs, u.memberId(), u.incarnation(), u.stateRaw(), u.metaVersion(), u.fromNode(),
                u.endpoint().ipv4(), u.endpoint().port());
        }

        if (probeActive && seq == probeSeq && target == directory.nodeId(probeSlot))
        {
            if (!probeAcked)
            {
                probeAcked = true;
                counters.increment(ProtocolCounters.ACKS_RECEIVED);
                cancel(probeTimeoutTimerId);
                probeTimeoutTimerId = NULL_TIMER;
                if (src == target)
                {
                    adjustHealth(-1);
                    observer.onProbeAck(nowNs, nodeIndex, target, nowNs - probeStartNs);
                }
            }
            return;
        }

        final int pingRecord = pingBySeq.get(seq);
        if (NIL != pingRecord)
        {
            if (pingMember[pingRecord] == target && src == target)
            {
                final long correlationId = pingCorrelationId[pingRecord];
                final long rttNs = nowNs - pingStartNs[pingRecord];
                freePing(pingRecord);
                observer.onPingAck(nowNs, nodeIndex, target, correlationId, rttNs);
            }
            return;
        }

        final int record = relayBySeq.get(seq);
        if (NIL != record && relayTarget[record] == target && src == target)
        {
            final int requesterSlot = directory.slotOf(relayRequester[record]);
            if (requesterSlot >= 0)
            {
                sendAck(relayRequester[record], directory.ipv4(requesterSlot), directory.port(requesterSlot),
                    relayRequesterSeq[record], target);
            }
            freeRelay(record);
        }
    }

    private void onNack(final NackDecoder nack)
    {
        if (probeActive && nack.seq() == probeSeq)
        {
            counters.increment(ProtocolCounters.NACKS_RECEIVED);
            probeNacks++;
        }
    }

    private void onPingReq(final long nowNs, final int src, final PingReqDecoder req)
    {
        final int seq = req.seq();
        final int target = req.targetNode();
        final int targetIpv4 = req.targetEndpoint().ipv4();
        final int targetPort = req.targetEndpoint().port();
        final boolean wantNack = req.wantNackRaw() == BooleanType.T.value();
        for (final PingReqDecoder.UpdatesDecoder u : req.updates())
        {
            merge(nowNs, u.memberId(), u.incarnation(), u.stateRaw(), u.metaVersion(), u.fromNode(),
                u.endpoint().ipv4(), u.endpoint().port());
        }
        if (target == nodeId || leaving)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        final int record = allocRelay();
        final int relaySeqValue = ++sequence;
        relaySeq[record] = relaySeqValue;
        relayRequester[record] = src;
        relayRequesterSeq[record] = seq;
        relayTarget[record] = target;
        relayWantNack[record] = wantNack;
        relayBySeq.put(relaySeqValue, record);
        // The prober gives up at the end of its probe interval, one probe timeout after it sent this request:
        // answer with a nack at 80% of that window so the nack arrives in time to count (Lifeguard).
        relayTimerId[record] = timers.scheduleTimer(
            nodeIndex, TIMER_RELAY, record, nowNs + (config.probeTimeoutNs() * 4) / 5);
        sendPing(target, targetIpv4, targetPort, relaySeqValue, NIL);
    }

    private void onJoin(final long nowNs, final int src, final JoinDecoder join)
    {
        counters.increment(ProtocolCounters.JOINS_RECEIVED);
        final int joiner = join.nodeId();
        final int joinerIncarnation = join.incarnation();
        final int joinerIpv4 = join.endpoint().ipv4();
        final int joinerPort = join.endpoint().port();
        final int joinerMetaVersion = join.metaVersion();
        if (joiner != src || 0 == joinerPort)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        merge(nowNs, joiner, joinerIncarnation, ALIVE, joinerMetaVersion, joiner, joinerIpv4, joinerPort);
        final int slot = directory.slotOf(joiner);
        join.wrapMetadata(metadataView);
        if (slot >= 0 && metadataView.capacity() > 0)
        {
            directory.putMetadata(slot, joinerMetaVersion, metadataView, 0, metadataView.capacity());
        }
        sendState(joiner, joinerIpv4, joinerPort, 0, true, true);
    }

    private void onLeave(final long nowNs, final int src, final LeaveDecoder leave)
    {
        counters.increment(ProtocolCounters.LEAVES_RECEIVED);
        final int member = leave.nodeId();
        if (member != src)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        merge(nowNs, member, leave.incarnation(), LEFT, NIL, src, 0, 0);
    }

    private void onPushPull(final long nowNs, final int src, final PushPullChunkDecoder chunk)
    {
        final int syncId = chunk.syncId();
        final int chunkIndex = chunk.chunkIndex();
        final boolean isReply = chunk.isReplyRaw() == BooleanType.T.value();
        for (final PushPullChunkDecoder.MembersDecoder m : chunk.members())
        {
            final int memberId = m.memberId();
            final int memberMeta = m.metaVersion();
            merge(nowNs, memberId, m.incarnation(), m.stateRaw(), memberMeta, src,
                m.endpoint().ipv4(), m.endpoint().port());
            m.wrapMetadata(metadataView);
            if (metadataView.capacity() > 0)
            {
                final int slot = directory.slotOf(memberId);
                if (slot >= 0 && slot != selfSlot)
                {
                    directory.putMetadata(slot, memberMeta, metadataView, 0, metadataView.capacity());
                }
            }
        }
        if (!isReply && 0 == chunkIndex)
        {
            final int srcSlot = directory.slotOf(src);
            if (srcSlot >= 0)
            {
                sendState(src, directory.ipv4(srcSlot), directory.port(srcSlot), syncId, true, false);
            }
            else
            {
                counters.increment(ProtocolCounters.DROP_SEMANTIC);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ merge

    /**
     * Merge one membership update under SWIM's rules: a higher incarnation wins; at equal incarnation SUSPECT
     * overrides ALIVE, and DEAD and LEFT override both and are final for that incarnation. Updates about this
     * node that suspect it or declare it dead are refuted by raising the incarnation.
     */
    private void merge(
        final long nowNs,
        final int memberId,
        final int memberIncarnation,
        final int state,
        final int memberMetaVersion,
        final int from,
        final int memberIpv4,
        final int memberPort)
    {
        if (state < ALIVE || state > LEFT)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        if (memberId == nodeId)
        {
            onUpdateAboutSelf(nowNs, memberIncarnation, state);
            return;
        }

        int slot = directory.slotOf(memberId);
        final long word = slot >= 0 ? table.word(slot) : MembershipTable.pack(0, NONE, 0, 0);
        final int current = MembershipTable.state(word);
        final int currentIncarnation = MembershipTable.incarnation(word);
        final int newMeta = memberMetaVersion >= 0 ? memberMetaVersion : MembershipTable.metaVersion(word);

        if (NONE == current)
        {
            // Only a live member is worth learning about; news of the death of a stranger is not.
            if (ALIVE != state || 0 == memberPort)
            {
                counters.increment(ProtocolCounters.UPDATES_STALE);
                return;
            }
            slot = directory.register(memberId, memberIpv4, memberPort);
            table.ensureCapacity(slot + 1);
            apply(nowNs, slot, memberId, NONE, memberIncarnation, ALIVE, newMeta, from);
            return;
        }

        if (memberIncarnation - currentIncarnation > MAX_INCARNATION_JUMP)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }

        switch (state)
        {
            case ALIVE:
                if (isNewer(memberIncarnation, currentIncarnation))
                {
                    if (0 != memberPort)
                    {
                        directory.register(memberId, memberIpv4, memberPort);
                    }
                    apply(nowNs, slot, memberId, current, memberIncarnation, ALIVE, newMeta, from);
                    return;
                }
                break;

            case SUSPECT:
                if (isNewer(memberIncarnation, currentIncarnation) ||
                    (memberIncarnation == currentIncarnation && ALIVE == current))
                {
                    apply(nowNs, slot, memberId, current, memberIncarnation, SUSPECT, newMeta, from);
                    return;
                }
                if (memberIncarnation == currentIncarnation && SUSPECT == current)
                {
                    confirmSuspicion(nowNs, slot, from);
                    return;
                }
                break;

            default: // DEAD or LEFT
                if (isNewer(memberIncarnation, currentIncarnation) ||
                    (memberIncarnation == currentIncarnation &&
                    (ALIVE == current || SUSPECT == current || (DEAD == current && LEFT == state))))
                {
                    apply(nowNs, slot, memberId, current, memberIncarnation, state, newMeta, from);
                    return;
                }
                break;
        }
        counters.increment(ProtocolCounters.UPDATES_STALE);
    }

    private void apply(
        final long nowNs,
        final int slot,
        final int memberId,
        final int oldState,
        final int newIncarnation,
        final int newState,
        final int newMeta,
        final int from)
    {
        final long oldWord = table.word(slot);
        int flags = NONE == oldState ? 0 : MembershipTable.flags(oldWord);
        final boolean wasLive = ALIVE == oldState || SUSPECT == oldState;
        final boolean isLive = ALIVE == newState || SUSPECT == newState;
        if (isLive && 0 == (flags & MembershipTable.FLAG_IN_PROBE_ORDER))
        {
            order.insert(slot, random);
            flags |= MembershipTable.FLAG_IN_PROBE_ORDER;
        }
        table.set(slot, newIncarnation, newState, newMeta, flags);
        if (DEAD == oldState || LEFT == oldState)
        {
            deadSinceMsBySlot.remove(slot);
        }
        if (!isLive && 0 != (flags & MembershipTable.FLAG_IN_PROBE_ORDER))
        {
            final int nowMs = ms(nowNs);
            deadSinceMsBySlot.put(slot, NO_TIME == nowMs ? nowMs + 1 : nowMs);
        }
        liveCount += (isLive ? 1 : 0) - (wasLive ? 1 : 0);

        if (SUSPECT == newState)
        {
            startSuspicion(nowNs, slot, newIncarnation, from);
        }
        else
        {
            cancelSuspicion(slot);
        }
        if (NONE != oldState || announceStrangers)
        {
            queue.offer(slot, from);
        }
        counters.increment(ProtocolCounters.UPDATES_MERGED);
        if (oldState != newState || NONE == oldState ||
            MembershipTable.incarnation(oldWord) != newIncarnation)
        {
            observer.onMemberStateChange(nowNs, nodeIndex, nodeId, memberId, oldState, newState, newIncarnation);
        }
        if (NONE != oldState && MembershipTable.metaVersion(oldWord) != newMeta)
        {
            observer.onMemberMetadata(nowNs, nodeIndex, nodeId, memberId, newMeta);
        }
    }

    /**
     * A claim about this node. Any claim newer than our incarnation is answered with claim + 1, however far ahead it
     * is (incarnations are serial numbers, so there is no overflow to fear), because an observer that accepted it
     * would otherwise hold a view we can never refute. A SUSPECT or DEAD at an older incarnation means the claimant
     * missed our refutation: we disseminate our current incarnation again rather than let its suspicion run out. If
     * the claim is so far behind that the claimant would refuse our incarnation as a forged jump, we refute from
     * the claim instead.
     */
    private void onUpdateAboutSelf(final long nowNs, final int claimedIncarnation, final int state)
    {
        if (leaving)
        {
            return;
        }
        final int ahead = claimedIncarnation - incarnation;
        if (ALIVE == state)
        {
            // Someone holds a newer incarnation of us than we do (we restarted, or the claim was forged): move past.
            if (ahead > 0)
            {
                refute(nowNs, claimedIncarnation);
            }
            return;
        }
        if (ahead < 0 && ahead >= -MAX_INCARNATION_JUMP)
        {
            // First in the queue again, so the reply to the message that carried the claim takes it back.
            queue.offer(selfSlot, nodeId);
            counters.increment(ProtocolCounters.STALE_CLAIMS_ANSWERED);
            return;
        }
        refute(nowNs, claimedIncarnation);
        if (SUSPECT == state)
        {
            adjustHealth(1);
        }
    }

    /**
     * Incarnations compare as 32-bit serial numbers (RFC 1982): a is newer than b when it is ahead by less than
     * 2^31. Together with the bound on claims about ourselves, an incarnation that wraps keeps working, so no
     * sequence of forged suspicions can leave a node unable to refute.
     */
    static boolean isNewer(final int a, final int b)
    {
        return a - b > 0;
    }

    private void refute(final long nowNs, final int claimedIncarnation)
    {
        incarnation = claimedIncarnation + 1;
        table.set(selfSlot, incarnation, ALIVE, metaVersion, 0);
        queue.offer(selfSlot, nodeId);
        counters.increment(ProtocolCounters.REFUTATIONS);
        observer.onRefute(nowNs, nodeIndex, nodeId, incarnation);
    }

    // ------------------------------------------------------------------------------------------------ suspicion

    private void startSuspicion(final long nowNs, final int slot, final int suspectIncarnation, final int from)
    {
        int record = suspicionBySlot.get(slot);
        if (NIL != record)
        {
            if (susIncarnation[record] == suspectIncarnation)
            {
                return;
            }
            cancel(susTimerId[record]);
            cancel(susCheckTimerId[record]);
        }
        else
        {
            record = allocSuspicion();
            suspicionBySlot.put(slot, record);
        }
        susSlot[record] = slot;
        susIncarnation[record] = suspectIncarnation;
        susStartNs[record] = nowNs;
        susConfirmations[record] = 0;
        susConfirmers[record * (suspicionConfirmationsExpected + 1)] = from;
        susTimerId[record] = timers.scheduleTimer(
            nodeIndex, TIMER_SUSPICION, slot, nowNs + suspicionTimeoutNs(0));
        susCheckTimerId[record] = timers.scheduleTimer(
            nodeIndex, TIMER_SUSPICION_CHECK, slot, nowNs + suspicionCheckDelayNs(1));
    }

    /**
     * Re-checks of a suspicion still standing: at 3/6, 4/6 and 5/6 of the minimum suspicion timeout (before the
     * earliest possible death), long after a refutation normally arrives. Three, so that at 5% loss all three
     * round trips fail about once in a thousand times.
     */
    private long suspicionCheckDelayNs(final int check)
    {
        return config.suspicionMinTimeoutNs(knownLiveCount()) / 6 * (2 + check);
    }

    /**
     * A suspicion still standing after half the minimum timeout usually means this node missed the refutation: it
     * heard the suspicion late, after the wave of the member's newer incarnation had passed it (one observer in a
     * few hundred thousand per suspicion at 5% loss, the false deaths of the loss soak). Ask the member directly:
     * a Ping carrying the suspicion, which a live member answers with an Ack carrying its current incarnation (it
     * re-queues itself on hearing a stale claim), so a missed refutation is repaired before the timeout instead
     * of becoming a false death. Fire and forget, three times; a dead member answers nothing and dies on time.
     */
    private void onSuspicionCheck(final long nowNs, final long timerId, final int slot)
    {
        final int record = suspicionBySlot.get(slot);
        if (NIL == record || susCheckTimerId[record] != timerId)
        {
            return;
        }
        susCheckTimerId[record] = NULL_TIMER;
        if (!stillSuspected(record, slot))
        {
            return;
        }
        counters.increment(ProtocolCounters.SUSPICION_CHECKS_SENT);
        sendPing(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), ++sequence, slot);
        outbox.flush();
        for (int check = 2; check <= SUSPICION_CHECKS; check++)
        {
            final long nextNs = susStartNs[record] + suspicionCheckDelayNs(check);
            if (nextNs > nowNs)
            {
                susCheckTimerId[record] = timers.scheduleTimer(nodeIndex, TIMER_SUSPICION_CHECK, slot, nextNs);
                break;
            }
        }
    }

    private void confirmSuspicion(final long nowNs, final int slot, final int from)
    {
        final int record = suspicionBySlot.get(slot);
        if (NIL == record || !lifeguard)
        {
            return;
        }
        final int confirmations = susConfirmations[record];
        if (confirmations >= suspicionConfirmationsExpected)
        {
            return;
        }
        final int base = record * (suspicionConfirmationsExpected + 1);
        for (int i = 0; i <= confirmations; i++)
        {
            if (susConfirmers[base + i] == from)
            {
                return;
            }
        }
        susConfirmers[base + confirmations + 1] = from;
        susConfirmations[record] = confirmations + 1;
        // Spread the independent confirmation so others can shorten their timeouts too.
        queue.offer(slot, from);

        cancel(susTimerId[record]);
        final long deadlineNs = susStartNs[record] + suspicionTimeoutNs(confirmations + 1);
        susTimerId[record] = timers.scheduleTimer(
            nodeIndex, TIMER_SUSPICION, slot, Math.max(nowNs, deadlineNs));
    }

    /**
     * Lifeguard's dynamic suspicion timeout: starts at max = suspicionMaxTimeoutMult x min and falls toward
     * min as log(c + 1) / log(k + 1) with c independent confirmations of k expected. Without Lifeguard it is
     * the fixed SWIM timeout, min.
     */
    long suspicionTimeoutNs(final int confirmations)
    {
        final long minNs = config.suspicionMinTimeoutNs(knownLiveCount());
        if (!lifeguard || 0 == suspicionConfirmationsExpected)
        {
            return minNs;
        }
        final long maxNs = minNs * config.suspicionMaxTimeoutMult();
        final double frac = Math.log(confirmations + 1.0) / Math.log(suspicionConfirmationsExpected + 1.0);
        return Math.max(minNs, (long)(maxNs - frac * (maxNs - minNs)));
    }

    /**
     * @return true if the member is still SUSPECT at the incarnation the suspicion record was opened for.
     */
    private boolean stillSuspected(final int record, final int slot)
    {
        final long word = table.word(slot);
        return SUSPECT == MembershipTable.state(word) && MembershipTable.incarnation(word) == susIncarnation[record];
    }

    private void onSuspicionTimeout(final long nowNs, final long timerId, final int slot)
    {
        final int record = suspicionBySlot.get(slot);
        if (NIL == record || susTimerId[record] != timerId)
        {
            return;
        }
        susTimerId[record] = NULL_TIMER;
        if (stillSuspected(record, slot))
        {
            final long word = table.word(slot);
            counters.increment(ProtocolCounters.DEATHS_DECLARED);
            apply(nowNs, slot, directory.nodeId(slot), SUSPECT, susIncarnation[record], DEAD,
                MembershipTable.metaVersion(word), nodeId);
        }
        else
        {
            cancelSuspicion(slot);
        }
    }

    private void cancelSuspicion(final int slot)
    {
        final int record = suspicionBySlot.remove(slot);
        if (NIL != record)
        {
            cancel(susTimerId[record]);
            cancel(susCheckTimerId[record]);
            susTimerId[record] = NULL_TIMER;
            susCheckTimerId[record] = NULL_TIMER;
            susSlot[record] = susFree;
            susFree = record;
        }
    }

    private int allocSuspicion()
    {
        if (NIL != susFree)
        {
            final int record = susFree;
            susFree = susSlot[record];
            return record;
        }
        if (susHighWater == susSlot.length)
        {
            final int n = susSlot.length * 2;
            susSlot = Arrays.copyOf(susSlot, n);
            susIncarnation = Arrays.copyOf(susIncarnation, n);
            susStartNs = Arrays.copyOf(susStartNs, n);
            susTimerId = Arrays.copyOf(susTimerId, n);
            susCheckTimerId = Arrays.copyOf(susCheckTimerId, n);
            susConfirmations = Arrays.copyOf(susConfirmations, n);
            susConfirmers = Arrays.copyOf(susConfirmers, n * (suspicionConfirmationsExpected + 1));
        }
        return susHighWater++;
    }

    // ------------------------------------------------------------------------------------------------ timers

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        if (!started)
        {
            return;
        }
        switch (kind)
        {
            case TIMER_PROBE_TICK:
                if (timerId == probeTickTimerId)
                {
                    probeTickTimerId = NULL_TIMER;
                    onProbeTick(nowNs);
                }
                break;
            case TIMER_PROBE_TIMEOUT:
                if (timerId == probeTimeoutTimerId)
                {
                    probeTimeoutTimerId = NULL_TIMER;
                    onProbeTimeout(nowNs);
                }
                break;
            case TIMER_GOSSIP:
                if (timerId == gossipTimerId)
                {
                    gossipTimerId = NULL_TIMER;
                    onGossipTick(nowNs);
                }
                break;
            case TIMER_PUSH_PULL:
                if (timerId == pushPullTimerId)
                {
                    pushPullTimerId = NULL_TIMER;
                    onPushPullTick(nowNs);
                }
                break;
            case TIMER_SUSPICION:
                onSuspicionTimeout(nowNs, timerId, arg);
                break;
            case TIMER_SUSPICION_CHECK:
                onSuspicionCheck(nowNs, timerId, arg);
                break;
            case TIMER_RELAY:
                onRelayTimeout(timerId, arg);
                break;
            case TIMER_PING_TIMEOUT:
                onPingTimeout(nowNs, timerId, arg);
                break;
            case TIMER_RECONNECT:
                if (timerId == reconnectTimerId)
                {
                    reconnectTimerId = NULL_TIMER;
                    onReconnectTick(nowNs);
                }
                break;
            case TIMER_JOIN_RETRY:
                if (timerId == joinRetryTimerId)
                {
                    joinRetryTimerId = NULL_TIMER;
                    onJoinRetry(nowNs);
                }
                break;
            default:
                if (kind >= NodeExtension.TIMER_KIND_BASE && null != extension)
                {
                    extension.onTimer(nowNs, timerId, kind, arg);
                }
                break;
        }
        outbox.flush();
    }

    private void onProbeTick(final long nowNs)
    {
        if (probeActive)
        {
            finishProbe(nowNs);
        }
        if (!leaving)
        {
            startProbe(nowNs);
        }
        probeTickTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_PROBE_TICK, 0, nowNs + scaledByHealth(config.probeIntervalNs()));
    }

    private void startProbe(final long nowNs)
    {
        final int slot = nextProbeTarget(nowNs);
        if (slot < 0)
        {
            return;
        }
        probeActive = true;
        probeAcked = false;
        probeSeq = ++sequence;
        probeSlot = slot;
        probeStartNs = nowNs;
        probeNacks = 0;
        probeExpectedNacks = 0;
        counters.increment(ProtocolCounters.PROBES_SENT);
        final int buddySlot = SUSPECT == table.state(slot) ? slot : NIL;
        sendPing(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), probeSeq, buddySlot);
        probeTimeoutTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_PROBE_TIMEOUT, 0, nowNs + scaledByHealth(config.probeTimeoutNs()));
    }

    private void onProbeTimeout(final long nowNs)
    {
        if (!probeActive || probeAcked)
        {
            return;
        }
        final int target = directory.nodeId(probeSlot);
        final int targetIpv4 = directory.ipv4(probeSlot);
        final int targetPort = directory.port(probeSlot);
        final int relays = pickRelays(config.indirectChecks(), probeSlot);
        for (int i = 0; i < relays; i++)
        {
            final int relay = picked[i];
            sendPingReq(directory.nodeId(relay), directory.ipv4(relay), directory.port(relay),
                probeSeq, target, targetIpv4, targetPort);
            counters.increment(ProtocolCounters.INDIRECT_PROBES_SENT);
        }
        probeExpectedNacks = lifeguard ? relays : 0;
    }

    private void finishProbe(final long nowNs)
    {
        probeActive = false;
        cancel(probeTimeoutTimerId);
        probeTimeoutTimerId = NULL_TIMER;
        if (probeAcked)
        {
            return;
        }
        counters.increment(ProtocolCounters.PROBE_FAILURES);
        if (probeExpectedNacks > 0)
        {
            if (probeNacks < probeExpectedNacks)
            {
                adjustHealth(probeExpectedNacks - probeNacks);
            }
        }
        else
        {
            adjustHealth(1);
        }

        final long word = table.word(probeSlot);
        if (SUSPECT == MembershipTable.state(word))
        {
            // Our own failed probe of a suspect is an independent confirmation (Lifeguard); re-gossip it with us
            // as the suspecting node so others can count it too.
            confirmSuspicion(nowNs, probeSlot, nodeId);
        }
        else if (ALIVE == MembershipTable.state(word))
        {
            final int member = directory.nodeId(probeSlot);
            if (config.suspicionEnabled())
            {
                counters.increment(ProtocolCounters.SUSPICIONS_RAISED);
                apply(nowNs, probeSlot, member, ALIVE, MembershipTable.incarnation(word), SUSPECT,
                    MembershipTable.metaVersion(word), nodeId);
            }
            else
            {
                counters.increment(ProtocolCounters.DEATHS_DECLARED);
                apply(nowNs, probeSlot, member, ALIVE, MembershipTable.incarnation(word), DEAD,
                    MembershipTable.metaVersion(word), nodeId);
            }
        }
    }

    private int nextProbeTarget(final long nowNs)
    {
        if (config.randomProbeTargets())
        {
            for (int attempt = 0, n = order.size(); attempt < 2 * n + 8; attempt++)
            {
                final int slot = order.random(random);
                if (slot >= 0 && isProbeable(slot))
                {
                    return slot;
                }
            }
            return NIL;
        }

        for (int i = 0, n = order.size(); i <= n; i++)
        {
            if (order.passComplete())
            {
                reapAndReshuffle(nowNs);
                if (0 == order.size())
                {
                    return NIL;
                }
            }
            final int slot = order.next();
            if (isProbeable(slot))
            {
                return slot;
            }
        }
        return NIL;
    }

    private boolean isProbeable(final int slot)
    {
        final int state = table.state(slot);
        return slot != selfSlot && (ALIVE == state || SUSPECT == state);
    }

    private void reapAndReshuffle(final long nowNs)
    {
        final long reapNs = config.reapTimeoutNs();
        if (reapNs > 0)
        {
            final int nowMs = ms(nowNs);
            final long reapMs = reapNs / 1_000_000L;
            for (int i = order.size() - 1; i >= 0; i--)
            {
                final int slot = order.get(i);
                final long word = table.word(slot);
                final int state = MembershipTable.state(word);
                if ((DEAD == state || LEFT == state) && (nowMs - deadSinceMs(slot, nowMs)) >= reapMs)
                {
                    deadSinceMsBySlot.remove(slot);
                    order.removeAt(i);
                    table.flags(slot, MembershipTable.flags(word) & ~MembershipTable.FLAG_IN_PROBE_ORDER);
                    counters.increment(ProtocolCounters.MEMBERS_REAPED);
                }
            }
        }
        if (deadSinceMsBySlot.isEmpty() && deadSinceMsBySlot.capacity() > DEAD_SINCE_INITIAL_CAPACITY)
        {
            deadSinceMsBySlot.compact();
        }
        order.reshuffle(random);
    }

    /**
     * @param slot  a DEAD or LEFT member in the probe order.
     * @param nowMs ms since start now.
     * @return ms since start when it became DEAD or LEFT; if unknown, the longest window ago (reaped, no gossip).
     */
    private int deadSinceMs(final int slot, final int nowMs)
    {
        final int sinceMs = deadSinceMsBySlot.get(slot);
        return NO_TIME == sinceMs ? nowMs - (int)(ProtocolConfig.MAX_DEAD_WINDOW_NS / 1_000_000L) : sinceMs;
    }

    private void onGossipTick(final long nowNs)
    {
        gossipTimerId = timers.scheduleTimer(nodeIndex, TIMER_GOSSIP, 0, nowNs + config.gossipIntervalNs());
        if (0 == queue.size())
        {
            return;
        }
        final int targets = pickGossipTargets(nowNs, config.gossipNodes());
        for (int i = 0; i < targets && queue.size() > 0; i++)
        {
            final int slot = picked[i];
            sendGossip(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot));
        }
    }

    private void onPushPullTick(final long nowNs)
    {
        pushPullTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_PUSH_PULL, 0, nowNs + config.scaledPushPullIntervalNs(knownLiveCount()));
        if (leaving)
        {
            return;
        }
        final int slot = pickLiveMember(NIL);
        if (slot >= 0)
        {
            counters.increment(ProtocolCounters.PUSH_PULLS_STARTED);
            sendState(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), ++syncSequence,
                false, false);
        }
    }

    private void onReconnectTick(final long nowNs)
    {
        reconnectTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_RECONNECT, 0, nowNs + config.reconnectIntervalNs());
        if (leaving)
        {
            return;
        }
        final int size = directory.size();
        if (size <= 1)
        {
            return;
        }
        final int start = random.nextInt(size);
        for (int i = 0, tries = Math.min(size, 256); i < tries; i++)
        {
            int slot = start + i;
            if (slot >= size)
            {
                slot -= size;
            }
            if (slot != selfSlot && slot < table.capacity() && DEAD == table.state(slot))
            {
                counters.increment(ProtocolCounters.RECONNECT_ATTEMPTS);
                sendState(directory.nodeId(slot), directory.ipv4(slot), directory.port(slot), ++syncSequence,
                    false, false);
                return;
            }
        }
    }

    private void onJoinRetry(final long nowNs)
    {
        if (liveCount > 1 || leaving)
        {
            return;
        }
        sendJoins();
        joinRetryTimerId = timers.scheduleTimer(
            nodeIndex, TIMER_JOIN_RETRY, 0, nowNs + 2 * config.probeIntervalNs());
    }

    private void onRelayTimeout(final long timerId, final int record)
    {
        if (record >= relayHighWater || relayTimerId[record] != timerId)
        {
            return;
        }
        relayTimerId[record] = NULL_TIMER;
        if (relayWantNack[record])
        {
            final int requesterSlot = directory.slotOf(relayRequester[record]);
            if (requesterSlot >= 0)
            {
                final int offset = claim(relayRequester[record], directory.ipv4(requesterSlot),
                    directory.port(requesterSlot), HEADER_LENGTH + NackEncoder.BLOCK_LENGTH);
                if (offset >= 0)
                {
                    nackEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                        .seq(relayRequesterSeq[record])
                        .targetNode(relayTarget[record]);
                    outbox.commit(HEADER_LENGTH + nackEncoder.encodedLength());
                }
            }
        }
        freeRelay(record);
    }

    private void onPingTimeout(final long nowNs, final long timerId, final int record)
    {
        if (record < 0 || record >= pingHighWater || pingTimerId[record] != timerId)
        {
            return;
        }
        pingTimerId[record] = NULL_TIMER;
        final int memberId = pingMember[record];
        final long correlationId = pingCorrelationId[record];
        freePing(record);
        counters.increment(ProtocolCounters.PINGS_FAILED);
        observer.onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
    }

    private int allocPing()
    {
        if (NIL != pingFree)
        {
            final int record = pingFree;
            pingFree = pingSeq[record];
            return record;
        }
        if (null == pingSeq || pingHighWater == pingSeq.length)
        {
            final int n = null == pingSeq ? 8 : Math.min(pingSeq.length * 2, config.outstandingPingsMax());
            pingSeq = null == pingSeq ? new int[n] : Arrays.copyOf(pingSeq, n);
            pingMember = null == pingMember ? new int[n] : Arrays.copyOf(pingMember, n);
            pingCorrelationId = null == pingCorrelationId ? new long[n] : Arrays.copyOf(pingCorrelationId, n);
            pingStartNs = null == pingStartNs ? new long[n] : Arrays.copyOf(pingStartNs, n);
            pingTimerId = null == pingTimerId ? new long[n] : Arrays.copyOf(pingTimerId, n);
        }
        return pingHighWater++;
    }

    private void freePing(final int record)
    {
        pingBySeq.remove(pingSeq[record]);
        cancel(pingTimerId[record]);
        pingTimerId[record] = NULL_TIMER;
        pingSeq[record] = pingFree;
        pingFree = record;
        pingOutstanding--;
    }

    private int allocRelay()
    {
        if (NIL != relayFree)
        {
            final int record = relayFree;
            relayFree = relaySeq[record];
            return record;
        }
        if (relayHighWater == relaySeq.length)
        {
            final int n = relaySeq.length * 2;
            relaySeq = Arrays.copyOf(relaySeq, n);
            relayRequester = Arrays.copyOf(relayRequester, n);
            relayRequesterSeq = Arrays.copyOf(relayRequesterSeq, n);
            relayTarget = Arrays.copyOf(relayTarget, n);
            relayWantNack = Arrays.copyOf(relayWantNack, n);
            relayTimerId = Arrays.copyOf(relayTimerId, n);
        }
        return relayHighWater++;
    }

    private void freeRelay(final int record)
    {
        relayBySeq.remove(relaySeq[record]);
        cancel(relayTimerId[record]);
        relayTimerId[record] = NULL_TIMER;
        relaySeq[record] = relayFree;
        relayFree = record;
    }

    // ------------------------------------------------------------------------------------------------ peers

    private int pickRelays(final int wanted, final int excludeSlot)
    {
        int count = 0;
        final int n = order.size();
        for (int attempt = 0; attempt < 4 * wanted + 8 && count < wanted && count < picked.length; attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                break;
            }
            if (slot != excludeSlot && slot != selfSlot && ALIVE == table.state(slot) && !isPicked(slot, count))
            {
                picked[count++] = slot;
            }
            if (count >= n)
            {
                break;
            }
        }
        return count;
    }

    private int pickGossipTargets(final long nowNs, final int wanted)
    {
        int count = 0;
        final int nowMs = ms(nowNs);
        final long toTheDeadMs = config.gossipToTheDeadNs() / 1_000_000L;
        for (int attempt = 0; attempt < 4 * wanted + 8 && count < wanted && count < picked.length; attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                break;
            }
            if (slot == selfSlot || isPicked(slot, count))
            {
                continue;
            }
            final int state = table.state(slot);
            if (ALIVE == state || SUSPECT == state ||
                ((DEAD == state || LEFT == state) && (nowMs - deadSinceMs(slot, nowMs)) < toTheDeadMs))
            {
                picked[count++] = slot;
            }
        }
        return count;
    }

    private int pickLiveMember(final int excludeSlot)
    {
        for (int attempt = 0, n = order.size(); attempt < Math.min(2 * n + 8, 64); attempt++)
        {
            final int slot = order.random(random);
            if (slot < 0)
            {
                return NIL;
            }
            if (slot != excludeSlot && slot != selfSlot && ALIVE == table.state(slot))
            {
                return slot;
            }
        }
        return NIL;
    }

    private boolean isPicked(final int slot, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (picked[i] == slot)
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ outbound

    private int claim(final int dstNodeId, final int dstIpv4, final int dstPort, final int minLength)
    {
        return outbox.claim(nodeIndex, nodeId, dstNodeId, dstIpv4, dstPort, minLength);
    }

    /**
     * Select queued updates for one message with room for {@code capacityBytes} of updates, skipping an update
     * about {@code excludeSlot} (sent first by the caller instead).
     */
    private int selectUpdates(final int capacityBytes, final int excludeSlot)
    {
        final int max = Math.min(MAX_UPDATES_PER_MESSAGE, Math.max(0, capacityBytes / UPDATE_LENGTH));
        int n = queue.select(selected, max);
        if (NIL != excludeSlot)
        {
            int w = 0;
            for (int i = 0; i < n; i++)
            {
                if (queue.slotOf(selected[i]) != excludeSlot)
                {
                    selected[w++] = selected[i];
                }
            }
            n = w;
        }
        return n;
    }

    private static io.starling.codecs.MemberState wireState(final int state)
    {
        return WIRE_STATES[state];
    }

    private int updateState(final int slot)
    {
        return slot == selfSlot ? (leaving ? LEFT : ALIVE) : table.state(slot);
    }

    private void markSent(final int count)
    {
        if (count > 0)
        {
            queue.markSent(selected, count, config.retransmitLimit(knownLiveCount()));
        }
    }

    private void sendPing(
        final int target, final int targetIpv4, final int targetPort, final int seq, final int buddySlot)
    {
        final int fixed = HEADER_LENGTH + PingEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH;
        final int offset = claim(target, targetIpv4, targetPort, fixed + (NIL != buddySlot ? UPDATE_LENGTH : 0));
        if (offset < 0)
        {
            return;
        }
        pingEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder).seq(seq).targetNode(target);
        pingEncoder.sourceEndpoint().ipv4(ipv4).port(port);
        final int buddy = NIL != buddySlot ? 1 : 0;
        final int n = selectUpdates(outbox.claimedCapacity() - fixed - buddy * UPDATE_LENGTH, buddySlot);
        final PingEncoder.UpdatesEncoder updates = pingEncoder.updatesCount(n + buddy);
        if (NIL != buddySlot)
        {
            // Lifeguard buddy system: tell the suspect first that it is suspected, so it can refute at once.
            final long word = table.word(buddySlot);
            updates.next().memberId(target).incarnation(MembershipTable.incarnation(word))
                .state(io.starling.codecs.MemberState.SUSPECT).metaVersion(MembershipTable.metaVersion(word))
                .fromNode(nodeId).endpoint().ipv4(targetIpv4).port(targetPort);
        }
        for (int i = 0; i < n; i++)
        {
            final int slot = queue.slotOf(selected[i]);
            final long word = table.word(slot);
            updates.next().memberId(directory.nodeId(slot)).incarnation(MembershipTable.incarnation(word))
                .state(wireState(updateState(slot))).metaVersion(MembershipTable.metaVersion(word))
                .fromNode(queue.fromOf(selected[i])).endpoint().ipv4(directory.ipv4(slot)).port(directory.port(slot));
        }
        outbox.commit(HEADER_LENGTH + pingEncoder.encodedLength());
        markSent(n);
    }

    private void sendAck(final int dst, final int dstIpv4, final int dstPort, final int seq)
    {
        sendAck(dst, dstIpv4, dstPort, seq, nodeId);
    }

    private void sendAck(final int dst, final int dstIpv4, final int dstPort, final int seq, final int target)
    {
        final int fixed = HEADER_LENGTH + AckEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + VAR_HEADER_LENGTH;
        final int offset = claim(dst, dstIpv4, dstPort, fixed);
        if (offset < 0)
        {
            return;
        }
        ackEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder).seq(seq).targetNode(target);
        final int n = selectUpdates(outbox.claimedCapacity() - fixed, NIL);
        final AckEncoder.UpdatesEncoder updates = ackEncoder.updatesCount(n);
        for (int i = 0; i < n; i++)
        {
            final int slot = queue.slotOf(selected[i]);
            final long word = table.word(slot);
            updates.next().memberId(directory.nodeId(slot)).incarnation(MembershipTable.incarnation(word))
                .state(wireState(updateState(slot))).metaVersion(MembershipTable.metaVersion(word))
                .fromNode(queue.fromOf(selected[i])).endpoint().ipv4(directory.ipv4(slot)).port(directory.port(slot));
        }
        ackEncoder.putPayload(emptyBuffer, 0, 0);
        outbox.commit(HEADER_LENGTH + ackEncoder.encodedLength());
        markSent(n);
    }

    private void sendPingReq(
        final int relay,
        final int relayIpv4,
        final int relayPort,
        final int seq,
        final int target,
        final int targetIpv4,
        final int targetPort)
    {
        final int fixed = HEADER_LENGTH + PingReqEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH;
        final int offset = claim(relay, relayIpv4, relayPort, fixed);
        if (offset < 0)
        {
            return;
        }
        pingReqEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .seq(seq)
            .targetNode(target)
            .wantNack(lifeguard ? BooleanType.T : BooleanType.F);
        pingReqEncoder.targetEndpoint().ipv4(targetIpv4).port(targetPort);
        final int n = selectUpdates(outbox.claimedCapacity() - fixed, NIL);
        final PingReqEncoder.UpdatesEncoder updates = pingReqEncoder.updatesCount(n);
        for (int i = 0; i < n; i++)
        {
            final int slot = queue.slotOf(selected[i]);
            final long word = table.word(slot);
            updates.next().memberId(directory.nodeId(slot)).incarnation(MembershipTable.incarnation(word))
                .state(wireState(updateState(slot))).metaVersion(MembershipTable.metaVersion(word))
                .fromNode(queue.fromOf(selected[i])).endpoint().ipv4(directory.ipv4(slot)).port(directory.port(slot));
        }
        outbox.commit(HEADER_LENGTH + pingReqEncoder.encodedLength());
        markSent(n);
    }

    private void sendGossip(final int dst, final int dstIpv4, final int dstPort)
    {
        final int fixed = HEADER_LENGTH + GossipEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH;
        final int offset = claim(dst, dstIpv4, dstPort, fixed + UPDATE_LENGTH);
        if (offset < 0)
        {
            return;
        }
        gossipEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder);
        final int n = selectUpdates(outbox.claimedCapacity() - fixed, NIL);
        final GossipEncoder.UpdatesEncoder updates = gossipEncoder.updatesCount(n);
        for (int i = 0; i < n; i++)
        {
            final int slot = queue.slotOf(selected[i]);
            final long word = table.word(slot);
            updates.next().memberId(directory.nodeId(slot)).incarnation(MembershipTable.incarnation(word))
                .state(wireState(updateState(slot))).metaVersion(MembershipTable.metaVersion(word))
                .fromNode(queue.fromOf(selected[i])).endpoint().ipv4(directory.ipv4(slot)).port(directory.port(slot));
        }
        outbox.commit(HEADER_LENGTH + gossipEncoder.encodedLength());
        counters.increment(ProtocolCounters.GOSSIP_MESSAGES_SENT);
        markSent(n);
    }

    private void sendJoins()
    {
        for (int i = 0; i < seedCount; i++)
        {
            sendJoin(seedIpv4[i], seedPort[i]);
        }
    }

    private boolean sendJoin(final int seedIpv4, final int seedPort)
    {
        final byte[] metadata = directory.metadata(selfSlot);
        final int metadataLength = null == metadata ? 0 : metadata.length;
        final int offset = claim(Outbox.ANY_NODE, seedIpv4, seedPort,
            HEADER_LENGTH + JoinEncoder.BLOCK_LENGTH + VAR_HEADER_LENGTH + metadataLength);
        if (offset < 0)
        {
            return false;
        }
        joinEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .nodeId(nodeId)
            .incarnation(incarnation)
            .metaVersion(metaVersion);
        joinEncoder.endpoint().ipv4(ipv4).port(port);
        joinEncoder.putMetadata(null == metadata ? emptyBuffer.byteArray() : metadata, 0, metadataLength);
        outbox.commit(HEADER_LENGTH + joinEncoder.encodedLength());
        outbox.flush();
        return true;
    }

    /**
     * Send this node's whole view to a member as push-pull chunks, each filling one frame.
     */
    private void sendState(
        final int dst,
        final int dstIpv4,
        final int dstPort,
        final int syncId,
        final boolean isReply,
        final boolean isJoin)
    {
        final int perChunk = outbox.maxMessageLength() - HEADER_LENGTH - PushPullChunkEncoder.BLOCK_LENGTH -
            GROUP_HEADER_LENGTH;
        final int size = Math.min(directory.size(), table.capacity());

        int chunkCount = 0;
        int totalMembers = 0;
        for (int slot = 0; slot < size; )
        {
            int used = 0;
            int inChunk = 0;
            while (slot < size)
            {
                if (NONE == table.state(slot))
                {
                    slot++;
                    continue;
                }
                final int entry = stateEntryLength(slot);
                if (used + entry > perChunk && inChunk > 0)
                {
                    break;
                }
                used += entry;
                inChunk++;
                totalMembers++;
                slot++;
            }
            if (inChunk > 0)
            {
                chunkCount++;
            }
        }
        if (0 == chunkCount || chunkCount > 0xFFFF)
        {
            return;
        }

        int slot = 0;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            final int start = slot;
            int used = 0;
            int inChunk = 0;
            int end = slot;
            while (end < size)
            {
                if (NONE == table.state(end))
                {
                    end++;
                    continue;
                }
                final int entry = stateEntryLength(end);
                if (used + entry > perChunk && inChunk > 0)
                {
                    break;
                }
                used += entry;
                inChunk++;
                end++;
            }

            final int offset = claim(dst, dstIpv4, dstPort, outbox.maxMessageLength());
            if (offset < 0)
            {
                return;
            }
            pushPullEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
                .syncId(syncId)
                .chunkIndex(chunk)
                .chunkCount(chunkCount)
                .isReply(isReply ? BooleanType.T : BooleanType.F)
                .isJoin(isJoin ? BooleanType.T : BooleanType.F)
                .totalMembers(totalMembers);
            final PushPullChunkEncoder.MembersEncoder members = pushPullEncoder.membersCount(inChunk);
            for (int s = start; s < end; s++)
            {
                final long word = table.word(s);
                final int state = MembershipTable.state(word);
                if (NONE == state)
                {
                    continue;
                }
                final int meta = MembershipTable.metaVersion(word);
                members.next()
                    .memberId(directory.nodeId(s))
                    .incarnation(MembershipTable.incarnation(word))
                    .state(wireState(s == selfSlot ? updateState(s) : state))
                    .metaVersion(meta)
                    .endpoint().ipv4(directory.ipv4(s)).port(directory.port(s));
                final byte[] metadata = sendableMetadata(s, meta);
                members.putMetadata(null == metadata ? emptyBuffer.byteArray() : metadata, 0,
                    null == metadata ? 0 : metadata.length);
            }
            outbox.commit(HEADER_LENGTH + pushPullEncoder.encodedLength());
            outbox.flush();
            counters.increment(ProtocolCounters.PUSH_PULL_CHUNKS_SENT);
            slot = end;
        }
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

    // ------------------------------------------------------------------------------------------------ helpers

    private void adjustHealth(final int delta)
    {
        if (lifeguard)
        {
            health = Math.max(0, Math.min(awarenessMax - 1, health + delta));
        }
    }

    private long scaledByHealth(final long ns)
    {
        return ns * (health + 1);
    }

    private int ms(final long nowNs)
    {
        return (int)((nowNs - epochNs) / 1_000_000L);
    }

    private void cancel(final long timerId)
    {
        if (NULL_TIMER != timerId)
        {
            timers.cancelTimer(timerId);
        }
    }

    private int knownLiveCount()
    {
        return Math.max(1, liveCount);
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * A uniformly random member this node sees as alive, for the layers riding on the node.
     *
     * @return member slot in the directory, or -1 if none is known.
     */
    public int randomAliveMember()
    {
        return pickLiveMember(NIL);
    }

    /**
     * @return the process-wide member directory (endpoints of member slots).
     */
    public MemberDirectory directory()
    {
        return directory;
    }

    /**
     * @return this node's id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * @return this node's index in its host.
     */
    public int nodeIndex()
    {
        return nodeIndex;
    }

    /**
     * @return this node's own incarnation.
     */
    public int incarnation()
    {
        return incarnation;
    }

    /**
     * @return true once {@link #leave(long)} was called.
     */
    public boolean isLeaving()
    {
        return leaving;
    }

    /**
     * @param memberId node id of a member.
     * @return {@link MemberState} of the member as this node sees it, or {@link MemberState#NONE}.
     */
    public int memberState(final int memberId)
    {
        if (memberId == nodeId)
        {
            return leaving ? LEFT : ALIVE;
        }
        final int slot = directory.slotOf(memberId);
        return slot < 0 ? NONE : table.state(slot);
    }

    /**
     * @param memberId node id of a member.
     * @return incarnation of the member as this node sees it, or -1 if unknown.
     */
    public int memberIncarnation(final int memberId)
    {
        final int slot = directory.slotOf(memberId);
        return slot < 0 || NONE == table.state(slot) ? -1 : table.incarnation(slot);
    }

    /**
     * @return members (including this node) this node sees as alive or suspect.
     */
    public int liveMemberCount()
    {
        return liveCount;
    }

    /**
     * @return Lifeguard local health score (0 is healthy); probe interval and timeout are scaled by score + 1.
     */
    public int healthScore()
    {
        return health;
    }

    /**
     * @return this node's membership table (readable from any thread).
     */
    public MembershipTable table()
    {
        return table;
    }

    /**
     * @return updates waiting to be piggybacked.
     */
    public int pendingUpdates()
    {
        return queue.size();
    }

    /**
     * @return bytes this node's membership view occupies (table, probe order and the change times of DEAD and LEFT
     * members not yet reaped), for the density budget.
     */
    public long viewBytes()
    {
        return table.allocatedBytes() + order.allocatedBytes() + 8L * deadSinceMsBySlot.capacity();
    }
}

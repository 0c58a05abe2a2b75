package io.starling.engine.protocol;

import io.starling.codecs.FrameValidator;
import org.agrona.DirectBuffer;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.NONE;

/**
 * One SWIM + Lifeguard protocol node, sans-IO: time arrives as {@code nowNs}, randomness through a
 * {@link RandomSource}, timers through a {@link TimerService}, and everything it sends leaves through an
 * {@link Outbox}. The same code runs in the real-time host and in the deterministic simulator.
 * <p>
 * This class is the node's shell: it builds one object per mechanism ({@link ProbeScheduler}, {@link Suspicion},
 * {@link UpdateMerge}, {@link Gossip}, {@link PushPullSync}, ...; the list is in the package documentation),
 * validates inbound frames once, hands each of their messages to its {@link MessageRouter} and routes each timer to
 * the mechanism that owns it.
 * <p>
 * Single-threaded: every method must be called from the owning host's thread, except the membership table's
 * reads, which are safe from any thread.
 */
public final class SwimNode implements ProtocolNode
{
    private static final int MAX_MESSAGES_PER_FRAME = 64;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final MembershipTable table;
    private final ProbeOrder order;
    private final DisseminationQueue queue;
    private final DeadSince deadSince;
    private final Outbox outbox;
    private final CounterSink counters;
    private final LocalHealth localHealth;
    private final PeerSelection peers;
    private final Suspicion suspicion;
    private final Refutation refutation;
    private final UpdateMerge merge;
    private final ProbeScheduler probe;
    private final ProbeRelay relay;
    private final OnDemandPings pings;
    private final Gossip gossip;
    private final PushPullSync pushPull;
    private final Reconnect reconnect;
    private final ContactReturn contactReturn;
    private final Join join;
    private final Leave leave;
    private final MessageRouter router;

    private final FrameValidator validator = new FrameValidator(MAX_MESSAGES_PER_FRAME);

    private NodeExtension extension;

    /**
     * @param config    concluded protocol configuration.
     * @param nodeIndex index of this node within its host (names it to the timer service and outbox).
     * @param nodeId    cluster-wide id of this node.
     * @param ipv4      IPv4 address of the process hosting this node (host order).
     * @param port      UDP port of the process hosting this node.
     * @param directory process-wide member directory.
     * @param random    randomness handed in.
     * @param timerService timers handed in.
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
        final TimerService timerService,
        final Outbox outbox,
        final MembershipObserver observer,
        final CounterSink counters)
    {
        if (!config.isConcluded())
        {
            throw new IllegalStateException("ProtocolConfig must be concluded");
        }
        this.directory = directory;
        this.outbox = outbox;
        this.counters = counters;

        final int selfSlot = directory.registerHosted(nodeId, ipv4, port);
        self = new LocalNode(config, nodeIndex, nodeId, ipv4, port, selfSlot);
        table = new MembershipTable(Math.max(directory.capacity(), selfSlot + 1));
        order = new ProbeOrder(Math.max(16, directory.capacity()));
        queue = new DisseminationQueue(config.disseminationQueueCapacity(), 64);
        queue.pin(selfSlot);
        table.set(selfSlot, 0, ALIVE, 0, 0);

        final NodeTimers timers = new NodeTimers(timerService, nodeIndex);
        deadSince = new DeadSince();
        localHealth = new LocalHealth(config);
        peers = new PeerSelection(self, table, directory, order, random, deadSince);
        final Piggyback piggyback = new Piggyback(queue, table, directory, outbox.maxMessageLength());
        final ProbeMessages messages = new ProbeMessages(self, outbox, piggyback);
        suspicion = new Suspicion(self, table, directory, queue, timers, messages, outbox, counters);
        refutation = new Refutation(self, directory, table, queue, localHealth, observer, counters);
        merge = new UpdateMerge(self, directory, table, order, queue, random, deadSince, suspicion, refutation,
            observer, counters);
        probe = new ProbeScheduler(self, directory, table, order, random, deadSince, timers, localHealth, messages,
            new IndirectProbe(self, directory, peers, messages, counters), suspicion, merge,
            new Forget(self, directory, table, queue, deadSince, suspicion, counters), observer, counters);
        relay = new ProbeRelay(self, directory, timers, messages, counters);
        pings = new OnDemandPings(self, directory, table, timers, messages, outbox, observer, counters);
        gossip = new Gossip(self, directory, table, queue, piggyback, peers, timers, outbox, counters);
        pushPull = new PushPullSync(self, directory, table, random, peers, merge, timers, outbox, counters);
        reconnect = new Reconnect(self, directory, table, random, pushPull, timers, counters);
        contactReturn = new ContactReturn(self, pushPull);
        join = new Join(self, directory, table, queue, merge, pushPull, timers, outbox, counters);
        leave = new Leave(self, directory, table, queue, peers, merge, outbox, counters);
        router = new MessageRouter(merge, probe, relay, pings, pushPull,
            new DigestSync(self, directory, table, pushPull, counters), join, leave, counters);
    }

    /**
     * Add a seed endpoint to join through; call before {@link #start(long)}.
     *
     * @param seedIpv4 the seed process's IPv4 address (host order).
     * @param seedPort the seed process's UDP port.
     */
    public void addSeed(final int seedIpv4, final int seedPort)
    {
        join.addSeed(seedIpv4, seedPort);
    }

    /**
     * Send a {@code Join} now to any node of the process at an endpoint, which answers with its state (push-pull),
     * and keep the endpoint as a seed: like the seeds given before start, the Join is sent again every two probe
     * intervals until a seed answers. Unlike {@link #addSeed(int, int)} it works after {@link #start(long)} and
     * also towards this node's own process endpoint, where another hosted node answers.
     *
     * @param nowNs    current time.
     * @param seedIpv4 the seed process's IPv4 address (host order).
     * @param seedPort the seed process's UDP port.
     * @return true if the Join was handed to the outbox, false if the node is not started, is leaving, or the
     * outbox refused it (counted there).
     */
    public boolean join(final long nowNs, final int seedIpv4, final int seedPort)
    {
        return join.joinNow(nowNs, seedIpv4, seedPort);
    }

    /**
     * Attach the layer that handles rumors and anti-entropy (or any composite of layers). Call before start.
     *
     * @param extension to attach, or null.
     */
    public void extension(final NodeExtension extension)
    {
        this.extension = extension;
        router.extension(extension);
    }

    /**
     * Share a budget of Gossip messages and whole-view bytes with the other nodes of this process (the host gives
     * every node it runs the same one); without it the node's own limits are the only ones. Call before
     * {@link #start(long)}.
     *
     * @param budget the process's budget.
     */
    public void hostBudget(final HostBudget budget)
    {
        if (self.started)
        {
            throw new IllegalStateException("node " + self.nodeId + " already started");
        }
        self.budget = budget;
    }

    /**
     * Start with a given incarnation, e.g. one persisted before a restart. Call before {@link #start(long)}.
     *
     * @param incarnation to start with.
     */
    public void initialIncarnation(final int incarnation)
    {
        refutation.initialIncarnation(incarnation);
    }

    /**
     * Learn a member ALIVE at incarnation 0 without a message and without gossiping it: a member known by
     * configuration. This is the one way nodes start converged: the host's {@code bootstrapCoHosted} (the other
     * nodes of the process) and the simulator's {@code JoinMode.PRE_CONVERGED} (every simulated node) both call
     * it. Only before {@link #start(long)}; the observer hears the join.
     *
     * @param nowNs    time.
     * @param memberId the member.
     * @param ipv4     its endpoint's address, host order.
     * @param port     its endpoint's port.
     */
    public void learnConfigured(final long nowNs, final int memberId, final int ipv4, final int port)
    {
        join.learnConfigured(nowNs, memberId, ipv4, port);
    }

    public void start(final long nowNs)
    {
        if (self.started)
        {
            throw new IllegalStateException("node " + self.nodeId + " already started");
        }
        self.started = true;
        self.epochNs = nowNs;
        // Announce ourselves: every joiner spreads its own ALIVE, so a seed is not the only voice for a crowd.
        queue.offer(self.selfSlot, self.nodeId);
        probe.start(nowNs);
        gossip.start(nowNs);
        pushPull.start(nowNs);
        reconnect.start(nowNs);
        join.start(nowNs);
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
        probe.close();
        gossip.close();
        pushPull.close();
        reconnect.close();
        join.close();
        suspicion.close();
        relay.close();
        pings.close();
        self.started = false;
    }

    /**
     * Leave gracefully: spread LEFT about ourselves (members mark us LEFT, not DEAD) and stop probing. Keep the
     * node running for a few gossip intervals afterwards so the news spreads, then close it.
     *
     * @param nowNs current time.
     */
    public void leave(final long nowNs)
    {
        leave.leave(nowNs);
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
        refutation.updateMetadata(nowNs, metadata, offset, length);
    }

    /**
     * Ping a member now, outside the probe schedule: an application's round-trip check (memberlist's
     * {@code Ping}), and what the round-trip benchmark measures. The Ping carries piggybacked updates like any
     * other; its Ack is reported to {@link MembershipObserver#onPingAck} with {@code correlationId}, or
     * {@link MembershipObserver#onPingTimeout} is called once {@code timeoutNs} passes without one. It does not
     * change the member's state or the node's local health: only the probe schedule judges liveness.
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
        return pings.ping(nowNs, memberId, correlationId, timeoutNs);
    }

    /** @return on-demand pings awaiting their ack. */
    public int outstandingPings()
    {
        return pings.outstanding();
    }

    // ------------------------------------------------------------------------------------------------ inbound

    public int onFrame(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.increment(ProtocolCounters.FRAMES_RECEIVED);
        counters.add(ProtocolCounters.BYTES_RECEIVED, length);
        if (!self.started)
        {
            counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return 0;
        }
        if (FrameValidator.OK != validator.validate(buffer, offset, length))
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return 0;
        }
        if (validator.clusterId() != self.config.clusterId())
        {
            counters.increment(ProtocolCounters.DROP_WRONG_CLUSTER);
            return 0;
        }
        final int dst = validator.dstNode();
        final int src = validator.srcNode();
        if ((dst != self.nodeId && dst != Outbox.ANY_NODE) || src == self.nodeId)
        {
            counters.increment(ProtocolCounters.DROP_UNKNOWN_DESTINATION);
            return 0;
        }

        final int count = validator.messageCount();
        for (int i = 0; i < count; i++)
        {
            counters.increment(ProtocolCounters.MESSAGES_RECEIVED);
            router.onMessage(nowNs, src, buffer, validator.messageOffset(i), validator.messageLength(i),
                validator.templateId(i), validator.actingBlockLength(i), validator.actingVersion(i));
        }
        outbox.flush();
        return count;
    }

    // ------------------------------------------------------------------------------------------------ timers

    public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
    {
        if (!self.started)
        {
            return;
        }
        switch (kind)
        {
            case NodeTimers.PROBE_TICK:
                if (probe.onTickTimer(nowNs, timerId))
                {
                    contactReturn.onProbeTick(nowNs);
                }
                break;
            case NodeTimers.PROBE_TIMEOUT:
                probe.onTimeoutTimer(nowNs, timerId);
                break;
            case NodeTimers.GOSSIP:
                gossip.onTimer(nowNs, timerId);
                break;
            case NodeTimers.PUSH_PULL:
                pushPull.onTimer(nowNs, timerId);
                break;
            case NodeTimers.SUSPICION:
                if (suspicion.expire(nowNs, timerId, arg))
                {
                    merge.declareDead(nowNs, arg);
                }
                break;
            case NodeTimers.SUSPICION_CHECK:
                suspicion.onCheckTimer(nowNs, timerId, arg);
                break;
            case NodeTimers.RELAY:
                relay.onTimer(timerId, arg);
                break;
            case NodeTimers.PING_TIMEOUT:
                pings.onTimer(nowNs, timerId, arg);
                break;
            case NodeTimers.RECONNECT:
                reconnect.onTimer(nowNs, timerId);
                break;
            case NodeTimers.JOIN_RETRY:
                join.onRetryTimer(nowNs, timerId);
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

    // ------------------------------------------------------------------------------------------------ views

    /**
     * A uniformly random member this node sees as alive, for the layers riding on the node.
     *
     * @return member slot in the directory, or -1 if none is known.
     */
    public int randomAliveMember()
    {
        return peers.pickLiveMember();
    }

    /** @return the process-wide member directory (endpoints of member slots). */
    public MemberDirectory directory()
    {
        return directory;
    }

    /** @return this node's id. */
    public int nodeId()
    {
        return self.nodeId;
    }

    /** @return this node's index in its host. */
    public int nodeIndex()
    {
        return self.nodeIndex;
    }

    /** @return this node's own incarnation. */
    public int incarnation()
    {
        return self.incarnation;
    }

    /** @return true once {@link #leave(long)} was called. */
    public boolean isLeaving()
    {
        return self.leaving;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isOutOfContact(final long nowNs)
    {
        return self.expectedAbsent(self.nodeId, nowNs);
    }

    /**
     * @param memberId node id of a member.
     * @return {@link MemberState} of the member as this node sees it, or {@link MemberState#NONE}.
     */
    public int memberState(final int memberId)
    {
        if (memberId == self.nodeId)
        {
            return self.leaving ? LEFT : ALIVE;
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

    /** @return members (including this node) this node sees as alive or suspect. */
    public int liveMemberCount()
    {
        return self.liveCount;
    }

    /** @return Lifeguard local health score (0 is healthy); probe interval and timeout are scaled by score + 1. */
    public int localHealthScore()
    {
        return localHealth.score();
    }

    /** @return this node's membership table (readable from any thread). */
    public MembershipTable table()
    {
        return table;
    }

    /** @return updates waiting to be piggybacked. */
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
        return table.allocatedBytes() + order.allocatedBytes() + deadSince.allocatedBytes();
    }

    /**
     * Consult a table of members expected out of contact (from a link schedule or the application): such a member
     * is not probed, and SUSPECT or DEAD about it is not applied, until its window ends; a node that is itself
     * expected absent does not probe, and starts a push-pull at its first probe tick after its window ends. Null (the
     * default) switches it off.
     *
     * @param absence the table, read on this node's thread only, or null.
     */
    public void expectedAbsence(final io.starling.engine.schedule.ExpectedAbsence absence)
    {
        self.absence = absence;
    }
}

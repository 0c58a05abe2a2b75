package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

/**
 * Every knob of the protocol, with documented defaults (memberlist's LAN profile where it has one). Fluent
 * setters; {@link #conclude()} validates and derives, and must be called before the config is used.
 */
public final class ProtocolConfig
{
    /** Default probe interval: 1 s. */
    public static final long PROBE_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(1);
    /** Default direct probe timeout: 500 ms. */
    public static final long PROBE_TIMEOUT_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(500);
    /** Default number of relays asked to probe indirectly. */
    public static final int INDIRECT_CHECKS_DEFAULT = 3;
    /** Default suspicion multiplier: minimum suspicion timeout = mult x log10(max(N,1)) x probe interval. */
    public static final int SUSPICION_MULT_DEFAULT = 4;
    /** Default suspicion max multiplier: maximum suspicion timeout = max mult x minimum. */
    public static final int SUSPICION_MAX_TIMEOUT_MULT_DEFAULT = 6;
    /** Default retransmit multiplier: each update is sent at most mult x ceil(log10(N+1)) times. */
    public static final int RETRANSMIT_MULT_DEFAULT = 4;
    /** Default gossip interval: 200 ms. */
    public static final long GOSSIP_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(200);
    /** Default gossip fanout. */
    public static final int GOSSIP_NODES_DEFAULT = 3;
    /** Default push-pull interval: 30 s (scaled up for large clusters, as memberlist does). */
    public static final long PUSH_PULL_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(30);
    /** Default shortest time between two push-pulls a node starts on a different view digest: 10 s; 0 never. */
    public static final long DIGEST_SYNC_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(10);
    /** Default time a node's set of live members must stay unchanged before a digest difference starts one: 5 s. */
    public static final long VIEW_SETTLE_NS_DEFAULT = TimeUnit.SECONDS.toNanos(5);
    /** Default time dead members keep receiving gossip: 30 s. */
    public static final long GOSSIP_TO_THE_DEAD_NS_DEFAULT = TimeUnit.SECONDS.toNanos(30);
    /** Default time after which dead or left members are removed from the probe order: 60 s; 0 never. */
    public static final long REAP_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(60);
    /**
     * Default time after which a dead or left member is forgotten (view entry cleared, directory slot reusable,
     * no more reconnects): 10 minutes, so partitions up to that long still heal by reconnect; 0 never.
     */
    public static final long FORGET_TIMEOUT_NS_DEFAULT = TimeUnit.MINUTES.toNanos(10);
    /**
     * Default bound on the members one process registers (its directory): 2^18. A stranger beyond it is dropped
     * and counted, so no sender can grow a node's memory without bound (about 80 B per member and hosted view).
     */
    public static final int MAX_MEMBERS_DEFAULT = 1 << 18;
    /**
     * Longest reap timeout and gossip-to-the-dead window: 2^30 ms (12.4 days). State change times are 32-bit
     * milliseconds compared with wrap-safe subtraction, which is exact for differences below 2^31 ms.
     */
    public static final long MAX_DEAD_WINDOW_NS = (1L << 30) * 1_000_000L;
    /**
     * Default bound on the bytes of state answers (to Joins and push-pull requests together) a node sends per probe
     * interval: 16 MiB (see {@link #stateAnswerBytesPerPeriod(int)}). Sized so that 1,000 nodes joining through one
     * seed at the same instant (about 10.8 MB of answers, each joiner getting the state as it grew) are all answered
     * in full: 4 MiB left 5 of 9 seeds of that start unconverged after 44 periods, 256 KiB and 1 MiB slowed it from
     * 25.3 to 116 and 90 periods with jittered latency (docs/hostile-input.md). A cluster that never sees such a
     * start can set it lower.
     */
    public static final int STATE_ANSWER_BYTES_PER_PERIOD_DEFAULT = 16 * 1024 * 1024;
    /** Default interval between reconnect attempts to dead members (partition healing): 10 s. */
    public static final long RECONNECT_INTERVAL_NS_DEFAULT = TimeUnit.SECONDS.toNanos(10);
    /** Default Lifeguard local health maximum (ceiling of the probe interval and timeout multiplier); 0: off. */
    public static final int LOCAL_HEALTH_MAX_MULTIPLIER_DEFAULT = 8;
    /** Default capacity of each node's dissemination queue (entries). */
    public static final int DISSEMINATION_QUEUE_CAPACITY_DEFAULT = 512;
    /** Default frame budget: Aeron's default maxPayloadLength for a 1,408 byte MTU. */
    public static final int FRAME_BUDGET_BYTES_DEFAULT = 1376;
    /** Default bound on on-demand pings ({@code SwimNode.ping}) awaiting their ack, per node. */
    public static final int OUTSTANDING_PINGS_MAX_DEFAULT = 1024;
    /** Default cluster id. */
    public static final int CLUSTER_ID_DEFAULT = 0x5354;

    private int clusterId = CLUSTER_ID_DEFAULT;
    private long probeIntervalNs = PROBE_INTERVAL_NS_DEFAULT;
    private long probeTimeoutNs = PROBE_TIMEOUT_NS_DEFAULT;
    private int indirectChecks = INDIRECT_CHECKS_DEFAULT;
    private int suspicionMult = SUSPICION_MULT_DEFAULT;
    private int suspicionMaxTimeoutMult = SUSPICION_MAX_TIMEOUT_MULT_DEFAULT;
    private boolean suspicionEnabled = true;
    private int retransmitMult = RETRANSMIT_MULT_DEFAULT;
    private long gossipIntervalNs = GOSSIP_INTERVAL_NS_DEFAULT;
    private int gossipNodes = GOSSIP_NODES_DEFAULT;
    private long pushPullIntervalNs = PUSH_PULL_INTERVAL_NS_DEFAULT;
    private long digestSyncIntervalNs = DIGEST_SYNC_INTERVAL_NS_DEFAULT;
    private long viewSettleNs = VIEW_SETTLE_NS_DEFAULT;
    private long gossipToTheDeadNs = GOSSIP_TO_THE_DEAD_NS_DEFAULT;
    private long reapTimeoutNs = REAP_TIMEOUT_NS_DEFAULT;
    private long forgetTimeoutNs = FORGET_TIMEOUT_NS_DEFAULT;
    private int maxMembers = MAX_MEMBERS_DEFAULT;
    private int stateAnswerBytesPerPeriod = STATE_ANSWER_BYTES_PER_PERIOD_DEFAULT;
    private long reconnectIntervalNs = RECONNECT_INTERVAL_NS_DEFAULT;
    private int localHealthMaxMultiplier = LOCAL_HEALTH_MAX_MULTIPLIER_DEFAULT;
    private boolean lifeguardEnabled = true;
    private boolean confirmationsByEndpoint = true;
    private boolean randomProbeTargets = false;
    private boolean sizedForLoss = true;
    private int disseminationQueueCapacity = DISSEMINATION_QUEUE_CAPACITY_DEFAULT;
    private int frameBudgetBytes = FRAME_BUDGET_BYTES_DEFAULT;
    private int outstandingPingsMax = OUTSTANDING_PINGS_MAX_DEFAULT;
    private boolean concluded;

    /**
     * Validate every value and derive what is derived.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad value.
     */
    public ProtocolConfig conclude()
    {
        positive("probeIntervalNs", probeIntervalNs);
        positive("probeTimeoutNs", probeTimeoutNs);
        if (probeTimeoutNs >= probeIntervalNs)
        {
            throw new IllegalArgumentException(
                "probeTimeoutNs=" + probeTimeoutNs + " must be less than probeIntervalNs=" + probeIntervalNs);
        }
        range("indirectChecks", indirectChecks, 0, 16);
        range("suspicionMult", suspicionMult, 1, 64);
        range("suspicionMaxTimeoutMult", suspicionMaxTimeoutMult, 1, 64);
        range("retransmitMult", retransmitMult, 1, 64);
        positive("gossipIntervalNs", gossipIntervalNs);
        range("gossipNodes", gossipNodes, 0, 64);
        nonNegative("pushPullIntervalNs", pushPullIntervalNs);
        nonNegative("digestSyncIntervalNs", digestSyncIntervalNs);
        nonNegative("viewSettleNs", viewSettleNs);
        range("gossipToTheDeadNs", gossipToTheDeadNs, 0, MAX_DEAD_WINDOW_NS);
        range("reapTimeoutNs", reapTimeoutNs, 0, MAX_DEAD_WINDOW_NS);
        range("forgetTimeoutNs", forgetTimeoutNs, 0, MAX_DEAD_WINDOW_NS);
        range("maxMembers", maxMembers, 2, 1 << 24);
        range("stateAnswerBytesPerPeriod", stateAnswerBytesPerPeriod, 0, Integer.MAX_VALUE);
        nonNegative("reconnectIntervalNs", reconnectIntervalNs);
        range("localHealthMaxMultiplier", localHealthMaxMultiplier, 0, 64);
        range("disseminationQueueCapacity", disseminationQueueCapacity, 16, 1 << 20);
        range("frameBudgetBytes", frameBudgetBytes, 256, 65_000);
        range("outstandingPingsMax", outstandingPingsMax, 0, 1 << 16);
        concluded = true;
        return this;
    }

    /**
     * @return true once {@link #conclude()} succeeded.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * Minimum suspicion timeout for a cluster of {@code n} members (Lifeguard: the timeout starts at
     * {@code suspicionMaxTimeoutMult} times this and shrinks toward it with independent confirmations).
     *
     * @param n cluster size as known locally.
     * @return nanoseconds.
     */
    public long suspicionMinTimeoutNs(final int n)
    {
        final double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        return (long)(suspicionMult * nodeScale * probeIntervalNs);
    }

    /**
     * Most transmissions of one update: retransmitMult x ceil(log10(n + 1)).
     *
     * @param n cluster size as known locally.
     * @return transmit limit, at least 1.
     */
    public int retransmitLimit(final int n)
    {
        return Math.max(1, retransmitMult * (int)Math.ceil(Math.log10(n + 1.0)));
    }

    /**
     * Push-pull interval scaled for large clusters: unchanged up to 32 members, then multiplied by
     * ceil(log2(n) - log2(32)) + 1 so that the full-state traffic stays bounded as the cluster grows.
     *
     * @param n cluster size as known locally.
     * @return nanoseconds, or 0 when push-pull is off.
     */
    public long scaledPushPullIntervalNs(final int n)
    {
        if (0 == pushPullIntervalNs || n <= 32)
        {
            return pushPullIntervalNs;
        }
        final double multiplier = Math.ceil(Math.log(n) / Math.log(2) - 5.0) + 1.0;
        return (long)(pushPullIntervalNs * multiplier);
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + "=" + value + " must be greater than zero");
        }
    }

    private static void nonNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + "=" + value + " must not be negative");
        }
    }

    private static void range(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + "=" + value + " must be in [" + min + ", " + max + "]");
        }
    }

    public int clusterId()
    {
        return clusterId;
    }

    public ProtocolConfig clusterId(final int clusterId)
    {
        this.clusterId = clusterId;
        return this;
    }

    public long probeIntervalNs()
    {
        return probeIntervalNs;
    }

    public ProtocolConfig probeIntervalNs(final long probeIntervalNs)
    {
        this.probeIntervalNs = probeIntervalNs;
        return this;
    }

    public long probeTimeoutNs()
    {
        return probeTimeoutNs;
    }

    public ProtocolConfig probeTimeoutNs(final long probeTimeoutNs)
    {
        this.probeTimeoutNs = probeTimeoutNs;
        return this;
    }

    public int indirectChecks()
    {
        return indirectChecks;
    }

    public ProtocolConfig indirectChecks(final int indirectChecks)
    {
        this.indirectChecks = indirectChecks;
        return this;
    }

    public int suspicionMult()
    {
        return suspicionMult;
    }

    public ProtocolConfig suspicionMult(final int suspicionMult)
    {
        this.suspicionMult = suspicionMult;
        return this;
    }

    public int suspicionMaxTimeoutMult()
    {
        return suspicionMaxTimeoutMult;
    }

    public ProtocolConfig suspicionMaxTimeoutMult(final int suspicionMaxTimeoutMult)
    {
        this.suspicionMaxTimeoutMult = suspicionMaxTimeoutMult;
        return this;
    }

    /**
     * @return false to declare a member dead as soon as a probe fails (SWIM without suspicion).
     */
    public boolean suspicionEnabled()
    {
        return suspicionEnabled;
    }

    public ProtocolConfig suspicionEnabled(final boolean suspicionEnabled)
    {
        this.suspicionEnabled = suspicionEnabled;
        return this;
    }

    public int retransmitMult()
    {
        return retransmitMult;
    }

    public ProtocolConfig retransmitMult(final int retransmitMult)
    {
        this.retransmitMult = retransmitMult;
        return this;
    }

    public long gossipIntervalNs()
    {
        return gossipIntervalNs;
    }

    public ProtocolConfig gossipIntervalNs(final long gossipIntervalNs)
    {
        this.gossipIntervalNs = gossipIntervalNs;
        return this;
    }

    public int gossipNodes()
    {
        return gossipNodes;
    }

    public ProtocolConfig gossipNodes(final int gossipNodes)
    {
        this.gossipNodes = gossipNodes;
        return this;
    }

    public long pushPullIntervalNs()
    {
        return pushPullIntervalNs;
    }

    /**
     * @param pushPullIntervalNs interval of periodic full-state exchange; 0 switches periodic push-pull off (joins
     *                           still use it).
     * @return this.
     */
    public ProtocolConfig pushPullIntervalNs(final long pushPullIntervalNs)
    {
        this.pushPullIntervalNs = pushPullIntervalNs;
        return this;
    }

    public long digestSyncIntervalNs()
    {
        return digestSyncIntervalNs;
    }

    /**
     * @param digestSyncIntervalNs shortest time between two push-pulls a node starts because a Ping or Ack carried a
     *                             view digest other than its own ({@code DigestSync}); 0 switches them off.
     * @return this.
     */
    public ProtocolConfig digestSyncIntervalNs(final long digestSyncIntervalNs)
    {
        this.digestSyncIntervalNs = digestSyncIntervalNs;
        return this;
    }

    public long viewSettleNs()
    {
        return viewSettleNs;
    }

    /**
     * @param viewSettleNs how long a node's set of live members must have stayed unchanged before a different digest
     *                     starts a push-pull: while news spreads, views differ for a while anyway.
     * @return this.
     */
    public ProtocolConfig viewSettleNs(final long viewSettleNs)
    {
        this.viewSettleNs = viewSettleNs;
        return this;
    }

    public long gossipToTheDeadNs()
    {
        return gossipToTheDeadNs;
    }

    public ProtocolConfig gossipToTheDeadNs(final long gossipToTheDeadNs)
    {
        this.gossipToTheDeadNs = gossipToTheDeadNs;
        return this;
    }

    public long reapTimeoutNs()
    {
        return reapTimeoutNs;
    }

    public ProtocolConfig reapTimeoutNs(final long reapTimeoutNs)
    {
        this.reapTimeoutNs = reapTimeoutNs;
        return this;
    }

    /**
     * @return time after which a dead or left member is forgotten (measured from its death; at least the reap
     * timeout in effect, since only reaped members are forgotten); 0 never.
     */
    public long forgetTimeoutNs()
    {
        return forgetTimeoutNs;
    }

    /**
     * @param forgetTimeoutNs time after which a dead or left member is forgotten; 0 never.
     * @return this.
     */
    public ProtocolConfig forgetTimeoutNs(final long forgetTimeoutNs)
    {
        this.forgetTimeoutNs = forgetTimeoutNs;
        return this;
    }

    /**
     * @return most members the process's directory registers; strangers beyond it are dropped and counted.
     */
    public int maxMembers()
    {
        return maxMembers;
    }

    /**
     * @param maxMembers most members the process's directory registers.
     * @return this.
     */
    public ProtocolConfig maxMembers(final int maxMembers)
    {
        this.maxMembers = maxMembers;
        return this;
    }

    /**
     * @return bytes of state answers (Joins and push-pull requests) a node sends per probe interval (see
     * {@link #stateAnswerBytesPerPeriod(int)}).
     */
    public int stateAnswerBytesPerPeriod()
    {
        return stateAnswerBytesPerPeriod;
    }

    /**
     * Bound what requests for a node's state make it send: a Join names the endpoint its answer goes to, and a
     * push-pull request is answered at the endpoint the node holds for its sender, which the request's own entry
     * can register; so without a bound one forged datagram of 50 to 75 bytes buys a full state (about 20 KB at
     * 1,000 members) sent to any endpoint. Within one probe interval a node answers Joins and push-pull requests
     * together with its full state while the bytes fit this budget (the first answer of an interval always goes, so
     * a state larger than the budget still goes once per interval), then with its own entry only while that fits,
     * then not at all; a joiner not answered in full retries every two probe intervals, a push-pull requester learns
     * the rest at its next push-pull, and both from gossip meanwhile. So at most max(budget, one full state) bytes of
     * answers leave a node per probe interval, whatever the requests say. The exchanges a node starts itself
     * (periodic push-pull, reconnect) are not counted.
     *
     * @param stateAnswerBytesPerPeriod the budget in bytes, {@code >= 0}.
     * @return this.
     */
    public ProtocolConfig stateAnswerBytesPerPeriod(final int stateAnswerBytesPerPeriod)
    {
        this.stateAnswerBytesPerPeriod = stateAnswerBytesPerPeriod;
        return this;
    }

    public long reconnectIntervalNs()
    {
        return reconnectIntervalNs;
    }

    /**
     * @param reconnectIntervalNs interval between attempts to reach a random dead member (partition healing);
     *                            0 switches reconnects off.
     * @return this.
     */
    public ProtocolConfig reconnectIntervalNs(final long reconnectIntervalNs)
    {
        this.reconnectIntervalNs = reconnectIntervalNs;
        return this;
    }

    public int localHealthMaxMultiplier()
    {
        return localHealthMaxMultiplier;
    }

    public ProtocolConfig localHealthMaxMultiplier(final int localHealthMaxMultiplier)
    {
        this.localHealthMaxMultiplier = localHealthMaxMultiplier;
        return this;
    }

    /**
     * @return true when the Lifeguard refinements are on: local health multiplier, dynamic suspicion timeout with
     * confirmations, buddy system, nacks.
     */
    public boolean lifeguardEnabled()
    {
        return lifeguardEnabled;
    }

    public ProtocolConfig lifeguardEnabled(final boolean lifeguardEnabled)
    {
        this.lifeguardEnabled = lifeguardEnabled;
        return this;
    }

    /**
     * @return true (default) when Lifeguard counts a suspicion's confirmations once per endpoint (process): nodes
     * that share a process share its stalls and its links, so one stalled process must not supply every
     * confirmation. False counts each confirming node: for an emulation whose co-hosted nodes stand for separate
     * hosts (`starling emulate` and `density` set it), where counting by endpoint would hold every suspicion to its
     * longest timeout.
     */
    public boolean confirmationsByEndpoint()
    {
        return confirmationsByEndpoint;
    }

    /**
     * @param confirmationsByEndpoint see {@link #confirmationsByEndpoint()}.
     * @return this.
     */
    public ProtocolConfig confirmationsByEndpoint(final boolean confirmationsByEndpoint)
    {
        this.confirmationsByEndpoint = confirmationsByEndpoint;
        return this;
    }

    /**
     * @return true to draw each probe target uniformly at random (SWIM's analysed variant) instead of the default
     * randomized round-robin order.
     */
    public boolean randomProbeTargets()
    {
        return randomProbeTargets;
    }

    public ProtocolConfig randomProbeTargets(final boolean randomProbeTargets)
    {
        this.randomProbeTargets = randomProbeTargets;
        return this;
    }

    /**
     * @return true (default) to size relays, suspicion re-checks and gossip transmissions for the round-trip loss each
     * node measures (no effect on a lossless network); false for SWIM's fixed sizes (to study them).
     */
    public boolean sizedForLoss()
    {
        return sizedForLoss;
    }

    public ProtocolConfig sizedForLoss(final boolean sizedForLoss)
    {
        this.sizedForLoss = sizedForLoss;
        return this;
    }

    public int disseminationQueueCapacity()
    {
        return disseminationQueueCapacity;
    }

    public ProtocolConfig disseminationQueueCapacity(final int disseminationQueueCapacity)
    {
        this.disseminationQueueCapacity = disseminationQueueCapacity;
        return this;
    }

    /**
     * @return largest frame in bytes (header plus messages); Aeron's maxPayloadLength by default.
     */
    public int frameBudgetBytes()
    {
        return frameBudgetBytes;
    }

    public ProtocolConfig frameBudgetBytes(final int frameBudgetBytes)
    {
        this.frameBudgetBytes = frameBudgetBytes;
        return this;
    }

    public int outstandingPingsMax()
    {
        return outstandingPingsMax;
    }

    /**
     * @param outstandingPingsMax on-demand pings a node may have awaiting an ack at once; a ping beyond it is
     *                            refused (0 switches on-demand pings off). The pool grows to this on use only.
     * @return this.
     */
    public ProtocolConfig outstandingPingsMax(final int outstandingPingsMax)
    {
        this.outstandingPingsMax = outstandingPingsMax;
        return this;
    }

    public String toString()
    {
        return "ProtocolConfig{" +
            "clusterId=" + clusterId +
            ", probeIntervalNs=" + probeIntervalNs +
            ", probeTimeoutNs=" + probeTimeoutNs +
            ", indirectChecks=" + indirectChecks +
            ", suspicionMult=" + suspicionMult +
            ", suspicionMaxTimeoutMult=" + suspicionMaxTimeoutMult +
            ", suspicionEnabled=" + suspicionEnabled +
            ", retransmitMult=" + retransmitMult +
            ", gossipIntervalNs=" + gossipIntervalNs +
            ", gossipNodes=" + gossipNodes +
            ", pushPullIntervalNs=" + pushPullIntervalNs +
            ", digestSyncIntervalNs=" + digestSyncIntervalNs +
            ", viewSettleNs=" + viewSettleNs +
            ", gossipToTheDeadNs=" + gossipToTheDeadNs +
            ", reapTimeoutNs=" + reapTimeoutNs +
            ", reconnectIntervalNs=" + reconnectIntervalNs +
            ", localHealthMaxMultiplier=" + localHealthMaxMultiplier +
            ", lifeguardEnabled=" + lifeguardEnabled +
            ", confirmationsByEndpoint=" + confirmationsByEndpoint +
            ", randomProbeTargets=" + randomProbeTargets +
            ", sizedForLoss=" + sizedForLoss +
            ", disseminationQueueCapacity=" + disseminationQueueCapacity +
            ", frameBudgetBytes=" + frameBudgetBytes +
            ", outstandingPingsMax=" + outstandingPingsMax +
            '}';
    }
}

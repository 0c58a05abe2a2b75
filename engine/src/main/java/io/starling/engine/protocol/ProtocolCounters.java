package io.starling.engine.protocol;

/**
 * Ids and labels of SWIM's own counters: frames and messages a node sends and takes in, probes, suspicions, merges,
 * membership changes, and the drops the protocol decides. Incremented through {@link CounterSink} by this package, and
 * by the layers above it for the same events (the host's router and the security gate count a malformed or
 * misaddressed frame, the replication layer a semantically invalid message or a full outbox, with these ids).
 * <p>
 * The counter sink has one dense id space, one contiguous range per owner, so that an increment stays one array
 * index in the host and the simulator:
 * <pre>
 *   owner        class                                                        ids      metrics file type id
 *   protocol     ProtocolCounters (this class)                                0..39    0x5354_0001
 *   transport    {@code io.starling.engine.transport.TransportCounters}      40..56   0x5354_0003
 *   replication  {@code io.starling.engine.replication.ReplicationCounters}  57..62   0x5354_0004
 *   host         {@code io.starling.engine.metrics.HostCounters}            own ids  0x5354_0002 (not a sink id)
 * </pre>
 * A counter's owner is the lowest package that increments it, so no package names the counters of a layer above
 * it: a counter the protocol and a layer above both count is declared here and counted once per event. In the
 * metrics file a counter is its owner's type id with the id within its owner ({@code id - FIRST}) as key.
 * <p>
 * Ids may be renumbered (an owner's range moves, a counter moves between owners): readers find counters by type id
 * and key, so such a change bumps {@code MetricsFile.LAYOUT_VERSION}. Labels may not change: the Prometheus names
 * of {@code starling stat --serve} derive from them.
 */
public final class ProtocolCounters
{
    /** First id of this owner's range. */
    public static final int FIRST = 0;

    public static final int FRAMES_SENT = FIRST;
    public static final int BYTES_SENT = FIRST + 1;
    public static final int FRAMES_RECEIVED = FIRST + 2;
    public static final int BYTES_RECEIVED = FIRST + 3;
    public static final int MESSAGES_SENT = FIRST + 4;
    public static final int MESSAGES_RECEIVED = FIRST + 5;
    public static final int PROBES_SENT = FIRST + 6;
    public static final int INDIRECT_PROBES_SENT = FIRST + 7;
    public static final int ACKS_RECEIVED = FIRST + 8;
    public static final int NACKS_RECEIVED = FIRST + 9;
    public static final int PROBE_FAILURES = FIRST + 10;
    public static final int SUSPICIONS_RAISED = FIRST + 11;
    public static final int REFUTATIONS = FIRST + 12;
    public static final int DEATHS_DECLARED = FIRST + 13;
    public static final int UPDATES_MERGED = FIRST + 14;
    public static final int UPDATES_STALE = FIRST + 15;
    public static final int PUSH_PULLS_STARTED = FIRST + 16;
    public static final int PUSH_PULL_CHUNKS_SENT = FIRST + 17;
    public static final int JOINS_RECEIVED = FIRST + 18;
    public static final int LEAVES_RECEIVED = FIRST + 19;
    public static final int RECONNECT_ATTEMPTS = FIRST + 20;
    /** Also counted by the rumor monger when its outbox refuses a rumor. */
    public static final int DROP_OUTBOX_FULL = FIRST + 21;
    /**
     * Also counted on the path before the protocol (the transports, the host's router, the security gate) and by the
     * replication layer for a write rumor whose payload is not a frame.
     */
    public static final int DROP_MALFORMED = FIRST + 22;
    /** Also counted by the security gate for a sealed frame of another cluster. */
    public static final int DROP_WRONG_CLUSTER = FIRST + 23;
    /** Also counted by the host's router and the simulator's frame carrier for a frame whose destination they
     * cannot find. */
    public static final int DROP_UNKNOWN_DESTINATION = FIRST + 24;
    /** Also counted by the replication layer (rumors, anti-entropy) for a well-formed message it cannot apply. */
    public static final int DROP_SEMANTIC = FIRST + 25;
    public static final int MEMBERS_REAPED = FIRST + 26;
    public static final int GOSSIP_MESSAGES_SENT = FIRST + 27;
    /** On-demand pings sent ({@code SwimNode.ping}), outside the probe schedule. */
    public static final int PINGS_SENT = FIRST + 28;
    /** On-demand pings refused (unknown member, pool full) or not answered within their timeout. */
    public static final int PINGS_FAILED = FIRST + 29;
    /**
     * Claims about this node at an incarnation older than its own (a SUSPECT or DEAD its refutation has not yet
     * reached), answered by disseminating its current incarnation again.
     */
    public static final int STALE_CLAIMS_ANSWERED = FIRST + 30;
    /** Pings sent to a member whose suspicion still stands at 3/6, 4/6 and 5/6 of the minimum suspicion timeout. */
    public static final int SUSPICION_CHECKS_SENT = FIRST + 31;
    /** Dead or left members forgotten after the forget timeout. */
    public static final int MEMBERS_FORGOTTEN = FIRST + 32;
    /** Strangers dropped because the directory holds {@link ProtocolConfig#maxMembers()} members. */
    public static final int DROP_MEMBERS_FULL = FIRST + 33;
    /** ALIVE claims about this node at a newer incarnation from another endpoint: another process holds its id. */
    public static final int NODE_ID_CONFLICTS = FIRST + 34;
    /**
     * Joins answered with the node's own entry only, or not at all, because the probe interval's state answer
     * budget ({@link ProtocolConfig#stateAnswerBytesPerPeriod()}) or the process's {@link HostBudget} was spent.
     */
    public static final int JOIN_ANSWERS_LIMITED = FIRST + 35;
    /**
     * Push-pull requests answered with the node's own entry only, or not at all, because the probe interval's state
     * answer budget ({@link ProtocolConfig#stateAnswerBytesPerPeriod()}) or the process's {@link HostBudget} was spent.
     */
    public static final int PUSH_PULL_ANSWERS_LIMITED = FIRST + 36;
    /** Gossip rounds skipped because the process's {@link HostBudget} had no Gossip messages left. */
    public static final int GOSSIP_ROUNDS_DEFERRED = FIRST + 37;
    /**
     * Periodic push-pulls put off by one probe interval because the process's {@link HostBudget} had no state bytes
     * left.
     */
    public static final int STATE_SENDS_DEFERRED = FIRST + 38;
    /** Push-pulls started because a Ping or Ack carried a view digest other than this node's settled one. */
    public static final int PUSH_PULLS_ON_DIGEST = FIRST + 39;

    /** Number of protocol counter ids. */
    public static final int COUNT = 40;

    private static final String[] LABELS = {
        "frames sent", "bytes sent", "frames received", "bytes received", "messages sent", "messages received",
        "probes sent", "indirect probes sent", "acks received", "nacks received", "probe failures",
        "suspicions raised", "refutations", "deaths declared", "updates merged", "updates stale",
        "push-pulls started", "push-pull chunks sent", "joins received", "leaves received", "reconnect attempts",
        "drop: outbox full", "drop: malformed frame", "drop: wrong cluster", "drop: unknown destination",
        "drop: semantically invalid", "members reaped", "gossip messages sent",
        "on-demand pings sent", "on-demand pings failed",
        "stale claims about self answered", "suspicion re-checks sent", "members forgotten",
        "drop: members full", "node id conflicts", "join answers limited", "push-pull answers limited",
        "gossip rounds deferred", "push-pulls deferred", "push-pulls on digest"
    };

    private ProtocolCounters()
    {
    }

    /**
     * @param counterId an id of this owner.
     * @return its human label.
     */
    public static String label(final int counterId)
    {
        final int index = counterId - FIRST;
        return index >= 0 && index < LABELS.length ? LABELS[index] : "counter " + counterId;
    }
}

package io.starling.engine.protocol;

/**
 * Ids and labels of the counters every host keeps (the same ids index the simulator's arrays and the Agrona
 * counters of the real-time host). Append only: ids are part of what {@code starling stat} reads.
 */
public final class ProtocolCounters
{
    public static final int FRAMES_SENT = 0;
    public static final int BYTES_SENT = 1;
    public static final int FRAMES_RECEIVED = 2;
    public static final int BYTES_RECEIVED = 3;
    public static final int MESSAGES_SENT = 4;
    public static final int MESSAGES_RECEIVED = 5;
    public static final int PROBES_SENT = 6;
    public static final int INDIRECT_PROBES_SENT = 7;
    public static final int ACKS_RECEIVED = 8;
    public static final int NACKS_RECEIVED = 9;
    public static final int PROBE_FAILURES = 10;
    public static final int SUSPICIONS_RAISED = 11;
    public static final int REFUTATIONS = 12;
    public static final int DEATHS_DECLARED = 13;
    public static final int UPDATES_MERGED = 14;
    public static final int UPDATES_STALE = 15;
    public static final int PUSH_PULLS_STARTED = 16;
    public static final int PUSH_PULL_CHUNKS_SENT = 17;
    public static final int JOINS_RECEIVED = 18;
    public static final int LEAVES_RECEIVED = 19;
    public static final int RECONNECT_ATTEMPTS = 20;
    public static final int DROP_OUTBOX_FULL = 21;
    public static final int DROP_MALFORMED = 22;
    public static final int DROP_WRONG_CLUSTER = 23;
    public static final int DROP_UNKNOWN_DESTINATION = 24;
    public static final int DROP_SEMANTIC = 25;
    public static final int DROP_BACK_PRESSURE = 26;
    public static final int DROP_NOT_CONNECTED = 27;
    public static final int DROP_INJECTED_LOSS = 28;
    public static final int DROP_PARTITION = 29;
    public static final int MEMBERS_REAPED = 30;
    public static final int GOSSIP_MESSAGES_SENT = 31;
    public static final int RUMORS_SENT = 32;
    public static final int RUMORS_DELIVERED = 33;
    public static final int ANTI_ENTROPY_SESSIONS = 34;
    public static final int MAX_DUTY_CYCLE_NS = 35;
    public static final int DUTY_CYCLES = 36;
    public static final int COMMANDS_RECEIVED = 37;
    public static final int DROP_DECRYPT_FAILED = 38;
    /** Frames held in a transport's backlog because the path to their destination was not connected yet. */
    public static final int FRAMES_BACKLOGGED = 39;
    /** Backlogged frames sent once the path connected. */
    public static final int FRAMES_FLUSHED_FROM_BACKLOG = 40;
    /** Frames dropped because the backlog of their destination was full. */
    public static final int DROP_BACKLOG_FULL = 41;
    /** Backlogged frames dropped because they grew too old before the path connected. */
    public static final int DROP_BACKLOG_EXPIRED = 42;
    /** On-demand pings sent ({@code SwimNode.ping}), outside the probe schedule. */
    public static final int PINGS_SENT = 43;
    /** On-demand pings refused (unknown member, pool full) or not answered within their timeout. */
    public static final int PINGS_FAILED = 44;
    /**
     * Claims about this node at an incarnation older than its own (a SUSPECT or DEAD its refutation has not yet
     * reached), answered by disseminating its current incarnation again.
     */
    public static final int STALE_CLAIMS_ANSWERED = 45;
    /** Pings sent to a member whose suspicion still stands at 3/6, 4/6 and 5/6 of the minimum suspicion timeout. */
    public static final int SUSPICION_CHECKS_SENT = 46;
    /** Dead or left members forgotten after the forget timeout. */
    public static final int MEMBERS_FORGOTTEN = 47;
    /** Strangers dropped because the directory holds {@link ProtocolConfig#maxMembers()} members. */
    public static final int DROP_MEMBERS_FULL = 48;
    /** ALIVE claims about this node at a newer incarnation from another endpoint: another process holds its id. */
    public static final int NODE_ID_CONFLICTS = 49;
    /** Network frames in clear while encryption is required (forged or from a node without the key). */
    public static final int DROP_NOT_SEALED = 50;
    /** Sealed network frames whose AES-GCM tag did not verify (tampered, forged, wrong key bytes). */
    public static final int DROP_BAD_TAG = 51;
    /** Sealed network frames naming a key id this process has not installed. */
    public static final int DROP_UNKNOWN_KEY = 52;
    /** Sealed network frames whose nonce counter was seen already or is older than the replay window. */
    public static final int DROP_REPLAYED = 53;
    /** Outbound frames that could not be sealed (no primary key, cipher error) and were not sent. */
    public static final int DROP_SEAL_FAILED = 54;
    /** Network frames in clear whose CRC32C trailer did not match (corrupted in flight, or not a Starling sender's). */
    public static final int DROP_BAD_CHECKSUM = 55;

    /** Versions the replicated store evicted because a key held more than {@code maxSiblings} concurrent ones: each
     * is a write lost by the store's stated bound, so an operator must see it. */
    public static final int KV_SIBLINGS_EVICTED = 56;
    /** Versions from peers the replicated store refused for a Lamport time too far ahead of its own. */
    public static final int KV_LAMPORT_JUMPS_REJECTED = 57;
    /** Clock entries dropped by pruning at local writes of the replicated store. */
    public static final int KV_CLOCK_ENTRIES_PRUNED = 58;

    /** Number of counter ids. */
    public static final int COUNT = 59;

    private static final String[] LABELS = {
        "frames sent", "bytes sent", "frames received", "bytes received", "messages sent", "messages received",
        "probes sent", "indirect probes sent", "acks received", "nacks received", "probe failures",
        "suspicions raised", "refutations", "deaths declared", "updates merged", "updates stale",
        "push-pulls started", "push-pull chunks sent", "joins received", "leaves received", "reconnect attempts",
        "drop: outbox full", "drop: malformed frame", "drop: wrong cluster", "drop: unknown destination",
        "drop: semantically invalid", "drop: back pressure", "drop: not connected", "drop: injected loss",
        "drop: partition", "members reaped", "gossip messages sent", "rumors sent", "rumors delivered",
        "anti-entropy sessions", "max duty cycle ns", "duty cycles", "commands received", "drop: decrypt failed",
        "frames backlogged", "frames flushed from backlog", "drop: backlog full", "drop: backlog expired",
        "on-demand pings sent", "on-demand pings failed",
        "stale claims about self answered", "suspicion re-checks sent", "members forgotten",
        "drop: members full", "node id conflicts",
        "drop: not sealed", "drop: bad tag", "drop: unknown key", "drop: replayed", "drop: seal failed",
        "drop: bad checksum", "kv siblings evicted", "kv lamport jumps rejected", "kv clock entries pruned"
    };

    private ProtocolCounters()
    {
    }

    /**
     * @param counterId id.
     * @return its human label.
     */
    public static String label(final int counterId)
    {
        return counterId >= 0 && counterId < LABELS.length ? LABELS[counterId] : "counter " + counterId;
    }
}

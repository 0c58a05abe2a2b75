package io.starling.engine.replication;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;

/**
 * Ids and labels of the replication layer's counters: rumors ({@code rumor.RumorMonger}, {@code Broadcasts}),
 * anti-entropy sessions ({@code kv.AntiEntropySession}) and the store's bounds ({@code Replicator} reports the
 * {@code KvStore}'s tallies). Counted through {@link CounterSink}, in the sink's last id range, after
 * {@link TransportCounters}'; the owner table is in {@link ProtocolCounters}. The layer is three packages
 * ({@code rumor}, {@code kv}, {@code replication}); its counters are declared once, here, and the two lower packages
 * name these compile-time constants (javac inlines them: no class of {@code kv} or {@code rumor} loads this one).
 * A well-formed message the layer cannot apply is the protocol's {@link ProtocolCounters#DROP_SEMANTIC}.
 */
public final class ReplicationCounters
{
    /** First id of this owner's range: after the transport's. */
    public static final int FIRST = TransportCounters.FIRST + TransportCounters.COUNT;

    /** Rumors sent (each copy to each peer). */
    public static final int RUMORS_SENT = FIRST;
    /**
     * Rumors the rumor monger delivered to its listener for the first time, and broadcasts {@code Broadcasts}
     * delivered to the application: a broadcast that arrives as a write rumor is counted at both.
     */
    public static final int RUMORS_DELIVERED = FIRST + 1;
    /** Anti-entropy sessions started with a peer. */
    public static final int ANTI_ENTROPY_SESSIONS = FIRST + 2;
    /** Versions the replicated store evicted because a key held more than {@code maxSiblings} concurrent ones: each
     * is a write lost by the store's stated bound, so an operator must see it. */
    public static final int KV_SIBLINGS_EVICTED = FIRST + 3;
    /** Versions from peers the replicated store refused for a Lamport time too far ahead of its own. */
    public static final int KV_LAMPORT_JUMPS_REJECTED = FIRST + 4;
    /** Clock entries dropped by pruning at local writes of the replicated store. */
    public static final int KV_CLOCK_ENTRIES_PRUNED = FIRST + 5;

    /** Number of replication counter ids. */
    public static final int COUNT = 6;

    private static final String[] LABELS = {
        "rumors sent", "rumors delivered", "anti-entropy sessions", "kv siblings evicted", "kv lamport jumps rejected",
        "kv clock entries pruned"
    };

    private ReplicationCounters()
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

package io.starling.tools.emulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of one hosting process, as it travels to the coordinator (one JSON line from a child process, or a
 * direct call in process). Times are {@link System#nanoTime()} values, which on Linux read CLOCK_MONOTONIC and are
 * therefore comparable between processes of one host. Public fields for Jackson.
 */
public final class HostStatus
{
    /** Index of the hosting process. */
    public int host;
    /** Its process id. */
    public long pid;
    /** When the snapshot was taken. */
    public long nowNs;
    /** When the engines were launched. */
    public long startNs;
    /** When the victims were killed, -1 before. */
    public long killedAtNs = -1;
    /** Process CPU time so far (every thread). */
    public long cpuNs;
    /** CPU time of the duty-cycle threads so far. */
    public long agentCpuNs;
    /** Resident set now. */
    public long rssBytes;
    /** Resident set high-water mark. */
    public long rssPeakBytes;
    /** Heap in use now. */
    public long heapUsedBytes;
    /** Garbage collections so far. */
    public long gcCount;
    /** Time collecting so far. */
    public long gcTimeMs;
    /** Longest duty cycle since the previous snapshot. */
    public long dutyCycleIntervalMaxNs;
    /** Duty cycles that did work since the last mark, an HdrHistogram compressed and base64 encoded. */
    public String dutyCycles;
    /** The nodes that stay up. */
    public EngineView main;
    /** The nodes to kill (frozen at their last state once killed), or null. */
    public EngineView victims;
    /**
     * Accuracy samples taken since the previous snapshot ({@link AccuracySampler}), flattened rows of
     * {@code ViewAccuracy.ROW_LENGTH} values.
     */
    public double[] accuracyRows = new double[0];
    /** Accuracy samples taken here so far. */
    public long accuracySamples;
    /** Their total time (wall, under the host's lock). */
    public long accuracySampleNs;
    /** Engine directories (removed when the host closes). */
    public List<String> directories = new ArrayList<>();

    /**
     * One engine's aggregate view and counters.
     */
    public static final class EngineView
    {
        /** Hosted nodes. */
        public int observers;
        /** True if the hosted nodes are the victims. */
        public boolean victimObservers;
        /** (hosted node, other member) pairs in which the node sees the member ALIVE. */
        public long alivePairs;
        /** Pairs when every hosted node sees every other member ALIVE. */
        public long targetPairs;
        /** Since when {@code alivePairs == targetPairs}, or -1. */
        public long completeSinceNs = -1;
        /** Transitions into SUSPECT about healthy members. */
        public long falseSuspicions;
        /** Transitions into DEAD (or LEFT) about healthy members. */
        public long falseDeaths;
        /** Healthy members ever declared dead here. */
        public int[] falsePositiveIds = new int[0];
        /** Events about ids outside the cluster. */
        public long unknownEvents;
        /** Membership events seen. */
        public long events;
        /** Victims (the cluster's), in the order of the arrays below. */
        public int[] victimIds = new int[0];
        /** First SUSPECT or DEAD about each victim after the kill, by a hosted node, or -1. */
        public long[] firstDetectNs = new long[0];
        /** First DEAD about each victim after the kill, or -1. */
        public long[] firstDeadNs = new long[0];
        /** When every hosted node had the victim DEAD, or -1. */
        public long[] allDeadNs = new long[0];
        /** Hosted nodes that have the victim DEAD. */
        public long[] deadObservers = new long[0];

        /** With a diagnosis: member id, then hosted nodes that do not see it ALIVE, for each such member. */
        public int[] missingByMember;
        /** With a diagnosis: hosted node id, then members it does not see ALIVE, for each such node. */
        public int[] missingByObserver;

        /** Messages sent. */
        public long messagesSent;
        /** Bytes sent. */
        public long bytesSent;
        /** Frames sent. */
        public long framesSent;
        /** Messages received. */
        public long messagesReceived;
        /** Bytes received. */
        public long bytesReceived;
        /** Frames dropped, any reason (injected loss included). */
        public long drops;
        /**
         * Frames dropped, by reason (counter label in snake case), non-zero reasons only; also the transport backlog's
         * {@code frames_backlogged} and {@code frames_flushed_from_backlog}, which are not drops and not in
         * {@link #drops}.
         */
        public java.util.Map<String, Long> dropsByReason = new java.util.TreeMap<>();
        /**
         * How the process paced its whole-view exchanges and gossip (counter label in snake case, since launch): push-pulls
         * started (periodic, on a digest, reconnects), those on a differing digest, reconnect attempts, state sends and
         * Gossip rounds the host budget deferred.
         */
        public java.util.Map<String, Long> pacing = new java.util.TreeMap<>();
        /** Frames dropped by injected loss. */
        public long dropsInjected;
        /** Suspicions raised by the hosted nodes (protocol counter). */
        public long suspicionsRaised;
        /** Refutations by the hosted nodes. */
        public long refutations;
        /** Errors recorded in the engine's error log. */
        public long errors;
        /** Longest duty cycle since launch. */
        public long maxDutyCycleNs;
        /** Duty cycles since launch. */
        public long dutyCycles;
        /** Probe round trips recorded (since launch). */
        public long rttCount;
        /** Probe round trip median. */
        public long rttP50Ns;
        /** Probe round trip 90th percentile. */
        public long rttP90Ns;
        /** Probe round trip 99th percentile. */
        public long rttP99Ns;
        /** Probe round trip maximum. */
        public long rttMaxNs;
    }

    /**
     * @param h a snapshot.
     * @return its engines' views: the main engine's and, when it hosts victims, theirs.
     */
    static List<HostStatus.EngineView> views(final HostStatus h)
    {
        final List<HostStatus.EngineView> list = new ArrayList<>(2);
        if (null != h.main)
        {
            list.add(h.main);
        }
        if (null != h.victims)
        {
            list.add(h.victims);
        }
        return list;
    }
}

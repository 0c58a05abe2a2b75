package io.starling.engine.metrics;

/**
 * Ids and labels of the real-time host's counters: its duty cycle, commands, nodes, timers, network frames, probe
 * round trips and view gauges. An id space of their own (the agent and the API update them through
 * {@link EngineCounters}' host methods, not a {@link io.starling.engine.protocol.CounterSink}: the simulator has no
 * host); in the metrics file type {@link EngineCounters#HOST_TYPE_ID}, key = the id. The owner table of every
 * counter is in {@link io.starling.engine.protocol.ProtocolCounters}. Ids may be renumbered with a bump of
 * {@link MetricsFile#LAYOUT_VERSION}; labels may not (Prometheus names derive from them).
 */
public final class HostCounters
{
    /** Errors recorded in the error log (every occurrence, not only distinct ones). */
    public static final int ERRORS = 0;
    /** Commands refused because the command queue was full. */
    public static final int COMMANDS_REJECTED = 1;
    /** Nodes hosted by the engine. */
    public static final int NODES_HOSTED = 2;
    /** Nodes started. */
    public static final int NODES_STARTED = 3;
    /** Frames delivered on the in-memory path. */
    public static final int IN_MEMORY_FRAMES = 4;
    /** Frames sent over Aeron. */
    public static final int NETWORK_FRAMES_SENT = 5;
    /** Frames received over Aeron. */
    public static final int NETWORK_FRAMES_RECEIVED = 6;
    /** Publications available to remote processes. */
    public static final int PUBLICATIONS = 7;
    /** Images of remote processes on the subscription. */
    public static final int IMAGES = 8;
    /** Timers fired. */
    public static final int TIMERS_FIRED = 9;
    /** Timers scheduled and not yet fired or cancelled. */
    public static final int TIMERS_ACTIVE = 10;
    /** Joins sent by the host on behalf of its nodes. */
    public static final int JOINS_SENT = 11;
    /** Probe round trips recorded. */
    public static final int PROBE_RTT_COUNT = 12;
    /** Probe round trip, 50th percentile. */
    public static final int PROBE_RTT_P50_NS = 13;
    /** Probe round trip, 90th percentile. */
    public static final int PROBE_RTT_P90_NS = 14;
    /** Probe round trip, 99th percentile. */
    public static final int PROBE_RTT_P99_NS = 15;
    /** Probe round trip, 99.9th percentile. */
    public static final int PROBE_RTT_P999_NS = 16;
    /** Probe round trip, maximum. */
    public static final int PROBE_RTT_MAX_NS = 17;
    /** Members alive as seen by the first hosted node. */
    public static final int VIEW_ALIVE = 18;
    /** Members suspect as seen by the first hosted node. */
    public static final int VIEW_SUSPECT = 19;
    /** Members dead as seen by the first hosted node. */
    public static final int VIEW_DEAD = 20;
    /** Members left as seen by the first hosted node. */
    public static final int VIEW_LEFT = 21;
    /** Listener callbacks that threw. */
    public static final int LISTENER_ERRORS = 22;

    /** Sequence lock over the probe RTT counters: odd while the agent publishes them, even when consistent. */
    public static final int PROBE_RTT_SEQUENCE = 23;
    /** Claims of a member's id from another endpoint while it was alive at its own (two processes, one id). */
    public static final int ID_CONFLICTS = 24;
    /** Highest Lifeguard local health score (awareness) among the started hosted nodes; 0 is healthy. */
    public static final int LOCAL_HEALTH_MAX = 25;
    /** Started hosted nodes whose local health score is above 0 (probing slower because they missed acks). */
    public static final int NODES_DEGRADED = 26;
    /** Longest duty cycle of the agent (its work, not its idle), ns. */
    public static final int MAX_DUTY_CYCLE_NS = 27;
    /** Duty cycles of the agent. */
    public static final int DUTY_CYCLES = 28;
    /** Commands from other threads the agent applied. */
    public static final int COMMANDS_RECEIVED = 29;
    /** Node starts put off by a stagger because a duty cycle since the last look was longer than the admission bound. */
    public static final int STARTS_DEFERRED = 30;
    /** Frames addressed to a hosted node that has left or crashed, dropped ({@code StarlingEngine.crash}). */
    public static final int DROP_STOPPED_NODE = 31;
    /** Hosted nodes stopped one by one: after a single node's graceful leave, or crashed. */
    public static final int NODES_STOPPED = 32;
    /** Number of host counter ids. */
    public static final int COUNT = 33;

    private static final String[] LABELS = {
        "errors", "commands rejected: queue full", "nodes hosted", "nodes started", "in-memory frames",
        "network frames sent", "network frames received", "publications", "images", "timers fired", "timers active",
        "joins sent", "probe rtt count", "probe rtt p50 ns", "probe rtt p90 ns", "probe rtt p99 ns",
        "probe rtt p99.9 ns", "probe rtt max ns", "view: alive", "view: suspect", "view: dead", "view: left",
        "listener errors", "probe rtt sequence", "id conflicts reported", "local health max", "nodes degraded",
        "max duty cycle ns", "duty cycles", "commands received", "starts deferred",
        "drop: to a stopped node", "nodes stopped"
    };

    private HostCounters()
    {
    }

    /**
     * @param counterId id.
     * @return its human label.
     */
    public static String label(final int counterId)
    {
        return counterId >= 0 && counterId < LABELS.length ? LABELS[counterId] : "host counter " + counterId;
    }
}

package io.starling.tools.emulate;

/**
 * What one hosting process runs: its share of the cluster's nodes, split into the nodes that stay up (the main
 * engine) and those the run will kill (the victim engine), their endpoints, seed and protocol settings. Sent to a
 * child process as one JSON line; public fields for Jackson.
 */
public final class HostPlan
{
    /** Index of the hosting process, from 0. */
    public int host;
    /** Smallest node id of the cluster; ids are dense. */
    public int memberIdBase;
    /** Nodes in the whole cluster. */
    public int memberCount;
    /** Ids of the nodes hosted here that stay up. */
    public int[] mainIds = new int[0];
    /**
     * Ids of the nodes the main engine hosts after {@link #mainIds}, held at launch and started by the late-join and
     * churn phases ({@code --late-joins}, {@code --churn-per-min}); beyond the cluster's {@link #memberCount}.
     */
    public int[] heldIds = new int[0];
    /** Ids of the nodes hosted here that will be killed. */
    public int[] victimIds = new int[0];
    /** Ids of every node of the cluster that will be killed. */
    public int[] allVictimIds = new int[0];
    /** Address to bind and advertise. */
    public String bindHost = "127.0.0.1";
    /** UDP port of the main engine. */
    public int mainPort;
    /** UDP port of the victim engine, 0 if none. */
    public int victimPort;
    /** {@code host:port} the main engine joins through, or null for the first process. */
    public String seed;
    /** {@code host:port} the victim engine joins through: the first process's main engine. */
    public String victimSeed;
    /** Protocol period. */
    public long periodMs;
    /** Injected loss rate on every frame sent. */
    public double loss;
    /** Seed of the engines' randomness. */
    public long randomSeed;
    /** Time over which the hosted nodes start, or -1 for the engine's default (one period). */
    public long startSpreadMs = -1;
    /** Link schedule file (ION or CSV) applied by every engine's fault model, or null; plan node k is id base + k. */
    public String schedule;
    /** Wall-clock time ({@code System.currentTimeMillis()}) of the schedule's time 0. */
    public long scheduleEpochMs;
    /** Feed the schedule's absence windows to the engines' API ({@link AbsenceFeed}). */
    public boolean expectedAbsence;
    /** Ids of the nodes (cluster wide) whose views are sampled against the schedule ({@link AccuracySampler}). */
    public int[] accuracyObserverIds = new int[0];
    /** Plan time between accuracy samples, 0 for none. */
    public long accuracySampleMs;
    /** Start the hosted nodes knowing each other alive ({@code StarlingEngine.Context.bootstrapCoHosted}). */
    public boolean bootstrap;
    /** Idle preset of the engines ({@code --idle}): sleep, spin or backoff. */
    public String idle = "sleep";
    /** Detection profile of the engines ({@code --detection}): default or fast. */
    public String detection = "default";
    /** Gossip messages per second this process's nodes send together (its share of the machine's; 0: no limit). */
    public long hostGossipMessagesPerSecond =
        io.starling.engine.api.EngineHostSettings.HOST_GOSSIP_MESSAGES_PER_SECOND_DEFAULT;
    /** Bytes of whole views per second this process's nodes send together (its share; 0: no limit). */
    public long hostStateBytesPerSecond = io.starling.engine.api.EngineHostSettings.HOST_STATE_BYTES_PER_SECOND_DEFAULT;
    /** MTU of the engines' publications ({@code --mtu}); the frame budget follows it. */
    public int mtuLengthBytes = io.starling.engine.transport.AeronTransport.MTU_LENGTH_DEFAULT;
    /** Keyring file the engines seal and open network frames with, or null for clear. */
    public String keyringFile;

    /**
     * @return a one-line description.
     */
    public String describe()
    {
        return "host " + host + ": " + mainIds.length + " nodes on " + bindHost + ":" + mainPort +
            (victimIds.length > 0 ? " + " + victimIds.length + " to kill on " + bindHost + ":" + victimPort : "") +
            (null == seed ? "" : ", seed " + seed);
    }
}

package io.starling.tools.emulate;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.starling.engine.protocol.ProtocolConfig;
import picocli.CommandLine.Option;

/**
 * The flags of {@code starling emulate} (a picocli mixin) and their checks: {@link #settings()} validates them and
 * derives the defaults that follow the period, {@link #plan(Settings)} lays the cluster out over its processes.
 * Running the emulation is {@link Emulation}'s; this class only reads and checks flags.
 */
public final class EmulateOptions
{
    /**
     * Default start spread per node: the engine's own default (all nodes of a process start within one period, each
     * joining the process's first node) collapsed at 2,000 nodes in one process: the first node answered 2,000 joins
     * with its whole state within a second, duty cycles reached seconds, probes timed out and 1,843 healthy nodes
     * were declared dead. About 67 joins per second converged without a false alarm.
     */
    static final long SPREAD_MS_PER_NODE = 15;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "-1",
        description = "Nodes in the cluster (required without --schedule; with it the plan's nodes, node k being " +
            "plan node k).")
    int nodes;

    @Option(names = "--processes", paramLabel = "P", defaultValue = "1",
        description = "1: this process hosts every node; more: P child JVMs share them (default ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--period-ms", paramLabel = "T", defaultValue = "1000",
        description = "Protocol period; every other interval keeps its default ratio to it: probe timeout T/2, " +
            "gossip T/5, push-pull 30 T, reap 60 T (default ${DEFAULT-VALUE}).")
    long periodMs;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
        description = "Probability that a frame is dropped, in [0, 1) (default ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--kill", paramLabel = "K", defaultValue = "0",
        description = "Nodes to crash after convergence (default ${DEFAULT-VALUE}; with --schedule drawn among the " +
            "nodes with a link up at plan time 0, which can join before the crash).")
    int kill;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
        description = "Seconds of the steady-state window after detection (default ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1",
        description = "Chooses the victims and seeds the engines (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schedule", paramLabel = "FILE",
        description = "Link schedule (ION contact plan or CSV, see starling constellation) applied by every " +
            "engine's fault model from launch (plan time 0) on both paths: no path drops, path loss applies, " +
            "path latency is not added in real time. Plan node k (k-th smallest number) is the k-th node.")
    File schedule;

    @Option(names = "--expected-absence",
        description = "With --schedule: every engine is told through its API (expectAbsence / clearAbsence), as " +
            "the plan's contacts change, which nodes have no link up and until their next contact; the failure " +
            "detector leaves them alone until then and reports them OUT_OF_CONTACT.")
    boolean expectedAbsence;

    @Option(names = "--sample-s", paramLabel = "S", defaultValue = "1",
        description = "With --schedule: membership accuracy sampled every S seconds of plan time, as starling sim " +
            "does (0: none; default ${DEFAULT-VALUE}).")
    double sampleS;

    @Option(names = "--sample-observers", paramLabel = "K", defaultValue = "100",
        description = "With --schedule: observers (a seeded random choice) whose views are sampled " +
            "(default ${DEFAULT-VALUE}).")
    int sampleObservers;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as one JSON document.")
    File json;

    @Option(names = "--warmup-s", paramLabel = "S", defaultValue = "-1",
        description = "Settling time between convergence and the kill (default 3 periods).")
    double warmupS;

    @Option(names = "--converge-timeout-s", paramLabel = "S", defaultValue = "-1",
        description = "Longest wait for convergence (default the start spread + 60 s + 120 periods + one " +
            "push-pull interval, which heals what dissemination missed during the joins).")
    double convergeTimeoutS;

    @Option(names = "--detect-timeout-s", paramLabel = "S", defaultValue = "-1",
        description = "Longest wait for every live node to have the killed nodes DEAD (default the longest " +
            "Lifeguard suspicion timeout + 30 periods + 10 s).")
    double detectTimeoutS;

    @Option(names = "--converge-fraction", paramLabel = "F", defaultValue = "1",
        description = "Fraction of the N(N-1) pairs that must be ALIVE at once to count as converged (default " +
            "${DEFAULT-VALUE}: all). Under loss, false suspicions come and go every second, so all pairs may never " +
            "be ALIVE at one instant; e.g. 0.999 lets the kill and the window start.")
    double convergeFraction;

    @Option(names = "--max-false-positives", paramLabel = "F", defaultValue = "0",
        description = "Healthy nodes that may be declared dead before the run fails (default ${DEFAULT-VALUE}).")
    int maxFalsePositives;

    @Option(names = "--start-spread-ms", paramLabel = "MS", defaultValue = "-1",
        description = "Time over which each process starts its nodes, so that joins arrive at about N per " +
            "spread per second (default max(one period, N x " + SPREAD_MS_PER_NODE + " ms)).")
    long startSpreadMs;

    @Option(names = "--bootstrap",
        description = "Start each engine's nodes knowing each other alive (StarlingEngine.Context." +
            "bootstrapCoHosted): no joins inside a process, so one process starts converged and the run measures " +
            "the steady state; nodes of other processes join through the seed. Starts spread over one period.")
    boolean bootstrap;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "0",
        description = "First of the consecutive UDP ports to bind (default: free ports).")
    int basePort;

    @Option(names = "--jvm-opts", paramLabel = "OPTS",
        description = "Options of the child JVMs, space separated (default: this JVM's -Xmx, -Xms, -Xss and -XX:).")
    String jvmOpts;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
        description = "auto, bar, lines or off (default ${DEFAULT-VALUE}: a bar on a terminal, else lines).")
    String progressMode;

    @Option(names = "--updates", paramLabel = "M", defaultValue = "0",
        description = "Propagation: after the steady-state window, M metadata updates one at a time from random " +
            "live nodes, each timed until every other live node's view has it (one process only; " +
            "default ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--update-spacing-ms", paramLabel = "MS", defaultValue = "-1",
        description = "Time from one update to the next, at least until the previous one is everywhere or timed " +
            "out (default 3 periods).")
    long updateSpacingMs;

    @Option(names = "--update-timeout-ms", paramLabel = "MS", defaultValue = "-1",
        description = "Longest wait for one update to reach every live node (default 30 periods).")
    long updateTimeoutMs;

    @Option(names = "--hgrm", paramLabel = "PREFIX",
        description = "Write the propagation and per-victim detection distributions as PREFIX-propagation.hgrm, " +
            "PREFIX-detect-suspect.hgrm, PREFIX-detect-dead.hgrm, PREFIX-detect-all.hgrm (milliseconds), each " +
            "with a JSON summary of the same name.")
    String hgrm;

    @Option(names = "--late-joins", paramLabel = "N", defaultValue = "0",
        description = "Late joins: N more nodes held at launch and released at once after the other phases (the " +
            "cluster converged, the kills detected); each timed until every live node sees it ALIVE (one process " +
            "only; default ${DEFAULT-VALUE}).")
    int lateJoins;

    @Option(names = "--late-join-timeout-s", paramLabel = "S", defaultValue = "-1",
        description = "Longest wait for every live node to see every late joiner ALIVE; the run fails past it " +
            "(default 30 periods).")
    double lateJoinTimeoutS;

    @Option(names = "--churn-per-min", paramLabel = "C", defaultValue = "0",
        description = "Churn, after the late joins: each minute C running nodes stop (half leave gracefully, half " +
            "crash; a seeded choice) and C held nodes start; each change timed until every live node holds it " +
            "(one process only; default ${DEFAULT-VALUE}).")
    int churnPerMin;

    @Option(names = "--churn-minutes", paramLabel = "M", defaultValue = "0",
        description = "Minutes of churn (required with --churn-per-min).")
    int churnMinutes;

    @Option(names = "--churn-round-ms", paramLabel = "MS", defaultValue = "60000", hidden = true,
        description = "Time between churn rounds (a minute; shorter for tests).")
    long churnRoundMs;

    @Option(names = "--idle", paramLabel = "PRESET", defaultValue = "sleep",
        description = "Idle preset of every engine: sleep (default; wake for the next timer, datagram or command, " +
            "bench/results/idle.md), backoff (park up to 1 ms) or spin (lowest latency, a core per engine).")
    String idle;

    @Option(names = "--detection", paramLabel = "PROFILE", defaultValue = "default",
        description = "Detection profile of every engine: default, or fast (probe every 500 ms, probe timeout " +
            "250 ms, gossip every 100 ms, in place of what --period-ms gives).")
    String detection;

    @Option(names = "--host-gossip-rate", paramLabel = "MSGS",
        defaultValue = "" + io.starling.engine.api.EngineHostSettings.HOST_GOSSIP_MESSAGES_PER_SECOND_DEFAULT,
        description = "Gossip messages per second the run's nodes send together on this machine, each process " +
            "taking an equal share as its engine's hostGossipMessagesPerSecond (0: no limit; default " +
            "${DEFAULT-VALUE}).")
    long hostGossipRate;

    @Option(names = "--host-state-rate", paramLabel = "BYTES",
        defaultValue = "" + io.starling.engine.api.EngineHostSettings.HOST_STATE_BYTES_PER_SECOND_DEFAULT,
        description = "Bytes of whole views per second (Join and push-pull answers, push-pulls) the run's nodes send " +
            "together on this machine, shared equally by its processes as hostStateBytesPerSecond (0: no limit; " +
            "default ${DEFAULT-VALUE}).")
    long hostStateRate;

    @Option(names = "--mtu", paramLabel = "BYTES",
        defaultValue = "" + io.starling.engine.transport.AeronTransport.MTU_LENGTH_DEFAULT,
        description = "MTU of every engine's publications, " +
            io.starling.engine.api.EngineNetworkSettings.MTU_LENGTH_RULE + "; a frame's budget is the MTU less " +
            "Aeron's 32-byte header (default ${DEFAULT-VALUE}).")
    int mtu;

    @Option(names = "--keyring", paramLabel = "FILE",
        description = "Keyring file: every frame between processes sealed and opened (AES-GCM); co-hosted nodes " +
            "stay on the clear in-memory path.")
    File keyring;

    /** The plan of {@code --schedule}, read by {@link #settings()}. */
    private io.starling.engine.schedule.LinkSchedule linkSchedule;

    @Option(names = "--reply-timeout-ms", paramLabel = "MS", defaultValue = "60000", hidden = true,
        description = "Longest wait for a child's reply.")
    long replyTimeoutMs;

    /**
     * A validated run description.
     */
    record Settings(
        int nodes, int processes, long periodMs, double loss, int kill, double durationS, long seed,
        double warmupS, double convergeTimeoutS, double detectTimeoutS, int maxFalsePositives, long startSpreadMs,
        int basePort, boolean bootstrap, List<String> jvmOptions, Progress.Mode progress,
        long replyTimeoutMs, double convergeFraction)
    {
    }

    /**
     * Check every flag and derive the defaults.
     *
     * @return the settings.
     * @throws IllegalArgumentException naming the first bad flag.
     */
    Settings settings()
    {
        linkSchedule = null == schedule ? null : readSchedule();
        nodes = io.starling.tools.sim.ScheduleNodes.nodes(nodes, io.starling.tools.sim.ScheduleNodes.UNSET,
            linkSchedule);
        if (io.starling.tools.sim.ScheduleNodes.UNSET == nodes)
        {
            throw new IllegalArgumentException("--nodes: required (or --schedule, whose nodes it then takes)");
        }
        if (nodes < 2 || nodes > (1 << 20))
        {
            throw new IllegalArgumentException("--nodes: " + nodes + " must be in [2, 1048576]");
        }
        if (processes < 1 || processes > 64 || processes > nodes)
        {
            throw new IllegalArgumentException("--processes: " + processes + " must be in [1, " +
                Math.min(64, nodes) + "]");
        }
        if (periodMs < 10 || periodMs > 60_000)
        {
            throw new IllegalArgumentException("--period-ms: " + periodMs + " must be in [10, 60000]");
        }
        if (!(loss >= 0 && loss < 1))
        {
            throw new IllegalArgumentException("--loss: " + loss + " must be in [0, 1)");
        }
        if (kill < 0 || kill > nodes - processes)
        {
            throw new IllegalArgumentException("--kill: " + kill + " must be in [0, " + (nodes - processes) +
                "] (every process keeps a node)");
        }
        if (!(durationS >= 0) || Double.isInfinite(durationS))
        {
            throw new IllegalArgumentException("--duration: " + durationS + " must be a non-negative number");
        }
        final double periodS = periodMs / 1000.0;
        final double warmup = checkSeconds("--warmup-s", warmupS, 3 * periodS);
        final long spreadMs = -1 != startSpreadMs ? startSpreadMs :
            bootstrap ? periodMs : Math.max(periodMs, nodes * SPREAD_MS_PER_NODE);
        if (startSpreadMs < -1)
        {
            throw new IllegalArgumentException("--start-spread-ms: " + startSpreadMs + " must not be negative");
        }
        if (bootstrap && spreadMs > periodMs)
        {
            throw new IllegalArgumentException("--start-spread-ms: " + spreadMs + " must not exceed --period-ms " +
                periodMs + " with --bootstrap (nodes would probe co-hosted nodes that have not started)");
        }
        final ProtocolConfig protocol = EmulateHost.protocolConfig(periodMs).conclude();
        final double converge = checkSeconds("--converge-timeout-s", convergeTimeoutS,
            spreadMs / 1000.0 + 60 + 120 * periodS + protocol.scaledPushPullIntervalNs(nodes) / 1e9);
        final double suspicionMaxS = protocol.suspicionMaxTimeoutMult() * protocol.suspicionMinTimeoutNs(nodes) / 1e9;
        final double detect = checkSeconds("--detect-timeout-s", detectTimeoutS,
            suspicionMaxS + 30 * periodS + 10);
        if (!(convergeFraction > 0 && convergeFraction <= 1))
        {
            throw new IllegalArgumentException("--converge-fraction: " + convergeFraction + " must be in (0, 1]");
        }
        if (maxFalsePositives < 0)
        {
            throw new IllegalArgumentException("--max-false-positives: " + maxFalsePositives + " must not be negative");
        }

        if (0 != basePort && (basePort < 1024 || basePort > 65535))
        {
            throw new IllegalArgumentException("--base-port: " + basePort + " must be in [1024, 65535]");
        }
        if (replyTimeoutMs < 1000)
        {
            throw new IllegalArgumentException("--reply-timeout-ms: " + replyTimeoutMs + " must be at least 1000");
        }
        final Progress.Mode mode;
        try
        {
            mode = Progress.Mode.valueOf(progressMode.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--progress: '" + progressMode + "' must be auto, bar, lines or off");
        }
        final List<String> options = childJvmOptions(jvmOpts);
        io.starling.engine.host.IdlePreset.parse(idle);
        io.starling.engine.api.DetectionProfile.parse(detection);
        return new Settings(nodes, processes, periodMs, loss, kill, durationS, seed, warmup, converge, detect,
            maxFalsePositives, spreadMs, basePort, bootstrap, options, mode, replyTimeoutMs,
            convergeFraction);
    }

    /**
     * The options of child JVMs, for {@code emulate} and {@code density}: those of {@code --jvm-opts} (each must
     * start with '-'), or, without it, this JVM's heap, stack and -XX: options.
     *
     * @param jvmOpts the flag's value, space separated, or null.
     * @return the options.
     * @throws IllegalArgumentException naming {@code --jvm-opts} for a word that is not an option.
     */
    static List<String> childJvmOptions(final String jvmOpts)
    {
        final List<String> options = new ArrayList<>();
        if (null != jvmOpts)
        {
            for (final String option : jvmOpts.trim().split("\\s+"))
            {
                if (!option.isEmpty())
                {
                    if (!option.startsWith("-"))
                    {
                        throw new IllegalArgumentException("--jvm-opts: '" + option + "' is not a JVM option");
                    }
                    options.add(option);
                }
            }
        }
        else
        {
            for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
            {
                if (arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xss") ||
                    arg.startsWith("-XX:"))
                {
                    options.add(arg);
                }
            }
        }
        return options;
    }

    /**
     * Check the propagation flags.
     *
     * @return the propagation settings.
     * @throws IllegalArgumentException naming the first bad flag.
     */
    PropagationPhase.Settings propagationSettings()
    {
        if (updates < 0 || updates > 1_000_000)
        {
            throw new IllegalArgumentException("--updates: " + updates + " must be in [0, 1000000]");
        }
        if (updates > 0 && processes != 1)
        {
            throw new IllegalArgumentException("--updates: " + updates + " needs --processes 1 (child processes " +
                "take no update commands)");
        }
        if (updateSpacingMs < -1)
        {
            throw new IllegalArgumentException("--update-spacing-ms: " + updateSpacingMs + " must not be negative");
        }
        if (updateTimeoutMs < -1 || 0 == updateTimeoutMs)
        {
            throw new IllegalArgumentException("--update-timeout-ms: " + updateTimeoutMs + " must be positive");
        }
        if (null != hgrm && hgrm.isBlank())
        {
            throw new IllegalArgumentException("--hgrm: the prefix must not be empty");
        }
        return new PropagationPhase.Settings(updates, -1 == updateSpacingMs ? 3 * periodMs : updateSpacingMs,
            -1 == updateTimeoutMs ? 30 * periodMs : updateTimeoutMs, hgrm);
    }

    /**
     * Check the late-join and churn flags.
     *
     * @return the lifecycle settings.
     * @throws IllegalArgumentException naming the first bad flag.
     */
    LifecyclePhase.Settings lifecycleSettings()
    {
        if (lateJoins < 0 || lateJoins > (1 << 20))
        {
            throw new IllegalArgumentException("--late-joins: " + lateJoins + " must be in [0, 1048576]");
        }
        if (churnPerMin < 0 || churnPerMin > (1 << 20))
        {
            throw new IllegalArgumentException("--churn-per-min: " + churnPerMin + " must be in [0, 1048576]");
        }
        if (churnMinutes < 0 || churnMinutes > 1440 || (churnPerMin > 0) != (churnMinutes > 0))
        {
            throw new IllegalArgumentException("--churn-minutes: " + churnMinutes + " must be in [1, 1440] with " +
                "--churn-per-min, and 0 without it");
        }
        final long held = lateJoins + (long)churnPerMin * churnMinutes;
        final String flag = lateJoins > 0 ? "--late-joins" : "--churn-per-min";
        if (held > 0 && processes != 1)
        {
            throw new IllegalArgumentException(flag + ": needs --processes 1 (the phases start and stop single " +
                "nodes through the in-process engine; child processes take no such commands)");
        }
        if (held > 0 && (bootstrap || null != schedule))
        {
            throw new IllegalArgumentException(flag + ": not with --bootstrap or --schedule (held nodes are neither " +
                "bootstrapped nor in the plan)");
        }
        if (held > (1 << 20))
        {
            throw new IllegalArgumentException(flag + ": " + held + " held nodes (late joins + churn per minute x " +
                "minutes) must be at most 1048576");
        }
        final double timeoutS = checkSeconds("--late-join-timeout-s", lateJoinTimeoutS, 30 * periodMs / 1000.0);
        if (lateJoins > 0 && 0 == timeoutS)
        {
            throw new IllegalArgumentException("--late-join-timeout-s: must be positive");
        }
        if (churnRoundMs < 100)
        {
            throw new IllegalArgumentException("--churn-round-ms: " + churnRoundMs + " must be at least 100");
        }
        return new LifecyclePhase.Settings(lateJoins, timeoutS, churnPerMin, churnMinutes, churnRoundMs * 1_000_000L);
    }

    /** Least Gossip messages per second a process's share of {@code --host-gossip-rate} is rounded up to. */
    static final long MIN_GOSSIP_SHARE = 10;
    /** Least bytes per second a process's share of {@code --host-state-rate} is rounded up to. */
    static final long MIN_STATE_SHARE = 64 * 1024;

    /**
     * @return one process's share of a machine-wide rate (0 stays 0: no limit).
     * @throws IllegalArgumentException naming the flag for a negative rate.
     */
    private static long share(final String flag, final long rate, final int processes, final long least)
    {
        if (rate < 0)
        {
            throw new IllegalArgumentException(flag + ": " + rate + " must not be negative (0: no limit)");
        }
        return 0 == rate ? 0 : Math.max(least, rate / processes);
    }

    /**
     * Lay the cluster out over its processes, with the flags every host applies itself.
     *
     * @param settings  the checked settings.
     * @param lifecycle the checked late-join and churn settings (its held nodes go to host 0's main engine).
     * @return the plan.
     * @throws IllegalArgumentException naming the flag when the schedule or the keyring cannot be read, or a host
     *                                  budget is negative.
     */
    ClusterPlan plan(final Settings settings, final LifecyclePhase.Settings lifecycle)
    {
        if (!io.starling.engine.api.EngineNetworkSettings.isValidMtuLength(mtu))
        {
            throw new IllegalArgumentException(
                "--mtu: " + mtu + " must be " + io.starling.engine.api.EngineNetworkSettings.MTU_LENGTH_RULE);
        }
        final ClusterPlan plan = ClusterPlan.create(settings.nodes(), settings.processes(), settings.kill(),
            settings.seed(), settings.periodMs(), settings.loss(), settings.startSpreadMs(), settings.basePort(),
            settings.bootstrap(), null == schedule ? null : linkedAtStart(linkSchedule));
        for (final HostPlan host : plan.hosts())
        {
            host.idle = idle;
            host.detection = detection;
            // The processes share this machine's cores: each takes an equal share of the host budgets, so four
            // processes of 2,500 send what one of 10,000 would, not four times as much.
            host.hostGossipMessagesPerSecond =
                share("--host-gossip-rate", hostGossipRate, settings.processes(), MIN_GOSSIP_SHARE);
            host.hostStateBytesPerSecond =
                share("--host-state-rate", hostStateRate, settings.processes(), MIN_STATE_SHARE);
            host.mtuLengthBytes = mtu;
        }
        final int held = lifecycle.heldNodes();
        if (held > 0)
        {
            // Held nodes (late joins, churn) follow the cluster's ids in host 0's main engine.
            final int[] heldIds = new int[held];
            for (int k = 0; k < held; k++)
            {
                heldIds[k] = ClusterPlan.MEMBER_ID_BASE + settings.nodes() + k;
            }
            plan.hosts()[0].heldIds = heldIds;
        }
        if (null != schedule)
        {
            applySchedule(plan, settings.nodes(), settings.seed());
        }
        else if (expectedAbsence)
        {
            throw new IllegalArgumentException("--expected-absence: needs --schedule");
        }
        if (null != keyring)
        {
            // Fail early with one line; each hosting process loads the file itself.
            io.starling.engine.security.KeyringFile.load(keyring.toPath());
            for (final HostPlan host : plan.hosts())
            {
                host.keyringFile = keyring.getAbsolutePath();
            }
        }
        return plan;
    }

    /**
     * The victims of a run on a plan are drawn among the nodes with a link up at plan time 0. The victims run in an
     * engine of their own that joins through the main engine's endpoint, and a Join passes the schedule: a node out
     * of contact at the start joins at its first contact, and one killed before that was never a member anyone
     * knew, whose crash no node could detect (with seed 1 on the 548-node bent-pipe plan all three victims were
     * such satellites).
     *
     * @param schedule the plan.
     * @return node indices, ascending, of the nodes with a link up at time 0.
     */
    static int[] linkedAtStart(final io.starling.engine.schedule.LinkSchedule schedule)
    {
        final io.starling.engine.schedule.ExpectedAbsence.NodeContacts contacts =
            new io.starling.engine.schedule.ExpectedAbsence.NodeContacts(schedule);
        return java.util.stream.IntStream.range(0, contacts.nodeCount())
            .filter((node) -> 0 == contacts.nextContactNs(node, 0)).toArray();
    }

    private io.starling.engine.schedule.LinkSchedule readSchedule()
    {
        try
        {
            return io.starling.engine.schedule.ContactPlan.read(schedule.toPath());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--schedule: cannot read " + schedule + ": " + ex.getMessage());
        }
        catch (final io.starling.engine.schedule.ContactPlanException ex)
        {
            throw new IllegalArgumentException("--schedule: " + ex.getMessage());
        }
    }

    private void applySchedule(final ClusterPlan plan, final int nodes, final long seed)
    {
        if (!(sampleS >= 0) || Double.isInfinite(sampleS) || (sampleS > 0 && sampleS < 0.01))
        {
            throw new IllegalArgumentException("--sample-s: " + sampleS + " must be 0 or at least 0.01");
        }
        if (sampleObservers < 0)
        {
            throw new IllegalArgumentException("--sample-observers: " + sampleObservers + " must not be negative");
        }
        final long epochMs = System.currentTimeMillis();
        for (final HostPlan host : plan.hosts())
        {
            host.schedule = schedule.getAbsolutePath();
            host.scheduleEpochMs = epochMs;
            host.expectedAbsence = expectedAbsence;
            host.accuracySampleMs = Math.round(sampleS * 1000);
            host.accuracyObserverIds = accuracyObservers(nodes, sampleObservers, seed);
        }
    }

    /**
     * @param nodes N.
     * @param count observers wanted.
     * @param seed  the run's seed.
     * @return min(count, N) distinct node ids, a seeded random choice, ascending.
     */
    static int[] accuracyObservers(final int nodes, final int count, final long seed)
    {
        final int[] all = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            all[i] = ClusterPlan.MEMBER_ID_BASE + i;
        }
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x0B5E_55E5L);
        final int k = Math.min(count, nodes);
        for (int i = 0; i < k; i++)
        {
            final int j = i + random.nextInt(nodes - i);
            final int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        final int[] chosen = java.util.Arrays.copyOf(all, k);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    private static double checkSeconds(final String flag, final double value, final double defaultValue)
    {
        if (-1 == value)
        {
            return defaultValue;
        }
        if (!(value >= 0) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException(flag + ": " + value + " must be a non-negative number");
        }
        return value;
    }
}

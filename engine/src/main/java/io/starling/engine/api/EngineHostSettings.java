package io.starling.engine.api;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.starling.engine.host.DeadlineIdleStrategy;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Settings of the host that runs an engine's nodes: its thread and what it does when idle, its clocks and errors,
 * the engine directory and the metrics file in it, the command queue, the duty cycle's fragment limit, the timer
 * wheel, and the control threads that answer {@code starling keys} and {@code starling members}. Part of
 * {@link StarlingEngine.Context}, whose setters all return it; {@link StarlingEngineContext#conclude()} validates
 * them. Defaults are the {@code *_DEFAULT} constants.
 *
 * @param <C> the concrete context, {@link StarlingEngine.Context}.
 */
public abstract class EngineHostSettings<C extends EngineHostSettings<C>> extends EngineNetworkSettings<C>
{
    private static final AtomicInteger ENGINE_SEQUENCE = new AtomicInteger();

    /** Default fragment limit per duty cycle. */
    public static final int FRAGMENT_LIMIT_DEFAULT = 256;
    /**
     * Default rounds of in-memory delivery at the end of a duty cycle: 4, the longest co-hosted exchange (PingReq,
     * the relay's Ping, its Ack, the relayed Ack), so a co-hosted round trip completes within the duty cycle that
     * started it however long that cycle took.
     */
    public static final int IN_MEMORY_ROUNDS_PER_DUTY_CYCLE_DEFAULT = 4;
    /**
     * Default Gossip messages per second the nodes of one process send together: 20,000, the rate 1,333 nodes with
     * news reach (3 messages per 200 ms each); beyond it a burst of news among co-hosted nodes saturates the one
     * duty-cycle thread ({@code bench/results/density.md}). One node per process sends at most 15.
     */
    public static final long HOST_GOSSIP_MESSAGES_PER_SECOND_DEFAULT = 20_000;
    /**
     * Default bytes of whole views per second the nodes of one process send together (Join and push-pull answers,
     * periodic push-pulls): 32 MiB, half the in-memory path's log, about 140 views of 10,000 members a second.
     */
    public static final long HOST_STATE_BYTES_PER_SECOND_DEFAULT = 32L * 1024 * 1024;
    /** Default command queue capacity in bytes (a power of two). */
    public static final int COMMAND_QUEUE_CAPACITY_DEFAULT = 64 * 1024;
    /** Default counters capacity. */
    public static final int MAX_COUNTERS_DEFAULT = 128;
    /** Default error log length in bytes. */
    public static final int ERROR_LOG_LENGTH_DEFAULT = 64 * 1024;
    /** Default timer wheel tick: 2^20 ns, about 1 ms. */
    public static final long TIMER_TICK_RESOLUTION_NS_DEFAULT = 1L << 20;
    /**
     * Default timer wheel size: 65,536 ticks, about 68.7 s per revolution, so a suspicion timer (at most
     * {@code suspicionMaxTimeoutMult} x the minimum suspicion timeout, 72 s at 10,000 nodes and a 1 s period) is
     * visited about once before it fires instead of once a second: a hashed wheel walks a spoke's far-future
     * timers on every revolution, and with 1,024 ticks a burst of suspicions among 10,000 co-hosted nodes made
     * those walks most of the duty cycle. The spokes cost 4 bytes each.
     */
    public static final int TIMER_TICKS_PER_WHEEL_DEFAULT = 65_536;

    private boolean useAgentInvoker;
    private IdleStrategy idleStrategy;
    private IdlePreset idlePreset = IdlePreset.SLEEP;
    private long idleMaxSleepNs = DeadlineIdleStrategy.MAX_SLEEP_NS_DEFAULT;
    private long idleTimerSlackNs = DeadlineIdleStrategy.TIMER_SLACK_NS_DEFAULT;
    private String agentRoleName;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private ErrorHandler errorHandler;
    private String baseDirectoryName;
    private File engineDirectory;
    private boolean deleteStaleDirectories = true;
    private int maxCounters = MAX_COUNTERS_DEFAULT;
    private int errorLogLengthBytes = ERROR_LOG_LENGTH_DEFAULT;
    private int commandQueueCapacityBytes = COMMAND_QUEUE_CAPACITY_DEFAULT;
    private int fragmentLimit = FRAGMENT_LIMIT_DEFAULT;
    private int inMemoryRoundsPerDutyCycle = IN_MEMORY_ROUNDS_PER_DUTY_CYCLE_DEFAULT;
    private int expectedMembers;
    private long hostGossipMessagesPerSecond = HOST_GOSSIP_MESSAGES_PER_SECOND_DEFAULT;
    private long startAdmissionMaxDutyCycleNs = -1;
    private long hostStateBytesPerSecond = HOST_STATE_BYTES_PER_SECOND_DEFAULT;
    private long timerTickResolutionNs = TIMER_TICK_RESOLUTION_NS_DEFAULT;
    private int timerTicksPerWheel = TIMER_TICKS_PER_WHEEL_DEFAULT;
    private boolean membersControl = true;
    private boolean keyringControl = true;

    EngineHostSettings()
    {
    }

    /**
     * @return true to run no thread: the application calls {@link StarlingEngine#invoker()}'s {@code invoke()}
     *        from its own loop; default false (the engine's own thread).
     */
    public boolean useAgentInvoker()
    {
        return useAgentInvoker;
    }

    /**
     * @param useAgentInvoker true to run no thread: the application calls {@link StarlingEngine#invoker()}'s
     *                        {@code invoke()} from its own loop; default false (the engine's own thread).
     * @return this.
     */
    public C useAgentInvoker(final boolean useAgentInvoker)
    {
        this.useAgentInvoker = useAgentInvoker;
        return self();
    }

    /**
     * @return of the engine's own thread; default {@code BackoffIdleStrategy} (spin, yield, then park up to 1
     *        ms).
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param idleStrategy of the engine's own thread, overriding {@link #idlePreset(IdlePreset)}; default null
     *                     (built from the preset).
     * @return this.
     */
    public C idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return self();
    }

    /**
     * @return what the engine's thread does between duty cycles; default {@link IdlePreset#SLEEP}.
     */
    public IdlePreset idlePreset()
    {
        return idlePreset;
    }

    /**
     * @param idlePreset {@link IdlePreset#SLEEP} (default: sleep until the next timer, datagram or command),
     *                   {@link IdlePreset#SPIN} (lowest latency, a core per engine) or {@link IdlePreset#BACKOFF}
     *                   (park up to 1 ms); ignored when {@link #idleStrategy(IdleStrategy)} is set.
     * @return this.
     */
    public C idlePreset(final IdlePreset idlePreset)
    {
        this.idlePreset = idlePreset;
        return self();
    }

    /**
     * @return longest sleep of {@link IdlePreset#SLEEP}.
     */
    public long idleMaxSleepNs()
    {
        return idleMaxSleepNs;
    }

    /**
     * @param idleMaxSleepNs longest sleep of {@link IdlePreset#SLEEP}; default
     *                       {@link DeadlineIdleStrategy#MAX_SLEEP_NS_DEFAULT}; from 1 ms to 1 s (the Aeron driver
     *                       and client run in the duty cycle and heartbeat every 100 to 500 ms).
     * @return this.
     */
    public C idleMaxSleepNs(final long idleMaxSleepNs)
    {
        this.idleMaxSleepNs = idleMaxSleepNs;
        return self();
    }

    /**
     * @return how long after a timer's deadline a sleep of {@link IdlePreset#SLEEP} may end.
     */
    public long idleTimerSlackNs()
    {
        return idleTimerSlackNs;
    }

    /**
     * @param idleTimerSlackNs how long after a deadline a sleep of {@link IdlePreset#SLEEP} may end, so that timers
     *                         due within it fire in one wake; default
     *                         {@link DeadlineIdleStrategy#TIMER_SLACK_NS_DEFAULT}; from 0 (wake at the deadline)
     *                         to 20 ms. Datagrams and commands still wake the engine at once.
     * @return this.
     */
    public C idleTimerSlackNs(final long idleTimerSlackNs)
    {
        this.idleTimerSlackNs = idleTimerSlackNs;
        return self();
    }

    /**
     * @return name of the agent and its thread; default {@code starling-<port>}.
     */
    public String agentRoleName()
    {
        return agentRoleName;
    }

    /**
     * @param agentRoleName name of the agent and its thread; default {@code starling-<port>}.
     * @return this.
     */
    public C agentRoleName(final String agentRoleName)
    {
        this.agentRoleName = agentRoleName;
        return self();
    }

    /**
     * @return the duty cycle's clock; default {@link SystemNanoClock}.
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param nanoClock the duty cycle's clock; default {@link SystemNanoClock}.
     * @return this.
     */
    public C nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return self();
    }

    /**
     * @return wall clock for timestamps in the metrics file; default {@link SystemEpochClock}.
     */
    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock wall clock for timestamps in the metrics file; default {@link SystemEpochClock}.
     * @return this.
     */
    public C epochClock(final EpochClock epochClock)
    {
        this.epochClock = epochClock;
        return self();
    }

    /**
     * @return told about every error (a throwing listener, a failing transport), after the error log and the
     *        error counter; default null: {@link System.Logger} {@code io.starling.engine} at ERROR, each
     *        distinct error with its stack trace once and its repeats at most every 10 s. Set one to send errors
     *        elsewhere instead.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler told about every error (a throwing listener, a failing transport), after the error
     *                     log and the error counter; default null: {@link System.Logger} {@code
     *                     io.starling.engine} at ERROR, each distinct error with its stack trace once and its
     *                     repeats at most every 10 s. Set one to send errors elsewhere instead.
     * @return this.
     */
    public C errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return self();
    }

    /**
     * @return where engine directories are made; default /dev/shm if present, else the temporary directory.
     */
    public String baseDirectoryName()
    {
        return baseDirectoryName;
    }

    /**
     * @param baseDirectoryName where engine directories are made; default /dev/shm if present, else the
     *                          temporary directory.
     * @return this.
     */
    public C baseDirectoryName(final String baseDirectoryName)
    {
        this.baseDirectoryName = baseDirectoryName;
        return self();
    }

    /**
     * @return this engine's directory; default {@code <base>/starling-<pid>-<n>-<random>}. Deleted at launch and
     *        at close.
     */
    public File engineDirectory()
    {
        return engineDirectory;
    }

    /**
     * @param engineDirectory this engine's directory; default {@code <base>/starling-<pid>-<n>-<random>}. Deleted
     *                        at launch and at close.
     * @return this.
     */
    public C engineDirectory(final File engineDirectory)
    {
        this.engineDirectory = engineDirectory;
        return self();
    }

    /**
     * @return remove engine directories of dead processes at launch; default true.
     */
    public boolean deleteStaleDirectories()
    {
        return deleteStaleDirectories;
    }

    /**
     * @param deleteStaleDirectories remove engine directories of dead processes at launch; default true.
     * @return this.
     */
    public C deleteStaleDirectories(final boolean deleteStaleDirectories)
    {
        this.deleteStaleDirectories = deleteStaleDirectories;
        return self();
    }

    /**
     * @return capacity of the counters section of the metrics file; default 128.
     */
    public int maxCounters()
    {
        return maxCounters;
    }

    /**
     * @param maxCounters capacity of the counters section of the metrics file; default 128.
     * @return this.
     */
    public C maxCounters(final int maxCounters)
    {
        this.maxCounters = maxCounters;
        return self();
    }

    /**
     * @return bytes of the distinct error log; default 64 KiB.
     */
    public int errorLogLengthBytes()
    {
        return errorLogLengthBytes;
    }

    /**
     * @param errorLogLengthBytes bytes of the distinct error log; default 64 KiB.
     * @return this.
     */
    public C errorLogLengthBytes(final int errorLogLengthBytes)
    {
        this.errorLogLengthBytes = errorLogLengthBytes;
        return self();
    }

    /**
     * @return command queue capacity, a power of two; default 64 KiB.
     */
    public int commandQueueCapacityBytes()
    {
        return commandQueueCapacityBytes;
    }

    /**
     * @param commandQueueCapacityBytes command queue capacity, a power of two; default 64 KiB.
     * @return this.
     */
    public C commandQueueCapacityBytes(final int commandQueueCapacityBytes)
    {
        this.commandQueueCapacityBytes = commandQueueCapacityBytes;
        return self();
    }

    /**
     * @return most network frames per duty cycle; default {@link #FRAGMENT_LIMIT_DEFAULT}.
     */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    /**
     * @param fragmentLimit most network frames per duty cycle; default {@link #FRAGMENT_LIMIT_DEFAULT}.
     * @return this.
     */
    public C fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return self();
    }

    /**
     * @return members the views are sized for at launch; 0 (the default) for the hosted nodes alone.
     */
    public int expectedMembers()
    {
        return expectedMembers;
    }

    /**
     * Size every hosted node's view (12 bytes per member) and the process's member directory for a cluster of this
     * many members at launch, instead of for the hosted nodes alone. Views still grow past it, but a view grows by a
     * quarter at a time, each node's on its own, into a new off-heap buffer: when members of other processes join a
     * cluster that has as many members as one process hosts, all of its nodes' views grow (1.5 GB instead of 1.2 GB at
     * 10,000, with the old buffers garbage until a collection finds them).
     *
     * @param expectedMembers 0 (size for the hosted nodes) or the expected cluster size, at most 16,777,216.
     * @return this.
     */
    public C expectedMembers(final int expectedMembers)
    {
        this.expectedMembers = expectedMembers;
        return self();
    }

    /**
     * @return rounds of in-memory delivery after a duty cycle's sends; default
     * {@link #IN_MEMORY_ROUNDS_PER_DUTY_CYCLE_DEFAULT}.
     */
    public int inMemoryRoundsPerDutyCycle()
    {
        return inMemoryRoundsPerDutyCycle;
    }

    /**
     * Frames that co-hosted nodes send each other go through the in-memory path, delivered at the start of the next
     * duty cycle. After a duty cycle's sends are flushed, that delivery also runs again, up to this many rounds
     * while frames wait, so that a Ping between co-hosted nodes has its Ack before the duty cycle ends. Without it a
     * co-hosted round trip spans two duty cycles, and once a burst of news makes duty cycles longer than half the
     * probe timeout every co-hosted probe times out: false suspicions, which are more news (how 10,000 nodes of one
     * process collapsed in a cold start: {@code bench/results/density.md}). Each round delivers only what the last
     * one sent, so the bound also bounds the cycle's extra work.
     *
     * @param inMemoryRoundsPerDutyCycle 0 to 64; 0 delivers in-memory frames in the next duty cycle only.
     * @return this.
     */
    public C inMemoryRoundsPerDutyCycle(final int inMemoryRoundsPerDutyCycle)
    {
        this.inMemoryRoundsPerDutyCycle = inMemoryRoundsPerDutyCycle;
        return self();
    }

    /**
     * @return the longest duty cycle since the last node start that lets the next hosted node start, 0 for no bound;
     * default (concluded) a tenth of the probe timeout.
     */
    public long startAdmissionMaxDutyCycleNs()
    {
        return startAdmissionMaxDutyCycleNs;
    }

    /**
     * Hosted nodes start staggered over {@code startSpreadNs}; while a duty cycle since the last start was longer than
     * this, the next start waits one more stagger (and the ones after follow it, with no catch-up): each joiner's news
     * costs every node that learns it, and 10,000 nodes joining one process at their staggered times regardless of
     * the thread's headroom saturated it (duty cycles of 0.4 s and false suspicions at the end of the spread:
     * {@code bench/results/density.md}). Default: a tenth of the probe timeout (the duty-cycle budget). Not applied to
     * nodes started with {@code bootstrapCoHosted}, which join nothing and must all start within one probe interval.
     *
     * @param startAdmissionMaxDutyCycleNs 0 for no bound, else positive.
     * @return this.
     */
    public C startAdmissionMaxDutyCycleNs(final long startAdmissionMaxDutyCycleNs)
    {
        this.startAdmissionMaxDutyCycleNs = startAdmissionMaxDutyCycleNs;
        return self();
    }

    /**
     * @return Gossip messages per second the hosted nodes send together, 0 for no limit; default
     * {@link #HOST_GOSSIP_MESSAGES_PER_SECOND_DEFAULT}.
     */
    public long hostGossipMessagesPerSecond()
    {
        return hostGossipMessagesPerSecond;
    }

    /**
     * Gossip messages per second the hosted nodes send together ({@link io.starling.engine.protocol.HostBudget}): a
     * node whose round would exceed it skips the round (its updates still ride on probes).
     *
     * @param hostGossipMessagesPerSecond 0 for no limit, else at least the nodes' gossip fanout.
     * @return this.
     */
    public C hostGossipMessagesPerSecond(final long hostGossipMessagesPerSecond)
    {
        this.hostGossipMessagesPerSecond = hostGossipMessagesPerSecond;
        return self();
    }

    /**
     * @return bytes of whole views per second the hosted nodes send together, 0 for no limit; default
     * {@link #HOST_STATE_BYTES_PER_SECOND_DEFAULT}.
     */
    public long hostStateBytesPerSecond()
    {
        return hostStateBytesPerSecond;
    }

    /**
     * Bytes of whole views per second the hosted nodes send together ({@link io.starling.engine.protocol.HostBudget}):
     * beyond it a Join or push-pull request is answered with the node's own entry (the requester retries) and a
     * periodic push-pull waits one probe interval.
     *
     * @param hostStateBytesPerSecond 0 for no limit, else at least 64 KiB.
     * @return this.
     */
    public C hostStateBytesPerSecond(final long hostStateBytesPerSecond)
    {
        this.hostStateBytesPerSecond = hostStateBytesPerSecond;
        return self();
    }

    /**
     * @return timer wheel tick, a power of two; default 2^20 ns.
     */
    public long timerTickResolutionNs()
    {
        return timerTickResolutionNs;
    }

    /**
     * @param timerTickResolutionNs timer wheel tick, a power of two; default 2^20 ns.
     * @return this.
     */
    public C timerTickResolutionNs(final long timerTickResolutionNs)
    {
        this.timerTickResolutionNs = timerTickResolutionNs;
        return self();
    }

    /**
     * @return timer wheel size, a power of two; default 65,536.
     */
    public int timerTicksPerWheel()
    {
        return timerTicksPerWheel;
    }

    /**
     * @param timerTicksPerWheel timer wheel size, a power of two; default 65,536.
     * @return this.
     */
    public C timerTicksPerWheel(final int timerTicksPerWheel)
    {
        this.timerTicksPerWheel = timerTicksPerWheel;
        return self();
    }

    /**
     * @return true if {@code starling members} may list this engine's view through the engine directory.
     */
    public boolean membersControl()
    {
        return membersControl;
    }

    /**
     * @param membersControl default true: a control thread (polling every 100 ms) answers
     *                       {@code starling members --pid P --where ...} requests dropped into the engine
     *                       directory; false for no such thread.
     * @return this.
     */
    public C membersControl(final boolean membersControl)
    {
        this.membersControl = membersControl;
        return self();
    }

    /**
     * @return true if {@code starling keys} may change the keyring through the engine directory.
     */
    public boolean keyringControl()
    {
        return keyringControl;
    }

    /**
     * @param keyringControl default true: with a keyring, a control thread serves {@code starling keys}
     *                       requests dropped into the engine directory
     *                       ({@link io.starling.engine.security.KeyringControl}).
     * @return this.
     */
    public C keyringControl(final boolean keyringControl)
    {
        this.keyringControl = keyringControl;
        return self();
    }

    /**
     * @return /dev/shm where it exists (memory backed), else the temporary directory.
     */
    public static String defaultBaseDirectory()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
    }

    /**
     * Remove engine directories left by processes that no longer run (killed without close).
     *
     * @param base directory holding engine directories.
     */
    public static void deleteStaleDirectories(final File base)
    {
        final File[] children = base.listFiles((dir, name) -> name.startsWith("starling-"));
        if (null == children)
        {
            return;
        }
        for (final File child : children)
        {
            final long pid = pidOf(child.getName());
            if (pid > 0 && ProcessHandle.of(pid).isEmpty() && new File(child, MetricsFile.FILE_NAME).exists())
            {
                IoUtil.delete(child, true);
            }
        }
    }

    /**
     * @param directoryName name of an engine directory, {@code starling-PID-...}.
     * @return the pid, or -1.
     */
    public static long pidOf(final String directoryName)
    {
        final String[] parts = directoryName.split("-");
        if (parts.length < 2 || !"starling".equals(parts[0]))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(parts[1]);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /**
     * The sizes of the command queue, the counters and the error log, the fragment limit and the timer wheel.
     */
    /**
     * @param probeTimeoutNs the concluded protocol's probe timeout, a tenth of which is the default start admission.
     */
    void concludeStartAdmission(final long probeTimeoutNs)
    {
        if (-1 == startAdmissionMaxDutyCycleNs)
        {
            startAdmissionMaxDutyCycleNs = Math.max(1, probeTimeoutNs / 10);
        }
        else if (startAdmissionMaxDutyCycleNs < 0)
        {
            throw new IllegalArgumentException("startAdmissionMaxDutyCycleNs=" + startAdmissionMaxDutyCycleNs +
                " must be 0 (no bound) or positive");
        }
    }

    void concludeHostLimits()
    {
        if (commandQueueCapacityBytes < 1024 || !BitUtil.isPowerOfTwo(commandQueueCapacityBytes))
        {
            throw new IllegalArgumentException(
                "commandQueueCapacityBytes=" + commandQueueCapacityBytes + " must be a power of two >= 1024");
        }
        if (fragmentLimit < 1)
        {
            throw new IllegalArgumentException("fragmentLimit=" + fragmentLimit + " must be at least 1");
        }
        if (hostGossipMessagesPerSecond < 0 || hostGossipMessagesPerSecond > 0 && hostGossipMessagesPerSecond < 10)
        {
            throw new IllegalArgumentException(
                "hostGossipMessagesPerSecond=" + hostGossipMessagesPerSecond + " must be 0 (no limit) or at least 10");
        }
        if (hostStateBytesPerSecond < 0 || hostStateBytesPerSecond > 0 && hostStateBytesPerSecond < 64 * 1024)
        {
            throw new IllegalArgumentException(
                "hostStateBytesPerSecond=" + hostStateBytesPerSecond + " must be 0 (no limit) or at least 65536");
        }
        if (expectedMembers < 0 || expectedMembers > 1 << 24)
        {
            throw new IllegalArgumentException("expectedMembers=" + expectedMembers + " must be in [0, 16777216]");
        }
        if (inMemoryRoundsPerDutyCycle < 0 || inMemoryRoundsPerDutyCycle > 64)
        {
            throw new IllegalArgumentException(
                "inMemoryRoundsPerDutyCycle=" + inMemoryRoundsPerDutyCycle + " must be in [0, 64]");
        }
        if (maxCounters < EngineCounters.SINK_COUNT + HostCounters.COUNT)
        {
            throw new IllegalArgumentException("maxCounters=" + maxCounters + " must be at least " +
                (EngineCounters.SINK_COUNT + HostCounters.COUNT));
        }
        if (errorLogLengthBytes < 4096)
        {
            throw new IllegalArgumentException(
                "errorLogLengthBytes=" + errorLogLengthBytes + " must be at least 4096");
        }
        if (!BitUtil.isPowerOfTwo(timerTickResolutionNs) || !BitUtil.isPowerOfTwo(timerTicksPerWheel))
        {
            throw new IllegalArgumentException("timerTickResolutionNs=" + timerTickResolutionNs +
                " and timerTicksPerWheel=" + timerTicksPerWheel + " must be powers of two");
        }
    }

    /**
     * The idle settings, then the defaults of the agent's name and of the engine directory (removing stale ones
     * of dead processes first, when asked) and the Aeron directory in it.
     */
    void concludeHostThread()
    {
        if (null == idlePreset)
        {
            throw new IllegalArgumentException("idlePreset must not be null");
        }
        if (idleMaxSleepNs < 1_000_000L || idleMaxSleepNs > 1_000_000_000L)
        {
            throw new IllegalArgumentException("idleMaxSleepNs=" + idleMaxSleepNs + " must be in [1 ms, 1 s]");
        }
        if (idleTimerSlackNs < 0 || idleTimerSlackNs > 20_000_000L)
        {
            throw new IllegalArgumentException("idleTimerSlackNs=" + idleTimerSlackNs + " must be in [0, 20 ms]");
        }
        if (null == agentRoleName)
        {
            agentRoleName = "starling-" + bindPort();
        }
        if (null == engineDirectory)
        {
            final File base = new File(null != baseDirectoryName ? baseDirectoryName : defaultBaseDirectory());
            if (deleteStaleDirectories)
            {
                deleteStaleDirectories(base);
            }
            engineDirectory = new File(base, "starling-" + ProcessHandle.current().pid() + "-" +
                ENGINE_SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        }
        concludeAeronDirectory(engineDirectory);
    }
}

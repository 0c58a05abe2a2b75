package io.starling.engine.api;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import io.starling.driver.DriverPreset;
import io.starling.engine.host.DeadlineIdleStrategy;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.Keyring;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.Endpoints;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Settings of an engine, with documented defaults. Fluent setters; {@link #conclude()} validates, derives and
 * throws {@link IllegalArgumentException} naming the first bad field. Applications use it as
 * {@link StarlingEngine.Context}; the type parameter only lets every setter return that type.
 */
public abstract class StarlingEngineContext<C extends StarlingEngineContext<C>>
{
    private static final AtomicInteger ENGINE_SEQUENCE = new AtomicInteger();

    /** Default bind address: loopback, safe for a single host; bind a real address to reach other hosts. */
    public static final String BIND_HOST_DEFAULT = "127.0.0.1";
    /** Default UDP port (memberlist's). */
    public static final int BIND_PORT_DEFAULT = 7946;
    /** Default Aeron stream id shared by every process of a cluster. */
    public static final int STREAM_ID_DEFAULT = 0x5354;
    /** Default number of hosted nodes. */
    public static final int NODE_COUNT_DEFAULT = 1;
    /** Default fragment limit per duty cycle. */
    public static final int FRAGMENT_LIMIT_DEFAULT = 256;
    /** Default command queue capacity in bytes (a power of two). */
    public static final int COMMAND_QUEUE_CAPACITY_DEFAULT = 64 * 1024;
    /** Default counters capacity. */
    public static final int MAX_COUNTERS_DEFAULT = 128;
    /** Default error log length in bytes. */
    public static final int ERROR_LOG_LENGTH_DEFAULT = 64 * 1024;
    /** Default initial size of each in-memory frame log. */
    public static final int IN_MEMORY_QUEUE_INITIAL_DEFAULT = 256 * 1024;
    /** Default largest size of each in-memory frame log. */
    public static final int IN_MEMORY_QUEUE_MAX_DEFAULT = 64 * 1024 * 1024;
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

    private String bindHost = BIND_HOST_DEFAULT;
    private int bindPort = BIND_PORT_DEFAULT;
    private String advertiseHost;
    private int advertisedIpv4;
    private int[] nodeIds;
    private int nodeCount = NODE_COUNT_DEFAULT;
    private int nodeIdBase = -1;
    private final List<String> seeds = new ArrayList<>();
    private long[] seedKeys;
    private ProtocolConfig protocolConfig;
    private boolean networkEnabled = true;
    private boolean forceNetworkForLocal;
    private DriverPreset driverPreset = DriverPreset.DENSITY;
    private String aeronDirectoryName;
    private int streamId = STREAM_ID_DEFAULT;
    private int mtuLengthBytes = AeronTransport.MTU_LENGTH_DEFAULT;
    private int termLengthBytes = AeronTransport.TERM_LENGTH_DEFAULT;
    private io.starling.engine.transport.BacklogConfig backlog = new io.starling.engine.transport.BacklogConfig();
    private boolean useAgentInvoker;
    private IdleStrategy idleStrategy;
    private String baseDirectoryName;
    private File engineDirectory;
    private int maxCounters = MAX_COUNTERS_DEFAULT;
    private int errorLogLengthBytes = ERROR_LOG_LENGTH_DEFAULT;
    private int commandQueueCapacityBytes = COMMAND_QUEUE_CAPACITY_DEFAULT;
    private int fragmentLimit = FRAGMENT_LIMIT_DEFAULT;
    private int inMemoryQueueInitialBytes = IN_MEMORY_QUEUE_INITIAL_DEFAULT;
    private int inMemoryQueueMaxBytes = IN_MEMORY_QUEUE_MAX_DEFAULT;
    private double lossRate;
    private Long randomSeed;
    private long startSpreadNs = -1;
    private boolean bootstrapCoHosted;
    private long timerTickResolutionNs = TIMER_TICK_RESOLUTION_NS_DEFAULT;
    private int timerTicksPerWheel = TIMER_TICKS_PER_WHEEL_DEFAULT;
    private MembershipListener membershipListener;
    private boolean replicationEnabled;
    private ReplicationListener replicationListener;
    private int merkleDepth = MERKLE_DEPTH_DEFAULT;
    private ErrorHandler errorHandler;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private String agentRoleName;
    private boolean deleteStaleDirectories = true;
    private boolean concluded;
    private Keyring keyring;
    private boolean requireEncryption = true;
    private boolean keyringControl = true;
    private boolean membersControl = true;

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

    // ---- Embedding: name, metadata before launch, join outcome, attaching to a driver (begin) ----
    /** Default {@link #joinTimeoutMs()}: 10 s, memberlist's default TCP timeout for a join. */
    public static final long JOIN_TIMEOUT_MS_DEFAULT = 10_000;
    private String nodeName;
    private byte[] metadata;
    private java.util.Map<String, String> tags = java.util.Map.of();
    private long joinTimeoutMs = JOIN_TIMEOUT_MS_DEFAULT;

    /**
     * @return the tags every hosted node starts with (unmodifiable), empty if none.
     */
    public java.util.Map<String, String> tags()
    {
        return tags;
    }

    /**
     * @param tags key/value tags every hosted node carries from its first join, in node metadata beside the
     *             name (e.g. {@code role=edge, station=kiruna, band=X, gpus=4}); other members select on them
     *             with {@link StarlingEngine#members(String)}, and {@code starling members --where} does from the
     *             command line. Change them later with {@link StarlingEngine#updateTags(java.util.Map)}. Rules and
     *             cost in the 512 bytes: {@link StarlingEngine#updateTags(int, java.util.Map)}. Default none.
     * @return this.
     */
    public C tags(final java.util.Map<String, String> tags)
    {
        this.tags = null == tags ? java.util.Map.of() :
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        return self();
    }

    /**
     * @return the name the hosted nodes announce, or null.
     */
    public String nodeName()
    {
        return nodeName;
    }

    /**
     * @param nodeName a name other members see in {@link MemberView#name()} and {@link Member#name()}, e.g.
     *                 {@code "perth"}; with several hosted nodes, node i is {@code name-i}. At most 64 UTF-8
     *                 bytes; it travels inside the node's metadata and shares its limit. Default none.
     * @return this.
     */
    public C nodeName(final String nodeName)
    {
        this.nodeName = nodeName;
        return self();
    }

    /**
     * @return the metadata every hosted node starts with (a copy), or null.
     */
    public byte[] metadata()
    {
        return null == metadata ? null : metadata.clone();
    }

    /**
     * @param metadata bytes every hosted node carries from its first join (e.g. {@code "band=X;gpus=4"}), at
     *                 most {@link StarlingEngine#MAX_METADATA_BYTES} less the name's UTF-8 length; change it
     *                 later with {@link StarlingEngine#updateMetadata(byte[])}. Default none.
     * @return this.
     */
    public C metadata(final byte[] metadata)
    {
        this.metadata = null == metadata ? null : metadata.clone();
        return self();
    }

    /**
     * @return how long {@link StarlingEngine#joined()} waits for the cluster.
     */
    public long joinTimeoutMs()
    {
        return joinTimeoutMs;
    }

    /**
     * @param joinTimeoutMs how long {@link StarlingEngine#joined()} waits for a member of another process
     *                      before it fails; default {@link #JOIN_TIMEOUT_MS_DEFAULT}.
     * @return this.
     */
    public C joinTimeoutMs(final long joinTimeoutMs)
    {
        this.joinTimeoutMs = joinTimeoutMs;
        return self();
    }

    /**
     * Use a media driver that already runs (Aeron's usual deployment: one driver per host, shared by its
     * applications) instead of launching one: saves this engine's driver start (about half a second) and its
     * term buffers. The same as {@code driverPreset(DriverPreset.EXTERNAL).aeronDirectoryName(dir)}. The
     * driver must outlive the engine; the engine never deletes its directory.
     *
     * @param aeronDirectoryName the running driver's Aeron directory.
     * @return this.
     */
    public C attachToDriver(final String aeronDirectoryName)
    {
        this.driverPreset = DriverPreset.EXTERNAL;
        this.aeronDirectoryName = aeronDirectoryName;
        return self();
    }

    private void concludeEmbedding()
    {
        if (joinTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("joinTimeoutMs=" + joinTimeoutMs + " must be positive");
        }
        final byte[] name = MetadataEnvelope.nameBytes("nodeName",
            null == nodeName || 1 == nodeCount ? nodeName : nodeName + "-" + (nodeCount - 1));
        MetadataEnvelope.encode(name, MetadataEnvelope.tagBlock(tags), null == metadata ? new byte[0] : metadata);
    }
    // ---- Embedding (end) ----

    /**
     * Validate and derive. Called by {@link StarlingEngine#launch(Context)}.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field.
     */
    public C conclude()
    {
        if (concluded)
        {
            return self();
        }
        if (bindPort < 1 || bindPort > 65535)
        {
            throw new IllegalArgumentException("bindPort=" + bindPort + " must be in [1, 65535]");
        }
        final int bindIpv4 = Endpoints.resolveIpv4("bindHost", bindHost);
        if (null == advertiseHost)
        {
            if (Endpoints.isWildcard(bindIpv4))
            {
                throw new IllegalArgumentException(
                    "advertiseHost must be set when bindHost is the wildcard address " + bindHost);
            }
            advertisedIpv4 = bindIpv4;
        }
        else
        {
            advertisedIpv4 = Endpoints.resolveIpv4("advertiseHost", advertiseHost);
        }

        if (null == randomSeed)
        {
            randomSeed = System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L;
        }
        if (null == nodeIds)
        {
            if (nodeCount < 1 || nodeCount > (1 << 22))
            {
                throw new IllegalArgumentException("nodeCount=" + nodeCount + " must be in [1, 4194304]");
            }
            if (nodeIdBase < 0)
            {
                nodeIdBase = endpointNodeIdBase(advertisedIpv4, bindPort);
            }
            if ((long)nodeIdBase + nodeCount > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(
                    "nodeIdBase=" + nodeIdBase + " + nodeCount=" + nodeCount + " overflows an int");
            }
            nodeIds = new int[nodeCount];
            for (int i = 0; i < nodeCount; i++)
            {
                nodeIds[i] = nodeIdBase + i;
            }
        }
        else
        {
            if (0 == nodeIds.length)
            {
                throw new IllegalArgumentException("nodeIds must not be empty");
            }
            final int[] sorted = nodeIds.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++)
            {
                if (sorted[i] < 0 || (i > 0 && sorted[i] == sorted[i - 1]))
                {
                    throw new IllegalArgumentException("nodeIds must be distinct and non-negative: " + sorted[i]);
                }
            }
            nodeCount = nodeIds.length;
        }

        seedKeys = new long[seeds.size()];
        for (int i = 0; i < seedKeys.length; i++)
        {
            seedKeys[i] = Endpoints.parse("seeds", seeds.get(i));
        }

        concludeEmbedding();
        if (!(lossRate >= 0.0 && lossRate < 1.0))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1)");
        }
        if (mtuLengthBytes < 256 || mtuLengthBytes > 65504 || 0 != (mtuLengthBytes & 31))
        {
            throw new IllegalArgumentException(
                "mtuLengthBytes=" + mtuLengthBytes + " must be a multiple of 32 in [256, 65504]");
        }
        if (termLengthBytes < 64 * 1024 || !BitUtil.isPowerOfTwo(termLengthBytes))
        {
            throw new IllegalArgumentException(
                "termLengthBytes=" + termLengthBytes + " must be a power of two of at least 65536");
        }
        if (null == backlog)
        {
            throw new IllegalArgumentException("backlog must not be null");
        }
        try
        {
            backlog.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("backlog." + ex.getMessage(), ex);
        }
        if (commandQueueCapacityBytes < 1024 || !BitUtil.isPowerOfTwo(commandQueueCapacityBytes))
        {
            throw new IllegalArgumentException(
                "commandQueueCapacityBytes=" + commandQueueCapacityBytes + " must be a power of two >= 1024");
        }
        if (fragmentLimit < 1)
        {
            throw new IllegalArgumentException("fragmentLimit=" + fragmentLimit + " must be at least 1");
        }
        if (maxCounters < ProtocolCounters.COUNT + HostCounters.COUNT)
        {
            throw new IllegalArgumentException("maxCounters=" + maxCounters + " must be at least " +
                (ProtocolCounters.COUNT + HostCounters.COUNT));
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
        if (DriverPreset.EXTERNAL == driverPreset && networkEnabled && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("aeronDirectoryName must be set with driverPreset=EXTERNAL");
        }

        if (null == protocolConfig)
        {
            protocolConfig = new ProtocolConfig();
        }
        concludeDetection();
        if (networkEnabled)
        {
            // Clear network frames carry a CRC32C trailer (FrameChecksum); sealed ones leave room below.
            final int maxPayload = mtuLengthBytes - io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH;
            final int clearBudget = io.starling.engine.transport.FrameChecksum.clearFrameBudgetBytes(maxPayload);
            if (protocolConfig.frameBudgetBytes() > clearBudget)
            {
                protocolConfig.frameBudgetBytes(clearBudget);
            }
        }
        concludeKeyring();
        protocolConfig.conclude();
        if (inMemoryQueueInitialBytes < protocolConfig.frameBudgetBytes() + 8 ||
            inMemoryQueueMaxBytes < inMemoryQueueInitialBytes)
        {
            throw new IllegalArgumentException("inMemoryQueueInitialBytes=" + inMemoryQueueInitialBytes +
                " must hold a frame and inMemoryQueueMaxBytes=" + inMemoryQueueMaxBytes + " must be at least it");
        }
        if (startSpreadNs < 0)
        {
            startSpreadNs = nodeCount > 1 ? protocolConfig.probeIntervalNs() : 0;
        }
        if (bootstrapCoHosted && startSpreadNs > protocolConfig.probeIntervalNs())
        {
            throw new IllegalArgumentException("bootstrapCoHosted: startSpreadNs=" + startSpreadNs +
                " must not exceed probeIntervalNs=" + protocolConfig.probeIntervalNs() +
                " (a node would probe co-hosted nodes that have not started yet)");
        }

        concludeIdle();
        if (null == agentRoleName)
        {
            agentRoleName = "starling-" + bindPort;
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
        if (null == aeronDirectoryName)
        {
            aeronDirectoryName = new File(engineDirectory, "aeron").getAbsolutePath();
        }
        concluded = true;
        return self();
    }

    /**
     * The default first node id of an engine: a hash of its advertised endpoint, so a process that restarts at
     * the same endpoint comes back as the same members (refuting its old death with a higher incarnation), and
     * processes at different endpoints rarely collide (ranges of M ids at P endpoints overlap with probability
     * about P^2 M / 2^31).
     *
     * @param ipv4 advertised IPv4 address (host order).
     * @param port bind port.
     * @return an id in [1, 2^31 - 2^23], leaving room for up to 2^22 hosted nodes after it.
     */
    public static int endpointNodeIdBase(final int ipv4, final int port)
    {
        long h = Endpoints.key(ipv4, port) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return 1 + (int)Long.remainderUnsigned(h, Integer.MAX_VALUE - (1 << 23));
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
     * @param hostPort {@code host:port} to receive on; the host is also advertised unless
     *                 {@link #advertiseHost(String)} is set.
     * @return this.
     */
    public C bind(final String hostPort)
    {
        final int colon = null == hostPort ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("bind must be HOST:PORT, got '" + hostPort + "'");
        }
        bindHost = hostPort.substring(0, colon);
        try
        {
            bindPort = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bind has a bad port in '" + hostPort + "'");
        }
        return self();
    }

    /**
     * @return address to receive on; default {@link #BIND_HOST_DEFAULT}.
     */
    public String bindHost()
    {
        return bindHost;
    }

    /**
     * @param bindHost address to receive on; default {@link #BIND_HOST_DEFAULT}.
     * @return this.
     */
    public C bindHost(final String bindHost)
    {
        this.bindHost = bindHost;
        return self();
    }

    /**
     * @return UDP port to receive on; default {@link #BIND_PORT_DEFAULT}.
     */
    public int bindPort()
    {
        return bindPort;
    }

    /**
     * @param bindPort UDP port to receive on; default {@link #BIND_PORT_DEFAULT}.
     * @return this.
     */
    public C bindPort(final int bindPort)
    {
        this.bindPort = bindPort;
        return self();
    }

    /**
     * @return address other processes reach this one at; default the bind host (required when binding 0.0.0.0).
     */
    public String advertiseHost()
    {
        return advertiseHost;
    }

    /**
     * @param advertiseHost address other processes reach this one at; default the bind host (required when binding
     *                      0.0.0.0).
     * @return this.
     */
    public C advertiseHost(final String advertiseHost)
    {
        this.advertiseHost = advertiseHost;
        return self();
    }

    /**
     * @return advertised IPv4 address, host order (after conclude).
     */
    public int advertisedIpv4()
    {
        return advertisedIpv4;
    }

    /**
     * @return ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
     */
    public int[] nodeIds()
    {
        return nodeIds;
    }

    /**
     * @param nodeIds ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
     * @return this.
     */
    public C nodeIds(final int... nodeIds)
    {
        this.nodeIds = nodeIds.clone();
        return self();
    }

    /**
     * @return nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @param nodeCount nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
     * @return this.
     */
    public C nodeCount(final int nodeCount)
    {
        this.nodeCount = nodeCount;
        return self();
    }

    /**
     * @return first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint, the same
     *        at every launch at that endpoint.
     */
    public int nodeIdBase()
    {
        return nodeIdBase;
    }

    /**
     * @param nodeIdBase first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint,
     *                   the same at every launch at that endpoint.
     * @return this.
     */
    public C nodeIdBase(final int nodeIdBase)
    {
        this.nodeIdBase = nodeIdBase;
        return self();
    }

    /**
     * @return {@code host:port} endpoints of processes already in the cluster; default none (this process starts
     *        a cluster).
     */
    public List<String> seeds()
    {
        return seeds;
    }

    /**
     * @param seeds {@code host:port} endpoints of processes already in the cluster; default none (this process
     *              starts a cluster).
     * @return this.
     */
    public C seeds(final String... seeds)
    {
        this.seeds.addAll(Arrays.asList(seeds));
        return self();
    }

    /**
     * @return parsed seed endpoints (after conclude).
     */
    public long[] seedKeys()
    {
        return seedKeys;
    }

    /**
     * @return protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
     *        publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
     */
    public ProtocolConfig protocolConfig()
    {
        return protocolConfig;
    }

    /**
     * @param protocolConfig protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
     *                       publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
     * @return this.
     */
    public C protocolConfig(final ProtocolConfig protocolConfig)
    {
        this.protocolConfig = protocolConfig;
        return self();
    }

    /**
     * @return false for an in-memory-only engine (no media driver, no socket); default true.
     */
    public boolean networkEnabled()
    {
        return networkEnabled;
    }

    /**
     * @param networkEnabled false for an in-memory-only engine (no media driver, no socket); default true.
     * @return this.
     */
    public C networkEnabled(final boolean networkEnabled)
    {
        this.networkEnabled = networkEnabled;
        return self();
    }

    /**
     * @return true to send frames between nodes of this process through Aeron too; default false (the in-memory
     *        path).
     */
    public boolean forceNetworkForLocal()
    {
        return forceNetworkForLocal;
    }

    /**
     * @param forceNetworkForLocal true to send frames between nodes of this process through Aeron too; default
     *                             false (the in-memory path).
     * @return this.
     */
    public C forceNetworkForLocal(final boolean forceNetworkForLocal)
    {
        this.forceNetworkForLocal = forceNetworkForLocal;
        return self();
    }

    /**
     * @return how the media driver runs; default {@link DriverPreset#DENSITY}.
     */
    public DriverPreset driverPreset()
    {
        return driverPreset;
    }

    /**
     * @param driverPreset how the media driver runs; default {@link DriverPreset#DENSITY}.
     * @return this.
     */
    public C driverPreset(final DriverPreset driverPreset)
    {
        this.driverPreset = driverPreset;
        return self();
    }

    /**
     * @return Aeron directory; required with {@link DriverPreset#EXTERNAL}, else default {@code <engine
     *        directory>/aeron}.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param aeronDirectoryName Aeron directory; required with {@link DriverPreset#EXTERNAL}, else default
     *                           {@code <engine directory>/aeron}.
     * @return this.
     */
    public C aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return self();
    }

    /**
     * @return Aeron stream id, the same in every process of a cluster; default {@link #STREAM_ID_DEFAULT}.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * @param streamId Aeron stream id, the same in every process of a cluster; default {@link #STREAM_ID_DEFAULT}.
     * @return this.
     */
    public C streamId(final int streamId)
    {
        this.streamId = streamId;
        return self();
    }

    /**
     * @return MTU of publications; default 1408 (Aeron payload 1,376: a clear frame's budget 1,372 with its
     * CRC32C trailer, a sealed one's 1,347).
     */
    public int mtuLengthBytes()
    {
        return mtuLengthBytes;
    }

    /**
     * @param mtuLengthBytes MTU of publications; default 1408 (Aeron payload 1,376: a clear frame's budget
     *                       1,372 with its CRC32C trailer, a sealed one's 1,347).
     * @return this.
     */
    public C mtuLengthBytes(final int mtuLengthBytes)
    {
        this.mtuLengthBytes = mtuLengthBytes;
        return self();
    }

    /**
     * @return term length of publications; default {@link AeronTransport#TERM_LENGTH_DEFAULT}.
     */
    public int termLengthBytes()
    {
        return termLengthBytes;
    }

    /**
     * @param termLengthBytes term length of publications; default {@link AeronTransport#TERM_LENGTH_DEFAULT}.
     * @return this.
     */
    public C termLengthBytes(final int termLengthBytes)
    {
        this.termLengthBytes = termLengthBytes;
        return self();
    }

    /**
     * @return bounds of the network transport's per-remote backlog.
     */
    public io.starling.engine.transport.BacklogConfig backlog()
    {
        return backlog;
    }

    /**
     * @param backlog bounds of the network transport's per-remote backlog (frames held until a publication is
     *                connected, or while it is back pressured); default {@link
     *                io.starling.engine.transport.BacklogConfig}'s defaults.
     * @return this.
     */
    public C backlog(final io.starling.engine.transport.BacklogConfig backlog)
    {
        this.backlog = backlog;
        return self();
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

    // ---------------------------------------------------------------------------------------------------------
    // Idle preset and detection profile (issue 17): what the engine's thread does between duty cycles with work,
    // and named failure-detection settings.
    // ---------------------------------------------------------------------------------------------------------

    private IdlePreset idlePreset = IdlePreset.SLEEP;
    private long idleMaxSleepNs = DeadlineIdleStrategy.MAX_SLEEP_NS_DEFAULT;

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

    private void concludeIdle()
    {
        if (null == idlePreset)
        {
            throw new IllegalArgumentException("idlePreset must not be null");
        }
        if (idleMaxSleepNs < 1_000_000L || idleMaxSleepNs > 1_000_000_000L)
        {
            throw new IllegalArgumentException("idleMaxSleepNs=" + idleMaxSleepNs + " must be in [1 ms, 1 s]");
        }
    }

    private DetectionProfile detectionProfile = DetectionProfile.DEFAULT;

    /**
     * @return the named failure-detection settings; default {@link DetectionProfile#DEFAULT}.
     */
    public DetectionProfile detectionProfile()
    {
        return detectionProfile;
    }

    /**
     * @param detectionProfile {@link DetectionProfile#DEFAULT} (the protocol configuration as given) or
     *                         {@link DetectionProfile#FAST} (probe, probe timeout and gossip twice as often:
     *                         deaths known in about half the time; it replaces those three settings).
     * @return this.
     */
    public C detectionProfile(final DetectionProfile detectionProfile)
    {
        this.detectionProfile = detectionProfile;
        return self();
    }

    private void concludeDetection()
    {
        if (null == detectionProfile)
        {
            throw new IllegalArgumentException("detectionProfile must not be null");
        }
        if (!protocolConfig.isConcluded())
        {
            detectionProfile.applyTo(protocolConfig);
        }
        else if (DetectionProfile.DEFAULT != detectionProfile)
        {
            throw new IllegalArgumentException(
                "detectionProfile=" + detectionProfile + " needs a protocolConfig that is not concluded yet");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // End of idle preset and detection profile.
    // ---------------------------------------------------------------------------------------------------------

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
     * @return starting size of each in-memory frame log; default 256 KiB.
     */
    public int inMemoryQueueInitialBytes()
    {
        return inMemoryQueueInitialBytes;
    }

    /**
     * @param bytes starting size of each in-memory frame log; default 256 KiB.
     * @return this.
     */
    public C inMemoryQueueInitialBytes(final int bytes)
    {
        this.inMemoryQueueInitialBytes = bytes;
        return self();
    }

    /**
     * @return largest size of each in-memory frame log (beyond it frames are dropped and counted); default 64
     *        MiB.
     */
    public int inMemoryQueueMaxBytes()
    {
        return inMemoryQueueMaxBytes;
    }

    /**
     * @param bytes largest size of each in-memory frame log (beyond it frames are dropped and counted); default
     *              64 MiB.
     * @return this.
     */
    public C inMemoryQueueMaxBytes(final int bytes)
    {
        this.inMemoryQueueMaxBytes = bytes;
        return self();
    }

    /**
     * @return probability a frame is dropped by the fault model, on both paths; default 0.
     */
    public double lossRate()
    {
        return lossRate;
    }

    /**
     * @param lossRate probability a frame is dropped by the fault model, on both paths; default 0.
     * @return this.
     */
    public C lossRate(final double lossRate)
    {
        this.lossRate = lossRate;
        return self();
    }

    /**
     * @return seed of the protocol's and the fault model's randomness; default from the clock and pid.
     */
    public long randomSeed()
    {
        return null == randomSeed ? 0 : randomSeed;
    }

    /**
     * @param randomSeed seed of the protocol's and the fault model's randomness; default from the clock and pid.
     * @return this.
     */
    public C randomSeed(final long randomSeed)
    {
        this.randomSeed = randomSeed;
        return self();
    }

    /**
     * @return time over which hosted nodes start, so their periodic timers do not all fire together; default one
     *        probe interval when hosting more than one node.
     */
    public long startSpreadNs()
    {
        return startSpreadNs;
    }

    /**
     * @param startSpreadNs time over which hosted nodes start, so their periodic timers do not all fire together;
     *                      default one probe interval when hosting more than one node.
     * @return this.
     */
    public C startSpreadNs(final long startSpreadNs)
    {
        this.startSpreadNs = startSpreadNs;
        return self();
    }

    /**
     * @return true to start hosted nodes converged among themselves.
     */
    public boolean bootstrapCoHosted()
    {
        return bootstrapCoHosted;
    }

    /**
     * Start every hosted node knowing every other hosted node ALIVE (incarnation 0), so a process's own nodes
     * need no joins among themselves: one process starts converged, and other processes are joined through the
     * seeds as usual. Meant for emulating a large cluster on one host, where thousands of joins into one
     * duty-cycle thread would otherwise be the whole cost of the start. The views are filled when the agent
     * starts (about 10^8 entries for 10,000 nodes: seconds), listeners hear a join for every pair, and nothing
     * is gossiped about it. Requires {@link #startSpreadNs()} of at most one probe interval, so no node probes a
     * co-hosted node that has not started. Default false.
     *
     * @param bootstrapCoHosted true to start hosted nodes converged among themselves.
     * @return this.
     */
    public C bootstrapCoHosted(final boolean bootstrapCoHosted)
    {
        this.bootstrapCoHosted = bootstrapCoHosted;
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
     * @return receives membership events on the agent thread; default none.
     */
    public MembershipListener membershipListener()
    {
        return membershipListener;
    }

    /**
     * @param membershipListener receives membership events on the agent thread; default none.
     * @return this.
     */
    public C membershipListener(final MembershipListener membershipListener)
    {
        this.membershipListener = membershipListener;
        return self();
    }

    /** Default Merkle tree depth of each node's store: 16^3 leaves, about 37 KiB per node. */
    public static final int MERKLE_DEPTH_DEFAULT = 3;

    /**
     * @return true if every hosted node holds the replicated key-value store and takes broadcasts.
     */
    public boolean replicationEnabled()
    {
        return replicationEnabled;
    }

    /**
     * @param replicationEnabled give every hosted node the replicated key-value store, broadcasts and Merkle
     *                           anti-entropy; default false (membership only, the densest emulation).
     * @return this.
     */
    public C replicationEnabled(final boolean replicationEnabled)
    {
        this.replicationEnabled = replicationEnabled;
        return self();
    }

    /**
     * @return receives key changes and broadcasts on the agent thread; default none.
     */
    public ReplicationListener replicationListener()
    {
        return replicationListener;
    }

    /**
     * @param replicationListener receives key changes and broadcasts on the agent thread; default none.
     * @return this.
     */
    public C replicationListener(final ReplicationListener replicationListener)
    {
        this.replicationListener = replicationListener;
        return self();
    }

    /**
     * @return depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
     */
    public int merkleDepth()
    {
        return merkleDepth;
    }

    /**
     * @param merkleDepth depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
     * @return this.
     */
    public C merkleDepth(final int merkleDepth)
    {
        this.merkleDepth = merkleDepth;
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

    // -------------------------------------------------------------- security: keyring (encryption, rotation)

    private void concludeKeyring()
    {
        if (null == keyring)
        {
            return;
        }
        if (Keyring.NO_KEY == keyring.primaryKeyId())
        {
            throw new IllegalArgumentException("keyring has no primary key (Keyring.usePrimary)");
        }
        if (networkEnabled)
        {
            // The seal adds key id, nonce and tag to every network frame: the protocol's budget leaves room.
            final int maxPayload = mtuLengthBytes - io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH;
            final int plainBudget = FrameCipher.plainFrameBudgetBytes(maxPayload);
            if (protocolConfig.frameBudgetBytes() > plainBudget)
            {
                protocolConfig.frameBudgetBytes(plainBudget);
            }
        }
    }

    /**
     * @return the keys network frames are sealed and opened with, or null (frames in clear).
     */
    public Keyring keyring()
    {
        return keyring;
    }

    /**
     * @param keyring the keys network frames are sealed and opened with (AES-GCM, {@link FrameCipher}): every
     *                frame from the network is authenticated before routing, every frame to it sealed; the
     *                in-memory path between co-hosted nodes stays clear. Needs a primary key. Shared with the
     *                caller: changes to it (rotation) take effect on the next frame. Null (default): clear.
     * @return this.
     */
    public C keyring(final Keyring keyring)
    {
        this.keyring = keyring;
        return self();
    }

    /**
     * @return true if frames in clear from the network are dropped (only meaningful with a keyring).
     */
    public boolean requireEncryption()
    {
        return requireEncryption;
    }

    /**
     * @param requireEncryption default true; false only while turning encryption on across a running cluster:
     *                          frames in clear are then accepted (sealed ones are still verified).
     * @return this.
     */
    public C requireEncryption(final boolean requireEncryption)
    {
        this.requireEncryption = requireEncryption;
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

    // ---- Parts built by StarlingEngine.launch, read by the agent (not settings: an application never sets them) ----
    private EngineCounters counters;
    private ErrorHandler engineErrorHandler;
    private MetricsFile metricsFile;
    private Transport network;
    private InMemoryTransport inMemory;
    private FaultModel faultModel;
    private RingBuffer commandQueue;
    private FrameCipher frameCipher;
    private MembershipObserver membershipObserver;
    private LongConsumer housekeepingListener;

    /**
     * @return counters in the metrics file; set at launch.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return where the engine's errors go (error log, counter, then {@link #errorHandler()}); set at launch.
     */
    public ErrorHandler engineErrorHandler()
    {
        return engineErrorHandler;
    }

    /**
     * @return the metrics file the agent heartbeats; set at launch.
     */
    public MetricsFile metricsFile()
    {
        return metricsFile;
    }

    /**
     * @return the network transport, or null without network; set at launch.
     */
    public Transport network()
    {
        return network;
    }

    /**
     * @return the in-memory path between nodes of this process; set at launch.
     */
    public InMemoryTransport inMemory()
    {
        return inMemory;
    }

    /**
     * @return the fault model both paths pass through; set at launch.
     */
    public FaultModel faultModel()
    {
        return faultModel;
    }

    /**
     * @return commands from API threads to the agent; set at launch.
     */
    public RingBuffer commandQueue()
    {
        return commandQueue;
    }

    /**
     * @return seals and opens every network frame, or null for clear frames; set at launch.
     */
    public FrameCipher frameCipher()
    {
        return frameCipher;
    }

    /**
     * @return membership events for the application; set at launch.
     */
    public MembershipObserver membershipObserver()
    {
        return membershipObserver;
    }

    /**
     * @return told the time at every housekeeping (about every 10 ms) on the agent thread; set at launch.
     */
    public LongConsumer housekeepingListener()
    {
        return housekeepingListener;
    }

    void launchParts(
        final EngineCounters counters,
        final ErrorHandler engineErrorHandler,
        final MetricsFile metricsFile,
        final Transport network,
        final InMemoryTransport inMemory,
        final FaultModel faultModel,
        final RingBuffer commandQueue,
        final FrameCipher frameCipher,
        final MembershipObserver membershipObserver,
        final LongConsumer housekeepingListener)
    {
        this.counters = counters;
        this.engineErrorHandler = engineErrorHandler;
        this.metricsFile = metricsFile;
        this.network = network;
        this.inMemory = inMemory;
        this.faultModel = faultModel;
        this.commandQueue = commandQueue;
        this.frameCipher = frameCipher;
        this.membershipObserver = membershipObserver;
        this.housekeepingListener = housekeepingListener;
    }

    @SuppressWarnings("unchecked")
    private C self()
    {
        return (C)this;
    }
}

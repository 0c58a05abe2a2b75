package io.starling.engine.api;

import java.io.File;

import io.starling.driver.DriverPreset;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.BacklogConfig;
import io.starling.engine.transport.Endpoints;
import org.agrona.BitUtil;

/**
 * Settings of an engine's network: the endpoint it binds and advertises, the media driver and the Aeron
 * publications, the in-memory path between co-hosted nodes, and the fault model's loss rate. Part of
 * {@link StarlingEngine.Context}, whose setters all return it; {@link StarlingEngineContext#conclude()} validates
 * them. Defaults are the {@code *_DEFAULT} constants.
 *
 * @param <C> the concrete context, {@link StarlingEngine.Context}.
 */
public abstract class EngineNetworkSettings<C extends EngineNetworkSettings<C>>
{
    /** Default bind address: loopback, safe for a single host; bind a real address to reach other hosts. */
    public static final String BIND_HOST_DEFAULT = "127.0.0.1";
    /** Default UDP port (memberlist's). */
    public static final int BIND_PORT_DEFAULT = 7946;
    /** Default Aeron stream id shared by every process of a cluster. */
    public static final int STREAM_ID_DEFAULT = 0x5354;
    /** Default initial size of each in-memory frame log. */
    public static final int IN_MEMORY_QUEUE_INITIAL_DEFAULT = 256 * 1024;
    /** Default largest size of each in-memory frame log. */
    public static final int IN_MEMORY_QUEUE_MAX_DEFAULT = 64 * 1024 * 1024;
    /** What {@link #isValidMtuLength(int)} accepts, for error messages. */
    public static final String MTU_LENGTH_RULE = "a multiple of 32 in [256, 65504]";

    /**
     * @param mtuLengthBytes an MTU for the publications.
     * @return true if it is {@link #MTU_LENGTH_RULE}: Aeron's frame alignment, and at most a UDP datagram.
     */
    public static boolean isValidMtuLength(final int mtuLengthBytes)
    {
        return mtuLengthBytes >= 256 && mtuLengthBytes <= 65504 && 0 == (mtuLengthBytes & 31);
    }

    private String bindHost = BIND_HOST_DEFAULT;
    private int bindPort = BIND_PORT_DEFAULT;
    private String advertiseHost;
    private int advertisedIpv4;
    private boolean networkEnabled = true;
    private boolean forceNetworkForLocal;
    private DriverPreset driverPreset = DriverPreset.DENSITY;
    private String aeronDirectoryName;
    private int streamId = STREAM_ID_DEFAULT;
    private int mtuLengthBytes = AeronTransport.MTU_LENGTH_DEFAULT;
    private int termLengthBytes = AeronTransport.TERM_LENGTH_DEFAULT;
    private BacklogConfig backlog = new BacklogConfig();
    private int inMemoryQueueInitialBytes = IN_MEMORY_QUEUE_INITIAL_DEFAULT;
    private int inMemoryQueueMaxBytes = IN_MEMORY_QUEUE_MAX_DEFAULT;
    private double lossRate;

    EngineNetworkSettings()
    {
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
    public BacklogConfig backlog()
    {
        return backlog;
    }

    /**
     * @param backlog bounds of the network transport's per-remote backlog (frames held until a publication is
     *                connected, or while it is back pressured); default {@link
     *                BacklogConfig}'s defaults.
     * @return this.
     */
    public C backlog(final BacklogConfig backlog)
    {
        this.backlog = backlog;
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
     * The bind port, then the bind and advertised addresses: the advertised one must be a real address.
     */
    void concludeEndpoint()
    {
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
    }

    /**
     * The loss rate and the publications' MTU, term length and backlog.
     */
    void concludeTransport()
    {
        if (!(lossRate >= 0.0 && lossRate < 1.0))
        {
            throw new IllegalArgumentException("lossRate=" + lossRate + " must be in [0, 1)");
        }
        if (!isValidMtuLength(mtuLengthBytes))
        {
            throw new IllegalArgumentException("mtuLengthBytes=" + mtuLengthBytes + " must be " + MTU_LENGTH_RULE);
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
    }

    /**
     * An external driver needs its directory.
     */
    void concludeDriver()
    {
        if (DriverPreset.EXTERNAL == driverPreset && networkEnabled && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("aeronDirectoryName must be set with driverPreset=EXTERNAL");
        }
    }

    /**
     * @param frameBudgetBytes the protocol's concluded frame budget: each in-memory frame log must hold a frame.
     */
    void concludeInMemoryQueues(final int frameBudgetBytes)
    {
        if (inMemoryQueueInitialBytes < frameBudgetBytes + 8 || inMemoryQueueMaxBytes < inMemoryQueueInitialBytes)
        {
            throw new IllegalArgumentException("inMemoryQueueInitialBytes=" + inMemoryQueueInitialBytes +
                " must hold a frame and inMemoryQueueMaxBytes=" + inMemoryQueueMaxBytes + " must be at least it");
        }
    }

    /**
     * @param engineDirectory the concluded engine directory, home of the Aeron directory unless one was given.
     */
    void concludeAeronDirectory(final File engineDirectory)
    {
        if (null == aeronDirectoryName)
        {
            aeronDirectoryName = new File(engineDirectory, "aeron").getAbsolutePath();
        }
    }

    /**
     * @return the largest payload of an Aeron frame at the configured MTU: the budget of a frame on the network.
     */
    int networkPayloadBytes()
    {
        return mtuLengthBytes - io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH;
    }

    @SuppressWarnings("unchecked")
    final C self()
    {
        return (C)this;
    }
}

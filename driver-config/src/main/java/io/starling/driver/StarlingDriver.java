package io.starling.driver;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one Aeron media driver of a Starling process, launched from a {@link Context} with a {@link DriverPreset}.
 * <p>
 * {@link DriverPreset#DENSITY} runs the driver in {@link ThreadingMode#INVOKER}: it has no thread and does work
 * only when the engine's duty cycle calls {@link #invoke()} (or {@code invoker().invoke()}).
 * {@link DriverPreset#LOW_LATENCY} runs it on three dedicated busy-spinning threads and {@link #invoker()} is null.
 * <p>
 * The driver's directory is deleted when the driver starts and again when it closes; {@link #close()} checks that
 * it is gone. Close every Aeron client of this driver before closing the driver.
 * <p>
 * Faults are injected on receive: every receive channel endpoint is Aeron's {@code DebugReceiveChannelEndpoint}
 * with Starling's loss generator, which first asks the {@link PartitionMatrix} (if one is configured) and then
 * Aeron's {@code RandomLossGenerator} (if {@link Context#lossRate(double)} is above zero). Random loss applies to
 * the frames a receiver takes in (data, heartbeats, setup, RTT); the matrix also drops the status messages and
 * NAKs a receiver sends back to a blocked sender. Drops are counted in two driver counters, type ids
 * {@link #LOSS_DROPS_COUNTER_TYPE_ID} and {@link #PARTITION_DROPS_COUNTER_TYPE_ID}, visible to AeronStat.
 */
public final class StarlingDriver implements AutoCloseable
{
    /**
     * Counter type id of the random loss drop counter.
     */
    public static final int LOSS_DROPS_COUNTER_TYPE_ID = 7001;

    /**
     * Counter type id of the partition drop counter.
     */
    public static final int PARTITION_DROPS_COUNTER_TYPE_ID = 7002;

    private static final long ACTIVE_DRIVER_TIMEOUT_MS = CommonContext.DEFAULT_DRIVER_TIMEOUT_MS;

    private final Context ctx;
    private final MediaDriver mediaDriver;
    private final AgentInvoker invoker;
    private final FaultInjectingReceiveChannelEndpointSupplier faults;
    private final SocketWaiter socketWaiter;
    private final File aeronDirectory;
    private volatile boolean isClosed;

    private StarlingDriver(
        final Context ctx,
        final MediaDriver mediaDriver,
        final FaultInjectingReceiveChannelEndpointSupplier faults,
        final SocketWaiter socketWaiter)
    {
        this.ctx = ctx;
        this.mediaDriver = mediaDriver;
        this.invoker = mediaDriver.sharedAgentInvoker();
        this.faults = faults;
        this.socketWaiter = socketWaiter;
        this.aeronDirectory = new File(ctx.aeronDirectoryName());
    }

    /**
     * Conclude the context and launch the driver.
     *
     * @param ctx configuration; used for this launch only.
     * @return the running driver.
     * @throws IllegalArgumentException if a setting is invalid (the message names the field).
     * @throws IllegalStateException    if the context was already launched, or another live driver uses the
     *                                  directory.
     */
    public static StarlingDriver launch(final Context ctx)
    {
        ctx.conclude();
        ctx.markLaunched();

        final File directory = new File(ctx.aeronDirectoryName());
        checkDirectoryMayBeDeleted(directory);

        final SocketWaiter socketWaiter = DriverPreset.DENSITY == ctx.preset() ? new SocketWaiter() : null;
        final FaultInjectingReceiveChannelEndpointSupplier faults = ctx.hasFaultInjection() ?
            new FaultInjectingReceiveChannelEndpointSupplier(
                ctx.lossRate(), ctx.lossSeed(), ctx.partitionMatrix(), socketWaiter) :
            null;

        final MediaDriver mediaDriver;
        try
        {
            mediaDriver = MediaDriver.launch(ctx.newMediaDriverContext(faults, socketWaiter));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(socketWaiter);
            IoUtil.delete(directory, true);
            throw ex;
        }

        return new StarlingDriver(ctx, mediaDriver, faults, socketWaiter);
    }

    private static void checkDirectoryMayBeDeleted(final File directory)
    {
        if (!directory.exists())
        {
            return;
        }

        final String[] entries = directory.list();
        if (!directory.isDirectory() || null == entries)
        {
            throw new IllegalStateException("aeronDirectoryName=" + directory + " exists and is not a directory");
        }

        if (entries.length > 0 && !new File(directory, CncFileDescriptor.CNC_FILE).exists())
        {
            throw new IllegalStateException("aeronDirectoryName=" + directory +
                " is not empty and holds no " + CncFileDescriptor.CNC_FILE + ", refusing to delete it");
        }

        if (CommonContext.isDriverActive(directory, ACTIVE_DRIVER_TIMEOUT_MS, (message) -> {}))
        {
            throw new IllegalStateException(
                "aeronDirectoryName=" + directory + " is in use by an active media driver");
        }
    }

    /**
     * The invoker that runs the whole driver (sender, receiver, conductor) on the caller's thread.
     *
     * @return the driver's invoker for {@link DriverPreset#DENSITY}, null for {@link DriverPreset#LOW_LATENCY}.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * Do one duty cycle of the driver if it runs in INVOKER mode; for the engine's duty cycle. Call it only from
     * the engine's thread (the thread that uses the client made by {@link #newClientContext()}).
     *
     * @return work count, 0 when there was nothing to do or the driver has its own threads.
     */
    public int invoke()
    {
        return null == invoker ? 0 : invoker.invoke();
    }

    /**
     * The driver's directory.
     *
     * @return the absolute path of the driver's directory.
     */
    public String aeronDirectoryName()
    {
        return ctx.aeronDirectoryName();
    }

    /**
     * The Aeron media driver itself, e.g. for {@code mediaDriver().context().countersManager()}.
     *
     * @return the running media driver.
     */
    public MediaDriver mediaDriver()
    {
        return mediaDriver;
    }

    /**
     * The preset the driver was launched with.
     *
     * @return the preset.
     */
    public DriverPreset preset()
    {
        return ctx.preset();
    }

    /**
     * The concluded context the driver was launched with.
     *
     * @return the context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * The partition matrix this driver consults, to switch partitions at run time from any thread.
     *
     * @return the matrix, or null if none was configured.
     */
    public PartitionMatrix partitionMatrix()
    {
        return ctx.partitionMatrix();
    }

    /**
     * A new Aeron client context for this driver: the same directory and, for {@link DriverPreset#DENSITY}, a
     * client that never blocks on a driver that nobody runs.
     * <p>
     * In INVOKER mode the driver only moves when its invoker is called, so the client is configured with
     * {@code useConductorAgentInvoker(true)} (no client conductor thread; the engine calls
     * {@code aeron.conductorAgentInvoker().invoke()} in its duty cycle, after {@link #invoke()}) and
     * {@code driverAgentInvoker(invoker())}: while a client call waits for the driver's answer (add or close a
     * publication, subscription or counter), the client runs the driver's duty cycle itself instead of idling,
     * so the answer comes on the same thread. Without it such a call would wait out the driver timeout and throw.
     * Aeron requires {@code useConductorAgentInvoker(true)} whenever {@code driverAgentInvoker} is set. Rules that
     * follow: use this client only from the engine's thread (a blocking call runs the driver on the calling
     * thread); prefer {@code asyncAddExclusivePublication} / {@code asyncAddSubscription} inside the duty cycle,
     * which do not wait; keep both invokers running at least every few hundred milliseconds, since the client
     * declares the driver dead after {@code driverTimeoutMs} (10 s) without its heartbeat and closes itself when
     * its own conductor has not run for the client liveness timeout (10 s). If only the engine's thread ever
     * touches the client, {@code clientLock(NoOpLock.INSTANCE)} may be added to elide its lock.
     * <p>
     * For {@link DriverPreset#LOW_LATENCY} the context only names the directory: the client conductor runs on its
     * own thread as usual and {@code conductorAgentInvoker()} is null.
     *
     * @return a new client context; the caller connects with {@code Aeron.connect(ctx)} and closes the client
     * before this driver.
     */
    public Aeron.Context newClientContext()
    {
        final Aeron.Context clientCtx = new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName());
        if (null != invoker)
        {
            clientCtx.useConductorAgentInvoker(true).driverAgentInvoker(invoker);
        }

        return clientCtx;
    }

    /**
     * Connect a client made with {@link #newClientContext()}.
     *
     * @return the connected client; close it before this driver.
     */
    public Aeron connectClient()
    {
        return Aeron.connect(newClientContext());
    }

    /**
     * Sleeps the engine's thread until a datagram reaches one of this driver's sockets (or a timeout, or a wakeup):
     * every receive and send endpoint of a {@link DriverPreset#DENSITY} driver registers its socket with it.
     *
     * @return the waiter for {@link DriverPreset#DENSITY}, null for {@link DriverPreset#LOW_LATENCY} (its receiver
     * thread drains the sockets itself).
     */
    public SocketWaiter socketWaiter()
    {
        return socketWaiter;
    }

    /**
     * Frames dropped by random loss so far; safe from any thread, also after {@link #close()}.
     *
     * @return the number of frames dropped by random loss.
     */
    public long lossDrops()
    {
        return null == faults ? 0 : faults.lossDrops();
    }

    /**
     * Frames dropped by this driver's partition matrix so far (the matrix's own count also includes other
     * drivers sharing it); safe from any thread, also after {@link #close()}.
     *
     * @return the number of frames this driver dropped by partition.
     */
    public long partitionDrops()
    {
        return null == faults ? 0 : faults.partitionDrops();
    }

    /**
     * Has {@link #close()} been called?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Close the driver and make sure its directory is gone, deleting it if Aeron left it behind. Idempotent.
     *
     * @throws IllegalStateException if the directory cannot be deleted.
     */
    public void close()
    {
        if (isClosed)
        {
            return;
        }

        isClosed = true;

        try
        {
            CloseHelper.close(mediaDriver);
        }
        finally
        {
            CloseHelper.quietClose(socketWaiter);
            if (aeronDirectory.exists())
            {
                IoUtil.delete(aeronDirectory, true);
            }
        }

        if (aeronDirectory.exists())
        {
            throw new IllegalStateException("aeronDirectoryName=" + aeronDirectory + " could not be deleted");
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "StarlingDriver{preset=" + ctx.preset() + ", aeronDirectoryName=" + ctx.aeronDirectoryName() + '}';
    }

    /**
     * Settings of a {@link StarlingDriver}. Fluent setters; {@link #conclude()} resolves preset defaults and
     * validates, throwing {@link IllegalArgumentException} whose message starts with the field name. A context is
     * used for one launch.
     */
    public static final class Context
    {
        /** Term length of the {@link DriverPreset#DENSITY} preset: 64 KiB, Aeron's minimum. */
        public static final int DENSITY_TERM_BUFFER_LENGTH_BYTES_DEFAULT = 64 * 1024;

        /** Term length of the {@link DriverPreset#LOW_LATENCY} preset: Aeron's default, 16 MiB. */
        public static final int LOW_LATENCY_TERM_BUFFER_LENGTH_BYTES_DEFAULT =
            Configuration.TERM_BUFFER_LENGTH_DEFAULT;

        /** Default MTU: Aeron's 1,408 bytes, which gives a maxPayloadLength of 1,376 bytes. */
        public static final int MTU_LENGTH_BYTES_DEFAULT = Configuration.MTU_LENGTH_DEFAULT;

        /**
         * Socket receive buffer of the {@link DriverPreset#DENSITY} preset: 1 MiB, lowered to the OS maximum
         * ({@code /proc/sys/net/core/rmem_max}) when that is smaller, but not below Aeron's 128 KiB default.
         */
        public static final int DENSITY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT = 1024 * 1024;

        /** Socket receive buffer of the {@link DriverPreset#LOW_LATENCY} preset: Aeron's default, 128 KiB. */
        public static final int LOW_LATENCY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT =
            Configuration.SOCKET_RCVBUF_LENGTH_DEFAULT;

        /** Default socket send buffer: 0, the OS default. */
        public static final int SOCKET_SNDBUF_LENGTH_BYTES_DEFAULT = 0;

        /** Counter values buffer of the {@link DriverPreset#DENSITY} preset: 1 MiB (8,192 counters). */
        public static final int DENSITY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT =
            Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MIN;

        /** Counter values buffer of the {@link DriverPreset#LOW_LATENCY} preset: Aeron's default, 8 MiB. */
        public static final int LOW_LATENCY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT =
            Configuration.COUNTERS_VALUES_BUFFER_LENGTH_DEFAULT;

        /**
         * Default image liveness timeout: 2 s (Aeron: 10 s). An image whose sender has gone silent (senders
         * heartbeat every 100 ms) starts draining this long after its last frame, and its subscribers see it go
         * about 1 s later (five status message intervals of 200 ms), so about 3 s in all.
         */
        public static final long IMAGE_LIVENESS_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(2);

        /**
         * Default publication connection timeout: 2 s (Aeron: 5 s). A publication whose receivers have stopped
         * sending status messages (every 200 ms) is no longer connected after this long.
         */
        public static final long PUBLICATION_CONNECTION_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(2);

        /** Default publication linger timeout: 1 s (Aeron: 5 s); how long a closed publication keeps its log. */
        public static final long PUBLICATION_LINGER_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(1);

        /** Default interval of the driver's timeout checks: 250 ms (Aeron: 1 s). */
        public static final long TIMER_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(250);

        /** Largest timer interval accepted: 1 s. */
        public static final long TIMER_INTERVAL_NS_MAX = TimeUnit.SECONDS.toNanos(1);

        /** Default random loss rate: 0, no loss. */
        public static final double LOSS_RATE_DEFAULT = 0.0;

        /** Loss seed meaning "seed from entropy", as in Aeron; the default. */
        public static final long LOSS_SEED_RANDOM = -1L;

        private static final int UNSET = Integer.MIN_VALUE;
        private static final String DIRECTORY_PREFIX = "starling-";
        private static final int AERON_INITIAL_WINDOW_LENGTH_DEFAULT = Configuration.INITIAL_WINDOW_LENGTH_DEFAULT;

        private final AtomicBoolean isLaunched = new AtomicBoolean();
        private DriverPreset preset = DriverPreset.DENSITY;
        private String aeronDirectoryName;
        private int termBufferLengthBytes = UNSET;
        private int mtuLengthBytes = MTU_LENGTH_BYTES_DEFAULT;
        private int socketRcvbufLengthBytes = UNSET;
        private int socketSndbufLengthBytes = SOCKET_SNDBUF_LENGTH_BYTES_DEFAULT;
        private int counterValuesBufferLengthBytes = UNSET;
        private long imageLivenessTimeoutNs = IMAGE_LIVENESS_TIMEOUT_NS_DEFAULT;
        private long publicationConnectionTimeoutNs = PUBLICATION_CONNECTION_TIMEOUT_NS_DEFAULT;
        private long publicationLingerTimeoutNs = PUBLICATION_LINGER_TIMEOUT_NS_DEFAULT;
        private long timerIntervalNs = TIMER_INTERVAL_NS_DEFAULT;
        private double lossRate = LOSS_RATE_DEFAULT;
        private long lossSeed = LOSS_SEED_RANDOM;
        private PartitionMatrix partitionMatrix;

        /**
         * A context with every default: {@link DriverPreset#DENSITY}, a fresh directory, no fault injection.
         */
        public Context()
        {
        }

        /**
         * Resolve the preset defaults of unset fields and validate every field.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the first invalid field.
         */
        public Context conclude()
        {
            if (null == preset)
            {
                throw new IllegalArgumentException("preset must not be null");
            }
            if (DriverPreset.EXTERNAL == preset)
            {
                throw new IllegalArgumentException("preset=EXTERNAL launches no driver: connect to the running " +
                    "driver's Aeron directory instead");
            }

            final boolean density = DriverPreset.DENSITY == preset;
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = defaultAeronDirectoryName();
            }
            if (UNSET == termBufferLengthBytes)
            {
                termBufferLengthBytes = density ?
                    DENSITY_TERM_BUFFER_LENGTH_BYTES_DEFAULT : LOW_LATENCY_TERM_BUFFER_LENGTH_BYTES_DEFAULT;
            }
            if (UNSET == socketRcvbufLengthBytes)
            {
                socketRcvbufLengthBytes = density ?
                    densitySocketRcvbufLengthBytes() : LOW_LATENCY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT;
            }
            if (UNSET == counterValuesBufferLengthBytes)
            {
                counterValuesBufferLengthBytes = density ?
                    DENSITY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT :
                    LOW_LATENCY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT;
            }

            if (aeronDirectoryName.isBlank())
            {
                throw new IllegalArgumentException("aeronDirectoryName must not be blank");
            }

            if (termBufferLengthBytes < LogBufferDescriptor.TERM_MIN_LENGTH ||
                termBufferLengthBytes > LogBufferDescriptor.TERM_MAX_LENGTH ||
                !BitUtil.isPowerOfTwo(termBufferLengthBytes))
            {
                throw new IllegalArgumentException("termBufferLengthBytes=" + termBufferLengthBytes +
                    " must be a power of two from " + LogBufferDescriptor.TERM_MIN_LENGTH +
                    " to " + LogBufferDescriptor.TERM_MAX_LENGTH);
            }

            if (mtuLengthBytes <= DataHeaderFlyweight.HEADER_LENGTH ||
                mtuLengthBytes > Configuration.MAX_UDP_PAYLOAD_LENGTH ||
                0 != (mtuLengthBytes & (FrameDescriptor.FRAME_ALIGNMENT - 1)))
            {
                throw new IllegalArgumentException("mtuLengthBytes=" + mtuLengthBytes +
                    " must be a multiple of " + FrameDescriptor.FRAME_ALIGNMENT +
                    " above " + DataHeaderFlyweight.HEADER_LENGTH +
                    " and at most " + Configuration.MAX_UDP_PAYLOAD_LENGTH);
            }

            if (socketRcvbufLengthBytes < 0 || (socketRcvbufLengthBytes > 0 && socketRcvbufLengthBytes < mtuLengthBytes))
            {
                throw new IllegalArgumentException("socketRcvbufLengthBytes=" + socketRcvbufLengthBytes +
                    " must be 0 (OS default) or at least mtuLengthBytes=" + mtuLengthBytes);
            }

            if (socketSndbufLengthBytes < 0 || (socketSndbufLengthBytes > 0 && socketSndbufLengthBytes < mtuLengthBytes))
            {
                throw new IllegalArgumentException("socketSndbufLengthBytes=" + socketSndbufLengthBytes +
                    " must be 0 (OS default) or at least mtuLengthBytes=" + mtuLengthBytes);
            }

            if (counterValuesBufferLengthBytes < Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MIN ||
                counterValuesBufferLengthBytes > Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MAX ||
                !BitUtil.isPowerOfTwo(counterValuesBufferLengthBytes))
            {
                throw new IllegalArgumentException("counterValuesBufferLengthBytes=" +
                    counterValuesBufferLengthBytes + " must be a power of two from " +
                    Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MIN + " to " +
                    Configuration.COUNTERS_VALUES_BUFFER_LENGTH_MAX);
            }

            if (timerIntervalNs <= 0 || timerIntervalNs > TIMER_INTERVAL_NS_MAX)
            {
                throw new IllegalArgumentException("timerIntervalNs=" + timerIntervalNs +
                    " must be above 0 and at most " + TIMER_INTERVAL_NS_MAX);
            }

            if (imageLivenessTimeoutNs <= timerIntervalNs)
            {
                throw new IllegalArgumentException("imageLivenessTimeoutNs=" + imageLivenessTimeoutNs +
                    " must be above timerIntervalNs=" + timerIntervalNs);
            }

            if (publicationConnectionTimeoutNs <= timerIntervalNs)
            {
                throw new IllegalArgumentException("publicationConnectionTimeoutNs=" +
                    publicationConnectionTimeoutNs + " must be above timerIntervalNs=" + timerIntervalNs);
            }

            if (publicationLingerTimeoutNs < 0)
            {
                throw new IllegalArgumentException("publicationLingerTimeoutNs=" + publicationLingerTimeoutNs +
                    " must not be negative");
            }

            if (!(lossRate >= 0.0 && lossRate <= 1.0))
            {
                throw new IllegalArgumentException("lossRate=" + lossRate + " must be from 0 to 1");
            }

            return this;
        }

        /**
         * Preset: threading and sizing. Default {@link DriverPreset#DENSITY}.
         *
         * @param preset the preset.
         * @return this for a fluent API.
         */
        public Context preset(final DriverPreset preset)
        {
            this.preset = preset;
            return this;
        }

        /**
         * Preset: threading and sizing.
         *
         * @return the preset.
         */
        public DriverPreset preset()
        {
            return preset;
        }

        /**
         * Directory of the driver; deleted at start and at shutdown. {@link StarlingDriver#launch(Context)} refuses
         * an existing directory that is in use by a live driver, or that is not empty and holds no Aeron
         * {@code cnc.dat}. Default:
         * {@code starling-<pid>-<16 random hex digits>} under {@code /dev/shm} if that is a writable directory,
         * else under {@code java.io.tmpdir}; unique per process and per launch.
         *
         * @param aeronDirectoryName absolute path of the directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Directory of the driver.
         *
         * @return the directory, null before {@link #conclude()} unless set.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * Term buffer length of network publications and images (each costs three terms). Defaults:
         * {@link #DENSITY_TERM_BUFFER_LENGTH_BYTES_DEFAULT}, {@link #LOW_LATENCY_TERM_BUFFER_LENGTH_BYTES_DEFAULT}.
         * A power of two from 64 KiB to 1 GiB. The largest message is 1/8 of a term.
         *
         * @param termBufferLengthBytes term length.
         * @return this for a fluent API.
         */
        public Context termBufferLengthBytes(final int termBufferLengthBytes)
        {
            this.termBufferLengthBytes = termBufferLengthBytes;
            return this;
        }

        /**
         * Term buffer length of network publications and images.
         *
         * @return the term length, {@code Integer.MIN_VALUE} before {@link #conclude()} unless set.
         */
        public int termBufferLengthBytes()
        {
            return termBufferLengthBytes;
        }

        /**
         * MTU of network publications: the largest datagram; a frame's payload is at most MTU - 32 bytes.
         * Default {@link #MTU_LENGTH_BYTES_DEFAULT}. A multiple of 32, above 32, at most 65,504.
         *
         * @param mtuLengthBytes MTU.
         * @return this for a fluent API.
         */
        public Context mtuLengthBytes(final int mtuLengthBytes)
        {
            this.mtuLengthBytes = mtuLengthBytes;
            return this;
        }

        /**
         * MTU of network publications.
         *
         * @return the MTU.
         */
        public int mtuLengthBytes()
        {
            return mtuLengthBytes;
        }

        /**
         * SO_RCVBUF of every socket; 0 for the OS default. Defaults:
         * {@link #DENSITY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT}, {@link #LOW_LATENCY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT}.
         * The receiver window is capped at this length. At least the MTU unless 0.
         *
         * @param socketRcvbufLengthBytes receive buffer length.
         * @return this for a fluent API.
         */
        public Context socketRcvbufLengthBytes(final int socketRcvbufLengthBytes)
        {
            this.socketRcvbufLengthBytes = socketRcvbufLengthBytes;
            return this;
        }

        /**
         * SO_RCVBUF of every socket; 0 for the OS default.
         *
         * @return the receive buffer length, {@code Integer.MIN_VALUE} before {@link #conclude()} unless set.
         */
        public int socketRcvbufLengthBytes()
        {
            return socketRcvbufLengthBytes;
        }

        /**
         * SO_SNDBUF of every socket; 0 (the default) for the OS default. At least the MTU unless 0.
         *
         * @param socketSndbufLengthBytes send buffer length.
         * @return this for a fluent API.
         */
        public Context socketSndbufLengthBytes(final int socketSndbufLengthBytes)
        {
            this.socketSndbufLengthBytes = socketSndbufLengthBytes;
            return this;
        }

        /**
         * SO_SNDBUF of every socket; 0 for the OS default.
         *
         * @return the send buffer length.
         */
        public int socketSndbufLengthBytes()
        {
            return socketSndbufLengthBytes;
        }

        /**
         * Length of the driver's counter values buffer (128 bytes per counter; the CnC file also holds four
         * times this for labels). Defaults: {@link #DENSITY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT},
         * {@link #LOW_LATENCY_COUNTER_VALUES_BUFFER_LENGTH_BYTES_DEFAULT}. A power of two from 1 MiB to 500 MiB.
         *
         * @param counterValuesBufferLengthBytes values buffer length.
         * @return this for a fluent API.
         */
        public Context counterValuesBufferLengthBytes(final int counterValuesBufferLengthBytes)
        {
            this.counterValuesBufferLengthBytes = counterValuesBufferLengthBytes;
            return this;
        }

        /**
         * Length of the driver's counter values buffer.
         *
         * @return the length, {@code Integer.MIN_VALUE} before {@link #conclude()} unless set.
         */
        public int counterValuesBufferLengthBytes()
        {
            return counterValuesBufferLengthBytes;
        }

        /**
         * How long an image lives without frames from its sender before it is closed. Default
         * {@link #IMAGE_LIVENESS_TIMEOUT_NS_DEFAULT}. Above {@link #timerIntervalNs()}.
         *
         * @param imageLivenessTimeoutNs timeout.
         * @return this for a fluent API.
         */
        public Context imageLivenessTimeoutNs(final long imageLivenessTimeoutNs)
        {
            this.imageLivenessTimeoutNs = imageLivenessTimeoutNs;
            return this;
        }

        /**
         * How long an image lives without frames from its sender.
         *
         * @return timeout.
         */
        public long imageLivenessTimeoutNs()
        {
            return imageLivenessTimeoutNs;
        }

        /**
         * How long a publication stays connected without status messages. Default
         * {@link #PUBLICATION_CONNECTION_TIMEOUT_NS_DEFAULT}. Above {@link #timerIntervalNs()}.
         *
         * @param publicationConnectionTimeoutNs timeout.
         * @return this for a fluent API.
         */
        public Context publicationConnectionTimeoutNs(final long publicationConnectionTimeoutNs)
        {
            this.publicationConnectionTimeoutNs = publicationConnectionTimeoutNs;
            return this;
        }

        /**
         * How long a publication stays connected without status messages.
         *
         * @return timeout.
         */
        public long publicationConnectionTimeoutNs()
        {
            return publicationConnectionTimeoutNs;
        }

        /**
         * How long a closed publication lingers for retransmits. Default
         * {@link #PUBLICATION_LINGER_TIMEOUT_NS_DEFAULT}. Not negative.
         *
         * @param publicationLingerTimeoutNs timeout.
         * @return this for a fluent API.
         */
        public Context publicationLingerTimeoutNs(final long publicationLingerTimeoutNs)
        {
            this.publicationLingerTimeoutNs = publicationLingerTimeoutNs;
            return this;
        }

        /**
         * How long a closed publication lingers.
         *
         * @return timeout.
         */
        public long publicationLingerTimeoutNs()
        {
            return publicationLingerTimeoutNs;
        }

        /**
         * Interval of the driver conductor's timeout checks, which bounds how late a timeout is noticed. Default
         * {@link #TIMER_INTERVAL_NS_DEFAULT}. Above 0, at most {@link #TIMER_INTERVAL_NS_MAX}.
         *
         * @param timerIntervalNs interval.
         * @return this for a fluent API.
         */
        public Context timerIntervalNs(final long timerIntervalNs)
        {
            this.timerIntervalNs = timerIntervalNs;
            return this;
        }

        /**
         * Interval of the driver conductor's timeout checks.
         *
         * @return interval.
         */
        public long timerIntervalNs()
        {
            return timerIntervalNs;
        }

        /**
         * Probability that a frame arriving at a receive endpoint is dropped (data, heartbeats, setup, RTT), drawn
         * by Aeron's {@code RandomLossGenerator}. Default {@link #LOSS_RATE_DEFAULT}: no loss. From 0 to 1.
         * With reliable channels Aeron repairs the loss by NAK and retransmit; use {@code reliable=false} to see
         * it as datagram loss.
         *
         * @param lossRate drop probability.
         * @return this for a fluent API.
         */
        public Context lossRate(final double lossRate)
        {
            this.lossRate = lossRate;
            return this;
        }

        /**
         * Probability that an arriving frame is dropped.
         *
         * @return drop probability.
         */
        public double lossRate()
        {
            return lossRate;
        }

        /**
         * Seed of the random loss; each receive endpoint derives its own from it (the first uses it as is).
         * Default {@link #LOSS_SEED_RANDOM}: seeded from entropy.
         *
         * @param lossSeed seed.
         * @return this for a fluent API.
         */
        public Context lossSeed(final long lossSeed)
        {
            this.lossSeed = lossSeed;
            return this;
        }

        /**
         * Seed of the random loss.
         *
         * @return seed.
         */
        public long lossSeed()
        {
            return lossSeed;
        }

        /**
         * Partition matrix consulted for every frame a receive endpoint takes in or sends back; switch it at run
         * time from any thread. Default null: none. One matrix may be shared by several drivers.
         *
         * @param partitionMatrix the matrix, or null.
         * @return this for a fluent API.
         */
        public Context partitionMatrix(final PartitionMatrix partitionMatrix)
        {
            this.partitionMatrix = partitionMatrix;
            return this;
        }

        /**
         * Partition matrix consulted for every frame a receive endpoint handles.
         *
         * @return the matrix, or null.
         */
        public PartitionMatrix partitionMatrix()
        {
            return partitionMatrix;
        }

        /**
         * A fresh default directory name: {@code starling-<pid>-<16 random hex digits>} under {@code /dev/shm} if
         * that is a writable directory, else under {@code java.io.tmpdir}; never an existing path.
         *
         * @return absolute path of a directory that does not exist yet.
         */
        public static String defaultAeronDirectoryName()
        {
            final File shm = new File("/dev/shm");
            final File parent = shm.isDirectory() && shm.canWrite() ?
                shm : new File(System.getProperty("java.io.tmpdir"));
            final long pid = ProcessHandle.current().pid();

            File directory;
            do
            {
                final String suffix = String.format("%016x", ThreadLocalRandom.current().nextLong());
                directory = new File(parent, DIRECTORY_PREFIX + pid + "-" + suffix);
            }
            while (directory.exists());

            return directory.getAbsolutePath();
        }

        boolean hasFaultInjection()
        {
            return lossRate > 0.0 || null != partitionMatrix;
        }

        void markLaunched()
        {
            if (!isLaunched.compareAndSet(false, true))
            {
                throw new IllegalStateException("context already used to launch a driver");
            }
        }

        MediaDriver.Context newMediaDriverContext(
            final FaultInjectingReceiveChannelEndpointSupplier faults, final SocketWaiter socketWaiter)
        {
            final boolean density = DriverPreset.DENSITY == preset;
            final int initialWindowLength = 0 == socketRcvbufLengthBytes ?
                AERON_INITIAL_WINDOW_LENGTH_DEFAULT :
                Math.min(AERON_INITIAL_WINDOW_LENGTH_DEFAULT, socketRcvbufLengthBytes);

            final MediaDriver.Context driverCtx = new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .warnIfDirectoryExists(false)
                .useConcurrentCountersManager(true)
                .publicationTermBufferLength(termBufferLengthBytes)
                .mtuLength(mtuLengthBytes)
                .socketRcvbufLength(socketRcvbufLengthBytes)
                .socketSndbufLength(socketSndbufLengthBytes)
                .initialWindowLength(initialWindowLength)
                .counterValuesBufferLength(counterValuesBufferLengthBytes)
                .imageLivenessTimeoutNs(imageLivenessTimeoutNs)
                .publicationConnectionTimeoutNs(publicationConnectionTimeoutNs)
                .publicationLingerTimeoutNs(publicationLingerTimeoutNs)
                .timerIntervalNs(timerIntervalNs);

            if (density)
            {
                driverCtx
                    .threadingMode(ThreadingMode.INVOKER)
                    .asyncExecutorEnabled(false)
                    .termBufferSparseFile(true)
                    .ipcTermBufferLength(termBufferLengthBytes);
            }
            else
            {
                driverCtx
                    .threadingMode(ThreadingMode.DEDICATED)
                    .conductorIdleStrategy(new BusySpinIdleStrategy())
                    .senderIdleStrategy(new BusySpinIdleStrategy())
                    .receiverIdleStrategy(new BusySpinIdleStrategy());
            }

            if (null != socketWaiter)
            {
                driverCtx
                    .receiveChannelEndpointSupplier(socketWaiter.receiveEndpointSupplier())
                    .sendChannelEndpointSupplier(socketWaiter.sendEndpointSupplier());
            }
            if (null != faults)
            {
                driverCtx.receiveChannelEndpointSupplier(faults);
            }

            return driverCtx;
        }

        private static int densitySocketRcvbufLengthBytes()
        {
            int length = DENSITY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT;
            final Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
            if (Files.isReadable(rmemMax))
            {
                try
                {
                    final long osMax = Long.parseLong(Files.readString(rmemMax, StandardCharsets.US_ASCII).trim());
                    if (osMax < length)
                    {
                        length = (int)Math.max(osMax, LOW_LATENCY_SOCKET_RCVBUF_LENGTH_BYTES_DEFAULT);
                    }
                }
                catch (final IOException | NumberFormatException ignore)
                {
                    // keep the default
                }
            }

            return length;
        }
    }
}

package io.starling.engine.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.AgentInvoker;

/**
 * Aeron UDP between processes. One subscription per process on its bind endpoint; one {@link ExclusivePublication}
 * per remote process endpoint, added lazily with {@link Aeron#asyncAddExclusivePublication(String, int)} the first
 * time a frame is sent there, so the duty cycle never waits on the driver. Until the publication is available and
 * connected for the first time, frames to it are copied, in order, into a bounded per-remote backlog ({@link BacklogConfig}: frames,
 * bytes, age) and sent from {@link #doWork(long)} as soon as it is connected, ahead of any newer frame to that remote;
 * a frame that does not fit is {@link TransportCounters#DROP_BACKLOG_FULL}, one that grows too old
 * {@link TransportCounters#DROP_BACKLOG_EXPIRED}. (The first frames one process sends another, a join's answer with
 * the seed's whole state, would otherwise meet a publication still being added and be lost.) A publication that was
 * connected and lost its subscriber (the remote process died) is not waited for: its frames are counted
 * {@link TransportCounters#DROP_NOT_CONNECTED}. A back-pressured frame is a counted
 * {@link TransportCounters#DROP_BACK_PRESSURE} (bursts are absorbed by the receiver's window instead, see
 * {@link #TERM_LENGTH_DEFAULT}); with {@link BacklogConfig#holdOnBackPressure()} it is held like the others. Nothing
 * is ever retried once handed to a publication, except that an admin action (the offer rotated the term) is offered
 * again once at once, as Aeron asks; the duty cycle never waits.
 * <p>
 * Channels:
 * <ul>
 *     <li>subscription {@code aeron:udp?endpoint=BIND:PORT|reliable=false}: the receiver does not NAK gaps but
 *     fills them, so a lost datagram is lost (as SWIM expects of UDP) instead of being retransmitted late, and a
 *     gap never stalls the frames behind it;</li>
 *     <li>publication {@code aeron:udp?endpoint=HOST:PORT|mtu=M|term-length=T|linger=0|sparse=true}: an explicit
 *     MTU fixes {@code maxPayloadLength} (MTU minus the 32 byte data header) before any publication exists, which
 *     is the protocol's frame budget, so every frame is one unfragmented datagram; small sparse terms keep a
 *     publication per remote process cheap (3 x T of mapped file, touched on use); {@code linger=0} because
 *     nothing is ever retransmitted, so a closing publication has nothing to keep.</li>
 * </ul>
 * The Aeron client runs with {@code useConductorAgentInvoker}: its conductor is driven from {@link #doWork(long)} on
 * the engine's thread, as is an INVOKER-mode driver. Duty-cycle thread only.
 */
public final class AeronTransport implements Transport
{
    /** Default MTU of publications: Aeron's default. */
    public static final int MTU_LENGTH_DEFAULT = 1408;
    /**
     * Default term length of publications: 256 KiB, so the receiver's flow-control window (half a term, capped by the
     * driver's initial window of 128 KiB) is 128 KiB. With Aeron's minimum, 64 KiB, the 32 KiB window is smaller
     * than one push-pull exchange of 2,000 members (about 30 full frames, 41 KB), and every exchange between
     * processes lost its tail to back pressure. Cost: 3 terms per publication and per image, sparse (touched on use).
     */
    public static final int TERM_LENGTH_DEFAULT = 256 * 1024;
    /**
     * Kernel receive buffer of the subscription's socket: 2 MiB. The receiver does not NAK (reliable=false), so a
     * datagram the kernel drops because the buffer was full while the duty cycle stalled is lost for good, and a
     * small datagram costs about 1 KiB of buffer: Aeron's 128 KiB default held only ~150 of them, which a 2 ms stall
     * at 100,000 frames/s overflows (measured: 0.1 to 0.2% of on-demand pings lost, counted by the kernel as UDP
     * RcvbufErrors). Linux caps it at net.core.rmem_max.
     */
    public static final int SOCKET_RCVBUF_LENGTH_DEFAULT = 2 * 1024 * 1024;
    /**
     * Most invocations of an INVOKER-mode driver in one {@link #flush(long)}: it is invoked again while it reports
     * work, up to this many times. Aeron's receiver reads one datagram per socket per invocation (its sender sends at
     * most {@code networkPublicationMaxMessagesPerSend} per publication), so with one invocation per duty cycle a
     * process could read no more datagrams a second than it ran duty cycles, however many waited in its socket:
     * the longer the cycles of thousands of co-hosted nodes, the sooner the remotes' flow-control windows filled.
     * 64 datagrams of up to an MTU each are about 90 KB, about as many network frames as {@code fragmentLimit} (256)
     * lets one duty cycle deliver.
     */
    public static final int DRIVER_INVOCATIONS_PER_DUTY_CYCLE_MAX = 64;
    /**
     * A duty cycle shorter than this ends without {@link #flush(long)} invoking the driver: 100 us, in which about one
     * datagram reaches a process receiving 10,000 a second, so the next cycle's single invocation reads what came.
     * Each invocation that finds nothing costs about a microsecond (a {@code recvfrom} that returns nothing among
     * the rest), which a closed-loop round trip, a few microseconds per duty cycle, pays on both sides: invoking
     * the driver again at the end of every cycle made it 1.3 to 4 us slower at p50 (latency.md, 2026-12-07 22:34).
     */
    public static final long FLUSH_MIN_DUTY_CYCLE_NS = 100_000L;
    /** Wait before retrying a publication whose registration failed. */
    public static final long REGISTRATION_RETRY_NS = 1_000_000_000L;

    private static final long NO_REGISTRATION = Aeron.NULL_VALUE;

    private static final class Remote
    {
        final long key;
        final String channel;
        long registrationId = NO_REGISTRATION;
        boolean backingOff;
        long retryAtNs;
        ExclusivePublication publication;
        final FrameBacklog backlog;
        boolean inBacklogList;
        boolean wasConnected;

        Remote(final long key, final String channel, final FrameBacklog backlog)
        {
            this.key = key;
            this.channel = channel;
            this.backlog = backlog;
        }
    }

    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private final Subscription subscription;
    private final int streamId;
    private final int mtuLength;
    private final int termLength;
    private final int maxFrameLength;
    private final CounterSink counters;
    private final ErrorHandler errorHandler;
    private final BacklogConfig backlogConfig;
    private final boolean holdOnBackPressure;
    private final Long2ObjectHashMap<Remote> remotes = new Long2ObjectHashMap<>();
    private final FragmentHandler fragmentHandler = this::onFragment;
    private Remote[] pending = new Remote[8];
    private int pendingCount;
    private Remote[] backlogged = new Remote[8];
    private int backloggedCount;
    private long lastNowNs;
    private FrameHandler frameHandler;
    private int publicationCount;
    private boolean closed;

    /**
     * The constructor with the backlog, naming the endpoint when it cannot be bound.
     *
     * @param driver       the media driver to use.
     * @param bindHost     address to receive on (a dotted quad or 0.0.0.0).
     * @param bindPort     UDP port to receive on.
     * @param streamId     Aeron stream id shared by every process of a cluster.
     * @param mtuLength    MTU of publications (multiple of 32).
     * @param termLength   term length of publications (power of two, at least 64 KiB).
     * @param backlog      bounds of the per-remote backlog (concluded).
     * @param counters     counts drops.
     * @param errorHandler receives client errors.
     * @return the transport.
     * @throws IllegalStateException "cannot receive on UDP endpoint HOST:PORT", with ": the port is already in use"
     *                               when it is.
     */
    public static AeronTransport bind(
        final DriverHandle driver,
        final String bindHost,
        final int bindPort,
        final int streamId,
        final int mtuLength,
        final int termLength,
        final BacklogConfig backlog,
        final CounterSink counters,
        final ErrorHandler errorHandler)
    {
        try
        {
            return new AeronTransport(
                driver, bindHost, bindPort, streamId, mtuLength, termLength, backlog, counters, errorHandler);
        }
        catch (final io.aeron.exceptions.RegistrationException ex)
        {
            throw new IllegalStateException("cannot receive on UDP endpoint " + bindHost + ":" + bindPort +
                (String.valueOf(ex.getMessage()).contains("in use") ? ": the port is already in use" : "") +
                " (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Connect to a media driver and subscribe on the bind endpoint, with the default {@link BacklogConfig}.
     *
     * @param driver       the media driver to use.
     * @param bindHost     address to receive on (a dotted quad or 0.0.0.0).
     * @param bindPort     UDP port to receive on.
     * @param streamId     Aeron stream id shared by every process of a cluster.
     * @param mtuLength    MTU of publications (multiple of 32).
     * @param termLength   term length of publications (power of two, at least 64 KiB).
     * @param counters     counts drops.
     * @param errorHandler receives client errors.
     */
    public AeronTransport(
        final DriverHandle driver,
        final String bindHost,
        final int bindPort,
        final int streamId,
        final int mtuLength,
        final int termLength,
        final CounterSink counters,
        final ErrorHandler errorHandler)
    {
        this(driver, bindHost, bindPort, streamId, mtuLength, termLength, new BacklogConfig().conclude(), counters,
            errorHandler);
    }

    /**
     * Connect to a media driver and subscribe on the bind endpoint (the only call that waits on the driver).
     *
     * @param driver       the media driver to use.
     * @param bindHost     address to receive on (a dotted quad or 0.0.0.0).
     * @param bindPort     UDP port to receive on.
     * @param streamId     Aeron stream id shared by every process of a cluster.
     * @param mtuLength    MTU of publications (multiple of 32).
     * @param termLength   term length of publications (power of two, at least 64 KiB).
     * @param backlog      bounds of the per-remote backlog (concluded).
     * @param counters     counts drops.
     * @param errorHandler receives client errors.
     * @throws IllegalArgumentException if the backlog cannot hold one whole frame.
     */
    public AeronTransport(
        final DriverHandle driver,
        final String bindHost,
        final int bindPort,
        final int streamId,
        final int mtuLength,
        final int termLength,
        final BacklogConfig backlog,
        final CounterSink counters,
        final ErrorHandler errorHandler)
    {
        if (backlog.enabled() && backlog.maxBytes() < mtuLength - DataHeaderFlyweight.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("backlog maxBytes=" + backlog.maxBytes() +
                " must hold one frame of " + (mtuLength - DataHeaderFlyweight.HEADER_LENGTH) + " bytes");
        }
        this.backlogConfig = backlog;
        this.holdOnBackPressure = backlog.enabled() && backlog.holdOnBackPressure();
        this.driverInvoker = driver.invoker();
        this.streamId = streamId;
        this.mtuLength = mtuLength;
        this.termLength = termLength;
        this.maxFrameLength = mtuLength - DataHeaderFlyweight.HEADER_LENGTH;
        this.counters = counters;
        this.errorHandler = errorHandler;

        final Aeron.Context ctx = new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .useConductorAgentInvoker(true)
            .errorHandler(errorHandler)
            .subscriberErrorHandler(errorHandler)
            .clientName("starling");
        if (null != driverInvoker)
        {
            ctx.driverAgentInvoker(driverInvoker);
        }
        aeron = Aeron.connect(ctx);
        clientInvoker = aeron.conductorAgentInvoker();
        try
        {
            subscription = aeron.addSubscription(subscriptionChannel(bindHost, bindPort), streamId);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    /**
     * @param bindHost address.
     * @param bindPort port.
     * @return the subscription channel, with a {@link #SOCKET_RCVBUF_LENGTH_DEFAULT} receive buffer.
     */
    public static String subscriptionChannel(final String bindHost, final int bindPort)
    {
        return "aeron:udp?endpoint=" + bindHost + ":" + bindPort + "|reliable=false|so-rcvbuf=" +
            SOCKET_RCVBUF_LENGTH_DEFAULT;
    }

    /**
     * @param ipv4       remote address.
     * @param port       remote port.
     * @param mtuLength  MTU.
     * @param termLength term length.
     * @return the publication channel.
     */
    public static String publicationChannel(final int ipv4, final int port, final int mtuLength, final int termLength)
    {
        return "aeron:udp?endpoint=" + Endpoints.formatIpv4(ipv4) + ":" + port + "|mtu=" + mtuLength +
            "|term-length=" + termLength + "|linger=0|sparse=true";
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * The publication's available window towards the endpoint, or {@link Long#MAX_VALUE} while it has none yet or
     * is not connected (frames are then held or dropped by {@link #send} for those reasons).
     * {@inheritDoc}
     */
    public long windowBytes(final int dstIpv4, final int dstPort)
    {
        final Remote remote = remotes.get(Endpoints.key(dstIpv4, dstPort));
        final ExclusivePublication publication = null == remote ? null : remote.publication;
        return null == publication || !publication.isConnected() ? Long.MAX_VALUE : publication.availableWindow();
    }

    /**
     * {@inheritDoc}
     * <p>
     * A frame held in the backlog counts as handed on ({@code true}); if it is later dropped from there, the drop is
     * counted then.
     */
    public boolean send(
        final int dstIpv4, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > maxFrameLength)
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return false;
        }
        final long key = Endpoints.key(dstIpv4, dstPort);
        Remote remote = remotes.get(key);
        if (null == remote)
        {
            remote = new Remote(key, publicationChannel(dstIpv4, dstPort, mtuLength, termLength),
                backlogConfig.enabled() ? new FrameBacklog(backlogConfig.maxFrames(), backlogConfig.maxBytes()) : null);
            remotes.put(key, remote);
            addPending(remote);
        }
        final ExclusivePublication publication = remote.publication;
        if (null == publication || (null != remote.backlog && !remote.backlog.isEmpty()))
        {
            if (null != publication && remote.wasConnected && !publication.isConnected())
            {
                counters.increment(TransportCounters.DROP_NOT_CONNECTED);
                return false;
            }
            // Not there yet, or older frames wait: keep the order, doWork sends them once connected.
            return hold(remote, buffer, offset, length);
        }

        long result = publication.offer(buffer, offset, length);
        if (Publication.ADMIN_ACTION == result)
        {
            // The offer crossed into a new term and rotated the log: Aeron's contract is to offer again at once.
            // Without this, every term rotation (each ~700 small frames on a 64 KiB term) cost one frame.
            result = publication.offer(buffer, offset, length);
        }
        if (result > 0)
        {
            remote.wasConnected = true;
            return true;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            if (holdOnBackPressure)
            {
                // The receiver's window is full (a push-pull burst is larger than it): pace, do not cut.
                return hold(remote, buffer, offset, length);
            }
            counters.increment(TransportCounters.DROP_BACK_PRESSURE);
        }
        else if (Publication.NOT_CONNECTED == result)
        {
            if (!remote.wasConnected)
            {
                return hold(remote, buffer, offset, length);
            }
            // It was connected and lost its subscriber: that process is gone or restarting; holding is pointless.
            counters.increment(TransportCounters.DROP_NOT_CONNECTED);
        }
        else
        {
            // CLOSED or MAX_POSITION_EXCEEDED: replace the publication; this frame waits for the new one.
            replacePublication(remote);
            return hold(remote, buffer, offset, length);
        }
        return false;
    }

    public int poll(final FrameHandler handler, final int fragmentLimit)
    {
        frameHandler = handler;
        return subscription.poll(fragmentHandler, fragmentLimit);
    }

    public int doWork(final long nowNs)
    {
        int work = 0;
        if (null != driverInvoker)
        {
            work += driverInvoker.invoke();
        }
        work += clientInvoker.invoke();
        lastNowNs = nowNs;
        if (pendingCount > 0)
        {
            work += resolvePending(nowNs);
        }
        if (backloggedCount > 0)
        {
            work += serviceBacklogs(nowNs);
        }
        return work;
    }

    /**
     * After a duty cycle of at least {@link #FLUSH_MIN_DUTY_CYCLE_NS} since {@link #doWork(long)}, invoke an
     * INVOKER-mode driver while it reports work, at most {@link #DRIVER_INVOCATIONS_PER_DUTY_CYCLE_MAX} times: its
     * sender puts the cycle's frames on the wire at once, and its receiver reads every datagram that came during the
     * cycle (one per invocation) instead of one per duty cycle. Nothing without such a driver or after a short cycle.
     *
     * @param nowNs the time at the end of the duty cycle.
     * {@inheritDoc}
     */
    public int flush(final long nowNs)
    {
        int work = 0;
        if (null != driverInvoker && nowNs - lastNowNs >= FLUSH_MIN_DUTY_CYCLE_NS)
        {
            for (int i = 0; i < DRIVER_INVOCATIONS_PER_DUTY_CYCLE_MAX; i++)
            {
                final int driverWork = driverInvoker.invoke();
                if (0 == driverWork)
                {
                    break;
                }
                work += driverWork;
            }
        }
        return work;
    }

    /**
     * @return true if the Aeron client closed without {@link #close()} (its conductor was not serviced within the
     * driver's client liveness timeout, or the driver went away): the transport is gone for good.
     */
    public boolean isClientLost()
    {
        return !closed && aeron.isClosed();
    }

    /**
     * @return true while a publication is being added or frames wait in a backlog: {@link #doWork(long)} has work
     * soon, so an idle engine should not sleep long.
     */
    public boolean hasPendingPublications()
    {
        return pendingCount > 0 || backloggedCount > 0;
    }

    /**
     * @return frames held in the backlogs of every remote.
     */
    public int backlogFrames()
    {
        int frames = 0;
        for (int i = 0; i < backloggedCount; i++)
        {
            frames += backlogged[i].backlog.size();
        }
        return frames;
    }

    /**
     * @return publications available to remote endpoints.
     */
    public int publicationCount()
    {
        return publicationCount;
    }

    /**
     * @return remote endpoints whose publication is being added.
     */
    public int pendingCount()
    {
        return pendingCount;
    }

    /**
     * @return remote endpoints whose publication is connected (a subscriber answered).
     */
    public int connectedCount()
    {
        int connected = 0;
        for (final Remote remote : remotes.values())
        {
            if (null != remote.publication && remote.publication.isConnected())
            {
                connected++;
            }
        }
        return connected;
    }

    /**
     * @return the subscription's images: one per remote process publishing here.
     */
    public int imageCount()
    {
        return subscription.imageCount();
    }

    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(aeron);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        frameHandler.onFrame(buffer, offset, length);
    }

    private boolean hold(final Remote remote, final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameBacklog backlog = remote.backlog;
        if (null == backlog)
        {
            counters.increment(TransportCounters.DROP_NOT_CONNECTED);
            return false;
        }
        if (!backlog.add(buffer, offset, length, lastNowNs))
        {
            counters.increment(TransportCounters.DROP_BACKLOG_FULL);
            return false;
        }
        counters.increment(TransportCounters.FRAMES_BACKLOGGED);
        if (!remote.inBacklogList)
        {
            remote.inBacklogList = true;
            if (backloggedCount == backlogged.length)
            {
                backlogged = java.util.Arrays.copyOf(backlogged, backloggedCount * 2);
            }
            backlogged[backloggedCount++] = remote;
        }
        return true;
    }

    private int serviceBacklogs(final long nowNs)
    {
        int work = 0;
        final long maxAgeNs = backlogConfig.maxAgeNs();
        for (int i = backloggedCount - 1; i >= 0; i--)
        {
            final Remote remote = backlogged[i];
            final FrameBacklog backlog = remote.backlog;
            while (!backlog.isEmpty() && nowNs - backlog.headAddedNs() > maxAgeNs)
            {
                backlog.removeHead();
                counters.increment(TransportCounters.DROP_BACKLOG_EXPIRED);
            }
            final ExclusivePublication publication = remote.publication;
            if (null != publication && remote.wasConnected && !publication.isConnected())
            {
                // Its subscriber went away (the process died): nothing held for it will be sent.
                while (!backlog.isEmpty())
                {
                    backlog.removeHead();
                    counters.increment(TransportCounters.DROP_NOT_CONNECTED);
                }
            }
            else if (null != publication && publication.isConnected())
            {
                while (!backlog.isEmpty())
                {
                    final long result = publication.offer(backlog.buffer(), backlog.headOffset(), backlog.headLength());
                    if (result > 0)
                    {
                        remote.wasConnected = true;
                        backlog.removeHead();
                        counters.increment(TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG);
                        work++;
                    }
                    else
                    {
                        if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
                        {
                            replacePublication(remote);
                        }
                        break;
                    }
                }
            }
            if (backlog.isEmpty())
            {
                remote.inBacklogList = false;
                backlogged[i] = backlogged[--backloggedCount];
                backlogged[backloggedCount] = null;
            }
        }
        return work;
    }

    private void replacePublication(final Remote remote)
    {
        final ExclusivePublication publication = remote.publication;
        remote.publication = null;
        publicationCount--;
        CloseHelper.quietClose(publication);
        addPending(remote);
    }

    private void addPending(final Remote remote)
    {
        if (pendingCount == pending.length)
        {
            pending = java.util.Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = remote;
    }

    private int resolvePending(final long nowNs)
    {
        int work = 0;
        for (int i = pendingCount - 1; i >= 0; i--)
        {
            final Remote remote = pending[i];
            if (NO_REGISTRATION == remote.registrationId)
            {
                if (!remote.backingOff || nowNs - remote.retryAtNs >= 0)
                {
                    remote.backingOff = false;
                    try
                    {
                        remote.registrationId = aeron.asyncAddExclusivePublication(remote.channel, streamId);
                        work++;
                    }
                    catch (final RuntimeException ex)
                    {
                        backOff(remote, nowNs);
                        errorHandler.onError(ex);
                    }
                }
                continue;
            }

            try
            {
                final ExclusivePublication publication = aeron.getExclusivePublication(remote.registrationId);
                if (null != publication)
                {
                    remote.registrationId = NO_REGISTRATION;
                    if (publication.maxPayloadLength() < maxFrameLength)
                    {
                        errorHandler.onError(new IllegalStateException("publication " + remote.channel +
                            " maxPayloadLength=" + publication.maxPayloadLength() + " < frame budget " +
                            maxFrameLength));
                    }
                    remote.publication = publication;
                    publicationCount++;
                    removePending(i);
                    work++;
                }
            }
            catch (final RuntimeException ex)
            {
                remote.registrationId = NO_REGISTRATION;
                backOff(remote, nowNs);
                errorHandler.onError(ex);
            }
        }
        return work;
    }

    private static void backOff(final Remote remote, final long nowNs)
    {
        remote.backingOff = true;
        remote.retryAtNs = nowNs + REGISTRATION_RETRY_NS;
    }

    private void removePending(final int index)
    {
        pending[index] = pending[--pendingCount];
        pending[pendingCount] = null;
    }
}

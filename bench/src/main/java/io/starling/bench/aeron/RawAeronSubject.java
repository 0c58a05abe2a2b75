package io.starling.bench.aeron;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.starling.bench.scenario.ReplyHandler;
import io.starling.bench.scenario.RoundTripSubject;
import io.starling.bench.support.WireSizes;
import io.starling.driver.DriverPreset;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * The baseline: raw Aeron ping-pong between this process and an {@link AeronPong} child process over UDP on the
 * loopback address, each process with its own media driver of the same preset. A request is a message the size
 * of a Starling ping frame with 6 piggybacked updates ({@link WireSizes#pingFrameLengthBytes(int)}), claimed and
 * committed in place in an exclusive publication, whose first 8 bytes are the stamp; the child echoes it.
 */
public final class RawAeronSubject implements RoundTripSubject, FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 16;

    private final DriverPreset preset;
    private final int messageLengthBytes;
    private final BufferClaim claim = new BufferClaim();
    private AeronClientLoop loop;
    private PongProcess pong;
    private Subscription subscription;
    private ExclusivePublication publication;
    private ReplyHandler handler;

    /**
     * @param preset driver preset of both processes.
     */
    public RawAeronSubject(final DriverPreset preset)
    {
        this(preset, WireSizes.pingFrameLengthBytes(WireSizes.BASELINE_PING_UPDATES));
    }

    /**
     * @param preset             driver preset of both processes.
     * @param messageLengthBytes request length, at least 8.
     */
    public RawAeronSubject(final DriverPreset preset, final int messageLengthBytes)
    {
        if (messageLengthBytes < Long.BYTES)
        {
            throw new IllegalArgumentException("messageLengthBytes=" + messageLengthBytes + " must be at least 8");
        }
        this.preset = preset;
        this.messageLengthBytes = messageLengthBytes;
    }

    public String id()
    {
        return "raw";
    }

    public String description()
    {
        final int updates = (messageLengthBytes - WireSizes.pingFrameLengthBytes(0)) / WireSizes.UPDATE_LENGTH_BYTES;
        final boolean pingSized = updates >= 0 && WireSizes.pingFrameLengthBytes(updates) == messageLengthBytes;
        return "raw Aeron ping-pong, two processes with one media driver each, UDP on loopback, " +
            messageLengthBytes + "-byte messages" +
            (pingSized ? " (the length of a Starling Ping frame with " + updates + " updates)" : "");
    }

    public String preset()
    {
        return AeronChannels.presetName(preset);
    }

    public int messageLengthBytes()
    {
        return messageLengthBytes;
    }

    public void connect(final long timeoutNs)
    {
        final int pingPort = AeronChannels.freeUdpPort();
        final int pongPort = AeronChannels.freeUdpPort();
        try
        {
            loop = new AeronClientLoop(preset);
            subscription = loop.aeron().addSubscription(AeronChannels.udp(pongPort), AeronChannels.PONG_STREAM_ID);
            publication = loop.aeron().addExclusivePublication(
                AeronChannels.udp(pingPort), AeronChannels.PING_STREAM_ID);
            pong = new PongProcess(preset, pingPort, pongPort);
        }
        catch (final IOException ex)
        {
            close();
            throw new UncheckedIOException(ex);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }

        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!publication.isConnected() || !subscription.isConnected())
        {
            loop.doWork();
            if (System.nanoTime() - deadlineNs > 0)
            {
                close();
                throw new IllegalStateException("ping-pong did not connect in time (publication connected: " +
                    publication.isConnected() + ", subscription connected: " + subscription.isConnected() + ")");
            }
            Thread.onSpinWait();
        }
    }

    public boolean trySend(final long stampNs)
    {
        if (publication.tryClaim(messageLengthBytes, claim) > 0)
        {
            claim.buffer().putLong(claim.offset(), stampNs);
            claim.commit();
            return true;
        }
        return false;
    }

    public int poll(final ReplyHandler handler)
    {
        this.handler = handler;
        return loop.doWork() + subscription.poll(this, FRAGMENT_LIMIT);
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        handler.onReply(buffer.getLong(offset));
    }

    /**
     * @return the pong child process, once connected.
     */
    public PongProcess pong()
    {
        return pong;
    }

    public void close()
    {
        CloseHelper.closeAll(publication, subscription, pong, loop);
        publication = null;
        subscription = null;
        pong = null;
        loop = null;
    }
}

package io.starling.bench.aeron;

import java.io.IOException;
import java.io.InputStream;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.starling.driver.DriverPreset;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The pong side of the raw Aeron baseline, run as a child process by {@link PongProcess}: its own media driver
 * with the given preset, a subscription on the ping channel, and an exclusive publication on the pong channel
 * that echoes every message unchanged. Busy-spins on one thread. Prints {@code READY} on standard output once
 * both are set up, and exits when its standard input closes (the parent's end of the pipe).
 * <p>
 * Arguments: {@code PRESET PING_PORT PONG_PORT}.
 */
public final class AeronPong implements ControlledFragmentHandler
{
    /** Line printed once the subscription and publication exist. */
    public static final String READY = "READY";

    private static volatile boolean running = true;

    private final UnsafeBuffer pending = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64 * 1024, 64));
    private int pendingLength;

    private AeronPong()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3)
        {
            System.err.println("usage: AeronPong PRESET PING_PORT PONG_PORT");
            System.exit(2);
        }
        final DriverPreset preset = AeronChannels.parsePreset(args[0]);
        final int pingPort = Integer.parseInt(args[1]);
        final int pongPort = Integer.parseInt(args[2]);

        final Thread watcher = new Thread(AeronPong::awaitStdinClosed, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();

        try (AeronClientLoop loop = new AeronClientLoop(preset);
            Subscription subscription = loop.aeron().addSubscription(
                AeronChannels.udp(pingPort), AeronChannels.PING_STREAM_ID);
            ExclusivePublication publication = loop.aeron().addExclusivePublication(
                AeronChannels.udp(pongPort), AeronChannels.PONG_STREAM_ID))
        {
            System.out.println(READY);
            System.out.flush();
            new AeronPong().run(loop, subscription, publication);
        }
        System.exit(0);
    }

    private static void awaitStdinClosed()
    {
        final InputStream in = System.in;
        try
        {
            while (in.read() >= 0)
            {
                // ignore anything sent; EOF means the parent is done or gone
            }
        }
        catch (final IOException ignore)
        {
            // treat as closed
        }
        running = false;
    }

    private void run(final AeronClientLoop loop, final Subscription subscription, final ExclusivePublication pub)
    {
        int iterations = 0;
        while (true)
        {
            loop.doWork();
            if (pendingLength > 0)
            {
                if (pub.offer(pending, 0, pendingLength) > 0)
                {
                    pendingLength = 0;
                }
            }
            else
            {
                subscription.controlledPoll(this, 1);
            }
            if ((++iterations & 0x3FF) == 0 && !running)
            {
                return;
            }
        }
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        pending.putBytes(0, buffer, offset, length);
        pendingLength = length;
        return Action.BREAK;
    }
}

package io.starling.engine.api;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * Shared helpers of the engine tests: fast protocol periods, free ports, waiting for a condition.
 */
public final class EngineTestSupport
{
    private EngineTestSupport()
    {
    }

    /**
     * @return protocol settings with a 100 ms probe period, for tests that must finish in seconds.
     */
    public static ProtocolConfig fastProtocol()
    {
        return new ProtocolConfig()
            .probeIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
            .probeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50))
            .gossipIntervalNs(TimeUnit.MILLISECONDS.toNanos(50))
            .pushPullIntervalNs(TimeUnit.SECONDS.toNanos(2))
            .reconnectIntervalNs(TimeUnit.SECONDS.toNanos(2));
    }

    /**
     * @return a context on loopback with a free port, fast protocol periods and a gentle idle strategy.
     */
    public static StarlingEngine.Context loopbackContext()
    {
        return new StarlingEngine.Context()
            .bindHost("127.0.0.1")
            .bindPort(freeUdpPort())
            .protocolConfig(fastProtocol())
            .idleStrategy(new SleepingMillisIdleStrategy(1));
    }

    /**
     * @return a UDP port free at the time of the call.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Wait for a condition.
     *
     * @param timeoutMs longest wait.
     * @param condition to wait for.
     * @return true if it held before the timeout.
     */
    public static boolean await(final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /**
     * @param engine an engine.
     * @return true if every hosted node sees every hosted node of the engine alive.
     */
    public static boolean allSeeAll(final StarlingEngine engine, final int expected)
    {
        for (int i = 0, n = engine.nodeIds().length; i < n; i++)
        {
            if (engine.liveMemberCount(i) != expected)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param directory an engine directory.
     * @return true if it no longer exists.
     */
    public static boolean gone(final File directory)
    {
        return !directory.exists();
    }

    /**
     * @param engine a running engine.
     * @return the text of its distinct error log.
     */
    public static String errors(final StarlingEngine engine)
    {
        final StringBuilder sb = new StringBuilder();
        try (io.starling.engine.metrics.MetricsFile file = io.starling.engine.metrics.MetricsFile.mapExisting(
            new File(engine.directory(), io.starling.engine.metrics.MetricsFile.FILE_NAME)))
        {
            org.agrona.concurrent.errors.ErrorLogReader.read(file.errorLogBuffer(),
                (count, first, last, text) -> sb.append(count).append(" x ").append(text).append('\n'));
        }
        return sb.toString();
    }
}

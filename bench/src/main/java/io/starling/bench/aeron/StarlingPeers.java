package io.starling.bench.aeron;

import java.util.concurrent.TimeUnit;

import io.starling.driver.DriverPreset;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.concurrent.BusySpinIdleStrategy;

/**
 * Engines for the Starling side of the round-trip comparison: one node per engine, a short probe period, the
 * agent busy-spinning (like the raw baseline's threads) and the media driver of the given preset.
 */
public final class StarlingPeers
{
    /**
     * On-demand pings in flight at once: the open-loop load must be limited by the path (as the raw baseline is by
     * its publication window), not by the engine's default bound.
     */
    public static final int OUTSTANDING_PINGS_MAX = 1 << 16;

    private StarlingPeers()
    {
    }

    /**
     * @param preset   driver preset (driver-config's names; the engine has the same ones).
     * @param bindPort UDP port on 127.0.0.1.
     * @param periodMs probe period.
     * @param seedPort port of a process to join, or 0.
     * @return a concluded-on-launch context.
     */
    public static StarlingEngine.Context context(
        final DriverPreset preset, final int bindPort, final int periodMs, final int seedPort)
    {
        final ProtocolConfig protocol = new ProtocolConfig()
            .probeIntervalNs(TimeUnit.MILLISECONDS.toNanos(periodMs))
            .probeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(periodMs) / 2)
            .gossipIntervalNs(TimeUnit.MILLISECONDS.toNanos(Math.max(1, periodMs / 5)))
            .outstandingPingsMax(OUTSTANDING_PINGS_MAX);
        final StarlingEngine.Context ctx = new StarlingEngine.Context()
            .bind(AeronChannels.HOST + ":" + bindPort)
            .nodeCount(1)
            .protocolConfig(protocol)
            .driverPreset(io.starling.engine.transport.DriverPreset.valueOf(preset.name()))
            .idleStrategy(new BusySpinIdleStrategy());
        if (seedPort > 0)
        {
            ctx.seeds(AeronChannels.HOST + ":" + seedPort);
        }
        return ctx;
    }

    /**
     * The remote engine, run as a child process: prints {@link AeronPong#READY} once launched and closes when its
     * standard input closes. Arguments: {@code PRESET BIND_PORT PERIOD_MS}.
     *
     * @param args arguments.
     * @throws Exception if the engine fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3)
        {
            System.err.println("usage: StarlingPeers PRESET BIND_PORT PERIOD_MS");
            System.exit(2);
        }
        final DriverPreset preset = AeronChannels.parsePreset(args[0]);
        try (StarlingEngine engine = StarlingEngine.launch(
            context(preset, Integer.parseInt(args[1]), Integer.parseInt(args[2]), 0)))
        {
            System.out.println(AeronPong.READY);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // wait for the parent to close the pipe
            }
        }
        System.exit(0);
    }
}

package io.starling.bench.aeron;

import java.util.concurrent.TimeUnit;

import io.starling.driver.DriverPreset;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.concurrent.BusySpinIdleStrategy;

/**
 * Engines for the Starling side of the round-trip comparison: one node per engine, a short probe period, the
 * agent busy-spinning (like the raw baseline's threads) or, for the child of the {@code starling-sleep} subject,
 * sleeping with the engine's default {@link IdlePreset#SLEEP}, and the media driver of the given preset.
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
        return context(preset, bindPort, periodMs, seedPort, IdlePreset.SPIN);
    }

    /**
     * @param preset   driver preset (driver-config's names; the engine has the same ones).
     * @param bindPort UDP port on 127.0.0.1.
     * @param periodMs probe period.
     * @param seedPort port of a process to join, or 0.
     * @param idle     the engine's idle preset ({@link IdlePreset#SPIN}: Agrona's busy spin).
     * @return a concluded-on-launch context.
     */
    public static StarlingEngine.Context context(
        final DriverPreset preset, final int bindPort, final int periodMs, final int seedPort, final IdlePreset idle)
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
            .driverPreset(preset);
        if (IdlePreset.SPIN == idle)
        {
            ctx.idleStrategy(new BusySpinIdleStrategy());
        }
        else
        {
            ctx.idlePreset(idle);
        }
        if (seedPort > 0)
        {
            ctx.seeds(AeronChannels.HOST + ":" + seedPort);
        }
        return ctx;
    }

    /**
     * The remote engine, run as a child process: prints {@link AeronPong#READY} once launched and closes when its
     * standard input closes. Arguments: {@code PRESET BIND_PORT PERIOD_MS [IDLE]} (IDLE: spin, the default, sleep
     * or backoff).
     *
     * @param args arguments.
     * @throws Exception if the engine fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3 && args.length != 4)
        {
            System.err.println("usage: StarlingPeers PRESET BIND_PORT PERIOD_MS [spin|sleep|backoff]");
            System.exit(2);
        }
        final DriverPreset preset = AeronChannels.parsePreset(args[0]);
        final IdlePreset idle = args.length == 4 ? IdlePreset.valueOf(args[3].toUpperCase()) : IdlePreset.SPIN;
        try (StarlingEngine engine = StarlingEngine.launch(
            context(preset, Integer.parseInt(args[1]), Integer.parseInt(args[2]), 0, idle)))
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

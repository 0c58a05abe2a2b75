package io.starling.engine.api;

import java.util.concurrent.TimeUnit;

import io.starling.engine.protocol.ProtocolConfig;

/**
 * Named failure-detection settings, chosen from the simulator's trade-off sweep ({@code starling sim --sweep
 * detection}, {@code bench/results/detection.md}). Opt-in: the protocol's defaults are not changed by a profile
 * unless one is set ({@code StarlingEngine.Context.detectionProfile}, {@code --detection} on the command line).
 */
public enum DetectionProfile
{
    /**
     * The protocol configuration as given (memberlist's LAN defaults unless changed): probe every 1 s, suspicion
     * multiplier 4, maximum multiplier 6. Every live node of 1,000 knows of a death about 14.3 s after it (p50).
     */
    DEFAULT,

    /**
     * The default protocol on a clock twice as fast: probe every 500 ms, probe timeout 250 ms, gossip every 100 ms;
     * suspicion multipliers unchanged (4 and 6), so suspicion timeouts, counted in periods, are as long as the
     * default's. Measured on the simulator: every live node of 1,000 knows of a death 7.07 s after it (p50),
     * 0 false positives at 5% loss, and 49 false deaths of healthy members in Lifeguard's slow-member scenario
     * against 2,401 without Lifeguard at the same clock. Costs twice the probe and gossip messages.
     */
    FAST;

    /** Probe interval of {@link #FAST}. */
    public static final long FAST_PROBE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Probe timeout of {@link #FAST}. */
    public static final long FAST_PROBE_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Gossip interval of {@link #FAST}. */
    public static final long FAST_GOSSIP_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Set this profile's values in a protocol configuration that is not yet concluded. {@link #FAST} replaces the
     * probe interval, probe timeout and gossip interval; {@link #DEFAULT} changes nothing.
     *
     * @param config the configuration.
     * @return the same configuration.
     */
    public ProtocolConfig applyTo(final ProtocolConfig config)
    {
        if (FAST == this)
        {
            config.probeIntervalNs(FAST_PROBE_INTERVAL_NS)
                .probeTimeoutNs(FAST_PROBE_TIMEOUT_NS)
                .gossipIntervalNs(FAST_GOSSIP_INTERVAL_NS);
        }
        return config;
    }

    /**
     * Parse a command-line value.
     *
     * @param value {@code default} or {@code fast}, any case.
     * @return the profile.
     * @throws IllegalArgumentException naming {@code --detection} for any other value.
     */
    public static DetectionProfile parse(final String value)
    {
        if (null != value)
        {
            for (final DetectionProfile profile : values())
            {
                if (profile.name().equalsIgnoreCase(value.trim()))
                {
                    return profile;
                }
            }
        }
        throw new IllegalArgumentException("--detection must be default or fast, got '" + value + "'");
    }
}

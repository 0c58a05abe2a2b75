package io.starling.bench.scenario;

import io.starling.bench.aeron.RawAeronSubject;
import io.starling.bench.aeron.StarlingSubject;
import io.starling.driver.DriverPreset;

/**
 * The subjects {@link ScenarioMain} can measure, by id: the raw Aeron ping-pong baseline and Starling's on-demand
 * Ping to Ack between a node in this process and a node in a child process.
 */
public final class Subjects
{
    /** Id of the raw Aeron baseline. */
    public static final String RAW = "raw";
    /** Id of the Starling ping-to-ack measurement. */
    public static final String STARLING = "starling";

    /** Id of the same measurement with the child engine on the default idle preset, SLEEP, instead of a spin. */
    public static final String STARLING_SLEEP = "starling-sleep";

    private Subjects()
    {
    }

    /**
     * @param id     {@link #RAW} or {@link #STARLING}.
     * @param preset driver preset.
     * @return a new, unconnected subject (raw with messages the size of a Ping frame with 6 updates).
     * @throws IllegalArgumentException naming the id if it is unknown.
     */
    public static RoundTripSubject create(final String id, final DriverPreset preset)
    {
        return create(id, preset, io.starling.bench.support.WireSizes.pingFrameLengthBytes(
            io.starling.bench.support.WireSizes.BASELINE_PING_UPDATES));
    }

    /**
     * @param id              {@link #RAW} or {@link #STARLING}.
     * @param preset          driver preset.
     * @param rawMessageBytes request length of the raw subject (ignored by Starling, whose requests are Pings).
     * @return a new, unconnected subject.
     * @throws IllegalArgumentException naming the id if it is unknown.
     */
    public static RoundTripSubject create(final String id, final DriverPreset preset, final int rawMessageBytes)
    {
        switch (id)
        {
            case RAW:
                return new RawAeronSubject(preset, rawMessageBytes);
            case STARLING:
                return new StarlingSubject(preset);
            case STARLING_SLEEP:
                return new StarlingSubject(preset, io.starling.engine.host.IdlePreset.SLEEP);
            default:
                throw new IllegalArgumentException("subject '" + id + "' is not one of raw, starling, starling-sleep");
        }
    }
}

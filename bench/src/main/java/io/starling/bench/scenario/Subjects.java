package io.starling.bench.scenario;

import io.starling.bench.aeron.RawAeronSubject;
import io.starling.driver.DriverPreset;

/**
 * The subjects {@link ScenarioMain} can measure, by id. The Starling side plugs in here once the real-time host is
 * merged: a {@link RoundTripSubject} whose {@code id()} is {@code starling}, whose requests are Starling pings
 * from a node in this process to a node in a child process, answered by acks.
 */
public final class Subjects
{
    /** Id of the raw Aeron baseline. */
    public static final String RAW = "raw";
    /** Id of the Starling ping-to-ack measurement. */
    public static final String STARLING = "starling";

    private Subjects()
    {
    }

    /**
     * @param id     {@link #RAW} or {@link #STARLING}.
     * @param preset driver preset.
     * @return a new, unconnected subject.
     * @throws IllegalArgumentException naming the id if it is unknown or not available yet.
     */
    public static RoundTripSubject create(final String id, final DriverPreset preset)
    {
        switch (id)
        {
            case RAW:
                return new RawAeronSubject(preset);
            case STARLING:
                throw new IllegalArgumentException("subject 'starling' is not wired yet as a round-trip subject: " +
                    "it needs a host hook to send one probe on demand (ScenarioMain --subject starling measures " +
                    "the engine's own probes instead), see bench/results/README.md");
            default:
                throw new IllegalArgumentException("subject '" + id + "' is not one of raw, starling");
        }
    }
}

package io.starling.bench.scenario;

import java.util.List;

import io.starling.driver.DriverPreset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioMainTest
{
    @Test
    void parsesFlags()
    {
        final ScenarioMain main = new ScenarioMain();
        assertTrue(main.parse(new String[] {
            "--presets", "low-latency", "--round-trips", "10", "--open-loop-rates", "none" }));
        assertEquals(List.of(DriverPreset.LOW_LATENCY), main.presets());
        assertEquals(10, main.roundTrips());
        assertTrue(main.openLoopRates().isEmpty());
        assertEquals(List.of(Subjects.STARLING, Subjects.RAW), main.subjects(), "both by default, Starling first");
        assertTrue(main.parse(new String[] { "--subjects", "raw" }));
        assertEquals(List.of(Subjects.RAW), main.subjects());
        assertFalse(new ScenarioMain().parse(new String[] { "--help" }));
    }

    @Test
    void roundsAlternateTheSubjectsOrder()
    {
        final ScenarioMain main = new ScenarioMain();
        assertEquals(1, main.rounds(), "one round by default");
        assertTrue(main.parse(new String[] { "--subjects", "starling,starling-sleep,raw", "--rounds", "3" }));
        assertEquals(3, main.rounds());
        assertEquals(List.of(Subjects.STARLING, Subjects.STARLING_SLEEP, Subjects.RAW), main.roundOrder(1));
        assertEquals(List.of(Subjects.RAW, Subjects.STARLING_SLEEP, Subjects.STARLING), main.roundOrder(2));
        assertEquals(List.of(Subjects.STARLING, Subjects.STARLING_SLEEP, Subjects.RAW), main.roundOrder(3));
        assertEquals(List.of(Subjects.STARLING, Subjects.STARLING_SLEEP, Subjects.RAW), main.subjects(),
            "the files and the ratio table keep the given order");
    }

    @Test
    void badFlagsNameTheFlag()
    {
        assertMessageStarts("--presets", "--presets", "fast");
        assertMessageStarts("--round-trips", "--round-trips", "0");
        assertMessageStarts("--open-loop-rates", "--open-loop-rates", "1000,-5");
        assertMessageStarts("--subject", "--subject", "zmq");
        assertMessageStarts("--subjects", "--subjects", "raw,raw");
        assertMessageStarts("--raw-message-bytes", "--raw-message-bytes", "4");
        assertMessageStarts("--raw-message-bytes", "--raw-message-bytes", "2000");
        assertMessageStarts("--warmup", "--warmup");
        assertMessageStarts("--rounds", "--rounds", "0");
        assertMessageStarts("--rounds", "--rounds", "two");
        assertMessageStarts("unknown option --frobnicate", "--frobnicate", "1");
    }

    @Test
    void unknownSubjectIsNamed()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Subjects.create("zmq", DriverPreset.DENSITY));
        assertTrue(ex.getMessage().contains("'zmq'"), ex.getMessage());
    }

    private static void assertMessageStarts(final String prefix, final String... args)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new ScenarioMain().parse(args));
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}

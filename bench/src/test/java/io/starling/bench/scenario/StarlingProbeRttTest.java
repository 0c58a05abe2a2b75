package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.driver.DriverPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real engines in two processes probe each other, and the summary lands where the ratio table looks for it.
 */
class StarlingProbeRttTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesTheStarlingSummaryAndTheRatioAgainstTheRawBaseline() throws IOException
    {
        final File out = dir.toFile();
        JSON.writeValue(RatioTable.rawFile(out, "density"), Map.of("p50_us", 10.0, "p90_us", 20.0, "p99_us", 40.0,
            "p99_9_us", 80.0, "max_us", 100.0));

        final File file = StarlingProbeRtt.run(DriverPreset.DENSITY, 10, 2, out);
        assertEquals(RatioTable.starlingFile(out, "density"), file);
        final JsonNode summary = JSON.readTree(file);
        assertEquals("starling", summary.get("subject").asText());
        assertEquals("aeron_rtt", summary.get("kind").asText());
        assertEquals(2, summary.get("live_members_at_end").asInt());
        assertTrue(summary.get("count").asLong() > 0, "probes were acknowledged");
        assertTrue(summary.get("p50_us").asDouble() > 0);
        assertTrue(summary.get("max_us").asDouble() >= summary.get("p50_us").asDouble());

        final File ratio = RatioTable.writeIfBothPresent(out, "density");
        assertNotNull(ratio);
        assertEquals(summary.get("p50_us").asDouble() / 10.0,
            JSON.readTree(ratio).get("ratios").get("p50").asDouble(), 0.01);
    }
}

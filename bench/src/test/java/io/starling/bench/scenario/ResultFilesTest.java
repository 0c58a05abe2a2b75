package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultFilesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesHgrmInMicrosecondsAndASummary() throws IOException
    {
        final Histogram h = LatencyHistograms.newHistogram();
        for (int i = 1; i <= 1_000; i++)
        {
            h.recordValue(i * 1_000L);
        }
        final File json = new LatencyResult("aeron-rtt-raw-density", "aeron_rtt", "aeron-rtt", h)
            .put("preset", "density")
            .write(dir.toFile());
        final JsonNode summary = JSON.readTree(json);
        assertEquals("aeron_rtt", summary.get("kind").asText());
        assertEquals("density", summary.get("preset").asText());
        assertEquals(1_000, summary.get("count").asLong());
        assertEquals(500.0, summary.get("p50_us").asDouble(), 1.0);
        assertEquals(900.0, summary.get("p90_us").asDouble(), 1.0);
        assertEquals(990.0, summary.get("p99_us").asDouble(), 1.0);
        assertEquals(999.0, summary.get("p99_9_us").asDouble(), 1.0);
        assertEquals(1_000.0, summary.get("max_us").asDouble(), 1.0);
        assertEquals("aeron-rtt-raw-density.hgrm", summary.get("histogram_file").asText());
        assertTrue(summary.get("machine").get("nproc").asInt() > 0);

        final List<String> hgrm = Files.readAllLines(dir.resolve("aeron-rtt-raw-density.hgrm"), StandardCharsets.UTF_8);
        assertTrue(hgrm.get(0).contains("Value") && hgrm.get(0).contains("Percentile"));
        final String[] p50 = hgrm.stream().filter(l -> l.contains(" 0.500000000000 ")).findFirst().orElseThrow()
            .trim().split("\\s+");
        assertEquals(500.0, Double.parseDouble(p50[0]), 1.0, "values in microseconds");
    }

    @Test
    void ratioTableNeedsBothSummaries() throws IOException
    {
        final File d = dir.toFile();
        assertNull(RatioTable.writeIfBothPresent(d, "density"));
        JSON.writeValue(RatioTable.rawFile(d, "density"), Map.of("p50_us", 10.0, "p90_us", 20.0, "p99_us", 40.0,
            "p99_9_us", 80.0, "max_us", 100.0));
        assertNull(RatioTable.writeIfBothPresent(d, "density"));
        JSON.writeValue(RatioTable.starlingFile(d, "density"), Map.of("p50_us", 15.0, "p90_us", 20.0,
            "p99_us", 80.0, "p99_9_us", 40.0, "max_us", 300.0));
        final File ratio = RatioTable.writeIfBothPresent(d, "density");
        final JsonNode ratios = JSON.readTree(ratio).get("ratios");
        assertEquals(1.5, ratios.get("p50").asDouble(), 1e-9);
        assertEquals(1.0, ratios.get("p90").asDouble(), 1e-9);
        assertEquals(2.0, ratios.get("p99").asDouble(), 1e-9);
        assertEquals(0.5, ratios.get("p99_9").asDouble(), 1e-9);
        assertEquals(3.0, ratios.get("max").asDouble(), 1e-9);
        assertNull(RatioTable.writeIfBothPresent(d, "low-latency"));
    }
}

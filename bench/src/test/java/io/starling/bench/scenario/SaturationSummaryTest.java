package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaturationSummaryTest
{
    @TempDir
    Path dir;

    private static OpenLoopLoad.Result run(final double rate, final long medianNs, final long sent, final long received)
    {
        final Histogram h = LatencyHistograms.newHistogram();
        for (int i = 0; i < 100; i++)
        {
            LatencyHistograms.record(h, medianNs);
        }
        return new OpenLoopLoad.Result(h, rate, 1_000_000_000L, sent, received, 0);
    }

    @Test
    void namesTheHighestSustainedAndTheFirstQueueingRate() throws IOException
    {
        final SaturationSummary s = new SaturationSummary("starling", "density");
        s.add(run(1_000, 20_000, 1_000, 1_000));
        s.add(run(5_000, 150_000, 5_000, 5_000));    // 7.5x the baseline median: still sustained
        s.add(run(20_000, 900_000, 20_000, 20_000)); // 45x: queueing
        s.add(run(50_000, 30_000, 50_000, 49_000));  // lost replies
        assertEquals(5_000, s.highestSustainedRate());
        assertEquals(20_000, s.lowestUnsustainedRate());

        final JsonNode json = new ObjectMapper().readTree(s.write(dir.toFile()));
        assertEquals("aeron_open_loop_summary", json.get("kind").asText());
        assertEquals(4, json.get("rows").size());
        assertTrue(json.get("rows").get(1).get("sustained").asBoolean());
        assertFalse(json.get("rows").get(3).get("sustained").asBoolean());
        assertEquals(20_000, json.get("lowest_unsustained_rate_per_s").asDouble());
        assertTrue(new File(dir.toFile(), "aeron-openloop-summary-starling-density.json").isFile());
    }

    @Test
    void everyRateSustainedLeavesNoUpperBound() throws IOException
    {
        final SaturationSummary s = new SaturationSummary("raw", "density");
        assertNull(s.write(dir.toFile()));
        s.add(run(1_000, 20_000, 1_000, 1_000));
        s.add(run(2_000, 21_000, 2_000, 2_000));
        assertTrue(Double.isInfinite(s.lowestUnsustainedRate()));
        assertTrue(new ObjectMapper().readTree(s.write(dir.toFile())).get("lowest_unsustained_rate_per_s").isNull());
    }
}

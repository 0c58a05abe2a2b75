package io.starling.tools.report;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latency page plots a run only with its conditions stated and beside its counterpart: the rule that kept the
 * oversubscribed LOW_LATENCY raw run of 2026-11-21 off the open-loop plot.
 */
class LatencyExclusionTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(final String subject, final String preset, final int nproc, final boolean machine)
        throws Exception
    {
        return JSON.readTree("{\"kind\":\"aeron_open_loop\",\"subject\":\"" + subject + "\",\"preset\":\"" + preset +
            "\",\"rate_per_s\":1000.0" + (machine ? ",\"date\":\"2026-11-21T07:48:16Z\",\"machine\":{\"nproc\":" +
            nproc + "}" : "") + "}");
    }

    private static ReportInputs.Latency latency(final JsonNode summary)
    {
        return new ReportInputs.Latency(new PercentileCurve("x", new double[0], new double[0], 0), summary,
            "aeron-openloop", null);
    }

    @Test
    void aPairOfTheSamePresetAndRateIsPlotted() throws Exception
    {
        final JsonNode raw = run("raw", "density", 2, true);
        final JsonNode starling = run("starling", "density", 2, true);
        assertNull(ReportWriter.exclusionReason(raw, List.of(latency(raw), latency(starling))));
        assertNull(ReportWriter.exclusionReason(starling, List.of(latency(raw), latency(starling))));
    }

    @Test
    void aRunWithoutItsCounterpartOrItsConditionsIsListedNotPlotted() throws Exception
    {
        final JsonNode raw = run("raw", "density", 2, true);
        assertTrue(ReportWriter.exclusionReason(raw, List.of(latency(raw))).startsWith("no starling run"));
        final JsonNode bare = run("raw", "density", 2, false);
        assertTrue(ReportWriter.exclusionReason(bare, List.of(latency(bare))).startsWith("conditions not recorded"));
    }

    @Test
    void lowLatencyOnTooFewCoresIsOversubscribed() throws Exception
    {
        final JsonNode raw = run("raw", "low-latency", 2, true);
        final JsonNode starling = run("starling", "low-latency", 2, true);
        assertTrue(ReportWriter.exclusionReason(raw, List.of(latency(raw), latency(starling))).contains("oversubscribed"));
        final JsonNode big = run("raw", "low-latency", 16, true);
        final JsonNode bigStarling = run("starling", "low-latency", 16, true);
        assertNull(ReportWriter.exclusionReason(big, List.of(latency(big), latency(bigStarling))));
    }
}

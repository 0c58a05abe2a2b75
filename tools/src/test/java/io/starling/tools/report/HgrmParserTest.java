package io.starling.tools.report;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HgrmParserTest
{
    @Test
    void readsAnHdrHistogramDistributionThatAgreesWithItsSummary() throws Exception
    {
        final Path hgrm = fixture("aeron-rtt-raw-density.hgrm");
        final JsonNode summary = new ObjectMapper().readTree(fixture("aeron-rtt-raw-density.json").toFile());
        final PercentileCurve curve = HgrmParser.parse(hgrm, "raw");
        assertEquals(summary.get("count").asLong(), curve.totalCount());
        assertEquals(summary.get("p50_us").asDouble(), curve.valueAt(0.5), 0.01);
        assertEquals(summary.get("p90_us").asDouble(), curve.valueAt(0.9), 0.01);
        assertEquals(summary.get("max_us").asDouble(), curve.valueAt(1.0), summary.get("max_us").asDouble() * 1e-3);
        for (int i = 1; i < curve.percentiles().length; i++)
        {
            assertTrue(curve.percentiles()[i] >= curve.percentiles()[i - 1]);
            assertTrue(curve.values()[i] >= curve.values()[i - 1]);
        }
    }

    @Test
    void rejectsTextThatIsNotADistribution()
    {
        assertThrows(IllegalArgumentException.class, () -> HgrmParser.parse(List.of("hello"), "x", "x"));
        assertThrows(IllegalArgumentException.class, () -> HgrmParser.parse(List.of(
            "Value Percentile TotalCount 1/(1-Percentile)"), "x", "x"));
        final IllegalArgumentException decreasing = assertThrows(IllegalArgumentException.class,
            () -> HgrmParser.parse(List.of("Value Percentile TotalCount 1/(1-Percentile)",
                "10.0 0.5 5 2.0", "9.0 0.6 6 2.5"), "f.hgrm", "x"));
        assertTrue(decreasing.getMessage().startsWith("f.hgrm:3"), decreasing.getMessage());
    }

    @Test
    void percentileAxisLabels()
    {
        assertEquals("0%", Charts.percentileLabel(0.0));
        assertEquals("90%", Charts.percentileLabel(1.0));
        assertEquals("99%", Charts.percentileLabel(2.0));
        assertEquals("99.9%", Charts.percentileLabel(3.0));
        assertEquals("99.999%", Charts.percentileLabel(5.0));
        assertEquals("99.99999999%", Charts.percentileLabel(10.0));
        assertEquals("68.377%", Charts.percentileLabel(0.5));
        // Positions outside the axis still get distinct labels (XChart needs them to settle its ticks).
        assertTrue(!Charts.percentileLabel(-0.5).equals(Charts.percentileLabel(-1.0)));
    }

    private static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(HgrmParserTest.class.getResource("/report/" + name).toURI());
    }
}

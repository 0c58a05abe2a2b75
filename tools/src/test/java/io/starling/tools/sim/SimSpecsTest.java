package io.starling.tools.sim;

import io.starling.engine.sim.LatencyModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimSpecsTest
{
    @Test
    void shouldParsePartitions()
    {
        final SimSpecs.Partition half = SimSpecs.partition("50/50");
        assertEquals(0.5, half.firstFraction(), 1e-12);
        assertEquals(SimSpecs.DEFAULT_START_PERIODS, half.startPeriods());
        assertEquals(SimSpecs.DEFAULT_PARTITION_PERIODS, half.durationPeriods());
        assertEquals(50, half.firstGroupSize(100));

        final SimSpecs.Partition p = SimSpecs.partition("30/70@10+30");
        assertEquals(0.3, p.firstFraction(), 1e-12);
        assertEquals(10, p.startPeriods());
        assertEquals(30, p.durationPeriods());

        final SimSpecs.Partition f = SimSpecs.partition("0.2@3");
        assertEquals(0.2, f.firstFraction(), 1e-12);
        assertEquals(3, f.startPeriods());
        assertEquals(0, SimSpecs.partition("0.5+0").durationPeriods());
    }

    @Test
    void shouldRejectBadPartitions()
    {
        for (final String bad : new String[] {"", "0", "1", "1.5", "-0.2", "50/0", "abc", "50/50@x", "0.5+-1"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SimSpecs.partition(bad), bad);
            assertTrue(ex.getMessage().startsWith("--partition"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SimSpecs.partition("0.01").firstGroupSize(10));
    }

    @Test
    void shouldParsePauses()
    {
        final SimSpecs.Pause p = SimSpecs.pause("5:2000");
        assertEquals(5, p.count());
        assertEquals(2000, p.durationMs());
        assertEquals(SimSpecs.DEFAULT_START_PERIODS, p.startPeriods());
        assertEquals(3, SimSpecs.pause("1:10000@3").startPeriods());
        for (final String bad : new String[] {"3", "0:100", "x:100", "2:-5", "2:0", "2:100@-1"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SimSpecs.pause(bad), bad);
            assertTrue(ex.getMessage().startsWith("--pause"), ex.getMessage());
        }
    }

    @Test
    void shouldParseLatencies()
    {
        final LatencyModel constant = SimSpecs.latencyMs("2.5");
        assertEquals(LatencyModel.Kind.CONSTANT, constant.kind());
        assertEquals(2_500_000, constant.meanNs(), 1e-6);

        final LatencyModel uniform = SimSpecs.latencyMs("1-5");
        assertEquals(LatencyModel.Kind.UNIFORM, uniform.kind());
        assertEquals(3_000_000, uniform.meanNs(), 1e-6);

        assertEquals(LatencyModel.Kind.LOG_NORMAL, SimSpecs.latencyMs("lognormal:2,0.5,50").kind());
        for (final String bad : new String[] {"-1", "5-1", "lognormal:1,2", "lognormal:5,1,2", "lognormal:1,9,5", "x"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SimSpecs.latencyMs(bad), bad);
            assertTrue(ex.getMessage().startsWith("--latency-ms"), ex.getMessage());
        }
    }
}

package io.starling.engine.host;

import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.HostCounters;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hosted nodes start at their staggered times only while the duty cycles since the last start stayed within the
 * admission bound (a tenth of the probe timeout by default): a thread with no headroom starts no more joiners. The
 * clock is the test's and advances at every reading, so the duty cycles last what the test says.
 */
class StartAdmissionTest
{
    private static final int NODES = 10;

    @Test
    void longDutyCyclesHoldBackTheNextStartsAndShortOnesLetThemGo()
    {
        final long[] nowNs = { 1_000_000_000L };
        final long[] stepNs = { TimeUnit.MILLISECONDS.toNanos(20) };
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .useAgentInvoker(true)
            .nanoClock(() -> nowNs[0] += stepNs[0])
            .nodeCount(NODES)
            .startSpreadNs(TimeUnit.MILLISECONDS.toNanos(NODES))))
        {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(5), engine.context().startAdmissionMaxDutyCycleNs());
            // Every duty cycle lasts 20 ms, four times the bound: the first node starts, the others wait.
            for (int i = 0; i < 50; i++)
            {
                engine.invoker().invoke();
            }
            assertEquals(1, engine.hostCounter(HostCounters.NODES_STARTED), "started while the cycles were long");
            assertTrue(engine.hostCounter(HostCounters.STARTS_DEFERRED) > 0);

            // Half-millisecond cycles: the starts resume, one stagger (1 ms) apart.
            stepNs[0] = TimeUnit.MICROSECONDS.toNanos(500);
            for (int i = 0; i < 200 && engine.hostCounter(HostCounters.NODES_STARTED) < NODES; i++)
            {
                engine.invoker().invoke();
            }
            assertEquals(NODES, engine.hostCounter(HostCounters.NODES_STARTED));
        }
    }

    @Test
    void noBoundStartsOnTheStaggerWhateverTheDutyCycles()
    {
        final long[] nowNs = { 1_000_000_000L };
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .useAgentInvoker(true)
            .nanoClock(() -> nowNs[0] += TimeUnit.MILLISECONDS.toNanos(20))
            .nodeCount(NODES)
            .startSpreadNs(TimeUnit.MILLISECONDS.toNanos(NODES))
            .startAdmissionMaxDutyCycleNs(0)))
        {
            for (int i = 0; i < 5; i++)
            {
                engine.invoker().invoke();
            }
            assertEquals(NODES, engine.hostCounter(HostCounters.NODES_STARTED));
        }
    }
}

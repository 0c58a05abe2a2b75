package io.starling.engine.host;

import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Co-hosted nodes probe each other through the in-memory path. A duty cycle longer than the probe interval (a
 * process saturated by a burst of news) must not make their probes fail: the Ack of a Ping sent in a duty cycle is
 * delivered in that same duty cycle. The clock is the test's: every duty cycle takes 1.2 probe intervals, so an Ack
 * that waited for the next duty cycle would come after the probe's interval ended.
 */
final class CoHostedRoundTripTest
{
    private static final int NODES = 20;
    private static final long PROBE_INTERVAL_NS = EngineTestSupport.fastProtocol().probeIntervalNs();
    private static final long DUTY_CYCLE_NS = PROBE_INTERVAL_NS * 12 / 10;
    private static final int DUTY_CYCLES = 2_000;

    @Test
    void longDutyCyclesRaiseNoSuspicionAmongCoHostedNodes()
    {
        final long[] suspicionsAndProbes = run(StarlingEngine.Context.IN_MEMORY_ROUNDS_PER_DUTY_CYCLE_DEFAULT);
        assertTrue(suspicionsAndProbes[1] > NODES * 50, "probes sent " + suspicionsAndProbes[1]);
        assertEquals(0, suspicionsAndProbes[0], "suspicions raised");
    }

    @Test
    void deliveringInTheNextDutyCycleOnlyTimesOutEveryCoHostedProbe()
    {
        // The behaviour before the rounds existed: the Ping arrives in the next duty cycle, whose timers end the probe
        // before its Ack is delivered in the one after.
        final long[] suspicionsAndProbes = run(0);
        assertTrue(suspicionsAndProbes[0] > 0, "suspicions raised " + suspicionsAndProbes[0]);
    }

    private static long[] run(final int rounds)
    {
        final long[] nowNs = { 1_000_000_000L };
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .useAgentInvoker(true)
            .nanoClock(() -> nowNs[0])
            .nodeCount(NODES)
            .bootstrapCoHosted(true)
            .inMemoryRoundsPerDutyCycle(rounds)))
        {
            for (int i = 0; i < DUTY_CYCLES; i++)
            {
                nowNs[0] += DUTY_CYCLE_NS;
                engine.invoker().invoke();
            }
            return new long[] {
                engine.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED),
                engine.protocolCounter(ProtocolCounters.PROBES_SENT) };
        }
    }
}

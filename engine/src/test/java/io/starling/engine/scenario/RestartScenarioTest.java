package io.starling.engine.scenario;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.LatencyModel;
import io.starling.engine.sim.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 20-node process killed, declared dead everywhere, and restarted with the same ids: every live node must see
 * all 20 alive again within 5 protocol periods of the restart, and no view may drop them again afterwards. The
 * simulator gives each node its own endpoint in one shared directory, so the restart is at the same endpoint;
 * {@link ProcessRestartScenarioTest} restarts a process of 20 at a new endpoint, each process with its own directory.
 */
class RestartScenarioTest
{
    private static final long MS = 1_000_000L;
    private static final int PROCESS = 20;

    @Test
    void aRestartedProcessOfTwentyIsAliveEverywhereWithinFivePeriods()
    {
        restart(200, 9);
    }

    @Test
    @Tag("slow")
    void aRestartedProcessOfTwentyIsAliveEverywhereWithinFivePeriodsAtAThousand()
    {
        restart(1000, 9);
    }

    private static void restart(final int n, final long seed)
    {
        final long[] dropsAfter = new long[1];
        final boolean[] watching = new boolean[1];
        final MembershipObserver observer = (nowNs, nodeIndex, observerId, memberId, oldState, newState, inc) ->
        {
            if (watching[0] && MemberState.ALIVE != newState)
            {
                dropsAfter[0]++;
            }
        };
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(n)
            .seed(seed)
            .joinMode(JoinMode.PRE_CONVERGED)
            .latency(LatencyModel.uniform(MS / 2, 3 * MS))
            .protocolConfig(new ProtocolConfig())
            .observer(observer));
        sim.runPeriods(3);
        final int first = n - PROCESS;
        for (int i = first; i < n; i++)
        {
            sim.kill(i);
        }
        assertTrue(sim.runUntilAllKilledDetected(sim.periodsNs(120)), "the 20 are dead everywhere");
        sim.runPeriods(5);
        final long restartNs = sim.nowNs();
        for (int i = first; i < n; i++)
        {
            sim.restart(i);
        }
        final boolean converged = sim.runUntilConverged(sim.periodsNs(30));
        final double periods = sim.toPeriods(sim.nowNs() - restartNs);
        watching[0] = true;
        sim.runPeriods(60);
        System.out.printf("nodes=%d restarted=%d all_alive_everywhere_after_periods=%.2f non_alive_transitions_after=%d" +
            "%n", n, PROCESS, periods, dropsAfter[0]);
        assertTrue(converged, "every view true again");
        assertTrue(periods <= 5.0, "all 20 alive everywhere " + periods + " periods after the restart");
        assertEquals(0, dropsAfter[0], "transitions away from ALIVE after convergence (flaps)");
        assertTrue(sim.metrics().isConverged());
    }
}

package io.starling.engine.scenario;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.Simulation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lifeguard's headline result: members that are slow to process messages (their timers fire on time, their
 * inbound queue lags) wrongly accuse healthy members. With Lifeguard the slow members' local health scores rise
 * (their nacks come back late), stretching their own probe timeouts, and a lone accusation starts at the maximum
 * suspicion timeout, so the healthy member's refutation wins. Without it, every late-processed ack is a suspicion
 * that times out before the refutation is read.
 */
class LifeguardScenarioTest
{
    private static final long MS = 1_000_000L;
    private static final int N = 100;
    private static final int SLOW = 5;
    private static final long SLOW_DELAY_NS = 10_000 * MS;

    private static long falsePositivesAtHealthyMembers(final boolean lifeguard, final long seed)
    {
        final long[] count = new long[1];
        final int firstId = new Simulation.Context().firstNodeId();
        final MembershipObserver observer = new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
                if (MemberState.DEAD == newState && memberId - firstId >= SLOW)
                {
                    count[0]++;
                }
            }
        };
        final Simulation sim = new Simulation(SwimScenarioTest.context(N, seed, JoinMode.PRE_CONVERGED)
            .protocolConfig(new ProtocolConfig().lifeguardEnabled(lifeguard))
            .observer(observer));
        for (int i = 0; i < SLOW; i++)
        {
            sim.slowInbound(i, SLOW_DELAY_NS);
        }
        sim.runPeriods(300);
        return count[0];
    }

    @Test
    void lifeguardCutsFalsePositivesAtHealthyMembersTenfold()
    {
        long with = 0;
        long without = 0;
        for (long seed = 61; seed < 64; seed++)
        {
            with += falsePositivesAtHealthyMembers(true, seed);
            without += falsePositivesAtHealthyMembers(false, seed);
        }
        System.out.printf("Lifeguard scenario, N=%d with %d slow members (inbound lag %d ms), 300 periods x 3 " +
            "seeds: false positives at healthy members %d with Lifeguard, %d without%n",
            N, SLOW, SLOW_DELAY_NS / MS, with, without);
        assertTrue(without >= 10, "the scenario produces false positives without Lifeguard: " + without);
        assertTrue(10 * with <= without, "at least 10x fewer with Lifeguard: " + with + " vs " + without);
    }
}

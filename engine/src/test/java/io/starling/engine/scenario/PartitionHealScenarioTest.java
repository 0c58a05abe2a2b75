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
 * A 50/50 partition long enough for each side to declare the other dead, then healed: the state syncs that cross
 * the healed link carry each side's DEAD verdicts about the other, and an observer must not apply a DEAD about a
 * member of its own side (alive all along, next to it) at once: push-pull turns a remote DEAD into SUSPECT, so
 * the member refutes (memberlist's mergeState does the same).
 */
class PartitionHealScenarioTest
{
    private static final long MS = 1_000_000L;

    @Test
    void healedHalfAndHalfPartitionDeclaresNoMemberOfTheObserversOwnSideDead()
    {
        partitionAndHeal(200, 3);
    }

    /**
     * Open: at 1,000 (seed 3) the heal still declared 115 DEAD transitions of same-side members (of 499,000 pairs;
     * converged 145 periods after the heal). Each push-pull from the other side suspects ~500 members of the
     * receiver's own side at once, and some refutations are lost in the overflowing 512-entry queues.
     */
    @Test
    @Tag("slow")
    @org.junit.jupiter.api.Disabled("open: 115 same-side deaths at 1,000 nodes, see the Javadoc")
    void healedHalfAndHalfPartitionOfAThousandDeclaresNoMemberOfTheObserversOwnSideDead()
    {
        partitionAndHeal(1000, 3);
    }

    private static void partitionAndHeal(final int n, final long seed)
    {
        final int half = n / 2;
        final long[] sameSideDeaths = new long[1];
        final long[] otherSideDeaths = new long[1];
        final Simulation[] ref = new Simulation[1];
        final MembershipObserver observer = (nowNs, nodeIndex, observerId, memberId, oldState, newState, inc) ->
        {
            if (MemberState.DEAD == newState)
            {
                final int member = ref[0].indexOf(memberId);
                if ((nodeIndex < half) == (member < half))
                {
                    sameSideDeaths[0]++;
                }
                else
                {
                    otherSideDeaths[0]++;
                }
            }
        };
        final Simulation sim = new Simulation(new Simulation.Context()
            .nodes(n)
            .seed(seed)
            .joinMode(JoinMode.PRE_CONVERGED)
            .latency(LatencyModel.uniform(MS / 2, 3 * MS))
            .protocolConfig(new ProtocolConfig())
            .observer(observer));
        ref[0] = sim;
        sim.runPeriods(3);
        sim.partitionSplit(half);
        sim.runPeriods(60);
        final long deathsAcross = otherSideDeaths[0];
        sim.heal();
        final boolean healed = sim.runUntilConverged(sim.periodsNs(300));
        System.out.printf("partition %d/%d healed: deaths across=%d, same-side deaths=%d, converged=%b after %.1f " +
            "periods%n", half, n - half, deathsAcross, sameSideDeaths[0], healed, sim.nowPeriods());
        assertTrue(deathsAcross > 0, "each side declared the other dead during the partition");
        assertEquals(0, sameSideDeaths[0], "DEAD transitions of members alive on the observer's side");
        assertTrue(healed, "every view is true again after the heal");
    }
}

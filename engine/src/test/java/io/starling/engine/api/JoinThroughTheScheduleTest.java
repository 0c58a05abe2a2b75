package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.transport.TransportCounters;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Join is addressed to any node of a process, so the sender cannot apply partitions or the schedule to it; the
 * receiving process applies them between the joiner and the node it chose. Before, a Join passed the fault model
 * whatever the plan said: in the 548-node bent-pipe emulation two crashed members that were out of contact when they
 * started joined anyway. Two engines over UDP on loopback; the joiner is cut from every node of the other by
 * partitions in both engines' fault models, as a schedule with no path would cut it.
 */
class JoinThroughTheScheduleTest
{
    @Test
    void aJoinFromANodeWithNoPathToTheProcessReachesNoNodeUntilThePathIsBack()
    {
        try (StarlingEngine a = StarlingEngine.launch(loopbackContext().nodeIds(100, 101)))
        {
            assertTrue(await(10_000, () -> a.members(0).size() == 2 && a.members(1).size() == 2), "converged");
            a.faults().partitions().isolate(200, 100).isolate(200, 101);
            try (StarlingEngine b = StarlingEngine.launch(loopbackContext().nodeIds(200)
                .seeds("127.0.0.1:" + a.context().bindPort())))
            {
                b.faults().partitions().isolate(200, 100).isolate(200, 101);
                // Joins keep arriving (b retries): each one is dropped at a, by a's fault model, for the node chosen.
                final long before = a.protocolCounter(TransportCounters.DROP_PARTITION);
                assertTrue(await(10_000, () -> a.protocolCounter(TransportCounters.DROP_PARTITION) >= before + 2 ||
                    MemberState.NONE != a.memberState(0, 200) || MemberState.NONE != a.memberState(1, 200)),
                    "a Join arrived");
                assertEquals(MemberState.NONE, a.memberState(0, 200), "node 100 merged the cut-off joiner");
                assertEquals(MemberState.NONE, a.memberState(1, 200), "node 101 merged the cut-off joiner");

                a.faults().partitions().heal();
                b.faults().partitions().heal();
                assertTrue(await(10_000, () -> MemberState.ALIVE == a.memberState(0, 200) &&
                    MemberState.ALIVE == a.memberState(1, 200) && MemberState.ALIVE == b.memberState(0, 100)),
                    () -> "joined once the path is back: " + a.memberState(0, 200) + ", " + a.memberState(1, 200) +
                    ", " + b.memberState(0, 100) + "\n" + EngineTestSupport.errors(a) + EngineTestSupport.errors(b));
            }
        }
    }
}

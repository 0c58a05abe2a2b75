package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Join reaches a process at its endpoint, for any of its nodes; the node that takes it merges the joiner, answers
 * and is the one to announce it. When the process's first node is expected out of contact (its own window open in
 * the expected-absence table) it sends no Gossip and starts no push-pull, and its frames find no path: the joiner
 * stays unknown to the rest of the cluster until that window ends (in the 548-node bent-pipe plan, satellite 1
 * took every Join and was out of contact for the first 1,934 s). The Join goes to a node in contact instead.
 * Two engines over UDP on loopback; the out-of-contact node is cut off by the fault model as the schedule would.
 */
class JoinPastOutOfContactNodeTest
{
    private static final int AWAY = 100;

    @Test
    void aJoinIsTakenByANodeInContactNotByTheProcesssFirstNodeOutOfContact()
    {
        try (StarlingEngine a = StarlingEngine.launch(loopbackContext().nodeIds(AWAY, 101, 102)))
        {
            assertTrue(await(10_000, () -> a.members(0).size() == 3 && a.members(1).size() == 3 &&
                a.members(2).size() == 3), "converged");
            a.faults().partitions().isolate(AWAY, 101).isolate(AWAY, 102).isolate(AWAY, 200);
            assertTrue(a.expectAbsence(AWAY, Long.MAX_VALUE));
            assertTrue(await(5_000, () -> MemberStatus.OUT_OF_CONTACT == a.memberStatus(1, AWAY)), "window told");
            try (StarlingEngine b = StarlingEngine.launch(loopbackContext().nodeIds(200)
                .seeds("127.0.0.1:" + a.context().bindPort())))
            {
                b.faults().partitions().isolate(200, AWAY);
                assertTrue(await(10_000, () -> MemberState.ALIVE == a.memberState(1, 200) &&
                    MemberState.ALIVE == a.memberState(2, 200) && MemberState.ALIVE == b.memberState(0, 101)),
                    () -> "joiner 200 as seen by 101 and 102: " + a.memberState(1, 200) + ", " +
                    a.memberState(2, 200) + "; 101 as seen by 200: " + b.memberState(0, 101) + "\n" +
                    EngineTestSupport.errors(a) + EngineTestSupport.errors(b));
                assertEquals(0, a.hostCounter(io.starling.engine.metrics.HostCounters.ERRORS),
                    () -> EngineTestSupport.errors(a));
            }
        }
    }
}

package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another node's DEAD about a member this node already suspects, at the same incarnation, is one more voice against
 * it (c058a71: never a death by itself): two such claims from other processes bring the suspicion to its minimum
 * timeout, as two repeated SUSPECTs do, while without them the suspect lives longer. Node 100 hears nothing but the
 * injected claims (every link into it blocked, the member crashed).
 */
class DeadClaimConfirmationTest
{
    @Test
    void twoDeadClaimsFromOtherProcessesConfirmTheSuspicionToItsMinimumTimeout()
    {
        final long[] deadAfterNs = new long[2];
        for (final int confirmers : new int[]{0, 2})
        {
            final TestCluster c = new TestCluster(
                new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 14, 5_000_000L);
            for (int i = 0; i < 6; i++)
            {
                c.addNode(100 + i, true);
            }
            c.startAll();
            c.runPeriods(10);
            final long[] seen = {-1, -1, -1, -1};
            c.observer = (nowNs, nodeIndex, observerId, member, oldState, newState, inc) ->
            {
                if (100 == observerId && 105 == member)
                {
                    seen[newState] = nowNs;
                }
            };
            c.crashed[5] = true;
            for (int i = 1; i < 6; i++)
            {
                c.blocked[i][0] = true;
            }
            final int incarnation = c.nodes.get(0).memberIncarnation(105);
            final long startNs = c.nowNs;
            c.injectUpdate(0, 101, 105, incarnation, SUSPECT);
            for (int k = 1; k <= confirmers; k++)
            {
                c.injectUpdate(0, 101 + k, 105, incarnation, DEAD);
            }
            assertEquals(SUSPECT, c.stateOf(0, 105), "a DEAD claim is a suspicion here, never a death");
            c.runPeriods(30);
            assertTrue(seen[DEAD] > 0, confirmers + " confirmers: the suspect dies by this node's own timer");
            deadAfterNs[confirmers / 2] = seen[DEAD] - startNs;
        }
        final long minNs = new ProtocolConfig().conclude().suspicionMinTimeoutNs(6);
        assertEquals(minNs, deadAfterNs[1], "two confirmations: the minimum timeout");
        assertTrue(deadAfterNs[0] > minNs, "no confirmation: longer than the minimum, " + deadAfterNs[0]);
    }
}

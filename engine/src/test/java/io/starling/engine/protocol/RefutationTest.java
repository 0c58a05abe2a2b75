package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claims about this node. Two live processes hosting the same node id (a copied configuration, an id collision)
 * each see the other's ALIVE at a newer incarnation at another endpoint: if each refuted, their incarnations would
 * race for ever and every view would flip between their endpoints. The conflict is counted and reported instead,
 * and a SUSPECT or DEAD claim is still refuted.
 */
class RefutationTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    @Test
    void anAliveClaimAboutThisNodeFromAnotherEndpointIsAConflictNotARace()
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 21, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(8);
        final SwimNode node = c.nodes.get(0);
        final int[] conflicts = new int[1];
        c.observer = new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int inc)
            {
            }

            public void onNodeIdConflict(
                final long nowNs, final int nodeIndex, final int nodeId, final int otherIpv4, final int otherPort)
            {
                assertEquals(42_000, otherPort);
                conflicts[0]++;
            }
        };
        final int incarnation = node.incarnation();
        for (int k = 1; k <= 3; k++)
        {
            c.injectUpdate(0, 102, 100, incarnation + 2 * k, ALIVE, TestCluster.IPV4 + 9, 42_000);
        }
        assertEquals(incarnation, node.incarnation(), "no incarnation race with another holder of the id");
        c.injectUpdate(0, 102, 100, incarnation + 2, ALIVE, TestCluster.IPV4, TestCluster.BASE_PORT);
        assertEquals(incarnation + 3, node.incarnation(), "a newer ALIVE at its own endpoint (a restart) is refuted");
        c.injectUpdate(0, 102, 100, incarnation + 3, SUSPECT, TestCluster.IPV4 + 9, 42_000);
        assertEquals(incarnation + 4, node.incarnation(), "a suspicion is refuted whatever endpoint it names");
        assertEquals(3, c.counters[ProtocolCounters.NODE_ID_CONFLICTS], "each conflicting claim counted");
        assertEquals(3, conflicts[0], "and reported to the observer");
        assertTrue(c.allSee(100, ALIVE));
    }

    /**
     * A SUSPECT less than 2^30 behind this node's incarnation is stale (the claimant missed the refutation): it is
     * answered with the current incarnation. One exactly 2^30 behind is not: the claimant refuses a jump of 2^30
     * (UpdateMerge.MAX_INCARNATION_JUMP) as forged, so the current incarnation could never take the suspicion
     * back, and the node refutes from the claim instead.
     */
    @Test
    void aSuspicionTwoToTheThirtyBehindIsRefutedFromTheClaimNotAnsweredAsStale()
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 22, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(8);
        final SwimNode node = c.nodes.get(2);
        final int far = (1 << 30) + 5;
        c.injectUpdate(2, 101, 102, far - 1, ALIVE);
        assertEquals(far, node.incarnation(), "an ALIVE ahead at its own endpoint is refuted");
        final long refutations = c.counters[ProtocolCounters.REFUTATIONS];
        final long stale = c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED];

        c.injectUpdate(2, 101, 102, far - (1 << 30) + 1, SUSPECT);
        assertEquals(far, node.incarnation(), "2^30 - 1 behind: answered with the current incarnation");
        assertEquals(stale + 1, c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED]);
        assertEquals(refutations, c.counters[ProtocolCounters.REFUTATIONS]);

        c.injectUpdate(2, 101, 102, far - (1 << 30), SUSPECT);
        assertEquals(far - (1 << 30) + 1, node.incarnation(), "2^30 behind: refuted from the claim");
        assertEquals(refutations + 1, c.counters[ProtocolCounters.REFUTATIONS]);
        assertEquals(stale + 1, c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED]);
    }
}

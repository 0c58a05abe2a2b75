package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One join path with one retry policy, used by the host ({@link SwimNode#join} after start) and the simulator
 * (seeds before start) alike: the Join is sent again every two probe intervals until a seed answers, whatever the
 * node already knows.
 */
class JoinTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private static TestCluster cluster(final int n)
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 7, LATENCY_NS);
        for (int i = 0; i < n; i++)
        {
            c.addNode(100 + i, false);
        }
        return c;
    }

    /** The host's case: a join requested after start, through a seed that cannot be reached yet. */
    @Test
    void aJoinAfterStartIsRetriedUntilTheSeedAnswers()
    {
        final TestCluster c = cluster(2);
        c.startAll();
        c.blocked[1][0] = true;
        assertTrue(c.nodes.get(1).join(c.nowNs, TestCluster.IPV4, TestCluster.BASE_PORT));
        c.runPeriods(5);
        assertEquals(0, c.counters[ProtocolCounters.JOINS_RECEIVED]);

        c.blocked[1][0] = false;
        c.runPeriods(5);
        assertTrue(c.counters[ProtocolCounters.JOINS_RECEIVED] >= 1, "the Join was sent again");
        assertEquals(ALIVE, c.stateOf(0, 101));
        assertEquals(ALIVE, c.stateOf(1, 100));
        final long joins = c.counters[ProtocolCounters.JOINS_RECEIVED];
        c.runPeriods(10);
        assertEquals(joins, c.counters[ProtocolCounters.JOINS_RECEIVED], "no Join once the seed has answered");
    }

    /**
     * A node that already knows members (co-hosted ones, known by configuration) still joins through its seed:
     * the retry stops when a seed answers, not when the node sees another live member.
     */
    @Test
    void aNodeThatKnowsCoHostedMembersKeepsJoiningUntilTheSeedAnswers()
    {
        final TestCluster c = cluster(3);
        c.nodes.get(1).learnConfigured(c.nowNs, 102, TestCluster.IPV4, TestCluster.BASE_PORT + 2);
        c.nodes.get(2).learnConfigured(c.nowNs, 101, TestCluster.IPV4, TestCluster.BASE_PORT + 1);
        c.nodes.get(1).addSeed(TestCluster.IPV4, TestCluster.BASE_PORT);
        c.blocked[1][0] = true;
        c.startAll();
        c.runPeriods(5);
        assertEquals(0, c.counters[ProtocolCounters.JOINS_RECEIVED]);

        c.blocked[1][0] = false;
        c.runPeriods(10);
        assertTrue(c.counters[ProtocolCounters.JOINS_RECEIVED] >= 1, "the Join was sent again");
        for (int i = 0; i < 3; i++)
        {
            for (int m = 0; m < 3; m++)
            {
                assertEquals(ALIVE, c.stateOf(i, 100 + m), "node " + i + " sees " + (100 + m));
            }
        }
    }
}

package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SwimNode#ping}: an on-demand round-trip check answered by the member's ack, reported with the caller's
 * correlation id, timed out when unanswered, bounded, and without effect on anyone's view.
 */
class OnDemandPingTest
{
    private static final long LATENCY_NS = TimeUnit.MICROSECONDS.toNanos(300);
    private static final long TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<String> outcomes = new ArrayList<>();

    private TestCluster converged(final ProtocolConfig config)
    {
        final TestCluster c = new TestCluster(config, 7, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(20);
        for (int i = 0; i < 4; i++)
        {
            assertTrue(c.allSee(100 + i, MemberState.ALIVE), "cluster converged");
        }
        c.observer = new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
                outcomes.add("state " + observerId + " " + memberId + " " + MemberState.name(newState));
            }

            public void onPingAck(
                final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
            {
                outcomes.add("ack " + nodeIndex + " " + memberId + " " + correlationId + " " + rttNs);
            }

            public void onPingTimeout(
                final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
            {
                outcomes.add("timeout " + nodeIndex + " " + memberId + " " + correlationId);
            }
        };
        return c;
    }

    @Test
    void ackIsReportedWithTheCorrelationIdAndRoundTripTime()
    {
        final TestCluster c = converged(new ProtocolConfig());
        final long sentBefore = c.counters[ProtocolCounters.PINGS_SENT];
        c.currentNode = 0;
        assertTrue(c.nodes.get(0).ping(c.nowNs, 102, 0xABCDEF0123L, TIMEOUT_NS));
        assertEquals(1, c.nodes.get(0).outstandingPings());
        c.runUntil(c.nowNs + 10 * LATENCY_NS);

        assertEquals(List.of("ack 0 102 " + 0xABCDEF0123L + " " + 2 * LATENCY_NS), outcomes);
        assertEquals(0, c.nodes.get(0).outstandingPings());
        assertEquals(sentBefore + 1, c.counters[ProtocolCounters.PINGS_SENT]);

        c.runUntil(c.nowNs + 2 * TIMEOUT_NS);
        assertEquals(1, outcomes.size(), "an answered ping never times out as well");
    }

    @Test
    void unansweredPingTimesOutOnceWithoutChangingAnyView()
    {
        final TestCluster c = converged(new ProtocolConfig());
        c.blocked[2][0] = true; // member 102's acks never reach node 100; its probes still flow elsewhere
        final long failedBefore = c.counters[ProtocolCounters.PINGS_FAILED];
        c.currentNode = 0;
        assertTrue(c.nodes.get(0).ping(c.nowNs, 102, 42, TIMEOUT_NS));
        c.runUntil(c.nowNs + TIMEOUT_NS - 1);
        assertFalse(outcomes.contains("timeout 0 102 42"), "not before the timeout");
        c.runUntil(c.nowNs + 2);
        assertTrue(outcomes.contains("timeout 0 102 42"));
        assertEquals(failedBefore + 1, c.counters[ProtocolCounters.PINGS_FAILED]);
        assertEquals(0, c.nodes.get(0).outstandingPings());
        for (final String o : outcomes)
        {
            assertFalse(o.startsWith("state"), "a ping judges nobody: " + o);
        }
    }

    @Test
    void refusedWhenUnknownSelfOrTooManyOutstanding()
    {
        final TestCluster c = converged(new ProtocolConfig().outstandingPingsMax(3));
        final SwimNode node = c.nodes.get(0);
        c.currentNode = 0;
        final long failedBefore = c.counters[ProtocolCounters.PINGS_FAILED];
        assertFalse(node.ping(c.nowNs, 999, 1, TIMEOUT_NS), "unknown member");
        assertFalse(node.ping(c.nowNs, 100, 2, TIMEOUT_NS), "itself");
        assertFalse(node.ping(c.nowNs, 101, 3, 0), "no timeout");
        assertEquals(failedBefore + 3, c.counters[ProtocolCounters.PINGS_FAILED]);

        c.blocked[1][0] = true;
        for (int i = 0; i < 3; i++)
        {
            assertTrue(node.ping(c.nowNs, 101, 10 + i, TIMEOUT_NS));
        }
        assertFalse(node.ping(c.nowNs, 102, 20, TIMEOUT_NS), "pool bound reached");
        assertEquals(3, node.outstandingPings());

        c.runUntil(c.nowNs + TIMEOUT_NS + 1);
        assertEquals(0, node.outstandingPings());
        assertTrue(outcomes.containsAll(List.of("timeout 0 101 10", "timeout 0 101 11", "timeout 0 101 12")));

        c.blocked[1][0] = false;
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 3; i++)
            {
                assertTrue(node.ping(c.nowNs, 101 + i, 1000 * round + i, TIMEOUT_NS), "pool records are reused");
            }
            c.runUntil(c.nowNs + 10 * LATENCY_NS);
            assertEquals(0, node.outstandingPings());
        }
        assertEquals(15, outcomes.stream().filter(o -> o.startsWith("ack")).count());
    }

    @Test
    void closeCancelsOutstandingPings()
    {
        final TestCluster c = converged(new ProtocolConfig());
        c.blocked[3][0] = true;
        c.currentNode = 0;
        assertTrue(c.nodes.get(0).ping(c.nowNs, 103, 5, TIMEOUT_NS));
        c.nodes.get(0).close();
        c.runUntil(c.nowNs + 2 * TIMEOUT_NS);
        assertFalse(outcomes.contains("timeout 0 103 5"), "a closed node reports nothing");
    }
}

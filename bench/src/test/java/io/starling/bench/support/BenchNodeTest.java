package io.starling.bench.support;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchNodeTest
{
    @Test
    void nodeKnowsEveryMemberAlive()
    {
        final BenchNode bench = new BenchNode(1_000);
        assertEquals(1_000, bench.node().liveMemberCount());
        for (int i = 0; i < 999; i++)
        {
            assertEquals(MemberState.ALIVE, bench.node().memberState(BenchNode.FIRST_MEMBER_ID + i));
        }
    }

    @Test
    void firingTheLearnedKindSendsAProbe()
    {
        final BenchNode bench = new BenchNode(10);
        final long probes = bench.counters().get(ProtocolCounters.PROBES_SENT);
        assertTrue(bench.timers().fireProbeTick(bench.node(), bench.nowNs() + 1_000_000_000L));
        assertEquals(probes + 1, bench.counters().get(ProtocolCounters.PROBES_SENT));
        assertEquals(1, bench.capture().pings());

        // The tick rescheduled itself; firing it again without an ack fails the first probe and sends another.
        assertTrue(bench.timers().fireProbeTick(bench.node(), bench.nowNs() + 2_000_000_000L));
        assertEquals(probes + 2, bench.counters().get(ProtocolCounters.PROBES_SENT));
        assertEquals(1, bench.counters().get(ProtocolCounters.PROBE_FAILURES));
    }

    @Test
    void probeCyclesStaySteadyForSeveralPasses()
    {
        final BenchNode bench = new BenchNode(1_000);
        final int drainCycles = bench.drainDisseminationQueue();
        assertTrue(drainCycles > 0, "joining 999 members queued updates");
        assertEquals(0, bench.node().pendingUpdates());

        final long probesBefore = bench.counters().get(ProtocolCounters.PROBES_SENT);
        final long acksBefore = bench.counters().get(ProtocolCounters.ACKS_RECEIVED);
        final int cycles = 3_000;
        for (int i = 0; i < cycles; i++)
        {
            assertEquals(1, bench.probeCycle(), "cycle " + i);
        }
        assertEquals(probesBefore + cycles, bench.counters().get(ProtocolCounters.PROBES_SENT));
        assertEquals(acksBefore + cycles, bench.counters().get(ProtocolCounters.ACKS_RECEIVED));
        assertEquals(0, bench.counters().get(ProtocolCounters.PROBE_FAILURES));
        assertEquals(0, bench.counters().get(ProtocolCounters.SUSPICIONS_RAISED));
        assertEquals(0, bench.node().localHealthScore());
        assertEquals(1_000, bench.node().liveMemberCount());
        assertEquals(0, bench.node().pendingUpdates());
    }

    @Test
    void rejectsTooFewMembers()
    {
        assertThrows(IllegalArgumentException.class, () -> new BenchNode(1));
    }
}

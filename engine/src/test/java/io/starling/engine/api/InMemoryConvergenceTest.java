package io.starling.engine.api;

import java.util.List;

import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.allSeeAll;
import static io.starling.engine.api.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryConvergenceTest
{
    static String describe(final StarlingEngine engine, final int n)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            final int live = engine.liveMemberCount(i);
            if (live != n)
            {
                sb.append(" node#").append(i).append(" sees ").append(live).append(' ')
                    .append(engine.members(i).stream().filter(m -> !m.isLive()).toList());
            }
        }
        return sb.toString();
    }

    @Test
    void twoHundredNodesInOneProcessConverge()
    {
        final int n = 200;
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .nodeCount(n)
            .nodeIdBase(1000)))
        {
            assertTrue(await(20_000, () -> allSeeAll(engine, n)), () -> "not converged: " + describe(engine, n));

            final List<Member> members = engine.members(n - 1);
            assertEquals(n, members.size());
            assertTrue(members.stream().allMatch(Member::isLive), members::toString);
            assertEquals(1, members.stream().filter(Member::local).count());
            assertTrue(engine.hostCounter(HostCounters.IN_MEMORY_FRAMES) > 0);
            assertEquals(0, engine.protocolCounter(TransportCounters.DROP_NOT_CONNECTED));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
            assertFalse(engine.directory().getPath().isEmpty());
        }
    }

    @Test
    void bootstrappedNodesStartConvergedWithoutJoins() throws InterruptedException
    {
        final int n = 200;
        try (StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .nodeCount(n)
            .nodeIdBase(1000)
            .bootstrapCoHosted(true)))
        {
            assertTrue(await(20_000, () -> allSeeAll(engine, n)), () -> "not converged: " + describe(engine, n));
            Thread.sleep(1_000); // ten probe periods
            assertTrue(allSeeAll(engine, n), () -> describe(engine, n));
            assertEquals(0, engine.hostCounter(HostCounters.JOINS_SENT), "no joins inside the process");
            assertEquals(0, engine.protocolCounter(ProtocolCounters.JOINS_RECEIVED));
            assertEquals(0, engine.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED),
                "no node probed a co-hosted node before it started");
            assertTrue(engine.protocolCounter(ProtocolCounters.ACKS_RECEIVED) > 0, "the nodes probe each other");
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void bootstrappedEngineJoinsAnotherThroughItsSeed()
    {
        final int n = 30;
        final StarlingEngine.Context first = EngineTestSupport.loopbackContext().nodeCount(n).nodeIdBase(1000);
        try (StarlingEngine a = StarlingEngine.launch(first);
            StarlingEngine b = StarlingEngine.launch(EngineTestSupport.loopbackContext()
                .nodeCount(n)
                .nodeIdBase(2000)
                .bootstrapCoHosted(true)
                .seeds("127.0.0.1:" + first.bindPort())))
        {
            assertTrue(await(30_000, () -> allSeeAll(a, 2 * n) && allSeeAll(b, 2 * n)),
                () -> "not converged: a" + describe(a, 2 * n) + " b" + describe(b, 2 * n));
            assertEquals(n, b.hostCounter(HostCounters.JOINS_SENT), "every bootstrapped node joined the seed once");
            assertEquals(0, a.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(a));
            assertEquals(0, b.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(b));
        }
    }

    @Test
    void bootstrapWithAStartSpreadLongerThanAPeriodIsRefused()
    {
        final StarlingEngine.Context ctx = EngineTestSupport.loopbackContext()
            .networkEnabled(false)
            .nodeCount(10)
            .bootstrapCoHosted(true)
            .startSpreadNs(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StarlingEngine.launch(ctx).close());
        assertTrue(ex.getMessage().contains("startSpreadNs"), ex.getMessage());
    }
}

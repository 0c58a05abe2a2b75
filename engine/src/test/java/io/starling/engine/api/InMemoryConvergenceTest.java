package io.starling.engine.api;

import java.util.List;

import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.allSeeAll;
import static io.starling.engine.api.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertEquals(0, engine.protocolCounter(ProtocolCounters.DROP_NOT_CONNECTED));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
            assertFalse(engine.directory().getPath().isEmpty());
        }
    }
}

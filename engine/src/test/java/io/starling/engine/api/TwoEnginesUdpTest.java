package io.starling.engine.api;

import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two engines in one JVM, each with its own media driver, over Aeron UDP on loopback.
 */
class TwoEnginesUdpTest
{
    private final List<StarlingEngine> engines = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll()
    {
        engines.forEach(StarlingEngine::close);
    }

    private StarlingEngine launch(final StarlingEngine.Context ctx)
    {
        final StarlingEngine engine = StarlingEngine.launch(ctx.membershipListener(new MembershipListener()
        {
            public void onJoin(final int observerId, final int memberId, final int incarnation)
            {
                events.add(observerId + " join " + memberId);
            }

            public void onDead(final int observerId, final int memberId, final int incarnation)
            {
                events.add(observerId + " dead " + memberId);
            }

            public void onLeft(final int observerId, final int memberId, final int incarnation)
            {
                events.add(observerId + " left " + memberId);
            }
        }));
        engines.add(engine);
        return engine;
    }

    private StarlingEngine[] pair()
    {
        final StarlingEngine a = launch(loopbackContext().nodeIds(1));
        final StarlingEngine b = launch(loopbackContext().nodeIds(2)
            .seeds("127.0.0.1:" + a.context().bindPort()));
        assertTrue(await(15_000, () -> MemberState.ALIVE == a.memberState(0, 2) &&
            MemberState.ALIVE == b.memberState(0, 1)), () -> "not joined: " + events + "\n" +
            EngineTestSupport.errors(a) + EngineTestSupport.errors(b));
        return new StarlingEngine[]{ a, b };
    }

    @Test
    void joinAndSeeEachOther()
    {
        final StarlingEngine[] ab = pair();
        final List<Member> seenByA = ab[0].members();
        assertEquals(2, seenByA.size());
        final Member b = seenByA.stream().filter(m -> 2 == m.nodeId()).findFirst().orElseThrow();
        assertEquals("127.0.0.1:" + ab[1].context().bindPort(), b.address());
        assertTrue(events.contains("1 join 2"));
        assertTrue(events.contains("2 join 1"));
        assertTrue(ab[0].hostCounter(HostCounters.NETWORK_FRAMES_RECEIVED) > 0);
        assertTrue(ab[1].hostCounter(HostCounters.NETWORK_FRAMES_SENT) > 0);
        assertEquals(0, ab[0].hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(ab[0]));

        // Probes every 100 ms; percentiles are published once a second.
        assertTrue(await(5_000, () -> ab[0].probeRtt().count() > 0 && ab[0].probeRtt().p50Ns() > 0),
            () -> ab[0].probeRtt().toString());
        final ProbeRtt rtt = ab[0].probeRtt();
        assertTrue(rtt.p50Ns() <= rtt.p99Ns() && rtt.p99Ns() <= rtt.maxNs(), rtt::toString);
    }

    @Test
    void killedEngineIsDeclaredDead()
    {
        final StarlingEngine[] ab = pair();
        final File bDirectory = ab[1].directory();
        ab[1].close();
        assertFalse(bDirectory.exists());
        assertTrue(await(15_000, () -> MemberState.DEAD == ab[0].memberState(0, 2)),
            () -> "state " + MemberState.name(ab[0].memberState(0, 2)) + " " + events);
        assertTrue(events.contains("1 dead 2"));
    }

    @Test
    void gracefulLeaveShowsLeft()
    {
        final StarlingEngine[] ab = pair();
        assertTrue(ab[1].leave(5_000));
        ab[1].close();
        assertTrue(await(5_000, () -> MemberState.LEFT == ab[0].memberState(0, 2)),
            () -> "state " + MemberState.name(ab[0].memberState(0, 2)) + " " + events);
        assertTrue(events.contains("1 left 2"));
        assertFalse(events.contains("1 dead 2"));
    }
}

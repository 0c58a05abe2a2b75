package io.starling.engine.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected absence through the embedding API (issue 16): the application says a member is out of contact until a
 * time; the engine reports it OUT_OF_CONTACT (state and events) and does not suspect it; when the window ends a
 * member that answers is ALIVE without a rejoin, one that does not is suspected and declared dead as usual.
 * In-memory path, three hosted nodes, the away member cut off by the fault model.
 */
class OutOfContactTest
{
    private static final int AWAY = 102;

    /** Events about {@link #AWAY} seen by the other two nodes, as "observer event status previous". */
    private static final class Recorder implements MembershipListener
    {
        final List<String> events = new CopyOnWriteArrayList<>();

        private void record(final String event, final MemberView m)
        {
            if (AWAY == m.id() && !m.isLocal())
            {
                events.add(m.observerId() + " " + event + " " + m.status() + " " + m.previousStatus());
            }
        }

        public void onJoin(final MemberView m)
        {
            record("join", m);
        }

        public void onSuspect(final MemberView m)
        {
            record("suspect", m);
        }

        public void onAlive(final MemberView m)
        {
            record("alive", m);
        }

        public void onDead(final MemberView m)
        {
            record("dead", m);
        }

        public void onOutOfContact(final MemberView m)
        {
            record("out", m);
        }

        public void onOutOfContactEnded(final MemberView m)
        {
            record("ended", m);
        }

        long count(final String prefix)
        {
            return events.stream().filter((e) -> e.contains(" " + prefix + " ")).count();
        }
    }

    private static StarlingEngine launchConverged(final Recorder recorder)
    {
        final StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeIds(100, 101, AWAY)
            .membershipListener(recorder));
        assertTrue(await(10_000, () -> engine.members(0).size() == 3 && engine.members(1).size() == 3 &&
            engine.members(0).stream().allMatch((m) -> MemberStatus.ALIVE == m.status())), "converged");
        return engine;
    }

    private static void cutOff(final StarlingEngine engine)
    {
        engine.faults().partitions().isolate(100, AWAY).isolate(101, AWAY);
    }

    private static Member away(final StarlingEngine engine, final int nodeIndex)
    {
        return engine.members(nodeIndex).stream().filter((m) -> AWAY == m.nodeId()).findFirst().orElseThrow();
    }

    @Test
    void aMemberOutOfContactIsReportedSoAndIsAliveAgainWithoutARejoinWhenItAnswers() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (StarlingEngine engine = launchConverged(recorder))
        {
            final int incarnation = away(engine, 0).incarnation();
            final long joins = recorder.count("join");
            cutOff(engine);
            final long untilMs = System.currentTimeMillis() + 6_000;
            assertTrue(engine.expectAbsence(AWAY, untilMs));
            assertTrue(await(5_000, () -> 2 == recorder.count("out")), recorder.events::toString);
            assertTrue(recorder.events.contains("100 out OUT_OF_CONTACT ALIVE"), recorder.events::toString);
            assertEquals(MemberStatus.OUT_OF_CONTACT, away(engine, 0).status());
            assertEquals("OUT_OF_CONTACT", away(engine, 1).stateName());
            assertEquals(MemberStatus.OUT_OF_CONTACT, engine.memberStatus(0, AWAY));
            assertTrue(away(engine, 0).isLive());

            // Cut off for 2.5 s: 25 probe periods, several suspicion timeouts; without the window it would be dead.
            Thread.sleep(2_500);
            assertEquals(0, recorder.count("suspect") + recorder.count("dead"), recorder.events::toString);
            assertEquals(MemberStatus.OUT_OF_CONTACT, away(engine, 1).status());
            assertTrue(System.currentTimeMillis() < untilMs, "the machine stalled past the window: rerun");

            engine.faults().partitions().heal();
            assertTrue(await(10_000, () -> 2 == recorder.count("ended")), recorder.events::toString);
            assertTrue(System.currentTimeMillis() >= untilMs - 20, "ended at the window's end, not before");
            assertTrue(recorder.events.contains("100 ended ALIVE OUT_OF_CONTACT"), recorder.events::toString);
            Thread.sleep(1_500); // 15 probe periods: it answers
            assertEquals(MemberStatus.ALIVE, away(engine, 0).status());
            assertEquals(MemberStatus.ALIVE, away(engine, 1).status());
            assertEquals(incarnation, away(engine, 0).incarnation(), "no refutation");
            assertEquals(joins, recorder.count("join"), "no rejoin: " + recorder.events);
            assertEquals(0, recorder.count("suspect") + recorder.count("dead"), recorder.events::toString);
        }
    }

    @Test
    void aMemberThatDoesNotComeBackWhenItsWindowEndsIsSuspectedAndDeclaredDead()
    {
        final Recorder recorder = new Recorder();
        try (StarlingEngine engine = launchConverged(recorder))
        {
            cutOff(engine);
            assertTrue(engine.expectAbsence(AWAY, System.currentTimeMillis() + 1_500));
            assertTrue(await(10_000, () -> 2 == recorder.count("dead")), recorder.events::toString);
            final List<String> seenBy100 = recorder.events.stream()
                .filter((e) -> e.startsWith("100 ") && !e.contains(" join ")).toList();
            assertEquals(List.of("100 out OUT_OF_CONTACT ALIVE", "100 ended ALIVE OUT_OF_CONTACT"),
                seenBy100.subList(0, 2), recorder.events::toString);
            assertTrue(seenBy100.contains("100 dead DEAD SUSPECT") || seenBy100.contains("100 dead DEAD ALIVE"),
                recorder.events::toString);
            assertEquals(MemberStatus.DEAD, away(engine, 0).status());
        }
    }

    @Test
    void clearingTheWindowEndsItAtOnceAndAPastTimeOpensNone()
    {
        final Recorder recorder = new Recorder();
        try (StarlingEngine engine = launchConverged(recorder))
        {
            assertTrue(engine.expectAbsence(AWAY, Long.MAX_VALUE));
            assertTrue(await(5_000, () -> 2 == recorder.count("out")), recorder.events::toString);
            assertTrue(engine.clearAbsence(AWAY));
            assertTrue(await(5_000, () -> 2 == recorder.count("ended")), recorder.events::toString);
            assertEquals(MemberStatus.ALIVE, engine.memberStatus(0, AWAY));

            assertTrue(engine.expectAbsence(AWAY, System.currentTimeMillis() - 1));
            assertTrue(engine.expectAbsence(101, Long.MAX_VALUE)); // a marker: commands run in order
            assertTrue(await(5_000, () -> MemberStatus.OUT_OF_CONTACT == engine.memberStatus(0, 101)));
            assertEquals(2, recorder.count("out"), "a window already past is no window");
            assertFalse(MemberStatus.OUT_OF_CONTACT == engine.memberStatus(0, AWAY));
            assertThrows(IllegalArgumentException.class, () -> engine.expectAbsence(AWAY, Long.MIN_VALUE));
        }
    }
}

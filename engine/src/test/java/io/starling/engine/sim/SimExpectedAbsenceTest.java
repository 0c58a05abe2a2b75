package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.schedule.ExpectedAbsence;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected absence in the failure detector: a member out of contact for a known window is neither suspected nor
 * declared dead, returns without a refutation, and is suspected as usual when it does not come back.
 */
class SimExpectedAbsenceTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final int N = 6;
    private static final int AWAY = 5;

    private static Simulation converged(final ExpectedAbsence absence)
    {
        return converged(absence, 7);
    }

    private static Simulation converged(final ExpectedAbsence absence, final long seed)
    {
        final Simulation sim = new Simulation(new Simulation.Context().nodes(N).seed(seed).joinMode(JoinMode.SEED)
            .latency(LatencyModel.constant(MS)).protocolConfig(new ProtocolConfig().conclude()));
        for (int i = 0; i < N; i++)
        {
            ((SwimNode)sim.node(i)).expectedAbsence(absence);
        }
        sim.runUntilConverged(sim.periodsNs(60));
        return sim;
    }

    private static int observersWith(final Simulation sim, final int state)
    {
        int count = 0;
        for (int o = 0; o < N - 1; o++)
        {
            count += state == sim.metrics().viewOf(o, AWAY) ? 1 : 0;
        }
        return count;
    }

    private static int[] awayAlone()
    {
        final int[] groups = new int[N];
        groups[AWAY] = 1;
        return groups;
    }

    @Test
    void aMemberAwayForItsWindowIsNeitherSuspectedNorDeadAndReturnsWithoutARefutation()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long refutations = sim.metrics().refutations();
        final long t0 = sim.nowNs();
        absence.expectAbsent(sim.nodeId(AWAY), sim.nowNs(), t0 + 40 * S);
        sim.partition(awayAlone());
        sim.runUntil(t0 + 39 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE), "no suspicion or death during the window");
        sim.heal();
        sim.runUntil(t0 + 80 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE));
        assertEquals(refutations, sim.metrics().refutations(), "no refutation when contact returns");
        assertEquals(0, sim.metrics().falsePositiveMembers());
    }

    @Test
    void aMemberThatDoesNotComeBackIsSuspectedAndDeclaredDeadAsUsual()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        absence.expectAbsent(sim.nodeId(AWAY), sim.nowNs(), t0 + 20 * S);
        sim.partition(awayAlone());
        sim.runUntil(t0 + 19 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE));
        sim.runUntil(t0 + 80 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.DEAD), "suspected and declared dead after the window");
    }

    @Test
    void aMemberAlreadySuspectedWhenItsWindowOpensIsStillDeclaredDeadIfItDoesNotComeBack()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        sim.partition(awayAlone());
        long t = t0;
        while (observersWith(sim, MemberState.SUSPECT) == 0 && t < t0 + 30 * S)
        {
            t += 10 * MS;
            sim.runUntil(t);
        }
        assertEquals(0, observersWith(sim, MemberState.DEAD), "caught while suspected");
        final int suspecting = observersWith(sim, MemberState.SUSPECT);
        assertTrue(suspecting > 0);
        absence.expectAbsent(sim.nodeId(AWAY), sim.nowNs(), t + 20 * S);
        sim.runUntil(t + 19 * S);
        assertEquals(0, observersWith(sim, MemberState.DEAD), "not declared dead during the window");
        sim.runUntil(t + 120 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.DEAD), "dead after the window, suspected before it or not");
    }

    @Test
    void aNodeThatKnowsItselfOutOfContactDeclaresNobodyDeadAndCausesNoDeathWhenItReturns()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        sim.partition(awayAlone());
        long t = t0;
        while (countInViewOfAway(sim, MemberState.SUSPECT) == 0 && t < t0 + 30 * S)
        {
            t += 10 * MS;
            sim.runUntil(t);
        }
        assertTrue(countInViewOfAway(sim, MemberState.SUSPECT) > 0, "the cut-off node suspected a member");
        absence.expectAbsent(sim.nodeId(AWAY), sim.nowNs(), t + 40 * S);
        sim.runUntil(t + 39 * S);
        assertEquals(0, countInViewOfAway(sim, MemberState.DEAD), "no verdict from a node that knows it is cut off");
        sim.heal();
        sim.runUntil(t + 120 * S);
        assertEquals(N - 1, countInViewOfAway(sim, MemberState.ALIVE), "its view is whole again");
        assertEquals(0, sim.metrics().falsePositiveMembers(), "nobody declared dead, here or anywhere");
    }

    private static int countInViewOfAway(final Simulation sim, final int state)
    {
        int count = 0;
        for (int m = 0; m < N - 1; m++)
        {
            count += state == sim.metrics().viewOf(AWAY, m) ? 1 : 0;
        }
        return count;
    }

    @Test
    void aMemberSuspectedWhenItsWindowOpensAndBackWhenItEndsIsNotDeclaredDead()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        sim.partition(awayAlone());
        long t = t0;
        while (observersWith(sim, MemberState.SUSPECT) == 0 && t < t0 + 30 * S)
        {
            t += 10 * MS;
            sim.runUntil(t);
        }
        assertTrue(observersWith(sim, MemberState.SUSPECT) > 0);
        absence.expectAbsent(sim.nodeId(AWAY), sim.nowNs(), t + 60 * S);
        sim.runUntil(t + 60 * S);
        sim.heal();
        sim.runUntil(t + 200 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE), "back when its window ends: alive everywhere");
        assertEquals(0, sim.metrics().falsePositiveMembers(), "and never declared dead");
    }

    @Test
    void withoutTheTableTheSameAbsenceEndsInADeath()
    {
        final Simulation sim = converged(null);
        final long t0 = sim.nowNs();
        sim.partition(awayAlone());
        sim.runUntil(t0 + 39 * S);
        assertEquals(N - 1, observersWith(sim, MemberState.DEAD));
    }

    /**
     * A crashed member declared dead by the nodes in contact with it, then out of contact again; an observer cut off
     * while the death rumor ran comes back while the victim is still out of contact. The rumor is over, so only
     * push-pull reaches it, and a DEAD about a member whose window is open is taken as DEAD (a SUSPECT would pause
     * until the victim's next contact). A member merely out of contact meanwhile is declared dead by nobody.
     */
    @Test
    void anObserverCutOffDuringTheDeathRumorLearnsTheDeathByPushPullWhileTheVictimIsOutOfContact()
    {
        final int victim = 3;
        final int late = 4;
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        absence.expectAbsent(sim.nodeId(late), t0, t0 + 100 * S);
        absence.expectAbsent(sim.nodeId(AWAY), t0, t0 + 200 * S);
        sim.partition(new int[] {0, 0, 0, 0, 1, 2});
        sim.kill(victim);
        sim.runUntil(t0 + 60 * S);
        for (int o = 0; o < victim; o++)
        {
            assertEquals(MemberState.DEAD, sim.metrics().viewOf(o, victim), "declared dead in contact, at " + o);
        }
        absence.expectAbsent(sim.nodeId(victim), sim.nowNs(), t0 + 400 * S);
        sim.runUntil(t0 + 100 * S);
        assertEquals(MemberState.ALIVE, sim.metrics().viewOf(late, victim), "the rumor missed the cut-off observer");

        // Back in contact with informed nodes, the victim out of contact: its own push-pull (at most one interval
        // after its window ends; the partner is in contact, hence informed) or an informed node's brings the DEAD.
        sim.partition(new int[] {0, 0, 0, 0, 0, 2});
        final long boundNs = sim.config().scaledPushPullIntervalNs(N) + S;
        sim.runUntil(t0 + 100 * S + boundNs);
        assertEquals(MemberState.DEAD, sim.metrics().viewOf(late, victim),
            "the late observer holds the victim dead within a push-pull interval");

        sim.runUntil(t0 + 200 * S);
        sim.heal();
        sim.runUntil(t0 + 200 * S + boundNs);
        assertEquals(MemberState.DEAD, sim.metrics().viewOf(AWAY, victim), "the member away learns it too");
        for (int o = 0; o < N; o++)
        {
            if (o != victim && o != AWAY)
            {
                assertEquals(MemberState.ALIVE, sim.metrics().viewOf(o, AWAY), "the member away, at " + o);
                assertEquals(o == late ? MemberState.NONE : MemberState.ALIVE, sim.metrics().viewOf(o, late),
                    "the late observer, at " + o);
            }
        }
        assertEquals(0, sim.metrics().falsePositiveMembers(), "no live member declared dead");
        assertEquals(0, sim.metrics().partitionDeaths(), "nor across the cut");
    }

    /**
     * An observer cut off while a death rumor ran learns the death when its own window ends, not a push-pull interval
     * later: at its first probe tick after the window it exchanges views with a member in contact (all of which are
     * informed here). So it holds the victim DEAD by the window's end, plus one probe interval (scaled by its local
     * health, as its ticks are), plus the round trip of the push-pull (two one-way latencies). Before, it started its
     * next periodic push-pull up to an interval (30 s at this size) later, and an informed node's push-pull reached
     * it within the bound only by chance.
     */
    @Test
    void anObserverCutOffDuringTheDeathRumorLearnsTheDeathAtItsFirstProbeTickAfterItsWindowEnds()
    {
        final int victim = 3;
        final int late = 4;
        for (long seed = 1; seed <= 10; seed++)
        {
            final ExpectedAbsence absence = new ExpectedAbsence();
            final Simulation sim = converged(absence, seed);
            final long t0 = sim.nowNs();
            final long windowEndNs = t0 + 100 * S;
            absence.expectAbsent(sim.nodeId(late), t0, windowEndNs);
            absence.expectAbsent(sim.nodeId(AWAY), t0, t0 + 400 * S);
            sim.partition(new int[] {0, 0, 0, 0, 1, 2});
            sim.kill(victim);
            sim.runUntil(t0 + 60 * S);
            for (int o = 0; o < victim; o++)
            {
                assertEquals(MemberState.DEAD, sim.metrics().viewOf(o, victim), "seed " + seed + ", at " + o);
            }
            absence.expectAbsent(sim.nodeId(victim), sim.nowNs(), t0 + 400 * S);

            // In contact with the informed nodes just before its window ends; it sends nothing until the window ends.
            sim.runUntil(windowEndNs - MS);
            sim.partition(new int[] {0, 0, 0, 0, 0, 2});
            assertEquals(MemberState.ALIVE, sim.metrics().viewOf(late, victim), "the rumor missed it, seed " + seed);
            final long tickNs = ((SwimNode)sim.node(late)).localHealthScore() * sim.config().probeIntervalNs() +
                sim.config().probeIntervalNs();
            final long boundNs = windowEndNs + tickNs + 2 * MS;
            final boolean learned =
                sim.runUntil(boundNs, () -> MemberState.DEAD == sim.metrics().viewOf(late, victim));
            assertTrue(learned, "seed " + seed + ": the late observer does not hold the victim dead " +
                (boundNs - windowEndNs) / MS + " ms after its window ended");
            assertEquals(0, sim.metrics().falsePositiveMembers(), "no live member declared dead, seed " + seed);
        }
    }

    /**
     * The table covers only the windows it is told: a node that does not hold it declares a member dead that is
     * merely away, and during the member's window the others take that verdict as it is. The member, alive, refutes
     * once back: every node that holds it dead tries to reconnect to it (a push-pull every reconnect interval), the
     * member refutes the DEAD it finds in that view and its answer carries the newer incarnation.
     */
    @Test
    void aLiveMemberHeldDeadDuringItsWindowByAVerdictFromANodeWithoutTheTableRefutesOnceBack()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        ((SwimNode)sim.node(0)).expectedAbsence(null);
        final long refutations = sim.metrics().refutations();
        final long t0 = sim.nowNs();
        absence.expectAbsent(sim.nodeId(AWAY), t0, t0 + 100 * S);
        sim.partition(awayAlone());
        sim.runUntil(t0 + 99 * S);
        assertEquals(MemberState.DEAD, sim.metrics().viewOf(0, AWAY), "the node without the table declared it dead");
        assertTrue(observersWith(sim, MemberState.DEAD) > 1, "and the verdict reached others during the window");
        sim.runUntil(t0 + 100 * S);
        sim.heal();
        sim.runUntil(t0 + 100 * S + sim.config().reconnectIntervalNs() + S);
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE), "alive everywhere within a reconnect interval");
        assertTrue(sim.metrics().refutations() > refutations, "by its refutation");
    }

    /**
     * A Join at a process's endpoint is for any of its nodes; the process's first node, expected out of contact and
     * cut off, would take it and lose it (the simulator applies the network to the node a frame is handed to). A node
     * in contact takes it, as on a host ({@code HostedNodes}).
     */
    @Test
    void aJoinAtAProcessIsTakenByANodeInContactNotByItsFirstNodeOutOfContact()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = new Simulation(new Simulation.Context().nodes(N).seed(7).joinMode(JoinMode.SEED)
            .processSizes(N - 1, 1).latency(LatencyModel.constant(MS))
            .protocolConfig(new ProtocolConfig().conclude()));
        for (int i = 0; i < N; i++)
        {
            ((SwimNode)sim.node(i)).expectedAbsence(absence);
        }
        absence.expectAbsent(sim.nodeId(0), sim.nowNs(), Long.MAX_VALUE);
        final int[] groups = new int[N];
        groups[0] = 1;
        sim.partition(groups);
        sim.runPeriods(30);
        final int joiner = N - 1;
        for (int o = 1; o < joiner; o++)
        {
            assertEquals(MemberState.ALIVE, sim.metrics().viewOf(o, joiner), "view of the joiner at node " + o);
        }
        assertEquals(MemberState.ALIVE, sim.metrics().viewOf(joiner, 1), "the joiner's view of node 1");
    }
}

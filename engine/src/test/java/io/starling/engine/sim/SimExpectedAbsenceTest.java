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
        final Simulation sim = new Simulation(new Simulation.Context().nodes(N).seed(7).joinMode(JoinMode.SEED)
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

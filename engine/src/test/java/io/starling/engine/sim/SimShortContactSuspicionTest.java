package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.schedule.ExpectedAbsence;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member whose contacts are shorter than the suspicion timeout (a satellite with short passes): the suspicion
 * counts time in contact only, so a crashed one is declared dead after about one suspicion timeout of cumulative
 * contact, however the contact is cut up, and a live one that refutes when it is back is never declared dead.
 */
class SimShortContactSuspicionTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final int N = 6;
    private static final int AWAY = 5;
    /** In contact for 1.9 s of every 12 s: shorter than the minimum timeout (4 s at 6 nodes) and its half. */
    private static final long CONTACT_NS = 1_900 * MS;
    private static final long CYCLE_NS = 12 * S;
    private static final int CYCLES = 40;

    private static final ProtocolConfig CONFIG = new ProtocolConfig().conclude();

    private static Simulation converged(final ExpectedAbsence absence)
    {
        final Simulation sim = new Simulation(new Simulation.Context().nodes(N).seed(11).joinMode(JoinMode.SEED)
            .latency(LatencyModel.constant(MS)).protocolConfig(CONFIG));
        for (int i = 0; i < N; i++)
        {
            ((SwimNode)sim.node(i)).expectedAbsence(absence);
        }
        sim.runUntilConverged(sim.periodsNs(60));
        return sim;
    }

    /**
     * From t0, AWAY is in contact for {@link #CONTACT_NS} at the start of every cycle and out of contact (told to
     * every node when the window opens, cut off by a partition when {@code partition}) for the rest of it.
     */
    private static void shortContacts(
        final Simulation sim, final ExpectedAbsence absence, final long t0, final boolean partition)
    {
        final int[] awayAlone = new int[N];
        awayAlone[AWAY] = 1;
        final int awayId = sim.nodeId(AWAY);
        for (int k = 0; k < CYCLES; k++)
        {
            final long endNs = t0 + (k + 1) * CYCLE_NS;
            sim.schedule(t0 + k * CYCLE_NS + CONTACT_NS, (s) ->
            {
                absence.expectAbsent(awayId, s.nowNs(), endNs);
                if (partition)
                {
                    s.partition(awayAlone);
                }
            });
            if (partition)
            {
                sim.schedule(endNs, Simulation::heal);
            }
        }
    }

    /**
     * @return time AWAY is in contact between two times.
     */
    private static long inContactNs(final long t0, final long fromNs, final long toNs)
    {
        long total = 0;
        for (int k = 0; k < CYCLES; k++)
        {
            final long start = Math.max(fromNs, t0 + k * CYCLE_NS);
            final long stop = Math.min(toNs, t0 + k * CYCLE_NS + CONTACT_NS);
            total += Math.max(0, stop - start);
        }
        return total;
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

    @Test
    void aCrashedMemberWithContactsShorterThanTheTimeoutDiesAfterAboutOneTimeoutOfContact()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        sim.kill(AWAY);
        shortContacts(sim, absence, t0, false);
        sim.runUntil(t0 + CYCLES * CYCLE_NS);

        final long suspectedNs = sim.metrics().firstSuspectNs(AWAY);
        final long deadNs = sim.metrics().firstDeadNs(AWAY);
        assertTrue(suspectedNs > 0, "suspected in one of its contacts");
        assertTrue(deadNs > 0, "declared dead within " + CYCLES + " contacts of " + CONTACT_NS / MS +
            " ms (restarting the suspicion at every contact never lets it run out)");
        // Theory: the first suspicion runs out after at most Lifeguard's starting timeout (maxMult x min, no
        // confirmation) of time in contact, or, when a pause came after that, the span of re-checks a member is given
        // once back (from the first re-check at min / 2 to the minimum timeout: min / 2).
        final long minNs = CONFIG.suspicionMinTimeoutNs(N);
        final long boundNs = CONFIG.suspicionMaxTimeoutMult() * minNs + minNs / 2;
        final long contactNs = inContactNs(t0, suspectedNs, deadNs);
        assertTrue(contactNs <= boundNs, "in contact " + contactNs / MS + " ms from the first suspicion to the" +
            " first death, bound " + boundNs / MS + " ms (" + (deadNs - suspectedNs) / MS + " ms in all)");
        assertEquals(N - 1, observersWith(sim, MemberState.DEAD), "every observer holds it dead");
    }

    @Test
    void aLiveMemberWithTheSameShortContactsIsNeverDeclaredDead()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final Simulation sim = converged(absence);
        final long t0 = sim.nowNs();
        shortContacts(sim, absence, t0, true);
        sim.runUntil(t0 + CYCLES * CYCLE_NS);

        assertEquals(0, sim.metrics().falsePositiveMembers(), "never declared dead, its suspicions refuted");
        assertEquals(N - 1, observersWith(sim, MemberState.ALIVE), "alive in every view at the end");
    }
}

package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Join names the endpoint its answer goes to. Forged Joins naming one victim endpoint must not make a node send
 * more than its Join answer budget there: at most max(budget, one full state) bytes per probe interval
 * ({@link ProtocolConfig#stateAnswerBytesPerPeriod(int)}), however many Joins arrive.
 */
class JoinAnswerBudgetTest
{
    private static final int MEMBERS = 1_000;
    private static final int VICTIM_IPV4 = 0xC0A8_0001;
    private static final int VICTIM_PORT = 9;
    /** 1 MiB: 10,000 forged Joins ask for about 200 MB of full states, against a bound of 11 MiB here. */
    private static final int BUDGET_BYTES = 1 << 20;

    @Test
    void forgedJoinsNamingOneEndpointGetAtMostTheBudgetSentThere()
    {
        final TestCluster c = new TestCluster(new ProtocolConfig().stateAnswerBytesPerPeriod(BUDGET_BYTES), 3,
            TimeUnit.MILLISECONDS.toNanos(1));
        final SwimNode seed = c.addNode(100, false);
        for (int m = 0; m < MEMBERS; m++)
        {
            seed.learnConfigured(c.nowNs, 10_000 + m, TestCluster.IPV4 + 1 + m, 7946);
        }
        c.startAll();
        c.runPeriods(0.5);

        final long periodNs = c.config.probeIntervalNs();
        final int periods = 10;
        final int joinsPerPeriod = 1_000;
        for (int p = 0; p < periods; p++)
        {
            for (int j = 0; j < joinsPerPeriod; j++)
            {
                c.injectJoin(0, 5_000 + j % 10, VICTIM_IPV4, VICTIM_PORT);
                c.runUntil(c.nowNs + periodNs / joinsPerPeriod);
            }
        }

        final long sent = c.bytesToEndpoint.getOrDefault(((long)VICTIM_IPV4 << 32) | VICTIM_PORT, 0L);
        // Each interval: the budget, or one full state when that is larger (15 frames of at most 1,376 B here).
        final long fullState = 16L * c.config.frameBudgetBytes();
        final long perPeriod = Math.max(c.config.stateAnswerBytesPerPeriod(), fullState);
        final long bound = (periods + 1) * perPeriod;
        System.out.printf("forged joins=%d bytes to the victim=%d bound=%d (unbounded: ~%d)%n",
            periods * joinsPerPeriod, sent, bound, (long)periods * joinsPerPeriod * 15 * c.config.frameBudgetBytes());
        assertEquals(periods * joinsPerPeriod, c.counters[ProtocolCounters.JOINS_RECEIVED]);
        assertTrue(sent > 0, "some Joins are answered");
        assertTrue(sent <= bound, "bytes sent to the victim " + sent + " <= " + bound);
        assertTrue(c.counters[ProtocolCounters.JOIN_ANSWERS_LIMITED] > 0, "answers beyond the budget counted");
    }

    /** A joiner answered with the seed's entry alone keeps retrying until its full answer comes. */
    @Test
    void aJoinerAnsweredBeyondTheBudgetRetriesAndJoins()
    {
        final TestCluster c = new TestCluster(new ProtocolConfig().stateAnswerBytesPerPeriod(0), 3,
            TimeUnit.MILLISECONDS.toNanos(1));
        c.addNode(100, false);
        c.addNode(101, true);
        c.addNode(102, true);
        c.startAll();
        c.runPeriods(6);
        assertTrue(c.counters[ProtocolCounters.JOIN_ANSWERS_LIMITED] >= 1, "one of the two Joins was over budget");
        for (int i = 0; i < 3; i++)
        {
            for (int m = 0; m < 3; m++)
            {
                assertEquals(ALIVE, c.stateOf(i, 100 + m), "node " + i + " sees " + (100 + m));
            }
        }
    }
}

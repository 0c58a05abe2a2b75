package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A push-pull request is answered with the node's whole state, sent to the endpoint the node holds for the sender,
 * and the request itself can register that endpoint (its entry about the sender is merged first). Forged requests
 * naming one victim endpoint must not make a node send more there than its answer budget: at most
 * max(budget, one full state) bytes of Join and push-pull answers together per probe interval, however many
 * requests arrive.
 */
class PushPullAnswerBudgetTest
{
    private static final int MEMBERS = 1_000;
    private static final int VICTIM_IPV4 = 0xC0A8_0001;
    private static final int VICTIM_PORT = 9;
    private static final long VICTIM = ((long)VICTIM_IPV4 << 32) | VICTIM_PORT;
    private static final int BUDGET_BYTES = 1 << 20;
    private static final int PERIODS = 10;
    private static final int REQUESTS_PER_PERIOD = 1_000;

    @Test
    void forgedRequestsFromTenSendersGetAtMostTheBudgetSentToTheirEndpoint()
    {
        flood(10, false);
    }

    @Test
    void forgedRequestsFromOneSenderGetAtMostTheBudgetSentToItsEndpoint()
    {
        flood(1, false);
    }

    @Test
    void joinsAndPushPullRequestsShareOneBudget()
    {
        flood(10, true);
    }

    private static void flood(final int senders, final boolean alternateWithJoins)
    {
        final TestCluster c = seedOfThousand();
        final long periodNs = c.config.probeIntervalNs();
        long requestBytes = 0;
        for (int p = 0; p < PERIODS; p++)
        {
            for (int r = 0; r < REQUESTS_PER_PERIOD; r++)
            {
                final int sender = 5_000 + r % senders;
                if (alternateWithJoins && 1 == (r & 1))
                {
                    c.injectJoin(0, sender, VICTIM_IPV4, VICTIM_PORT);
                }
                else
                {
                    requestBytes += c.injectPushPullRequest(0, sender, VICTIM_IPV4, VICTIM_PORT);
                }
                c.runUntil(c.nowNs + periodNs / REQUESTS_PER_PERIOD);
            }
        }

        final long sent = c.bytesToEndpoint.getOrDefault(VICTIM, 0L);
        // Each interval: the budget, or one full state when that is larger (15 frames of at most 1,376 B here).
        final long fullState = 16L * c.config.frameBudgetBytes();
        final long bound = (PERIODS + 1) * Math.max(BUDGET_BYTES, fullState);
        System.out.printf("senders=%d joins too=%b requests=%d (%d B of push-pull requests) bytes to the victim=%d " +
            "bound=%d%n", senders, alternateWithJoins, PERIODS * REQUESTS_PER_PERIOD, requestBytes, sent, bound);
        assertTrue(sent > 0, "some requests are answered");
        assertTrue(sent <= bound, "bytes sent to the victim " + sent + " <= " + bound);
        assertEquals(alternateWithJoins ? PERIODS * REQUESTS_PER_PERIOD / 2 : 0,
            c.counters[ProtocolCounters.JOINS_RECEIVED]);
        assertTrue(c.counters[ProtocolCounters.PUSH_PULL_ANSWERS_LIMITED] > 0, "push-pull answers beyond the budget");
        assertEquals(alternateWithJoins, c.counters[ProtocolCounters.JOIN_ANSWERS_LIMITED] > 0,
            "Join answers beyond the budget");
    }

    private static TestCluster seedOfThousand()
    {
        final TestCluster c = new TestCluster(new ProtocolConfig().stateAnswerBytesPerPeriod(BUDGET_BYTES), 3,
            TimeUnit.MILLISECONDS.toNanos(1));
        final SwimNode node = c.addNode(100, false);
        for (int m = 0; m < MEMBERS; m++)
        {
            node.learnConfigured(c.nowNs, 10_000 + m, TestCluster.IPV4 + 1 + m, 7946);
        }
        c.startAll();
        c.runPeriods(0.5);
        return c;
    }
}

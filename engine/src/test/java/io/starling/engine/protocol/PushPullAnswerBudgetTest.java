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

    /**
     * An honest requester whose request comes after a flood spent the interval's budget is answered with the node's
     * own entry (it learns the node is alive), and in full at a request of a later interval.
     */
    @Test
    void aRequesterAnsweredShortGetsTheOwnEntryThenTheFullStateInALaterInterval()
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().stateAnswerBytesPerPeriod(BUDGET_BYTES).pushPullIntervalNs(0), 3,
            TimeUnit.MILLISECONDS.toNanos(1), true);
        final SwimNode node = c.addNode(100, false);
        final SwimNode requester = c.addNode(101, false);
        for (int m = 0; m < MEMBERS; m++)
        {
            node.learnConfigured(c.nowNs, 10_000 + m, TestCluster.IPV4 + 1 + m, 7946);
        }
        node.learnConfigured(c.nowNs, 101, TestCluster.IPV4, TestCluster.BASE_PORT + 1);
        requester.learnConfigured(c.nowNs, 100, TestCluster.IPV4, TestCluster.BASE_PORT);
        c.startAll();
        c.runPeriods(0.5);

        // 60 full states (about 20 KB each) are more than 1 MiB: the flood spends this interval's budget.
        for (int r = 0; r < 60; r++)
        {
            c.injectPushPullRequest(0, 5_000 + r, VICTIM_IPV4, VICTIM_PORT);
        }
        final long limited = c.counters[ProtocolCounters.PUSH_PULL_ANSWERS_LIMITED];
        final long toRequester = requesterBytes(c);
        c.injectPushPullRequest(0, 101, TestCluster.IPV4, TestCluster.BASE_PORT + 1);
        c.runUntil(c.nowNs + TimeUnit.MILLISECONDS.toNanos(5));
        assertEquals(limited + 1, c.counters[ProtocolCounters.PUSH_PULL_ANSWERS_LIMITED], "answered short");
        final long ownEntryBytes = requesterBytes(c) - toRequester;
        assertTrue(ownEntryBytes > 0 && ownEntryBytes < c.config.frameBudgetBytes(),
            "one small frame: " + ownEntryBytes);
        assertEquals(MemberState.ALIVE, c.stateOf(1, 100), "the requester holds the node alive");
        assertTrue(known(c) < 10, "the requester has not got the node's state: " + known(c));

        c.runPeriods(1);
        c.injectPushPullRequest(0, 101, TestCluster.IPV4, TestCluster.BASE_PORT + 1);
        c.runUntil(c.nowNs + TimeUnit.MILLISECONDS.toNanos(5));
        assertEquals(MEMBERS, known(c), "the state, at a request of the next interval");
    }

    private static long requesterBytes(final TestCluster c)
    {
        return c.bytesToEndpoint.getOrDefault(((long)TestCluster.IPV4 << 32) | (TestCluster.BASE_PORT + 1), 0L);
    }

    private static int known(final TestCluster c)
    {
        int known = 0;
        for (int m = 0; m < MEMBERS; m++)
        {
            known += MemberState.NONE != c.stateOf(1, 10_000 + m) ? 1 : 0;
        }
        return known;
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

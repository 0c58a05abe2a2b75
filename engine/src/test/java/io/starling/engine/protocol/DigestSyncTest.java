package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DigestSync}: with dissemination starved (no Gossip rounds, each update piggybacked twice per node, no periodic
 * push-pull) 24 nodes joining at once leave some members unknown to some nodes for good. Pings and Acks carry
 * their senders' {@link ViewDigest}; a node whose view has settled and hears another digest starts a push-pull, and
 * every view then holds every member.
 */
final class DigestSyncTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int NODES = 24;

    @Test
    void settledViewsThatDifferAreRepairedByAnExchangeOnTheDigest()
    {
        final TestCluster starved = joined(config().digestSyncIntervalNs(0), 1);
        starved.runPeriods(120);
        assertTrue(missingPairs(starved) > 0, "the scenario leaves members unknown without the digest");
        assertEquals(0, starved.counters[ProtocolCounters.PUSH_PULLS_ON_DIGEST]);

        final TestCluster repaired = joined(config(), 1);
        repaired.runPeriods(120);
        assertEquals(0, missingPairs(repaired));
        assertTrue(repaired.counters[ProtocolCounters.PUSH_PULLS_ON_DIGEST] > 0);
    }

    @Test
    void agreeingViewsStartNoExchange()
    {
        final TestCluster c = joined(config(), 2);
        c.runPeriods(120);
        assertEquals(0, missingPairs(c));
        final long exchanges = c.counters[ProtocolCounters.PUSH_PULLS_ON_DIGEST];
        final long started = c.counters[ProtocolCounters.PUSH_PULLS_STARTED];
        c.runPeriods(300);
        assertEquals(exchanges, c.counters[ProtocolCounters.PUSH_PULLS_ON_DIGEST]);
        assertEquals(started, c.counters[ProtocolCounters.PUSH_PULLS_STARTED]);
    }

    @Test
    void theDigestIsTheSetOfLiveMembersWhateverTheOrder()
    {
        final ViewDigest a = new ViewDigest();
        final ViewDigest b = new ViewDigest();
        for (int id = 1; id <= 1000; id++)
        {
            a.add(id, id);
            b.add(1001 - id, id);
        }
        assertEquals(a.value(), b.value());
        b.remove(500, 2000);
        assertTrue(a.value() != b.value());
        b.add(500, 2001);
        assertEquals(a.value(), b.value());
        assertEquals(2001, b.changedNs());
    }

    private static ProtocolConfig config()
    {
        return new ProtocolConfig()
            .gossipNodes(0)
            .retransmitMult(1)
            .pushPullIntervalNs(0)
            .reconnectIntervalNs(0);
    }

    private static TestCluster joined(final ProtocolConfig config, final long seed)
    {
        final TestCluster c = new TestCluster(config, seed, LATENCY_NS);
        for (int i = 0; i < NODES; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        return c;
    }

    private static int missingPairs(final TestCluster c)
    {
        int missing = 0;
        for (final SwimNode observer : c.nodes)
        {
            for (final SwimNode member : c.nodes)
            {
                if (observer != member && MemberState.ALIVE != observer.memberState(member.nodeId()))
                {
                    missing++;
                }
            }
        }
        return missing;
    }
}

package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;

import io.starling.codecs.JoinDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeds of {@link Join} through a scripted node: every seed given (more than its first table holds) gets the Join
 * when the node starts and again every two probe intervals while none answers; a seed given twice is one seed, the
 * node's own endpoint is no seed; a node that leaves neither joins nor retries.
 */
class JoinSeedsTest
{
    private static final int SEEDS = 9;

    private static List<Integer> joinPorts(final ScriptedNode n)
    {
        final List<Integer> ports = new ArrayList<>();
        for (final ScriptedNode.Sent join : n.sent(JoinDecoder.TEMPLATE_ID))
        {
            ports.add(join.dstPort());
        }
        return ports;
    }

    private static List<Integer> seedPorts()
    {
        final List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= SEEDS; i++)
        {
            ports.add(ScriptedNode.portOf(100 + i));
        }
        return ports;
    }

    private static ScriptedNode seeded(final long seed)
    {
        return new ScriptedNode(new ProtocolConfig(), seed, MembershipObserver.NO_OP, node ->
        {
            node.addSeed(ScriptedNode.IPV4, ScriptedNode.BASE_PORT);
            for (int i = 1; i <= SEEDS; i++)
            {
                node.addSeed(ScriptedNode.IPV4, ScriptedNode.portOf(100 + i));
                node.addSeed(ScriptedNode.IPV4, ScriptedNode.portOf(100 + i));
            }
        });
    }

    @Test
    void everySeedGetsOneJoinAtStartAndAgainEveryTwoProbeIntervalsWhileNoneAnswers()
    {
        final ScriptedNode n = seeded(51);
        assertEquals(seedPorts(), joinPorts(n), "one Join per seed, none to the node itself");
        final List<ScriptedNode.Timer> retry = n.live(NodeTimers.JOIN_RETRY);
        assertEquals(1, retry.size());
        assertEquals(n.nowNs + 2 * n.config.probeIntervalNs(), retry.get(0).deadlineNs());

        n.sent.clear();
        assertEquals(1, n.fire(NodeTimers.JOIN_RETRY, retry.get(0).deadlineNs()));
        assertEquals(seedPorts(), joinPorts(n), "the retry goes to every seed again");
        final List<ScriptedNode.Timer> next = n.live(NodeTimers.JOIN_RETRY);
        assertEquals(1, next.size());
        assertEquals(retry.get(0).deadlineNs() + 2 * n.config.probeIntervalNs(), next.get(0).deadlineNs());
    }

    @Test
    void aLeavingNodeNeitherJoinsNorRetries()
    {
        final ScriptedNode n = seeded(52);
        n.node.leave(n.nowNs);
        n.sent.clear();

        assertFalse(n.node.join(n.nowNs, ScriptedNode.IPV4, ScriptedNode.portOf(150)), "no join once leaving");
        n.fire(NodeTimers.JOIN_RETRY, n.nowNs + 10 * n.config.probeIntervalNs());

        assertTrue(joinPorts(n).isEmpty(), n.sent::toString);
        assertTrue(n.live(NodeTimers.JOIN_RETRY).isEmpty(), "the retry stops");
    }

    @Test
    void aJoinAfterStartGoesOutAtOnceAndIsRetriedWithTheOtherSeeds()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 53);
        assertTrue(n.live(NodeTimers.JOIN_RETRY).isEmpty(), "no seed, no retry");
        n.sent.clear();

        assertTrue(n.node.join(n.nowNs, ScriptedNode.IPV4, ScriptedNode.portOf(150)));

        assertEquals(List.of(ScriptedNode.portOf(150)), joinPorts(n));
        n.sent.clear();
        n.fire(NodeTimers.JOIN_RETRY, n.nowNs + 2 * n.config.probeIntervalNs());
        assertEquals(List.of(ScriptedNode.portOf(150)), joinPorts(n), "retried");
    }
}

package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;

import io.starling.codecs.PingDecoder;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-checks of a standing suspicion (through scripted peers), as {@link SuspicionTimeout} documents them: one
 * Ping to the suspect at 3/6, 4/6 and 5/6 of the minimum timeout from the suspicion's start, three in all, each
 * counted; a refuted suspicion is checked no more.
 */
class SuspicionRecheckTest
{
    private static final int MEMBER = 103;
    /** A minimum timeout of suspicionMult 4 x 1.5 s = 6 s for a cluster of 4 (log10 below 1 counts as 1). */
    private static final long PROBE_INTERVAL_NS = 1_500_000_000L;
    private static final long MIN_TIMEOUT_NS = 6_000_000_000L;

    private static ScriptedNode suspecting(final long seed)
    {
        final ScriptedNode n = new ScriptedNode(
            new ProtocolConfig().probeIntervalNs(PROBE_INTERVAL_NS).suspicionMult(4), seed);
        n.learnAlive(101, 103);
        assertEquals(MIN_TIMEOUT_NS, n.config.suspicionMinTimeoutNs(n.node.liveMemberCount()));
        n.deliverUpdate(101, MEMBER, 0, (short)SUSPECT);
        n.sent.clear();
        return n;
    }

    /** Fire the member's next re-check, if any, and return its deadline (or -1). */
    private static long fireNextCheck(final ScriptedNode n)
    {
        final int slot = n.directory.slotOf(MEMBER);
        final List<ScriptedNode.Timer> checks = n.live(NodeTimers.SUSPICION_CHECK).stream()
            .filter(t -> t.arg() == slot).toList();
        if (checks.isEmpty())
        {
            return -1;
        }
        assertEquals(1, checks.size(), "one re-check armed at a time");
        n.fire(NodeTimers.SUSPICION_CHECK, checks.get(0).deadlineNs());
        return checks.get(0).deadlineNs();
    }

    private static long pingsTo(final ScriptedNode n)
    {
        return n.sent(PingDecoder.TEMPLATE_ID).stream().filter(s -> MEMBER == s.dstNodeId()).count();
    }

    @Test
    void aStandingSuspicionIsCheckedWithOnePingAtThreeFourAndFiveSixthsOfTheMinimumTimeout()
    {
        final ScriptedNode n = suspecting(71);
        final long startNs = n.nowNs;
        final List<Long> checkedAtNs = new ArrayList<>();
        for (long at = fireNextCheck(n); at >= 0; at = fireNextCheck(n))
        {
            checkedAtNs.add(at - startNs);
            assertEquals(checkedAtNs.size(), pingsTo(n), "one Ping per re-check: " + n.sent);
        }
        assertEquals(List.of(MIN_TIMEOUT_NS * 3 / 6, MIN_TIMEOUT_NS * 4 / 6, MIN_TIMEOUT_NS * 5 / 6), checkedAtNs);
        assertEquals(3, n.counters[ProtocolCounters.SUSPICION_CHECKS_SENT]);
        assertEquals(SUSPECT, n.node.memberState(MEMBER), "the checks declare nothing themselves");
    }

    @Test
    void aRefutedSuspicionIsCheckedNoMore()
    {
        final ScriptedNode n = suspecting(72);
        assertTrue(fireNextCheck(n) > 0);
        assertEquals(1, pingsTo(n));

        n.deliverUpdate(MEMBER, MEMBER, 1, (short)ALIVE);
        assertEquals(ALIVE, n.node.memberState(MEMBER));
        n.fire(NodeTimers.SUSPICION_CHECK, n.nowNs + MIN_TIMEOUT_NS);

        assertEquals(1, pingsTo(n), "no re-check after the refutation: " + n.sent);
        assertEquals(1, n.counters[ProtocolCounters.SUSPICION_CHECKS_SENT]);
    }
}

package io.starling.engine.protocol;

import java.util.List;

import io.starling.codecs.PingDecoder;
import io.starling.engine.schedule.ExpectedAbsence;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a suspicion's timer fires (through scripted peers): a timer id that is not the record's declares nothing; a
 * member that went out of contact (expected absence) before its suspicion ran out is not declared dead then, its
 * suspicion pauses until the window's end and resumes there with the time in contact it had left (the full timeout
 * for a window that opened with the suspicion), its confirmations kept, it is asked again once it is back, and it dies
 * only when that time runs out too; a member out of contact with no end in sight is never declared dead; a re-check
 * that finds the member (or this node) out of contact pauses the suspicion until the window's end, so a window that
 * opens and closes inside a suspicion does not swallow every re-check and leave a member that is back on time to die;
 * a member back from its window refutes a resumed suspicion with a newer incarnation and is not declared dead.
 */
class SuspicionExpiryTest
{
    private static final int MEMBER = 103;

    private static ScriptedNode suspecting(final long seed, final ExpectedAbsence absence)
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), seed);
        n.node.expectedAbsence(absence);
        n.learnAlive(101, 104);
        n.deliverUpdate(101, MEMBER, 0, (short)SUSPECT);
        assertEquals(SUSPECT, n.node.memberState(MEMBER));
        return n;
    }

    private static List<ScriptedNode.Timer> timersOf(final ScriptedNode n, final int kind)
    {
        final int slot = n.directory.slotOf(MEMBER);
        return n.live(kind).stream().filter(t -> t.arg() == slot).toList();
    }

    @Test
    void aTimerIdThatIsNotTheSuspicionsDeclaresNothing()
    {
        final ScriptedNode n = suspecting(31, new ExpectedAbsence());
        final ScriptedNode.Timer armed = timersOf(n, NodeTimers.SUSPICION).get(0);
        n.nowNs = armed.deadlineNs();

        n.node.onTimer(n.nowNs, armed.id() + 1_000, NodeTimers.SUSPICION, armed.arg());

        assertEquals(SUSPECT, n.node.memberState(MEMBER));
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
        n.fire(NodeTimers.SUSPICION, armed.deadlineNs());
        assertEquals(DEAD, n.node.memberState(MEMBER), "its own timer does");
    }

    @Test
    void aSuspectThatGoesOutOfContactGetsTheFullTimeoutFromTheEndOfItsWindowAndIsAskedAgainFirst()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(32, absence);
        final long suspectedAtNs = n.nowNs;
        final ScriptedNode.Timer first = timersOf(n, NodeTimers.SUSPICION).get(0);
        final long timeoutNs = first.deadlineNs() - suspectedAtNs;
        assertTrue(timeoutNs > 0);
        final long windowEndNs = first.deadlineNs() + 5_000_000_000L;
        absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);

        assertEquals(1, n.fire(NodeTimers.SUSPICION, first.deadlineNs()));

        assertEquals(SUSPECT, n.node.memberState(MEMBER), "not declared dead while out of contact");
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
        final List<ScriptedNode.Timer> restarted = timersOf(n, NodeTimers.SUSPICION);
        assertEquals(1, restarted.size());
        assertEquals(windowEndNs + timeoutNs, restarted.get(0).deadlineNs(), "the full timeout from the window's end");
        final List<ScriptedNode.Timer> checks = timersOf(n, NodeTimers.SUSPICION_CHECK);
        assertEquals(1, checks.size(), "one re-check, the earlier ones cancelled: " + checks);
        final long checkNs = checks.get(0).deadlineNs();
        assertTrue(checkNs >= windowEndNs && checkNs < windowEndNs + timeoutNs,
            "asked again once back, before the suspicion ends: " + checkNs);

        n.sent.clear();
        n.fire(NodeTimers.SUSPICION_CHECK, checkNs);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().anyMatch(s -> MEMBER == s.dstNodeId()),
            "the re-check Ping: " + n.sent);

        n.fire(NodeTimers.SUSPICION, windowEndNs + timeoutNs);
        assertEquals(DEAD, n.node.memberState(MEMBER), "no refutation came: dead when the restarted timeout ends");
        assertEquals(1, n.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void aSuspectOutOfContactWithNoEndInSightIsNeverDeclaredDead()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(33, absence);
        final ScriptedNode.Timer first = timersOf(n, NodeTimers.SUSPICION).get(0);
        final long timeoutNs = first.deadlineNs() - n.nowNs;
        absence.expectAbsent(MEMBER, n.nowNs, Long.MAX_VALUE);

        n.fire(NodeTimers.SUSPICION, first.deadlineNs());
        final List<ScriptedNode.Timer> restarted = timersOf(n, NodeTimers.SUSPICION);
        assertEquals(1, restarted.size());
        final long lookAgainNs = timersOf(n, NodeTimers.SUSPICION_CHECK).get(0).deadlineNs();
        assertTrue(lookAgainNs > first.deadlineNs(), "the window is looked at again later: " + lookAgainNs);
        assertEquals(lookAgainNs + timeoutNs, restarted.get(0).deadlineNs(),
            "no time in contact counted: the whole timeout from the next look");

        n.fire(NodeTimers.SUSPICION, n.nowNs + 100 * timeoutNs);
        assertEquals(SUSPECT, n.node.memberState(MEMBER));
        assertFalse(timersOf(n, NodeTimers.SUSPICION).isEmpty(), "still waiting");
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void aSuspectOutOfContactForEveryReCheckAndBackBeforeTheTimeoutIsAskedOnceBackNotDeclaredDead()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(34, absence);
        final ScriptedNode.Timer first = timersOf(n, NodeTimers.SUSPICION).get(0);
        final long timeoutNs = first.deadlineNs() - n.nowNs;
        // The window opens now, holds through the three re-checks, and ends well before the suspicion's timer: the
        // 1,834-node bent-pipe hour's false deaths (a pass gap inside a suspicion started before it).
        final long windowEndNs = first.deadlineNs() - timeoutNs / 4;
        absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);
        n.sent.clear();

        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs - 1);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().noneMatch(s -> MEMBER == s.dstNodeId()),
            "not asked while out of contact: " + n.sent);

        n.fire(NodeTimers.SUSPICION, first.deadlineNs());
        assertEquals(SUSPECT, n.node.memberState(MEMBER), "not declared dead: every re-check fell in its window");
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
        final List<ScriptedNode.Timer> restarted = timersOf(n, NodeTimers.SUSPICION);
        assertEquals(1, restarted.size());
        assertEquals(windowEndNs + timeoutNs, restarted.get(0).deadlineNs(), "the full timeout from the window's end");

        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs + timeoutNs - 1);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().anyMatch(s -> MEMBER == s.dstNodeId()),
            "asked again once back: " + n.sent);
        n.fire(NodeTimers.SUSPICION, windowEndNs + timeoutNs);
        assertEquals(DEAD, n.node.memberState(MEMBER), "no refutation came: dead when the restarted timeout ends");
    }

    @Test
    void aSuspicionWhoseReChecksAllFallInThisNodesOwnWindowRestartsAtItsEnd()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(35, absence);
        final ScriptedNode.Timer first = timersOf(n, NodeTimers.SUSPICION).get(0);
        final long timeoutNs = first.deadlineNs() - n.nowNs;
        final long windowEndNs = first.deadlineNs() - timeoutNs / 4;
        absence.expectAbsent(n.node.nodeId(), n.nowNs, windowEndNs);
        n.sent.clear();

        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs - 1);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().noneMatch(s -> MEMBER == s.dstNodeId()),
            "a node cut off asks nobody: " + n.sent);
        n.fire(NodeTimers.SUSPICION, first.deadlineNs());
        assertEquals(SUSPECT, n.node.memberState(MEMBER), "it could hear no refutation while cut off");
        assertEquals(windowEndNs + timeoutNs, timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs());
        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs + timeoutNs - 1);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().anyMatch(s -> MEMBER == s.dstNodeId()),
            "asked once this node is back: " + n.sent);
    }

    @Test
    void aSuspicionPausedPartWayResumesWithTheTimeInContactItHadLeftAndItsConfirmations()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(36, absence);
        final long suspectedAtNs = n.nowNs;
        final long fullTimeoutNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs() - suspectedAtNs;
        n.deliverUpdate(102, MEMBER, 0, (short)SUSPECT);
        final long confirmedTimeoutNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs() - suspectedAtNs;
        assertTrue(confirmedTimeoutNs < fullTimeoutNs, "one confirmation shortens it: " + confirmedTimeoutNs);
        final long firstCheckNs = timersOf(n, NodeTimers.SUSPICION_CHECK).get(0).deadlineNs();

        // In contact for a while, then out of contact for far longer than the timeout.
        final long inContactNs = (firstCheckNs - suspectedAtNs) / 2;
        n.nowNs = suspectedAtNs + inContactNs;
        final long windowEndNs = n.nowNs + 10 * fullTimeoutNs;
        absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);
        n.sent.clear();
        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs - 1);
        n.fire(NodeTimers.SUSPICION, windowEndNs - 1);
        assertEquals(SUSPECT, n.node.memberState(MEMBER), "paused, not dead, through the window");
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().noneMatch(s -> MEMBER == s.dstNodeId()), "" + n.sent);

        final long deadlineNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs();
        assertEquals(windowEndNs + confirmedTimeoutNs - inContactNs, deadlineNs,
            "resumed at the window's end with the confirmed timeout less the time it had run in contact");
        assertEquals(windowEndNs, timersOf(n, NodeTimers.SUSPICION_CHECK).get(0).deadlineNs(), "asked at once");
        n.fire(NodeTimers.SUSPICION_CHECK, deadlineNs - 1);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().filter(s -> MEMBER == s.dstNodeId()).count() >= 3,
            "the re-checks once back: " + n.sent);
        n.fire(NodeTimers.SUSPICION, deadlineNs);
        assertEquals(DEAD, n.node.memberState(MEMBER), "dead once its time in contact has run out");
    }

    @Test
    void aMemberBackFromItsWindowRefutesItsResumedSuspicionAndIsNotDeclaredDead()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(37, absence);
        final long suspectedAtNs = n.nowNs;
        final long timeoutNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs() - suspectedAtNs;
        n.nowNs = suspectedAtNs + timeoutNs - 1;
        final long windowEndNs = n.nowNs + 5 * timeoutNs;
        absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);
        n.fire(NodeTimers.SUSPICION, windowEndNs - 1);
        assertEquals(SUSPECT, n.node.memberState(MEMBER));
        final long deadlineNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs();
        assertTrue(deadlineNs > windowEndNs, "a little of its time left, and the re-checks' span: " + deadlineNs);

        n.sent.clear();
        n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs);
        assertTrue(n.sent(PingDecoder.TEMPLATE_ID).stream().anyMatch(s -> MEMBER == s.dstNodeId()),
            "asked as soon as it is back: " + n.sent);
        n.deliverUpdate(MEMBER, MEMBER, 1, (short)ALIVE);
        assertEquals(ALIVE, n.node.memberState(MEMBER), "refuted");

        n.fire(NodeTimers.SUSPICION_CHECK, deadlineNs + timeoutNs);
        n.fire(NodeTimers.SUSPICION, deadlineNs + timeoutNs);
        assertEquals(ALIVE, n.node.memberState(MEMBER));
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void contactsShorterThanTheReChecksSpanAfterAPauseStillAddUpToADeath()
    {
        final ExpectedAbsence absence = new ExpectedAbsence();
        final ScriptedNode n = suspecting(38, absence);
        final long timeoutNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs() - n.nowNs;
        final long opensNs = n.nowNs + timeoutNs - 1;
        n.fire(NodeTimers.SUSPICION_CHECK, opensNs - 1);
        n.nowNs = opensNs;
        long windowEndNs = opensNs + 10 * timeoutNs;
        absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);
        n.fire(NodeTimers.SUSPICION, windowEndNs - 1);
        assertEquals(SUSPECT, n.node.memberState(MEMBER), "paused with 1 ns of its timeout left");
        final long spanNs = timersOf(n, NodeTimers.SUSPICION).get(0).deadlineNs() - windowEndNs;
        assertTrue(spanNs > 0, "the re-checks' span once back: " + spanNs);

        // Every contact from now on is 2/5 of that span: the span goes on across them, and ends in the third.
        final long contactNs = spanNs * 2 / 5;
        int contacts = 0;
        while (DEAD != n.node.memberState(MEMBER) && contacts < 10)
        {
            contacts++;
            final long nextOpensNs = windowEndNs + contactNs;
            n.fire(NodeTimers.SUSPICION_CHECK, nextOpensNs - 1);
            n.fire(NodeTimers.SUSPICION, nextOpensNs - 1);
            if (DEAD == n.node.memberState(MEMBER))
            {
                break;
            }
            n.nowNs = nextOpensNs;
            windowEndNs = nextOpensNs + 10 * timeoutNs;
            absence.expectAbsent(MEMBER, n.nowNs, windowEndNs);
            n.fire(NodeTimers.SUSPICION_CHECK, windowEndNs - 1);
            n.fire(NodeTimers.SUSPICION, windowEndNs - 1);
        }
        assertEquals(DEAD, n.node.memberState(MEMBER), "dead after " + contacts + " contacts");
        assertEquals(3, contacts, "once the span has run in contact: 2/5 + 2/5 + 1/5 of it");
    }
}

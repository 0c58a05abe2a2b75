package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;

import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.MetadataUpdateEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.engine.schedule.ExpectedAbsence;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.NONE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The merge's edges outside the precedence table, through a node with scripted peers: an update with a state
 * outside the schema is a counted drop; with suspicion switched off a failed probe declares the member DEAD at once,
 * and with it on the expiring suspicion does, each death counted once; a member expected out of contact is neither
 * suspected nor declared dead until its window ends, and a node itself expected out of contact gives no verdict
 * from its own failed probe; metadata bytes arriving with an update are stored and announced, empty ones too.
 */
class MergeEdgeTest
{
    /**
     * Probe until the probe of {@code member} fails (a full probe interval with no Ack), the others answering.
     */
    private static void failProbeOf(final ScriptedNode n, final int member)
    {
        failProbeOf(n, member, () -> {});
    }

    private static void failProbeOf(final ScriptedNode n, final int member, final Runnable afterThePing)
    {
        for (int round = 0; round < 64; round++)
        {
            n.sent.clear();
            n.fire(NodeTimers.PROBE_TICK, n.nowNs + n.config.probeIntervalNs());
            final List<ScriptedNode.Sent> pings = n.sent(PingDecoder.TEMPLATE_ID);
            if (!pings.isEmpty() && pings.get(0).dstNodeId() == member)
            {
                afterThePing.run();
                n.fire(NodeTimers.PROBE_TIMEOUT, n.nowNs + n.config.probeTimeoutNs());
                // The interval ends with no Ack: the next tick judges the probe failed.
                n.fire(NodeTimers.PROBE_TICK, n.nowNs + n.config.probeIntervalNs());
                return;
            }
            // Any other member answers its probe at once.
            if (!pings.isEmpty())
            {
                n.deliverAck(pings.get(0).dstNodeId(), pings.get(0).seq(), pings.get(0).dstNodeId());
            }
        }
        throw new AssertionError("member " + member + " never probed");
    }

    @Test
    void anUpdateWithAStateOutsideTheSchemaIsACountedDrop()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 1);
        n.learnAlive(101, 103);
        final long drops = n.counters[ProtocolCounters.DROP_SEMANTIC];
        n.deliverUpdate(101, 102, 5, (short)4);
        n.deliverUpdate(101, 777, 0, (short)9);
        assertEquals(drops + 2, n.counters[ProtocolCounters.DROP_SEMANTIC]);
        assertEquals(ALIVE, n.node.memberState(102));
        assertEquals(0, n.node.memberIncarnation(102));
        assertEquals(NONE, n.node.memberState(777));
    }

    @Test
    void withoutSuspicionAFailedProbeDeclaresTheMemberDeadAtOnce()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig().suspicionEnabled(false), 2);
        n.learnAlive(101, 104);
        failProbeOf(n, 103);
        assertEquals(DEAD, n.node.memberState(103));
        assertEquals(1, n.counters[ProtocolCounters.DEATHS_DECLARED]);
        assertEquals(0, n.counters[ProtocolCounters.SUSPICIONS_RAISED]);
        assertEquals(4, n.node.liveMemberCount(), "the node and three members");
    }

    @Test
    void withSuspicionTheExpiringSuspicionDeclaresTheDeathAndCountsIt()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        n.learnAlive(101, 104);
        failProbeOf(n, 103);
        assertEquals(SUSPECT, n.node.memberState(103));
        assertEquals(1, n.counters[ProtocolCounters.SUSPICIONS_RAISED]);
        assertEquals(0, n.counters[ProtocolCounters.DEATHS_DECLARED]);
        n.fire(NodeTimers.SUSPICION, n.nowNs + 3_600_000_000_000L);
        assertEquals(DEAD, n.node.memberState(103));
        assertEquals(1, n.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void aMemberExpectedOutOfContactIsNotSuspectedUntilItsWindowEndsButAnotherNodesDeathVerdictIsTaken()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 4);
        final ExpectedAbsence absence = new ExpectedAbsence();
        n.node.expectedAbsence(absence);
        n.learnAlive(101, 104);
        final long untilNs = n.nowNs + 1_000_000_000L;
        absence.expectAbsent(102, n.nowNs, untilNs);
        absence.expectAbsent(104, n.nowNs, untilNs);
        n.deliverUpdate(101, 102, 0, (short)SUSPECT);
        assertEquals(ALIVE, n.node.memberState(102), "expected absent: no suspicion taken");
        n.deliverUpdate(101, 102, 0, (short)DEAD);
        assertEquals(DEAD, n.node.memberState(102), "expected absent: it cannot refute, another node's death taken");
        n.deliverUpdate(101, 104, 1, (short)ALIVE);
        n.deliverUpdate(101, 104, 0, (short)DEAD);
        assertEquals(ALIVE, n.node.memberState(104), "not a DEAD older than the incarnation held");
        n.deliverUpdate(101, 103, 0, (short)DEAD);
        assertEquals(SUSPECT, n.node.memberState(103), "in contact: another node's death is a suspicion");

        n.nowNs = untilNs + 1;
        n.deliverUpdate(101, 104, 1, (short)SUSPECT);
        assertEquals(SUSPECT, n.node.memberState(104), "after the window");
    }

    @Test
    void aNodeItselfExpectedOutOfContactGivesNoVerdictFromItsOwnProbes()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 5);
        final ExpectedAbsence absence = new ExpectedAbsence();
        n.node.expectedAbsence(absence);
        n.learnAlive(101, 104);
        // Its window opens after the Ping went out (a node expected out of contact does not start probes).
        failProbeOf(n, 103, () -> absence.expectAbsent(ScriptedNode.NODE_ID, n.nowNs, Long.MAX_VALUE));
        assertEquals(ALIVE, n.node.memberState(103), "its own failed probe says nothing");
        n.deliverUpdate(101, 104, 0, (short)SUSPECT);
        assertEquals(SUSPECT, n.node.memberState(104), "another member's verdict still counts");
    }

    @Test
    void metadataBytesWithAnUpdateAreStoredAndAnnouncedEmptyOnesToo()
    {
        final List<String> received = new ArrayList<>();
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 6, new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
            }

            public void onMemberMetadataReceived(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
            {
                received.add(memberId + "@" + metaVersion);
            }
        });
        n.learnAlive(101, 102);
        deliverMetadata(n, 102, 1, 1, new byte[]{1, 2, 3});
        deliverMetadata(n, 102, 2, 2, new byte[0]);
        assertEquals(List.of("102@1", "102@2"), received);
        final int slot = n.directory.slotOf(102);
        assertEquals(0, n.directory.metadata(slot).length, "the member cleared its metadata");
        assertEquals(2, n.directory.metadataVersion(slot));
    }

    @Test
    void theObserverHearsEachChangeOnceAndEveryAppliedUpdateIsCountedMerged()
    {
        final List<String> events = new ArrayList<>();
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 7, new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
                events.add(memberId + " " + MemberState.name(oldState) + "->" + MemberState.name(newState) + " @" +
                    incarnation);
            }

            public void onMemberMetadata(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
            {
                events.add(memberId + " metadata v" + metaVersion);
            }
        });
        events.clear();
        final long mergedBefore = n.counters[ProtocolCounters.UPDATES_MERGED];

        n.learnAlive(101, 102);
        n.deliverUpdate(102, 101, 0, (short)ALIVE);
        n.deliverUpdate(102, 101, 0, (short)SUSPECT);
        n.deliverUpdate(101, 101, 1, (short)ALIVE);
        deliverMetadata(n, 101, 2, 1, new byte[]{9});
        deliverMetadata(n, 101, 2, 1, new byte[]{9});
        n.deliverUpdate(102, 101, 1, (short)SUSPECT);

        assertEquals(List.of(
            "101 NONE->ALIVE @0", "102 NONE->ALIVE @0",
            "101 ALIVE->SUSPECT @0",
            "101 SUSPECT->ALIVE @1",
            "101 ALIVE->ALIVE @2", "101 metadata v1"), events, "repeated and stale news is not announced");
        assertEquals(5, n.counters[ProtocolCounters.UPDATES_MERGED] - mergedBefore,
            "two new members, the suspicion, the refutation, the new metadata");
    }

    private static void deliverMetadata(
        final ScriptedNode n, final int member, final int incarnation, final int metaVersion, final byte[] bytes)
    {
        final MetadataUpdateEncoder update = new MetadataUpdateEncoder()
            .wrapAndApplyHeader(n.frame(), n.frameHeader(member), new MessageHeaderEncoder())
            .memberId(member).incarnation(incarnation).state(io.starling.codecs.MemberState.ALIVE)
            .metaVersion(metaVersion).fromNode(member);
        update.endpoint().ipv4(ScriptedNode.IPV4).port(ScriptedNode.portOf(member));
        update.putMetadata(bytes, 0, bytes.length);
        n.deliver(update.limit());
    }
}

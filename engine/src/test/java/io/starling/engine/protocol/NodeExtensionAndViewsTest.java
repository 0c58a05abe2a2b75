package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.RumorEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.DEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node offers the layers riding on it, through scripted peers: the extension is started with the node, gets
 * the messages the membership protocol does not know (a message it takes is no drop) and the timers of its own
 * kinds; and the node's views: a random ALIVE member, leaving, the view's bytes growing with the members, the
 * incarnation it starts with, and the bounds of its metadata.
 */
class NodeExtensionAndViewsTest
{
    private static final class RecordingExtension implements NodeExtension
    {
        final List<String> calls = new ArrayList<>();
        boolean takes = true;
        SwimNode startedWith;

        public void onStart(final long nowNs, final SwimNode node)
        {
            startedWith = node;
            calls.add("start");
        }

        public boolean onMessage(
            final long nowNs, final int srcNodeId, final int templateId, final DirectBuffer buffer,
            final int messageOffset, final int messageLength, final int blockLength, final int version)
        {
            calls.add("message " + templateId + " from " + srcNodeId);
            return takes;
        }

        public void onTimer(final long nowNs, final long timerId, final int kind, final int arg)
        {
            calls.add("timer " + kind + " " + arg);
        }
    }

    private static int rumorFrame(final ScriptedNode n)
    {
        final RumorEncoder rumor = new RumorEncoder()
            .wrapAndApplyHeader(n.frame(), n.frameHeader(101), new MessageHeaderEncoder());
        rumor.rumorId(1).originNode(101).lamportTime(1).hops((short)0).putPayload(new byte[3], 0, 3);
        return rumor.limit();
    }

    @Test
    void theExtensionStartsWithTheNodeAndGetsUnknownMessagesAndItsOwnTimers()
    {
        final RecordingExtension extension = new RecordingExtension();
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 1, MembershipObserver.NO_OP,
            node -> node.extension(extension));
        assertSame(n.node, extension.startedWith);
        assertEquals(List.of("start"), extension.calls);

        final long drops = n.counters[ProtocolCounters.DROP_SEMANTIC];
        n.deliver(rumorFrame(n));
        assertEquals("message " + RumorEncoder.TEMPLATE_ID + " from 101", extension.calls.get(1));
        assertEquals(drops, n.counters[ProtocolCounters.DROP_SEMANTIC], "a message the extension takes");
        extension.takes = false;
        n.deliver(rumorFrame(n));
        assertEquals(drops + 1, n.counters[ProtocolCounters.DROP_SEMANTIC], "a message nobody takes");

        extension.calls.clear();
        n.node.onTimer(n.nowNs, 999, NodeExtension.TIMER_KIND_BASE, 4);
        n.node.onTimer(n.nowNs, 998, NodeExtension.TIMER_KIND_BASE + 3, 5);
        n.node.onTimer(n.nowNs, 997, NodeExtension.TIMER_KIND_BASE - 1, 6);
        assertEquals(List.of("timer " + NodeExtension.TIMER_KIND_BASE + " 4",
            "timer " + (NodeExtension.TIMER_KIND_BASE + 3) + " 5"), extension.calls,
            "kinds from the base up are the extension's; below it they are the node's");
    }

    @Test
    void aRandomAliveMemberIsAlwaysOneSeenAliveAndEveryOneComesUp()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 2);
        assertEquals(-1, n.node.randomAliveMember(), "alone");
        n.learnAlive(101, 105);
        n.deliverUpdate(101, 103, 0, (short)MemberState.SUSPECT);
        n.fire(NodeTimers.SUSPICION, n.nowNs + 60_000_000_000L);
        assertEquals(DEAD, n.node.memberState(103));
        final Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 400; i++)
        {
            final int slot = n.node.randomAliveMember();
            final int member = n.node.directory().nodeId(slot);
            assertTrue(member != 103 && member != ScriptedNode.NODE_ID, "member " + member);
            seen.add(member);
        }
        assertEquals(Set.of(101, 102, 104, 105), seen);
    }

    @Test
    void theViewsBytesGrowWithTheMembersAndALeavingNodeSaysSo()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 3);
        final long alone = n.node.viewBytes();
        assertTrue(alone > 0);
        n.learnAlive(101, 2_100);
        // At least a state word per member.
        assertTrue(n.node.viewBytes() - alone >= 2_000L * MembershipTable.STATE_WORD_BYTES,
            "view bytes " + n.node.viewBytes());
        assertFalse(n.node.isLeaving());
        n.node.leave(n.nowNs);
        assertTrue(n.node.isLeaving());
    }

    @Test
    void theNodeStartsAtTheIncarnationItIsGivenAndMetadataIsBounded()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 4, MembershipObserver.NO_OP,
            node -> node.initialIncarnation(41));
        assertEquals(41, n.node.incarnation());
        assertEquals(41, MembershipTable.incarnation(n.node.table().word(n.node.directory().slotOf(100))));

        final UnsafeBuffer max = new UnsafeBuffer(new byte[MemberDirectory.MAX_METADATA_BYTES + 1]);
        n.node.updateMetadata(n.nowNs, max, 0, MemberDirectory.MAX_METADATA_BYTES);
        n.node.updateMetadata(n.nowNs, max, 0, 0);
        assertEquals(43, n.node.incarnation(), "each metadata change is a new incarnation");
        assertThrows(IllegalArgumentException.class,
            () -> n.node.updateMetadata(n.nowNs, max, 0, MemberDirectory.MAX_METADATA_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> n.node.updateMetadata(n.nowNs, max, 0, -1));
        assertEquals(0, n.directory.metadata(n.directory.slotOf(100)).length);
    }
}

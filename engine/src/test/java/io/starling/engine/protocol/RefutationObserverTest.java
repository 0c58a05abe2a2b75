package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the host hears of the node's own incarnation changes (through scripted peers): a refutation of a suspicion
 * about the node reaches the observer with the incarnation that refutes it, and a metadata change reaches it with
 * the new metadata version, once each.
 */
class RefutationObserverTest
{
    @Test
    void theObserverHearsTheRefutationAndTheNodesOwnMetadataChange()
    {
        final List<String> heard = new ArrayList<>();
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 61, new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
            }

            public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
            {
                heard.add("refute " + nodeId + " @" + incarnation);
            }

            public void onMemberMetadata(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
            {
                heard.add("metadata " + memberId + " v" + metaVersion);
            }
        });
        n.learnAlive(101, 103);

        n.deliverUpdate(101, ScriptedNode.NODE_ID, 0, (short)SUSPECT);
        assertEquals(1, n.node.incarnation());
        assertEquals(ALIVE, n.node.memberState(ScriptedNode.NODE_ID));

        n.node.updateMetadata(n.nowNs, new UnsafeBuffer(new byte[]{1, 2}), 0, 2);

        assertEquals(List.of("refute 100 @1", "metadata 100 v1"), heard);
        assertEquals(2, n.node.incarnation());
    }
}

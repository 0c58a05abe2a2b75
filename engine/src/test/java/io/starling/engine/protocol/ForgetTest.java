package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead members are forgotten after the forget timeout (memberlist's GossipToTheDeadTime, serf's reap), their
 * directory slot is reused, nothing more is sent to them, and no sender can make a node register without bound.
 */
class ForgetTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    @Test
    void aDeadMemberIsForgottenItsSlotReusedAndNothingIsSentToItAnyMore()
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 7, LATENCY_NS);
        for (int i = 0; i < 5; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(10);
        // A remote member (at an endpoint that never answers) and a crashed co-hosted node: both die.
        c.injectUpdate(0, 101, 900, 0, ALIVE, TestCluster.IPV4 + 9, 40_000);
        final int remoteSlot = c.directory.slotOf(900);
        c.crashed[3] = true;
        c.runPeriods(60);
        assertTrue(c.allSee(103, DEAD), "every live node has the crashed node dead");
        assertTrue(c.allSee(900, DEAD), "every live node has the remote member dead");

        // The default forget timeout (10 minutes) and a probe pass later, every live node has forgotten both.
        c.runPeriods(610);
        for (int i = 0; i < 5; i++)
        {
            if (i != 3)
            {
                assertEquals(NONE, c.stateOf(i, 103), "node " + i + " forgot the dead member");
                assertEquals(NONE, c.stateOf(i, 900), "node " + i + " forgot the dead remote member");
            }
        }
        assertEquals(-1, c.directory.slotOf(900), "no view holds the remote member: its directory slot is free");
        final long framesBefore = c.framesTo[3];
        c.runPeriods(60);
        assertEquals(framesBefore, c.framesTo[3], "frames (reconnects, gossip to the dead) sent to a forgotten member");

        // A newcomer takes the free slot instead of growing the directory.
        final int size = c.directory.size();
        c.injectUpdate(0, 101, 901, 0, ALIVE, TestCluster.IPV4 + 9, 40_001);
        assertEquals(remoteSlot, c.directory.slotOf(901), "the newcomer reused the forgotten member's slot");
        assertEquals(size, c.directory.size());
        assertEquals(ALIVE, c.stateOf(0, 901));
    }

    @Test
    void aMillionForgedMemberIdsCannotGrowTheDirectoryPastItsBound()
    {
        final TestCluster c = new TestCluster(new ProtocolConfig(), 3, LATENCY_NS);
        for (int i = 0; i < 3; i++)
        {
            c.addNode(100 + i, true);
        }
        c.observer = MembershipObserver.NO_OP;
        c.startAll();
        c.runPeriods(5);
        final int bound = 1 << 18;
        final Runtime rt = Runtime.getRuntime();
        System.gc();
        final long heapBefore = rt.totalMemory() - rt.freeMemory();
        for (int id = 1_000_000; id < 2_000_000; id++)
        {
            c.injectUpdate(0, 102, id, 0, ALIVE, TestCluster.IPV4 + 1 + (id & 0xFFFF), 40_000);
        }
        System.gc();
        final long heapAfter = rt.totalMemory() - rt.freeMemory();
        System.out.printf("forged ids=1000000 directory_size=%d directory_capacity=%d view_capacity=%d " +
            "heap_growth_bytes=%d%n", c.directory.size(), c.directory.capacity(),
            c.nodes.get(0).table().capacity(), heapAfter - heapBefore);
        assertTrue(c.directory.size() <= bound, "directory size " + c.directory.size() + " above " + bound);
        c.runPeriods(5);
        assertTrue(c.allSee(100, ALIVE) && c.allSee(101, ALIVE) && c.allSee(102, ALIVE), "the cluster still works");
    }
}

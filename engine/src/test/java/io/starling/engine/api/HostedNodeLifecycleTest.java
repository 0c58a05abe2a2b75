package io.starling.engine.api;

import io.starling.engine.host.Commands;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single hosted nodes' lifecycle on the in-memory path: held nodes start on {@code startNodes} and join, a node
 * that leaves is LEFT at the others and stops, a crashed node is DEAD at the others and takes no frame, and bad
 * requests are refused on the caller's thread without harming the agent.
 */
class HostedNodeLifecycleTest
{
    private static final long WAIT_MS = 20_000;

    private static StarlingEngine.Context context(final int nodes)
    {
        return EngineTestSupport.loopbackContext().networkEnabled(false).nodeCount(nodes).nodeIdBase(1000);
    }

    /** Every running node other than {@code member} holds it in {@code state}. */
    private static boolean othersHold(final StarlingEngine engine, final int member, final int state)
    {
        final int memberId = engine.nodeIds()[member];
        for (int i = 0; i < engine.nodeIds().length; i++)
        {
            if (i != member && HostedNodeState.RUNNING == engine.nodeState(i) &&
                engine.memberState(i, memberId) != state)
            {
                return false;
            }
        }
        return true;
    }

    /** The first {@code count} nodes see each other ALIVE. */
    private static boolean firstSeeEachOther(final StarlingEngine engine, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < count; j++)
            {
                if (i != j && MemberState.ALIVE != engine.memberState(i, engine.nodeIds()[j]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void heldNodesStayOutUntilStartedThenJoin() throws InterruptedException
    {
        try (StarlingEngine engine = StarlingEngine.launch(context(8).startNodesAtLaunch(5)))
        {
            assertEquals(5, engine.context().startNodesAtLaunch());
            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 5)), "the five converge");
            Thread.sleep(500); // five probe periods: a held node neither starts nor becomes known
            for (int held = 5; held < 8; held++)
            {
                assertEquals(HostedNodeState.HELD, engine.nodeState(held));
                assertEquals(MemberState.NONE, engine.memberState(0, engine.nodeIds()[held]));
            }
            assertEquals(5, engine.hostCounter(HostCounters.NODES_STARTED));

            assertTrue(engine.startNodes(3));
            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 8)), "the released nodes joined");
            assertEquals(8, engine.hostCounter(HostCounters.NODES_STARTED));
            assertEquals(HostedNodeState.RUNNING, engine.nodeState(7));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void crashedNodeIsDeadAtTheOthersAndTakesNoFrame()
    {
        try (StarlingEngine engine = StarlingEngine.launch(context(6)))
        {
            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 6)));
            assertTrue(engine.crash(5));
            assertTrue(await(WAIT_MS, () -> HostedNodeState.CRASHED == engine.nodeState(5)));
            assertTrue(await(WAIT_MS, () -> othersHold(engine, 5, MemberState.DEAD)), "the crash was detected");
            assertTrue(engine.hostCounter(HostCounters.DROP_STOPPED_NODE) > 0, "probes of the crashed node dropped");
            assertEquals(1, engine.hostCounter(HostCounters.NODES_STOPPED));
            assertEquals(MemberState.ALIVE, engine.memberState(5, engine.nodeIds()[0]),
                "the crashed node's view froze: it never learnt anything after the crash");
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void leavingNodeIsLeftAtTheOthersAndStops()
    {
        try (StarlingEngine engine = StarlingEngine.launch(context(6)))
        {
            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 6)));
            assertTrue(engine.leaveNode(2));
            assertTrue(await(WAIT_MS, () -> othersHold(engine, 2, MemberState.LEFT)), "the leave spread");
            assertTrue(await(WAIT_MS, () -> HostedNodeState.LEFT == engine.nodeState(2)), "stopped once drained");
            assertEquals(1, engine.hostCounter(HostCounters.NODES_STOPPED));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void aCrashedFirstNodeIsNotChosenForAJoinToTheProcess()
    {
        try (StarlingEngine engine = StarlingEngine.launch(context(4).startNodesAtLaunch(3)))
        {
            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 3)));
            assertTrue(engine.crash(0));
            assertTrue(await(WAIT_MS, () -> othersHold(engine, 0, MemberState.DEAD)));
            // Node 3 joins through its own process's endpoint (any node): node 0 must not be the one to take it.
            assertTrue(engine.startNodes(1));
            assertTrue(await(WAIT_MS, () -> othersHold(engine, 3, MemberState.ALIVE)), "the joiner is known");
            assertEquals(MemberState.ALIVE, engine.memberState(3, engine.nodeIds()[1]));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void aNodeStartedAfterEveryCoHostedNodeStoppedJoinsThroughTheSeeds()
    {
        try (StarlingEngine seed = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(1));
            StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(11, 12, 13)
                .startNodesAtLaunch(2).seeds("127.0.0.1:" + seed.context().bindPort())))
        {
            assertTrue(await(WAIT_MS, () -> MemberState.ALIVE == seed.memberState(0, 11) &&
                MemberState.ALIVE == seed.memberState(0, 12)), "the two first nodes joined");
            assertTrue(engine.crash(0));
            assertTrue(engine.crash(1));
            assertTrue(await(WAIT_MS, () -> MemberState.DEAD == seed.memberState(0, 11) &&
                MemberState.DEAD == seed.memberState(0, 12)), "both crashes detected");
            // No co-hosted node runs to take a Join to the process's own endpoint: node 13 must use the seeds.
            assertTrue(engine.startNodes(1));
            assertTrue(await(WAIT_MS, () -> MemberState.ALIVE == seed.memberState(0, 13)), "node 13 joined");
        }
    }

    @Test
    void badRequestsAreRefusedAndTheAgentCarriesOn()
    {
        try (StarlingEngine engine = StarlingEngine.launch(context(4).startNodesAtLaunch(3)))
        {
            assertThrows(IllegalArgumentException.class, () -> engine.leaveNode(-1));
            assertThrows(IllegalArgumentException.class, () -> engine.crash(4));
            assertThrows(IllegalArgumentException.class, () -> engine.nodeState(4));
            assertThrows(IllegalArgumentException.class, () -> engine.startNodes(0));
            assertThrows(IllegalArgumentException.class, () -> engine.startNodes(2), "only one is held");
            final IllegalStateException held = assertThrows(IllegalStateException.class, () -> engine.leaveNode(3));
            assertTrue(held.getMessage().contains("HELD"), held.getMessage());
            assertThrows(IllegalStateException.class, () -> engine.crash(3), "not started");

            assertTrue(await(WAIT_MS, () -> firstSeeEachOther(engine, 3)));
            assertTrue(engine.crash(2));
            assertTrue(await(WAIT_MS, () -> HostedNodeState.CRASHED == engine.nodeState(2)));
            final IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> engine.crash(2));
            assertTrue(stopped.getMessage().contains("CRASHED"), stopped.getMessage());
            assertThrows(IllegalStateException.class, () -> engine.leaveNode(2), "a stopped node never restarts");

            // Past the API's checks (a second thread's command may find the node stopped): ignored by the agent.
            final Commands raw = new Commands(engine.context().commandQueue());
            assertTrue(raw.crashNode(2) && raw.leaveNode(2) && raw.leaveNode(99) && raw.crashNode(-1));
            assertTrue(raw.startNodes(50));
            assertTrue(await(WAIT_MS, () -> HostedNodeState.RUNNING == engine.nodeState(3)), "the held node started");
            assertTrue(await(WAIT_MS, () -> othersHold(engine, 3, MemberState.ALIVE)), "the agent carries on");
            assertEquals(HostedNodeState.CRASHED, engine.nodeState(2));
            assertEquals(1, engine.hostCounter(HostCounters.NODES_STOPPED));
            assertEquals(0, engine.hostCounter(HostCounters.ERRORS), () -> EngineTestSupport.errors(engine));
        }
    }

    @Test
    void heldNodeSettingsAreChecked()
    {
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> StarlingEngine.launch(context(4).startNodesAtLaunch(5)).close());
        assertTrue(tooMany.getMessage().contains("startNodesAtLaunch"), tooMany.getMessage());
        final IllegalArgumentException bootstrap = assertThrows(IllegalArgumentException.class,
            () -> StarlingEngine.launch(context(4).startNodesAtLaunch(2).bootstrapCoHosted(true)).close());
        assertTrue(bootstrap.getMessage().contains("bootstrapCoHosted"), bootstrap.getMessage());
    }
}

package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The membership merge against claims a sender should not be able to make stick: endpoints of hosted nodes,
 * endpoints announced at older incarnations.
 */
class UpdateMergeTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private static TestCluster cluster(final int n, final long seed)
    {
        // TestCluster's nodes share one MemberDirectory: they are co-hosted, each at its own port.
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), seed, LATENCY_NS);
        for (int i = 0; i < n; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        return c;
    }

    @Test
    void aGossipUpdateCannotMoveACoHostedNodesOwnEndpoint()
    {
        final TestCluster c = cluster(6, 11);
        c.runPeriods(10);
        final int sibling = 101;
        final int slot = c.directory.slotOf(sibling);
        final int port = c.directory.port(slot);
        final int incarnation = c.nodes.get(1).incarnation();

        // One frame to node 100 says its co-hosted sibling 101 is ALIVE one incarnation later somewhere else.
        c.injectUpdate(0, 104, sibling, incarnation + 1, ALIVE, TestCluster.IPV4 + 7, 31_000);

        assertEquals(port, c.directory.port(slot), "the sibling's endpoint is the host's, whatever the network says");
        assertEquals(TestCluster.IPV4, c.directory.ipv4(slot));
        c.runPeriods(60);
        assertTrue(c.allSee(sibling, ALIVE), "the sibling stays alive everywhere");
    }

    @Test
    void anEndpointAnnouncedAtAnOlderIncarnationDoesNotReplaceANewerOne()
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final int slot = directory.register(7, 0x0A000001, 5000, 4);
        assertEquals(slot, directory.register(7, 0x0A000002, 6000, 5));
        assertEquals(6000, directory.port(slot), "a newer incarnation moves the endpoint");
        directory.register(7, 0x0A000001, 5000, 4);
        assertEquals(6000, directory.port(slot), "the older incarnation's endpoint does not come back");
        assertEquals(0x0A000002, directory.ipv4(slot));

        final int hosted = directory.registerHosted(9, 0x0A000003, 7000);
        directory.register(9, 0x0A000004, 8000, 1_000);
        assertEquals(7000, directory.port(hosted), "a hosted node's endpoint is immutable to the network");
    }
}

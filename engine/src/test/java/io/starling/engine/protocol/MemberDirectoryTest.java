package io.starling.engine.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The process-wide directory: metadata ordered by (incarnation, version), so a restarted node, whose metadata
 * version starts again at 0, still replaces what its previous life announced.
 */
class MemberDirectoryTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    @Test
    void metadataAfterARestartReplacesThePreviousLifesWhateverItsVersion()
    {
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 6, LATENCY_NS);
        for (int i = 0; i < 5; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(8);
        for (final String role : new String[]{ "role=a", "role=b", "role=c" })
        {
            c.currentNode = 1;
            c.nodes.get(1).updateMetadata(c.nowNs, TestCluster.bytes(role), 0, role.length());
            c.runPeriods(2);
        }
        final int slot = c.directory.slotOf(101);
        assertEquals("role=c", new String(c.directory.metadata(slot)));

        final SwimNode restarted = new SwimNode(c.config, 1, 101, TestCluster.IPV4, TestCluster.BASE_PORT + 1,
            c.directory, c, c, c.packer, MembershipObserver.NO_OP, CounterSink.NO_OP);
        restarted.addSeed(TestCluster.IPV4, TestCluster.BASE_PORT);
        c.replaceNode(1, restarted);
        c.currentNode = 1;
        restarted.start(c.nowNs);
        c.runPeriods(10);
        c.currentNode = 1;
        restarted.updateMetadata(c.nowNs, TestCluster.bytes("role=new"), 0, 8);
        c.runPeriods(10);

        assertEquals("role=new", new String(c.directory.metadata(slot)), "the new life's metadata (version 1)");
        for (int i = 0; i < 5; i++)
        {
            assertEquals(restarted.incarnation(), c.nodes.get(i).memberIncarnation(101), "node " + i);
            assertEquals(1, c.nodes.get(i).table().metaVersion(slot), "node " + i + " metadata version");
        }
    }

    @Test
    void metadataIsOrderedByIncarnationThenVersion()
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final int slot = directory.register(7, 1, 1);
        final org.agrona.DirectBuffer a = TestCluster.bytes("a");
        final org.agrona.DirectBuffer b = TestCluster.bytes("b");
        final org.agrona.DirectBuffer c = TestCluster.bytes("c");
        org.junit.jupiter.api.Assertions.assertTrue(directory.putMetadata(slot, 3, 9, a, 0, 1));
        org.junit.jupiter.api.Assertions.assertFalse(directory.putMetadata(slot, 3, 8, b, 0, 1), "older version");
        org.junit.jupiter.api.Assertions.assertFalse(directory.putMetadata(slot, 2, 10, b, 0, 1), "older incarnation");
        org.junit.jupiter.api.Assertions.assertTrue(directory.putMetadata(slot, 4, 1, c, 0, 1), "newer incarnation");
        assertEquals("c", new String(directory.metadata(slot)));
        assertEquals(1, directory.metadataVersion(slot));
    }

    @Test
    void anIdFiledInTheMapBeforeTheIdArrayCoveredItIsFoundAfterTheArrayGrowsAndAfterItsRelease()
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final int far = 3_000; // beyond what 16 slots let the id array cover (1,024 ids): filed in the map
        final int farSlot = directory.register(far, 1, 1, 0);
        directory.retain(farSlot);
        for (int id = 0; id < 1_000; id++)
        {
            directory.retain(directory.register(id, 1, 1, 0)); // the directory grows, and the id array with it
        }
        assertEquals(farSlot, directory.slotOf(far));
        final MembershipTable view = new MembershipTable(directory.capacity());
        view.set(farSlot, 9, MemberState.ALIVE, 0, 0);
        assertEquals(
            MembershipTable.pack(9, MemberState.ALIVE, 0, 0), directory.word(view, far), "another thread's read");
        directory.release(farSlot);
        assertEquals(-1, directory.slotOf(far));
        final int again = directory.register(far, 2, 2, 1);
        assertEquals(again, directory.slotOf(far));
        assertEquals(2, directory.port(again));
    }

    @Test
    void idsOfEveryKindAreFoundAsAMapWouldFindThemThroughRegistrationsReleasesAndReuse()
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final Map<Integer, Integer> expected = new HashMap<>();
        final Random random = new Random(42);
        final int[] kinds = { 0, 1, 2, 3 };
        for (int step = 0; step < 200_000; step++)
        {
            final int id = switch (kinds[random.nextInt(kinds.length)])
            {
                case 0 -> random.nextInt(4_096); // numbered from 0: the id array
                case 1 -> MemberDirectory.DENSE_IDS_MAX - 2 + random.nextInt(4); // around the array's limit
                case 2 -> -1 - random.nextInt(64); // negative: the map
                default -> random.nextInt(); // anywhere
            };
            final Integer known = expected.get(id);
            if (null == known)
            {
                final int slot = directory.register(id, 1, 1, 0);
                directory.retain(slot);
                expected.put(id, slot);
            }
            else if (random.nextBoolean())
            {
                directory.release(known);
                expected.remove(id);
            }
            else
            {
                assertEquals(known.intValue(), directory.register(id, 1, 1, 0), "id " + id);
            }
            if (0 == step % 1_000)
            {
                for (final Map.Entry<Integer, Integer> e : expected.entrySet())
                {
                    assertEquals(e.getValue().intValue(), directory.slotOf(e.getKey()), "id " + e.getKey());
                    assertEquals(e.getKey().intValue(), directory.nodeId(e.getValue()));
                }
            }
            final int probe = random.nextInt(8_192) - 64;
            assertEquals(expected.getOrDefault(probe, -1).intValue(), directory.slotOf(probe), "id " + probe);
        }
        assertNotEquals(0, expected.size());
    }
}

package io.starling.tools.emulate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPlanTest
{
    @Test
    void everyNodeIsHostedOnceAndVictimsAreSeededAndHostedWhereTheirRangeIs()
    {
        final ClusterPlan plan = ClusterPlan.create(103, 4, 10, 7, 1000, 0.0, -1, 0, false, null);
        final Set<Integer> seen = new HashSet<>();
        final Set<Integer> ports = new HashSet<>();
        for (final HostPlan h : plan.hosts())
        {
            for (final int id : h.mainIds)
            {
                assertTrue(seen.add(id), "hosted twice: " + id);
            }
            for (final int id : h.victimIds)
            {
                assertTrue(seen.add(id), "hosted twice: " + id);
                assertTrue(Arrays.binarySearch(plan.victims(), id) >= 0);
            }
            assertTrue(ports.add(h.mainPort));
            if (h.victimIds.length > 0)
            {
                assertTrue(ports.add(h.victimPort));
            }
            assertEquals(103, h.memberCount);
            assertArrayEquals(plan.victims(), h.allVictimIds);
            assertEquals("127.0.0.1:" + plan.hosts()[0].mainPort, h.victimSeed);
        }
        assertEquals(103, seen.size());
        assertEquals(ClusterPlan.MEMBER_ID_BASE, seen.stream().mapToInt(Integer::intValue).min().orElseThrow());
        assertEquals(10, plan.victims().length);
        assertNull(plan.hosts()[0].seed);
        assertEquals("127.0.0.1:" + plan.hosts()[0].mainPort, plan.hosts()[3].seed);
        for (int k = 0; k < 10; k++)
        {
            final HostPlan host = plan.hosts()[plan.hostOfVictim(k)];
            assertTrue(Arrays.binarySearch(host.victimIds, plan.victims()[k]) >= 0);
        }

        assertArrayEquals(plan.victims(), ClusterPlan.create(103, 4, 10, 7, 1000, 0.0, -1, 0, false, null).victims());
        assertNotEquals(Arrays.toString(plan.victims()),
            Arrays.toString(ClusterPlan.create(103, 4, 10, 8, 1000, 0.0, -1, 0, false, null).victims()));
    }

    @Test
    void basePortGivesConsecutivePorts()
    {
        final ClusterPlan plan = ClusterPlan.create(10, 2, 0, 1, 1000, 0.0, -1, 40000, false, null);
        assertEquals(40000, plan.hosts()[0].mainPort);
        assertEquals(40001, plan.hosts()[1].mainPort);
    }

    @Test
    void victimsThatEmptyAProcessAreRefusedNamingTheFlag()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ClusterPlan.create(4, 2, 2, 1, 1000, 0.0, -1, 0, false, null));
        assertTrue(ex.getMessage().startsWith("--kill"), ex.getMessage());
    }

    @Test
    void onAPlanTheVictimsAreNodesWithALinkUpAtTheStart()
    {
        // satellites 1 to 6 and station 7: only satellites 2 and 5 pass the station at plan time 0
        final io.starling.engine.schedule.LinkSchedule schedule = io.starling.engine.schedule.ContactPlan.parseCsv(
            "p.csv", java.util.List.of("# nodes: 1-7", "0,60,2,7,4,0", "0,60,7,2,4,0", "0,60,5,7,4,0",
            "0,60,7,5,4,0", "100,160,3,7,4,0", "100,160,7,3,4,0"));
        final int[] candidates = EmulateOptions.linkedAtStart(schedule);
        assertArrayEquals(new int[]{ 1, 4, 6 }, candidates);
        for (long seed = 1; seed <= 20; seed++)
        {
            final int[] victims = ClusterPlan.create(7, 1, 2, seed, 1000, 0.0, -1, 0, false, candidates).victims();
            assertEquals(2, victims.length);
            for (final int v : victims)
            {
                final int index = v - ClusterPlan.MEMBER_ID_BASE;
                assertTrue(index == 1 || index == 4 || index == 6, "victim " + v + " seed " + seed);
            }
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ClusterPlan.create(7, 1, 4, 1, 1000, 0.0, -1, 0, false, candidates));
        assertTrue(ex.getMessage().startsWith("--kill"), ex.getMessage());
    }
}

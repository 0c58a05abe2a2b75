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
        final ClusterPlan plan = ClusterPlan.create(103, 4, 10, 7, 1000, 0.0, -1, 0, false);
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

        assertArrayEquals(plan.victims(), ClusterPlan.create(103, 4, 10, 7, 1000, 0.0, -1, 0, false).victims());
        assertNotEquals(Arrays.toString(plan.victims()),
            Arrays.toString(ClusterPlan.create(103, 4, 10, 8, 1000, 0.0, -1, 0, false).victims()));
    }

    @Test
    void basePortGivesConsecutivePorts()
    {
        final ClusterPlan plan = ClusterPlan.create(10, 2, 0, 1, 1000, 0.0, -1, 40000, false);
        assertEquals(40000, plan.hosts()[0].mainPort);
        assertEquals(40001, plan.hosts()[1].mainPort);
    }

    @Test
    void victimsThatEmptyAProcessAreRefusedNamingTheFlag()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ClusterPlan.create(4, 2, 2, 1, 1000, 0.0, -1, 0, false));
        assertTrue(ex.getMessage().startsWith("--kill"), ex.getMessage());
    }
}

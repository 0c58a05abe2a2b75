package io.starling.driver;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class PartitionMatrixTest
{
    @Test
    void blocksNothingByDefault()
    {
        final PartitionMatrix matrix = new PartitionMatrix();

        assertFalse(matrix.hasRules());
        assertFalse(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(0, 65535));
        assertEquals(PartitionMatrix.DEFAULT_GROUP, matrix.groupOf(40001));
    }

    @Test
    void isolateCutsBothDirectionsOfThePairOnly()
    {
        final PartitionMatrix matrix = new PartitionMatrix().isolate(40001, 40002);

        assertTrue(matrix.hasRules());
        assertTrue(matrix.isBlocked(40001, 40002));
        assertTrue(matrix.isBlocked(40002, 40001));
        assertFalse(matrix.isBlocked(40001, 40003));
        assertFalse(matrix.isBlocked(40003, 40002));
        assertFalse(matrix.isBlocked(40001, 40001));
    }

    @Test
    void isolateOneWayCutsOnlyThatDirection()
    {
        final PartitionMatrix matrix = new PartitionMatrix().isolateOneWay(40001, 40002);

        assertTrue(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(40002, 40001));
    }

    @Test
    void healOfAPairRemovesOnlyThatPair()
    {
        final PartitionMatrix matrix = new PartitionMatrix()
            .isolate(40001, 40002)
            .isolate(40003, 40004)
            .heal(40002, 40001);

        assertFalse(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(40002, 40001));
        assertTrue(matrix.isBlocked(40003, 40004));

        matrix.heal(40003, 40004);
        assertFalse(matrix.hasRules());
        assertFalse(matrix.isBlocked(40003, 40004));
    }

    @Test
    void groupsCutWholeProcessesApart()
    {
        final PartitionMatrix matrix = new PartitionMatrix()
            .assignGroup(40001, 1)
            .assignGroup(50001, 1)
            .assignGroup(40002, 2)
            .assignGroup(50002, 2)
            .isolateGroups(1, 2);

        assertEquals(1, matrix.groupOf(50001));
        assertTrue(matrix.isBlocked(50001, 40002));
        assertTrue(matrix.isBlocked(50002, 40001));
        assertFalse(matrix.isBlocked(50001, 40001), "inside a group traffic flows");
        assertFalse(matrix.isBlocked(50001, 40009), "group 1 to the default group is untouched");

        matrix.healGroups(2, 1);
        assertFalse(matrix.isBlocked(50001, 40002));
        assertFalse(matrix.hasRules());
    }

    @Test
    void oneWayGroupRuleAndIsolateGroup()
    {
        final PartitionMatrix matrix = new PartitionMatrix()
            .assignGroup(40001, 1)
            .assignGroup(40002, 2)
            .assignGroup(40003, 3)
            .isolateGroupsOneWay(1, 2);

        assertTrue(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(40002, 40001));

        matrix.heal().isolateGroup(3);
        assertTrue(matrix.isBlocked(40003, 40001));
        assertTrue(matrix.isBlocked(40002, 40003));
        assertTrue(matrix.isBlocked(40003, 40009), "cut from the default group too");
        assertFalse(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(40003, 40003));
    }

    @Test
    void healRemovesEveryRuleButKeepsGroups()
    {
        final PartitionMatrix matrix = new PartitionMatrix()
            .assignGroup(40001, 5)
            .isolateGroup(5)
            .isolate(40002, 40003)
            .heal();

        assertFalse(matrix.hasRules());
        assertFalse(matrix.isBlocked(40001, 40009));
        assertFalse(matrix.isBlocked(40002, 40003));
        assertEquals(5, matrix.groupOf(40001));

        matrix.resetGroups();
        assertEquals(PartitionMatrix.DEFAULT_GROUP, matrix.groupOf(40001));
    }

    @Test
    void pairAndGroupRulesAreIndependent()
    {
        final PartitionMatrix matrix = new PartitionMatrix()
            .assignGroup(40001, 1)
            .assignGroup(40002, 2)
            .isolateGroups(1, 2)
            .isolate(40005, 40006);

        matrix.healGroups(1, 2);
        assertTrue(matrix.isBlocked(40005, 40006));
        assertFalse(matrix.isBlocked(40001, 40002));

        matrix.isolateGroups(1, 2).heal(40005, 40006);
        assertTrue(matrix.isBlocked(40001, 40002));
        assertFalse(matrix.isBlocked(40005, 40006));
    }

    @Test
    void manyPairsAreAllFoundAndNoOthers()
    {
        final PartitionMatrix matrix = new PartitionMatrix();
        for (int i = 0; i < 1000; i++)
        {
            matrix.isolateOneWay(10000 + i, 20000 + (i * 7) % 1000);
        }

        for (int i = 0; i < 1000; i++)
        {
            assertTrue(matrix.isBlocked(10000 + i, 20000 + (i * 7) % 1000));
            assertFalse(matrix.isBlocked(10000 + i, 20000 + (i * 7 + 1) % 1000));
            assertFalse(matrix.isBlocked(20000 + (i * 7) % 1000, 10000 + i));
        }
    }

    @Test
    void shouldDropCountsOnlyDrops()
    {
        final PartitionMatrix matrix = new PartitionMatrix().isolate(1, 2);

        assertTrue(matrix.shouldDrop(1, 2));
        assertTrue(matrix.shouldDrop(2, 1));
        assertFalse(matrix.shouldDrop(1, 3));
        assertEquals(2, matrix.droppedFrames());
    }

    @Test
    void negativeEndpointsAreNeverBlockedOnTheDecisionPath()
    {
        final PartitionMatrix matrix = new PartitionMatrix().isolateGroup(0);

        assertFalse(matrix.isBlocked(-1, 40001));
        assertFalse(matrix.isBlocked(40001, -7));
    }

    @Test
    void nodeIdsBeyondThePortRangeAreEndpointsToo()
    {
        final int a = 1_900_000_001;
        final int b = 1_900_000_002;
        final PartitionMatrix matrix = new PartitionMatrix().isolateAll(new int[][]{ { a }, { b, 7 } });

        assertEquals(1, matrix.groupOf(b));
        assertTrue(matrix.isBlocked(a, b));
        assertTrue(matrix.isBlocked(7, a));
        assertFalse(matrix.isBlocked(b, 7));
        assertFalse(matrix.isBlocked(a, 12345));
    }

    @Test
    void rejectsBadArgumentsNamingThem()
    {
        final PartitionMatrix matrix = new PartitionMatrix();

        assertMessageStartsWith("endpoint=", () -> matrix.assignGroup(-2, 1));
        assertMessageStartsWith("group=", () -> matrix.assignGroup(1, PartitionMatrix.MAX_GROUPS));
        assertMessageStartsWith("endpointA=", () -> matrix.isolate(-1, 1));
        assertMessageStartsWith("endpointB=", () -> matrix.isolate(1, -70000));
        assertMessageStartsWith("fromEndpoint=", () -> matrix.isolateOneWay(-5, 1));
        assertMessageStartsWith("toGroup=", () -> matrix.isolateGroupsOneWay(1, -1));
        assertMessageStartsWith("groupA=", () -> matrix.isolateGroups(64, 1));
        assertMessageStartsWith("group=", () -> matrix.isolateGroup(-1));
        assertFalse(matrix.hasRules());
    }

    @Test
    void decisionPathDoesNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final PartitionMatrix matrix = new PartitionMatrix()
            .assignGroup(40001, 1)
            .isolateGroups(1, 2)
            .isolate(40003, 40004);

        long blocked = runDecisions(matrix);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        blocked += runDecisions(matrix);
        final long after = threads.getThreadAllocatedBytes(threadId);

        assertTrue(blocked > 0);
        final long allocatedBytes = after - before;
        assertTrue(allocatedBytes < 200_000, allocatedBytes + " bytes allocated by 200,000 decisions");
    }

    @Test
    void switchingFromAnotherThreadNeverBlocksAnUnrelatedPair() throws InterruptedException
    {
        final PartitionMatrix matrix = new PartitionMatrix();
        final AtomicBoolean done = new AtomicBoolean();
        final Thread switcher = new Thread(() ->
        {
            for (int i = 0; i < 2_000; i++)
            {
                matrix.isolate(1, 2).isolate(5, 6 + (i & 15)).assignGroup(7, 1).isolateGroups(1, 2);
                matrix.heal();
            }
            done.set(true);
        });

        switcher.start();
        try
        {
            while (!done.get())
            {
                assertFalse(matrix.isBlocked(3, 4));
                assertFalse(matrix.isBlocked(5, 5));
            }
        }
        finally
        {
            switcher.join();
        }

        assertFalse(matrix.isBlocked(1, 2));
        assertFalse(matrix.hasRules());
    }

    private static long runDecisions(final PartitionMatrix matrix)
    {
        long blocked = 0;
        for (int i = 0; i < 100_000; i++)
        {
            if (matrix.isBlocked(40001, 40002 + (i & 1)))
            {
                blocked++;
            }
            if (matrix.shouldDrop(40003 + (i & 1), 40004))
            {
                blocked++;
            }
        }

        return blocked;
    }

    private static void assertMessageStartsWith(final String prefix, final Runnable action)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}

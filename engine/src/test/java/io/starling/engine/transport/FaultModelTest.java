package io.starling.engine.transport;

import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.Outbox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultModelTest
{
    @Test
    void partitionsBlockBetweenGroupsUntilHealed()
    {
        final FaultModel faults = new FaultModel(new SeededRandom(1));
        assertEquals(FaultModel.PASS, faults.check(1, 2));
        faults.partitions().isolateAll(new int[][]{ { 1, 2 }, { 3 } });
        assertEquals(FaultModel.PASS, faults.check(1, 2));
        assertEquals(TransportCounters.DROP_PARTITION, faults.check(1, 3));
        assertEquals(TransportCounters.DROP_PARTITION, faults.check(3, 2));
        assertEquals(FaultModel.PASS, faults.check(3, Outbox.ANY_NODE));
        faults.partitions().heal();
        assertEquals(FaultModel.PASS, faults.check(1, 3));
    }

    @Test
    void oneWayBlock()
    {
        final FaultModel faults = new FaultModel(new SeededRandom(1));
        faults.partitions().assignGroup(1, 1).assignGroup(2, 2).isolateGroupsOneWay(1, 2);
        assertEquals(TransportCounters.DROP_PARTITION, faults.check(1, 2));
        assertEquals(FaultModel.PASS, faults.check(2, 1));
    }

    @Test
    void lossRateDropsAboutThatFraction()
    {
        final FaultModel faults = new FaultModel(new SeededRandom(42)).lossRate(0.25);
        int dropped = 0;
        for (int i = 0; i < 100_000; i++)
        {
            if (TransportCounters.DROP_INJECTED_LOSS == faults.check(1, 2))
            {
                dropped++;
            }
        }
        assertTrue(dropped > 24_000 && dropped < 26_000, "dropped " + dropped);
        assertThrows(IllegalArgumentException.class, () -> faults.lossRate(1.5));
    }

    @Test
    void fastRandomBoundsAndSpread()
    {
        final SeededRandom random = new SeededRandom(7);
        final int[] buckets = new int[10];
        for (int i = 0; i < 100_000; i++)
        {
            buckets[random.nextInt(10)]++;
        }
        for (final int b : buckets)
        {
            assertTrue(b > 9_000 && b < 11_000, "bucket " + b);
        }
        assertEquals(new SeededRandom(3).nextLong(), new SeededRandom(3).nextLong());
    }

    @Test
    void scheduleByNodeIdDropsWithoutAPathAndCompoundsPathLoss()
    {
        final long s = 1_000_000_000L;
        final java.util.List<io.starling.engine.schedule.LinkWindow> w = new java.util.ArrayList<>();
        w.add(new io.starling.engine.schedule.LinkWindow(0, 10 * s, 1, 2, 5_000_000L, 0.5));
        w.add(new io.starling.engine.schedule.LinkWindow(0, 10 * s, 2, 1, 5_000_000L, 0.5));
        w.add(new io.starling.engine.schedule.LinkWindow(5 * s, 10 * s, 2, 3, 5_000_000L, 0.0));
        final io.starling.engine.schedule.ScheduledPaths paths = new io.starling.engine.schedule.ScheduledPaths(
            io.starling.engine.schedule.LinkSchedule.of(w), 3);
        final int base = 1_900_000_000;
        final FaultModel faults = new FaultModel(new SeededRandom(3)).schedule(paths, new int[]{ base, base + 1, base + 2 });

        assertEquals(TransportCounters.DROP_PARTITION, faults.check(base, base + 2));
        assertEquals(FaultModel.PASS, faults.check(base + 2, 77), "ids outside the schedule are not subject to it");
        assertEquals(FaultModel.PASS, faults.check(base, Outbox.ANY_NODE));
        int dropped = 0;
        for (int i = 0; i < 10_000; i++)
        {
            dropped += FaultModel.PASS == faults.check(base, base + 1) ? 0 : 1;
        }
        assertTrue(dropped > 4_700 && dropped < 5_300, "dropped " + dropped);
        assertEquals(5_000_000L, faults.pathLatencyNs(base, base + 1));

        paths.advanceTo(6 * s);
        assertEquals(FaultModel.PASS, faults.check(base + 1, base + 2));
        assertEquals(10_000_000L, faults.pathLatencyNs(base, base + 2));
        assertEquals(TransportCounters.DROP_PARTITION, faults.check(base + 2, base), "links are directed");
        faults.schedule(null, null);
        assertEquals(FaultModel.PASS, faults.check(base, base + 2));
    }

    @Test
    void aDecisionUnderAScheduleDoesNotAllocate()
    {
        final long s = 1_000_000_000L;
        final java.util.List<io.starling.engine.schedule.LinkWindow> w = new java.util.ArrayList<>();
        for (int i = 1; i < 50; i++)
        {
            w.add(new io.starling.engine.schedule.LinkWindow(0, 10 * s, i, i + 1, 1_000_000L, 0.01));
            w.add(new io.starling.engine.schedule.LinkWindow(0, 10 * s, i + 1, i, 1_000_000L, 0.01));
        }
        final int[] ids = new int[50];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = 5_000 + i;
        }
        final FaultModel faults = new FaultModel(new SeededRandom(5)).lossRate(0.01).schedule(
            new io.starling.engine.schedule.ScheduledPaths(io.starling.engine.schedule.LinkSchedule.of(w), 3), ids);
        faults.partitions().isolate(5_000, 5_001);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long passed = decisions(faults);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        passed += decisions(faults);
        final long allocatedBytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(passed > 0);
        assertTrue(allocatedBytes < 100_000, allocatedBytes + " bytes allocated by 250,000 decisions");
    }

    private static long decisions(final FaultModel faults)
    {
        long passed = 0;
        for (int i = 0; i < 250_000; i++)
        {
            final int src = 5_000 + (i % 50);
            final int dst = 5_000 + ((i * 7) % 50);
            passed += FaultModel.PASS == faults.check(src, dst) ? 1 : 0;
            passed += faults.pathLatencyNs(src, dst) > 0 ? 1 : 0;
        }
        return passed;
    }
}

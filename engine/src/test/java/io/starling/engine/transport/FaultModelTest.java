package io.starling.engine.transport;

import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.Outbox;
import io.starling.engine.protocol.ProtocolCounters;
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
        assertEquals(ProtocolCounters.DROP_PARTITION, faults.check(1, 3));
        assertEquals(ProtocolCounters.DROP_PARTITION, faults.check(3, 2));
        assertEquals(FaultModel.PASS, faults.check(3, Outbox.ANY_NODE));
        faults.partitions().heal();
        assertEquals(FaultModel.PASS, faults.check(1, 3));
    }

    @Test
    void oneWayBlock()
    {
        final FaultModel faults = new FaultModel(new SeededRandom(1));
        faults.partitions().assignGroup(1, 1).assignGroup(2, 2).isolateGroupsOneWay(1, 2);
        assertEquals(ProtocolCounters.DROP_PARTITION, faults.check(1, 2));
        assertEquals(FaultModel.PASS, faults.check(2, 1));
    }

    @Test
    void lossRateDropsAboutThatFraction()
    {
        final FaultModel faults = new FaultModel(new SeededRandom(42)).lossRate(0.25);
        int dropped = 0;
        for (int i = 0; i < 100_000; i++)
        {
            if (ProtocolCounters.DROP_INJECTED_LOSS == faults.check(1, 2))
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
}

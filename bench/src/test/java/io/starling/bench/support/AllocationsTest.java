package io.starling.bench.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The allocation check fails on one small escaping object per operation, and passes on none.
 */
class AllocationsTest
{
    private static volatile Object escaped;

    @Test
    void oneSmallObjectPerOperationFails()
    {
        assertThrows(AssertionError.class,
            () -> Allocations.assertAllocationFree("escaping", 10_000, 10_000, () ->
            {
                escaped = new int[1];
                return 1;
            }));
    }

    @Test
    void noAllocationPasses()
    {
        final int[] counter = new int[1];
        Allocations.assertAllocationFree("counting", 10_000, 10_000, () -> ++counter[0]);
    }
}

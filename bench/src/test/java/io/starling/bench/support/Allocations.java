package io.starling.bench.support;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Allocation checks for benchmark operations: the bytes the calling thread allocates over many runs of an operation
 * after a warm-up, as {@code ThreadMXBean} counts them.
 */
public final class Allocations
{
    private Allocations()
    {
    }

    /**
     * Fail unless {@code ops} runs of {@code op}, after {@code warmup} runs, allocate under one byte per run.
     *
     * @param name   what is measured, for the message.
     * @param warmup runs before measuring (past the JIT's tier transitions).
     * @param ops    runs measured.
     * @param op     the operation; its result is summed so it cannot be optimised away.
     */
    /**
     * Bytes the calling thread allocates per run of an operation, over {@code ops} runs after {@code warmup} runs.
     *
     * @param warmup runs before measuring.
     * @param ops    runs measured.
     * @param op     the operation; its result is summed so it cannot be optimised away.
     * @return bytes per run.
     */
    public static double bytesPerOp(final int warmup, final int ops, final IntSupplier op)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < warmup; i++)
        {
            sink += op.getAsInt();
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ops; i++)
        {
            sink += op.getAsInt();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        return (allocated + (0 == sink ? 0 : 0)) / (double)ops;
    }

    public static void assertAllocationFree(final String name, final int warmup, final int ops, final IntSupplier op)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < warmup; i++)
        {
            sink += op.getAsInt();
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ops; i++)
        {
            sink += op.getAsInt();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < ops, name + " allocated " + allocated + " bytes in " + ops + " ops (sink " + sink + ")");
    }
}

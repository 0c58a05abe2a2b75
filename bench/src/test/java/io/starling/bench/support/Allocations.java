package io.starling.bench.support;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Allocation checks for benchmark operations: the bytes the calling thread allocates over many runs of an operation
 * after a warm-up, as {@code ThreadMXBean} counts them. HotSpot's per-thread count is exact to the byte (it adds the
 * used part of the thread's current TLAB to the bytes of the TLABs it retired; reading it allocates nothing,
 * measured on the spot), so no TLAB-granularity slack is needed and allocation-free means 0 bytes.
 * <p>
 * The one thing that can show bytes without a per-operation allocation is the JIT: on a loaded machine the
 * optimising compile (whose escape analysis removes short-lived objects) may land after the warm-up, and until it
 * does the operation runs in code that allocates (measured 1,008 to 3,400 bytes over 50,000 codec operations at a
 * load of 40 on 2 cores, nothing at all on later rounds). So the operation gets up to {@link #ROUNDS} rounds of
 * {@code ops} runs and must allocate 0 bytes in one of them: an allocation in every run shows in every round.
 */
public final class Allocations
{
    /** Measured rounds, each of {@code ops} runs, of which one must allocate nothing. */
    public static final int ROUNDS = 5;

    private Allocations()
    {
    }

    /**
     * Fail unless one of {@link #ROUNDS} rounds of {@code ops} runs of {@code op}, after {@code warmup} runs,
     * allocates 0 bytes.
     *
     * @param name   what is measured, for the message.
     * @param warmup runs before measuring (past the JIT's tier transitions).
     * @param ops    runs per measured round.
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
        final StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++)
        {
            final long readBefore = threads.getCurrentThreadAllocatedBytes();
            final long readCost = threads.getCurrentThreadAllocatedBytes() - readBefore;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < ops; i++)
            {
                sink += op.getAsInt();
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before - readCost;
            if (0 == allocated)
            {
                return;
            }
            rounds.append(round > 0 ? ", " : "").append(allocated);
        }
        fail(name + " allocated in every round of " + ops + " ops: " + rounds + " bytes (sink " + sink + ")");
    }
}

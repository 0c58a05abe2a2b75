package io.starling.engine.protocol;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures what one (node, member) view entry costs (at most 12 bytes: the state word and the probe order): the direct memory the JVM reports allocated for N nodes with
 * full views of N members, divided by N^2, and the heap each node costs besides its view.
 */
class ViewMemoryTest
{
    private static long directBytesUsed()
    {
        long used = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                used += pool.getMemoryUsed();
            }
        }
        return used;
    }

    private static long heapUsedAfterGc()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void viewEntryCostsTwelveBytesOffHeap()
    {
        final int n = 2000;
        final ProtocolConfig config = new ProtocolConfig().conclude();
        final MemberDirectory directory = new MemberDirectory(n);
        for (int i = 0; i < n; i++)
        {
            directory.register(1 + i, 0x0A000001, 7000 + i);
        }
        final RandomSource random = new RandomSource()
        {
            private long state = 42;

            public int nextInt(final int bound)
            {
                return (int)((nextLong() >>> 33) % bound);
            }

            public long nextLong()
            {
                state += 0x9E3779B97F4A7C15L;
                long z = state;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                return z ^ (z >>> 31);
            }
        };
        final TimerService timers = new TimerService()
        {
            public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
            {
                return 1;
            }

            public boolean cancelTimer(final long timerId)
            {
                return true;
            }
        };
        final FramePacker packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(),
            (src, dst, ip, port, buffer, offset, length) -> {}, CounterSink.NO_OP);

        final long directBefore = directBytesUsed();
        final long heapBefore = heapUsedAfterGc();
        final List<SwimNode> nodes = new ArrayList<>(n);
        long viewBytes = 0;
        for (int i = 0; i < n; i++)
        {
            final SwimNode node = new SwimNode(config, i, 1 + i, 0x0A000001, 7000 + i, directory, random, timers,
                packer, MembershipObserver.NO_OP, CounterSink.NO_OP);
            nodes.add(node);
            viewBytes += node.viewBytes();
        }
        final long direct = directBytesUsed() - directBefore;
        final long heap = heapUsedAfterGc() - heapBefore;
        final double perEntry = (double)direct / ((double)n * n);
        System.out.printf("N=%d nodes with full views: %.2f direct bytes per (node, member) entry (%d MiB), " +
            "%.1f KiB heap per node besides the view, %d view bytes by count%n",
            n, perEntry, direct >> 20, heap / 1024.0 / n, viewBytes);
        // 12 bytes per entry (8-byte state word, 4-byte probe order) plus the 64-byte alignment padding of each
        // node's two off-heap arrays. At N = 10,000 every byte per entry is 100 MB, so this must not grow back.
        assertTrue(MembershipTable.BYTES_PER_ENTRY <= 12, "BYTES_PER_ENTRY " + MembershipTable.BYTES_PER_ENTRY);
        assertTrue(perEntry <= 12.0 + 2.0 * 64 / n + 0.01, "view entry at most 12 bytes: " + perEntry);
        assertTrue(viewBytes <= 12L * n * n + 2L * 64 * n + 8L * 32 * n, "view bytes by count: " + viewBytes);
        // Keeps the nodes reachable until the measurement above is taken (the list is otherwise dead after the loop).
        java.lang.ref.Reference.reachabilityFence(nodes);
    }
}

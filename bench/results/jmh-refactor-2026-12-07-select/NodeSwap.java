import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import io.starling.bench.support.BenchNode;

/**
 * One JVM, one compiled probe path, several BenchNodes (each with its own heap objects and direct buffers): after a
 * warm-up on the first node, measures every node in turn, round after round, by thread CPU time per probe cycle.
 * If the nodes of one JVM differ as forks differ, the slow mode sits in the data's placement, not in the JIT.
 * usage: NodeSwap NODES ROUNDS
 */
public final class NodeSwap
{
    static int sink;

    public static void main(final String[] args)
    {
        final int nodes = Integer.parseInt(args[0]);
        final int rounds = Integer.parseInt(args[1]);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final List<BenchNode> list = new ArrayList<>();
        for (int i = 0; i < nodes; i++)
        {
            final BenchNode b = new BenchNode(1000);
            b.drainDisseminationQueue();
            list.add(b);
        }
        final long warmEnd = System.nanoTime() + 6_000_000_000L;
        int k = 0;
        while (System.nanoTime() < warmEnd)
        {
            sink += run(list.get(k++ % nodes), 100_000);
        }
        final StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rounds; r++)
        {
            sb.setLength(0);
            sb.append("round ").append(r);
            for (int i = 0; i < nodes; i++)
            {
                final BenchNode b = list.get(i);
                sink += run(b, 200_000);
                final long c0 = mx.getCurrentThreadCpuTime();
                final int ops = 2_000_000;
                sink += run(b, ops);
                final long c1 = mx.getCurrentThreadCpuTime();
                sb.append(String.format(" n%d %.1f", i, (double)(c1 - c0) / ops));
            }
            System.out.println(sb);
        }
        System.out.println("sink " + sink);
    }

    static int run(final BenchNode b, final int ops)
    {
        int s = 0;
        for (int i = 0; i < ops; i++)
        {
            s += b.probeCycle();
        }
        return s;
    }
}

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the JMH worker threads per iteration, as a fraction of the iteration's wall time ("cpu.share"), and
 * the score scaled by it ("cpu.ns/op"): the time per operation the worker was on a core, which a loaded machine
 * moves far less than the wall time.
 */
public final class CpuTimeProfiler implements InternalProfiler
{
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpuNs = new HashMap<>();
    private long startWallNs;

    public String getDescription()
    {
        return "worker thread CPU time per iteration";
    }

    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        startCpuNs.clear();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().contains("jmh-worker"))
            {
                startCpuNs.put(t.getId(), mx.getThreadCpuTime(t.getId()));
            }
        }
        startWallNs = System.nanoTime();
    }

    public Collection<? extends Result> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        final long wallNs = System.nanoTime() - startWallNs;
        long cpuNs = 0;
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().contains("jmh-worker"))
            {
                final long now = mx.getThreadCpuTime(t.getId());
                cpuNs += now - startCpuNs.getOrDefault(t.getId(), 0L);
            }
        }
        final double share = (double)cpuNs / wallNs;
        final List<Result> out = new ArrayList<>();
        out.add(new ScalarResult("cpu.share", share, "", AggregationPolicy.AVG));
        out.add(new ScalarResult("cpu.ns/op", share * result.getPrimaryResult().getScore(), "ns/op", AggregationPolicy.AVG));
        out.add(new ScalarResult("t.end", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, "s",
            AggregationPolicy.MAX));
        return out;
    }
}

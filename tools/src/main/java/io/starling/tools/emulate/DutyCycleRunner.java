package io.starling.tools.emulate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

/**
 * Drives an engine's agent through its {@link AgentInvoker} on a thread of its own, the way the engine's own
 * {@code AgentRunner} would (with the engine's own idle strategy, built from its idle preset), and times every duty cycle that
 * did work into an HdrHistogram {@link Recorder}. The engine keeps only the maximum duty cycle; this gives its
 * percentiles. Timing costs two {@link System#nanoTime()} reads per cycle.
 */
final class DutyCycleRunner implements Runnable
{
    /** Highest duty cycle recorded; longer ones are clamped. */
    static final long HIGHEST_NS = 60_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AgentInvoker invoker;
    private final IdleStrategy idleStrategy;
    private final Recorder recorder = new Recorder(HIGHEST_NS, 3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastCpuNs;
    private Histogram recycled;

    /**
     * @param invoker      the engine's invoker (the engine was launched with {@code useAgentInvoker(true)}).
     * @param idleStrategy the engine's idle strategy ({@code StarlingEngine.idleStrategy()}).
     * @param name         thread name.
     */
    DutyCycleRunner(final AgentInvoker invoker, final IdleStrategy idleStrategy, final String name)
    {
        this.invoker = invoker;
        this.idleStrategy = idleStrategy;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    public void run()
    {
        final AgentInvoker invoker = this.invoker;
        final IdleStrategy idle = this.idleStrategy;
        final Recorder recorder = this.recorder;
        while (running && !invoker.isClosed())
        {
            final long startNs = System.nanoTime();
            final int work = invoker.invoke();
            if (work > 0)
            {
                recorder.recordValue(Math.min(System.nanoTime() - startNs, HIGHEST_NS));
            }
            idle.idle(work);
        }
    }

    /**
     * Stop driving and wait for the thread to finish its cycle, after which the engine may be closed.
     */
    void stop()
    {
        running = false;
        if (Thread.currentThread() != thread)
        {
            boolean interrupted = false;
            while (thread.isAlive())
            {
                try
                {
                    thread.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Add the duty cycles recorded since the last call to a histogram. Called from one thread at a time.
     *
     * @param into accumulating histogram.
     * @return the longest of those duty cycles, 0 if none.
     */
    synchronized long drainInto(final Histogram into)
    {
        recycled = recorder.getIntervalHistogram(recycled);
        into.add(recycled);
        return recycled.getTotalCount() > 0 ? recycled.getMaxValue() : 0;
    }

    /**
     * @return CPU time of the driving thread so far, or its last value once stopped.
     */
    long cpuNs()
    {
        final long ns = THREADS.getThreadCpuTime(thread.getId());
        if (ns >= 0)
        {
            lastCpuNs = ns;
        }
        return lastCpuNs;
    }
}

package io.starling.engine.schedule;

import java.util.concurrent.TimeUnit;

/**
 * Drives {@link ScheduledPaths} in real time: a daemon thread that, every tick, advances the schedule to the wall
 * clock's distance from the plan's epoch, so that the duty cycles reading the published table (through the one
 * fault model) never compute paths themselves. The epoch is wall-clock milliseconds so that several processes share
 * one plan time. It does not touch the engines; it only publishes tables.
 */
public final class ScheduleClock implements AutoCloseable
{
    private final ScheduledPaths paths;
    private final long epochMs;
    private final long tickMs;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param paths   the schedule walker, built with three tables (readers on other threads).
     * @param epochMs wall-clock time ({@link System#currentTimeMillis()}) of the plan's time 0.
     * @param tickMs  how often to look at the clock, at least 1.
     * @param name    thread name.
     */
    public ScheduleClock(final ScheduledPaths paths, final long epochMs, final long tickMs, final String name)
    {
        if (tickMs < 1)
        {
            throw new IllegalArgumentException("tickMs=" + tickMs + " must be at least 1");
        }
        this.paths = paths;
        this.epochMs = epochMs;
        this.tickMs = tickMs;
        paths.advanceTo(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - epochMs));
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the schedule walker.
     */
    public ScheduledPaths paths()
    {
        return paths;
    }

    private void run()
    {
        while (running)
        {
            paths.advanceTo(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - epochMs));
            try
            {
                Thread.sleep(tickMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    /**
     * Stop the thread.
     */
    public void close()
    {
        running = false;
        thread.interrupt();
    }
}

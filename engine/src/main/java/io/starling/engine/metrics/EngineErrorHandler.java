package io.starling.engine.metrics;

import java.io.PrintStream;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;

/**
 * Where every error of an engine goes: the {@link DistinctErrorLog} in its metrics file (one record per distinct
 * stack trace, with an observation count) and the {@link HostCounters#ERRORS} counter, then the next handler (the
 * embedding API's System.Logger reporter, or the application's own). Never throws. May be called from any thread (driver threads in the LOW_LATENCY preset), so
 * recording is serialised; errors are rare and never on the hot path.
 */
public final class EngineErrorHandler implements ErrorHandler
{
    private final DistinctErrorLog errorLog;
    private final EngineCounters counters;
    private final ErrorHandler next;
    private final PrintStream fallback;

    /**
     * @param errorLog the metrics file's error log.
     * @param counters to count errors.
     * @param next     the application's handler, or null.
     * @param fallback where an error goes when the log is full.
     */
    public EngineErrorHandler(
        final DistinctErrorLog errorLog, final EngineCounters counters, final ErrorHandler next,
        final PrintStream fallback)
    {
        this.errorLog = errorLog;
        this.counters = counters;
        this.next = next;
        this.fallback = fallback;
    }

    public void onError(final Throwable throwable)
    {
        synchronized (this)
        {
            try
            {
                counters.incrementHostAtomic(HostCounters.ERRORS);
                if (!errorLog.record(throwable) && null != fallback)
                {
                    fallback.println("starling: error log full: " + throwable);
                }
            }
            catch (final Throwable ignore)
            {
                // Never let error handling kill the caller.
            }
        }
        if (null != next)
        {
            try
            {
                next.onError(throwable);
            }
            catch (final Throwable ignore)
            {
                // The application's handler must not kill the agent either.
            }
        }
    }
}

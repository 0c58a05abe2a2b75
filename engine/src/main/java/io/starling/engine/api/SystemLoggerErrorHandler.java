package io.starling.engine.api;

import java.util.HashMap;
import java.util.Map;

import org.agrona.ErrorHandler;

/**
 * The default place an engine's errors are reported besides its error log: {@link System.Logger} named
 * {@code io.starling.engine} at ERROR (java.util.logging unless the application plugs in another backend), so a
 * throwing listener or a failing transport is seen without reading a file that is deleted at close. Each distinct
 * error (class and message) is logged with its stack trace the first time; its repeats at most once every 10 s, with
 * their count. Does not count or store errors (the error log and counter do).
 */
final class SystemLoggerErrorHandler implements ErrorHandler
{
    static final String LOGGER_NAME = "io.starling.engine";
    private static final long REPEAT_INTERVAL_NS = 10_000_000_000L;

    private final System.Logger logger = System.getLogger(LOGGER_NAME);
    private final Map<String, long[]> repeats = new HashMap<>();

    public void onError(final Throwable throwable)
    {
        final String key = throwable.getClass().getName() + ": " + throwable.getMessage();
        final long nowNs = System.nanoTime();
        final long suppressed;
        synchronized (repeats)
        {
            final long[] state = repeats.get(key);
            if (null == state)
            {
                if (repeats.size() > 1_000)
                {
                    repeats.clear();
                }
                repeats.put(key, new long[] {nowNs, 0});
                suppressed = -1;
            }
            else if (nowNs - state[0] < REPEAT_INTERVAL_NS)
            {
                state[1]++;
                return;
            }
            else
            {
                suppressed = state[1];
                state[0] = nowNs;
                state[1] = 0;
            }
        }
        if (suppressed < 0)
        {
            logger.log(System.Logger.Level.ERROR, "starling engine error", throwable);
        }
        else
        {
            logger.log(System.Logger.Level.ERROR, "starling engine error again (" + (suppressed + 1) +
                " times in the last 10 s or more): " + key);
        }
    }
}

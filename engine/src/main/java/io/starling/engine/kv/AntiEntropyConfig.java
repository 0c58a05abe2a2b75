package io.starling.engine.kv;

import java.util.concurrent.TimeUnit;

/**
 * Configuration of an {@link AntiEntropySession}. Fluent setters; {@link #conclude()} validates and must be called
 * before use (the session calls it when it has not been).
 */
public final class AntiEntropyConfig
{
    /** Default time to wait for the answer to one request before asking again: 500 ms. */
    public static final long ROUND_TIMEOUT_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(500);
    /** Default number of times one request is repeated before the session gives up. */
    public static final int MAX_RETRIES_DEFAULT = 3;
    /** Default longest session: 30 s. */
    public static final long SESSION_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(30);
    /** Default most tree nodes whose children are asked for in one round (each answer is 16 x 12 bytes). */
    public static final int MAX_PARENTS_PER_ROUND_DEFAULT = 64;
    /** Default most leaves whose entries are asked for in one round. */
    public static final int MAX_LEAVES_PER_ROUND_DEFAULT = 64;

    private long roundTimeoutNs = ROUND_TIMEOUT_NS_DEFAULT;
    private int maxRetries = MAX_RETRIES_DEFAULT;
    private long sessionTimeoutNs = SESSION_TIMEOUT_NS_DEFAULT;
    private int maxParentsPerRound = MAX_PARENTS_PER_ROUND_DEFAULT;
    private int maxLeavesPerRound = MAX_LEAVES_PER_ROUND_DEFAULT;
    private boolean concluded;

    /**
     * Validate every value.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad value.
     */
    public AntiEntropyConfig conclude()
    {
        if (roundTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("roundTimeoutNs=" + roundTimeoutNs + " must be positive");
        }
        if (maxRetries < 0 || maxRetries > 64)
        {
            throw new IllegalArgumentException("maxRetries=" + maxRetries + " must be in [0, 64]");
        }
        if (sessionTimeoutNs < roundTimeoutNs)
        {
            throw new IllegalArgumentException(
                "sessionTimeoutNs=" + sessionTimeoutNs + " must be at least roundTimeoutNs=" + roundTimeoutNs);
        }
        if (maxParentsPerRound < 1 || maxParentsPerRound > 4096)
        {
            throw new IllegalArgumentException("maxParentsPerRound=" + maxParentsPerRound + " must be in [1, 4096]");
        }
        if (maxLeavesPerRound < 1 || maxLeavesPerRound > 4096)
        {
            throw new IllegalArgumentException("maxLeavesPerRound=" + maxLeavesPerRound + " must be in [1, 4096]");
        }
        concluded = true;
        return this;
    }

    /**
     * @return true once {@link #conclude()} succeeded.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @param roundTimeoutNs time to wait for the answer to a request before repeating it.
     * @return this.
     */
    public AntiEntropyConfig roundTimeoutNs(final long roundTimeoutNs)
    {
        this.roundTimeoutNs = roundTimeoutNs;
        return this;
    }

    /**
     * @return time to wait for an answer.
     */
    public long roundTimeoutNs()
    {
        return roundTimeoutNs;
    }

    /**
     * @param maxRetries times one request is repeated before the session gives up (the next period starts anew).
     * @return this.
     */
    public AntiEntropyConfig maxRetries(final int maxRetries)
    {
        this.maxRetries = maxRetries;
        return this;
    }

    /**
     * @return repeats per request.
     */
    public int maxRetries()
    {
        return maxRetries;
    }

    /**
     * @param sessionTimeoutNs longest a session may run, whatever its progress.
     * @return this.
     */
    public AntiEntropyConfig sessionTimeoutNs(final long sessionTimeoutNs)
    {
        this.sessionTimeoutNs = sessionTimeoutNs;
        return this;
    }

    /**
     * @return longest session.
     */
    public long sessionTimeoutNs()
    {
        return sessionTimeoutNs;
    }

    /**
     * @param maxParentsPerRound most tree nodes whose children are asked for at once; bounds each answer's burst.
     * @return this.
     */
    public AntiEntropyConfig maxParentsPerRound(final int maxParentsPerRound)
    {
        this.maxParentsPerRound = maxParentsPerRound;
        return this;
    }

    /**
     * @return most tree nodes per round.
     */
    public int maxParentsPerRound()
    {
        return maxParentsPerRound;
    }

    /**
     * @param maxLeavesPerRound most leaves whose entries are asked for at once (also capped by what fits in one
     *                          KeyRangeRequest); bounds each answer's burst.
     * @return this.
     */
    public AntiEntropyConfig maxLeavesPerRound(final int maxLeavesPerRound)
    {
        this.maxLeavesPerRound = maxLeavesPerRound;
        return this;
    }

    /**
     * @return most leaves per round.
     */
    public int maxLeavesPerRound()
    {
        return maxLeavesPerRound;
    }
}

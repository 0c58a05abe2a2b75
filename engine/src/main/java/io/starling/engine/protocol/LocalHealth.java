package io.starling.engine.protocol;

/**
 * Lifeguard's local health: a score from 0 (healthy) to {@code localHealthMaxMultiplier - 1} that multiplies this
 * node's probe interval and probe timeout by score + 1, so a node that is slow itself probes more patiently instead
 * of accusing healthy members. Raised by failed probes with missing nacks and by refuting a suspicion of itself,
 * lowered by each direct ack. Constant 0 without Lifeguard. It decides nothing else.
 */
final class LocalHealth
{
    private final boolean enabled;
    private final int maxScore;
    private int score;

    LocalHealth(final ProtocolConfig config)
    {
        this.enabled = config.lifeguardEnabled();
        this.maxScore = (enabled ? Math.max(1, config.localHealthMaxMultiplier()) : 1) - 1;
    }

    /**
     * @param delta to add to the score, clamped to [0, max].
     */
    void adjust(final int delta)
    {
        if (enabled)
        {
            score = Math.max(0, Math.min(maxScore, score + delta));
        }
    }

    /**
     * @param ns a probe interval or timeout.
     * @return it scaled by score + 1.
     */
    long scale(final long ns)
    {
        return ns * (score + 1);
    }

    /**
     * @return the score, 0 when healthy.
     */
    int score()
    {
        return score;
    }
}

package io.starling.engine.sim;

import io.starling.engine.protocol.SeededRandom;

/**
 * One-way link latency: constant, uniform in [min, max], or log-normal with a median, a shape (sigma of the
 * underlying normal) and a cap. Immutable; draws come from the simulation's one random source (a constant model
 * draws nothing).
 */
public final class LatencyModel
{
    /** Kinds of model. */
    public enum Kind
    {
        /** Every frame takes the same time. */
        CONSTANT,
        /** Uniform in [min, max]. */
        UNIFORM,
        /** median x exp(sigma x N(0,1)), at most the cap. */
        LOG_NORMAL
    }

    private final Kind kind;
    private final long aNs;
    private final long bNs;
    private final double sigma;

    private LatencyModel(final Kind kind, final long aNs, final long bNs, final double sigma)
    {
        this.kind = kind;
        this.aNs = aNs;
        this.bNs = bNs;
        this.sigma = sigma;
    }

    /**
     * @param latencyNs every frame's latency, at least 0.
     * @return a constant model.
     */
    public static LatencyModel constant(final long latencyNs)
    {
        if (latencyNs < 0)
        {
            throw new IllegalArgumentException("latencyNs=" + latencyNs + " must not be negative");
        }
        return new LatencyModel(Kind.CONSTANT, latencyNs, latencyNs, 0);
    }

    /**
     * @param minNs smallest latency, at least 0.
     * @param maxNs largest latency, at least minNs.
     * @return a uniform model.
     */
    public static LatencyModel uniform(final long minNs, final long maxNs)
    {
        if (minNs < 0 || maxNs < minNs)
        {
            throw new IllegalArgumentException("latency range [" + minNs + ", " + maxNs + "] ns is invalid");
        }
        return new LatencyModel(Kind.UNIFORM, minNs, maxNs, 0);
    }

    /**
     * @param medianNs median latency, greater than 0.
     * @param sigma    shape: standard deviation of ln(latency), in [0, 4].
     * @param capNs    largest latency, at least the median.
     * @return a log-normal model.
     */
    public static LatencyModel logNormal(final long medianNs, final double sigma, final long capNs)
    {
        if (medianNs <= 0)
        {
            throw new IllegalArgumentException("latency medianNs=" + medianNs + " must be greater than zero");
        }
        if (!(sigma >= 0 && sigma <= 4))
        {
            throw new IllegalArgumentException("latency sigma=" + sigma + " must be in [0, 4]");
        }
        if (capNs < medianNs)
        {
            throw new IllegalArgumentException("latency capNs=" + capNs + " must be at least medianNs=" + medianNs);
        }
        return new LatencyModel(Kind.LOG_NORMAL, medianNs, capNs, sigma);
    }

    /**
     * @param random the simulation's random source.
     * @return one latency draw in nanoseconds.
     */
    public long sampleNs(final SeededRandom random)
    {
        switch (kind)
        {
            case UNIFORM:
                return aNs == bNs ? aNs : aNs + random.nextLong(bNs - aNs + 1);

            case LOG_NORMAL:
            {
                final double v = aNs * Math.exp(sigma * random.nextGaussian());
                return v >= bNs ? bNs : (long)v;
            }

            default:
                return aNs;
        }
    }

    /**
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the mean latency (for log-normal the uncapped mean median x exp(sigma^2 / 2), capped).
     */
    public double meanNs()
    {
        switch (kind)
        {
            case UNIFORM:
                return (aNs + bNs) / 2.0;

            case LOG_NORMAL:
                return Math.min(bNs, aNs * Math.exp(sigma * sigma / 2));

            default:
                return aNs;
        }
    }

    public String toString()
    {
        switch (kind)
        {
            case UNIFORM:
                return "uniform[" + aNs + ", " + bNs + "] ns";

            case LOG_NORMAL:
                return "lognormal(median=" + aNs + " ns, sigma=" + sigma + ", cap=" + bNs + " ns)";

            default:
                return "constant " + aNs + " ns";
        }
    }
}

package io.starling.engine.api;

/**
 * Percentiles of the direct probe round trip times of every hosted node since the engine started, as published
 * by the duty cycle once a second (an HdrHistogram with 3 significant digits).
 *
 * @param count  probes acknowledged directly.
 * @param p50Ns  median.
 * @param p90Ns  90th percentile.
 * @param p99Ns  99th percentile.
 * @param p999Ns 99.9th percentile.
 * @param maxNs  maximum.
 */
public record ProbeRtt(long count, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs)
{
}

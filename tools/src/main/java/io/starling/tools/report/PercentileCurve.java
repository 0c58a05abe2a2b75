package io.starling.tools.report;

/**
 * A latency percentile distribution as HdrHistogram writes it ({@code .hgrm}): values at percentiles.
 *
 * @param name        what it is, for legends and tables.
 * @param values      latency at each percentile, in the file's unit (microseconds for Starling's files).
 * @param percentiles the percentiles, from 0 to 1.
 * @param totalCount  values recorded.
 */
public record PercentileCurve(String name, double[] values, double[] percentiles, long totalCount)
{
    /**
     * @param percentile from 0 to 1.
     * @return the value at the first listed percentile at or above it, or the last value.
     */
    public double valueAt(final double percentile)
    {
        for (int i = 0; i < percentiles.length; i++)
        {
            if (percentiles[i] >= percentile)
            {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /**
     * @param newName label to draw the same distribution under.
     * @return this curve with another name.
     */
    public PercentileCurve renamed(final String newName)
    {
        return new PercentileCurve(newName, values, percentiles, totalCount);
    }
}

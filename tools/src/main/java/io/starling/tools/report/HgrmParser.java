package io.starling.tools.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads HdrHistogram's percentile distribution text ({@code outputPercentileDistribution}): a header line, rows of
 * {@code Value Percentile TotalCount 1/(1-Percentile)}, and {@code #[...]} summary lines, which are skipped.
 */
public final class HgrmParser
{
    private HgrmParser()
    {
    }

    /**
     * @param file an .hgrm file.
     * @param name name of the curve.
     * @return the curve.
     * @throws IllegalArgumentException naming the file and line if it is not a percentile distribution.
     */
    public static PercentileCurve parse(final Path file, final String name)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(file + ": cannot read (" + ex.getMessage() + ")");
        }
        return parse(lines, file.toString(), name);
    }

    /**
     * @param lines  the file's lines.
     * @param source file name for messages.
     * @param name   name of the curve.
     * @return the curve.
     * @throws IllegalArgumentException naming the source and line if it is not a percentile distribution.
     */
    public static PercentileCurve parse(final List<String> lines, final String source, final String name)
    {
        final double[] values = new double[lines.size()];
        final double[] percentiles = new double[lines.size()];
        long totalCount = 0;
        int n = 0;
        boolean header = false;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            if (line.startsWith("Value"))
            {
                header = true;
                continue;
            }
            final String[] cols = line.split("\\s+");
            if (cols.length < 3)
            {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 'value percentile count', " +
                    "found '" + abbreviate(line) + "'");
            }
            try
            {
                final double value = Double.parseDouble(cols[0]);
                final double percentile = Double.parseDouble(cols[1]);
                final long count = Long.parseLong(cols[2]);
                if (!(percentile >= 0 && percentile <= 1) || value < 0 || count < 0)
                {
                    throw new NumberFormatException();
                }
                if (n > 0 && (percentile < percentiles[n - 1] || value < values[n - 1]))
                {
                    throw new IllegalArgumentException(source + ":" + (i + 1) +
                        ": percentiles and values must not decrease");
                }
                values[n] = value;
                percentiles[n] = percentile;
                totalCount = Math.max(totalCount, count);
                n++;
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": not a percentile row: '" +
                    abbreviate(line) + "'");
            }
        }
        if (!header || 0 == n)
        {
            throw new IllegalArgumentException(source + ": not an HdrHistogram percentile distribution " +
                "(no 'Value Percentile TotalCount' header or no rows)");
        }
        return new PercentileCurve(name, java.util.Arrays.copyOf(values, n),
            java.util.Arrays.copyOf(percentiles, n), totalCount);
    }

    private static String abbreviate(final String line)
    {
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}

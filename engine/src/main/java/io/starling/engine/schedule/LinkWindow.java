package io.starling.engine.schedule;

/**
 * One window of a link schedule: the directed link from node {@code from} to node {@code to} (schedule node
 * numbers) is up in {@code [startNs, stopNs)} with a one-way latency and a loss rate. A value, not a mechanism.
 *
 * @param startNs   start of the window, nanoseconds from the plan's epoch, at least 0.
 * @param stopNs    end of the window (exclusive), greater than startNs.
 * @param from      sending node number, at least 0.
 * @param to        receiving node number, at least 0, not from.
 * @param latencyNs one-way latency over the link, at least 0.
 * @param loss      probability a frame on the link is lost, in [0, 1].
 */
public record LinkWindow(long startNs, long stopNs, int from, int to, long latencyNs, double loss)
{
    /**
     * Check the fields.
     */
    public LinkWindow
    {
        if (startNs < 0 || stopNs <= startNs)
        {
            throw new IllegalArgumentException("window [" + startNs + ", " + stopNs + ") ns is empty or negative");
        }
        if (from < 0 || to < 0 || from == to)
        {
            throw new IllegalArgumentException("link " + from + " -> " + to + " needs two distinct node numbers >= 0");
        }
        if (latencyNs < 0)
        {
            throw new IllegalArgumentException("latencyNs=" + latencyNs + " must not be negative");
        }
        if (!(loss >= 0 && loss <= 1))
        {
            throw new IllegalArgumentException("loss=" + loss + " must be in [0, 1]");
        }
    }
}

package io.starling.engine.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable link schedule: directed link windows between nodes, normalised (sorted by link then time, touching
 * windows of equal latency and loss merged) so that two plans describing the same links compare equal whatever
 * their format. Node numbers are mapped to dense indices 0..n-1 in ascending order of number; the simulator and
 * the emulator use that index as the node index. Time is cut into steps at every window's start and stop: within
 * a step the set of up links, their latency and loss are constant. After the last stop nothing is up.
 * <p>
 * It does not compute paths ({@link PathTable} does) and knows nothing of clocks.
 */
public final class LinkSchedule
{
    private final int[] nodeNumbers;
    private final int[] from;
    private final int[] to;
    private final long[] startNs;
    private final long[] stopNs;
    private final long[] latencyNs;
    private final double[] loss;
    private final long[] stepStartNs;

    private LinkSchedule(final int[] nodeNumbers, final List<LinkWindow> windows)
    {
        this.nodeNumbers = nodeNumbers;
        final int count = windows.size();
        from = new int[count];
        to = new int[count];
        startNs = new long[count];
        stopNs = new long[count];
        latencyNs = new long[count];
        loss = new double[count];
        final long[] times = new long[2 * count + 1];
        for (int i = 0; i < count; i++)
        {
            final LinkWindow w = windows.get(i);
            from[i] = Arrays.binarySearch(nodeNumbers, w.from());
            to[i] = Arrays.binarySearch(nodeNumbers, w.to());
            startNs[i] = w.startNs();
            stopNs[i] = w.stopNs();
            latencyNs[i] = w.latencyNs();
            loss[i] = w.loss();
            times[2 * i] = w.startNs();
            times[2 * i + 1] = w.stopNs();
        }
        times[2 * count] = 0;
        Arrays.sort(times);
        int distinct = 0;
        for (int i = 0; i < times.length; i++)
        {
            if (0 == i || times[i] != times[distinct - 1])
            {
                times[distinct++] = times[i];
            }
        }
        stepStartNs = Arrays.copyOf(times, distinct);
    }

    /**
     * Build a schedule from windows in any order.
     *
     * @param windows    link windows; windows of one directed link must not overlap.
     * @param extraNodes node numbers that belong to the schedule even with no link (always out of contact).
     * @return the normalised schedule.
     * @throws IllegalArgumentException if two windows of one directed link overlap.
     */
    public static LinkSchedule of(final List<LinkWindow> windows, final int... extraNodes)
    {
        final List<LinkWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingInt(LinkWindow::from).thenComparingInt(LinkWindow::to)
            .thenComparingLong(LinkWindow::startNs));
        final List<LinkWindow> merged = new ArrayList<>(sorted.size());
        for (final LinkWindow w : sorted)
        {
            final LinkWindow last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (null != last && last.from() == w.from() && last.to() == w.to())
            {
                if (w.startNs() < last.stopNs())
                {
                    throw new IllegalArgumentException("link " + w.from() + " -> " + w.to() + ": window at " +
                        w.startNs() / 1e9 + " s overlaps the one ending at " + last.stopNs() / 1e9 + " s");
                }
                if (w.startNs() == last.stopNs() && w.latencyNs() == last.latencyNs() && w.loss() == last.loss())
                {
                    merged.set(merged.size() - 1, new LinkWindow(
                        last.startNs(), w.stopNs(), w.from(), w.to(), w.latencyNs(), w.loss()));
                    continue;
                }
            }
            merged.add(w);
        }
        final int[] numbers = new int[2 * merged.size() + extraNodes.length];
        int n = 0;
        for (final LinkWindow w : merged)
        {
            numbers[n++] = w.from();
            numbers[n++] = w.to();
        }
        for (final int extra : extraNodes)
        {
            if (extra < 0)
            {
                throw new IllegalArgumentException("node number " + extra + " must not be negative");
            }
            numbers[n++] = extra;
        }
        final int[] distinct = Arrays.stream(numbers, 0, n).distinct().sorted().toArray();
        return new LinkSchedule(distinct, merged);
    }

    /**
     * @return nodes in the schedule.
     */
    public int nodeCount()
    {
        return nodeNumbers.length;
    }

    /**
     * @param index dense node index.
     * @return the node number the plan gave it.
     */
    public int nodeNumber(final int index)
    {
        return nodeNumbers[index];
    }

    /**
     * @param nodeNumber a node number of the plan.
     * @return its dense index, or -1 if the plan does not name it.
     */
    public int indexOf(final int nodeNumber)
    {
        final int index = Arrays.binarySearch(nodeNumbers, nodeNumber);
        return index < 0 ? -1 : index;
    }

    /**
     * @return windows (directed links) in the schedule.
     */
    public int windowCount()
    {
        return from.length;
    }

    /**
     * @param window window index.
     * @return dense index of the sending node.
     */
    public int from(final int window)
    {
        return from[window];
    }

    /**
     * @param window window index.
     * @return dense index of the receiving node.
     */
    public int to(final int window)
    {
        return to[window];
    }

    /**
     * @param window window index.
     * @return start, ns from the plan's epoch.
     */
    public long startNs(final int window)
    {
        return startNs[window];
    }

    /**
     * @param window window index.
     * @return end (exclusive), ns from the plan's epoch.
     */
    public long stopNs(final int window)
    {
        return stopNs[window];
    }

    /**
     * @param window window index.
     * @return one-way latency.
     */
    public long latencyNs(final int window)
    {
        return latencyNs[window];
    }

    /**
     * @param window window index.
     * @return loss rate on the link.
     */
    public double loss(final int window)
    {
        return loss[window];
    }

    /**
     * @param window window index.
     * @return the window as a value, with node numbers.
     */
    public LinkWindow window(final int window)
    {
        return new LinkWindow(startNs[window], stopNs[window], nodeNumbers[from[window]], nodeNumbers[to[window]],
            latencyNs[window], loss[window]);
    }

    /**
     * @return steps: the first starts at 0, the last at the plan's end (nothing up from then on).
     */
    public int stepCount()
    {
        return stepStartNs.length;
    }

    /**
     * @param step step index.
     * @return its start, ns from the plan's epoch.
     */
    public long stepStartNs(final int step)
    {
        return stepStartNs[step];
    }

    /**
     * @param timeNs ns from the plan's epoch, at least 0.
     * @return the step in force then.
     */
    public int stepAt(final long timeNs)
    {
        final int i = Arrays.binarySearch(stepStartNs, timeNs);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    /**
     * @return end of the last window, ns from the plan's epoch.
     */
    public long endNs()
    {
        return stepStartNs[stepStartNs.length - 1];
    }

    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof LinkSchedule))
        {
            return false;
        }
        final LinkSchedule s = (LinkSchedule)o;
        return Arrays.equals(nodeNumbers, s.nodeNumbers) && Arrays.equals(from, s.from) && Arrays.equals(to, s.to) &&
            Arrays.equals(startNs, s.startNs) && Arrays.equals(stopNs, s.stopNs) &&
            Arrays.equals(latencyNs, s.latencyNs) && Arrays.equals(loss, s.loss);
    }

    public int hashCode()
    {
        return 31 * Arrays.hashCode(startNs) + Arrays.hashCode(latencyNs);
    }

    public String toString()
    {
        return "LinkSchedule{nodes=" + nodeCount() + ", windows=" + windowCount() + ", steps=" + stepCount() +
            ", end_s=" + endNs() / 1e9 + "}";
    }
}

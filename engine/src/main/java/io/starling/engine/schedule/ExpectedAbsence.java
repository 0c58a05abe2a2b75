package io.starling.engine.schedule;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * The expected-absence table: members known to be out of contact until a given time, told by a link schedule
 * ({@link #feed}) or by the embedding application. The failure detector is to consult it before suspecting a member
 * and the API to report such a member as out of contact; a member whose window has ended is no longer expected
 * absent and is judged as usual (so one that does not come back is suspected). Each window keeps when it opened, so
 * the failure detector can count a suspicion's time in contact only. This class holds the table only: it does not
 * change the failure detector (the protocol hook is separate).
 * <p>
 * One thread (the duty cycle, or the simulator); allocation free after the map has grown to its working size.
 */
public final class ExpectedAbsence
{
    /** {@link #absentUntilNs(int)} for a member not expected absent. */
    public static final long NOT_ABSENT = Long.MIN_VALUE;

    private final Long2LongHashMap untilNsByMember = new Long2LongHashMap(NOT_ABSENT);
    private final Long2LongHashMap sinceNsByMember = new Long2LongHashMap(NOT_ABSENT);

    /**
     * Expect a member out of contact until a time. A later call replaces the end of the window; a window still open
     * at {@code nowNs} keeps the time it opened, any other opens at {@code nowNs}.
     *
     * @param memberId member id (or node index in the simulator).
     * @param nowNs    current time, on the caller's clock.
     * @param untilNs  end of the window, on the caller's clock; {@link Long#MAX_VALUE} for no known end.
     */
    public void expectAbsent(final int memberId, final long nowNs, final long untilNs)
    {
        final long previousUntilNs = untilNsByMember.put(memberId, untilNs);
        if (NOT_ABSENT == previousUntilNs || nowNs >= previousUntilNs)
        {
            sinceNsByMember.put(memberId, nowNs);
        }
    }

    /**
     * Forget a member's window (it is back in contact).
     *
     * @param memberId member id.
     */
    public void clear(final int memberId)
    {
        untilNsByMember.remove(memberId);
        sinceNsByMember.remove(memberId);
    }

    /**
     * @param memberId member id.
     * @param nowNs    current time, on the same clock as the windows.
     * @return true while the member's window is open; an ended window is removed.
     */
    public boolean isExpectedAbsent(final int memberId, final long nowNs)
    {
        final long untilNs = untilNsByMember.get(memberId);
        if (NOT_ABSENT == untilNs)
        {
            return false;
        }
        if (nowNs >= untilNs)
        {
            clear(memberId);
            return false;
        }
        return true;
    }

    /**
     * @param memberId member id.
     * @return end of its window, or {@link #NOT_ABSENT}.
     */
    public long absentUntilNs(final int memberId)
    {
        return untilNsByMember.get(memberId);
    }

    /**
     * @param memberId member id.
     * @return when its window opened (was first told), or {@link #NOT_ABSENT}.
     */
    public long absentSinceNs(final int memberId)
    {
        return sinceNsByMember.get(memberId);
    }

    /**
     * @return members with a window (ended ones included until looked at).
     */
    public int size()
    {
        return untilNsByMember.size();
    }

    /**
     * Feed the table from a schedule: every schedule node with no link up at a time is expected absent until its
     * next window starts (no end if it has none), and every node with a link up is cleared. Cost O(nodes + windows
     * of the nodes) per call; call it at step boundaries.
     *
     * @param contacts        per-node contact times of the schedule.
     * @param planTimeNs      time on the plan's clock.
     * @param epochNs         the caller's clock at plan time 0 (windows are stored on the caller's clock).
     * @param endpointOfIndex member id of every schedule index, or null when the index is the id.
     */
    public void feed(
        final NodeContacts contacts, final long planTimeNs, final long epochNs, final int[] endpointOfIndex)
    {
        for (int node = 0; node < contacts.nodeCount(); node++)
        {
            final int member = null == endpointOfIndex ? node : endpointOfIndex[node];
            final long next = contacts.nextContactNs(node, planTimeNs);
            if (next == planTimeNs)
            {
                clear(member);
            }
            else
            {
                expectAbsent(member, epochNs + planTimeNs, Long.MAX_VALUE == next ? Long.MAX_VALUE : epochNs + next);
            }
        }
    }

    /**
     * When each node of a schedule has a link up: the union of the windows touching it (either direction), merged.
     */
    public static final class NodeContacts
    {
        private final long[][] startNs;
        private final long[][] stopNs;

        /**
         * @param schedule the schedule.
         */
        public NodeContacts(final LinkSchedule schedule)
        {
            final int n = schedule.nodeCount();
            final int[] count = new int[n];
            for (int w = 0; w < schedule.windowCount(); w++)
            {
                count[schedule.from(w)]++;
                count[schedule.to(w)]++;
            }
            final long[][] spans = new long[n][];
            for (int i = 0; i < n; i++)
            {
                spans[i] = new long[2 * count[i]];
                count[i] = 0;
            }
            for (int w = 0; w < schedule.windowCount(); w++)
            {
                for (final int node : new int[]{ schedule.from(w), schedule.to(w) })
                {
                    spans[node][count[node]++] = schedule.startNs(w);
                    spans[node][count[node]++] = schedule.stopNs(w);
                }
            }
            startNs = new long[n][];
            stopNs = new long[n][];
            for (int i = 0; i < n; i++)
            {
                final int k = spans[i].length / 2;
                final long[][] pairs = new long[k][];
                for (int j = 0; j < k; j++)
                {
                    pairs[j] = new long[]{ spans[i][2 * j], spans[i][2 * j + 1] };
                }
                Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
                final long[] s = new long[k];
                final long[] e = new long[k];
                int m = 0;
                for (final long[] p : pairs)
                {
                    if (m > 0 && p[0] <= e[m - 1])
                    {
                        e[m - 1] = Math.max(e[m - 1], p[1]);
                    }
                    else
                    {
                        s[m] = p[0];
                        e[m] = p[1];
                        m++;
                    }
                }
                startNs[i] = Arrays.copyOf(s, m);
                stopNs[i] = Arrays.copyOf(e, m);
            }
        }

        /**
         * @return nodes.
         */
        public int nodeCount()
        {
            return startNs.length;
        }

        /**
         * @param node   schedule node index.
         * @param timeNs plan time.
         * @return timeNs if the node has a link up then, else the start of its next contact, or
         * {@link Long#MAX_VALUE} if it has none.
         */
        public long nextContactNs(final int node, final long timeNs)
        {
            final int w = lastStartAtOrBefore(node, timeNs);
            if (w >= 0 && timeNs < stopNs[node][w])
            {
                return timeNs;
            }
            final long[] s = startNs[node];
            return w + 1 < s.length ? s[w + 1] : Long.MAX_VALUE;
        }

        /**
         * @param node   schedule node index.
         * @param timeNs plan time.
         * @return when the contact the node has at that time ends (its links are all down from then), or timeNs if
         * it has no link up then.
         */
        public long contactEndNs(final int node, final long timeNs)
        {
            final int w = lastStartAtOrBefore(node, timeNs);
            return w >= 0 && timeNs < stopNs[node][w] ? stopNs[node][w] : timeNs;
        }

        /**
         * @return the index of the node's last contact window starting at or before timeNs (the windows are sorted
         * and disjoint), or -1 if none does.
         */
        private int lastStartAtOrBefore(final int node, final long timeNs)
        {
            final int i = Arrays.binarySearch(startNs[node], timeNs);
            return i >= 0 ? i : -i - 2;
        }
    }
}

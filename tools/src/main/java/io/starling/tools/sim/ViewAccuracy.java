package io.starling.tools.sim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.schedule.PathTable;

/**
 * The one rule of membership accuracy under a link schedule, for the simulator ({@link ContactAccuracy}) and the
 * real-time emulator: the caller passes, for every (observer, member) pair of a sample, the observer's view and the
 * truth (crashed; out of contact: the schedule has no path between them; alive otherwise), and this class judges
 * each observer-sample, keeps one row of counts per sample (rows of one time from several hosts add up) and gives
 * the figures and the series of the JSON report. It reads no view, clock or schedule itself.
 * <p>
 * An observer-sample is accurate when every member matches: strictly (a crashed member seen DEAD, LEFT or unknown;
 * an out-of-contact member seen OUT_OF_CONTACT, or ALIVE or SUSPECT by an observer whose own window is open; a
 * member in contact seen ALIVE with no window, by an observer with none), API-wise ("strict, member windows": the
 * observer's own window does not excuse anything) or leniently (an out-of-contact member may be ALIVE or SUSPECT,
 * never DEAD; a member in contact must be ALIVE). "Seen OUT_OF_CONTACT" is the API's rule
 * ({@code StarlingEngine.memberStatus}): ALIVE or SUSPECT while the observer's expected-absence table holds a window
 * for the member. Live members held DEAD are counted as false deaths, split by whether they were out of contact.
 */
public final class ViewAccuracy
{
    /** Row columns: plan time of the sample (s), then counts. */
    public static final int TIME_S = 0;
    private static final int OBSERVERS = 1;
    private static final int STRICT = 2;
    private static final int LENIENT = 3;
    private static final int STRICT_API = 4;
    private static final int PAIRS = 5;
    private static final int OUT_PAIRS = 6;
    private static final int OUT_SHOWN = 7;
    private static final int FALSE_DEAD_OUT = 8;
    private static final int FALSE_DEAD_IN = 9;
    private static final int FALSE_SUSPECT_OUT = 10;
    private static final int LINKS_UP = 11;
    /** Values per row. */
    public static final int ROW_LENGTH = 12;

    private final TreeMap<Double, double[]> rows = new TreeMap<>();
    private double[] row;
    private boolean selfAbsent;
    private boolean strictOk;
    private boolean strictApiOk;
    private boolean lenientOk;

    /**
     * Start a sample.
     *
     * @param timeS plan time of the sample, in seconds.
     */
    public void beginSample(final double timeS)
    {
        row = new double[ROW_LENGTH];
        row[TIME_S] = timeS;
    }

    /**
     * Start one observer's part of the sample (a live observer only).
     *
     * @param observerWindowOpen true if the observer's own expected-absence window is open (it knows it is cut off).
     */
    public void beginObserver(final boolean observerWindowOpen)
    {
        selfAbsent = observerWindowOpen;
        strictOk = true;
        strictApiOk = true;
        lenientOk = true;
        row[OBSERVERS]++;
    }

    /**
     * The truth "out of contact" of a pair: the schedule has no path between them, either way. Nodes past the
     * schedule's (edge nodes without links of their own) are never out of contact.
     *
     * @param table     the schedule's current best paths.
     * @param scheduled nodes the schedule covers (schedule node k is the k-th node).
     * @param observer  schedule index of the observer.
     * @param member    schedule index of the member.
     * @return true if no path joins them in one direction or the other.
     */
    public static boolean outOfContact(final PathTable table, final int scheduled, final int observer, final int member)
    {
        return observer < scheduled && member < scheduled &&
            (PathTable.NO_PATH == table.latencyNs(observer, member) ||
            PathTable.NO_PATH == table.latencyNs(member, observer));
    }

    /**
     * Judge one member of the current observer's view.
     *
     * @param view         the observer's state of the member ({@link MemberState} codes).
     * @param crashed      true if the member has crashed.
     * @param outOfContact true if the schedule has no path between observer and member (ignored when crashed).
     * @param memberWindow true if the observer's expected-absence table holds an open window for the member.
     */
    public void pair(final int view, final boolean crashed, final boolean outOfContact, final boolean memberWindow)
    {
        row[PAIRS]++;
        if (crashed)
        {
            final boolean ok = MemberState.DEAD == view || MemberState.LEFT == view || MemberState.NONE == view;
            strictOk &= ok;
            strictApiOk &= ok;
            lenientOk &= ok;
            return;
        }
        final boolean live = MemberState.ALIVE == view || MemberState.SUSPECT == view;
        final boolean shownOutOfContact = live && memberWindow;
        if (outOfContact)
        {
            row[OUT_PAIRS]++;
            strictApiOk &= shownOutOfContact;
            strictOk &= shownOutOfContact || (live && selfAbsent);
            row[OUT_SHOWN] += shownOutOfContact ? 1 : 0;
            if (MemberState.DEAD == view)
            {
                row[FALSE_DEAD_OUT]++;
                lenientOk = false;
            }
            else if (MemberState.SUSPECT == view)
            {
                row[FALSE_SUSPECT_OUT]++;
            }
            else if (MemberState.ALIVE != view)
            {
                lenientOk = false;
            }
        }
        else if (MemberState.ALIVE == view)
        {
            strictApiOk &= !shownOutOfContact;
            strictOk &= !shownOutOfContact && !selfAbsent;
        }
        else
        {
            strictOk = false;
            strictApiOk = false;
            lenientOk = false;
            if (MemberState.DEAD == view)
            {
                row[FALSE_DEAD_IN]++;
            }
        }
    }

    /**
     * End the current observer's part: count it accurate in each sense its every member matched.
     */
    public void endObserver()
    {
        row[STRICT] += strictOk ? 1 : 0;
        row[STRICT_API] += strictApiOk ? 1 : 0;
        row[LENIENT] += lenientOk ? 1 : 0;
    }

    /**
     * End the sample.
     *
     * @param linksUp directed links up at the sample's time.
     * @return the sample's row (its own copy).
     */
    public double[] endSample(final long linksUp)
    {
        row[LINKS_UP] = linksUp;
        final double[] done = row;
        row = null;
        add(done);
        return done.clone();
    }

    /**
     * Add a row taken elsewhere (another host's observers at the same plan time add up; links up is the larger).
     *
     * @param sample a row of {@link #ROW_LENGTH} values.
     */
    public void add(final double[] sample)
    {
        if (sample.length != ROW_LENGTH)
        {
            throw new IllegalArgumentException("row of " + sample.length + " values, expected " + ROW_LENGTH);
        }
        final double[] existing = rows.get(sample[TIME_S]);
        if (null == existing)
        {
            rows.put(sample[TIME_S], sample.clone());
            return;
        }
        for (int c = OBSERVERS; c < LINKS_UP; c++)
        {
            existing[c] += sample[c];
        }
        existing[LINKS_UP] = Math.max(existing[LINKS_UP], sample[LINKS_UP]);
    }

    /**
     * @return samples so far.
     */
    public int sampleCount()
    {
        return rows.size();
    }

    /**
     * Put the figures over every sample with a plan time in [fromS, toS]: observer-samples, accuracy strict,
     * strict (member windows) and lenient, the fraction of out-of-contact pairs shown OUT_OF_CONTACT and of pairs
     * out of contact, and the false-death (and out-of-contact suspect) pair-samples.
     *
     * @param r     where to put them.
     * @param fromS first plan time counted.
     * @param toS   last plan time counted.
     */
    public void putFigures(final Map<String, Object> r, final double fromS, final double toS)
    {
        final long[] sum = new long[ROW_LENGTH];
        for (final double[] x : rows.subMap(fromS, true, toS, true).values())
        {
            for (int c = OBSERVERS; c < LINKS_UP; c++)
            {
                sum[c] += (long)x[c];
            }
        }
        final long samples = sum[OBSERVERS];
        r.put("observer_samples", samples);
        r.put("accuracy_strict", samples > 0 ? sum[STRICT] / (double)samples : null);
        r.put("accuracy_strict_member_windows", samples > 0 ? sum[STRICT_API] / (double)samples : null);
        r.put("accuracy_lenient", samples > 0 ? sum[LENIENT] / (double)samples : null);
        r.put("out_of_contact_shown_fraction", sum[OUT_PAIRS] > 0 ? sum[OUT_SHOWN] / (double)sum[OUT_PAIRS] : null);
        r.put("out_of_contact_pair_fraction", sum[PAIRS] > 0 ? sum[OUT_PAIRS] / (double)sum[PAIRS] : null);
        r.put("false_dead_pair_samples_out_of_contact", sum[FALSE_DEAD_OUT]);
        r.put("false_dead_pair_samples_in_contact", sum[FALSE_DEAD_IN]);
        r.put("false_suspect_pair_samples_out_of_contact", sum[FALSE_SUSPECT_OUT]);
    }

    /**
     * Put the figures over every sample.
     *
     * @param r where to put them.
     */
    public void putFigures(final Map<String, Object> r)
    {
        putFigures(r, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * @return the time series, one value per sample in plan-time order: time_s, accuracy_strict, accuracy_lenient,
     *         accuracy_strict_member_windows, out_of_contact_fraction, false_dead_out_of_contact, links_up.
     */
    public Map<String, Object> series()
    {
        final int n = rows.size();
        final double[] time = new double[n];
        final double[] strict = new double[n];
        final double[] lenient = new double[n];
        final double[] strictApi = new double[n];
        final double[] out = new double[n];
        final double[] falseDeadOut = new double[n];
        final double[] links = new double[n];
        final Iterator<double[]> it = rows.values().iterator();
        for (int i = 0; i < n; i++)
        {
            final double[] x = it.next();
            final double sampled = x[OBSERVERS];
            time[i] = x[TIME_S];
            strict[i] = sampled > 0 ? x[STRICT] / sampled : 0;
            lenient[i] = sampled > 0 ? x[LENIENT] / sampled : 0;
            strictApi[i] = sampled > 0 ? x[STRICT_API] / sampled : 0;
            out[i] = sampled > 0 ? x[OUT_PAIRS] / x[PAIRS] : 0;
            falseDeadOut[i] = x[FALSE_DEAD_OUT];
            links[i] = x[LINKS_UP];
        }
        final Map<String, Object> series = new LinkedHashMap<>();
        series.put("time_s", time);
        series.put("accuracy_strict", strict);
        series.put("accuracy_lenient", lenient);
        series.put("accuracy_strict_member_windows", strictApi);
        series.put("out_of_contact_fraction", out);
        series.put("false_dead_out_of_contact", falseDeadOut);
        series.put("links_up", links);
        return series;
    }
}

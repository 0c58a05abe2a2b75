package io.starling.tools.sim;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.schedule.ExpectedAbsence;
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
 * <p>
 * Every strict mismatch is counted by kind ({@link #MISMATCH_NAMES}: truth against what is shown), in pair-samples,
 * in observer-samples with at least one of the kind and in those whose only kind it is. "Strict, judgeable" is the
 * strict rule with one excuse: a crashed member that has had no link up since it crashed, shown OUT_OF_CONTACT (no
 * live node could have judged it, so the best view shows it absent).
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
    /**
     * Mismatch kinds, why a pair is not right in the strict sense ({@link #MISMATCH_NAMES}): a crashed member held
     * ALIVE with no window.
     */
    public static final int CRASHED_SHOWN_ALIVE = 0;
    /** A crashed member held SUSPECT with no window. */
    public static final int CRASHED_SHOWN_SUSPECT = 1;
    /** A member out of contact held ALIVE with no window, by an observer whose own window is closed. */
    public static final int OUT_OF_CONTACT_SHOWN_ALIVE = 2;
    /** A member out of contact held SUSPECT with no window, by an observer whose own window is closed. */
    public static final int OUT_OF_CONTACT_SHOWN_SUSPECT = 3;
    /** A live member out of contact held DEAD. */
    public static final int OUT_OF_CONTACT_SHOWN_DEAD = 4;
    /** A live member out of contact unknown to the observer, or held LEFT. */
    public static final int OUT_OF_CONTACT_UNKNOWN = 5;
    /** A member in contact held ALIVE or SUSPECT with an open window (shown OUT_OF_CONTACT). */
    public static final int IN_CONTACT_SHOWN_OUT_OF_CONTACT = 6;
    /** A member in contact held ALIVE with no window by an observer whose own window is open. */
    public static final int IN_CONTACT_OBSERVER_WINDOW = 7;
    /** A member in contact held SUSPECT with no window. */
    public static final int IN_CONTACT_SHOWN_SUSPECT = 8;
    /** A live member in contact held DEAD. */
    public static final int IN_CONTACT_SHOWN_DEAD = 9;
    /** A live member in contact unknown to the observer, or held LEFT. */
    public static final int IN_CONTACT_UNKNOWN = 10;
    /**
     * A crashed member held ALIVE or SUSPECT with an open window (shown OUT_OF_CONTACT), in contact since it crashed.
     */
    public static final int CRASHED_SHOWN_OUT_OF_CONTACT = 11;
    /** A crashed member shown OUT_OF_CONTACT that has had no contact since it crashed: nobody could judge it. */
    public static final int CRASHED_UNJUDGED_SHOWN_OUT_OF_CONTACT = 12;
    /** Number of mismatch kinds. */
    public static final int MISMATCH_KINDS = 13;
    /** JSON names of the mismatch kinds, by kind. */
    public static final String[] MISMATCH_NAMES = {
        "crashed_shown_alive", "crashed_shown_suspect", "out_of_contact_shown_alive", "out_of_contact_shown_suspect",
        "out_of_contact_shown_dead", "out_of_contact_unknown", "in_contact_shown_out_of_contact",
        "in_contact_observer_window", "in_contact_shown_suspect", "in_contact_shown_dead", "in_contact_unknown",
        "crashed_shown_out_of_contact", "crashed_unjudged_shown_out_of_contact" };
    /** Observer-samples right in the strict sense but for unjudged crashes shown OUT_OF_CONTACT. */
    private static final int STRICT_JUDGEABLE = 12;
    /** Per kind: pair-samples of that kind. */
    private static final int KIND_PAIRS = 13;
    /** Per kind: observer-samples with at least one pair of that kind. */
    private static final int KIND_OBSERVERS = KIND_PAIRS + MISMATCH_KINDS;
    /** Per kind: observer-samples whose every strict mismatch is of that kind. */
    private static final int KIND_ONLY = KIND_OBSERVERS + MISMATCH_KINDS;
    /** Values per row. */
    public static final int ROW_LENGTH = KIND_ONLY + MISMATCH_KINDS;

    private final TreeMap<Double, double[]> rows = new TreeMap<>();
    private double[] row;
    private boolean selfAbsent;
    private boolean strictOk;
    private boolean strictApiOk;
    private boolean strictJudgeableOk;
    private boolean lenientOk;
    private final int[] kindCount = new int[MISMATCH_KINDS];
    private int lastKind = -1;

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
        strictJudgeableOk = true;
        lenientOk = true;
        Arrays.fill(kindCount, 0);
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
     * Whether a crashed member could have been judged by now: no live node could tell its crash from an absence if
     * it has had no link up from its crash to now. Shared by the simulator and the emulator.
     *
     * @param contacts    per-node contact times of the schedule.
     * @param member      schedule index of the member.
     * @param crashPlanNs plan time of its crash, or negative if not crashed.
     * @param nowPlanNs   plan time now.
     * @return true if the member is a schedule node, crashed, and has had no link up since.
     */
    public static boolean unjudgedCrash(
        final ExpectedAbsence.NodeContacts contacts, final int member, final long crashPlanNs, final long nowPlanNs)
    {
        return member < contacts.nodeCount() && crashPlanNs >= 0 &&
            contacts.nextContactNs(member, crashPlanNs) > nowPlanNs;
    }

    /**
     * Judge one member of the current observer's view.
     *
     * @param view         the observer's state of the member ({@link MemberState} codes).
     * @param crashed      true if the member has crashed.
     * @param outOfContact true if the schedule has no path between observer and member; of a crashed member: it has
     *                     had no link up since it crashed, so no live node could judge it.
     * @param memberWindow true if the observer's expected-absence table holds an open window for the member (of a
     *                     crashed member: only which mismatch it is).
     */
    public void pair(final int view, final boolean crashed, final boolean outOfContact, final boolean memberWindow)
    {
        final int kind = mismatch(view, crashed, outOfContact, memberWindow, selfAbsent);
        lastKind = kind;
        row[PAIRS]++;
        if (kind >= 0)
        {
            row[KIND_PAIRS + kind]++;
            kindCount[kind]++;
            strictJudgeableOk &= CRASHED_UNJUDGED_SHOWN_OUT_OF_CONTACT == kind;
        }
        if (crashed)
        {
            final boolean ok = kind < 0;
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
            strictOk &= kind < 0;
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
            strictOk &= kind < 0;
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
     * @return the mismatch kind of the last pair judged, or -1 if it was right in the strict sense.
     */
    public int lastMismatch()
    {
        return lastKind;
    }

    /**
     * The strict rule for one pair, as a kind.
     *
     * @param view         the observer's state of the member ({@link MemberState} codes).
     * @param crashed      true if the member has crashed.
     * @param outOfContact true if the schedule has no path between observer and member; of a crashed member: no
     *                     link up since it crashed.
     * @param memberWindow true if the observer's table holds an open window for the member.
     * @param selfAbsent   true if the observer's own window is open.
     * @return the mismatch kind, or -1 if the pair is right in the strict sense.
     */
    public static int mismatch(
        final int view, final boolean crashed, final boolean outOfContact, final boolean memberWindow,
        final boolean selfAbsent)
    {
        final boolean alive = MemberState.ALIVE == view;
        final boolean suspect = MemberState.SUSPECT == view;
        if (crashed)
        {
            if (!alive && !suspect)
            {
                return -1;
            }
            if (memberWindow || (outOfContact && selfAbsent))
            {
                return outOfContact ? CRASHED_UNJUDGED_SHOWN_OUT_OF_CONTACT : CRASHED_SHOWN_OUT_OF_CONTACT;
            }
            return alive ? CRASHED_SHOWN_ALIVE : CRASHED_SHOWN_SUSPECT;
        }
        if (MemberState.DEAD == view)
        {
            return outOfContact ? OUT_OF_CONTACT_SHOWN_DEAD : IN_CONTACT_SHOWN_DEAD;
        }
        if (!alive && !suspect)
        {
            return outOfContact ? OUT_OF_CONTACT_UNKNOWN : IN_CONTACT_UNKNOWN;
        }
        if (outOfContact)
        {
            return memberWindow || selfAbsent ? -1 : alive ? OUT_OF_CONTACT_SHOWN_ALIVE : OUT_OF_CONTACT_SHOWN_SUSPECT;
        }
        if (memberWindow)
        {
            return IN_CONTACT_SHOWN_OUT_OF_CONTACT;
        }
        if (suspect)
        {
            return IN_CONTACT_SHOWN_SUSPECT;
        }
        return selfAbsent ? IN_CONTACT_OBSERVER_WINDOW : -1;
    }

    /**
     * End the current observer's part: count it accurate in each sense its every member matched.
     */
    public void endObserver()
    {
        row[STRICT] += strictOk ? 1 : 0;
        row[STRICT_API] += strictApiOk ? 1 : 0;
        row[STRICT_JUDGEABLE] += strictJudgeableOk ? 1 : 0;
        row[LENIENT] += lenientOk ? 1 : 0;
        int kinds = 0;
        int only = -1;
        for (int k = 0; k < MISMATCH_KINDS; k++)
        {
            if (kindCount[k] > 0)
            {
                row[KIND_OBSERVERS + k]++;
                kinds++;
                only = k;
            }
        }
        if (1 == kinds)
        {
            row[KIND_ONLY + only]++;
        }
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
        for (int c = OBSERVERS; c < ROW_LENGTH; c++)
        {
            if (LINKS_UP != c)
            {
                existing[c] += sample[c];
            }
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
            for (int c = OBSERVERS; c < ROW_LENGTH; c++)
            {
                sum[c] += LINKS_UP != c ? (long)x[c] : 0;
            }
        }
        final long samples = sum[OBSERVERS];
        r.put("observer_samples", samples);
        r.put("accuracy_strict", samples > 0 ? sum[STRICT] / (double)samples : null);
        r.put("accuracy_strict_member_windows", samples > 0 ? sum[STRICT_API] / (double)samples : null);
        r.put("accuracy_strict_judgeable", samples > 0 ? sum[STRICT_JUDGEABLE] / (double)samples : null);
        r.put("accuracy_lenient", samples > 0 ? sum[LENIENT] / (double)samples : null);
        r.put("out_of_contact_shown_fraction", sum[OUT_PAIRS] > 0 ? sum[OUT_SHOWN] / (double)sum[OUT_PAIRS] : null);
        r.put("out_of_contact_pair_fraction", sum[PAIRS] > 0 ? sum[OUT_PAIRS] / (double)sum[PAIRS] : null);
        r.put("false_dead_pair_samples_out_of_contact", sum[FALSE_DEAD_OUT]);
        r.put("false_dead_pair_samples_in_contact", sum[FALSE_DEAD_IN]);
        r.put("false_suspect_pair_samples_out_of_contact", sum[FALSE_SUSPECT_OUT]);
        final Map<String, Object> mismatches = new LinkedHashMap<>();
        for (int k = 0; k < MISMATCH_KINDS; k++)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("pair_samples", sum[KIND_PAIRS + k]);
            m.put("observer_samples", sum[KIND_OBSERVERS + k]);
            m.put("observer_samples_only_this", sum[KIND_ONLY + k]);
            mismatches.put(MISMATCH_NAMES[k], m);
        }
        r.put("strict_mismatches", mismatches);
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

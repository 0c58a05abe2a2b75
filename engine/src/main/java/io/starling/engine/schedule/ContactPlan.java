package io.starling.engine.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes link schedules in the two plan formats: ION contact plans and a plain CSV. It only translates
 * text to {@link LinkSchedule} and back; it computes no paths.
 * <p>
 * ION ({@code ionadmin} commands): {@code a contact +START +STOP FROM TO RATE [CONFIDENCE]} puts the directed link
 * FROM to TO up in [START, STOP) (seconds relative to the plan's epoch; RATE in bytes/s must be positive and is
 * otherwise not used; CONFIDENCE is accepted and ignored); {@code a range +START +STOP FROM TO OWLT} gives the one-way
 * light time in seconds (decimals allowed) between FROM and TO in both directions. As in ION, the part of a contact
 * that no range covers is not usable, and ION plans carry no loss (0). Other {@code ionadmin} lines that do not change
 * the plan ({@code 1 s x m e h l i v}) are skipped; {@code #} starts a comment.
 * <p>
 * CSV: {@code start_s,stop_s,from,to,latency_ms,loss}, one directed link window a line, an optional header line
 * with exactly those names, {@code #} comments.
 * <p>
 * Both formats: a comment line {@code # nodes: 1-506,508} (numbers and ranges, commas or spaces between) declares
 * the plan's nodes, before its first link line; it may be repeated. A node with no link in the whole plan is then
 * still a node of the plan (out of contact throughout), so node k of a run is plan node k whatever the plan leaves
 * unlinked, and a link naming a node that is not declared is an error. Without the line the plan's nodes are those
 * its links name. To other tools (ionadmin among them) the line is a comment. Both writers write it.
 * <p>
 * A bad line is rejected with {@link ContactPlanException}, whose message names the file, the line and the field.
 */
public final class ContactPlan
{
    /** CSV header line. */
    public static final String CSV_HEADER = "start_s,stop_s,from,to,latency_ms,loss";

    private static final String SKIPPED_ION_COMMANDS = "1sxmehliv";
    private static final String NODES_DIRECTIVE = "nodes:";
    private static final double NS_PER_S = 1e9;
    private static final double NS_PER_MS = 1e6;

    private ContactPlan()
    {
    }

    /**
     * Read a plan file, ION if its first command line starts with {@code a } (or another ionadmin command), else CSV.
     *
     * @param file plan file.
     * @return the schedule.
     * @throws IOException          if the file cannot be read.
     * @throws ContactPlanException on a bad line.
     */
    public static LinkSchedule read(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final String name = String.valueOf(file.getFileName());
        return isIon(lines) ? parseIon(name, lines) : parseCsv(name, lines);
    }

    /**
     * @param lines plan lines.
     * @return true if the first line that is not blank or a comment is an ionadmin command.
     */
    public static boolean isIon(final List<String> lines)
    {
        for (final String raw : lines)
        {
            final String line = stripComment(raw);
            if (!line.isEmpty())
            {
                final String[] t = line.split("\\s+");
                return t[0].equals("a") || t[0].equals("d") ||
                    (1 == t[0].length() && SKIPPED_ION_COMMANDS.indexOf(t[0].charAt(0)) >= 0);
            }
        }
        return false;
    }

    /**
     * Parse an ION contact plan.
     *
     * @param name  file name for error messages.
     * @param lines the plan's lines.
     * @return the schedule.
     * @throws ContactPlanException on a bad line.
     */
    public static LinkSchedule parseIon(final String name, final List<String> lines)
    {
        final List<long[]> contacts = new ArrayList<>();
        final List<long[]> ranges = new ArrayList<>();
        final DeclaredNodes declared = new DeclaredNodes(name);
        for (int i = 0; i < lines.size(); i++)
        {
            final int lineNo = i + 1;
            if (declared.accept(lineNo, lines.get(i)))
            {
                continue;
            }
            final String line = stripComment(lines.get(i));
            if (line.isEmpty())
            {
                continue;
            }
            final String[] t = line.split("\\s+");
            if (1 == t[0].length() && SKIPPED_ION_COMMANDS.indexOf(t[0].charAt(0)) >= 0)
            {
                continue;
            }
            if (!t[0].equals("a"))
            {
                throw new ContactPlanException(name, lineNo, "command",
                    "'" + t[0] + "' is not supported (only 'a contact' and 'a range' change the plan)");
            }
            if (t.length < 2 || !(t[1].equals("contact") || t[1].equals("range")))
            {
                throw new ContactPlanException(name, lineNo, "command",
                    "expected 'a contact' or 'a range', got '" + line + "'");
            }
            final boolean contact = t[1].equals("contact");
            if (t.length < 7 || t.length > (contact ? 8 : 7))
            {
                throw new ContactPlanException(name, lineNo, "fields", "'a " + t[1] + "' takes " +
                    (contact ? "+START +STOP FROM TO RATE [CONFIDENCE]" : "+START +STOP FROM TO OWLT") +
                    ", got " + (t.length - 2) + " fields");
            }
            final long startNs = ionTimeNs(name, lineNo, "START", t[2]);
            final long stopNs = ionTimeNs(name, lineNo, "STOP", t[3]);
            if (stopNs <= startNs)
            {
                throw new ContactPlanException(name, lineNo, "STOP",
                    "'" + t[3] + "' must be after START '" + t[2] + "'");
            }
            declared.linkLineSeen();
            final int from = declared.check(lineNo, "FROM", node(name, lineNo, "FROM", t[4]));
            final int to = declared.check(lineNo, "TO", node(name, lineNo, "TO", t[5]));
            if (from == to)
            {
                throw new ContactPlanException(name, lineNo, "TO", "'" + t[5] + "' must differ from FROM");
            }
            if (contact)
            {
                final double rate = number(name, lineNo, "RATE", t[6]);
                if (!(rate > 0))
                {
                    throw new ContactPlanException(name, lineNo, "RATE", "'" + t[6] + "' must be positive (bytes/s)");
                }
                if (8 == t.length)
                {
                    final double confidence = number(name, lineNo, "CONFIDENCE", t[7]);
                    if (!(confidence >= 0 && confidence <= 1))
                    {
                        throw new ContactPlanException(name, lineNo, "CONFIDENCE", "'" + t[7] + "' must be in [0, 1]");
                    }
                }
                contacts.add(new long[]{ startNs, stopNs, from, to, lineNo });
            }
            else
            {
                final double owlt = number(name, lineNo, "OWLT", t[6]);
                if (!(owlt >= 0 && owlt < 1e6))
                {
                    throw new ContactPlanException(name, lineNo, "OWLT", "'" + t[6] + "' must be seconds >= 0");
                }
                final long latencyNs = Math.round(owlt * NS_PER_S);
                for (final long[] r : ranges)
                {
                    if (samePair(r, from, to) && r[0] < stopNs && startNs < r[1])
                    {
                        throw new ContactPlanException(name, lineNo, "START",
                            "range overlaps the range of line " + r[5] + " for the same nodes");
                    }
                }
                ranges.add(new long[]{ startNs, stopNs, from, to, latencyNs, lineNo });
            }
        }

        final List<LinkWindow> windows = new ArrayList<>();
        final List<Integer> nodes = new ArrayList<>();
        for (final int node : declared.numbers())
        {
            nodes.add(node);
        }
        for (final long[] c : contacts)
        {
            final int from = (int)c[2];
            final int to = (int)c[3];
            nodes.add(from);
            nodes.add(to);
            for (final long[] r : ranges)
            {
                if (samePair(r, from, to))
                {
                    final long s = Math.max(c[0], r[0]);
                    final long e = Math.min(c[1], r[1]);
                    if (s < e)
                    {
                        windows.add(new LinkWindow(s, e, from, to, r[4], 0.0));
                    }
                }
            }
        }
        try
        {
            return LinkSchedule.of(windows, nodes.stream().mapToInt(Integer::intValue).toArray());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ContactPlanException(name, 0, "contact", ex.getMessage());
        }
    }

    /**
     * Parse a CSV plan.
     *
     * @param name  file name for error messages.
     * @param lines the plan's lines.
     * @return the schedule.
     * @throws ContactPlanException on a bad line.
     */
    public static LinkSchedule parseCsv(final String name, final List<String> lines)
    {
        final String[] fields = CSV_HEADER.split(",");
        final List<LinkWindow> windows = new ArrayList<>();
        final DeclaredNodes declared = new DeclaredNodes(name);
        boolean first = true;
        for (int i = 0; i < lines.size(); i++)
        {
            final int lineNo = i + 1;
            if (declared.accept(lineNo, lines.get(i)))
            {
                continue;
            }
            final String line = stripComment(lines.get(i));
            if (line.isEmpty())
            {
                continue;
            }
            final String[] t = line.split("\\s*,\\s*", -1);
            if (first && t.length > 0 && !t[0].isEmpty() && !Character.isDigit(t[0].charAt(0)) &&
                t[0].charAt(0) != '.' && t[0].charAt(0) != '+' && t[0].charAt(0) != '-')
            {
                first = false;
                if (!String.join(",", t).equals(CSV_HEADER))
                {
                    throw new ContactPlanException(name, lineNo, "header", "expected '" + CSV_HEADER + "'");
                }
                continue;
            }
            first = false;
            declared.linkLineSeen();
            if (t.length != fields.length)
            {
                throw new ContactPlanException(name, lineNo, t.length < fields.length ? fields[t.length] : "loss",
                    "expected " + fields.length + " fields (" + CSV_HEADER + "), got " + t.length);
            }
            final double startS = number(name, lineNo, fields[0], t[0]);
            final double stopS = number(name, lineNo, fields[1], t[1]);
            if (!(startS >= 0))
            {
                throw new ContactPlanException(name, lineNo, fields[0], "'" + t[0] + "' must not be negative");
            }
            final long startNs = Math.round(startS * NS_PER_S);
            final long stopNs = Math.round(stopS * NS_PER_S);
            if (stopNs <= startNs)
            {
                throw new ContactPlanException(name, lineNo, fields[1], "'" + t[1] + "' must be after start_s");
            }
            final int from = declared.check(lineNo, fields[2], node(name, lineNo, fields[2], t[2]));
            final int to = declared.check(lineNo, fields[3], node(name, lineNo, fields[3], t[3]));
            if (from == to)
            {
                throw new ContactPlanException(name, lineNo, fields[3], "'" + t[3] + "' must differ from 'from'");
            }
            final double latencyMs = number(name, lineNo, fields[4], t[4]);
            if (!(latencyMs >= 0 && latencyMs < 1e9))
            {
                throw new ContactPlanException(name, lineNo, fields[4], "'" + t[4] + "' must be ms >= 0");
            }
            final double loss = number(name, lineNo, fields[5], t[5]);
            if (!(loss >= 0 && loss <= 1))
            {
                throw new ContactPlanException(name, lineNo, fields[5], "'" + t[5] + "' must be in [0, 1]");
            }
            windows.add(new LinkWindow(startNs, stopNs, from, to, Math.round(latencyMs * NS_PER_MS), loss));
        }
        try
        {
            return LinkSchedule.of(windows, declared.numbers());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ContactPlanException(name, 0, "start_s", ex.getMessage());
        }
    }

    /**
     * Write a schedule as CSV.
     *
     * @param schedule the schedule.
     * @param out      where to write.
     * @throws IOException if writing fails.
     */
    public static void writeCsv(final LinkSchedule schedule, final Appendable out) throws IOException
    {
        writeNodes(schedule, out);
        out.append(CSV_HEADER).append('\n');
        for (int i = 0; i < schedule.windowCount(); i++)
        {
            out.append(seconds(schedule.startNs(i))).append(',')
                .append(seconds(schedule.stopNs(i))).append(',')
                .append(Integer.toString(schedule.nodeNumber(schedule.from(i)))).append(',')
                .append(Integer.toString(schedule.nodeNumber(schedule.to(i)))).append(',')
                .append(trim(String.format(Locale.ROOT, "%.6f", schedule.latencyNs(i) / NS_PER_MS))).append(',')
                .append(trim(String.format(Locale.ROOT, "%.6f", schedule.loss(i)))).append('\n');
        }
    }

    /**
     * Write a schedule as an ION contact plan: one contact and one range per window (loss cannot be expressed in
     * ION and is written as a comment when not zero).
     *
     * @param schedule  the schedule.
     * @param rateBytes the RATE written on every contact, bytes/s.
     * @param out       where to write.
     * @throws IOException if writing fails.
     */
    public static void writeIon(final LinkSchedule schedule, final long rateBytes, final Appendable out)
        throws IOException
    {
        writeNodes(schedule, out);
        for (int i = 0; i < schedule.windowCount(); i++)
        {
            final String times = "+" + seconds(schedule.startNs(i)) + " +" + seconds(schedule.stopNs(i)) + " " +
                schedule.nodeNumber(schedule.from(i)) + " " + schedule.nodeNumber(schedule.to(i));
            out.append("a contact ").append(times).append(' ').append(Long.toString(rateBytes));
            if (schedule.loss(i) > 0)
            {
                out.append(" # loss ").append(Double.toString(schedule.loss(i)));
            }
            out.append('\n');
        }
        // Ranges are symmetric in ION: one range covers both directions, so the reverse of a written window is skipped.
        final java.util.Set<String> written = new java.util.HashSet<>();
        for (int i = 0; i < schedule.windowCount(); i++)
        {
            final int a = schedule.nodeNumber(schedule.from(i));
            final int b = schedule.nodeNumber(schedule.to(i));
            final String owlt = trim(String.format(Locale.ROOT, "%.9f", schedule.latencyNs(i) / NS_PER_S));
            final String span = "+" + seconds(schedule.startNs(i)) + " +" + seconds(schedule.stopNs(i)) + " ";
            if (!written.add(span + Math.min(a, b) + " " + Math.max(a, b) + " " + owlt))
            {
                continue;
            }
            out.append("a range ").append(span).append(Integer.toString(a)).append(' ')
                .append(Integer.toString(b)).append(' ').append(owlt).append('\n');
        }
    }

    private static void writeNodes(final LinkSchedule schedule, final Appendable out) throws IOException
    {
        final int n = schedule.nodeCount();
        if (0 == n)
        {
            return;
        }
        final StringBuilder line = new StringBuilder("# ").append(NODES_DIRECTIVE);
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && schedule.nodeNumber(j + 1) == schedule.nodeNumber(j) + 1)
            {
                j++;
            }
            line.append(i > 0 ? "," : " ").append(schedule.nodeNumber(i));
            if (j > i)
            {
                line.append('-').append(schedule.nodeNumber(j));
            }
            i = j + 1;
        }
        out.append(line).append('\n');
    }

    /**
     * The {@code # nodes:} lines of a plan: node numbers declared, checked against the link lines that follow.
     */
    private static final class DeclaredNodes
    {
        /** At most this many declared nodes (the simulator's and the emulator's limit). */
        private static final int MAX_NODES = 1 << 20;

        private final String name;
        private final org.agrona.collections.IntHashSet numbers = new org.agrona.collections.IntHashSet();
        private boolean linkLineSeen;

        DeclaredNodes(final String name)
        {
            this.name = name;
        }

        /**
         * @return true if the line is a {@code # nodes:} declaration (and was taken).
         */
        boolean accept(final int lineNo, final String raw)
        {
            final String trimmed = raw.trim();
            if (!trimmed.startsWith("#"))
            {
                return false;
            }
            final String body = trimmed.substring(1).trim();
            if (!body.startsWith(NODES_DIRECTIVE))
            {
                return false;
            }
            if (linkLineSeen)
            {
                throw new ContactPlanException(name, lineNo, "nodes", "must come before the first link line");
            }
            final String list = body.substring(NODES_DIRECTIVE.length()).trim();
            if (list.isEmpty())
            {
                throw new ContactPlanException(name, lineNo, "nodes", "names no node (expected e.g. '1-506,508')");
            }
            for (final String item : list.split("[,\\s]+"))
            {
                final int dash = item.indexOf('-', 1);
                final int first = node(name, lineNo, "nodes", dash < 0 ? item : item.substring(0, dash));
                final int last = dash < 0 ? first : node(name, lineNo, "nodes", item.substring(dash + 1));
                if (last < first)
                {
                    throw new ContactPlanException(name, lineNo, "nodes", "'" + item + "' is an empty range");
                }
                if ((long)last - first + 1 + numbers.size() > MAX_NODES)
                {
                    throw new ContactPlanException(name, lineNo, "nodes", "declares more than " + MAX_NODES + " nodes");
                }
                for (long k = first; k <= last; k++)
                {
                    numbers.add((int)k);
                }
            }
            return true;
        }

        void linkLineSeen()
        {
            linkLineSeen = true;
        }

        int check(final int lineNo, final String field, final int node)
        {
            if (!numbers.isEmpty() && !numbers.contains(node))
            {
                throw new ContactPlanException(name, lineNo, field, "node " + node + " is not in the plan's '# " +
                    NODES_DIRECTIVE + "' lines");
            }
            return node;
        }

        /**
         * @return the numbers declared, in no order (none without a {@code # nodes:} line).
         */
        int[] numbers()
        {
            final int[] all = new int[numbers.size()];
            int n = 0;
            final org.agrona.collections.IntHashSet.IntIterator it = numbers.iterator();
            while (it.hasNext())
            {
                all[n++] = it.nextValue();
            }
            return all;
        }
    }

    private static boolean samePair(final long[] range, final int a, final int b)
    {
        return (range[2] == a && range[3] == b) || (range[2] == b && range[3] == a);
    }

    private static String stripComment(final String raw)
    {
        final int hash = raw.indexOf('#');
        return (hash >= 0 ? raw.substring(0, hash) : raw).trim();
    }

    private static long ionTimeNs(final String name, final int lineNo, final String field, final String token)
    {
        if (!token.startsWith("+"))
        {
            throw new ContactPlanException(name, lineNo, field,
                "'" + token + "' must be a relative time +SECONDS (absolute times are not supported)");
        }
        final double seconds = number(name, lineNo, field, token.substring(1));
        if (!(seconds >= 0 && seconds < 1e9))
        {
            throw new ContactPlanException(name, lineNo, field, "'" + token + "' must be +SECONDS >= 0");
        }
        return Math.round(seconds * NS_PER_S);
    }

    private static int node(final String name, final int lineNo, final String field, final String token)
    {
        try
        {
            final int node = Integer.parseInt(token);
            if (node >= 0)
            {
                return node;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new ContactPlanException(name, lineNo, field, "'" + token + "' is not a node number (an int >= 0)");
    }

    private static double number(final String name, final int lineNo, final String field, final String token)
    {
        try
        {
            final double value = Double.parseDouble(token);
            if (Double.isFinite(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new ContactPlanException(name, lineNo, field, "'" + token + "' is not a number");
    }

    private static String seconds(final long ns)
    {
        return trim(String.format(Locale.ROOT, "%.9f", ns / NS_PER_S));
    }

    private static String trim(final String decimal)
    {
        if (decimal.indexOf('.') < 0)
        {
            return decimal;
        }
        int end = decimal.length();
        while (decimal.charAt(end - 1) == '0')
        {
            end--;
        }
        if (decimal.charAt(end - 1) == '.')
        {
            end--;
        }
        return decimal.substring(0, end);
    }
}

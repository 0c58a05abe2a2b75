package io.starling.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A predicate over members' tags, state, name and id, parsed from a line such as
 * {@code role=edge and gpus>=1 and state=alive}, for {@link StarlingEngine#members(String)} and
 * {@code starling members --where}. It selects from a view; it does not change or spread anything.
 * <p>
 * Syntax: clauses joined by {@code and} (or {@code ,}); every clause must hold. A clause is
 * <ul>
 *     <li>{@code key=value}, {@code key==value} or {@code key value}: the tag has that value;</li>
 *     <li>{@code key!=value}: the tag is missing or has another value;</li>
 *     <li>{@code key<n}, {@code key<=n}, {@code key>n}, {@code key>=n}: the tag is a number so compared (a member
 *     without the tag, or with a value that is not a number, does not match);</li>
 *     <li>{@code key}: the tag is present.</li>
 * </ul>
 * Three keys are not tags: {@code state} ({@code alive}, {@code suspect}, {@code dead}, {@code left},
 * {@code out_of_contact}, or {@code live} for any of alive, suspect and out of contact; {@code =} and {@code !=}),
 * {@code name} ({@code =} and {@code !=}) and {@code id} (a number, every operator). Keys and values use the tag
 * alphabet ({@code A-Z a-z 0-9 _ . -}, values also {@code : / + @}). An empty line matches every member. Bad syntax
 * is an {@link IllegalArgumentException} of one line naming the column.
 */
public final class MemberFilter implements Predicate<Member>
{
    private static final String[] OPERATORS = { "==", "!=", "<=", ">=", "=", "<", ">" };

    private final String source;
    private final List<Clause> clauses;

    private MemberFilter(final String source, final List<Clause> clauses)
    {
        this.source = source;
        this.clauses = clauses;
    }

    /**
     * @param where the filter line.
     * @return the filter.
     * @throws IllegalArgumentException for bad syntax: one line naming the column and what was expected.
     */
    public static MemberFilter parse(final String where)
    {
        if (null == where)
        {
            throw new IllegalArgumentException("bad filter: null (use \"\" for every member)");
        }
        return new Parser(where).parse();
    }

    /**
     * @param member a member.
     * @return true if every clause holds for it.
     */
    public boolean test(final Member member)
    {
        for (final Clause clause : clauses)
        {
            if (!clause.test(member))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the line it was parsed from.
     */
    public String toString()
    {
        return source;
    }

    private record Clause(String key, String op, String value, double number)
    {
        boolean test(final Member member)
        {
            switch (key)
            {
                case "state":
                {
                    final boolean is = "live".equals(value) ? member.status().isLive() :
                        member.status().name().equalsIgnoreCase(value);
                    return "!=".equals(op) != is;
                }
                case "name":
                    return "!=".equals(op) != value.equals(member.name());
                case "id":
                    return compare(member.nodeId());
                default:
                {
                    final String tag = member.tag(key);
                    if (null == op)
                    {
                        return null != tag;
                    }
                    if ("=".equals(op) || "!=".equals(op))
                    {
                        return "!=".equals(op) != value.equals(tag);
                    }
                    if (null == tag)
                    {
                        return false;
                    }
                    try
                    {
                        return compare(Double.parseDouble(tag));
                    }
                    catch (final NumberFormatException ex)
                    {
                        return false;
                    }
                }
            }
        }

        private boolean compare(final double actual)
        {
            switch (op)
            {
                case "=": return actual == number;
                case "!=": return actual != number;
                case "<": return actual < number;
                case "<=": return actual <= number;
                case ">": return actual > number;
                default: return actual >= number;
            }
        }
    }

    private static final class Parser
    {
        private final String text;
        private int at;

        Parser(final String text)
        {
            this.text = text;
        }

        MemberFilter parse()
        {
            final List<Clause> clauses = new ArrayList<>();
            skipSpaces();
            while (at < text.length())
            {
                clauses.add(clause());
                skipSpaces();
                if (at >= text.length())
                {
                    break;
                }
                if (text.charAt(at) == ',')
                {
                    at++;
                }
                else if (text.regionMatches(true, at, "and", 0, 3) && isBoundary(at + 3))
                {
                    at += 3;
                }
                else
                {
                    throw error("expected 'and' before '" + rest() + "'");
                }
                skipSpaces();
                if (at >= text.length())
                {
                    throw error("expected a clause after 'and'");
                }
            }
            return new MemberFilter(text, List.copyOf(clauses));
        }

        private Clause clause()
        {
            final int keyColumn = at;
            final String key = word(false);
            if (key.isEmpty())
            {
                throw error("expected a key (A-Z a-z 0-9 _ . -) at '" + rest() + "'");
            }
            skipSpaces();
            String op = operator();
            skipSpaces();
            if (null == op)
            {
                final boolean wordFollows = at < text.length() && isValueChar(text.charAt(at)) &&
                    !(text.regionMatches(true, at, "and", 0, 3) && isBoundary(at + 3));
                if (!wordFollows)
                {
                    if ("state".equals(key) || "name".equals(key) || "id".equals(key))
                    {
                        throw error("expected an operator and a value after '" + key + "'");
                    }
                    return new Clause(key, null, null, 0);
                }
                op = "=";
            }
            final int valueColumn = at;
            final String value = word(true);
            if (value.isEmpty() && !"=".equals(op) && !"!=".equals(op))
            {
                throw error("expected a number after '" + key + op + "'");
            }
            if (at < text.length() && !Character.isWhitespace(text.charAt(at)) && text.charAt(at) != ',')
            {
                throw error("unexpected '" + text.charAt(at) + "' in the value of '" + key + "'");
            }
            double number = Double.NaN;
            final boolean ordered = !"=".equals(op) && !"!=".equals(op);
            if (ordered || "id".equals(key))
            {
                try
                {
                    number = Double.parseDouble(value);
                }
                catch (final NumberFormatException ex)
                {
                    at = valueColumn;
                    throw error("'" + key + op + value + "' needs a number");
                }
            }
            if ("state".equals(key))
            {
                if (ordered)
                {
                    at = keyColumn;
                    throw error("state takes = or !=, not " + op);
                }
                final String state = value.toLowerCase(Locale.ROOT).replace('-', '_');
                if (!List.of("alive", "suspect", "dead", "left", "out_of_contact", "live").contains(state))
                {
                    at = valueColumn;
                    throw error("state must be alive, suspect, dead, left, out_of_contact or live: " + value);
                }
                return new Clause(key, op, state, number);
            }
            if ("name".equals(key) && ordered)
            {
                at = keyColumn;
                throw error("name takes = or !=, not " + op);
            }
            return new Clause(key, op, value, number);
        }

        private String operator()
        {
            for (final String op : OPERATORS)
            {
                if (text.startsWith(op, at))
                {
                    at += op.length();
                    return "==".equals(op) ? "=" : op;
                }
            }
            return null;
        }

        private String word(final boolean value)
        {
            final int start = at;
            while (at < text.length() && (value ? isValueChar(text.charAt(at)) : isKeyChar(text.charAt(at))))
            {
                at++;
            }
            return text.substring(start, at);
        }

        private static boolean isKeyChar(final char c)
        {
            return MetadataEnvelope.isKey(String.valueOf(c));
        }

        private static boolean isValueChar(final char c)
        {
            return MetadataEnvelope.isValue(String.valueOf(c));
        }

        private boolean isBoundary(final int index)
        {
            return index >= text.length() || !isValueChar(text.charAt(index));
        }

        private void skipSpaces()
        {
            while (at < text.length() && Character.isWhitespace(text.charAt(at)))
            {
                at++;
            }
        }

        private String rest()
        {
            final String rest = text.substring(Math.min(at, text.length()));
            return rest.length() > 20 ? rest.substring(0, 20) + "..." : rest;
        }

        private IllegalArgumentException error(final String what)
        {
            return new IllegalArgumentException(
                "bad filter \"" + text.replaceAll("\\p{Cntrl}", " ") + "\" at column " + (at + 1) + ": " + what);
        }
    }
}

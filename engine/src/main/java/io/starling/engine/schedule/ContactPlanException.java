package io.starling.engine.schedule;

/**
 * A bad line in a contact plan: the message names the file, the line (1-based; 0 for the plan as a whole) and the
 * field, so that a one-line error can be printed.
 */
public final class ContactPlanException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    /**
     * @param file   file name.
     * @param line   1-based line, 0 for the whole plan.
     * @param field  the field at fault.
     * @param reason what is wrong.
     */
    public ContactPlanException(final String file, final int line, final String field, final String reason)
    {
        super(file + (line > 0 ? ":" + line : "") + ": field " + field + ": " + reason);
        this.line = line;
        this.field = field;
    }

    /**
     * @return 1-based line of the error, 0 for the whole plan.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return the field at fault.
     */
    public String field()
    {
        return field;
    }
}

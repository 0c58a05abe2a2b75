package io.starling.tools.emulate;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The coordinator's progress on stderr: a bar redrawn in place on a terminal
 * ({@code converging [=====>    ]  63% alive pairs 1,234,567/4,000,000 12.3 s}), a plain line every few seconds
 * when stderr is not a terminal, or nothing.
 */
final class Progress
{
    /** How progress is shown. */
    enum Mode
    {
        /** A bar on a terminal, else lines. */
        AUTO,
        /** A bar redrawn in place. */
        BAR,
        /** A line every few seconds. */
        LINES,
        /** Nothing. */
        OFF
    }

    private static final int WIDTH = 30;
    private static final long LINE_INTERVAL_NS = 5_000_000_000L;

    private final PrintWriter err;
    private final Mode mode;
    private boolean open;
    private long lastLineNs;
    private String lastPhase = "";

    /**
     * @param err  where to draw.
     * @param mode how; {@link Mode#AUTO} resolves to a bar when a console is attached.
     */
    Progress(final PrintWriter err, final Mode mode)
    {
        this.err = err;
        this.mode = Mode.AUTO == mode ? (null != System.console() ? Mode.BAR : Mode.LINES) : mode;
    }

    /**
     * @param phase    what is happening ("converging").
     * @param fraction done, in [0, 1].
     * @param detail   counts after the bar.
     * @param elapsedS seconds in this phase.
     */
    void update(final String phase, final double fraction, final String detail, final double elapsedS)
    {
        if (Mode.OFF == mode)
        {
            return;
        }
        final String line = line(phase, fraction, detail, elapsedS);
        synchronized (err)
        {
            if (Mode.BAR == mode)
            {
                err.print('\r');
                err.print(line);
                err.print("\u001b[K");
                open = true;
                err.flush();
            }
            else
            {
                final long nowNs = System.nanoTime();
                if (!phase.equals(lastPhase) || nowNs - lastLineNs >= LINE_INTERVAL_NS)
                {
                    lastLineNs = nowNs;
                    lastPhase = phase;
                    err.println(line);
                    err.flush();
                }
            }
        }
    }

    /**
     * End the current bar (newline) so that other output starts on a fresh line.
     */
    void done()
    {
        synchronized (err)
        {
            if (open)
            {
                err.println();
                err.flush();
                open = false;
            }
        }
    }

    static String line(final String phase, final double fraction, final String detail, final double elapsedS)
    {
        final double f = Math.max(0.0, Math.min(1.0, Double.isNaN(fraction) ? 0.0 : fraction));
        final int filled = (int)Math.round(f * WIDTH);
        final StringBuilder bar = new StringBuilder(WIDTH + 2).append('[');
        for (int i = 0; i < WIDTH; i++)
        {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        bar.append(']');
        return String.format(Locale.ROOT, "%-10s %s %3d%% %s %.1f s", phase, bar, (int)Math.floor(f * 100), detail,
            elapsedS);
    }
}

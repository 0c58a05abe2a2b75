package io.starling.tools.emulate;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest
{
    @Test
    void barShowsThePhaseTheFractionAndTheDetail()
    {
        final String line = Progress.line("converging", 0.63, "alive pairs 1,234/4,000", 12.34);
        assertTrue(line.startsWith("converging [" + "=".repeat(19) + ">" + " ".repeat(10) + "]"), line);
        assertTrue(line.contains("]  63% alive pairs 1,234/4,000 12.3 s"), line);
        assertTrue(Progress.line("x", 2.0, "", 0).contains("100%"));
        assertTrue(Progress.line("x", Double.NaN, "", 0).contains("  0%"));
    }

    @Test
    void linesModePrintsOnPhaseChangesAndOffPrintsNothing()
    {
        final StringWriter text = new StringWriter();
        final Progress lines = new Progress(new PrintWriter(text), Progress.Mode.LINES);
        lines.update("converging", 0.1, "a", 0);
        lines.update("converging", 0.2, "b", 0);
        lines.update("detecting", 0.3, "c", 0);
        lines.done();
        assertEquals(2, text.toString().lines().count(), text::toString);

        final StringWriter none = new StringWriter();
        final Progress off = new Progress(new PrintWriter(none), Progress.Mode.OFF);
        off.update("converging", 0.1, "a", 0);
        off.done();
        assertEquals("", none.toString());
    }
}

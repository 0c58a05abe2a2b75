package io.starling.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line tests' common harness: runs {@code starling} in this JVM with its standard output and error
 * captured, and checks the contract for bad flags.
 */
public abstract class CliTestSupport
{
    protected final StringWriter out = new StringWriter();
    protected final StringWriter err = new StringWriter();

    /**
     * @param args the command line after {@code starling}.
     * @return the exit code.
     */
    protected int run(final String... args)
    {
        final CommandLine cmd = StarlingMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    /**
     * A bad flag is refused with the usage exit code and one line that names it.
     *
     * @param flag the flag the line must name.
     * @param args the command line.
     */
    protected void assertRejected(final String flag, final String... args)
    {
        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run(args), err::toString);
        assertTrue(err.toString().contains(flag), err::toString);
        assertEquals(1, err.toString().trim().lines().count(), err::toString);
    }
}

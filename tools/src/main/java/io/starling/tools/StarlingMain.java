package io.starling.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code starling} command line. Every subcommand prints a human summary and, with {@code --json FILE}, one
 * JSON document with stable snake_case field names. Bad input gets one line naming the flag and a non-zero exit.
 */
@Command(
    name = "starling",
    mixinStandardHelpOptions = true,
    versionProvider = StarlingMain.VersionProvider.class,
    description = "Starling: a low-latency, off-heap SWIM/Lifeguard gossip membership engine.",
    subcommands = { CommandLine.HelpCommand.class })
public final class StarlingMain implements Runnable
{
    /** Exit code for bad input: a wrong flag, an impossible value. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a run that did not meet its own success criteria or failed at run time. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Build the command line with every subcommand registered and Starling's error handling installed.
     *
     * @return a configured command line.
     */
    public static CommandLine commandLine()
    {
        final CommandLine cmd = new CommandLine(new StarlingMain());
        Subcommands.register(cmd);
        cmd.setParameterExceptionHandler(StarlingMain::onParameterException);
        cmd.setExecutionExceptionHandler(StarlingMain::onExecutionException);
        return cmd;
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    private static int onParameterException(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine cmd = ex.getCommandLine();
        final PrintWriter err = cmd.getErr();
        err.println("starling: " + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return EXIT_USAGE;
    }

    private static int onExecutionException(
        final Exception ex, final CommandLine cmd, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = cmd.getErr();
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException)
        {
            err.println("starling " + cmd.getCommandName() + ": " + ex.getMessage());
            return EXIT_USAGE;
        }
        err.println("starling " + cmd.getCommandName() + ": " + ex);
        if (Boolean.getBoolean("starling.debug"))
        {
            ex.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /**
     * Version from the build, with the versions of the libraries that shape the wire and the engine.
     */
    public static final class VersionProvider implements CommandLine.IVersionProvider
    {
        public String[] getVersion() throws IOException
        {
            final Properties props = new Properties();
            try (InputStream in = StarlingMain.class.getResourceAsStream("version.properties"))
            {
                if (null != in)
                {
                    props.load(in);
                }
            }
            return new String[] {
                "starling " + props.getProperty("version", "unknown"),
                "agrona " + props.getProperty("agrona", "?") +
                    ", aeron " + props.getProperty("aeron", "?") +
                    ", sbe " + props.getProperty("sbe", "?"),
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
            };
        }
    }
}

package io.starling.tools.netns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short administrative commands ({@code ip}, {@code kill}) and returns their exit code and output; never through
 * a shell, so no argument is ever interpreted.
 */
final class Shell
{
    /** Longest wait for one administrative command. */
    static final long COMMAND_TIMEOUT_MS = 20_000;

    /**
     * Outcome of one command.
     *
     * @param exitCode exit code, or -1 if it did not finish in time or could not start.
     * @param output   standard output and error, merged.
     * @param command  the command, for messages.
     */
    record Result(int exitCode, String output, String command)
    {
        boolean ok()
        {
            return 0 == exitCode;
        }

        Result orThrow()
        {
            if (!ok())
            {
                throw new IllegalStateException("'" + command + "' exited " + exitCode + ": " + output.trim());
            }
            return this;
        }
    }

    private Shell()
    {
    }

    static Result run(final String... command)
    {
        return run(Arrays.asList(command));
    }

    static Result run(final List<String> command)
    {
        final String text = String.join(" ", command);
        final Process process;
        try
        {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            return new Result(-1, String.valueOf(ex.getMessage()), text);
        }
        try (InputStream in = process.getInputStream())
        {
            process.getOutputStream().close();
            final byte[] bytes = in.readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                return new Result(-1, "timed out", text);
            }
            return new Result(process.exitValue(), new String(bytes, StandardCharsets.UTF_8), text);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            return new Result(-1, String.valueOf(ex.getMessage()), text);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", text);
        }
    }
}

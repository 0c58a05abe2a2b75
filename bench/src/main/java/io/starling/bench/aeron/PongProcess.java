package io.starling.bench.aeron;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.starling.driver.DriverPreset;

/**
 * Runs {@link AeronPong} in a child JVM (same {@code java}, same class path, Agrona's add-opens) and waits for it
 * to say it is ready. Closing it closes the child's standard input, which makes it exit; a child that does not
 * exit in time is destroyed.
 */
public final class PongProcess implements AutoCloseable
{
    private static final long READY_TIMEOUT_MS = 30_000;
    private static final long EXIT_TIMEOUT_MS = 10_000;

    private final Process process;

    /**
     * Start the child and wait for its READY line.
     *
     * @param preset   driver preset of the child.
     * @param pingPort port it subscribes on.
     * @param pongPort port it publishes to.
     * @throws IOException           if it cannot be started.
     * @throws IllegalStateException if it exits or stays silent instead of getting ready.
     */
    public PongProcess(final DriverPreset preset, final int pingPort, final int pongPort) throws IOException
    {
        this(AeronPong.class.getName(), AeronChannels.presetName(preset), Integer.toString(pingPort),
            Integer.toString(pongPort));
    }

    /**
     * Start a child running a main class that prints {@link AeronPong#READY} and exits when its standard input
     * closes, and wait for its READY line.
     *
     * @param mainClass class whose main runs in the child.
     * @param args      its arguments.
     * @throws IOException           if it cannot be started.
     * @throws IllegalStateException if it exits or stays silent instead of getting ready.
     */
    public PongProcess(final String mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));

        process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        awaitReady();
    }

    private void awaitReady() throws IOException
    {
        final BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String[] line = new String[1];
        final Thread reader = new Thread(() ->
        {
            try
            {
                line[0] = out.readLine();
            }
            catch (final IOException ignore)
            {
                // reported below as not ready
            }
        }, "pong-ready-reader");
        reader.setDaemon(true);
        reader.start();
        try
        {
            reader.join(READY_TIMEOUT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (!AeronPong.READY.equals(line[0]))
        {
            process.destroyForcibly();
            throw new IllegalStateException("pong process did not get ready (said: " + line[0] + ", alive: " +
                process.isAlive() + ")");
        }
    }

    /**
     * @return the child's process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return true while the child runs.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Ask the child to exit (close its standard input) and wait; destroy it if it does not.
     */
    public void close()
    {
        try
        {
            process.getOutputStream().close();
        }
        catch (final IOException ignore)
        {
            // already closed
        }
        try
        {
            if (!process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary()
    {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}

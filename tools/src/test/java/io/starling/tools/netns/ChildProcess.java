package io.starling.tools.netns;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JVM the lab started inside one of its namespaces ({@code ip netns exec NS java ...}, so its pid is the JVM's):
 * a daemon thread collects its output line by line; lines that are JSON objects are parsed as status documents.
 * For a {@code starling node} child the banner line gives the engine directory, which the lab removes if the child
 * dies without closing (SIGKILL).
 */
final class ChildProcess
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final List<Status> statuses = new ArrayList<>();
    private volatile String engineDirectory;

    /**
     * One parsed JSON line with the time it was read.
     *
     * @param readNs {@link System#nanoTime()} when the line was read.
     * @param json   the document.
     */
    record Status(long readNs, JsonNode json)
    {
        int intField(final String field)
        {
            return json.path(field).asInt(-1);
        }

        long longField(final String field)
        {
            return json.path(field).asLong(-1);
        }
    }

    ChildProcess(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        final Thread reader = new Thread(this::readLines, "netns-child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return process.pid();
    }

    Process process()
    {
        return process;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the engine directory named in a {@code starling node} banner, or null before it is printed.
     */
    String engineDirectory()
    {
        return engineDirectory;
    }

    synchronized String output()
    {
        return String.join("\n", lines);
    }

    synchronized Status latest()
    {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }

    /**
     * @param afterNs only lines read after this {@link System#nanoTime()}.
     * @return the first status read after the given time that matches, or null.
     */
    synchronized Status firstAfter(final long afterNs, final Predicate<Status> matches)
    {
        for (final Status status : statuses)
        {
            if (status.readNs() - afterNs > 0 && matches.test(status))
            {
                return status;
            }
        }
        return null;
    }

    synchronized List<Status> statusesAfter(final long afterNs)
    {
        final List<Status> after = new ArrayList<>();
        for (final Status status : statuses)
        {
            if (status.readNs() - afterNs > 0)
            {
                after.add(status);
            }
        }
        return after;
    }

    /**
     * Send a signal by pid with {@code kill}: STOP and CONT have no Java API.
     *
     * @param signal e.g. "STOP", "CONT", "TERM", "KILL".
     */
    void signal(final String signal)
    {
        Shell.run("kill", "-" + signal, Long.toString(process.pid())).orThrow();
    }

    /**
     * SIGKILL and wait for the end; the engine directory is left behind (the lab removes it).
     */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGCONT (in case it is stopped), SIGTERM, and wait for a graceful exit; SIGKILL if it takes too long.
     *
     * @param timeoutMs longest wait for the graceful exit.
     * @return true if it exited on its own.
     */
    boolean stop(final long timeoutMs) throws InterruptedException
    {
        if (!process.isAlive())
        {
            return true;
        }
        Shell.run("kill", "-CONT", Long.toString(process.pid()));
        process.destroy();
        if (process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /**
     * Remove the engine directory the child named, if it is still there (a killed child cannot remove it).
     */
    void removeEngineDirectory()
    {
        final String dir = engineDirectory;
        if (null != dir && !process.isAlive())
        {
            deleteRecursively(new File(dir));
        }
    }

    static void deleteRecursively(final File file)
    {
        final File[] children = file.listFiles();
        if (null != children)
        {
            for (final File child : children)
            {
                deleteRecursively(child);
            }
        }
        if (file.exists() && !file.delete())
        {
            System.err.println("netns lab: could not delete " + file);
        }
    }

    private void readLines()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                onLine(line);
            }
        }
        catch (final IOException ignore)
        {
            // The process went away.
        }
    }

    private void onLine(final String line)
    {
        final long nowNs = System.nanoTime();
        if (null == engineDirectory && line.contains(", dir "))
        {
            engineDirectory = line.substring(line.lastIndexOf(", dir ") + ", dir ".length()).trim();
        }
        Status status = null;
        if (line.startsWith("{"))
        {
            try
            {
                status = new Status(nowNs, MAPPER.readTree(line));
            }
            catch (final IOException ex)
            {
                // Not a status document: keep it as text.
            }
        }
        synchronized (this)
        {
            lines.add(line);
            if (null != status)
            {
                statuses.add(status);
            }
        }
    }
}

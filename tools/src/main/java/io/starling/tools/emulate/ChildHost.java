package io.starling.tools.emulate;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.IoUtil;

/**
 * A host in a child JVM ({@link EmulateChild}), driven over its stdin and stdout. The child's stderr is forwarded,
 * line by line and prefixed, to the coordinator's error stream. Closing the handle closes the child's stdin (the
 * child then closes its engines and exits) and, if it does not exit in time, kills it and removes the engine
 * directories it reported.
 */
final class ChildHost implements HostHandle
{
    private static final String EOF = "\u0000EOF";

    private final int index;
    private final HostPlan plan;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final long replyTimeoutMs;
    private final List<String> directories = new ArrayList<>();
    private long sequence;
    private volatile boolean closed;

    private ChildHost(
        final HostPlan plan, final Process process, final PrintWriter err, final long replyTimeoutMs)
    {
        this.index = plan.host;
        this.plan = plan;
        this.process = process;
        this.replyTimeoutMs = replyTimeoutMs;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread out = new Thread(() -> readReplies(process), "emulate-child-" + index + "-out");
        out.setDaemon(true);
        out.start();
        final Thread errors = new Thread(() -> forward(process, err), "emulate-child-" + index + "-err");
        errors.setDaemon(true);
        errors.start();
    }

    /**
     * Start a child JVM on the class path of this one.
     *
     * @param plan           what it will host.
     * @param jvmOptions     options for the child JVM (heap, GC, ...).
     * @param err            where the child's stderr goes.
     * @param replyTimeoutMs longest wait for a reply.
     * @return the handle, once the child is up.
     */
    static ChildHost launch(
        final HostPlan plan, final List<String> jvmOptions, final PrintWriter err, final long replyTimeoutMs)
    {
        final List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EmulateChild.class.getName());
        final Process process;
        try
        {
            process = new ProcessBuilder(command).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start a child JVM: " + ex.getMessage(), ex);
        }
        final ChildHost child = new ChildHost(plan, process, err, replyTimeoutMs);
        try
        {
            child.await(EmulateChild.UP);
        }
        catch (final RuntimeException ex)
        {
            child.close();
            throw ex;
        }
        return child;
    }

    static String javaExecutable()
    {
        final File java = new File(new File(System.getProperty("java.home"), "bin"), "java");
        return java.canExecute() ? java.getPath() : "java";
    }

    public int index()
    {
        return index;
    }

    /**
     * @return the child's process id.
     */
    long pid()
    {
        return process.pid();
    }

    public long start()
    {
        try
        {
            send(EmulateChild.START + " " + EmulateChild.MAPPER.writeValueAsString(plan));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("host " + index + ": " + ex.getMessage(), ex);
        }
        final String[] parts = await(EmulateChild.STARTED).trim().split(" ");
        synchronized (directories)
        {
            for (int i = 1; i < parts.length; i++)
            {
                directories.add(parts[i]);
            }
        }
        return Long.parseLong(parts[0]);
    }

    public HostStatus status(final boolean resetWindow, final boolean diagnose)
    {
        final long seq = ++sequence;
        send(EmulateChild.STATUS + " " + seq + " " + (resetWindow ? 1 : 0) + (diagnose ? 1 : 0));
        final String reply = awaitSequence(EmulateChild.STATUS, seq);
        try
        {
            final HostStatus status = EmulateChild.MAPPER.readValue(reply, HostStatus.class);
            synchronized (directories)
            {
                for (final String dir : status.directories)
                {
                    if (!directories.contains(dir))
                    {
                        directories.add(dir);
                    }
                }
            }
            return status;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("host " + index + ": bad status: " + ex.getMessage(), ex);
        }
    }

    public long kill()
    {
        final long seq = ++sequence;
        send(EmulateChild.KILL + " " + seq);
        return Long.parseLong(awaitSequence(EmulateChild.KILLED, seq).trim());
    }

    public String stop()
    {
        if (closed)
        {
            return "host " + index + " was already closed";
        }
        try
        {
            send(EmulateChild.STOP);
        }
        catch (final RuntimeException ignore)
        {
            // The child is gone already: its exit code tells.
        }
        return finish(30_000);
    }

    public void close()
    {
        if (!closed)
        {
            finish(10_000);
        }
    }

    private String finish(final long waitMs)
    {
        closed = true;
        try
        {
            stdin.close();
        }
        catch (final IOException ignore)
        {
            // Closed already.
        }
        String problem = null;
        try
        {
            if (!process.waitFor(waitMs, TimeUnit.MILLISECONDS))
            {
                process.destroy();
                if (!process.waitFor(5_000, TimeUnit.MILLISECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(5_000, TimeUnit.MILLISECONDS);
                }
                problem = "host " + index + " (pid " + process.pid() + ") did not exit within " + waitMs + " ms";
            }
            else if (0 != process.exitValue())
            {
                problem = "host " + index + " (pid " + process.pid() + ") exited with code " + process.exitValue();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            problem = "interrupted while waiting for host " + index;
        }
        final List<String> left = leftoverDirectories();
        if (!left.isEmpty())
        {
            for (final String dir : left)
            {
                IoUtil.delete(new File(dir), true);
            }
            problem = (null == problem ? "" : problem + "; ") + "host " + index + " left " + left +
                " behind (removed)";
        }
        return problem;
    }

    /**
     * @return engine directories the child reported that still exist.
     */
    List<String> leftoverDirectories()
    {
        final List<String> left = new ArrayList<>();
        synchronized (directories)
        {
            for (final String dir : directories)
            {
                if (new File(dir).exists())
                {
                    left.add(dir);
                }
            }
        }
        return left;
    }

    /**
     * Kill the child at once (shutdown hook): SIGTERM lets its own hook close its engines.
     */
    void destroy()
    {
        closed = true;
        process.destroy();
    }

    /**
     * @param waitMs longest wait.
     */
    void awaitExit(final long waitMs)
    {
        try
        {
            if (!process.waitFor(waitMs, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(2_000, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final String dir : leftoverDirectories())
        {
            IoUtil.delete(new File(dir), true);
        }
    }

    private void send(final String line)
    {
        if (closed)
        {
            throw new IllegalStateException("host " + index + " is closed");
        }
        try
        {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("host " + index + " (pid " + process.pid() + ") is not listening: " +
                ex.getMessage() + exitNote(), ex);
        }
    }

    private String awaitSequence(final String kind, final long seq)
    {
        while (true)
        {
            final String body = await(kind);
            final int space = body.indexOf(' ');
            final String seqText = space < 0 ? body : body.substring(0, space);
            if (Long.parseLong(seqText) == seq)
            {
                return space < 0 ? "" : body.substring(space + 1);
            }
        }
    }

    private String await(final String kind)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(replyTimeoutMs);
        while (true)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            final String line;
            try
            {
                line = leftNs > 0 ? replies.poll(leftNs, TimeUnit.NANOSECONDS) : null;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for host " + index);
            }
            if (null == line)
            {
                throw new IllegalStateException("host " + index + " (pid " + process.pid() + ") sent no " + kind +
                    " within " + replyTimeoutMs + " ms" + exitNote());
            }
            if (EOF.equals(line))
            {
                replies.offer(EOF);
                throw new IllegalStateException("host " + index + " (pid " + process.pid() + ") ended" + exitNote());
            }
            if (line.startsWith(EmulateChild.ERROR + " "))
            {
                throw new IllegalStateException("host " + index + ": " + line.substring(EmulateChild.ERROR.length() + 1));
            }
            if (line.startsWith(kind + " ") || line.equals(kind))
            {
                return line.substring(kind.length()).trim();
            }
        }
    }

    private String exitNote()
    {
        try
        {
            if (process.waitFor(200, TimeUnit.MILLISECONDS))
            {
                return " (exit code " + process.exitValue() + ")";
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private void readReplies(final Process process)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                replies.offer(line);
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
        replies.offer(EOF);
    }

    private void forward(final Process process, final PrintWriter err)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                synchronized (err)
                {
                    err.println("[host " + index + "] " + line);
                    err.flush();
                }
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
    }
}

package io.starling.engine.metrics;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.agrona.ErrorHandler;

/**
 * Requests to a running engine from another process through a directory inside its engine directory: no network
 * port. A client ({@link #request}) writes a request file (mode 0600, renamed into place whole); the engine's
 * control thread, which sleeps on the file system's change notification (inotify on Linux) and looks again at
 * least every {@link #RESCAN_INTERVAL_MS} ms (every {@link #POLL_INTERVAL_MS} ms where there is no notification),
 * deletes the request, hands it to its handler and writes the response beside it. Requests and responses are
 * {@link Properties} text. Off the duty cycle: a handler only touches what is safe from another thread. Only
 * processes that can write the engine directory (its owner) can ask. What the requests mean is the handler's business ({@code KeyringControl},
 * {@code StarlingEngine}'s members), not this class's.
 */
public final class ControlDirectory implements AutoCloseable
{
    /** How often the control thread looks for requests where the file system gives no change notification. */
    public static final long POLL_INTERVAL_MS = 100;
    /** Longest wait between two looks when change notifications are on (a missed or overflowed event). */
    public static final long RESCAN_INTERVAL_MS = 1_000;

    private static final String REQUEST_PREFIX = "request-";
    private static final String RESPONSE_PREFIX = "response-";
    private static final String TMP_SUFFIX = ".tmp";

    private final Path directory;
    private final Function<Properties, Properties> handler;
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private final WatchService watcher;
    private volatile boolean running = true;

    /**
     * Create the request directory (mode 0700) and start the control thread (a daemon).
     *
     * @param engineDirectory the engine's directory.
     * @param name            the request directory's name inside it.
     * @param threadName      name of the control thread.
     * @param handler         answers a request (a bad request is answered, not thrown).
     * @param errorHandler    where unexpected errors go.
     */
    public ControlDirectory(
        final File engineDirectory,
        final String name,
        final String threadName,
        final Function<Properties, Properties> handler,
        final ErrorHandler errorHandler)
    {
        this.directory = new File(engineDirectory, name).toPath();
        this.handler = handler;
        this.errorHandler = errorHandler;
        try
        {
            Files.createDirectories(directory);
            setPermissions(directory, "rwx------");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create " + directory + ": " + ex.getMessage(), ex);
        }
        watcher = newWatcher(directory);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stop the control thread. Idempotent.
     */
    public void close()
    {
        running = false;
        thread.interrupt();
        if (null != watcher)
        {
            try
            {
                watcher.close();
            }
            catch (final IOException ex)
            {
                errorHandler.onError(ex);
            }
        }
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        while (running)
        {
            try
            {
                pollOnce();
                if (null == watcher)
                {
                    Thread.sleep(POLL_INTERVAL_MS);
                }
                else
                {
                    // An idle engine's control thread wakes once a second, not ten times.
                    final WatchKey key = watcher.poll(RESCAN_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    if (null != key)
                    {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
            catch (final InterruptedException | ClosedWatchServiceException ex)
            {
                return;
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }
    }

    private static WatchService newWatcher(final Path directory)
    {
        try
        {
            final WatchService watcher = directory.getFileSystem().newWatchService();
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            return watcher;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return null;
        }
    }

    private void pollOnce() throws IOException
    {
        final File[] requests = directory.toFile().listFiles(
            (d, name) -> name.startsWith(REQUEST_PREFIX) && !name.endsWith(TMP_SUFFIX));
        if (null == requests)
        {
            return;
        }
        for (final File file : requests)
        {
            final Properties request = new Properties();
            try
            {
                request.load(new StringReader(Files.readString(file.toPath(), StandardCharsets.UTF_8)));
            }
            catch (final NoSuchFileException ex)
            {
                continue;
            }
            finally
            {
                Files.deleteIfExists(file.toPath());
            }
            final Properties response = handler.apply(request);
            request.clear();
            final String id = file.getName().substring(REQUEST_PREFIX.length());
            writeAtomically(directory.resolve(RESPONSE_PREFIX + id), response);
        }
    }

    /**
     * @param engineDirectory an engine's directory.
     * @param name            a request directory's name.
     * @return true if the engine serves requests there.
     */
    public static boolean exists(final File engineDirectory, final String name)
    {
        return Files.isDirectory(new File(engineDirectory, name).toPath());
    }

    /**
     * Send a request to the engine owning a directory and wait for its response (client side).
     *
     * @param engineDirectory the engine's directory.
     * @param name            the request directory's name.
     * @param request         the request.
     * @param timeoutMs       longest wait for the response.
     * @return the response.
     * @throws IllegalStateException if the engine serves no such directory or does not answer in time.
     */
    public static Properties request(
        final File engineDirectory, final String name, final Properties request, final long timeoutMs)
    {
        final Path dir = new File(engineDirectory, name).toPath();
        if (!Files.isDirectory(dir))
        {
            throw new IllegalStateException("the engine in " + engineDirectory + " serves no " + name + " requests");
        }
        final String id = UUID.randomUUID().toString();
        final Path response = dir.resolve(RESPONSE_PREFIX + id);
        try
        {
            writeAtomically(dir.resolve(REQUEST_PREFIX + id), request);
            final long deadlineMs = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < deadlineMs)
            {
                if (Files.exists(response))
                {
                    final Properties answer = new Properties();
                    answer.load(new StringReader(Files.readString(response, StandardCharsets.UTF_8)));
                    Files.deleteIfExists(response);
                    return answer;
                }
                Thread.sleep(10);
            }
            Files.deleteIfExists(dir.resolve(REQUEST_PREFIX + id));
            throw new IllegalStateException("the engine in " + engineDirectory + " did not answer within " +
                timeoutMs + " ms");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(name + " request to " + engineDirectory + " failed: " + ex.getMessage(),
                ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static void writeAtomically(final Path target, final Properties content) throws IOException
    {
        final StringWriter text = new StringWriter();
        content.store(text, null);
        final Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try
        {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createFile(tmp);
        }
        catch (final FileAlreadyExistsException ex)
        {
            setPermissions(tmp, "rw-------");
        }
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void setPermissions(final Path path, final String permissions) throws IOException
    {
        try
        {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
        catch (final UnsupportedOperationException ignore)
        {
            // Not a POSIX file system: rely on the directory's own access rules.
        }
    }
}

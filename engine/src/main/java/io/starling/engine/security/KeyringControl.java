package io.starling.engine.security;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.agrona.ErrorHandler;

/**
 * Key management of a running engine from another process, through its engine directory: no network port. A
 * client ({@code starling keys}) writes a request file into {@code <engine dir>/keys/} (mode 0600, renamed into
 * place whole); the engine's control thread, which polls that directory every {@link #POLL_INTERVAL_MS} ms, deletes
 * the request, applies it to the {@link Keyring} and writes the response beside it. Requests and responses are
 * {@link Properties} text:
 * <pre>
 *   request:  op=list | install | use | remove, id=N, key=BASE64 (install only)
 *   response: status=ok | error, message=..., primary=N, keys=1,2, fingerprint.N=16 hex digits
 * </pre>
 * Responses carry fingerprints, never key material. Off the duty cycle: the keyring is thread safe and the agent
 * picks up a change before its next seal or open. Only processes that can write the engine directory (its owner)
 * can change keys.
 */
public final class KeyringControl implements AutoCloseable
{
    /** Directory, inside the engine directory, of requests and responses. */
    public static final String DIRECTORY_NAME = "keys";
    /** How often the control thread looks for requests. */
    public static final long POLL_INTERVAL_MS = 100;

    private static final String REQUEST_PREFIX = "request-";
    private static final String RESPONSE_PREFIX = "response-";
    private static final String TMP_SUFFIX = ".tmp";

    private final Keyring keyring;
    private final Path directory;
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Create the request directory and start the control thread (a daemon).
     *
     * @param keyring         the engine's keyring.
     * @param engineDirectory the engine's directory.
     * @param threadName      name of the control thread.
     * @param errorHandler    where unexpected errors go (a bad request is answered, not an error).
     */
    public KeyringControl(
        final Keyring keyring, final File engineDirectory, final String threadName, final ErrorHandler errorHandler)
    {
        this.keyring = keyring;
        this.directory = new File(engineDirectory, DIRECTORY_NAME).toPath();
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
                Thread.sleep(POLL_INTERVAL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
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
            final Properties response = apply(keyring, request);
            request.clear();
            final String id = file.getName().substring(REQUEST_PREFIX.length());
            writeAtomically(directory.resolve(RESPONSE_PREFIX + id), response);
        }
    }

    /**
     * Apply one request to a keyring (the same operations as {@code StarlingEngine.installKey} and its siblings).
     *
     * @param keyring the keyring.
     * @param request op, id, key.
     * @return the response: status, message, and the keyring's state after the request.
     */
    public static Properties apply(final Keyring keyring, final Properties request)
    {
        final Properties response = new Properties();
        try
        {
            final String op = request.getProperty("op", "");
            switch (op)
            {
                case "list":
                    response.setProperty("message", "ok");
                    break;
                case "install":
                {
                    final int keyId = KeyringFile.parseKeyId("id: ", request.getProperty("id", ""));
                    final byte[] key = KeyringFile.decodeKey("key: ", request.getProperty("key", ""));
                    try
                    {
                        keyring.install(keyId, key);
                    }
                    finally
                    {
                        Arrays.fill(key, (byte)0);
                    }
                    response.setProperty("message", "installed key " + keyId);
                    break;
                }
                case "use":
                {
                    final int keyId = KeyringFile.parseKeyId("id: ", request.getProperty("id", ""));
                    keyring.usePrimary(keyId);
                    response.setProperty("message", "key " + keyId + " is primary");
                    break;
                }
                case "remove":
                {
                    final int keyId = KeyringFile.parseKeyId("id: ", request.getProperty("id", ""));
                    response.setProperty("message", keyring.remove(keyId) ?
                        "removed key " + keyId : "key " + keyId + " was not installed");
                    break;
                }
                default:
                    throw new IllegalArgumentException("op must be list, install, use or remove: " + op);
            }
            response.setProperty("status", "ok");
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            response.setProperty("status", "error");
            response.setProperty("message", ex.getMessage());
        }
        describe(keyring, response);
        return response;
    }

    /**
     * Put the keyring's state (primary, key ids, fingerprints) into a response.
     *
     * @param keyring  the keyring.
     * @param response to fill.
     */
    public static void describe(final Keyring keyring, final Properties response)
    {
        final int[] ids = keyring.keyIds();
        final StringBuilder keys = new StringBuilder();
        for (final int id : ids)
        {
            keys.append(keys.length() > 0 ? "," : "").append(id);
            response.setProperty("fingerprint." + id, keyring.fingerprint(id));
        }
        response.setProperty("keys", keys.toString());
        response.setProperty("primary", Integer.toString(keyring.primaryKeyId()));
    }

    /**
     * Send a request to the engine owning a directory and wait for its response (client side).
     *
     * @param engineDirectory the engine's directory.
     * @param request         op, id, key.
     * @param timeoutMs       longest wait for the response.
     * @return the response.
     * @throws IllegalStateException if the engine runs without a keyring, or does not answer in time.
     */
    public static Properties request(final File engineDirectory, final Properties request, final long timeoutMs)
    {
        final Path dir = new File(engineDirectory, DIRECTORY_NAME).toPath();
        if (!Files.isDirectory(dir))
        {
            throw new IllegalStateException("the engine in " + engineDirectory +
                " runs without a keyring (start it with one to manage keys)");
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
            throw new IllegalStateException("key request to " + engineDirectory + " failed: " + ex.getMessage(), ex);
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

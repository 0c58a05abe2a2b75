package io.starling.engine.security;

import java.io.File;
import java.util.Arrays;
import java.util.Properties;

import io.starling.engine.metrics.ControlDirectory;
import org.agrona.ErrorHandler;

/**
 * Key management of a running engine from another process, through its engine directory: no network port. A
 * client ({@code starling keys}) writes a request into {@code <engine dir>/keys/}; the engine's control thread
 * ({@link ControlDirectory}, which carries requests and responses as files) applies it to the {@link Keyring}.
 * Requests and responses are {@link Properties} text:
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
    public static final long POLL_INTERVAL_MS = ControlDirectory.POLL_INTERVAL_MS;

    private final ControlDirectory control;

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
        this.control = new ControlDirectory(
            engineDirectory, DIRECTORY_NAME, threadName, (request) -> apply(keyring, request), errorHandler);
    }

    /**
     * Stop the control thread. Idempotent.
     */
    public void close()
    {
        control.close();
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
        if (!ControlDirectory.exists(engineDirectory, DIRECTORY_NAME))
        {
            throw new IllegalStateException("the engine in " + engineDirectory +
                " runs without a keyring (start it with one to manage keys)");
        }
        return ControlDirectory.request(engineDirectory, DIRECTORY_NAME, request, timeoutMs);
    }
}

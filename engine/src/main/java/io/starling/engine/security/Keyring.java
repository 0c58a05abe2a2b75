package io.starling.engine.security;

import javax.crypto.spec.SecretKeySpec;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The AES keys a process authenticates and encrypts frames with, each named by a one-byte key id that travels in
 * clear in every sealed frame so a receiver tries exactly one key.
 * <ul>
 *     <li>{@link #install(int, byte[])} adds a key (16, 24 or 32 bytes: AES-128, -192, -256); frames sealed with
 *     any installed key are accepted.</li>
 *     <li>{@link #usePrimary(int)} picks the installed key that outbound frames are sealed with.</li>
 *     <li>{@link #remove(int)} forgets a key that is not the primary; frames sealed with it are rejected from
 *     then on.</li>
 * </ul>
 * Rotation without downtime: install the new key on every process, then make it primary on every process (during
 * this overlap both keys are accepted everywhere), then remove the old key on every process.
 * <p>
 * Thread safe: mutators may be called from any thread (an admin command, a configuration reload). Each change
 * publishes a new immutable snapshot; every {@link FrameCipher} sharing this keyring picks it up before its next
 * seal or open, so a change costs allocation only when it happens, never on the frame path.
 */
public final class Keyring
{
    /** Largest key id; key ids are one byte on the wire. */
    public static final int MAX_KEY_ID = 255;

    /** No primary key selected. */
    public static final int NO_KEY = -1;

    /** Immutable view of the keyring at one moment; published whole. */
    static final class Snapshot
    {
        final SecretKeySpec[] keys;
        final int primaryKeyId;

        Snapshot(final SecretKeySpec[] keys, final int primaryKeyId)
        {
            this.keys = keys;
            this.primaryKeyId = primaryKeyId;
        }
    }

    private volatile Snapshot snapshot = new Snapshot(new SecretKeySpec[MAX_KEY_ID + 1], NO_KEY);

    /**
     * Install a key under an id. Installing the same bytes again under the same id is a no-op, so "install
     * everywhere" can be retried safely.
     *
     * @param keyId id carried in clear in frames sealed with this key, 0 to {@link #MAX_KEY_ID}.
     * @param key   16, 24 or 32 bytes; copied, the caller may wipe its array afterwards.
     * @throws IllegalArgumentException if the id is out of range, the key has another length, or the id already
     *                                  names different key bytes.
     */
    public synchronized void install(final int keyId, final byte[] key)
    {
        checkKeyId(keyId);
        if (null == key || (16 != key.length && 24 != key.length && 32 != key.length))
        {
            throw new IllegalArgumentException(
                "key must be 16, 24 or 32 bytes: " + (null == key ? "null" : key.length + " bytes"));
        }

        final Snapshot current = snapshot;
        final SecretKeySpec existing = current.keys[keyId];
        if (null != existing)
        {
            if (MessageDigest.isEqual(existing.getEncoded(), key))
            {
                return;
            }
            throw new IllegalArgumentException("keyId=" + keyId + " already names a different key");
        }

        final SecretKeySpec[] keys = Arrays.copyOf(current.keys, current.keys.length);
        keys[keyId] = new SecretKeySpec(key, "AES");
        snapshot = new Snapshot(keys, current.primaryKeyId);
    }

    /**
     * Seal outbound frames with this key from now on.
     *
     * @param keyId an installed key id.
     * @throws IllegalArgumentException if no key is installed under the id.
     */
    public synchronized void usePrimary(final int keyId)
    {
        checkKeyId(keyId);
        final Snapshot current = snapshot;
        if (null == current.keys[keyId])
        {
            throw new IllegalArgumentException("keyId=" + keyId + " is not installed");
        }
        if (current.primaryKeyId != keyId)
        {
            snapshot = new Snapshot(current.keys, keyId);
        }
    }

    /**
     * Forget a key: frames sealed with it are rejected from now on.
     *
     * @param keyId id of the key to remove.
     * @return true if a key was removed, false if none was installed under the id.
     * @throws IllegalArgumentException if the id is out of range.
     * @throws IllegalStateException    if the key is the primary key (make another key primary first).
     */
    public synchronized boolean remove(final int keyId)
    {
        checkKeyId(keyId);
        final Snapshot current = snapshot;
        if (null == current.keys[keyId])
        {
            return false;
        }
        if (current.primaryKeyId == keyId)
        {
            throw new IllegalStateException("keyId=" + keyId + " is the primary key: switch primary before removing");
        }

        final SecretKeySpec[] keys = Arrays.copyOf(current.keys, current.keys.length);
        keys[keyId] = null;
        snapshot = new Snapshot(keys, current.primaryKeyId);
        return true;
    }

    /**
     * @return id of the key outbound frames are sealed with, or {@link #NO_KEY}.
     */
    public int primaryKeyId()
    {
        return snapshot.primaryKeyId;
    }

    /**
     * @param keyId a key id.
     * @return true if a key is installed under it.
     */
    public boolean contains(final int keyId)
    {
        return keyId >= 0 && keyId <= MAX_KEY_ID && null != snapshot.keys[keyId];
    }

    /**
     * @return installed key ids, ascending (a new array).
     */
    public int[] keyIds()
    {
        final SecretKeySpec[] keys = snapshot.keys;
        int n = 0;
        for (final SecretKeySpec key : keys)
        {
            n += null == key ? 0 : 1;
        }
        final int[] ids = new int[n];
        int i = 0;
        for (int id = 0; id < keys.length; id++)
        {
            if (null != keys[id])
            {
                ids[i++] = id;
            }
        }
        return ids;
    }

    /**
     * @param keyId a key id.
     * @return the key's fingerprint ({@link KeyringFile#fingerprint(byte[])}), or null if none is installed under it.
     */
    public String fingerprint(final int keyId)
    {
        if (!contains(keyId))
        {
            return null;
        }
        final byte[] key = snapshot.keys[keyId].getEncoded();
        try
        {
            return KeyringFile.fingerprint(key);
        }
        finally
        {
            Arrays.fill(key, (byte)0);
        }
    }

    Snapshot snapshot()
    {
        return snapshot;
    }

    private static void checkKeyId(final int keyId)
    {
        if (keyId < 0 || keyId > MAX_KEY_ID)
        {
            throw new IllegalArgumentException("keyId must be in [0, " + MAX_KEY_ID + "]: " + keyId);
        }
    }

    public String toString()
    {
        return "Keyring{keyIds=" + Arrays.toString(keyIds()) + ", primaryKeyId=" + primaryKeyId() + '}';
    }
}

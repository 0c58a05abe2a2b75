package io.starling.engine.security;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * The key schedule of a {@link FrameCipher}: one JDK AES-GCM {@link Cipher} per installed key and direction, taken
 * from the {@link Keyring}'s latest snapshot before each seal or open, with new instances for new keys only, so the
 * frame path allocates nothing here. It neither seals nor opens, and holds no key of its own.
 * Not thread safe: the thread of its cipher.
 */
final class CipherKeys
{
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_SLOTS = Keyring.MAX_KEY_ID + 1;

    private final Keyring keyring;
    private final SecretKeySpec[] keys = new SecretKeySpec[KEY_SLOTS];
    private final Cipher[] sealCiphers = new Cipher[KEY_SLOTS];
    private final Cipher[] openCiphers = new Cipher[KEY_SLOTS];
    private Keyring.Snapshot snapshot;

    /**
     * @param keyring the keys, shared with other ciphers and changed from any thread.
     */
    CipherKeys(final Keyring keyring)
    {
        this.keyring = keyring;
        refresh();
    }

    /**
     * Pick up a keyring change: new Cipher instances for new keys only.
     */
    void refresh()
    {
        final Keyring.Snapshot latest = keyring.snapshot();
        if (latest == snapshot)
        {
            return;
        }

        final SecretKeySpec[] latestKeys = latest.keys;
        for (int id = 0; id < KEY_SLOTS; id++)
        {
            final SecretKeySpec key = latestKeys[id];
            if (key != keys[id])
            {
                keys[id] = key;
                sealCiphers[id] = null == key ? null : newCipher();
                openCiphers[id] = null == key ? null : newCipher();
            }
        }
        snapshot = latest;
    }

    /**
     * @return the key outbound frames are sealed with at the last {@link #refresh()}, or {@link Keyring#NO_KEY}.
     */
    int primaryKeyId()
    {
        return snapshot.primaryKeyId;
    }

    /**
     * @param keyId a key id, 0 to {@link Keyring#MAX_KEY_ID}.
     * @return the key, or null if none is installed under the id.
     */
    SecretKeySpec key(final int keyId)
    {
        return keys[keyId];
    }

    /**
     * @param keyId a key id, 0 to {@link Keyring#MAX_KEY_ID}.
     * @return the cipher that seals with the key, or null if none is installed under the id.
     */
    Cipher sealCipher(final int keyId)
    {
        return sealCiphers[keyId];
    }

    /**
     * @param keyId a key id, 0 to {@link Keyring#MAX_KEY_ID}.
     * @return the cipher that opens with the key, or null if none is installed under the id.
     */
    Cipher openCipher(final int keyId)
    {
        return openCiphers[keyId];
    }

    private static Cipher newCipher()
    {
        try
        {
            return Cipher.getInstance(TRANSFORMATION);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", ex);
        }
    }
}

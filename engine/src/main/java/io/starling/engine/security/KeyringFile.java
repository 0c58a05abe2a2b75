package io.starling.engine.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads a keyring file into a {@link Keyring}, and names keys by fingerprint. Text, UTF-8, one entry a line:
 * <pre>
 *   # comment
 *   key 1 2Tb5PLUR8tPZ0wQ1v3ZNgA5lRvoHe7jG1q8c4b2vXy0=     key id 0..255, then the key in base64 (16, 24, 32 bytes)
 *   key 2 q0m7...=
 *   primary 1                                              the key frames are sealed with (optional with one key)
 * </pre>
 * Errors name the file, the line number and what is wrong, never the key text. Key material is never printed or
 * logged: {@link #fingerprint(byte[])} (first 8 bytes of SHA-256, hex) is what tools show instead.
 * Not on the frame path; not thread safe (load once).
 */
public final class KeyringFile
{
    private KeyringFile()
    {
    }

    /**
     * @param file a keyring file.
     * @return a keyring holding its keys, with its primary key selected.
     * @throws IllegalArgumentException naming the file and line of the first problem.
     */
    public static Keyring load(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("keyring " + file + ": cannot read (" + ex.getClass().getSimpleName() +
                ")");
        }

        final Keyring keyring = new Keyring();
        int primary = Keyring.NO_KEY;
        int lastKeyId = Keyring.NO_KEY;
        int keys = 0;
        for (int n = 0; n < lines.size(); n++)
        {
            final String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String where = "keyring " + file + " line " + (n + 1) + ": ";
            final String[] parts = line.split("\\s+");
            if ("key".equals(parts[0]) && 3 == parts.length)
            {
                final int keyId = parseKeyId(where, parts[1]);
                if (keyring.contains(keyId))
                {
                    throw new IllegalArgumentException(where + "key id " + keyId + " appears twice");
                }
                final byte[] key = decodeKey(where, parts[2]);
                try
                {
                    keyring.install(keyId, key);
                }
                finally
                {
                    Arrays.fill(key, (byte)0);
                }
                lastKeyId = keyId;
                keys++;
            }
            else if ("primary".equals(parts[0]) && 2 == parts.length)
            {
                primary = parseKeyId(where, parts[1]);
            }
            else
            {
                throw new IllegalArgumentException(where + "expected 'key ID BASE64' or 'primary ID'");
            }
        }

        if (0 == keys)
        {
            throw new IllegalArgumentException("keyring " + file + ": no key");
        }
        if (Keyring.NO_KEY == primary)
        {
            if (keys > 1)
            {
                throw new IllegalArgumentException("keyring " + file + ": several keys and no 'primary ID' line");
            }
            primary = lastKeyId;
        }
        if (!keyring.contains(primary))
        {
            throw new IllegalArgumentException("keyring " + file + ": primary " + primary + " is not a key of the file");
        }
        keyring.usePrimary(primary);
        return keyring;
    }

    /**
     * Decode a key given in base64, checking its length.
     *
     * @param where  prefix of the error message (file and line, or flag).
     * @param base64 the key text.
     * @return the key bytes (16, 24 or 32); the caller wipes them after use.
     * @throws IllegalArgumentException without the key text.
     */
    public static byte[] decodeKey(final String where, final String base64)
    {
        final byte[] key;
        try
        {
            key = Base64.getDecoder().decode(base64.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + "key is not valid base64");
        }
        if (16 != key.length && 24 != key.length && 32 != key.length)
        {
            final int length = key.length;
            Arrays.fill(key, (byte)0);
            throw new IllegalArgumentException(where + "key must be 16, 24 or 32 bytes, got " + length);
        }
        return key;
    }

    /**
     * @param where prefix of the error message.
     * @param text  a key id.
     * @return the id, 0 to {@link Keyring#MAX_KEY_ID}.
     */
    public static int parseKeyId(final String where, final String text)
    {
        final int keyId;
        try
        {
            keyId = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + "key id must be a number in [0, 255]: " + text);
        }
        if (keyId < 0 || keyId > Keyring.MAX_KEY_ID)
        {
            throw new IllegalArgumentException(where + "key id must be in [0, 255]: " + keyId);
        }
        return keyId;
    }

    /**
     * @param key key bytes.
     * @return a name for the key that gives nothing of it away: the first 8 bytes of its SHA-256, in hex.
     */
    public static String fingerprint(final byte[] key)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            final StringBuilder sb = new StringBuilder(16);
            for (int i = 0; i < 8; i++)
            {
                sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return sb.toString();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is not available in this JDK", ex);
        }
    }
}

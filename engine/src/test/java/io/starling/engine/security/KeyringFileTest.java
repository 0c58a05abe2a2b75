package io.starling.engine.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyring file, hostile input from disk: good files load with the right keys and primary; each kind of bad
 * file is refused with one clear error naming the file and line and never the key text.
 */
class KeyringFileTest
{
    private static final String K16 = Base64.getEncoder().encodeToString(bytes(16, 1));
    private static final String K24 = Base64.getEncoder().encodeToString(bytes(24, 2));
    private static final String K32 = Base64.getEncoder().encodeToString(bytes(32, 3));

    @TempDir
    Path dir;

    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(seed * 31 + i);
        }
        return b;
    }

    private Path file(final String text) throws IOException
    {
        final Path file = dir.resolve("keyring");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void assertRefused(final String text, final String expected) throws IOException
    {
        final Path file = file(text);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> KeyringFile.load(file));
        assertTrue(ex.getMessage().startsWith("keyring " + file), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), "'" + ex.getMessage() + "' should say '" + expected + "'");
        for (final String key : new String[]{K16, K24, K32})
        {
            assertFalse(ex.getMessage().contains(key), "the key text is never in an error");
        }
    }

    @Test
    void aFileWithCommentsBlankLinesAndThreeKeyLengthsLoadsWithItsPrimary() throws IOException
    {
        final Keyring keyring = KeyringFile.load(file(
            "# keys of the test cluster\n\n  key 0 " + K16 + "  \nkey 255\t" + K24 + "\nkey 7 " + K32 +
            "\nprimary 255\n"));
        assertArrayEquals(new int[]{0, 7, 255}, keyring.keyIds());
        assertEquals(255, keyring.primaryKeyId());
        assertEquals(KeyringFile.fingerprint(bytes(24, 2)), keyring.fingerprint(255));
    }

    @Test
    void aSingleKeyIsThePrimaryWithoutAPrimaryLine() throws IOException
    {
        final Keyring keyring = KeyringFile.load(file("key 9 " + K32 + "\n"));
        assertEquals(9, keyring.primaryKeyId());
    }

    @Test
    void badFilesAreRefusedNamingTheLineAndWhatIsWrong() throws IOException
    {
        assertRefused("# nothing\n\n", "no key");
        assertRefused("key 1 " + K16 + "\nkey 2 " + K16 + "\n", "several keys and no 'primary ID' line");
        assertRefused("key 1 " + K16 + "\nprimary 2\n", "primary 2 is not a key of the file");
        assertRefused("key 1 " + K16 + "\nkey 1 " + K32 + "\nprimary 1\n", "line 2: key id 1 appears twice");
        assertRefused("key 1 " + K16 + "\nkey 2\n", "line 2: expected 'key ID BASE64' or 'primary ID'");
        assertRefused("key 1 " + K16 + " extra\n", "line 1: expected");
        assertRefused("secret 1 " + K16 + "\n", "line 1: expected");
        assertRefused("primary\n", "line 1: expected");
        assertRefused("\n# c\nkey 256 " + K16 + "\n", "line 3: key id must be in [0, 255]: 256");
        assertRefused("key -1 " + K16 + "\n", "line 1: key id must be in [0, 255]: -1");
        assertRefused("key one " + K16 + "\n", "line 1: key id must be a number in [0, 255]: one");
        assertRefused("key 1 " + K16 + "\nprimary x\n", "line 2: key id must be a number");
        assertRefused("key 1 not*base64!\n", "line 1: key is not valid base64");
        assertRefused("key 1 " + Base64.getEncoder().encodeToString(new byte[15]) + "\n",
            "line 1: key must be 16, 24 or 32 bytes, got 15");
        assertRefused("key 1 " + Base64.getEncoder().encodeToString(new byte[33]) + "\n", "got 33");
    }

    @Test
    void aMissingFileIsAClearErrorNotACrash()
    {
        final Path missing = dir.resolve("absent");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> KeyringFile.load(missing));
        assertEquals("keyring " + missing + ": cannot read (NoSuchFileException)", ex.getMessage());
    }

    @Test
    void theEdgeKeyIdsAreKeys()
    {
        assertEquals(0, KeyringFile.parseKeyId("x: ", "0"));
        assertEquals(255, KeyringFile.parseKeyId("x: ", "255"));
    }

    @Test
    void aFingerprintIsTheFirstEightBytesOfTheSha256InHex() throws Exception
    {
        final byte[] key = bytes(32, 5);
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            expected.append(String.format("%02x", digest[i] & 0xFF));
        }
        assertEquals(expected.toString(), KeyringFile.fingerprint(key));
        assertEquals(16, KeyringFile.fingerprint(new byte[16]).length());
    }
}

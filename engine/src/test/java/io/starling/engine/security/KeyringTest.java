package io.starling.engine.security;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.security.FrameCipherTest.KEY_1;
import static io.starling.engine.security.FrameCipherTest.KEY_2;
import static io.starling.engine.security.FrameCipherTest.key;
import static io.starling.engine.security.TestFrames.CLUSTER_ID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyringTest
{
    @Test
    void installValidatesIdAndLength()
    {
        final Keyring keyring = new Keyring();
        for (final int length : new int[]{0, 8, 15, 17, 31, 33, 64})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> keyring.install(1, new byte[length]));
            assertTrue(ex.getMessage().contains("key must be"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> keyring.install(1, null));
        assertThrows(IllegalArgumentException.class, () -> keyring.install(-1, KEY_1));
        assertThrows(IllegalArgumentException.class, () -> keyring.install(256, KEY_1));
        keyring.install(0, key(16, 3));
        keyring.install(1, key(24, 3));
        keyring.install(255, key(32, 3));
        assertArrayEquals(new int[]{0, 1, 255}, keyring.keyIds());
        assertEquals(Keyring.NO_KEY, keyring.primaryKeyId());
    }

    @Test
    void reinstallingTheSameKeyIsANoOpButAnotherKeyUnderTheIdIsRefused()
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, KEY_1);
        keyring.install(1, KEY_1.clone());
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> keyring.install(1, KEY_2));
        assertTrue(ex.getMessage().contains("keyId=1"));
        assertEquals(1, keyring.keyIds().length);
    }

    @Test
    void primaryMustBeInstalledAndCannotBeRemoved()
    {
        final Keyring keyring = new Keyring();
        assertThrows(IllegalArgumentException.class, () -> keyring.usePrimary(1));
        keyring.install(1, KEY_1);
        keyring.usePrimary(1);
        assertEquals(1, keyring.primaryKeyId());
        assertThrows(IllegalStateException.class, () -> keyring.remove(1));
        assertFalse(keyring.remove(2));
        keyring.install(2, KEY_2);
        keyring.usePrimary(2);
        assertTrue(keyring.remove(1));
        assertFalse(keyring.contains(1));
        assertTrue(keyring.contains(2));
        assertFalse(keyring.contains(-1));
        assertTrue(keyring.toString().contains("primaryKeyId=2"));
    }

    @Test
    void theKeyIsCopiedAtInstall()
    {
        final byte[] material = KEY_1.clone();
        final Keyring sender = new Keyring();
        sender.install(1, material);
        sender.usePrimary(1);
        java.util.Arrays.fill(material, (byte)0);

        final Keyring receiver = new Keyring();
        receiver.install(1, KEY_1);
        final FrameCipher seal = new FrameCipher(new FrameCipher.Context().keyring(sender));
        final FrameCipher open = new FrameCipher(new FrameCipher.Context().keyring(receiver));
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, 101, 102, 1, 2);
        assertEquals(length, open.open(seal.sealedBuffer(), 0, seal.seal(plain, 0, length)));
    }

    /**
     * Three processes, each with its own keyring. Install the new key everywhere, switch primaries one process at a
     * time (both keys accepted everywhere meanwhile), then remove the old key everywhere: frames sealed with it are
     * rejected from then on. Every process can talk to every other at every step.
     */
    @Test
    void rotationWithoutDowntime()
    {
        final int n = 3;
        final Keyring[] keyrings = new Keyring[n];
        final FrameCipher[] ciphers = new FrameCipher[n];
        final long[] counters = new long[EngineCounters.SINK_COUNT];
        for (int i = 0; i < n; i++)
        {
            keyrings[i] = new Keyring();
            keyrings[i].install(1, KEY_1);
            keyrings[i].usePrimary(1);
            ciphers[i] = new FrameCipher(new FrameCipher.Context()
                .keyring(keyrings[i])
                .counters((id, delta) -> counters[id] += delta));
        }
        allPairsTalk(ciphers, counters);
        final byte[] oldKeyFrame = sealed(ciphers[0], 100);
        assertEquals(1, oldKeyFrame[FramePacker.FRAME_HEADER_LENGTH] & 0xFF);

        for (int i = 0; i < n; i++)
        {
            keyrings[i].install(2, KEY_2);
            allPairsTalk(ciphers, counters);
        }
        for (int i = 0; i < n; i++)
        {
            keyrings[i].usePrimary(2);
            allPairsTalk(ciphers, counters);
        }
        final byte[] newKeyFrame = sealed(ciphers[0], 100);
        assertEquals(2, newKeyFrame[FramePacker.FRAME_HEADER_LENGTH] & 0xFF, "sealed with the new primary");
        assertEquals(0, SecurityDrops.total(counters), "no frame lost during the overlap");

        for (int i = 0; i < n; i++)
        {
            keyrings[i].remove(1);
        }
        allPairsTalk(ciphers, counters);
        assertEquals(0, SecurityDrops.total(counters));

        final FrameCipher receiver = ciphers[1];
        assertEquals(-FrameCipher.UNKNOWN_KEY, receiver.open(new UnsafeBuffer(oldKeyFrame), 0, oldKeyFrame.length));
        assertEquals(1, SecurityDrops.total(counters));
    }

    private static void allPairsTalk(final FrameCipher[] ciphers, final long[] counters)
    {
        final long before = SecurityDrops.total(counters);
        for (int s = 0; s < ciphers.length; s++)
        {
            for (int r = 0; r < ciphers.length; r++)
            {
                if (s != r)
                {
                    final byte[] frame = sealed(ciphers[s], 100 + s);
                    assertEquals(frame.length - 29, ciphers[r].open(new UnsafeBuffer(frame), 0, frame.length),
                        "from " + s + " to " + r);
                }
            }
        }
        assertEquals(before, SecurityDrops.total(counters));
    }

    private static byte[] sealed(final FrameCipher cipher, final int src)
    {
        final UnsafeBuffer plain = new UnsafeBuffer(new byte[256]);
        final int length = TestFrames.ping(plain, 0, CLUSTER_ID, src, -1, 1, 2);
        final int sealedLength = cipher.seal(plain, 0, length);
        final DirectBuffer sealed = cipher.sealedBuffer();
        final byte[] bytes = new byte[sealedLength];
        sealed.getBytes(0, bytes);
        return bytes;
    }

    @Test
    void theFirstAndLastIdsAreKeysAndIdsOutOfRangeAreRefusedByEveryOperation()
    {
        final Keyring keyring = new Keyring();
        keyring.install(0, key(16, 4));
        keyring.install(Keyring.MAX_KEY_ID, key(16, 5));
        assertTrue(keyring.contains(0));
        assertTrue(keyring.contains(Keyring.MAX_KEY_ID));
        assertFalse(keyring.contains(-1));
        assertFalse(keyring.contains(Keyring.MAX_KEY_ID + 1));
        for (final int keyId : new int[]{-1, Keyring.MAX_KEY_ID + 1})
        {
            assertThrows(IllegalArgumentException.class, () -> keyring.usePrimary(keyId));
            assertThrows(IllegalArgumentException.class, () -> keyring.remove(keyId));
        }
        keyring.usePrimary(Keyring.MAX_KEY_ID);
        assertTrue(keyring.remove(0));
        assertFalse(keyring.contains(0));
    }
}

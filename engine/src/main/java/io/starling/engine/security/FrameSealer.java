package io.starling.engine.security;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

import static io.starling.engine.security.FrameCipher.ALREADY_SEALED;
import static io.starling.engine.security.FrameCipher.CIPHER_ERROR;
import static io.starling.engine.security.FrameCipher.FLAG_SEALED;
import static io.starling.engine.security.FrameCipher.MALFORMED;
import static io.starling.engine.security.FrameCipher.NONCE_LENGTH;
import static io.starling.engine.security.FrameCipher.NO_PRIMARY_KEY;
import static io.starling.engine.security.FrameCipher.SEAL_OVERHEAD_BYTES;
import static io.starling.engine.security.FrameCipher.TAG_LENGTH;
import static io.starling.engine.security.FrameCipher.TOO_LONG;
import static io.starling.engine.security.SealedFrameLayout.BYTE_ORDER;
import static io.starling.engine.security.SealedFrameLayout.CLEAR_SUFFIX_LENGTH;
import static io.starling.engine.security.SealedFrameLayout.FLAGS_OFFSET;

/**
 * The seal step of a {@link FrameCipher}: the frame's header in clear with the sealed flag, the primary key's id and
 * a fresh nonce (the cipher's prefix and the next value of its counter), then the messages encrypted and the GCM
 * tag over all of it. It does not pick up key changes ({@link CipherKeys}) nor open frames.
 * Not thread safe: the thread of its cipher.
 */
final class FrameSealer
{
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final CipherKeys keys;
    private final CipherRejections rejections;
    private final int maxFrameLengthBytes;
    private final int noncePrefix;
    private final byte[] clearPrefix;
    private final UnsafeBuffer clearPrefixBuffer;
    private final CipherArrays arrays;
    private long nonceCounter;
    private long framesSealed;

    /**
     * @param keys                the cipher's key schedule.
     * @param rejections          where failures are counted.
     * @param maxFrameLengthBytes the largest frame, sealed.
     * @param noncePrefix         the random prefix of every nonce.
     * @param initialNonceCounter the counter the first nonce carries.
     * @param arrays              the arrays the JDK cipher reads and writes, shared with the opener (same thread).
     */
    FrameSealer(
        final CipherKeys keys,
        final CipherRejections rejections,
        final int maxFrameLengthBytes,
        final int noncePrefix,
        final long initialNonceCounter,
        final CipherArrays arrays)
    {
        this.keys = keys;
        this.rejections = rejections;
        this.maxFrameLengthBytes = maxFrameLengthBytes;
        this.noncePrefix = noncePrefix;
        this.nonceCounter = initialNonceCounter;
        this.clearPrefix = new byte[maxFrameLengthBytes];
        this.clearPrefixBuffer = new UnsafeBuffer(clearPrefix);
        this.arrays = arrays;
    }

    /**
     * Seal a complete frame into {@code dst}; see {@link FrameCipher#seal(DirectBuffer, int, int, MutableDirectBuffer,
     * int)}. The keys must have been refreshed.
     *
     * @param src       holding the frame in clear.
     * @param offset    of the FrameHeader's message header.
     * @param length    of the frame.
     * @param dst       receives the sealed frame; may be {@code src}.
     * @param dstOffset where the sealed frame starts.
     * @return the sealed frame's length, or minus a reason.
     */
    int seal(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (null == src || null == dst || offset < 0 || length < 0 || length > src.capacity() - offset)
        {
            return rejections.sealFailed(MALFORMED);
        }

        final int headerLength = SealedFrameLayout.clearHeaderLength(src, offset, length);
        if (headerLength < 0)
        {
            return rejections.sealFailed(MALFORMED);
        }

        if (0 != (src.getByte(offset + FLAGS_OFFSET) & FLAG_SEALED))
        {
            return rejections.sealFailed(ALREADY_SEALED);
        }

        final int sealedLength = length + SEAL_OVERHEAD_BYTES;
        if (length > maxFrameLengthBytes - SEAL_OVERHEAD_BYTES || dstOffset < 0 ||
            sealedLength > dst.capacity() - dstOffset)
        {
            return rejections.sealFailed(TOO_LONG);
        }

        final int keyId = keys.primaryKeyId();
        if (Keyring.NO_KEY == keyId)
        {
            return rejections.sealFailed(NO_PRIMARY_KEY);
        }

        // Clear part: header with the sealed flag, key id, nonce. Also the associated data.
        final int clearLength = headerLength + CLEAR_SUFFIX_LENGTH;
        final int nonceOffset = SealedFrameLayout.nonceOffset(headerLength);
        clearPrefixBuffer.putBytes(0, src, offset, headerLength);
        clearPrefix[FLAGS_OFFSET] |= FLAG_SEALED;
        clearPrefix[headerLength] = (byte)keyId;
        clearPrefixBuffer.putInt(nonceOffset, noncePrefix, BYTE_ORDER);
        clearPrefixBuffer.putLong(SealedFrameLayout.nonceCounterOffset(headerLength), nonceCounter++, BYTE_ORDER);

        final int plainLength = length - headerLength;
        arrays.wrap(src, offset + headerLength, plainLength, dst, dstOffset);
        final byte[] out = arrays.out();
        final int outOffset = arrays.outOffset();

        try
        {
            final Cipher cipher = keys.sealCipher(keyId);
            cipher.init(Cipher.ENCRYPT_MODE, keys.key(keyId),
                new GCMParameterSpec(TAG_BITS, clearPrefix, nonceOffset, NONCE_LENGTH));
            cipher.updateAAD(clearPrefix, 0, clearLength);
            cipher.doFinal(arrays.in(), arrays.inOffset(), plainLength, out, outOffset + clearLength);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return rejections.sealFailed(CIPHER_ERROR);
        }

        System.arraycopy(clearPrefix, 0, out, outOffset, clearLength);
        arrays.copyBack(dst, dstOffset, sealedLength);

        framesSealed++;
        return sealedLength;
    }

    /**
     * @return the counter the next sealed frame's nonce will carry.
     */
    long nextNonceCounter()
    {
        return nonceCounter;
    }

    /**
     * @return frames sealed.
     */
    long framesSealed()
    {
        return framesSealed;
    }
}

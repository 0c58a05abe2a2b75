package io.starling.engine.security;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import static io.starling.engine.security.FrameCipher.BAD_TAG;
import static io.starling.engine.security.FrameCipher.FLAG_SEALED;
import static io.starling.engine.security.FrameCipher.MALFORMED;
import static io.starling.engine.security.FrameCipher.NONCE_LENGTH;
import static io.starling.engine.security.FrameCipher.NOT_SEALED;
import static io.starling.engine.security.FrameCipher.REPLAYED;
import static io.starling.engine.security.FrameCipher.SEAL_OVERHEAD_BYTES;
import static io.starling.engine.security.FrameCipher.TAG_LENGTH;
import static io.starling.engine.security.FrameCipher.TOO_LONG;
import static io.starling.engine.security.FrameCipher.TRUNCATED;
import static io.starling.engine.security.FrameCipher.UNKNOWN_KEY;
import static io.starling.engine.security.FrameCipher.WRONG_CLUSTER;
import static io.starling.engine.security.SealedFrameLayout.BYTE_ORDER;
import static io.starling.engine.security.SealedFrameLayout.CLEAR_SUFFIX_LENGTH;
import static io.starling.engine.security.SealedFrameLayout.CLUSTER_ID_OFFSET;
import static io.starling.engine.security.SealedFrameLayout.FLAGS_OFFSET;
import static io.starling.engine.security.SealedFrameLayout.SRC_NODE_OFFSET;

/**
 * The open step of a {@link FrameCipher}: the checks in clear (schema, length, cluster id, sealed flag, key id,
 * replay window) before any decryption, then the tag verified before a byte of the messages is handed on; a frame
 * in clear passes through unchanged only when encryption is not required. It records a frame's nonce counter in the
 * {@link ReplayWindow} only after the frame authenticated. It does not seal nor pick up key changes.
 * Not thread safe: the thread of its cipher.
 */
final class SealedFrameOpener
{
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final CipherKeys keys;
    private final CipherRejections rejections;
    private final ReplayWindow replayWindow;
    private final int clusterId;
    private final boolean requireEncryption;
    private final int maxFrameLengthBytes;
    private final CipherArrays arrays;
    private long framesOpened;

    /**
     * @param keys                the cipher's key schedule.
     * @param rejections          where failures are counted.
     * @param replayWindow        rejects replays of authenticated frames, or null for no replay protection.
     * @param clusterId           cluster id inbound frames must carry.
     * @param requireEncryption   true to drop frames in clear.
     * @param maxFrameLengthBytes the largest frame, sealed.
     * @param arrays              the arrays the JDK cipher reads and writes, shared with the sealer (same thread).
     */
    SealedFrameOpener(
        final CipherKeys keys,
        final CipherRejections rejections,
        final ReplayWindow replayWindow,
        final int clusterId,
        final boolean requireEncryption,
        final int maxFrameLengthBytes,
        final CipherArrays arrays)
    {
        this.keys = keys;
        this.rejections = rejections;
        this.replayWindow = replayWindow;
        this.clusterId = clusterId;
        this.requireEncryption = requireEncryption;
        this.maxFrameLengthBytes = maxFrameLengthBytes;
        this.arrays = arrays;
    }

    /**
     * Open an inbound frame into {@code dst}; see {@link FrameCipher#open(DirectBuffer, int, int, MutableDirectBuffer,
     * int)} for the checks and their counters. The keys must have been refreshed.
     *
     * @param src       holding the frame as received.
     * @param offset    of the frame.
     * @param length    of the frame.
     * @param dst       receives the frame in clear; may be {@code src}.
     * @param dstOffset where the opened frame starts.
     * @return the opened frame's length, or minus a reason.
     */
    int open(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (null == src || null == dst || offset < 0 || length < 0 || length > src.capacity() - offset)
        {
            return rejections.openFailed(MALFORMED);
        }

        if (length > maxFrameLengthBytes)
        {
            return rejections.openFailed(TOO_LONG);
        }

        final int headerLength = SealedFrameLayout.clearHeaderLength(src, offset, length);
        if (headerLength < 0)
        {
            return rejections.openFailed(MALFORMED);
        }

        if (src.getInt(offset + CLUSTER_ID_OFFSET, BYTE_ORDER) != clusterId)
        {
            return rejections.openFailed(WRONG_CLUSTER);
        }

        if (0 == (src.getByte(offset + FLAGS_OFFSET) & FLAG_SEALED))
        {
            return passClear(src, offset, length, dst, dstOffset);
        }

        if (length - headerLength < SEAL_OVERHEAD_BYTES)
        {
            return rejections.openFailed(TRUNCATED);
        }

        final int keyId = src.getByte(offset + headerLength) & 0xFF;
        final Cipher cipher = keys.openCipher(keyId);
        if (null == cipher)
        {
            return rejections.openFailed(UNKNOWN_KEY);
        }

        final int source = src.getInt(offset + SRC_NODE_OFFSET, BYTE_ORDER);
        final long counter = src.getLong(offset + SealedFrameLayout.nonceCounterOffset(headerLength), BYTE_ORDER);
        if (null != replayWindow && replayWindow.isReplay(source, counter))
        {
            return rejections.openFailed(REPLAYED);
        }

        final int plainLength = length - SEAL_OVERHEAD_BYTES;
        if (dstOffset < 0 || plainLength > dst.capacity() - dstOffset)
        {
            return rejections.openFailed(TOO_LONG);
        }

        arrays.wrap(src, offset, length, dst, dstOffset);
        final byte[] in = arrays.in();
        final int inOffset = arrays.inOffset();
        final byte[] out = arrays.out();
        final int outOffset = arrays.outOffset();
        final int clearLength = headerLength + CLEAR_SUFFIX_LENGTH;
        final int nonceOffset = inOffset + SealedFrameLayout.nonceOffset(headerLength);
        try
        {
            cipher.init(
                Cipher.DECRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, in, nonceOffset, NONCE_LENGTH));
            cipher.updateAAD(in, inOffset, clearLength);
            cipher.doFinal(in, inOffset + clearLength, length - clearLength, out, outOffset + headerLength);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            // The JDK zeroes what it may have written; wipe again so nothing unauthenticated is left behind.
            Arrays.fill(out, outOffset + headerLength, outOffset + plainLength, (byte)0);
            return rejections.openFailed(BAD_TAG);
        }

        System.arraycopy(in, inOffset, out, outOffset, headerLength);
        arrays.copyBack(dst, dstOffset, plainLength);

        if (null != replayWindow)
        {
            replayWindow.accept(source, counter);
        }
        framesOpened++;
        return plainLength;
    }

    /**
     * @return frames opened (including unsealed frames passed through when encryption is not required).
     */
    long framesOpened()
    {
        return framesOpened;
    }

    private int passClear(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (requireEncryption)
        {
            return rejections.openFailed(NOT_SEALED);
        }
        if (dstOffset < 0 || length > dst.capacity() - dstOffset)
        {
            return rejections.openFailed(TOO_LONG);
        }
        if (src != dst || offset != dstOffset)
        {
            dst.putBytes(dstOffset, src, offset, length);
        }
        framesOpened++;
        return length;
    }
}

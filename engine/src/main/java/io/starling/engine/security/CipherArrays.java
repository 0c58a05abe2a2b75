package io.starling.engine.security;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The byte arrays the JDK cipher reads and writes for one seal or open (its array calls: SunJCE copies direct
 * ByteBuffers through heap arrays anyway): the source's own heap array where it has one, else a copy in scratch;
 * the destination's array, unless it has none or shares the source's, then scratch and a copy back after. Shared by
 * the sealer and the opener of one cipher, one call at a time. Allocation free; not thread safe.
 */
final class CipherArrays
{
    private final byte[] scratchIn;
    private final byte[] scratchOut;
    private final UnsafeBuffer scratchOutBuffer;
    private byte[] in;
    private int inOffset;
    private byte[] out;
    private int outOffset;
    private boolean copyBack;

    /**
     * @param maxFrameLengthBytes the largest frame the cipher handles.
     */
    CipherArrays(final int maxFrameLengthBytes)
    {
        scratchIn = new byte[maxFrameLengthBytes];
        scratchOut = new byte[maxFrameLengthBytes];
        scratchOutBuffer = new UnsafeBuffer(scratchOut);
    }

    /**
     * Choose the arrays for one call: then read {@link #in()}, {@link #inOffset()}, {@link #out()},
     * {@link #outOffset()}, and call {@link #copyBack(MutableDirectBuffer, int, int)} once the cipher has written.
     *
     * @param src       the source.
     * @param offset    where the bytes the cipher reads start in it.
     * @param length    how many it reads.
     * @param dst       the destination.
     * @param dstOffset where the output starts in it.
     */
    void wrap(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        in = src.byteArray();
        if (null != in)
        {
            inOffset = (int)src.wrapAdjustment() + offset;
        }
        else
        {
            src.getBytes(offset, scratchIn, 0, length);
            in = scratchIn;
            inOffset = 0;
        }

        out = dst.byteArray();
        copyBack = null == out || out == in;
        if (copyBack)
        {
            out = scratchOut;
            outOffset = 0;
        }
        else
        {
            outOffset = (int)dst.wrapAdjustment() + dstOffset;
        }
    }

    /**
     * @return the array the cipher reads.
     */
    byte[] in()
    {
        return in;
    }

    /**
     * @return where the bytes to read start in {@link #in()}.
     */
    int inOffset()
    {
        return inOffset;
    }

    /**
     * @return the array the cipher writes.
     */
    byte[] out()
    {
        return out;
    }

    /**
     * @return where the output starts in {@link #out()}.
     */
    int outOffset()
    {
        return outOffset;
    }

    /**
     * Copy the output to the destination when it was written to scratch.
     *
     * @param dst       the destination given to {@link #wrap}.
     * @param dstOffset where the output starts in it.
     * @param length    of the output.
     */
    void copyBack(final MutableDirectBuffer dst, final int dstOffset, final int length)
    {
        if (copyBack)
        {
            dst.putBytes(dstOffset, scratchOutBuffer, 0, length);
        }
    }
}

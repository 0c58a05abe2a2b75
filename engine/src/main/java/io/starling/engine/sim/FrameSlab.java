package io.starling.engine.sim;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pooled storage for frames in flight: one byte-array slab cut into fixed-size chunks (the frame budget rounded
 * up to a cache line), recycled through a free list, so a frame in flight costs no allocation. The slab grows by
 * doubling when every chunk is in use. Not thread safe.
 */
public final class FrameSlab
{
    private final int chunkLengthBytes;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private byte[] bytes;
    private int[] freeChunks;
    private int freeCount;
    private int chunkCount;
    private int chunksInUse;

    /**
     * @param maxFrameLengthBytes largest frame to hold.
     * @param initialChunks       chunks to allocate up front.
     */
    public FrameSlab(final int maxFrameLengthBytes, final int initialChunks)
    {
        chunkLengthBytes = BitUtil.align(Math.max(64, maxFrameLengthBytes), 64);
        final int chunks = Math.max(16, initialChunks);
        bytes = new byte[chunks * chunkLengthBytes];
        buffer.wrap(bytes);
        freeChunks = new int[chunks];
        for (int i = 0; i < chunks; i++)
        {
            freeChunks[i] = chunks - 1 - i;
        }
        freeCount = chunks;
        chunkCount = chunks;
    }

    /**
     * Copy a frame into a free chunk.
     *
     * @param src    holding the frame.
     * @param offset of the frame.
     * @param length of the frame; at most {@link #chunkLengthBytes()}.
     * @return the chunk index.
     */
    public int store(final DirectBuffer src, final int offset, final int length)
    {
        if (length > chunkLengthBytes || length < 0)
        {
            throw new IllegalArgumentException("length=" + length + " exceeds chunk " + chunkLengthBytes);
        }
        if (0 == freeCount)
        {
            grow();
        }
        final int chunk = freeChunks[--freeCount];
        buffer.putBytes(chunk * chunkLengthBytes, src, offset, length);
        chunksInUse++;
        return chunk;
    }

    /**
     * @param chunk index returned by {@link #store(DirectBuffer, int, int)}.
     */
    public void release(final int chunk)
    {
        freeChunks[freeCount++] = chunk;
        chunksInUse--;
    }

    /**
     * @return the buffer over the whole slab (re-wrapped when the slab grows; read it fresh each time).
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param chunk index.
     * @return offset of the chunk in {@link #buffer()}.
     */
    public int offset(final int chunk)
    {
        return chunk * chunkLengthBytes;
    }

    /**
     * @return bytes per chunk.
     */
    public int chunkLengthBytes()
    {
        return chunkLengthBytes;
    }

    /**
     * @return chunks holding a frame in flight.
     */
    public int chunksInUse()
    {
        return chunksInUse;
    }

    /**
     * @return chunks allocated.
     */
    public int chunkCapacity()
    {
        return chunkCount;
    }

    private void grow()
    {
        final int newCount = chunkCount * 2;
        if ((long)newCount * chunkLengthBytes > Integer.MAX_VALUE - 64)
        {
            throw new IllegalStateException("frame slab exhausted: " + chunkCount + " frames in flight");
        }
        final byte[] newBytes = new byte[newCount * chunkLengthBytes];
        System.arraycopy(bytes, 0, newBytes, 0, bytes.length);
        bytes = newBytes;
        buffer.wrap(bytes);
        final int[] newFree = new int[newCount];
        System.arraycopy(freeChunks, 0, newFree, 0, freeCount);
        for (int i = newCount - 1; i >= chunkCount; i--)
        {
            newFree[freeCount++] = i;
        }
        freeChunks = newFree;
        chunkCount = newCount;
    }
}

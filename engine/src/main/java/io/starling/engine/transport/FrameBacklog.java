package io.starling.engine.transport;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded FIFO of whole frames for one remote process, held until its publication can take them. Frames are copied
 * back to back into one off-heap ring of {@code maxBytes}, allocated on the first {@link #add} and never grown; a frame
 * that would straddle the end of the ring starts again at its beginning. Bounded by frame count and by bytes; each
 * frame keeps the time it was added so the owner can expire it. No allocation after the first add. One thread.
 */
final class FrameBacklog
{
    private final int maxFrames;
    private final int capacityBytes;
    private final int[] offsets;
    private final int[] lengths;
    private final long[] addedNs;
    private UnsafeBuffer buffer;
    private int head;
    private int count;
    private int writePosition;
    private int heldBytes;

    /**
     * @param maxFrames     most frames held.
     * @param capacityBytes most bytes held (the ring's size).
     */
    FrameBacklog(final int maxFrames, final int capacityBytes)
    {
        this.maxFrames = maxFrames;
        this.capacityBytes = capacityBytes;
        this.offsets = new int[maxFrames];
        this.lengths = new int[maxFrames];
        this.addedNs = new long[maxFrames];
    }

    /**
     * Copy a frame in behind the others.
     *
     * @param src    holding the frame.
     * @param offset of the frame.
     * @param length of the frame, greater than 0.
     * @param nowNs  time it is added.
     * @return false, copying nothing, if it does not fit.
     */
    boolean add(final DirectBuffer src, final int offset, final int length, final long nowNs)
    {
        if (count == maxFrames || length <= 0 || length > capacityBytes)
        {
            return false;
        }
        final int position;
        if (0 == count)
        {
            position = 0;
        }
        else
        {
            final int readPosition = offsets[head];
            if (writePosition > readPosition)
            {
                if (capacityBytes - writePosition >= length)
                {
                    position = writePosition;
                }
                else if (readPosition >= length)
                {
                    position = 0;
                }
                else
                {
                    return false;
                }
            }
            else if (readPosition - writePosition >= length)
            {
                position = writePosition;
            }
            else
            {
                return false;
            }
        }
        if (null == buffer)
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacityBytes, 64));
        }
        buffer.putBytes(position, src, offset, length);
        int tail = head + count;
        if (tail >= maxFrames)
        {
            tail -= maxFrames;
        }
        offsets[tail] = position;
        lengths[tail] = length;
        addedNs[tail] = nowNs;
        count++;
        heldBytes += length;
        writePosition = position + length;
        return true;
    }

    /**
     * @return true if no frame is held.
     */
    boolean isEmpty()
    {
        return 0 == count;
    }

    /**
     * @return frames held.
     */
    int size()
    {
        return count;
    }

    /**
     * @return bytes held.
     */
    int heldBytes()
    {
        return heldBytes;
    }

    /**
     * @return the buffer holding the frames (valid while a frame is held).
     */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the oldest frame in {@link #buffer()}.
     */
    int headOffset()
    {
        return offsets[head];
    }

    /**
     * @return length of the oldest frame.
     */
    int headLength()
    {
        return lengths[head];
    }

    /**
     * @return time the oldest frame was added.
     */
    long headAddedNs()
    {
        return addedNs[head];
    }

    /**
     * Forget the oldest frame.
     */
    void removeHead()
    {
        heldBytes -= lengths[head];
        if (++head == maxFrames)
        {
            head = 0;
        }
        if (0 == --count)
        {
            head = 0;
            writePosition = 0;
        }
    }
}

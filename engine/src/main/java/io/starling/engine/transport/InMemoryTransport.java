package io.starling.engine.transport;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The path between nodes of one process: frames are copied into an append-only log and delivered on the next
 * {@link #poll(FrameHandler, int)}, never re-entrantly (the sender's frame buffer is shared by every hosted node and
 * is reused as soon as a send returns).
 * <p>
 * Two logs alternate: {@link #poll(FrameHandler, int)} swaps them and delivers everything queued before the swap,
 * while frames sent during delivery go into the other log for the next poll. Each log is a byte buffer of records
 * {@code [int length][frame bytes]} aligned to 8; it doubles when full up to a maximum, after which a frame is a
 * counted {@link TransportCounters#DROP_BACK_PRESSURE}. Allocation free once the logs have reached their working
 * size. Not thread safe: the duty-cycle thread only.
 */
public final class InMemoryTransport implements Transport
{
    private static final int RECORD_HEADER_LENGTH = 4;
    private static final int RECORD_ALIGNMENT = 8;

    private final int maxFrameLength;
    private final int maxCapacityBytes;
    private final CounterSink counters;
    private UnsafeBuffer writeLog;
    private UnsafeBuffer readLog;
    private int writePosition;
    private long framesQueued;

    /**
     * @param maxFrameLength       largest frame accepted.
     * @param initialCapacityBytes starting size of each log.
     * @param maxCapacityBytes     size beyond which a log does not grow.
     * @param counters             counts drops.
     */
    public InMemoryTransport(
        final int maxFrameLength, final int initialCapacityBytes, final int maxCapacityBytes, final CounterSink counters)
    {
        if (maxFrameLength <= 0)
        {
            throw new IllegalArgumentException("maxFrameLength=" + maxFrameLength + " must be greater than zero");
        }
        if (initialCapacityBytes < maxFrameLength + RECORD_HEADER_LENGTH || maxCapacityBytes < initialCapacityBytes)
        {
            throw new IllegalArgumentException("initialCapacityBytes=" + initialCapacityBytes +
                " must hold one frame and maxCapacityBytes=" + maxCapacityBytes + " must be at least that");
        }
        this.maxFrameLength = maxFrameLength;
        this.maxCapacityBytes = maxCapacityBytes;
        this.counters = counters;
        this.writeLog = new UnsafeBuffer(new byte[initialCapacityBytes]);
        this.readLog = new UnsafeBuffer(new byte[initialCapacityBytes]);
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Queue a frame for delivery on the next poll. The endpoint is ignored: every frame sent here is for this process.
     * {@inheritDoc}
     */
    public boolean send(
        final int dstIpv4, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > maxFrameLength)
        {
            counters.increment(ProtocolCounters.DROP_MALFORMED);
            return false;
        }
        final int recordLength = BitUtil.align(RECORD_HEADER_LENGTH + length, RECORD_ALIGNMENT);
        if (writePosition + recordLength > writeLog.capacity() && !grow(writePosition + recordLength))
        {
            counters.increment(TransportCounters.DROP_BACK_PRESSURE);
            return false;
        }
        writeLog.putInt(writePosition, length);
        writeLog.putBytes(writePosition + RECORD_HEADER_LENGTH, buffer, offset, length);
        writePosition += recordLength;
        framesQueued++;
        return true;
    }

    /**
     * Deliver every frame queued before this call; frames sent while delivering wait for the next call. The
     * fragment limit is not applied: a partial delivery would reorder frames across the swap.
     * {@inheritDoc}
     */
    public int poll(final FrameHandler handler, final int fragmentLimit)
    {
        final int limit = writePosition;
        if (0 == limit)
        {
            return 0;
        }
        final UnsafeBuffer log = writeLog;
        writeLog = readLog;
        readLog = log;
        writePosition = 0;

        int frames = 0;
        for (int position = 0; position < limit; )
        {
            final int length = log.getInt(position);
            handler.onFrame(log, position + RECORD_HEADER_LENGTH, length);
            position += BitUtil.align(RECORD_HEADER_LENGTH + length, RECORD_ALIGNMENT);
            frames++;
        }
        return frames;
    }

    public int doWork(final long nowNs)
    {
        return 0;
    }

    /**
     * @return frames queued and not yet delivered, in bytes.
     */
    public int pendingBytes()
    {
        return writePosition;
    }

    /**
     * @return frames queued since creation.
     */
    public long framesQueued()
    {
        return framesQueued;
    }

    /**
     * @return current capacity of the log being written.
     */
    public int capacityBytes()
    {
        return writeLog.capacity();
    }

    public void close()
    {
        writePosition = 0;
    }

    private boolean grow(final int required)
    {
        int capacity = writeLog.capacity();
        if (required > maxCapacityBytes)
        {
            return false;
        }
        while (capacity < required)
        {
            capacity = (int)Math.min((long)capacity << 1, maxCapacityBytes);
        }
        final UnsafeBuffer bigger = new UnsafeBuffer(new byte[capacity]);
        bigger.putBytes(0, writeLog, 0, writePosition);
        writeLog = bigger;
        return true;
    }
}

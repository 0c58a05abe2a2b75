package io.starling.engine.host;

import io.starling.engine.protocol.FrameSink;
import io.starling.engine.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames of whole-view chunks (push-pull, Join answers) to another process that found the path's window too narrow
 * ({@link OutboundRouter#STATE_WINDOW_RESERVE_BYTES} must stay free): kept, in the order they came, and sent in a
 * later duty cycle as the window opens, instead of dropped. A view of 10,000 members is 240 KB against the 96 KiB a
 * default publication's window leaves state frames, so a transfer sent in one duty cycle lost about three fifths of
 * its chunks, and a member missing from the receiver's view waited for the next push-pull (300 s at 10,000) with the
 * same odds. A frame waits at most {@link #MAX_AGE_NS}, then is dropped and counted; so is one that finds the
 * backlog full ({@link #CAPACITY_BYTES}). Frames of one destination leave in order; one that cannot go holds back the
 * later ones of its destination only. It does not seal or checksum (the sink it sends to does). Not thread safe: the
 * duty-cycle thread.
 */
final class StateFrameBacklog
{
    /** Bytes of frames kept at most: two 10,000-member views. */
    static final int CAPACITY_BYTES = 512 * 1024;
    /** Longest a frame waits for the window: a push-pull answer older than a second is better re-asked than sent. */
    static final long MAX_AGE_NS = 1_000_000_000L;

    private static final int SRC_INDEX_OFFSET = 0;
    private static final int DST_NODE_OFFSET = 4;
    private static final int DST_IPV4_OFFSET = 8;
    private static final int DST_PORT_OFFSET = 12;
    private static final int LENGTH_OFFSET = 16;
    private static final int TIME_OFFSET = 24;
    private static final int RECORD_HEADER_LENGTH = 32;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY_BYTES]);
    private final long reserveBytes;
    private int usedBytes;
    private int frames;
    /** Destinations (ipv4 << 32 | port) held back in the current drain; few, so a linear scan. */
    private long[] blocked = new long[8];
    private int blockedCount;
    /** Frames dropped for age since {@link #takeExpired()}. */
    private long expired;

    /**
     * @param reserveBytes window a frame must leave free.
     */
    StateFrameBacklog(final long reserveBytes)
    {
        this.reserveBytes = reserveBytes;
    }

    /**
     * @return frames waiting.
     */
    int frames()
    {
        return frames;
    }

    /**
     * @param dstIpv4 destination address.
     * @param dstPort destination port.
     * @return true if frames for this destination wait (a new one must queue behind them).
     */
    boolean holds(final int dstIpv4, final int dstPort)
    {
        for (int at = 0; at < usedBytes; at += recordLength(at))
        {
            if (buffer.getInt(at + DST_IPV4_OFFSET) == dstIpv4 && buffer.getInt(at + DST_PORT_OFFSET) == dstPort)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Keep a frame.
     *
     * @return false if the backlog has no room (the caller drops and counts it).
     */
    boolean offer(
        final long nowNs,
        final int srcNodeIndex,
        final int dstNodeId,
        final int dstIpv4,
        final int dstPort,
        final DirectBuffer frame,
        final int offset,
        final int length)
    {
        final int recordLength = align(RECORD_HEADER_LENGTH + length);
        if (usedBytes + recordLength > CAPACITY_BYTES)
        {
            return false;
        }
        final int at = usedBytes;
        buffer.putInt(at + SRC_INDEX_OFFSET, srcNodeIndex);
        buffer.putInt(at + DST_NODE_OFFSET, dstNodeId);
        buffer.putInt(at + DST_IPV4_OFFSET, dstIpv4);
        buffer.putInt(at + DST_PORT_OFFSET, dstPort);
        buffer.putInt(at + LENGTH_OFFSET, length);
        buffer.putLong(at + TIME_OFFSET, nowNs);
        buffer.putBytes(at + RECORD_HEADER_LENGTH, frame, offset, length);
        usedBytes += recordLength;
        frames++;
        return true;
    }

    /**
     * Send what the windows now take, in order, and drop what waited too long.
     *
     * @param nowNs   the duty cycle's time.
     * @param network gives each path's window.
     * @param sink    sends a frame (seals it or adds its checksum).
     * @return frames sent; frames dropped for age are added to {@link #takeExpired()}.
     */
    int drain(final long nowNs, final Transport network, final FrameSink sink)
    {
        if (0 == frames)
        {
            return 0;
        }
        blockedCount = 0;
        int sent = 0;
        int write = 0;
        int read = 0;
        while (read < usedBytes)
        {
            final int recordLength = recordLength(read);
            final int dstIpv4 = buffer.getInt(read + DST_IPV4_OFFSET);
            final int dstPort = buffer.getInt(read + DST_PORT_OFFSET);
            final int length = buffer.getInt(read + LENGTH_OFFSET);
            boolean keep = false;
            if (nowNs - buffer.getLong(read + TIME_OFFSET) > MAX_AGE_NS)
            {
                expired++;
            }
            else if (isBlocked(dstIpv4, dstPort) || network.windowBytes(dstIpv4, dstPort) < length + reserveBytes)
            {
                block(dstIpv4, dstPort);
                keep = true;
            }
            else
            {
                sink.onFrame(buffer.getInt(read + SRC_INDEX_OFFSET), buffer.getInt(read + DST_NODE_OFFSET),
                    dstIpv4, dstPort, buffer, read + RECORD_HEADER_LENGTH, length);
                sent++;
            }
            if (keep)
            {
                if (write != read)
                {
                    buffer.putBytes(write, buffer, read, recordLength);
                }
                write += recordLength;
            }
            else
            {
                frames--;
            }
            read += recordLength;
        }
        usedBytes = write;
        return sent;
    }

    /**
     * @return frames dropped for age since the last call.
     */
    long takeExpired()
    {
        final long n = expired;
        expired = 0;
        return n;
    }

    private int recordLength(final int at)
    {
        return align(RECORD_HEADER_LENGTH + buffer.getInt(at + LENGTH_OFFSET));
    }

    private boolean isBlocked(final int dstIpv4, final int dstPort)
    {
        final long key = ((long)dstIpv4 << 32) | (dstPort & 0xFFFF_FFFFL);
        for (int i = 0; i < blockedCount; i++)
        {
            if (blocked[i] == key)
            {
                return true;
            }
        }
        return false;
    }

    private void block(final int dstIpv4, final int dstPort)
    {
        if (isBlocked(dstIpv4, dstPort))
        {
            return;
        }
        if (blockedCount == blocked.length)
        {
            blocked = java.util.Arrays.copyOf(blocked, blockedCount * 2);
        }
        blocked[blockedCount++] = ((long)dstIpv4 << 32) | (dstPort & 0xFFFF_FFFFL);
    }

    private static int align(final int length)
    {
        return (length + 7) & ~7;
    }
}

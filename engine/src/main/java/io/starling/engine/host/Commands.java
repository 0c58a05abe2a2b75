package io.starling.engine.host;

import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Commands from other threads to the duty cycle, carried by a {@link ManyToOneRingBuffer}. Each writer claims
 * space, encodes in place and commits, so no thread-local scratch buffer is needed. A full queue is reported to
 * the caller as {@code false}; nothing is retried or lost silently.
 * <p>
 * Encodings (little endian, at the claimed index):
 * <ul>
 *     <li>{@link #JOIN}: int count, then count x (int ipv4, int port).</li>
 *     <li>{@link #LEAVE}: empty (one padding int).</li>
 *     <li>{@link #UPDATE_METADATA}: int nodeIndex, int length, length bytes.</li>
 *     <li>{@link #PUT}: int nodeIndex, int keyLength, int valueLength, key bytes, value bytes.</li>
 *     <li>{@link #DELETE}, {@link #BROADCAST}: int nodeIndex, int length, length bytes.</li>
 *     <li>{@link #PING}: int nodeIndex, int memberId, long correlationId, long timeoutNs.</li>
 *     <li>{@link #EXPECT_ABSENCE}: int memberId, int padding, long untilEpochMs ({@link Long#MIN_VALUE}: clear).</li>
 *     <li>{@link #START_NODES}: int count.</li>
 *     <li>{@link #LEAVE_NODE}, {@link #CRASH_NODE}: int nodeIndex.</li>
 * </ul>
 */
public final class Commands
{
    /** Join through seed endpoints. */
    public static final int JOIN = 1;
    /** Leave gracefully with every hosted node. */
    public static final int LEAVE = 2;
    /** Replace one hosted node's metadata. */
    public static final int UPDATE_METADATA = 3;
    /** Write a replicated key. */
    public static final int PUT = 4;
    /** Delete a replicated key. */
    public static final int DELETE = 5;
    /** Broadcast a payload. */
    public static final int BROADCAST = 6;
    /** Ping a member on demand. */
    public static final int PING = 7;
    /** Length of a {@link #PING} command. */
    public static final int PING_LENGTH = 24;
    /** Expect a member out of contact until a wall-clock time, or clear it. */
    public static final int EXPECT_ABSENCE = 8;
    /** {@link #EXPECT_ABSENCE}'s time that clears the member's window. */
    public static final long CLEAR_ABSENCE = Long.MIN_VALUE;
    /** Release held nodes: they start in index order. */
    public static final int START_NODES = 9;
    /** One hosted node leaves gracefully, then stops. */
    public static final int LEAVE_NODE = 10;
    /** One hosted node stops at once, as a crash. */
    public static final int CRASH_NODE = 11;

    private final RingBuffer ringBuffer;

    /**
     * @param ringBuffer the command queue.
     */
    public Commands(final RingBuffer ringBuffer)
    {
        this.ringBuffer = ringBuffer;
    }

    /**
     * @param seedIpv4 seed addresses (host order).
     * @param seedPort seed ports.
     * @return false if the queue is full (nothing was queued).
     */
    public boolean join(final int[] seedIpv4, final int[] seedPort)
    {
        final int length = 4 + 8 * seedIpv4.length;
        final int index = ringBuffer.tryClaim(JOIN, length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, seedIpv4.length);
        for (int i = 0; i < seedIpv4.length; i++)
        {
            buffer.putInt(index + 4 + 8 * i, seedIpv4[i]);
            buffer.putInt(index + 8 + 8 * i, seedPort[i]);
        }
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @return false if the queue is full.
     */
    public boolean leave()
    {
        final int index = ringBuffer.tryClaim(LEAVE, 4);
        if (index < 0)
        {
            return false;
        }
        ringBuffer.buffer().putInt(index, 0);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @param count held nodes to release.
     * @return false if the queue is full.
     */
    public boolean startNodes(final int count)
    {
        return oneInt(START_NODES, count);
    }

    /**
     * @param nodeIndex hosted node that leaves.
     * @return false if the queue is full.
     */
    public boolean leaveNode(final int nodeIndex)
    {
        return oneInt(LEAVE_NODE, nodeIndex);
    }

    /**
     * @param nodeIndex hosted node that crashes.
     * @return false if the queue is full.
     */
    public boolean crashNode(final int nodeIndex)
    {
        return oneInt(CRASH_NODE, nodeIndex);
    }

    private boolean oneInt(final int type, final int value)
    {
        final int index = ringBuffer.tryClaim(type, 4);
        if (index < 0)
        {
            return false;
        }
        ringBuffer.buffer().putInt(index, value);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @param nodeIndex hosted node.
     * @param metadata  bytes.
     * @param offset    of the bytes.
     * @param length    of the bytes.
     * @return false if the queue is full.
     */
    public boolean updateMetadata(final int nodeIndex, final byte[] metadata, final int offset, final int length)
    {
        final int index = ringBuffer.tryClaim(UPDATE_METADATA, 8 + length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, nodeIndex);
        buffer.putInt(index + 4, length);
        buffer.putBytes(index + 8, metadata, offset, length);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @param nodeIndex hosted node that writes.
     * @param key       key bytes.
     * @param value     value bytes.
     * @return false if the queue is full.
     */
    public boolean put(final int nodeIndex, final byte[] key, final byte[] value)
    {
        final int index = ringBuffer.tryClaim(PUT, 12 + key.length + value.length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, nodeIndex);
        buffer.putInt(index + 4, key.length);
        buffer.putInt(index + 8, value.length);
        buffer.putBytes(index + 12, key);
        buffer.putBytes(index + 12 + key.length, value);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @param nodeIndex hosted node that deletes.
     * @param key       key bytes.
     * @return false if the queue is full.
     */
    public boolean delete(final int nodeIndex, final byte[] key)
    {
        return nodeAndBytes(DELETE, nodeIndex, key);
    }

    /**
     * @param nodeIndex hosted node that broadcasts.
     * @param payload   bytes.
     * @return false if the queue is full.
     */
    public boolean broadcast(final int nodeIndex, final byte[] payload)
    {
        return nodeAndBytes(BROADCAST, nodeIndex, payload);
    }

    /**
     * @param nodeIndex     hosted node that pings.
     * @param memberId      member to ping.
     * @param correlationId handed back with the outcome.
     * @param timeoutNs     how long to wait for the ack.
     * @return false if the queue is full.
     */
    public boolean ping(final int nodeIndex, final int memberId, final long correlationId, final long timeoutNs)
    {
        final int index = ringBuffer.tryClaim(PING, PING_LENGTH);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, nodeIndex);
        buffer.putInt(index + 4, memberId);
        buffer.putLong(index + 8, correlationId);
        buffer.putLong(index + 16, timeoutNs);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @param memberId     the member.
     * @param untilEpochMs end of its out-of-contact window, ms since the epoch ({@link Long#MAX_VALUE}: no known
     *                     end; {@link #CLEAR_ABSENCE}: the window is cleared).
     * @return false if the queue is full.
     */
    public boolean expectAbsence(final int memberId, final long untilEpochMs)
    {
        final int index = ringBuffer.tryClaim(EXPECT_ABSENCE, 16);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, memberId);
        buffer.putInt(index + 4, 0);
        buffer.putLong(index + 8, untilEpochMs);
        ringBuffer.commit(index);
        return true;
    }

    private boolean nodeAndBytes(final int type, final int nodeIndex, final byte[] bytes)
    {
        final int index = ringBuffer.tryClaim(type, 8 + bytes.length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = ringBuffer.buffer();
        buffer.putInt(index, nodeIndex);
        buffer.putInt(index + 4, bytes.length);
        buffer.putBytes(index + 8, bytes);
        ringBuffer.commit(index);
        return true;
    }

    /**
     * @return the queue.
     */
    public RingBuffer ringBuffer()
    {
        return ringBuffer;
    }
}

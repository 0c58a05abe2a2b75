package io.starling.engine.transport;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;

/**
 * Ids and labels of the counters of the path between processes: frames the transports could not send (back
 * pressure, not connected, the backlog), the fault model's drops (injected loss, partition), and the security gate's
 * drops of frames that do not open or cannot be sealed (the {@code security} package runs on this path, before the
 * protocol sees a frame and after it packs one). Counted through {@link CounterSink}, in the sink's id range that
 * follows {@link ProtocolCounters}'; the owner table is in {@link ProtocolCounters}. The frames and bytes a node
 * sends and receives are the protocol's ({@link ProtocolCounters#FRAMES_SENT}...): the frame packer and the frame
 * entry of {@code SwimNode} count them, in the simulator too; the host counts network frames as host counters.
 */
public final class TransportCounters
{
    /** First id of this owner's range: after the protocol's. */
    public static final int FIRST = ProtocolCounters.FIRST + ProtocolCounters.COUNT;

    /** Frames a publication refused for back pressure (the in-memory path: its queue was full). */
    public static final int DROP_BACK_PRESSURE = FIRST;
    /** Frames to a remote whose publication lost its subscriber, or with no network to send them on. */
    public static final int DROP_NOT_CONNECTED = FIRST + 1;
    /** Frames the fault model dropped at its loss rate (configured, per link or from a link schedule). */
    public static final int DROP_INJECTED_LOSS = FIRST + 2;
    /** Frames the fault model dropped across a partition (or with no path in the link schedule). */
    public static final int DROP_PARTITION = FIRST + 3;
    /** Sealed frames that did not open for another reason (truncated, cipher error). */
    public static final int DROP_DECRYPT_FAILED = FIRST + 4;
    /** Frames held in a transport's backlog because the path to their destination was not connected yet. */
    public static final int FRAMES_BACKLOGGED = FIRST + 5;
    /** Backlogged frames sent once the path connected. */
    public static final int FRAMES_FLUSHED_FROM_BACKLOG = FIRST + 6;
    /** Frames dropped because the backlog of their destination was full. */
    public static final int DROP_BACKLOG_FULL = FIRST + 7;
    /** Backlogged frames dropped because they grew too old before the path connected. */
    public static final int DROP_BACKLOG_EXPIRED = FIRST + 8;
    /** Network frames in clear while encryption is required (forged or from a node without the key). */
    public static final int DROP_NOT_SEALED = FIRST + 9;
    /** Sealed network frames whose AES-GCM tag did not verify (tampered, forged, wrong key bytes). */
    public static final int DROP_BAD_TAG = FIRST + 10;
    /** Sealed network frames naming a key id this process has not installed. */
    public static final int DROP_UNKNOWN_KEY = FIRST + 11;
    /** Sealed network frames whose nonce counter was seen already or is older than the replay window. */
    public static final int DROP_REPLAYED = FIRST + 12;
    /** Outbound frames that could not be sealed (no primary key, cipher error) and were not sent. */
    public static final int DROP_SEAL_FAILED = FIRST + 13;
    /** Network frames in clear whose CRC32C trailer did not match (corrupted in flight, or not a Starling sender's). */
    public static final int DROP_BAD_CHECKSUM = FIRST + 14;

    /**
     * Whole-view (push-pull) frames to another process not sent: held back because they would have left less than the
     * reserve of its window for probes ({@code OutboundRouter}), they waited too long for the window or found the
     * host's backlog full ({@code StateFrameBacklog}).
     */
    public static final int DROP_STATE_WINDOW = FIRST + 15;

    /**
     * Whole-view frames to another process held back for the window (not drops: they wait in the host's
     * {@code StateFrameBacklog}; those that never go are {@link #DROP_STATE_WINDOW}).
     */
    public static final int STATE_FRAMES_HELD = FIRST + 16;

    /** Number of transport counter ids. */
    public static final int COUNT = 17;

    private static final String[] LABELS = {
        "drop: back pressure", "drop: not connected", "drop: injected loss", "drop: partition",
        "drop: decrypt failed", "frames backlogged", "frames flushed from backlog", "drop: backlog full",
        "drop: backlog expired", "drop: not sealed", "drop: bad tag", "drop: unknown key", "drop: replayed",
        "drop: seal failed", "drop: bad checksum", "drop: state window", "state frames held"
    };

    private TransportCounters()
    {
    }

    /**
     * @param counterId an id of this owner.
     * @return its human label.
     */
    public static String label(final int counterId)
    {
        final int index = counterId - FIRST;
        return index >= 0 && index < LABELS.length ? LABELS[index] : "counter " + counterId;
    }
}

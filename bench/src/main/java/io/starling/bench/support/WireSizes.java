package io.starling.bench.support;

import io.starling.codecs.GroupSizeEncodingEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.engine.protocol.FramePacker;

/**
 * Sizes of Starling frames, computed from the generated codecs so they follow the schema.
 */
public final class WireSizes
{
    /** Bytes of one piggybacked membership update. */
    public static final int UPDATE_LENGTH_BYTES = PingEncoder.UpdatesEncoder.sbeBlockLength();

    /** Updates on the ping whose size the raw Aeron baseline uses. */
    public static final int BASELINE_PING_UPDATES = 6;

    private WireSizes()
    {
    }

    /**
     * A frame holding one Ping and nothing else: frame header, message header, Ping block, updates group header
     * and the updates.
     *
     * @param updates piggybacked updates.
     * @return frame length in bytes.
     */
    public static int pingFrameLengthBytes(final int updates)
    {
        return FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + PingEncoder.BLOCK_LENGTH +
            GroupSizeEncodingEncoder.ENCODED_LENGTH + updates * UPDATE_LENGTH_BYTES;
    }

    /**
     * Most updates a Ping can carry in a frame of the given budget (as the protocol fills it, capped at 128).
     *
     * @param frameBudgetBytes frame budget.
     * @return updates that fit.
     */
    public static int maxPingUpdates(final int frameBudgetBytes)
    {
        return Math.min(128, Math.max(0, (frameBudgetBytes - pingFrameLengthBytes(0)) / UPDATE_LENGTH_BYTES));
    }
}

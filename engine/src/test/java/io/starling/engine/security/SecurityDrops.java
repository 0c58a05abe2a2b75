package io.starling.engine.security;

import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;

/**
 * The counters of frames the {@link FrameCipher} rejected after the clear header checks, summed for tests that
 * count rejections of any of these reasons.
 */
public final class SecurityDrops
{
    private SecurityDrops()
    {
    }

    /**
     * @param counters indexed by {@link ProtocolCounters} id.
     * @return not sealed + bad tag + unknown key + replayed + decrypt failed (truncated).
     */
    public static long total(final long[] counters)
    {
        return counters[TransportCounters.DROP_NOT_SEALED] + counters[TransportCounters.DROP_BAD_TAG] +
            counters[TransportCounters.DROP_UNKNOWN_KEY] + counters[TransportCounters.DROP_REPLAYED] +
            counters[TransportCounters.DROP_DECRYPT_FAILED];
    }
}

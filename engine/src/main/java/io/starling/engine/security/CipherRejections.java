package io.starling.engine.security;

import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.TransportCounters;

/**
 * The frames a {@link FrameCipher} refused, by direction and reason (its reason constants): counted in its own
 * arrays for tests and reports, and once in the protocol's drop counters. It decides nothing: the sealer and the
 * opener name the reason.
 */
final class CipherRejections
{
    private final CounterSink counters;
    private final long[] openRejections = new long[FrameCipher.REASON_COUNT];
    private final long[] sealRejections = new long[FrameCipher.REASON_COUNT];

    /**
     * @param counters where drops are counted (ids from {@link TransportCounters}, and the malformed and
     *                 wrong-cluster drops from {@link ProtocolCounters}).
     */
    CipherRejections(final CounterSink counters)
    {
        this.counters = counters;
    }

    /**
     * Count an outbound frame that could not be sealed, as {@link TransportCounters#DROP_SEAL_FAILED}.
     *
     * @param reason a reason constant.
     * @return minus the reason, the seal's result.
     */
    int sealFailed(final int reason)
    {
        sealRejections[reason]++;
        counters.increment(TransportCounters.DROP_SEAL_FAILED);
        return -reason;
    }

    /**
     * Count an inbound frame that was dropped, under the drop counter of its reason.
     *
     * @param reason a reason constant.
     * @return minus the reason, the open's result.
     */
    int openFailed(final int reason)
    {
        openRejections[reason]++;
        final int counterId;
        switch (reason)
        {
            case FrameCipher.MALFORMED:
            case FrameCipher.TOO_LONG:
                counterId = ProtocolCounters.DROP_MALFORMED;
                break;
            case FrameCipher.WRONG_CLUSTER:
                counterId = ProtocolCounters.DROP_WRONG_CLUSTER;
                break;
            case FrameCipher.NOT_SEALED:
                counterId = TransportCounters.DROP_NOT_SEALED;
                break;
            case FrameCipher.UNKNOWN_KEY:
                counterId = TransportCounters.DROP_UNKNOWN_KEY;
                break;
            case FrameCipher.BAD_TAG:
                counterId = TransportCounters.DROP_BAD_TAG;
                break;
            case FrameCipher.REPLAYED:
                counterId = TransportCounters.DROP_REPLAYED;
                break;
            default:
                counterId = TransportCounters.DROP_DECRYPT_FAILED;
                break;
        }
        counters.increment(counterId);
        return -reason;
    }

    /**
     * @param reason a reason constant.
     * @return inbound frames rejected for it.
     */
    long openRejections(final int reason)
    {
        return reason >= 0 && reason < FrameCipher.REASON_COUNT ? openRejections[reason] : 0;
    }

    /**
     * @param reason a reason constant.
     * @return outbound frames that could not be sealed for it.
     */
    long sealRejections(final int reason)
    {
        return reason >= 0 && reason < FrameCipher.REASON_COUNT ? sealRejections[reason] : 0;
    }
}

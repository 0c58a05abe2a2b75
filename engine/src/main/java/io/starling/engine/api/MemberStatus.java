package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;

/**
 * A member's state in a hosted node's view, as the application sees it.
 */
public enum MemberStatus
{
    /** Answering probes. */
    ALIVE(MemberState.ALIVE),
    /** Missed a probe; will be declared dead unless it refutes in time. */
    SUSPECT(MemberState.SUSPECT),
    /** Declared failed. */
    DEAD(MemberState.DEAD),
    /** Left gracefully. */
    LEFT(MemberState.LEFT),
    /** Not (or no longer) known to the observer. */
    NONE(MemberState.NONE);

    private static final MemberStatus[] BY_CODE = {ALIVE, SUSPECT, DEAD, LEFT};

    private final int code;

    MemberStatus(final int code)
    {
        this.code = code;
    }

    /**
     * @return the numeric code used by {@link StarlingEngine#memberState(int, int)} and {@link Member#state()}.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return true for {@link #ALIVE} and {@link #SUSPECT}: the member is still counted in the cluster.
     */
    public boolean isLive()
    {
        return this == ALIVE || this == SUSPECT;
    }

    /**
     * @param code a numeric state code.
     * @return its status; {@link #NONE} for an unknown code.
     */
    public static MemberStatus of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}

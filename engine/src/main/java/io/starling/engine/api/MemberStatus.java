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
    NONE(MemberState.NONE),
    /**
     * Expected out of contact ({@link StarlingEngine#expectAbsence(int, long)}) and not known dead or left: the
     * protocol's table still holds it ALIVE (or SUSPECT), it is neither probed, suspected nor declared dead until
     * its window ends. An API-level state: code 4, never on the wire.
     */
    OUT_OF_CONTACT(4);

    private static final MemberStatus[] BY_CODE = {ALIVE, SUSPECT, DEAD, LEFT, OUT_OF_CONTACT};

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
     * @return true for {@link #ALIVE}, {@link #SUSPECT} and {@link #OUT_OF_CONTACT}: the member is still counted in
     *         the cluster.
     */
    public boolean isLive()
    {
        return this == ALIVE || this == SUSPECT || this == OUT_OF_CONTACT;
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

package io.starling.engine.protocol;

/**
 * Member states as stored in the membership table (the same numeric codes as the wire enum
 * {@link io.starling.codecs.MemberState}).
 */
public final class MemberState
{
    /** Slot holds no member. */
    public static final int NONE = 255;
    public static final int ALIVE = 0;
    public static final int SUSPECT = 1;
    public static final int DEAD = 2;
    public static final int LEFT = 3;

    private MemberState()
    {
    }

    /**
     * @param state code.
     * @return a readable name.
     */
    public static String name(final int state)
    {
        switch (state)
        {
            case ALIVE: return "ALIVE";
            case SUSPECT: return "SUSPECT";
            case DEAD: return "DEAD";
            case LEFT: return "LEFT";
            case NONE: return "NONE";
            default: return "UNKNOWN(" + state + ")";
        }
    }
}

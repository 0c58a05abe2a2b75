package io.starling.engine.transport;

/**
 * Bounds of the per-remote backlog of {@link AeronTransport}: frames sent to a remote process before its publication
 * is available and connected are kept, in order, and sent as soon as it is; whatever does not fit or grows older
 * than {@link #maxAgeNs()} is a counted drop. {@link #maxFrames(int)} of 0 disables the backlog (every frame sent
 * before the connection is a {@code DROP_NOT_CONNECTED}).
 * <p>
 * Why: the first frames a process sends to another are the ones that matter most (a join's answer carries the
 * seed's whole state, tens of frames) and are exactly the ones that meet a publication still being added.
 */
public final class BacklogConfig
{
    /** Default bound on frames held per remote. */
    public static final int MAX_FRAMES_DEFAULT = 64;
    /** Default bound on bytes held per remote (the size of the buffer allocated once per remote on first use). */
    public static final int MAX_BYTES_DEFAULT = 64 * 1024;
    /** Default age after which a held frame is dropped instead of sent. */
    public static final long MAX_AGE_NS_DEFAULT = 2_000_000_000L;

    /**
     * Default: frames meeting back pressure are dropped, not held. Holding them (pacing) was measured worse at
     * N = 2,000 in 4 processes: the window of 64 KiB terms only moves once per round trip of both duty cycles, so held
     * frames (probes and acks among them) waited up to the 2 s age bound, probes failed, false deaths set off
     * full-state reconnects, and the backlogs overflowed (bench/results/emulate.md). A larger window
     * ({@link AeronTransport#TERM_LENGTH_DEFAULT}) takes the bursts instead.
     */
    public static final boolean HOLD_ON_BACK_PRESSURE_DEFAULT = false;

    private boolean holdOnBackPressure = HOLD_ON_BACK_PRESSURE_DEFAULT;
    private int maxFrames = MAX_FRAMES_DEFAULT;
    private int maxBytes = MAX_BYTES_DEFAULT;
    private long maxAgeNs = MAX_AGE_NS_DEFAULT;

    /**
     * @param maxFrames most frames held per remote; 0 disables the backlog.
     * @return this.
     */
    public BacklogConfig maxFrames(final int maxFrames)
    {
        this.maxFrames = maxFrames;
        return this;
    }

    /**
     * @return most frames held per remote; 0 when disabled.
     */
    public int maxFrames()
    {
        return maxFrames;
    }

    /**
     * @param maxBytes most bytes held per remote.
     * @return this.
     */
    public BacklogConfig maxBytes(final int maxBytes)
    {
        this.maxBytes = maxBytes;
        return this;
    }

    /**
     * @return most bytes held per remote.
     */
    public int maxBytes()
    {
        return maxBytes;
    }

    /**
     * @param maxAgeNs age after which a held frame is dropped.
     * @return this.
     */
    public BacklogConfig maxAgeNs(final long maxAgeNs)
    {
        this.maxAgeNs = maxAgeNs;
        return this;
    }

    /**
     * @return age after which a held frame is dropped.
     */
    public long maxAgeNs()
    {
        return maxAgeNs;
    }

    /**
     * @param holdOnBackPressure also hold a frame whose publication is back pressured (flow control window full),
     *                           sending it in a later duty cycle, instead of dropping it.
     * @return this.
     */
    public BacklogConfig holdOnBackPressure(final boolean holdOnBackPressure)
    {
        this.holdOnBackPressure = holdOnBackPressure;
        return this;
    }

    /**
     * @return true if back-pressured frames are held rather than dropped.
     */
    public boolean holdOnBackPressure()
    {
        return holdOnBackPressure;
    }

    /**
     * @return true if frames are held at all.
     */
    public boolean enabled()
    {
        return maxFrames > 0;
    }

    /**
     * Validate.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field.
     */
    public BacklogConfig conclude()
    {
        if (maxFrames < 0)
        {
            throw new IllegalArgumentException("maxFrames=" + maxFrames + " must be >= 0");
        }
        if (maxFrames > 0 && maxBytes <= 0)
        {
            throw new IllegalArgumentException("maxBytes=" + maxBytes + " must be > 0");
        }
        if (maxFrames > 0 && maxAgeNs <= 0)
        {
            throw new IllegalArgumentException("maxAgeNs=" + maxAgeNs + " must be > 0");
        }
        return this;
    }

    public String toString()
    {
        return "BacklogConfig{holdOnBackPressure=" + holdOnBackPressure + ", maxFrames=" + maxFrames + ", maxBytes=" + maxBytes + ", maxAgeNs=" + maxAgeNs + "}";
    }
}

package io.starling.engine.fuzz;

/**
 * Findings in code outside the security work (SwimNode) that the fuzzers reproduce, reported to the lead with a
 * reproducer and tolerated here by a narrow signature so that every other exception still fails the run. Set
 * {@code -Dstarling.fuzz.strict=true} to fail on these too (once they are fixed, remove them).
 */
final class KnownFindings
{
    /** Not a known finding. */
    static final int NONE = -1;
    /**
     * K1: SwimNode reads {@code PingReq.wantNack()} and {@code PushPullChunk.isReply()} through the generated enum
     * getters, which throw IllegalArgumentException("Unknown value: N") for a byte other than 0, 1 or 255; the
     * exception escapes {@code SwimNode.onFrame}. Fix: compare {@code wantNackRaw()} / {@code isReplyRaw()} with
     * {@code BooleanType.T.value()}.
     */
    static final int K1_BOOLEAN_ENUM_ESCAPES = 0;
    /**
     * K2: SwimNode sizes var-data headers with {@code VarDataEncodingEncoder.ENCODED_LENGTH}, which SBE sets to -1
     * for a variable-length composite, so every var-data field is counted 3 bytes short. A push-pull state of more
     * than about 70 members overflows its chunk (IndexOutOfBoundsException from the encoder in
     * {@code sendState}, escaping {@code onFrame} or {@code onTimer}); a full Ack can overrun its claim by up to 3
     * bytes (IllegalStateException from {@code FramePacker.commit}). Fix: use the codecs'
     * {@code ...HeaderLength()} methods (2 bytes).
     */
    static final int K2_VAR_DATA_HEADER_LENGTH = 1;
    /** Number of known findings. */
    static final int COUNT = 2;

    static final boolean STRICT = Boolean.getBoolean("starling.fuzz.strict");

    private KnownFindings()
    {
    }

    /**
     * @param t what escaped.
     * @return the known finding it is, or {@link #NONE}.
     */
    static int classify(final Throwable t)
    {
        if (STRICT)
        {
            return NONE;
        }
        if (t instanceof IllegalArgumentException && null != t.getMessage() &&
            t.getMessage().startsWith("Unknown value: "))
        {
            final StackTraceElement[] stack = t.getStackTrace();
            if (stack.length > 0 && "io.starling.codecs.BooleanType".equals(stack[0].getClassName()))
            {
                for (int i = 1; i < Math.min(4, stack.length); i++)
                {
                    if ("io.starling.engine.protocol.SwimNode".equals(stack[i].getClassName()) &&
                        ("onPingReq".equals(stack[i].getMethodName()) ||
                        "onPushPull".equals(stack[i].getMethodName())))
                    {
                        return K1_BOOLEAN_ENUM_ESCAPES;
                    }
                }
            }
        }
        if (t instanceof IndexOutOfBoundsException || t instanceof IllegalStateException)
        {
            final StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(12, stack.length); i++)
            {
                if ("io.starling.engine.protocol.SwimNode".equals(stack[i].getClassName()) &&
                    ("sendState".equals(stack[i].getMethodName()) || "sendAck".equals(stack[i].getMethodName()) ||
                    "sendJoins".equals(stack[i].getMethodName())))
                {
                    return K2_VAR_DATA_HEADER_LENGTH;
                }
            }
        }
        return NONE;
    }
}

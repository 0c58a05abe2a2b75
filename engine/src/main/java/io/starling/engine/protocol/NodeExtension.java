package io.starling.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * A protocol layer riding on a {@link SwimNode}: rumors, anti-entropy. It receives the messages the membership
 * protocol does not handle and the timers of kinds at or above {@link #TIMER_KIND_BASE}; it sends through the same
 * {@link Outbox} and picks peers through the node. Sans-IO like the node.
 */
public interface NodeExtension
{
    /** Timer kinds from here up belong to extensions; below are the node's own. */
    int TIMER_KIND_BASE = 32;

    /**
     * The node started.
     *
     * @param nowNs current time.
     * @param node  the node this extension rides on.
     */
    void onStart(long nowNs, SwimNode node);

    /**
     * A message the membership protocol does not handle.
     *
     * @param nowNs         current time.
     * @param srcNodeId     sender.
     * @param templateId    SBE template id.
     * @param buffer        holding the frame.
     * @param messageOffset offset of the message's SBE message header (the body follows it).
     * @param messageLength bytes of the message, header included, as checked by the frame validator.
     * @param blockLength   acting block length.
     * @param version       acting schema version.
     * @return true if handled.
     */
    boolean onMessage(
        long nowNs, int srcNodeId, int templateId, DirectBuffer buffer, int messageOffset, int messageLength,
        int blockLength, int version);

    /**
     * A timer of this extension fired.
     *
     * @param nowNs   current time.
     * @param timerId id it was scheduled with.
     * @param kind    at or above {@link #TIMER_KIND_BASE}.
     * @param arg     as scheduled.
     */
    void onTimer(long nowNs, long timerId, int kind, int arg);
}

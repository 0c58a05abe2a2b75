package io.starling.engine.api;

/**
 * Membership events of the hosted nodes. Called on the engine's duty-cycle thread: an implementation must not
 * block, must return quickly and must not call {@link StarlingEngine#leave(long)} or {@link StarlingEngine#close()}
 * (hand work to another thread instead). An exception thrown here is recorded in the error log and counted; the
 * engine keeps running. Every method has an empty default, so implement only what you need.
 */
public interface MembershipListener
{
    /**
     * A member became alive in the observer's view: newly learned, or back after being dead or having left.
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param incarnation the member's incarnation.
     */
    default void onJoin(final int observerId, final int memberId, final int incarnation)
    {
    }

    /**
     * A member is suspected of having failed.
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param incarnation the member's incarnation.
     */
    default void onSuspect(final int observerId, final int memberId, final int incarnation)
    {
    }

    /**
     * A suspected member proved alive (it refuted), or an alive member moved to a newer incarnation.
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param incarnation the member's incarnation.
     */
    default void onAlive(final int observerId, final int memberId, final int incarnation)
    {
    }

    /**
     * A member was declared dead (failed).
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param incarnation the member's incarnation.
     */
    default void onDead(final int observerId, final int memberId, final int incarnation)
    {
    }

    /**
     * A member left gracefully.
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param incarnation the member's incarnation.
     */
    default void onLeft(final int observerId, final int memberId, final int incarnation)
    {
    }

    /**
     * A member's metadata changed; read it with {@link StarlingEngine#members()}.
     *
     * @param observerId  hosted node whose view changed.
     * @param memberId    the member.
     * @param metaVersion the new metadata version.
     */
    default void onMetadataUpdate(final int observerId, final int memberId, final int metaVersion)
    {
    }

    /**
     * An on-demand ping ({@link StarlingEngine#ping(int, int, long, long)}) was answered.
     *
     * @param observerId    hosted node that pinged.
     * @param memberId      the member pinged.
     * @param correlationId the caller's id given to the ping.
     * @param rttNs         ping sent to ack handled, on the engine's clock.
     */
    default void onPingAck(final int observerId, final int memberId, final long correlationId, final long rttNs)
    {
    }

    /**
     * An on-demand ping got no ack within its timeout, or the node could not send it (unknown member, too many
     * pings outstanding, node not started yet or leaving).
     *
     * @param observerId    hosted node that pinged.
     * @param memberId      the member pinged.
     * @param correlationId the caller's id given to the ping.
     */
    default void onPingTimeout(final int observerId, final int memberId, final long correlationId)
    {
    }
}

package io.starling.engine.api;

/**
 * Membership events of the hosted nodes. Called on the engine's duty-cycle thread: an implementation must not
 * block, must return quickly and must not call {@link StarlingEngine#leave(long)} or {@link StarlingEngine#close()}
 * (hand work to another thread instead). An exception thrown here is counted and reported (through
 * {@link System.Logger} unless {@link StarlingEngine.Context#errorHandler(org.agrona.ErrorHandler)} is set); the
 * engine keeps running. Every method has an empty default, so implement only what you need.
 * <p>
 * Each state change comes in two forms: the {@link MemberView} form ({@code onJoin(MemberView)}: id, name, address,
 * status, incarnation and metadata of the member; the view is a flyweight valid only during the call), and the older
 * form with three integers, which the view form calls by default. Implement one of the two.
 */
public interface MembershipListener
{
    /**
     * A member became alive in the observer's view: newly learned, or back after being dead or having left. By
     * default calls {@link #onJoin(int, int, int)}.
     *
     * @param member the member; valid only during the call.
     */
    default void onJoin(final MemberView member)
    {
        onJoin(member.observerId(), member.id(), member.incarnation());
    }

    /**
     * A member is suspected of having failed. By default calls {@link #onSuspect(int, int, int)}.
     *
     * @param member the member; valid only during the call.
     */
    default void onSuspect(final MemberView member)
    {
        onSuspect(member.observerId(), member.id(), member.incarnation());
    }

    /**
     * A suspected member proved alive, or an alive member moved to a newer incarnation. By default calls
     * {@link #onAlive(int, int, int)}.
     *
     * @param member the member; valid only during the call.
     */
    default void onAlive(final MemberView member)
    {
        onAlive(member.observerId(), member.id(), member.incarnation());
    }

    /**
     * A member was declared dead (failed). By default calls {@link #onDead(int, int, int)}.
     *
     * @param member the member; valid only during the call.
     */
    default void onDead(final MemberView member)
    {
        onDead(member.observerId(), member.id(), member.incarnation());
    }

    /**
     * A member left gracefully. By default calls {@link #onLeft(int, int, int)}.
     *
     * @param member the member; valid only during the call.
     */
    default void onLeft(final MemberView member)
    {
        onLeft(member.observerId(), member.id(), member.incarnation());
    }

    /**
     * A member the observer sees alive (or suspect) is now expected out of contact
     * ({@link StarlingEngine#expectAbsence(int, long)}): {@link MemberView#status()} is
     * {@link MemberStatus#OUT_OF_CONTACT}, {@link MemberView#previousStatus()} its state before. Until the window ends
     * the member is neither suspected nor declared dead; changes between alive and suspect are not reported, a
     * graceful leave is ({@link #onLeft(MemberView)} with the previous status OUT_OF_CONTACT).
     *
     * @param member the member; valid only during the call.
     */
    default void onOutOfContact(final MemberView member)
    {
    }

    /**
     * A member's out-of-contact window ended (its time came, or {@link StarlingEngine#clearAbsence(int)}):
     * {@link MemberView#status()} is its state in the observer's view again (ALIVE, without a rejoin), the previous
     * status {@link MemberStatus#OUT_OF_CONTACT}. From now on it is probed as usual: one that does not answer is
     * suspected and declared dead.
     *
     * @param member the member; valid only during the call.
     */
    default void onOutOfContactEnded(final MemberView member)
    {
    }

    /**
     * The bytes of a member's metadata arrived: {@link MemberView#metadata()} holds the version
     * {@link MemberView#metadataVersion()} announced. Called once per version per observer (a member learned with
     * metadata counts as a new version). {@link #onMetadataUpdate(int, int, int)} tells of the version itself,
     * which may come first.
     *
     * @param member the member; valid only during the call.
     */
    default void onMetadata(final MemberView member)
    {
    }

    /**
     * Another process claims a member's id at another endpoint while the member is alive where the observer knows
     * it: two processes were given the same node id. The observer keeps the member it knew (no flapping) and this
     * is reported once per member and claimed endpoint; {@code HostCounters.ID_CONFLICTS} counts them.
     *
     * @param member       the member as the observer knows it; valid only during the call.
     * @param claimedIpv4  IPv4 address (host order) of the other claim.
     * @param claimedPort  UDP port of the other claim.
     */
    default void onIdConflict(final MemberView member, final int claimedIpv4, final int claimedPort)
    {
    }

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
     * A member's metadata version changed. Its bytes may arrive later: {@link #onMetadata(MemberView)} tells when
     * they have.
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

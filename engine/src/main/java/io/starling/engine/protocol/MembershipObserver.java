package io.starling.engine.protocol;

/**
 * Membership events handed out of the protocol. Called on the protocol's thread; implementations must not block
 * and should not allocate (the embedding API queues events for its listener; the simulator records metrics).
 */
public interface MembershipObserver
{
    /**
     * A member's state as seen by a node changed.
     *
     * @param nowNs       when.
     * @param nodeIndex   index of the observing node in its host.
     * @param observerId  node id of the observing node.
     * @param memberId    node id of the member.
     * @param oldState    previous {@link MemberState}, or {@link MemberState#NONE} for a new member.
     * @param newState    new {@link MemberState}.
     * @param incarnation the member's incarnation after the change.
     */
    void onMemberStateChange(
        long nowNs, int nodeIndex, int observerId, int memberId, int oldState, int newState, int incarnation);

    /**
     * A member's metadata changed.
     *
     * @param nowNs       when.
     * @param nodeIndex   index of the observing node in its host.
     * @param observerId  node id of the observing node.
     * @param memberId    node id of the member.
     * @param metaVersion the new metadata version.
     */
    default void onMemberMetadata(long nowNs, int nodeIndex, int observerId, int memberId, int metaVersion)
    {
    }

    /**
     * A member's metadata bytes arrived at a node with an update, a Join or a push-pull entry (stored if newer than
     * those held; the bytes are in the process's {@link MemberDirectory} before any event about the update). The
     * simulator measures from it when each node holds a metadata version, since its nodes share one directory.
     *
     * @param nowNs       when.
     * @param nodeIndex   index of the receiving node in its host.
     * @param observerId  node id of the receiving node.
     * @param memberId    node id of the member.
     * @param metaVersion the version of the bytes that arrived.
     */
    default void onMemberMetadataReceived(long nowNs, int nodeIndex, int observerId, int memberId, int metaVersion)
    {
    }

    /**
     * A node refuted a suspicion or death about itself by raising its incarnation.
     *
     * @param nowNs       when.
     * @param nodeIndex   index of the refuting node.
     * @param nodeId      its id.
     * @param incarnation its new incarnation.
     */
    default void onRefute(long nowNs, int nodeIndex, int nodeId, int incarnation)
    {
    }

    /**
     * Another live process holds this node's id: an ALIVE claim about the node at a newer incarnation came from
     * another endpoint. The node does not race it (no refutation), so views stay with the newer holder; it takes
     * the id back by refutation if the other holder is suspected or dies.
     *
     * @param nowNs      when.
     * @param nodeIndex  index of the node in its host.
     * @param nodeId     its id.
     * @param otherIpv4  the other holder's endpoint address (host order).
     * @param otherPort  the other holder's endpoint port.
     */
    default void onNodeIdConflict(long nowNs, int nodeIndex, int nodeId, int otherIpv4, int otherPort)
    {
    }

    /**
     * The host was told that a member is expected out of contact until a time, or no longer
     * ({@link io.starling.engine.schedule.ExpectedAbsence}, shared by the hosted nodes).
     *
     * @param nowNs    when.
     * @param memberId node id of the member.
     * @param untilNs  end of the window on the host's clock ({@link Long#MAX_VALUE}: no known end), or
     *                 {@link io.starling.engine.schedule.ExpectedAbsence#NOT_ABSENT} when it was cleared.
     */
    default void onExpectedAbsence(long nowNs, int memberId, long untilNs)
    {
    }

    /**
     * A probe of this node was answered directly by its target.
     *
     * @param nowNs     when the ack arrived.
     * @param nodeIndex index of the probing node.
     * @param memberId  node id of the probed member.
     * @param rttNs     round-trip time from ping sent to ack handled.
     */
    default void onProbeAck(long nowNs, int nodeIndex, int memberId, long rttNs)
    {
    }

    /**
     * An on-demand ping ({@link SwimNode#ping}) was answered by its target.
     *
     * @param nowNs         when the ack was handled.
     * @param nodeIndex     index of the pinging node.
     * @param memberId      node id of the member pinged.
     * @param correlationId the caller's id given to the ping.
     * @param rttNs         ping sent to ack handled, on the node's clock.
     */
    default void onPingAck(long nowNs, int nodeIndex, int memberId, long correlationId, long rttNs)
    {
    }

    /**
     * An on-demand ping got no ack within its timeout, or could not be sent (see {@link SwimNode#ping}).
     *
     * @param nowNs         when it was given up.
     * @param nodeIndex     index of the pinging node.
     * @param memberId      node id of the member pinged.
     * @param correlationId the caller's id given to the ping.
     */
    default void onPingTimeout(long nowNs, int nodeIndex, int memberId, long correlationId)
    {
    }

    /**
     * An observer that ignores everything.
     */
    MembershipObserver NO_OP = (nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation) -> {};
}

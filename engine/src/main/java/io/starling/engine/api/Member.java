package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.transport.Endpoints;

/**
 * A snapshot of one member as a hosted node saw it when {@link StarlingEngine#members()} was called, or a copy of a
 * {@link MemberView} ({@link MemberView#toMember()}).
 *
 * @param nodeId      the member's id.
 * @param state       its state code ({@link MemberStatus#code()}); {@link #status()} gives the enum.
 * @param incarnation the member's incarnation.
 * @param ipv4        IPv4 address of the member's process (host order).
 * @param port        UDP port of the member's process.
 * @param metaVersion version of the member's metadata.
 * @param metadata    a copy of the member's metadata held by this process (empty if none has arrived).
 * @param local       true for the observing node itself.
 * @param name        the member's name, or null if it has none (or its metadata has not arrived).
 * @param tags        the member's tags ({@link StarlingEngine.Context#tags(java.util.Map)}), empty if none.
 */
public record Member(
    int nodeId, int state, int incarnation, int ipv4, int port, int metaVersion, byte[] metadata, boolean local,
    String name, java.util.Map<String, String> tags)
{
    /**
     * The canonical constructor: null tags read as none.
     *
     * @param nodeId      the member's id.
     * @param state       its state code.
     * @param incarnation the member's incarnation.
     * @param ipv4        IPv4 address of the member's process (host order).
     * @param port        UDP port of the member's process.
     * @param metaVersion version of the member's metadata.
     * @param metadata    the member's metadata.
     * @param local       true for the observing node itself.
     * @param name        the member's name, or null.
     * @param tags        the member's tags, or null for none.
     */
    public Member
    {
        tags = null == tags ? java.util.Map.of() : tags;
    }

    /**
     * A member without tags.
     *
     * @param nodeId      the member's id.
     * @param state       its state code.
     * @param incarnation the member's incarnation.
     * @param ipv4        IPv4 address of the member's process (host order).
     * @param port        UDP port of the member's process.
     * @param metaVersion version of the member's metadata.
     * @param metadata    the member's metadata.
     * @param local       true for the observing node itself.
     * @param name        the member's name, or null.
     */
    public Member(
        final int nodeId, final int state, final int incarnation, final int ipv4, final int port,
        final int metaVersion, final byte[] metadata, final boolean local, final String name)
    {
        this(nodeId, state, incarnation, ipv4, port, metaVersion, metadata, local, name, null);
    }

    /**
     * A member without a name.
     *
     * @param nodeId      the member's id.
     * @param state       its state code.
     * @param incarnation the member's incarnation.
     * @param ipv4        IPv4 address of the member's process (host order).
     * @param port        UDP port of the member's process.
     * @param metaVersion version of the member's metadata.
     * @param metadata    the member's metadata.
     * @param local       true for the observing node itself.
     */
    public Member(
        final int nodeId, final int state, final int incarnation, final int ipv4, final int port,
        final int metaVersion, final byte[] metadata, final boolean local)
    {
        this(nodeId, state, incarnation, ipv4, port, metaVersion, metadata, local, null, null);
    }

    /**
     * @return the state as an enum.
     */
    public MemberStatus status()
    {
        return MemberStatus.of(state);
    }

    /**
     * @return the state's name: ALIVE, SUSPECT, DEAD, LEFT or OUT_OF_CONTACT.
     */
    public String stateName()
    {
        return MemberStatus.OUT_OF_CONTACT.code() == state ? MemberStatus.OUT_OF_CONTACT.name() :
            MemberState.name(state);
    }

    /**
     * @return true if alive, suspect or out of contact (still counted in the cluster).
     */
    public boolean isLive()
    {
        return status().isLive();
    }

    /**
     * @param key a tag key.
     * @return its value, or null if the member has no such tag.
     */
    public String tag(final String key)
    {
        return tags.get(key);
    }

    /**
     * @return {@code a.b.c.d:port}.
     */
    public String address()
    {
        return Endpoints.formatIpv4(ipv4) + ":" + port;
    }

    /**
     * @return a description for logs.
     */
    public String toString()
    {
        return "Member{" + nodeId + (null == name ? "" : " '" + name + "'") + " " + stateName() + " inc=" +
            incarnation + " " + address() + (tags.isEmpty() ? "" : " " + tags) + (local ? " local" : "") + "}";
    }
}

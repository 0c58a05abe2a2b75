package io.starling.engine.api;

import io.starling.engine.transport.Endpoints;

/**
 * One member as a hosted node sees it, handed to a {@link MembershipListener}. A flyweight: the engine refills the
 * same instance for every event without allocating, so it is valid only during the callback. Read what you need
 * there, or keep {@link #toMember()} (a copy). Methods that return a {@code String} or a {@code byte[]} allocate;
 * the others do not.
 */
public final class MemberView
{
    private int observerIndex;
    private int observerId;
    private int memberId;
    private MemberStatus status = MemberStatus.NONE;
    private MemberStatus previousStatus = MemberStatus.NONE;
    private int incarnation;
    private int ipv4;
    private int port;
    private int metadataVersion;
    private byte[] rawMetadata;
    private boolean local;

    MemberView()
    {
    }

    MemberView wrap(
        final int observerIndex,
        final int observerId,
        final int memberId,
        final MemberStatus previousStatus,
        final MemberStatus status,
        final int incarnation,
        final int ipv4,
        final int port,
        final int metadataVersion,
        final byte[] rawMetadata,
        final boolean local)
    {
        this.observerIndex = observerIndex;
        this.observerId = observerId;
        this.memberId = memberId;
        this.previousStatus = previousStatus;
        this.status = status;
        this.incarnation = incarnation;
        this.ipv4 = ipv4;
        this.port = port;
        this.metadataVersion = metadataVersion;
        this.rawMetadata = rawMetadata;
        this.local = local;
        return this;
    }

    /**
     * @return index of the hosted node whose view this is.
     */
    public int observerIndex()
    {
        return observerIndex;
    }

    /**
     * @return id of the hosted node whose view this is.
     */
    public int observerId()
    {
        return observerId;
    }

    /**
     * @return the member's node id.
     */
    public int id()
    {
        return memberId;
    }

    /**
     * @return the member's name ({@link StarlingEngine.Context#nodeName(String)} where it runs), or null if it has
     *         none or its metadata has not arrived yet. Allocates.
     */
    public String name()
    {
        return MetadataEnvelope.name(rawMetadata);
    }

    /**
     * @return the member's state after the event.
     */
    public MemberStatus status()
    {
        return status;
    }

    /**
     * @return the member's state before the event ({@link MemberStatus#NONE} for a member new to the observer).
     */
    public MemberStatus previousStatus()
    {
        return previousStatus;
    }

    /**
     * @return the member's incarnation.
     */
    public int incarnation()
    {
        return incarnation;
    }

    /**
     * @return IPv4 address of the member's process, host order.
     */
    public int ipv4()
    {
        return ipv4;
    }

    /**
     * @return UDP port of the member's process.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return {@code a.b.c.d:port} of the member's process. Allocates.
     */
    public String address()
    {
        return Endpoints.formatIpv4(ipv4) + ":" + port;
    }

    /**
     * @return version of the member's metadata in the observer's view.
     */
    public int metadataVersion()
    {
        return metadataVersion;
    }

    /**
     * @return length of the member's metadata held by this process (0 if none has arrived).
     */
    public int metadataLength()
    {
        return MetadataEnvelope.applicationLength(rawMetadata);
    }

    /**
     * Copy the member's metadata without allocating.
     *
     * @param dst    destination.
     * @param offset in the destination.
     * @return bytes copied ({@link #metadataLength()}).
     * @throws IndexOutOfBoundsException if it does not fit.
     */
    public int getMetadata(final byte[] dst, final int offset)
    {
        final int length = metadataLength();
        if (length > 0)
        {
            System.arraycopy(rawMetadata, MetadataEnvelope.applicationOffset(rawMetadata), dst, offset, length);
        }
        return length;
    }

    /**
     * @return a copy of the member's metadata, empty if none has arrived. Allocates.
     */
    public byte[] metadata()
    {
        return MetadataEnvelope.application(rawMetadata);
    }

    /**
     * @return the member's tags (unmodifiable), empty if none or its metadata has not arrived. Allocates.
     */
    public java.util.Map<String, String> tags()
    {
        return MetadataEnvelope.tags(rawMetadata);
    }

    /**
     * @return true for the observing node itself.
     */
    public boolean isLocal()
    {
        return local;
    }

    /**
     * @return a copy that outlives the callback. Allocates.
     */
    public Member toMember()
    {
        return new Member(memberId, status.code(), incarnation, ipv4, port, metadataVersion, metadata(), local,
            name(), tags());
    }

    /**
     * @return a description for logs. Allocates.
     */
    public String toString()
    {
        final String name = name();
        return "Member{" + memberId + (null == name ? "" : " '" + name + "'") + " " + status + " inc=" +
            incarnation + " " + address() + (local ? " local" : "") + "}";
    }
}

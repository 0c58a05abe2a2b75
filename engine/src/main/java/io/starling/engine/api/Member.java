package io.starling.engine.api;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.transport.Endpoints;

/**
 * A snapshot of one member as a hosted node saw it when {@link StarlingEngine#members()} was called.
 *
 * @param nodeId      the member's id.
 * @param state       {@link MemberState} code.
 * @param incarnation the member's incarnation.
 * @param ipv4        IPv4 address of the member's process (host order).
 * @param port        UDP port of the member's process.
 * @param metaVersion version of the member's metadata.
 * @param metadata    a copy of the metadata held for the member (empty if none).
 * @param local       true for the observing node itself.
 */
public record Member(
    int nodeId, int state, int incarnation, int ipv4, int port, int metaVersion, byte[] metadata, boolean local)
{
    /**
     * @return the state's name: ALIVE, SUSPECT, DEAD or LEFT.
     */
    public String stateName()
    {
        return MemberState.name(state);
    }

    /**
     * @return true if alive or suspect.
     */
    public boolean isLive()
    {
        return MemberState.ALIVE == state || MemberState.SUSPECT == state;
    }

    /**
     * @return {@code a.b.c.d:port}.
     */
    public String address()
    {
        return Endpoints.formatIpv4(ipv4) + ":" + port;
    }

    public String toString()
    {
        return "Member{" + nodeId + " " + stateName() + " inc=" + incarnation + " " + address() +
            (local ? " local" : "") + "}";
    }
}

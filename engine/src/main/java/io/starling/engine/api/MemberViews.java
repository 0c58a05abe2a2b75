package io.starling.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import io.starling.engine.host.StarlingAgent;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.SwimNode;

/**
 * Hosted nodes' views read from any thread without locks: each entry is one atomic word of a node's membership
 * table and the process-wide directory, so each {@link Member} is consistent though a list is not one instant's.
 * Also answers {@code starling members} requests. It does not check that the engine is open (the caller does).
 */
final class MemberViews
{
    private final StarlingAgent agent;
    private final ListenerBridge listenerBridge;
    private final AgentProxy proxy;
    private final int[] nodeIds;

    MemberViews(
        final StarlingAgent agent, final ListenerBridge listenerBridge, final AgentProxy proxy, final int[] nodeIds)
    {
        this.agent = agent;
        this.listenerBridge = listenerBridge;
        this.proxy = proxy;
        this.nodeIds = nodeIds;
    }

    List<Member> members(final int nodeIndex)
    {
        final SwimNode node = agent.node(nodeIndex);
        final MembershipTable table = node.table();
        final MemberDirectory dir = agent.directory();
        final int size = dir.size();
        final List<Member> members = new ArrayList<>(size);
        for (int slot = 0; slot < size; slot++)
        {
            long word;
            int memberId;
            int ipv4;
            int port;
            byte[] metadata;
            long sequence;
            do
            {
                // the agent may free and reuse the slot meanwhile: read the entry whole or again
                sequence = dir.beginRead();
                word = table.word(slot);
                memberId = dir.nodeId(slot);
                ipv4 = dir.ipv4(slot);
                port = dir.port(slot);
                metadata = dir.metadata(slot);
            }
            while (!dir.isReadValid(sequence));
            final int state = MembershipTable.state(word);
            if (MemberState.NONE == state)
            {
                continue;
            }
            members.add(new Member(memberId, listenerBridge.reportedState(memberId, state),
                MembershipTable.incarnation(word), ipv4, port, MembershipTable.metaVersion(word),
                MetadataEnvelope.application(metadata), memberId == node.nodeId(), MetadataEnvelope.name(metadata),
                MetadataEnvelope.tags(metadata)));
        }
        return members;
    }

    List<Member> members(final int nodeIndex, final Predicate<? super Member> filter)
    {
        final List<Member> members = members(nodeIndex);
        members.removeIf(filter.negate());
        return members;
    }

    int liveMemberCount(final int nodeIndex)
    {
        final MembershipTable table = agent.node(nodeIndex).table();
        int live = 0;
        for (int slot = 0, size = agent.directory().size(); slot < size; slot++)
        {
            final int state = table.state(slot);
            if (MemberState.ALIVE == state || MemberState.SUSPECT == state)
            {
                live++;
            }
        }
        return live;
    }

    int memberState(final int nodeIndex, final int memberId)
    {
        // The directory's id map changes on the agent's thread: look up through its sequence-checked read.
        return MembershipTable.state(agent.directory().word(agent.node(nodeIndex).table(), memberId));
    }

    MemberStatus memberStatus(final int nodeIndex, final int memberId)
    {
        return MemberStatus.of(listenerBridge.reportedState(memberId, memberState(nodeIndex, memberId)));
    }

    /**
     * Answer a {@code starling members} request from another process (on the control thread): {@code node} (index,
     * default 0) and {@code where} (a {@link MemberFilter}, default every member) in; {@code status=ok|error},
     * {@code message}, {@code observer} (the node's id), {@code count} and {@code member.I} (id, state, address,
     * name, tags as {@code k=v,...}, tab separated) out.
     *
     * @param request the request.
     * @return the response.
     */
    Properties answerMembers(final Properties request)
    {
        final Properties response = new Properties();
        try
        {
            final String node = request.getProperty("node", "0").trim();
            final int nodeIndex;
            try
            {
                nodeIndex = Integer.parseInt(node);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("node must be a hosted node index: " + node);
            }
            if (nodeIndex < 0 || nodeIndex >= agent.nodeCount())
            {
                throw new IllegalArgumentException(
                    "node " + nodeIndex + " must be in [0, " + agent.nodeCount() + ")");
            }
            final MemberFilter filter = MemberFilter.parse(request.getProperty("where", ""));
            proxy.checkOpen();
            final List<Member> found = members(nodeIndex, filter);
            for (int i = 0; i < found.size(); i++)
            {
                final Member m = found.get(i);
                final StringBuilder tags = new StringBuilder();
                m.tags().forEach((k, v) -> tags.append(tags.length() > 0 ? "," : "").append(k).append('=').append(v));
                response.setProperty("member." + i, m.nodeId() + "\t" + m.stateName() + "\t" + m.address() + "\t" +
                    (null == m.name() ? "" : m.name()) + "\t" + tags);
            }
            response.setProperty("observer", Integer.toString(nodeIds[nodeIndex]));
            response.setProperty("count", Integer.toString(found.size()));
            response.setProperty("status", "ok");
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            response.setProperty("status", "error");
            response.setProperty("message", String.valueOf(ex.getMessage()));
        }
        return response;
    }
}

package io.starling.engine.sim;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import org.agrona.DirectBuffer;

/**
 * What a simulation measures, gathered from the {@link MembershipObserver} events of every node and from the
 * frames the simulator carries. Every event costs O(1) and allocates nothing (kills, restarts and metadata updates,
 * which are rare, may cost O(N)).
 * <p>
 * It keeps a view matrix (N x N bytes: each live node's state for each member, as last reported), so it can
 * maintain incrementally:
 * <ul>
 * <li>convergence: the first time every live node sees every other live node ALIVE (all nodes started);</li>
 * <li>per killed node: first SUSPECT by anyone, first DEAD by anyone, and the first time every live node has it
 * DEAD;</li>
 * <li>false positives: a healthy member (never killed, never paused longer than the pause threshold, never left)
 * declared DEAD, as events and as distinct members; false suspicions likewise, and whether each was refuted: the
 * suspecting node later saw the member ALIVE with a higher incarnation. Suspicions and deaths between nodes that
 * the most recent partition separated are counted apart ({@link #partitionSuspicions()},
 * {@link #partitionDeaths()});</li>
 * <li>dissemination of metadata updates: the time until every live node has seen the new version, and when each
 * of them first saw it (for convergence curves); the same for the bytes of that version, counted when they arrive at
 * a node ({@link MembershipObserver#onMemberMetadataReceived}), since the simulated nodes share one directory;</li>
 * <li>traffic: messages, frames and bytes sent, and live node-time to normalise them per node per period;</li>
 * <li>a 64-bit trace hash of every delivered frame (time, receiver, bytes) and every membership event.</li>
 * </ul>
 * A node's view of itself is recorded but counts toward none of the above. An event whose old state differs from
 * the state the node last reported is counted by {@link #observerInconsistencies()} (a protocol bug detector).
 * <p>
 * This class routes each event to the measures that need it; each measure has its own file: {@link MemberViews}
 * (view matrix, liveness, convergence), {@link DetectionMetrics} (crashed nodes), {@link FalsePositiveMetrics}
 * (healthy members), {@link DisseminationMetrics} (metadata updates), {@link TrafficMetrics} and {@link TraceHash}.
 */
public final class SimMetrics implements MembershipObserver
{
    private final int nodeCount;
    private final int firstNodeId;
    private final MemberViews views;
    private final DetectionMetrics detection;
    private final FalsePositiveMetrics falsePositives;
    private final DisseminationMetrics dissemination;
    private final TrafficMetrics traffic;
    private final TraceHash traceHash = new TraceHash();

    private long suspicionEvents;
    private long deathEvents;
    private long refutations;
    private long metadataEvents;
    private long unknownMemberEvents;

    /**
     * @param nodeCount   nodes in the simulation.
     * @param firstNodeId node id of node index 0; node i has id firstNodeId + i.
     */
    public SimMetrics(final int nodeCount, final int firstNodeId)
    {
        this.nodeCount = nodeCount;
        this.firstNodeId = firstNodeId;
        views = new MemberViews(nodeCount);
        detection = new DetectionMetrics(nodeCount, views);
        falsePositives = new FalsePositiveMetrics(nodeCount);
        dissemination = new DisseminationMetrics(nodeCount, views);
        traffic = new TrafficMetrics(nodeCount, views);
    }

    void network(final NetworkModel network)
    {
        falsePositives.network(network);
    }

    // ------------------------------------------------------------------------------------------ membership events

    /** {@inheritDoc} */
    public void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        traceHash.onMemberStateChange(nowNs, nodeIndex, memberId, oldState, newState, incarnation);

        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            unknownMemberEvents++;
            return;
        }

        final int prev = views.onStateChange(nowNs, o, m, oldState, newState);
        if (o == m || !views.isLive(o) || newState == prev)
        {
            return;
        }

        switch (newState)
        {
            case MemberState.SUSPECT:
                suspicionEvents++;
                if (views.isCrashed(m))
                {
                    detection.onSuspect(m, nowNs);
                }
                else if (!falsePositives.faulty(m))
                {
                    falsePositives.onSuspect(nowNs, o, m, incarnation);
                }
                break;

            case MemberState.DEAD:
                deathEvents++;
                if (views.isCrashed(m))
                {
                    detection.onDead(m, nowNs);
                }
                else if (!falsePositives.faulty(m))
                {
                    falsePositives.onDead(nowNs, o, m, prev, incarnation);
                }
                break;

            case MemberState.ALIVE:
                falsePositives.onAlive(o, m, incarnation);
                break;

            default:
                break;
        }
    }

    /** {@inheritDoc} */
    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        traceHash.onMemberMetadata(nowNs, nodeIndex, memberId, metaVersion);
        metadataEvents++;

        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            unknownMemberEvents++;
            return;
        }
        dissemination.onMetadata(nowNs, o, m, metaVersion);
    }

    /** {@inheritDoc} */
    public void onMemberMetadataReceived(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            return;
        }
        dissemination.onMetadataReceived(nowNs, o, m, metaVersion);
    }

    /** {@inheritDoc} */
    public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        traceHash.onRefute(nowNs, nodeIndex, nodeId, incarnation);
        refutations++;
    }

    // ------------------------------------------------------------------------------------------ lifecycle (sim)

    void onNodeStarted(final int node, final long nowNs)
    {
        traffic.accrueLiveTime(nowNs);
        views.onNodeStarted(node);
        views.checkConverged(nowNs);
    }

    void onNodeKilled(final int node, final long nowNs)
    {
        if (!views.isLive(node))
        {
            return;
        }
        traffic.accrueLiveTime(nowNs);
        views.onNodeKilled(node);
        falsePositives.onNodeKilled(node);
        detection.onNodeKilled(node, nowNs);
        dissemination.onNodeKilled(node, nowNs);
        views.checkConverged(nowNs);
    }

    void onNodeRestarted(final int node, final long nowNs)
    {
        if (views.isLive(node))
        {
            return;
        }
        traffic.accrueLiveTime(nowNs);
        detection.onNodeRestarted(node);
        views.onNodeRestarted(node);
        views.checkConverged(nowNs);
    }

    void onLongPause(final int node)
    {
        falsePositives.onLongPause(node);
    }

    void onDeparted(final int node)
    {
        falsePositives.onDeparted(node);
    }

    void onFrameSent(final int srcNode, final int lengthBytes)
    {
        traffic.onFrameSent(srcNode, lengthBytes);
    }

    void onMessagesSent(final int srcNode, final long count)
    {
        traffic.onMessagesSent(srcNode, count);
    }

    void onFrameDelivered(
        final long nowNs, final int dstNode, final DirectBuffer buffer, final int offset, final int length)
    {
        traffic.onFrameDelivered(length);
        traceHash.onFrameDelivered(nowNs, dstNode, buffer, offset, length);
    }

    void startDissemination(final int member, final long nowNs)
    {
        dissemination.start(member, nowNs);
    }

    // ------------------------------------------------------------------------------------------ queries

    /** @return nanoseconds of the first time every live node saw every other live node ALIVE, or -1 if not yet. */
    public long convergedNs()
    {
        return views.convergedNs();
    }

    /** @return true if right now every live node sees every other live node ALIVE. */
    public boolean isConverged()
    {
        return views.isConverged();
    }

    /** @return (live observer, other live member) pairs in which the observer sees the member ALIVE. */
    public long alivePairs()
    {
        return views.alivePairs();
    }

    /** @return nodes started and not crashed. */
    public int liveCount()
    {
        return views.liveCount();
    }

    /**
     * @param observer node index.
     * @param member   node index.
     * @return the {@link MemberState} the observer last reported for the member ({@link MemberState#NONE} if
     * none or if the observer is not live).
     */
    public int viewOf(final int observer, final int member)
    {
        return views.viewOf(observer, member);
    }

    /**
     * @param member node index.
     * @return live nodes (other than the member) that currently have it DEAD.
     */
    public int deadSeenBy(final int member)
    {
        return views.deadSeenBy(member);
    }

    /** @return indices of every node killed so far, in order of first kill. */
    public int[] killedNodes()
    {
        return detection.killedNodes();
    }

    /**
     * @param node index.
     * @return time of its latest kill, or -1.
     */
    public long killedAtNs(final int node)
    {
        return detection.killedAtNs(node);
    }

    /**
     * @param node index of a killed node.
     * @return first time anyone saw it SUSPECT after its latest kill, or -1.
     */
    public long firstSuspectNs(final int node)
    {
        return detection.firstSuspectNs(node);
    }

    /**
     * @param node index of a killed node.
     * @return first time anyone declared it DEAD after its latest kill, or -1.
     */
    public long firstDeadNs(final int node)
    {
        return detection.firstDeadNs(node);
    }

    /**
     * @param node index of a killed node.
     * @return first time every live node had it DEAD after its latest kill, or -1.
     */
    public long allDeadNs(final int node)
    {
        return detection.allDeadNs(node);
    }

    /**
     * @param node index of a killed node.
     * @return time from kill to the first detection (SUSPECT, or DEAD when that came first), or -1 if undetected.
     */
    public long detectFirstNs(final int node)
    {
        return detection.detectFirstNs(node);
    }

    /**
     * @param node index of a killed node.
     * @return time from kill until every live node had it DEAD, or -1 if not yet.
     */
    public long detectAllNs(final int node)
    {
        return detection.detectAllNs(node);
    }

    /**
     * @return the longest time from kill until every live node had it DEAD, over every node killed and still down;
     * -1 if any of them is not yet dead everywhere, or none was killed.
     */
    public long detectAllNs()
    {
        return detection.detectAllNs();
    }

    /** @return true if every node killed and still down is DEAD at every live node (true when none was killed). */
    public boolean allKilledDetected()
    {
        return detection.allKilledDetected();
    }

    /** @return transitions into SUSPECT, about anyone. */
    public long suspicionEvents()
    {
        return suspicionEvents;
    }

    /** @return transitions into DEAD, about anyone. */
    public long deathEvents()
    {
        return deathEvents;
    }

    /** @return transitions into SUSPECT about healthy members (not across the last partition). */
    public long falseSuspicions()
    {
        return falsePositives.falseSuspicions();
    }

    /**
     * @return false suspicions (and false deaths without a prior suspicion) later refuted: the suspecting node saw
     * the member ALIVE with a higher incarnation.
     */
    public long falseSuspicionsRefuted()
    {
        return falsePositives.falseSuspicionsRefuted();
    }

    /** @return false suspicions not (yet) refuted. */
    public int falseSuspicionsPending()
    {
        return falsePositives.falseSuspicionsPending();
    }

    /** @return transitions into DEAD about healthy members (not across the last partition). */
    public long falsePositiveEvents()
    {
        return falsePositives.falsePositiveEvents();
    }

    /** @return distinct healthy members ever declared DEAD by anyone. */
    public int falsePositiveMembers()
    {
        return falsePositives.falsePositiveMembers();
    }

    /**
     * @param member node index.
     * @return true if the member, while healthy, was ever declared DEAD by someone.
     */
    public boolean isFalsePositiveMember(final int member)
    {
        return falsePositives.isFalsePositiveMember(member);
    }

    /** @return suspicions between nodes separated by the most recent partition. */
    public long partitionSuspicions()
    {
        return falsePositives.partitionSuspicions();
    }

    /** @return deaths declared between nodes separated by the most recent partition. */
    public long partitionDeaths()
    {
        return falsePositives.partitionDeaths();
    }

    /**
     * @param quantile in [0, 1] (1: the last).
     * @return time from the most recent split to that quantile of the deaths declared across it while it stood, in
     * ns, or -1 if none.
     */
    public long partitionDeathDelayNs(final double quantile)
    {
        return falsePositives.partitionDeathDelayNs(quantile);
    }

    /**
     * @param quantile in [0, 1] (1: the last).
     * @return over the pairs the most recent split separated, the time from the member's first suspicion across it
     * to this observer's first SUSPECT or DEAD, at that quantile, in ns, or -1 if none.
     */
    public long partitionSpreadLagNs(final double quantile)
    {
        return falsePositives.partitionSpreadLagNs(quantile);
    }

    void onPartition(final long nowNs)
    {
        falsePositives.onPartition(nowNs);
    }

    /** @return refutations reported by nodes (a node raising its incarnation). */
    public long refutations()
    {
        return refutations;
    }

    /** @return metadata change events. */
    public long metadataEvents()
    {
        return metadataEvents;
    }

    /** @return events whose old state differed from the state last reported by the same node (should be 0). */
    public long observerInconsistencies()
    {
        return views.observerInconsistencies();
    }

    /** @return events naming a node index or member id outside the simulation (should be 0). */
    public long unknownMemberEvents()
    {
        return unknownMemberEvents;
    }

    /** @return metadata updates started. */
    public int disseminationCount()
    {
        return dissemination.count();
    }

    /**
     * @param index of a metadata update, in order started.
     * @return node index of the updated member.
     */
    public int disseminationMember(final int index)
    {
        return dissemination.member(index);
    }

    /**
     * @param index of a metadata update.
     * @return time from the update until every live node had seen it, or -1 if not yet.
     */
    public long disseminationNs(final int index)
    {
        return dissemination.durationNs(index);
    }

    /**
     * @param index of a metadata update.
     * @return live nodes (other than the member) that have seen it.
     */
    public int disseminationSeen(final int index)
    {
        return dissemination.seen(index);
    }

    /**
     * When each live node (other than the member) first saw a metadata update, in the order they saw it, up to the
     * moment every live node had it. A node killed meanwhile keeps its entry (the count in
     * {@link #disseminationSeen(int)} drops, this list does not).
     *
     * @param index of a metadata update.
     * @return times from the update to each node's first sight of it, in nanoseconds, ascending (a copy).
     */
    public long[] disseminationArrivalsNs(final int index)
    {
        return dissemination.arrivalsNs(index);
    }

    /**
     * @param index of a metadata update.
     * @return time from the update until every live node (other than the member) had received the bytes of its
     * version or a newer one, or -1 if not yet.
     */
    public long disseminationBytesNs(final int index)
    {
        return dissemination.bytesDurationNs(index);
    }

    /**
     * @param index of a metadata update.
     * @return live nodes (other than the member) that have received its bytes.
     */
    public int disseminationBytesHeld(final int index)
    {
        return dissemination.bytesHeld(index);
    }

    /**
     * When each live node (other than the member) first received the bytes of a metadata update, ascending, as
     * {@link #disseminationArrivalsNs(int)} does for the version.
     *
     * @param index of a metadata update.
     * @return times from the update to each node's receipt of the bytes, in nanoseconds (a copy).
     */
    public long[] disseminationBytesArrivalsNs(final int index)
    {
        return dissemination.bytesArrivalsNs(index);
    }

    /** @return the 64-bit trace hash of every delivered frame and every membership event so far. */
    public long traceHash()
    {
        return traceHash.value();
    }

    /** @return messages sent (counted by the frame packer). */
    public long messagesSent()
    {
        return traffic.messagesSent();
    }

    /** @return frames handed to the network. */
    public long framesSent()
    {
        return traffic.framesSent();
    }

    /** @return bytes handed to the network (whole frames). */
    public long bytesSent()
    {
        return traffic.bytesSent();
    }

    /** @return frames delivered to a node. */
    public long framesDelivered()
    {
        return traffic.framesDelivered();
    }

    /** @return bytes delivered to nodes. */
    public long bytesDelivered()
    {
        return traffic.bytesDelivered();
    }

    /**
     * @param node index.
     * @return messages the node sent.
     */
    public long messagesSent(final int node)
    {
        return traffic.messagesSent(node);
    }

    /**
     * @param node index.
     * @return bytes the node sent.
     */
    public long bytesSent(final int node)
    {
        return traffic.bytesSent(node);
    }

    /**
     * @param nowNs current time.
     * @return sum over nodes of the time each was live, up to now.
     */
    public long liveNodeNs(final long nowNs)
    {
        return traffic.liveNodeNs(nowNs);
    }

    /**
     * Start a measurement window for the per-node traffic rates.
     *
     * @param nowNs current time.
     */
    public void markWindow(final long nowNs)
    {
        traffic.markWindow(nowNs);
    }

    /**
     * @param nowNs current time.
     * @return live node-time since {@link #markWindow(long)}.
     */
    public long windowLiveNodeNs(final long nowNs)
    {
        return traffic.windowLiveNodeNs(nowNs);
    }

    /** @return start of the measurement window. */
    public long windowStartNs()
    {
        return traffic.windowStartNs();
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return messages sent per live node per period since {@link #markWindow(long)}.
     */
    public double messagesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return traffic.messagesPerNodePerPeriod(nowNs, periodNs);
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return frames sent per live node per period since {@link #markWindow(long)}.
     */
    public double framesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return traffic.framesPerNodePerPeriod(nowNs, periodNs);
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return bytes sent per live node per period since {@link #markWindow(long)}.
     */
    public double bytesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return traffic.bytesPerNodePerPeriod(nowNs, periodNs);
    }
}

package io.starling.engine.sim;

import java.util.Arrays;

import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.SeededRandom;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

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
 */
public final class SimMetrics implements MembershipObserver
{
    private static final byte NONE = (byte)MemberState.NONE;
    private static final long HASH_MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long NOT_SET = -1;

    private final int nodeCount;
    private final int firstNodeId;
    private final byte[][] view;
    private final boolean[] started;
    private final boolean[] live;
    private final boolean[] crashed;
    private final boolean[] everKilled;
    private final boolean[] longPaused;
    private final boolean[] departed;
    private final int[] deadSeenBy;
    private final long[] killedAtNs;
    private final long[] firstSuspectNs;
    private final long[] firstDeadNs;
    private final long[] allDeadNs;
    private final boolean[] inKilledList;
    private final IntArrayList killedNodes = new IntArrayList();
    private final IntArrayList awaitingAllDead = new IntArrayList();
    private final boolean[] falsePositiveMember;
    private final Long2LongHashMap pendingSuspicions = new Long2LongHashMap(NOT_SET);
    private final long[] messagesByNode;
    private final long[] bytesByNode;
    private NetworkModel network;

    private int startedCount;
    private int liveCount;
    private long alivePairs;
    private long convergedNs = NOT_SET;

    private long suspicionEvents;
    private long deathEvents;
    private long falseSuspicions;
    private long falseSuspicionsRefuted;
    private long falsePositiveEvents;
    private int falsePositiveMembers;
    private long partitionSuspicions;
    private long partitionDeaths;
    private long refutations;
    private long metadataEvents;
    private long observerInconsistencies;
    private long unknownMemberEvents;

    private long messagesSent;
    private long framesSent;
    private long bytesSent;
    private long framesDelivered;
    private long bytesDelivered;
    private long liveNodeNs;
    private long lastLiveChangeNs;

    private long markMessagesSent;
    private long markFramesSent;
    private long markBytesSent;
    private long markLiveNodeNs;
    private long markNs;

    private final int[] currentDissemination;
    private int disseminationCount;
    private int[] dissMember = new int[8];
    private long[] dissStartNs = new long[8];
    private long[] dissDoneNs = new long[8];
    private int[] dissSeen = new int[8];
    private long[][] dissSeenBits = new long[8][];
    private long[][] dissArrivalNs = new long[8][];
    private int[] dissArrivals = new int[8];
    /** The member's metadata version after each update (from its own event), -1 until known. */
    private int[] dissVersion = new int[8];
    private long[] dissBytesDoneNs = new long[8];
    private int[] dissBytesHeld = new int[8];
    private long[][] dissBytesBits = new long[8][];
    private long[][] dissBytesArrivalNs = new long[8][];
    private int[] dissBytesArrivals = new int[8];
    private final IntArrayList activeDisseminations = new IntArrayList();

    private long traceHash = 0x5354_4152_4C49_4E47L;

    /**
     * @param nodeCount   nodes in the simulation.
     * @param firstNodeId node id of node index 0; node i has id firstNodeId + i.
     */
    public SimMetrics(final int nodeCount, final int firstNodeId)
    {
        this.nodeCount = nodeCount;
        this.firstNodeId = firstNodeId;
        view = new byte[nodeCount][];
        for (int i = 0; i < nodeCount; i++)
        {
            view[i] = new byte[nodeCount];
            Arrays.fill(view[i], NONE);
        }
        started = new boolean[nodeCount];
        live = new boolean[nodeCount];
        crashed = new boolean[nodeCount];
        everKilled = new boolean[nodeCount];
        longPaused = new boolean[nodeCount];
        departed = new boolean[nodeCount];
        deadSeenBy = new int[nodeCount];
        killedAtNs = new long[nodeCount];
        firstSuspectNs = new long[nodeCount];
        firstDeadNs = new long[nodeCount];
        allDeadNs = new long[nodeCount];
        Arrays.fill(killedAtNs, NOT_SET);
        Arrays.fill(firstSuspectNs, NOT_SET);
        Arrays.fill(firstDeadNs, NOT_SET);
        Arrays.fill(allDeadNs, NOT_SET);
        inKilledList = new boolean[nodeCount];
        falsePositiveMember = new boolean[nodeCount];
        messagesByNode = new long[nodeCount];
        bytesByNode = new long[nodeCount];
        currentDissemination = new int[nodeCount];
        Arrays.fill(currentDissemination, -1);
    }

    void network(final NetworkModel network)
    {
        this.network = network;
    }

    // ------------------------------------------------------------------------------------------ membership events

    /**
     * {@inheritDoc}
     */
    public void onMemberStateChange(
        final long nowNs,
        final int nodeIndex,
        final int observerId,
        final int memberId,
        final int oldState,
        final int newState,
        final int incarnation)
    {
        traceHash = mixHash(mixHash(mixHash(mixHash(traceHash, nowNs), ((long)nodeIndex << 32) | (memberId & 0xFFFF_FFFFL)),
            ((long)oldState << 40) | ((long)newState << 32) | (incarnation & 0xFFFF_FFFFL)), 1);

        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            unknownMemberEvents++;
            return;
        }

        final byte[] row = view[o];
        final int prev = row[m] & 0xFF;
        if (prev != oldState)
        {
            observerInconsistencies++;
        }
        row[m] = (byte)newState;
        if (o == m || !live[o])
        {
            return;
        }

        if (live[m])
        {
            alivePairs += (MemberState.ALIVE == newState ? 1 : 0) - (MemberState.ALIVE == prev ? 1 : 0);
            if (MemberState.ALIVE == newState)
            {
                checkConverged(nowNs);
            }
        }
        deadSeenBy[m] += (MemberState.DEAD == newState ? 1 : 0) - (MemberState.DEAD == prev ? 1 : 0);

        if (newState == prev)
        {
            return;
        }

        switch (newState)
        {
            case MemberState.SUSPECT:
                suspicionEvents++;
                if (crashed[m])
                {
                    if (NOT_SET == firstSuspectNs[m])
                    {
                        firstSuspectNs[m] = nowNs;
                    }
                }
                else if (!faulty(m))
                {
                    if (null != network && network.separatedByLastPartition(o, m))
                    {
                        partitionSuspicions++;
                    }
                    else
                    {
                        falseSuspicions++;
                        recordPendingSuspicion(o, m, incarnation);
                    }
                }
                break;

            case MemberState.DEAD:
                deathEvents++;
                if (crashed[m])
                {
                    if (NOT_SET == firstDeadNs[m])
                    {
                        firstDeadNs[m] = nowNs;
                    }
                    checkAllDead(m, nowNs);
                }
                else if (!faulty(m))
                {
                    if (null != network && network.separatedByLastPartition(o, m))
                    {
                        partitionDeaths++;
                    }
                    else
                    {
                        falsePositiveEvents++;
                        if (!falsePositiveMember[m])
                        {
                            falsePositiveMember[m] = true;
                            falsePositiveMembers++;
                        }
                        if (MemberState.SUSPECT != prev)
                        {
                            recordPendingSuspicion(o, m, incarnation);
                        }
                    }
                }
                break;

            case MemberState.ALIVE:
                if (!pendingSuspicions.isEmpty())
                {
                    final long key = pairKey(o, m);
                    final long pending = pendingSuspicions.get(key);
                    if (NOT_SET != pending && incarnation > (int)pending)
                    {
                        falseSuspicionsRefuted += pending >>> 32;
                        pendingSuspicions.remove(key);
                    }
                }
                break;

            default:
                break;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMemberMetadata(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        traceHash = mixHash(mixHash(mixHash(traceHash, nowNs), ((long)nodeIndex << 32) | (memberId & 0xFFFF_FFFFL)),
            ((long)metaVersion << 8) | 2);
        metadataEvents++;

        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            unknownMemberEvents++;
            return;
        }
        final int d = currentDissemination[m];
        if (d >= 0 && o == m && dissVersion[d] < 0)
        {
            dissVersion[d] = metaVersion;
        }
        if (d < 0 || o == m || !live[o] || dissDoneNs[d] >= 0)
        {
            return;
        }
        final long[] bits = dissSeenBits[d];
        final long mask = 1L << o;
        if (0 == (bits[o >>> 6] & mask))
        {
            bits[o >>> 6] |= mask;
            final long[] arrivals = dissArrivalNs[d];
            if (dissArrivals[d] < arrivals.length)
            {
                arrivals[dissArrivals[d]++] = nowNs - dissStartNs[d];
            }
            dissSeen[d]++;
            checkDisseminated(d, nowNs);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMemberMetadataReceived(
        final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int metaVersion)
    {
        final int o = nodeIndex;
        final int m = memberId - firstNodeId;
        if (o < 0 || o >= nodeCount || m < 0 || m >= nodeCount)
        {
            return;
        }
        final int d = currentDissemination[m];
        if (d < 0 || o == m || !live[o] || dissBytesDoneNs[d] >= 0 || dissVersion[d] < 0 ||
            (short)(metaVersion - dissVersion[d]) < 0)
        {
            return;
        }
        final long[] bits = dissBytesBits[d];
        final long mask = 1L << o;
        if (0 == (bits[o >>> 6] & mask))
        {
            bits[o >>> 6] |= mask;
            final long[] arrivals = dissBytesArrivalNs[d];
            if (dissBytesArrivals[d] < arrivals.length)
            {
                arrivals[dissBytesArrivals[d]++] = nowNs - dissStartNs[d];
            }
            dissBytesHeld[d]++;
            checkDisseminated(d, nowNs);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onRefute(final long nowNs, final int nodeIndex, final int nodeId, final int incarnation)
    {
        traceHash = mixHash(mixHash(mixHash(traceHash, nowNs), ((long)nodeIndex << 32) | (nodeId & 0xFFFF_FFFFL)),
            ((long)incarnation << 8) | 3);
        refutations++;
    }

    // ------------------------------------------------------------------------------------------ lifecycle (sim)

    void onNodeStarted(final int node, final long nowNs)
    {
        accrueLiveTime(nowNs);
        if (!started[node])
        {
            started[node] = true;
            startedCount++;
        }
        makeLive(node);
        checkConverged(nowNs);
    }

    void onNodeKilled(final int node, final long nowNs)
    {
        if (!live[node])
        {
            return;
        }
        accrueLiveTime(nowNs);

        final byte[] row = view[node];
        for (int m = 0; m < nodeCount; m++)
        {
            final byte s = row[m];
            if (m != node)
            {
                if (MemberState.ALIVE == s && live[m])
                {
                    alivePairs--;
                }
                if (MemberState.DEAD == s)
                {
                    deadSeenBy[m]--;
                }
            }
        }
        Arrays.fill(row, NONE);
        for (int o = 0; o < nodeCount; o++)
        {
            if (o != node && live[o] && MemberState.ALIVE == view[o][node])
            {
                alivePairs--;
            }
        }

        live[node] = false;
        liveCount--;
        crashed[node] = true;
        everKilled[node] = true;
        killedAtNs[node] = nowNs;
        firstSuspectNs[node] = NOT_SET;
        firstDeadNs[node] = NOT_SET;
        allDeadNs[node] = NOT_SET;
        if (!inKilledList[node])
        {
            inKilledList[node] = true;
            killedNodes.addInt(node);
        }
        awaitingAllDead.addInt(node);

        for (int i = awaitingAllDead.size() - 1; i >= 0; i--)
        {
            checkAllDead(awaitingAllDead.getInt(i), nowNs);
        }
        for (int i = activeDisseminations.size() - 1; i >= 0; i--)
        {
            final int d = activeDisseminations.getInt(i);
            if (0 != (dissSeenBits[d][node >>> 6] & (1L << node)))
            {
                dissSeenBits[d][node >>> 6] &= ~(1L << node);
                dissSeen[d]--;
            }
            if (0 != (dissBytesBits[d][node >>> 6] & (1L << node)))
            {
                dissBytesBits[d][node >>> 6] &= ~(1L << node);
                dissBytesHeld[d]--;
            }
            checkDisseminated(d, nowNs);
        }
        checkConverged(nowNs);
    }

    void onNodeRestarted(final int node, final long nowNs)
    {
        if (live[node])
        {
            return;
        }
        accrueLiveTime(nowNs);
        crashed[node] = false;
        awaitingAllDead.removeInt(node);
        makeLive(node);
        checkConverged(nowNs);
    }

    void onLongPause(final int node)
    {
        longPaused[node] = true;
    }

    void onDeparted(final int node)
    {
        departed[node] = true;
    }

    void onFrameSent(final int srcNode, final int lengthBytes)
    {
        framesSent++;
        bytesSent += lengthBytes;
        bytesByNode[srcNode] += lengthBytes;
    }

    void onMessagesSent(final int srcNode, final long count)
    {
        messagesSent += count;
        if (srcNode >= 0)
        {
            messagesByNode[srcNode] += count;
        }
    }

    void onFrameDelivered(
        final long nowNs, final int dstNode, final DirectBuffer buffer, final int offset, final int length)
    {
        framesDelivered++;
        bytesDelivered += length;
        long h = mixHash(mixHash(traceHash, nowNs), ((long)dstNode << 32) | length);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = mixHash(h, buffer.getLong(offset + i));
        }
        long tail = 0;
        for (; i < length; i++)
        {
            tail = (tail << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        traceHash = mixHash(h, tail);
    }

    void startDissemination(final int member, final long nowNs)
    {
        final int d = disseminationCount++;
        if (d == dissMember.length)
        {
            final int n = d * 2;
            dissMember = Arrays.copyOf(dissMember, n);
            dissStartNs = Arrays.copyOf(dissStartNs, n);
            dissDoneNs = Arrays.copyOf(dissDoneNs, n);
            dissSeen = Arrays.copyOf(dissSeen, n);
            dissSeenBits = Arrays.copyOf(dissSeenBits, n);
            dissArrivalNs = Arrays.copyOf(dissArrivalNs, n);
            dissArrivals = Arrays.copyOf(dissArrivals, n);
            dissVersion = Arrays.copyOf(dissVersion, n);
            dissBytesDoneNs = Arrays.copyOf(dissBytesDoneNs, n);
            dissBytesHeld = Arrays.copyOf(dissBytesHeld, n);
            dissBytesBits = Arrays.copyOf(dissBytesBits, n);
            dissBytesArrivalNs = Arrays.copyOf(dissBytesArrivalNs, n);
            dissBytesArrivals = Arrays.copyOf(dissBytesArrivals, n);
        }
        final int previous = currentDissemination[member];
        if (previous >= 0 && (dissDoneNs[previous] < 0 || dissBytesDoneNs[previous] < 0))
        {
            activeDisseminations.removeInt(previous);
        }
        dissMember[d] = member;
        dissStartNs[d] = nowNs;
        dissDoneNs[d] = NOT_SET;
        dissSeen[d] = 0;
        dissSeenBits[d] = new long[(nodeCount + 63) >>> 6];
        dissArrivalNs[d] = new long[nodeCount];
        dissArrivals[d] = 0;
        dissVersion[d] = -1;
        dissBytesDoneNs[d] = NOT_SET;
        dissBytesHeld[d] = 0;
        dissBytesBits[d] = new long[(nodeCount + 63) >>> 6];
        dissBytesArrivalNs[d] = new long[nodeCount];
        dissBytesArrivals[d] = 0;
        currentDissemination[member] = d;
        activeDisseminations.addInt(d);
        checkDisseminated(d, nowNs);
    }

    // ------------------------------------------------------------------------------------------ queries

    /**
     * @return nanoseconds of the first time every live node saw every other live node ALIVE, or -1 if not yet.
     */
    public long convergedNs()
    {
        return convergedNs;
    }

    /**
     * @return true if right now every live node sees every other live node ALIVE.
     */
    public boolean isConverged()
    {
        return startedCount == nodeCount && alivePairs == (long)liveCount * (liveCount - 1);
    }

    /**
     * @return (live observer, other live member) pairs in which the observer sees the member ALIVE.
     */
    public long alivePairs()
    {
        return alivePairs;
    }

    /**
     * @return nodes started and not crashed.
     */
    public int liveCount()
    {
        return liveCount;
    }

    /**
     * @param observer node index.
     * @param member   node index.
     * @return the {@link MemberState} the observer last reported for the member ({@link MemberState#NONE} if
     * none or if the observer is not live).
     */
    public int viewOf(final int observer, final int member)
    {
        return view[observer][member] & 0xFF;
    }

    /**
     * @param member node index.
     * @return live nodes (other than the member) that currently have it DEAD.
     */
    public int deadSeenBy(final int member)
    {
        return deadSeenBy[member];
    }

    /**
     * @return indices of every node killed so far, in order of first kill.
     */
    public int[] killedNodes()
    {
        return killedNodes.toIntArray();
    }

    /**
     * @param node index.
     * @return time of its latest kill, or -1.
     */
    public long killedAtNs(final int node)
    {
        return killedAtNs[node];
    }

    /**
     * @param node index of a killed node.
     * @return first time anyone saw it SUSPECT after its latest kill, or -1.
     */
    public long firstSuspectNs(final int node)
    {
        return firstSuspectNs[node];
    }

    /**
     * @param node index of a killed node.
     * @return first time anyone declared it DEAD after its latest kill, or -1.
     */
    public long firstDeadNs(final int node)
    {
        return firstDeadNs[node];
    }

    /**
     * @param node index of a killed node.
     * @return first time every live node had it DEAD after its latest kill, or -1.
     */
    public long allDeadNs(final int node)
    {
        return allDeadNs[node];
    }

    /**
     * @param node index of a killed node.
     * @return time from kill to the first detection (SUSPECT, or DEAD when that came first), or -1 if undetected.
     */
    public long detectFirstNs(final int node)
    {
        final long s = firstSuspectNs[node];
        final long d = firstDeadNs[node];
        final long first = NOT_SET == s ? d : (NOT_SET == d ? s : Math.min(s, d));
        return NOT_SET == first || NOT_SET == killedAtNs[node] ? NOT_SET : first - killedAtNs[node];
    }

    /**
     * @param node index of a killed node.
     * @return time from kill until every live node had it DEAD, or -1 if not yet.
     */
    public long detectAllNs(final int node)
    {
        return NOT_SET == allDeadNs[node] || NOT_SET == killedAtNs[node] ? NOT_SET : allDeadNs[node] - killedAtNs[node];
    }

    /**
     * @return the longest time from kill until every live node had it DEAD, over every node killed and still down;
     * -1 if any of them is not yet dead everywhere, or none was killed.
     */
    public long detectAllNs()
    {
        long max = NOT_SET;
        for (int i = 0, n = killedNodes.size(); i < n; i++)
        {
            final int k = killedNodes.getInt(i);
            if (crashed[k])
            {
                final long t = detectAllNs(k);
                if (NOT_SET == t)
                {
                    return NOT_SET;
                }
                max = Math.max(max, t);
            }
        }
        return max;
    }

    /**
     * @return true if every node killed and still down is DEAD at every live node (true when none was killed).
     */
    public boolean allKilledDetected()
    {
        return awaitingAllDead.isEmpty();
    }

    /**
     * @return transitions into SUSPECT, about anyone.
     */
    public long suspicionEvents()
    {
        return suspicionEvents;
    }

    /**
     * @return transitions into DEAD, about anyone.
     */
    public long deathEvents()
    {
        return deathEvents;
    }

    /**
     * @return transitions into SUSPECT about healthy members (not across the last partition).
     */
    public long falseSuspicions()
    {
        return falseSuspicions;
    }

    /**
     * @return false suspicions (and false deaths without a prior suspicion) later refuted: the suspecting node saw
     * the member ALIVE with a higher incarnation.
     */
    public long falseSuspicionsRefuted()
    {
        return falseSuspicionsRefuted;
    }

    /**
     * @return false suspicions not (yet) refuted.
     */
    public int falseSuspicionsPending()
    {
        return pendingSuspicions.size();
    }

    /**
     * @return transitions into DEAD about healthy members (not across the last partition).
     */
    public long falsePositiveEvents()
    {
        return falsePositiveEvents;
    }

    /**
     * @return distinct healthy members ever declared DEAD by anyone.
     */
    public int falsePositiveMembers()
    {
        return falsePositiveMembers;
    }

    /**
     * @param member node index.
     * @return true if the member, while healthy, was ever declared DEAD by someone.
     */
    public boolean isFalsePositiveMember(final int member)
    {
        return falsePositiveMember[member];
    }

    /**
     * @return suspicions between nodes separated by the most recent partition.
     */
    public long partitionSuspicions()
    {
        return partitionSuspicions;
    }

    /**
     * @return deaths declared between nodes separated by the most recent partition.
     */
    public long partitionDeaths()
    {
        return partitionDeaths;
    }

    /**
     * @return refutations reported by nodes (a node raising its incarnation).
     */
    public long refutations()
    {
        return refutations;
    }

    /**
     * @return metadata change events.
     */
    public long metadataEvents()
    {
        return metadataEvents;
    }

    /**
     * @return events whose old state differed from the state last reported by the same node (should be 0).
     */
    public long observerInconsistencies()
    {
        return observerInconsistencies;
    }

    /**
     * @return events naming a node index or member id outside the simulation (should be 0).
     */
    public long unknownMemberEvents()
    {
        return unknownMemberEvents;
    }

    /**
     * @return metadata updates started.
     */
    public int disseminationCount()
    {
        return disseminationCount;
    }

    /**
     * @param index of a metadata update, in order started.
     * @return node index of the updated member.
     */
    public int disseminationMember(final int index)
    {
        return dissMember[index];
    }

    /**
     * @param index of a metadata update.
     * @return time from the update until every live node had seen it, or -1 if not yet.
     */
    public long disseminationNs(final int index)
    {
        return dissDoneNs[index] < 0 ? NOT_SET : dissDoneNs[index] - dissStartNs[index];
    }

    /**
     * @param index of a metadata update.
     * @return live nodes (other than the member) that have seen it.
     */
    public int disseminationSeen(final int index)
    {
        return dissSeen[index];
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
        return Arrays.copyOf(dissArrivalNs[index], dissArrivals[index]);
    }

    /**
     * @param index of a metadata update.
     * @return time from the update until every live node (other than the member) had received the bytes of its
     * version or a newer one, or -1 if not yet.
     */
    public long disseminationBytesNs(final int index)
    {
        return dissBytesDoneNs[index] < 0 ? NOT_SET : dissBytesDoneNs[index] - dissStartNs[index];
    }

    /**
     * @param index of a metadata update.
     * @return live nodes (other than the member) that have received its bytes.
     */
    public int disseminationBytesHeld(final int index)
    {
        return dissBytesHeld[index];
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
        return Arrays.copyOf(dissBytesArrivalNs[index], dissBytesArrivals[index]);
    }

    /**
     * @return the 64-bit trace hash of every delivered frame and every membership event so far.
     */
    public long traceHash()
    {
        return SeededRandom.mix64(traceHash);
    }

    /**
     * @return messages sent (counted by the frame packer).
     */
    public long messagesSent()
    {
        return messagesSent;
    }

    /**
     * @return frames handed to the network.
     */
    public long framesSent()
    {
        return framesSent;
    }

    /**
     * @return bytes handed to the network (whole frames).
     */
    public long bytesSent()
    {
        return bytesSent;
    }

    /**
     * @return frames delivered to a node.
     */
    public long framesDelivered()
    {
        return framesDelivered;
    }

    /**
     * @return bytes delivered to nodes.
     */
    public long bytesDelivered()
    {
        return bytesDelivered;
    }

    /**
     * @param node index.
     * @return messages the node sent.
     */
    public long messagesSent(final int node)
    {
        return messagesByNode[node];
    }

    /**
     * @param node index.
     * @return bytes the node sent.
     */
    public long bytesSent(final int node)
    {
        return bytesByNode[node];
    }

    /**
     * @param nowNs current time.
     * @return sum over nodes of the time each was live, up to now.
     */
    public long liveNodeNs(final long nowNs)
    {
        return liveNodeNs + (long)liveCount * (nowNs - lastLiveChangeNs);
    }

    /**
     * Start a measurement window for the per-node traffic rates.
     *
     * @param nowNs current time.
     */
    public void markWindow(final long nowNs)
    {
        markMessagesSent = messagesSent;
        markFramesSent = framesSent;
        markBytesSent = bytesSent;
        markLiveNodeNs = liveNodeNs(nowNs);
        markNs = nowNs;
    }

    /**
     * @param nowNs current time.
     * @return live node-time since {@link #markWindow(long)}.
     */
    public long windowLiveNodeNs(final long nowNs)
    {
        return liveNodeNs(nowNs) - markLiveNodeNs;
    }

    /**
     * @return start of the measurement window.
     */
    public long windowStartNs()
    {
        return markNs;
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return messages sent per live node per period since {@link #markWindow(long)}.
     */
    public double messagesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(messagesSent - markMessagesSent, nowNs, periodNs);
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return frames sent per live node per period since {@link #markWindow(long)}.
     */
    public double framesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(framesSent - markFramesSent, nowNs, periodNs);
    }

    /**
     * @param nowNs    current time.
     * @param periodNs protocol period.
     * @return bytes sent per live node per period since {@link #markWindow(long)}.
     */
    public double bytesPerNodePerPeriod(final long nowNs, final long periodNs)
    {
        return perNodePeriod(bytesSent - markBytesSent, nowNs, periodNs);
    }

    private double perNodePeriod(final long amount, final long nowNs, final long periodNs)
    {
        final long nodeNs = liveNodeNs(nowNs) - markLiveNodeNs;
        return nodeNs <= 0 ? 0.0 : amount / ((double)nodeNs / periodNs);
    }

    // ------------------------------------------------------------------------------------------ internals

    private boolean faulty(final int member)
    {
        return everKilled[member] || longPaused[member] || departed[member];
    }

    private void recordPendingSuspicion(final int o, final int m, final int incarnation)
    {
        final long key = pairKey(o, m);
        final long pending = pendingSuspicions.get(key);
        final long count = NOT_SET == pending ? 1 : (pending >>> 32) + 1;
        pendingSuspicions.put(key, (count << 32) | (incarnation & 0xFFFF_FFFFL));
    }

    private void makeLive(final int node)
    {
        live[node] = true;
        liveCount++;
        for (int o = 0; o < nodeCount; o++)
        {
            if (o != node && live[o] && MemberState.ALIVE == view[o][node])
            {
                alivePairs++;
            }
        }
    }

    private void accrueLiveTime(final long nowNs)
    {
        liveNodeNs += (long)liveCount * (nowNs - lastLiveChangeNs);
        lastLiveChangeNs = nowNs;
    }

    private void checkConverged(final long nowNs)
    {
        if (NOT_SET == convergedNs && isConverged() && liveCount > 0)
        {
            convergedNs = nowNs;
        }
    }

    private void checkAllDead(final int member, final long nowNs)
    {
        if (NOT_SET == allDeadNs[member] && crashed[member] && deadSeenBy[member] >= liveCount)
        {
            allDeadNs[member] = nowNs;
            awaitingAllDead.removeInt(member);
        }
    }

    private void checkDisseminated(final int d, final long nowNs)
    {
        final int member = dissMember[d];
        final int needed = liveCount - (live[member] ? 1 : 0);
        if (dissDoneNs[d] < 0 && dissSeen[d] >= needed)
        {
            dissDoneNs[d] = nowNs;
        }
        if (dissBytesDoneNs[d] < 0 && dissVersion[d] >= 0 && dissBytesHeld[d] >= needed)
        {
            dissBytesDoneNs[d] = nowNs;
        }
        if (dissDoneNs[d] >= 0 && dissBytesDoneNs[d] >= 0)
        {
            activeDisseminations.removeInt(d);
        }
    }

    private static long pairKey(final int o, final int m)
    {
        return ((long)o << 32) | (m & 0xFFFF_FFFFL);
    }

    private static long mixHash(final long h, final long v)
    {
        final long x = (h ^ v) * HASH_MULTIPLIER;
        return x ^ (x >>> 29);
    }
}

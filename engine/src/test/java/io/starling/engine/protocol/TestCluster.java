package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import io.starling.engine.metrics.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A small in-test event loop for unit tests of {@link SwimNode}: a handful of nodes, fixed latency, optional loss,
 * blocked links and crashed nodes. The full simulator lives in the sim package; this harness keeps the protocol's
 * unit tests independent of it.
 */
final class TestCluster implements TimerService, FrameSink, RandomSource
{
    static final int IPV4 = 0x0A000000;
    static final int BASE_PORT = 20_000;

    private record Event(long timeNs, long seq, int node, long timerId, int kind, int arg, byte[] frame)
    {
    }

    final ProtocolConfig config;
    final MemberDirectory directory = new MemberDirectory(64);
    /** Each node's directory: the shared one, or one per node when each node stands for a process of its own. */
    final List<MemberDirectory> directories = new ArrayList<>();
    private final boolean directoryPerNode;
    final List<SwimNode> nodes = new ArrayList<>();
    final List<String> trace = new ArrayList<>();
    final long[] counters = new long[EngineCounters.SINK_COUNT];
    final boolean[] crashed = new boolean[256];
    final long[] framesTo = new long[256];
    /** Bytes of every frame sent, by destination endpoint ({@code ipv4 << 32 | port}), delivered or not. */
    final java.util.Map<Long, Long> bytesToEndpoint = new java.util.HashMap<>();
    final boolean[][] blocked = new boolean[256][256];
    private final PriorityQueue<Event> events = new PriorityQueue<>(
        (a, b) -> a.timeNs != b.timeNs ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private final java.util.Set<Long> cancelled = new java.util.HashSet<>();
    private final SplittableRandom rng;
    final FramePacker packer;
    private final long latencyNs;
    double loss;
    /**
     * Frames one node may send another at one instant before the rest of that burst is dropped (0: no limit), as a
     * publication's flow-control window towards another process cuts a burst sent in one duty cycle.
     */
    int burstFramesPerLink;
    private long burstNs = -1;
    private int burstSrc = -1;
    private int burstDst = -1;
    private int burstFrames;
    long framesCutFromBursts;
    long nowNs;
    private long seq;
    private long nextTimerId = 1;
    int currentNode;

    TestCluster(final ProtocolConfig config, final long seed, final long latencyNs)
    {
        this(config, seed, latencyNs, false);
    }

    /**
     * @param directoryPerNode true to give each node its own {@link MemberDirectory}, as nodes in separate processes
     *                         have (endpoints and metadata bytes are then held per node).
     */
    TestCluster(final ProtocolConfig config, final long seed, final long latencyNs, final boolean directoryPerNode)
    {
        this.directoryPerNode = directoryPerNode;
        this.config = config.conclude();
        this.rng = new SplittableRandom(seed);
        this.latencyNs = latencyNs;
        this.packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), this,
            (id, delta) -> counters[id] += delta);
    }

    MembershipObserver observer = new MembershipObserver()
    {
        public void onMemberStateChange(
            final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
            final int newState, final int incarnation)
        {
            trace.add(nowNs + " " + observerId + " sees " + memberId + " " + MemberState.name(oldState) + "->" +
                MemberState.name(newState) + " inc=" + incarnation);
        }
    };

    SwimNode addNode(final int nodeId, final boolean seedNodeZero)
    {
        final int index = nodes.size();
        final MembershipObserver delegating = new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int memberId, final int oldState,
                final int newState, final int incarnation)
            {
                observer.onMemberStateChange(nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation);
            }

            public void onPingAck(
                final long nowNs, final int nodeIndex, final int memberId, final long correlationId, final long rttNs)
            {
                observer.onPingAck(nowNs, nodeIndex, memberId, correlationId, rttNs);
            }

            public void onPingTimeout(
                final long nowNs, final int nodeIndex, final int memberId, final long correlationId)
            {
                observer.onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
            }

            public void onNodeIdConflict(
                final long nowNs, final int nodeIndex, final int nodeId, final int otherIpv4, final int otherPort)
            {
                observer.onNodeIdConflict(nowNs, nodeIndex, nodeId, otherIpv4, otherPort);
            }
        };
        final MemberDirectory nodeDirectory = directoryPerNode ? new MemberDirectory(64) : directory;
        directories.add(nodeDirectory);
        final SwimNode node = new SwimNode(config, index, nodeId, IPV4, BASE_PORT + index, nodeDirectory, this,
            this, packer, delegating, (id, delta) -> counters[id] += delta);
        if (seedNodeZero && index > 0)
        {
            node.addSeed(IPV4, BASE_PORT);
        }
        nodes.add(node);
        return node;
    }

    void replaceNode(final int index, final SwimNode node)
    {
        nodes.set(index, node);
    }

    void startAll()
    {
        for (final SwimNode node : nodes)
        {
            currentNode = node.nodeIndex();
            node.start(nowNs);
        }
    }

    void runUntil(final long untilNs)
    {
        while (!events.isEmpty() && events.peek().timeNs <= untilNs)
        {
            final Event e = events.poll();
            nowNs = e.timeNs;
            if (crashed[e.node])
            {
                continue;
            }
            currentNode = e.node;
            final SwimNode node = nodes.get(e.node);
            if (null != e.frame)
            {
                node.onFrame(nowNs, new UnsafeBuffer(e.frame), 0, e.frame.length);
            }
            else if (!cancelled.remove(e.timerId))
            {
                node.onTimer(nowNs, e.timerId, e.kind, e.arg);
            }
        }
        nowNs = untilNs;
    }

    void runPeriods(final double periods)
    {
        runUntil(nowNs + (long)(periods * config.probeIntervalNs()));
    }

    int stateOf(final int observerIndex, final int memberId)
    {
        return nodes.get(observerIndex).memberState(memberId);
    }

    boolean allSee(final int memberId, final int state)
    {
        for (final SwimNode n : nodes)
        {
            if (!crashed[n.nodeIndex()] && n.nodeId() != memberId && n.memberState(memberId) != state)
            {
                return false;
            }
        }
        return true;
    }

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final long id = nextTimerId++;
        events.add(new Event(Math.max(deadlineNs, nowNs), seq++, nodeIndex, id, kind, arg, null));
        return id;
    }

    public boolean cancelTimer(final long timerId)
    {
        return cancelled.add(timerId);
    }

    public void onFrame(
        final int srcNodeIndex, final int dstNodeId, final int dstIpv4, final int dstPort, final DirectBuffer buffer,
        final int offset, final int length)
    {
        bytesToEndpoint.merge(((long)dstIpv4 << 32) | dstPort, (long)length, Long::sum);
        final int dstIndex = dstPort - BASE_PORT;
        if (dstIndex < 0 || dstIndex >= nodes.size() || blocked[srcNodeIndex][dstIndex] ||
            (loss > 0 && rng.nextDouble() < loss))
        {
            return;
        }
        if (burstFramesPerLink > 0)
        {
            if (burstNs != nowNs || burstSrc != srcNodeIndex || burstDst != dstIndex)
            {
                burstNs = nowNs;
                burstSrc = srcNodeIndex;
                burstDst = dstIndex;
                burstFrames = 0;
            }
            if (++burstFrames > burstFramesPerLink)
            {
                framesCutFromBursts++;
                return;
            }
        }
        framesTo[dstIndex]++;
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        events.add(new Event(nowNs + latencyNs, seq++, dstIndex, 0, 0, 0, copy));
    }

    public int nextInt(final int bound)
    {
        return rng.nextInt(bound);
    }

    public long nextLong()
    {
        return rng.nextLong();
    }

    /**
     * Deliver to a node, now, a Gossip from {@code srcNodeId} carrying one update, as a forger or a corrupted frame
     * would.
     */
    void injectUpdate(
        final int dstIndex, final int srcNodeId, final int memberId, final int incarnation, final int state)
    {
        injectUpdate(dstIndex, srcNodeId, memberId, incarnation, state, IPV4, BASE_PORT + memberId % 100);
    }

    /**
     * Deliver to a node, now, a Gossip from {@code srcNodeId} carrying one update that names an endpoint.
     */
    void injectUpdate(
        final int dstIndex,
        final int srcNodeId,
        final int memberId,
        final int incarnation,
        final int state,
        final int ipv4,
        final int port)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final io.starling.codecs.MessageHeaderEncoder header = new io.starling.codecs.MessageHeaderEncoder();
        new io.starling.codecs.FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, header)
            .clusterId(config.clusterId()).srcNode(srcNodeId).dstNode(nodes.get(dstIndex).nodeId()).sequence(1)
            .flags((short)0);
        final io.starling.codecs.GossipEncoder gossip = new io.starling.codecs.GossipEncoder()
            .wrapAndApplyHeader(frame, FramePacker.FRAME_HEADER_LENGTH, header);
        gossip.updatesCount(1).next().memberId(memberId).incarnation(incarnation)
            .state(io.starling.codecs.MemberState.get((short)state)).metaVersion(0).fromNode(srcNodeId)
            .endpoint().ipv4(ipv4).port(port);
        currentNode = dstIndex;
        nodes.get(dstIndex).onFrame(nowNs, frame, 0,
            FramePacker.FRAME_HEADER_LENGTH + header.encodedLength() + gossip.encodedLength());
    }

    /**
     * Deliver to a node, now, a Join from {@code joinerId} that names an endpoint for its answer, as a forger would.
     */
    void injectJoin(final int dstIndex, final int joinerId, final int ipv4, final int port)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final io.starling.codecs.MessageHeaderEncoder header = new io.starling.codecs.MessageHeaderEncoder();
        new io.starling.codecs.FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, header)
            .clusterId(config.clusterId()).srcNode(joinerId).dstNode(Outbox.ANY_NODE).sequence(1).flags((short)0);
        final io.starling.codecs.JoinEncoder join = new io.starling.codecs.JoinEncoder()
            .wrapAndApplyHeader(frame, FramePacker.FRAME_HEADER_LENGTH, header)
            .nodeId(joinerId).incarnation(0).metaVersion(0);
        join.endpoint().ipv4(ipv4).port(port);
        join.putMetadata(new byte[0], 0, 0);
        currentNode = dstIndex;
        nodes.get(dstIndex).onFrame(nowNs, frame, 0,
            FramePacker.FRAME_HEADER_LENGTH + header.encodedLength() + join.encodedLength());
    }

    /**
     * Deliver to a node, now, the first chunk of a push-pull request from {@code srcNodeId} (not a reply) whose one
     * entry says the sender is ALIVE at an endpoint, as a forger would: the entry registers that endpoint for the
     * sender, and the request asks for the node's state there.
     *
     * @return the frame's length in bytes.
     */
    int injectPushPullRequest(final int dstIndex, final int srcNodeId, final int ipv4, final int port)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final io.starling.codecs.MessageHeaderEncoder header = new io.starling.codecs.MessageHeaderEncoder();
        new io.starling.codecs.FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, header)
            .clusterId(config.clusterId()).srcNode(srcNodeId).dstNode(nodes.get(dstIndex).nodeId()).sequence(1)
            .flags((short)0);
        final io.starling.codecs.PushPullChunkEncoder chunk = new io.starling.codecs.PushPullChunkEncoder()
            .wrapAndApplyHeader(frame, FramePacker.FRAME_HEADER_LENGTH, header)
            .syncId(7).chunkIndex(0).chunkCount(1).isReply(io.starling.codecs.BooleanType.F)
            .isJoin(io.starling.codecs.BooleanType.F).totalMembers(1);
        final io.starling.codecs.PushPullChunkEncoder.MembersEncoder member = chunk.membersCount(1).next()
            .memberId(srcNodeId).incarnation(0).state(io.starling.codecs.MemberState.ALIVE).metaVersion(0);
        member.endpoint().ipv4(ipv4).port(port);
        member.putMetadata(new byte[0], 0, 0);
        final int length = FramePacker.FRAME_HEADER_LENGTH + header.encodedLength() + chunk.encodedLength();
        currentNode = dstIndex;
        nodes.get(dstIndex).onFrame(nowNs, frame, 0, length);
        return length;
    }

    static DirectBuffer bytes(final String s)
    {
        return new UnsafeBuffer(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

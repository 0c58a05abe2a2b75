package io.starling.engine.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import io.starling.codecs.AckDecoder;
import io.starling.codecs.AckEncoder;
import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.engine.metrics.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One real {@link SwimNode} (id 100) whose peers are scripted by the test: frames are written with the codecs and
 * handed to it, every frame it sends is recorded message by message, and its timers fire only when the test says
 * so. The peers are ids 101 and up at port {@code BASE_PORT + id - 100}.
 */
final class ScriptedNode implements TimerService, FrameSink, RandomSource
{
    static final int NODE_ID = 100;
    static final int IPV4 = 0x0A000000;
    static final int BASE_PORT = 30_000;

    /** One message the node sent. */
    record Sent(int dstNodeId, int dstPort, int templateId, int seq, int targetNode, int leaveNodeId)
    {
    }

    /** One membership update the node sent in a Gossip message. */
    record Gossiped(int dstNodeId, int memberId, int incarnation, int state)
    {
    }

    /** One timer the node scheduled. */
    record Timer(long id, int kind, int arg, long deadlineNs)
    {
    }

    final ProtocolConfig config;
    final MemberDirectory directory = new MemberDirectory(256);
    final long[] counters = new long[EngineCounters.SINK_COUNT];
    final List<Sent> sent = new ArrayList<>();
    final List<Gossiped> gossiped = new ArrayList<>();
    /** What each Ping the node sent carried: its updates' count and the first of them (-1 when none). */
    record PingLoad(int dstNodeId, int updates, int firstMemberId, int firstState)
    {
    }

    final List<PingLoad> pings = new ArrayList<>();
    final List<Timer> timers = new ArrayList<>();
    final Set<Long> cancelled = new HashSet<>();
    final SwimNode node;
    private final SplittableRandom rng;
    private final FrameValidator validator = new FrameValidator(64);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long nextTimerId = 1;
    private long frameSequence;
    /** Draws for {@link #nextInt}: identity by default leaves them to the seeded generator. */
    IntUnaryOperator nextIntOverride;
    long nowNs;

    ScriptedNode(final ProtocolConfig config, final long seed)
    {
        this(config, seed, MembershipObserver.NO_OP);
    }

    ScriptedNode(final ProtocolConfig config, final long seed, final MembershipObserver observer)
    {
        this(config, seed, observer, node -> {});
    }

    /**
     * @param beforeStart what the test does to the node before it starts (seeds, for instance).
     */
    ScriptedNode(
        final ProtocolConfig config,
        final long seed,
        final MembershipObserver observer,
        final java.util.function.Consumer<SwimNode> beforeStart)
    {
        this.config = config.conclude();
        this.rng = new SplittableRandom(seed);
        final FramePacker packer = new FramePacker(
            this.config.clusterId(), this.config.frameBudgetBytes(), this, (id, delta) -> counters[id] += delta);
        node = new SwimNode(this.config, 0, NODE_ID, IPV4, BASE_PORT, directory, this, this, packer,
            observer, (id, delta) -> counters[id] += delta);
        beforeStart.accept(node);
        node.start(nowNs);
    }

    static int portOf(final int memberId)
    {
        return BASE_PORT + memberId - NODE_ID;
    }

    /**
     * The node learns the members {@code fromId..toId} ALIVE at incarnation 0 from a Gossip of {@code fromId}.
     */
    void learnAlive(final int fromId, final int toId)
    {
        for (int first = fromId; first <= toId; first += 16)
        {
            final int last = Math.min(toId, first + 15);
            final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(frame, frameHeader(fromId), header);
            final GossipEncoder.UpdatesEncoder updates = gossip.updatesCount(last - first + 1);
            for (int id = first; id <= last; id++)
            {
                updates.next().memberId(id).incarnation(0).state(io.starling.codecs.MemberState.ALIVE)
                    .metaVersion(0).fromNode(fromId).endpoint().ipv4(IPV4).port(portOf(id));
            }
            deliver(gossip.limit());
        }
    }

    /**
     * A Gossip from {@code src} carrying one update about {@code memberId}, its state given raw (hostile values too).
     */
    void deliverUpdate(final int src, final int memberId, final int incarnation, final short rawState)
    {
        final GossipEncoder gossip = new GossipEncoder().wrapAndApplyHeader(frame, frameHeader(src), header);
        gossip.updatesCount(1).next().memberId(memberId).incarnation(incarnation).metaVersion(0).fromNode(src)
            .endpoint().ipv4(IPV4).port(portOf(memberId));
        // The state byte written raw, as a forger would: the generated encoder takes only the schema's values.
        frame.putByte(FramePacker.FRAME_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
            GossipEncoder.BLOCK_LENGTH + 4 + GossipEncoder.UpdatesEncoder.stateEncodingOffset(), (byte)rawState);
        deliver(gossip.limit());
    }

    /**
     * A Leave from {@code src} saying that {@code leaverId} leaves at {@code incarnation}.
     */
    void deliverLeave(final int src, final int leaverId, final int incarnation)
    {
        final LeaveEncoder leave = new LeaveEncoder().wrapAndApplyHeader(frame, frameHeader(src), header)
            .nodeId(leaverId).incarnation(incarnation);
        deliver(leave.limit());
    }

    /**
     * A PingReq from {@code requester} asking the node to probe {@code target}.
     */
    void deliverPingReq(final int requester, final int seq, final int target, final boolean wantNack)
    {
        final PingReqEncoder req = new PingReqEncoder().wrapAndApplyHeader(frame, frameHeader(requester), header)
            .seq(seq).targetNode(target).wantNack(wantNack ? BooleanType.T : BooleanType.F);
        req.targetEndpoint().ipv4(IPV4).port(portOf(target));
        req.updatesCount(0);
        deliver(req.limit());
    }

    /**
     * An Ack from {@code src} for the Ping {@code seq}, naming {@code target} as the member that answered.
     */
    void deliverAck(final int src, final int seq, final int target)
    {
        final AckEncoder ack = new AckEncoder().wrapAndApplyHeader(frame, frameHeader(src), header)
            .seq(seq).targetNode(target);
        ack.updatesCount(0);
        ack.putPayload(new byte[0], 0, 0);
        deliver(ack.limit());
    }

    int frameHeader(final int src)
    {
        new FrameHeaderEncoder().wrapAndApplyHeader(frame, 0, header)
            .clusterId(config.clusterId()).srcNode(src).dstNode(NODE_ID).sequence(++frameSequence).flags((short)0)
            .messageCount((short)1);
        return FramePacker.FRAME_HEADER_LENGTH;
    }

    UnsafeBuffer frame()
    {
        return frame;
    }

    void deliver(final int length)
    {
        node.onFrame(nowNs, frame, 0, length);
    }

    /**
     * Fire, in deadline order, every live timer of this kind due by {@code untilNs}, and move the clock there.
     *
     * @return timers fired.
     */
    int fire(final int kind, final long untilNs)
    {
        int fired = 0;
        while (true)
        {
            Timer next = null;
            for (final Timer t : timers)
            {
                if (t.kind == kind && t.deadlineNs <= untilNs && !cancelled.contains(t.id) &&
                    (null == next || t.deadlineNs < next.deadlineNs))
                {
                    next = t;
                }
            }
            if (null == next)
            {
                break;
            }
            timers.remove(next);
            nowNs = Math.max(nowNs, next.deadlineNs);
            node.onTimer(nowNs, next.id, next.kind, next.arg);
            fired++;
        }
        nowNs = Math.max(nowNs, untilNs);
        return fired;
    }

    List<Timer> live(final int kind)
    {
        final List<Timer> live = new ArrayList<>();
        for (final Timer t : timers)
        {
            if (t.kind == kind && !cancelled.contains(t.id))
            {
                live.add(t);
            }
        }
        return live;
    }

    List<Sent> sent(final int templateId)
    {
        final List<Sent> found = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (s.templateId == templateId)
            {
                found.add(s);
            }
        }
        return found;
    }

    public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
    {
        final long id = nextTimerId++;
        timers.add(new Timer(id, kind, arg, deadlineNs));
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
        if (FrameValidator.OK != validator.validate(buffer, offset, length))
        {
            throw new AssertionError("the node sent a frame its own validator refuses");
        }
        for (int i = 0; i < validator.messageCount(); i++)
        {
            final int at = validator.messageOffset(i) + MessageHeaderEncoder.ENCODED_LENGTH;
            final int block = validator.actingBlockLength(i);
            final int version = validator.actingVersion(i);
            final int template = validator.templateId(i);
            int seq = -1;
            int target = -1;
            int leaver = -1;
            switch (template)
            {
                case PingDecoder.TEMPLATE_ID ->
                {
                    final PingDecoder d = new PingDecoder().wrap(buffer, at, block, version);
                    seq = d.seq();
                    target = d.targetNode();
                    final PingDecoder.UpdatesDecoder updates = d.updates();
                    final int count = updates.count();
                    int firstMember = -1;
                    int firstState = -1;
                    if (count > 0)
                    {
                        updates.next();
                        firstMember = updates.memberId();
                        firstState = updates.stateRaw();
                    }
                    pings.add(new PingLoad(dstNodeId, count, firstMember, firstState));
                }
                case AckDecoder.TEMPLATE_ID ->
                {
                    final AckDecoder d = new AckDecoder().wrap(buffer, at, block, version);
                    seq = d.seq();
                    target = d.targetNode();
                }
                case NackDecoder.TEMPLATE_ID ->
                {
                    final NackDecoder d = new NackDecoder().wrap(buffer, at, block, version);
                    seq = d.seq();
                    target = d.targetNode();
                }
                case GossipDecoder.TEMPLATE_ID ->
                {
                    for (final GossipDecoder.UpdatesDecoder u : new GossipDecoder().wrap(buffer, at, block, version)
                        .updates())
                    {
                        gossiped.add(new Gossiped(dstNodeId, u.memberId(), u.incarnation(), u.stateRaw()));
                    }
                }
                case LeaveDecoder.TEMPLATE_ID -> leaver = new LeaveDecoder().wrap(buffer, at, block, version).nodeId();
                case PushPullChunkDecoder.TEMPLATE_ID ->
                    seq = new PushPullChunkDecoder().wrap(buffer, at, block, version).syncId();
                default ->
                {
                }
            }
            sent.add(new Sent(dstNodeId, dstPort, template, seq, target, leaver));
        }
    }

    public int nextInt(final int bound)
    {
        final int draw = rng.nextInt(bound);
        return null == nextIntOverride ? draw : nextIntOverride.applyAsInt(bound);
    }

    public long nextLong()
    {
        return rng.nextLong();
    }
}

package io.starling.bench.support;

import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.protocol.SwimNode;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One {@link SwimNode} with its sans-IO surroundings, filled with members, for the protocol benchmarks: a
 * {@link ProbeTickTimers} to fire probe ticks, a {@link PingCapture} behind a real {@link FramePacker}, an
 * {@link ArrayCounterSink}, and a prepared Ack frame that answers the last probe. Building it allocates; the
 * operations the benchmarks measure ({@link #probeCycle()}, {@code node().onFrame}) do not.
 */
public final class BenchNode
{
    /** Id of the node under test. */
    public static final int NODE_ID = 1;
    /** Id of the first other member; members are consecutive from here. */
    public static final int FIRST_MEMBER_ID = 1_000;
    /** IPv4 address of every endpoint (127.0.0.1, host order); nothing is sent anywhere. */
    public static final int IPV4 = 0x7F00_0001;
    /** Port of the node under test. */
    public static final int NODE_PORT = 20_000;
    /** Port of the process hosting every other member. */
    public static final int MEMBER_PORT = 20_001;

    private static final int UPDATES_PER_FILL_FRAME = 50;

    private final ProtocolConfig config;
    private final ArrayCounterSink counters = new ArrayCounterSink();
    private final ProbeTickTimers timers = new ProbeTickTimers();
    private final PingCapture capture = new PingCapture();
    private final SwimNode node;
    private final UnsafeBuffer ackFrame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
    private final int ackLength;
    private final int members;
    private long nowNs = 1_000_000_000L;

    /**
     * Build and start a node and tell it about {@code members - 1} other members, all ALIVE at incarnation 1.
     *
     * @param members members including the node itself, at least 2.
     */
    public BenchNode(final int members)
    {
        if (members < 2)
        {
            throw new IllegalArgumentException("members=" + members + " must be at least 2");
        }
        this.members = members;
        config = new ProtocolConfig().conclude();
        final MemberDirectory directory = new MemberDirectory(members);
        final FramePacker packer = new FramePacker(config.clusterId(), config.frameBudgetBytes(), capture, counters);
        node = new SwimNode(config, 0, NODE_ID, IPV4, NODE_PORT, directory, new SeededRandom(42), timers, packer,
            MembershipObserver.NO_OP, counters);
        node.start(nowNs);

        final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(config.frameBudgetBytes(), 64));
        for (int first = 0; first < members - 1; first += UPDATES_PER_FILL_FRAME)
        {
            final int count = Math.min(UPDATES_PER_FILL_FRAME, members - 1 - first);
            final int length = BenchFrames.gossip(frame, config.clusterId(), FIRST_MEMBER_ID, NODE_ID,
                FIRST_MEMBER_ID + first, count, 1, IPV4, MEMBER_PORT);
            node.onFrame(nowNs, frame, 0, length);
        }
        if (node.liveMemberCount() != members)
        {
            throw new IllegalStateException("node sees " + node.liveMemberCount() + " live members, not " + members);
        }
        ackLength = BenchFrames.ack(ackFrame, config.clusterId(), FIRST_MEMBER_ID, NODE_ID, 0);
    }

    /**
     * One successful probe period: fire the probe tick (the node pings its next member and schedules the probe
     * timeout), then hand it the member's Ack (the node cancels the timeout and lowers its health score).
     *
     * @return messages handled from the ack (1 when the probe was answered, 0 when no ping went out).
     */
    public int probeCycle()
    {
        nowNs += config.probeIntervalNs();
        final long pingsBefore = capture.pings();
        timers.fireProbeTick(node, nowNs);
        if (capture.pings() == pingsBefore)
        {
            return 0;
        }
        BenchFrames.patchAck(ackFrame, capture.lastPingDstNode(), capture.lastPingSeq());
        return node.onFrame(nowNs, ackFrame, 0, ackLength);
    }

    /**
     * Run probe cycles until no update waits to be piggybacked (the steady state of a quiet cluster).
     *
     * @return probe cycles run.
     */
    public int drainDisseminationQueue()
    {
        int cycles = 0;
        while (node.pendingUpdates() > 0)
        {
            if (++cycles > 1_000_000)
            {
                throw new IllegalStateException("dissemination queue did not drain: " + node.pendingUpdates());
            }
            probeCycle();
        }
        return cycles;
    }

    /**
     * @return the node under test.
     */
    public SwimNode node()
    {
        return node;
    }

    /**
     * @return its configuration.
     */
    public ProtocolConfig config()
    {
        return config;
    }

    /**
     * @return what it counted.
     */
    public ArrayCounterSink counters()
    {
        return counters;
    }

    /**
     * @return its timers.
     */
    public ProbeTickTimers timers()
    {
        return timers;
    }

    /**
     * @return the frames it sent.
     */
    public PingCapture capture()
    {
        return capture;
    }

    /**
     * @return members including the node.
     */
    public int members()
    {
        return members;
    }

    /**
     * @return the node's current time.
     */
    public long nowNs()
    {
        return nowNs;
    }
}

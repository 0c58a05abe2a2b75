package io.starling.engine.security;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.FrameSink;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A small in-test event loop in the manner of the protocol tests' cluster, but with one SwimNode per simulated
 * process, each with its own member directory, keyring and {@link FrameCipher}: outbound frames go through a
 * {@link SealingFrameSink}, inbound ones through {@link FrameCipher#open(org.agrona.DirectBuffer, int, int)} before
 * {@link SwimNode#onFrame}. A process without a keyring neither seals nor opens. Every frame put on the wire is kept,
 * so tests can eavesdrop and replay.
 */
final class SecureTestCluster
{
    static final int IPV4 = 0x0A000000;
    static final int BASE_PORT = 30_000;
    static final int TRANSPORT_BUDGET_BYTES = 1376;

    private record Event(long timeNs, long seq, int process, long timerId, int kind, int arg, byte[] frame)
    {
    }

    /** A frame as it crossed the wire. */
    record WireFrame(int from, int to, long deliveredAtNs, byte[] bytes)
    {
    }

    /** One simulated process hosting one node. */
    final class Process implements TimerService, RandomSource
    {
        final int index;
        final int nodeId;
        final MemberDirectory directory = new MemberDirectory(16);
        final long[] counters = new long[EngineCounters.SINK_COUNT];
        final Keyring keyring;
        final FrameCipher cipher;
        final FramePacker packer;
        final SwimNode node;
        private final SplittableRandom random;

        Process(final int index, final int nodeId, final Keyring keyring, final int clusterId)
        {
            this.index = index;
            this.nodeId = nodeId;
            this.keyring = keyring;
            this.random = new SplittableRandom(seed * 1_000_003L + index);
            final FrameSink wire = (srcIndex, dstNodeId, dstIpv4, dstPort, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                send(this.index, dstPort - BASE_PORT, bytes);
            };
            if (null != keyring)
            {
                cipher = new FrameCipher(new FrameCipher.Context()
                    .keyring(keyring)
                    .clusterId(clusterId)
                    .maxFrameLengthBytes(TRANSPORT_BUDGET_BYTES)
                    .counters((id, delta) -> counters[id] += delta));
                packer = new FramePacker(clusterId, config.frameBudgetBytes(), new SealingFrameSink(cipher, wire),
                    (id, delta) -> counters[id] += delta);
            }
            else
            {
                cipher = null;
                packer = new FramePacker(clusterId, config.frameBudgetBytes(), wire,
                    (id, delta) -> counters[id] += delta);
            }
            node = new SwimNode(config, 0, nodeId, IPV4, BASE_PORT + index, directory, this, this, packer,
                (nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation) -> {},
                (id, delta) -> counters[id] += delta);
        }

        /**
         * The inbound path a host runs: open, then hand the frame in clear to the node.
         */
        void receive(final byte[] frame)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            if (null == cipher)
            {
                node.onFrame(nowNs, buffer, 0, frame.length);
                return;
            }
            final int length = cipher.open(buffer, 0, frame.length);
            if (length > 0)
            {
                node.onFrame(nowNs, cipher.openedBuffer(), 0, length);
            }
        }

        /**
         * @return the node's table words for every slot of its directory, plus incarnation and live count.
         */
        long[] state()
        {
            final int size = directory.size();
            final MembershipTable table = node.table();
            final long[] words = new long[size + 2];
            for (int slot = 0; slot < size; slot++)
            {
                words[slot] = table.word(slot);
            }
            words[size] = node.incarnation();
            words[size + 1] = node.liveMemberCount();
            return words;
        }

        public long scheduleTimer(final int nodeIndex, final int kind, final int arg, final long deadlineNs)
        {
            final long id = nextTimerId++;
            events.add(new Event(Math.max(deadlineNs, nowNs), sequence++, index, id, kind, arg, null));
            return id;
        }

        public boolean cancelTimer(final long timerId)
        {
            return cancelled.add(timerId);
        }

        public int nextInt(final int bound)
        {
            return random.nextInt(bound);
        }

        public long nextLong()
        {
            return random.nextLong();
        }
    }

    final ProtocolConfig config;
    final List<Process> processes = new ArrayList<>();
    final List<WireFrame> wire = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
        (a, b) -> a.timeNs != b.timeNs ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private final Set<Long> cancelled = new HashSet<>();
    private final long seed;
    private final long latencyNs;
    long nowNs;
    private long sequence;
    private long nextTimerId = 1;

    SecureTestCluster(final ProtocolConfig config, final long seed, final long latencyNs)
    {
        this.config = config.frameBudgetBytes(FrameCipher.plainFrameBudgetBytes(TRANSPORT_BUDGET_BYTES)).conclude();
        this.seed = seed;
        this.latencyNs = latencyNs;
    }

    /**
     * @param nodeId  node id.
     * @param keyring keys of the process, or null for a process that neither seals nor opens.
     * @return the process; every process but the first seeds through the first.
     */
    Process add(final int nodeId, final Keyring keyring)
    {
        return add(nodeId, keyring, config.clusterId());
    }

    Process add(final int nodeId, final Keyring keyring, final int clusterId)
    {
        final Process process = new Process(processes.size(), nodeId, keyring, clusterId);
        if (process.index > 0)
        {
            process.node.addSeed(IPV4, BASE_PORT);
        }
        processes.add(process);
        return process;
    }

    void startAll()
    {
        for (final Process process : processes)
        {
            process.node.start(nowNs);
        }
    }

    void runPeriods(final double periods)
    {
        final long untilNs = nowNs + (long)(periods * config.probeIntervalNs());
        while (!events.isEmpty() && events.peek().timeNs <= untilNs)
        {
            final Event e = events.poll();
            nowNs = e.timeNs;
            final Process process = processes.get(e.process);
            if (null != e.frame)
            {
                process.receive(e.frame);
            }
            else if (!cancelled.remove(e.timerId))
            {
                process.node.onTimer(nowNs, e.timerId, e.kind, e.arg);
            }
        }
        nowNs = untilNs;
    }

    private void send(final int from, final int to, final byte[] bytes)
    {
        if (to < 0 || to >= processes.size())
        {
            return;
        }
        final long deliverAtNs = nowNs + latencyNs;
        wire.add(new WireFrame(from, to, deliverAtNs, bytes));
        events.add(new Event(deliverAtNs, sequence++, to, 0, 0, 0, bytes));
    }
}

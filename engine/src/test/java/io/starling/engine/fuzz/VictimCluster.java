package io.starling.engine.fuzz;

import io.starling.codecs.FrameHeaderDecoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.FrameSink;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.RandomSource;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.SecurityDrops;
import io.starling.engine.security.Keyring;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fuzz target 2: a SwimNode (the victim, node 101) in a small in-test cluster of three nodes sharing one process's
 * member directory, in the manner of the protocol tests' cluster, built afresh and joined for every input so a
 * finding reproduces from its input alone. A frame is handed to the victim either as is or sealed with the cluster
 * key and opened by the victim's {@link FrameCipher} first (the host's inbound path). Properties checked:
 * <ul>
 *     <li>no exception escapes {@code onFrame}, nor {@code onTimer} while the cluster runs on for two protocol
 *     periods afterwards;</li>
 *     <li>a frame the validator rejects, or that carries another cluster id, or is not addressed to the victim,
 *     changes no word of the victim's membership table, nor its incarnation or live count;</li>
 *     <li>the counters account for every frame: one FRAMES_RECEIVED, and exactly one of DROP_MALFORMED,
 *     DROP_WRONG_CLUSTER, DROP_UNKNOWN_DESTINATION, or MESSAGES_RECEIVED grown by the frame's message count;</li>
 *     <li>a sealed frame opens to exactly the bytes that were sealed.</li>
 * </ul>
 */
final class VictimCluster implements TimerService, FrameSink, RandomSource
{
    static final int CLUSTER_ID = ProtocolConfig.CLUSTER_ID_DEFAULT;
    static final int VICTIM_ID = 101;
    static final int[] MEMBER_IDS = {100, 101, 102};
    static final int IPV4 = 0x0A000000;
    static final int BASE_PORT = 20_000;
    private static final int VICTIM = 1;
    private static final int CLUSTER_ID_AT =
        MessageHeaderDecoder.ENCODED_LENGTH + FrameHeaderDecoder.clusterIdEncodingOffset();
    private static final int FLAGS_AT = MessageHeaderDecoder.ENCODED_LENGTH + FrameHeaderDecoder.flagsEncodingOffset();
    private static final ProtocolConfig CONFIG = new ProtocolConfig().conclude();

    private record Event(long timeNs, long seq, int node, long timerId, int kind, int arg, byte[] frame)
    {
    }

    /** Outcome tallies across inputs, for the hostile-input report. */
    static final class Tally
    {
        long frames;
        long dropMalformed;
        long dropWrongCluster;
        long dropUnknownDestination;
        long delivered;
        long messagesDelivered;
        long sealedRoundTrips;
        final long[] validatorReasons = new long[FrameValidator.REASON_COUNT];

        String describe()
        {
            final StringBuilder b = new StringBuilder()
                .append("frames=").append(frames)
                .append(" dropMalformed=").append(dropMalformed)
                .append(" dropWrongCluster=").append(dropWrongCluster)
                .append(" dropUnknownDestination=").append(dropUnknownDestination)
                .append(" delivered=").append(delivered)
                .append(" messagesDelivered=").append(messagesDelivered)
                .append(" sealedRoundTrips=").append(sealedRoundTrips)
                .append(" validator={");
            for (int r = 0; r < validatorReasons.length; r++)
            {
                if (validatorReasons[r] > 0)
                {
                    b.append(FrameValidator.reasonName(r)).append('=').append(validatorReasons[r]).append(' ');
                }
            }
            return b.append('}').toString();
        }
    }

    private final MemberDirectory directory = new MemberDirectory(16);
    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final SwimNode[] nodes = new SwimNode[MEMBER_IDS.length];
    private final PriorityQueue<Event> events = new PriorityQueue<>(
        (a, b) -> a.timeNs != b.timeNs ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private final Set<Long> cancelled = new HashSet<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private final FrameValidator validator = new FrameValidator(64);
    private final FrameCipher sealer;
    private final FrameCipher opener;
    private final Tally tally;
    private long nowNs;
    private long seq;
    private long nextTimerId = 1;

    VictimCluster(final Tally tally)
    {
        this.tally = tally;
        final FramePacker packer = new FramePacker(CLUSTER_ID, CONFIG.frameBudgetBytes(), this,
            (id, delta) -> counters[id] += delta);
        for (int i = 0; i < MEMBER_IDS.length; i++)
        {
            nodes[i] = new SwimNode(CONFIG, i, MEMBER_IDS[i], IPV4, BASE_PORT + i, directory, this, this, packer,
                (nowNs, nodeIndex, observerId, memberId, oldState, newState, incarnation) -> {},
                (id, delta) -> counters[id] += delta);
            if (i > 0)
            {
                nodes[i].addSeed(IPV4, BASE_PORT);
            }
        }
        for (final SwimNode node : nodes)
        {
            node.start(nowNs);
        }
        final Keyring keyring = new Keyring();
        keyring.install(1, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        keyring.usePrimary(1);
        final int maxFrame = FrameCipher.Context.MAX_FRAME_LENGTH_BYTES;
        sealer = new FrameCipher(new FrameCipher.Context().keyring(keyring).maxFrameLengthBytes(maxFrame)
            .noncePrefix(1).initialNonceCounter(0));
        opener = new FrameCipher(new FrameCipher.Context().keyring(keyring).maxFrameLengthBytes(maxFrame)
            .counters((id, delta) -> counters[id] += delta));
        runPeriods(5);
        if (3 != nodes[VICTIM].liveMemberCount())
        {
            throw new IllegalStateException("victim did not join: " + nodes[VICTIM].liveMemberCount());
        }
    }

    /**
     * Hand one frame to the victim and check the properties; then run the cluster on for two periods.
     *
     * @param frame  bytes as they would arrive.
     * @param sealed seal them with the cluster key first and go through the victim's open step.
     */
    void feed(final byte[] frame, final boolean sealed)
    {
        feed(frame, sealed, 2);
    }

    /**
     * As {@link #feed(byte[], boolean)}, running the cluster on for the given number of periods afterwards (0 to
     * feed many frames to one cluster quickly).
     */
    void feed(final byte[] frame, final boolean sealed, final int periodsAfter)
    {
        tally.frames++;
        DirectBuffer buffer = new UnsafeBuffer(frame);
        int length = frame.length;
        if (sealed)
        {
            final int sealedLength = sealer.seal(buffer, 0, length);
            if (sealedLength > 0)
            {
                final long dropsBefore = SecurityDrops.total(counters);
                final long wrongClusterBefore = counters[ProtocolCounters.DROP_WRONG_CLUSTER];
                final int opened = opener.open(sealer.sealedBuffer(), 0, sealedLength);
                check(dropsBefore == SecurityDrops.total(counters), "open counted a decrypt drop");
                if (-FrameCipher.WRONG_CLUSTER == opened)
                {
                    // Dropped in clear by the open step: the node never sees it.
                    check(buffer.getInt(CLUSTER_ID_AT, java.nio.ByteOrder.LITTLE_ENDIAN) != CLUSTER_ID, "cluster");
                    check(wrongClusterBefore + 1 == counters[ProtocolCounters.DROP_WRONG_CLUSTER], "not counted");
                    tally.dropWrongCluster++;
                    return;
                }
                check(opened == length, "sealed frame did not open: " + opened);
                final byte[] expected = frame.clone();
                expected[FLAGS_AT] |= FrameCipher.FLAG_SEALED;
                for (int i = 0; i < length; i++)
                {
                    check(expected[i] == opener.openedBuffer().getByte(i), "opened byte " + i + " differs");
                }
                buffer = opener.openedBuffer();
                tally.sealedRoundTrips++;
            }
        }

        final int reason = validator.validate(buffer, 0, length);
        tally.validatorReasons[reason]++;
        final boolean rejected = FrameValidator.OK != reason;
        final boolean otherCluster = !rejected && validator.clusterId() != CLUSTER_ID;
        final boolean notForVictim = !rejected && !otherCluster &&
            ((validator.dstNode() != VICTIM_ID && validator.dstNode() != -1) || validator.srcNode() == VICTIM_ID);
        final int messageCount = rejected ? 0 : validator.messageCount();

        final long[] stateBefore = victimState();
        final long[] countersBefore = counters.clone();
        nowNs += 1_000;
        nodes[VICTIM].onFrame(nowNs, buffer, 0, length);

        check(delta(countersBefore, ProtocolCounters.FRAMES_RECEIVED) == 1, "FRAMES_RECEIVED");
        final long malformed = delta(countersBefore, ProtocolCounters.DROP_MALFORMED);
        final long wrongCluster = delta(countersBefore, ProtocolCounters.DROP_WRONG_CLUSTER);
        final long unknownDestination = delta(countersBefore, ProtocolCounters.DROP_UNKNOWN_DESTINATION);
        final long messages = delta(countersBefore, ProtocolCounters.MESSAGES_RECEIVED);
        if (rejected || otherCluster || notForVictim)
        {
            check(java.util.Arrays.equals(stateBefore, victimState()), "dropped frame changed the victim's state");
            check(0 == messages, "dropped frame delivered messages");
            check(malformed == (rejected ? 1 : 0), "DROP_MALFORMED " + malformed);
            check(wrongCluster == (otherCluster ? 1 : 0), "DROP_WRONG_CLUSTER " + wrongCluster);
            check(unknownDestination == (notForVictim ? 1 : 0), "DROP_UNKNOWN_DESTINATION " + unknownDestination);
            tally.dropMalformed += malformed;
            tally.dropWrongCluster += wrongCluster;
            tally.dropUnknownDestination += unknownDestination;
        }
        else
        {
            check(0 == malformed + wrongCluster + unknownDestination, "delivered frame counted as dropped");
            check(messages == messageCount, "MESSAGES_RECEIVED " + messages + " != " + messageCount);
            tally.delivered++;
            tally.messagesDelivered += messages;
        }

        runPeriods(periodsAfter);
    }

    /**
     * @param counterId a {@link ProtocolCounters} id.
     * @return the cluster's count (all three nodes share the counters; frames fed reach the victim only).
     */
    long counter(final int counterId)
    {
        return counters[counterId];
    }

    SwimNode victim()
    {
        return nodes[VICTIM];
    }

    private long delta(final long[] before, final int id)
    {
        return counters[id] - before[id];
    }

    private long[] victimState()
    {
        final SwimNode victim = nodes[VICTIM];
        final MembershipTable table = victim.table();
        final int size = directory.size();
        final long[] state = new long[size + 3];
        for (int slot = 0; slot < size; slot++)
        {
            state[slot] = table.word(slot);
        }
        state[size] = victim.incarnation();
        state[size + 1] = victim.liveMemberCount();
        state[size + 2] = size;
        return state;
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }

    private void runPeriods(final int periods)
    {
        final long untilNs = nowNs + periods * CONFIG.probeIntervalNs();
        while (!events.isEmpty() && events.peek().timeNs <= untilNs)
        {
            final Event e = events.poll();
            nowNs = e.timeNs;
            if (null != e.frame)
            {
                nodes[e.node].onFrame(nowNs, new UnsafeBuffer(e.frame), 0, e.frame.length);
            }
            else if (!cancelled.remove(e.timerId))
            {
                nodes[e.node].onTimer(nowNs, e.timerId, e.kind, e.arg);
            }
        }
        nowNs = untilNs;
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
        final int dstIndex = dstPort - BASE_PORT;
        if (dstIpv4 != IPV4 || dstIndex < 0 || dstIndex >= nodes.length)
        {
            return;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        events.add(new Event(nowNs + 5_000_000L, seq++, dstIndex, 0, 0, 0, copy));
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

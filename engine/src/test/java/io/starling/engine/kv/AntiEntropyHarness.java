package io.starling.engine.kv;

import java.util.ArrayDeque;
import java.util.Random;

import io.starling.codecs.FrameValidator;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two nodes, each a store, a session and a {@link FramePacker} whose {@code FrameSink} hands every frame (copied,
 * or dropped at a seeded random rate) to the other node's inbox. Frames are delivered in lock step: everything
 * in flight to the responder, then everything in flight back, and so on, so a "turn" in which the responder
 * answers is one round trip. Virtual time only moves when nothing is in flight: it jumps to the initiator's
 * next deadline.
 */
final class AntiEntropyHarness
{
    static final int IPV4_A = 0x0A00_0001;
    static final int IPV4_B = 0x0A00_0002;
    static final int PORT = 4000;

    static final class Side implements CounterSink
    {
        final int nodeId;
        final int ipv4;
        final KvStore store;
        final FramePacker packer;
        final AntiEntropySession session;
        final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
        final long[] counters = new long[EngineCounters.SINK_COUNT];
        long framesSent;
        long bytesSent;
        long framesDropped;
        Side peer;

        Side(final int nodeId, final int ipv4, final KvStore store, final AntiEntropyConfig config,
            final Random loss, final double lossRate)
        {
            this.nodeId = nodeId;
            this.ipv4 = ipv4;
            this.store = store;
            this.packer = new FramePacker(ProtocolConfig.CLUSTER_ID_DEFAULT, ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT,
                (srcIndex, dstNodeId, dstIpv4, dstPort, buffer, offset, length) ->
                {
                    if (dstNodeId != peer.nodeId || dstIpv4 != peer.ipv4)
                    {
                        throw new AssertionError("frame addressed to " + dstNodeId + "@" + dstIpv4);
                    }
                    framesSent++;
                    bytesSent += length;
                    if (lossRate > 0 && loss.nextDouble() < lossRate)
                    {
                        framesDropped++;
                        return;
                    }
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    peer.inbox.add(copy);
                },
                this);
            this.session = new AntiEntropySession(store, packer, 0, nodeId, config, this);
        }

        public void add(final int counterId, final long delta)
        {
            counters[counterId] += delta;
        }

        /**
         * Deliver every frame in the inbox, then flush what the session wrote.
         *
         * @return frames delivered.
         */
        int deliver(final long nowNs)
        {
            int delivered = 0;
            while (!inbox.isEmpty())
            {
                onFrame(nowNs, new UnsafeBuffer(inbox.poll()));
                delivered++;
            }
            packer.flush();
            return delivered;
        }

        private final FrameValidator validator = new FrameValidator(64); // as SwimNode

        void onFrame(final long nowNs, final DirectBuffer frame)
        {
            AntiEntropyHarness.deliver(validator, session, nowNs, -1, peer.ipv4, PORT, frame);
        }
    }

    /**
     * Hand every message of a frame to a session as the inbound path does: the frame validated once by the
     * {@link FrameValidator}, then each message with the template, offset, block length and version it found.
     *
     * @param validator  to validate with.
     * @param session    to deliver to.
     * @param nowNs      current time.
     * @param fromNodeId the sender's node id, or -1 for the frame header's.
     * @param fromIpv4   the sender's address.
     * @param fromPort   the sender's port.
     * @param frame      the whole frame, from its first byte to its capacity.
     * @throws AssertionError if the frame does not validate or a message is not for anti-entropy.
     */
    static void deliver(
        final FrameValidator validator,
        final AntiEntropySession session,
        final long nowNs,
        final int fromNodeId,
        final int fromIpv4,
        final int fromPort,
        final DirectBuffer frame)
    {
        final int reason = validator.validate(frame, 0, frame.capacity());
        if (FrameValidator.OK != reason)
        {
            throw new AssertionError("frame rejected: " + FrameValidator.reasonName(reason));
        }
        final int from = -1 == fromNodeId ? validator.srcNode() : fromNodeId;
        for (int i = 0; i < validator.messageCount(); i++)
        {
            if (!session.onMessage(nowNs, from, fromIpv4, fromPort, validator.templateId(i), frame,
                validator.messageOffset(i), validator.actingBlockLength(i), validator.actingVersion(i)))
            {
                throw new AssertionError("message " + i + " (template " + validator.templateId(i) + ") not handled");
            }
        }
    }

    /**
     * What one session cost.
     */
    static final class Run
    {
        AntiEntropySession.Result result;
        int sessionRoundTrips;
        int turns;
        long bytesAtoB;
        long bytesBtoA;
        long framesAtoB;
        long framesBtoA;
        int differingLeaves;

        long bytes()
        {
            return bytesAtoB + bytesBtoA;
        }

        public String toString()
        {
            return "result=" + result + " roundTrips=" + sessionRoundTrips + " turns=" + turns +
                " differingLeaves=" + differingLeaves + " frames a->b=" + framesAtoB + " b->a=" + framesBtoA +
                " bytes a->b=" + bytesAtoB + " b->a=" + bytesBtoA;
        }
    }

    final Side a;
    final Side b;
    long nowNs = 1_000_000_000L;
    private int nextSessionId = 100;

    AntiEntropyHarness(final KvStore storeA, final KvStore storeB, final AntiEntropyConfig config,
        final double lossRate, final long seed)
    {
        final Random loss = new Random(seed);
        a = new Side(storeA.nodeId(), IPV4_A, storeA, config, loss, lossRate);
        b = new Side(storeB.nodeId(), IPV4_B, storeB, config, loss, lossRate);
        a.peer = b;
        b.peer = a;
    }

    /**
     * Run one session with {@code a} as initiator and {@code b} as responder until it ends.
     */
    Run runSession()
    {
        final long framesA = a.framesSent;
        final long framesB = b.framesSent;
        final long bytesA = a.bytesSent;
        final long bytesB = b.bytesSent;
        final Run run = new Run();

        final int sessionId = nextSessionId;
        nextSessionId += 1_000;
        if (!a.session.start(nowNs, sessionId, b.nodeId, b.ipv4, PORT))
        {
            throw new AssertionError("a session is already running");
        }
        a.packer.flush();
        int guard = 0;
        while (true)
        {
            if (++guard > 1_000_000)
            {
                throw new AssertionError("session does not end");
            }
            if (!b.inbox.isEmpty() || !a.inbox.isEmpty())
            {
                final long before = b.framesSent;
                b.deliver(nowNs);
                if (b.framesSent > before)
                {
                    run.turns++;
                }
                a.deliver(nowNs);
                continue;
            }
            if (!a.session.isActive())
            {
                break;
            }
            nowNs = Math.max(nowNs, a.session.deadlineNs());
            a.session.doWork(nowNs);
            a.packer.flush();
        }
        nowNs += 1_000_000;

        run.result = a.session.lastResult();
        run.sessionRoundTrips = a.session.roundTrips();
        run.differingLeaves = a.session.differingLeaves();
        run.framesAtoB = a.framesSent - framesA;
        run.framesBtoA = b.framesSent - framesB;
        run.bytesAtoB = a.bytesSent - bytesA;
        run.bytesBtoA = b.bytesSent - bytesB;
        return run;
    }

    /**
     * Bytes of the naive alternative: every key's version (key, clock, Lamport time, writer; no value) sent as
     * KeyValueBatch entries packed into frames of the default budget.
     */
    static long naiveBytes(final KvStore store)
    {
        final int capacity = ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT - FramePacker.FRAME_HEADER_LENGTH;
        final long[] totals = new long[2]; // bytes, bytes used in the current frame
        totals[1] = -1;
        store.forEachKey((key, offset, length, versions) ->
        {
            final VectorClock clock = new VectorClock();
            for (int i = 0; i < versions.count(); i++)
            {
                final int entry = KvStoreConfig.encodedEntryLength(length, 0, versions.clock(i, clock).size());
                if (totals[1] < 0 || totals[1] + entry > capacity)
                {
                    totals[0] += FramePacker.FRAME_HEADER_LENGTH + KvStoreConfig.BATCH_HEADER_LENGTH;
                    totals[1] = KvStoreConfig.BATCH_HEADER_LENGTH;
                }
                totals[0] += entry;
                totals[1] += entry;
            }
        });
        return totals[0];
    }
}

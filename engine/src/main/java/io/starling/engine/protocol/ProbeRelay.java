package io.starling.engine.protocol;

import io.starling.codecs.BooleanType;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqDecoder;

import java.util.Arrays;

/**
 * The answering side of probes: a Ping meant for this node gets an Ack; on a PingReq (the relay's side of an
 * indirect probe), ping the target under a sequence of its own, forward the target's Ack to the requester, or send
 * the requester a Nack at 80% of its window (Lifeguard) if the target was silent. One pooled record per relayed
 * probe. The prober's side is {@link ProbeScheduler} and {@link IndirectProbe}.
 */
final class ProbeRelay
{
    private static final int NIL = SlotPool.NIL;

    private final LocalNode self;
    private final MemberDirectory directory;
    private final NodeTimers timers;
    private final ProbeMessages messages;
    private final CounterSink counters;
    private final long nackDelayNs;

    // Records keyed by the relay's own ping sequence.
    private final SlotPool pool;
    private int[] requester = new int[16];
    private int[] requesterSeq = new int[16];
    private int[] target = new int[16];
    private boolean[] wantNack = new boolean[16];

    ProbeRelay(
        final LocalNode self,
        final MemberDirectory directory,
        final NodeTimers timers,
        final ProbeMessages messages,
        final CounterSink counters)
    {
        this.self = self;
        this.directory = directory;
        this.timers = timers;
        this.messages = messages;
        this.counters = counters;
        // The prober gives up at the end of its probe interval, one probe timeout after it sent this request:
        // answer with a nack at 80% of that window so the nack arrives in time to count (Lifeguard).
        this.nackDelayNs = (self.config.probeTimeoutNs() * 4) / 5;
        this.pool = new SlotPool(timers, 16, Integer.MAX_VALUE, 64);
    }

    /**
     * A Ping (its updates already merged): answer with an Ack if it is meant for this node.
     */
    void onPing(final int src, final PingDecoder ping)
    {
        if (ping.targetNode() != self.nodeId)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        messages.sendAck(src, ping.sourceEndpoint().ipv4(), ping.sourceEndpoint().port(), ping.seq());
    }

    /**
     * A PingReq (its updates already merged): ping its target on the requester's behalf.
     */
    void onPingReq(final long nowNs, final int src, final PingReqDecoder req)
    {
        final int seq = req.seq();
        final int targetNode = req.targetNode();
        final int targetIpv4 = req.targetEndpoint().ipv4();
        final int targetPort = req.targetEndpoint().port();
        final boolean nack = req.wantNackRaw() == BooleanType.T.value();
        if (targetNode == self.nodeId || self.leaving)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        final int relaySeq = self.nextSequence();
        final int record = pool.acquire(relaySeq);
        ensureCapacity();
        requester[record] = src;
        requesterSeq[record] = seq;
        target[record] = targetNode;
        wantNack[record] = nack;
        pool.timerId(record, timers.schedule(NodeTimers.RELAY, record, nowNs + nackDelayNs));
        messages.sendPing(targetNode, targetIpv4, targetPort, relaySeq, NIL);
    }

    /**
     * @return true if the Ack was the target's answer to a relayed probe (forwarded to the requester).
     */
    boolean onAck(final int src, final int seq, final int ackTarget)
    {
        final int record = pool.find(seq);
        if (NIL == record || target[record] != ackTarget || src != ackTarget)
        {
            return false;
        }
        final int requesterSlot = directory.slotOf(requester[record]);
        if (requesterSlot >= 0)
        {
            messages.sendAck(requester[record], directory.ipv4(requesterSlot), directory.port(requesterSlot),
                requesterSeq[record], ackTarget);
        }
        pool.release(record);
        return true;
    }

    void onTimer(final long firedTimerId, final int record)
    {
        if (!pool.timerFired(record, firedTimerId))
        {
            return;
        }
        if (wantNack[record])
        {
            final int requesterSlot = directory.slotOf(requester[record]);
            if (requesterSlot >= 0)
            {
                messages.sendNack(requester[record], directory.ipv4(requesterSlot), directory.port(requesterSlot),
                    requesterSeq[record], target[record]);
            }
        }
        pool.release(record);
    }

    void close()
    {
        pool.cancelTimers();
    }

    private void ensureCapacity()
    {
        final int n = pool.capacity();
        if (n != requester.length)
        {
            requester = Arrays.copyOf(requester, n);
            requesterSeq = Arrays.copyOf(requesterSeq, n);
            target = Arrays.copyOf(target, n);
            wantNack = Arrays.copyOf(wantNack, n);
        }
    }
}

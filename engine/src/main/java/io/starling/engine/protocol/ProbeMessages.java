package io.starling.engine.protocol;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.BooleanType;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqEncoder;

import static io.starling.engine.protocol.UpdateLayout.ORDER;

/**
 * The failure detector's outbound messages: Ping, Ack, Nack and PingReq, each claimed in the outbox and, except
 * the Nack, carrying the piggyback updates that fit (those with metadata after it in the frame); a Ping or Ack also
 * carries this node's {@link ViewDigest} (for {@link DigestSync}). It decides
 * neither when nor to whom: the probe, the relay, the suspicion re-checks and on-demand pings call it.
 */
final class ProbeMessages
{
    private static final int NIL = -1;
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = Piggyback.GROUP_HEADER_LENGTH;
    private static final int UPDATE_LENGTH = Piggyback.UPDATE_LENGTH;
    // Length prefix of every var-data field (the varDataEncoding composite's ENCODED_LENGTH is -1: variable).
    private static final int VAR_HEADER_LENGTH = AckEncoder.payloadHeaderLength();

    private final LocalNode self;
    private final Outbox outbox;
    private final Piggyback piggyback;
    private final boolean lifeguard;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final NackEncoder nackEncoder = new NackEncoder();
    private final PingReqEncoder pingReqEncoder = new PingReqEncoder();

    ProbeMessages(final LocalNode self, final Outbox outbox, final Piggyback piggyback)
    {
        this.self = self;
        this.outbox = outbox;
        this.piggyback = piggyback;
        this.lifeguard = self.config.lifeguardEnabled();
    }

    /**
     * A Ping; with {@code buddySlot} (the target, when it is suspected) its one update tells the target so.
     */
    void sendPing(final int target, final int targetIpv4, final int targetPort, final int seq, final int buddySlot)
    {
        final int fixed = HEADER_LENGTH + PingEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH;
        final int buddy = NIL != buddySlot ? 1 : 0;
        final int offset = claim(target, targetIpv4, targetPort, fixed + buddy * UPDATE_LENGTH);
        if (offset < 0)
        {
            return;
        }
        pingEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder).seq(seq).targetNode(target);
        pingEncoder.sourceEndpoint().ipv4(self.ipv4).port(self.port);
        pingEncoder.viewDigest(self.digest.value());
        // A suspected target gets its suspicion alone (the buddy update): other copies would count toward nothing
        // (Piggyback.sentUncounted), and while a partition stands they are bytes to the unreachable.
        final int n = piggyback.select(
            NIL == buddySlot ? outbox.claimedCapacity() - fixed - buddy * UPDATE_LENGTH : 0, buddySlot);
        pingEncoder.limit(piggyback.write(outbox.buffer(), pingEncoder.limit(), n, buddySlot, self.nodeId));
        outbox.commit(HEADER_LENGTH + pingEncoder.encodedLength());
        piggyback.writeMetadata(outbox, self.nodeIndex, self.nodeId, target, targetIpv4, targetPort);
        markSent(n);
    }

    /**
     * An Ack from this node for a Ping it received.
     */
    void sendAck(final int dst, final int dstIpv4, final int dstPort, final int seq)
    {
        sendAck(dst, dstIpv4, dstPort, seq, self.nodeId);
    }

    /**
     * An Ack on behalf of {@code target} (a relay forwarding the target's answer, or this node itself).
     */
    void sendAck(final int dst, final int dstIpv4, final int dstPort, final int seq, final int target)
    {
        final int fixed = HEADER_LENGTH + AckEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + VAR_HEADER_LENGTH;
        final int offset = claim(dst, dstIpv4, dstPort, fixed);
        if (offset < 0)
        {
            return;
        }
        ackEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder).seq(seq).targetNode(target)
            .viewDigest(self.digest.value());
        final int n = piggyback.select(outbox.claimedCapacity() - fixed, NIL);
        final int limit = piggyback.write(outbox.buffer(), ackEncoder.limit(), n, NIL, 0);
        // The empty application payload: its length prefix only.
        outbox.buffer().putShort(limit, (short)0, ORDER);
        ackEncoder.limit(limit + VAR_HEADER_LENGTH);
        outbox.commit(HEADER_LENGTH + ackEncoder.encodedLength());
        piggyback.writeMetadata(outbox, self.nodeIndex, self.nodeId, dst, dstIpv4, dstPort);
        markSent(n);
    }

    void sendPingReq(
        final int relay,
        final int relayIpv4,
        final int relayPort,
        final int seq,
        final int target,
        final int targetIpv4,
        final int targetPort)
    {
        final int fixed = HEADER_LENGTH + PingReqEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH;
        final int offset = claim(relay, relayIpv4, relayPort, fixed);
        if (offset < 0)
        {
            return;
        }
        pingReqEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder)
            .seq(seq)
            .targetNode(target)
            .wantNack(lifeguard ? BooleanType.T : BooleanType.F);
        pingReqEncoder.targetEndpoint().ipv4(targetIpv4).port(targetPort);
        final int n = piggyback.select(outbox.claimedCapacity() - fixed, NIL);
        pingReqEncoder.limit(piggyback.write(outbox.buffer(), pingReqEncoder.limit(), n, NIL, 0));
        outbox.commit(HEADER_LENGTH + pingReqEncoder.encodedLength());
        piggyback.writeMetadata(outbox, self.nodeIndex, self.nodeId, relay, relayIpv4, relayPort);
        markSent(n);
    }

    void sendNack(final int dst, final int dstIpv4, final int dstPort, final int seq, final int target)
    {
        final int offset = claim(dst, dstIpv4, dstPort, HEADER_LENGTH + NackEncoder.BLOCK_LENGTH);
        if (offset >= 0)
        {
            nackEncoder.wrapAndApplyHeader(outbox.buffer(), offset, headerEncoder).seq(seq).targetNode(target);
            outbox.commit(HEADER_LENGTH + nackEncoder.encodedLength());
        }
    }

    private void markSent(final int count)
    {
        if (count > 0 || piggyback.selectedWithMetadata() > 0)
        {
            piggyback.markSent(count, Piggyback.transmitLimit(self));
        }
    }

    private int claim(final int dstNodeId, final int dstIpv4, final int dstPort, final int minLength)
    {
        return outbox.claim(self.nodeIndex, self.nodeId, dstNodeId, dstIpv4, dstPort, minLength);
    }
}

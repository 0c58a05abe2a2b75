package io.starling.engine.protocol;

import io.starling.codecs.AckDecoder;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.JoinDecoder;
import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.MetadataUpdateDecoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.codecs.PushPullChunkDecoder;
import org.agrona.DirectBuffer;

/**
 * Hands each message of a validated frame to the mechanism that owns it: piggybacked updates to {@link UpdateMerge}
 * first, then the message itself (an Ack to the probe it answers, a Join to {@link Join}, ...; a Ping's or Ack's view
 * digest to {@link DigestSync} after it); messages of the
 * layers above (rumors, anti-entropy) to the node's {@link NodeExtension}. It does not validate: {@link SwimNode}
 * has checked the frame and every message's bounds once, so each decoder here wraps a message known to be whole.
 */
final class MessageRouter
{
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UpdateMerge merge;
    private final ProbeScheduler probe;
    private final ProbeRelay relay;
    private final OnDemandPings pings;
    private final PushPullSync pushPull;
    private final DigestSync digestSync;
    private final Join join;
    private final Leave leave;
    private final CounterSink counters;

    private final PingDecoder pingDecoder = new PingDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final NackDecoder nackDecoder = new NackDecoder();
    private final PingReqDecoder pingReqDecoder = new PingReqDecoder();
    private final GossipDecoder gossipDecoder = new GossipDecoder();
    private final JoinDecoder joinDecoder = new JoinDecoder();
    private final LeaveDecoder leaveDecoder = new LeaveDecoder();
    private final PushPullChunkDecoder pushPullDecoder = new PushPullChunkDecoder();

    private NodeExtension extension;

    MessageRouter(
        final UpdateMerge merge,
        final ProbeScheduler probe,
        final ProbeRelay relay,
        final OnDemandPings pings,
        final PushPullSync pushPull,
        final DigestSync digestSync,
        final Join join,
        final Leave leave,
        final CounterSink counters)
    {
        this.merge = merge;
        this.probe = probe;
        this.relay = relay;
        this.pings = pings;
        this.pushPull = pushPull;
        this.digestSync = digestSync;
        this.join = join;
        this.leave = leave;
        this.counters = counters;
    }

    void extension(final NodeExtension extension)
    {
        this.extension = extension;
    }

    /**
     * Route one message of a validated frame.
     *
     * @param nowNs         current time.
     * @param src           node id of the frame's sender.
     * @param buffer        holding the frame.
     * @param messageOffset offset of the message's header.
     * @param messageLength length of the message with its header.
     * @param templateId    the message's template id.
     * @param blockLength   its acting block length.
     * @param version       its acting version.
     */
    void onMessage(
        final long nowNs,
        final int src,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int templateId,
        final int blockLength,
        final int version)
    {
        final int offset = messageOffset + HEADER_LENGTH;
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
            {
                final long digest = pingDecoder.wrap(buffer, offset, blockLength, version).viewDigest();
                merge.mergeUpdates(nowNs, buffer, pingDecoder.limit());
                relay.onPing(src, pingDecoder);
                digestSync.onPeerDigest(nowNs, src, digest);
                break;
            }
            case AckDecoder.TEMPLATE_ID:
                onAck(nowNs, src, buffer, ackDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case NackDecoder.TEMPLATE_ID:
                probe.onNack(src, nackDecoder.wrap(buffer, offset, blockLength, version).seq());
                break;
            case PingReqDecoder.TEMPLATE_ID:
                pingReqDecoder.wrap(buffer, offset, blockLength, version);
                merge.mergeUpdates(nowNs, buffer, pingReqDecoder.limit());
                relay.onPingReq(nowNs, src, pingReqDecoder);
                break;
            case GossipDecoder.TEMPLATE_ID:
                merge.mergeUpdates(nowNs, buffer, gossipDecoder.wrap(buffer, offset, blockLength, version).limit());
                break;
            case MetadataUpdateDecoder.TEMPLATE_ID:
                merge.mergeWithMetadata(nowNs, buffer, offset, blockLength);
                break;
            case JoinDecoder.TEMPLATE_ID:
                join.onJoin(nowNs, src, joinDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case LeaveDecoder.TEMPLATE_ID:
                leave.onLeave(nowNs, src, leaveDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case PushPullChunkDecoder.TEMPLATE_ID:
                if (pushPull.onChunk(nowNs, src, pushPullDecoder.wrap(buffer, offset, blockLength, version)))
                {
                    join.onAnswered(pushPull.lastChunkIndex(), pushPull.lastChunkCount());
                }
                break;
            default:
                // Rumor and anti-entropy messages belong to the layers above the membership protocol.
                if (null == extension ||
                    !extension.onMessage(
                    nowNs, src, templateId, buffer, messageOffset, messageLength, blockLength, version))
                {
                    counters.increment(ProtocolCounters.DROP_SEMANTIC);
                }
                break;
        }
    }

    /**
     * An Ack: merge its updates, then it answers the current probe, an on-demand ping or a relayed probe.
     */
    private void onAck(final long nowNs, final int src, final DirectBuffer buffer, final AckDecoder ack)
    {
        final int seq = ack.seq();
        final int target = ack.targetNode();
        final long digest = ack.viewDigest();
        merge.mergeUpdates(nowNs, buffer, ack.limit());
        if (!probe.onAck(nowNs, src, seq, target) && !pings.onAck(nowNs, src, seq, target))
        {
            relay.onAck(src, seq, target);
        }
        digestSync.onPeerDigest(nowNs, src, digest);
    }
}

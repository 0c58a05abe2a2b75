package io.starling.bench.codec;

import io.starling.bench.support.WireSizes;
import io.starling.codecs.AckDecoder;
import io.starling.codecs.AckEncoder;
import io.starling.codecs.BooleanType;
import io.starling.codecs.EndpointDecoder;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.GroupSizeEncodingEncoder;
import io.starling.codecs.JoinDecoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.KeyRangeRequestDecoder;
import io.starling.codecs.KeyRangeRequestEncoder;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MerkleDigestRequestDecoder;
import io.starling.codecs.MerkleDigestRequestEncoder;
import io.starling.codecs.MerkleDigestResponseDecoder;
import io.starling.codecs.MerkleDigestResponseEncoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.codecs.RumorAckDecoder;
import io.starling.codecs.RumorAckEncoder;
import io.starling.codecs.RumorDecoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The {@link MessageCase} of every {@link MessageKind}, with the sizes that make each one realistic. "Full" kinds
 * hold as many entries as fit the default frame budget ({@link #FRAME_BUDGET_BYTES}), as the protocol fills them.
 */
public final class MessageCases
{
    /** Frame budget the full kinds fill: the protocol's default. */
    public static final int FRAME_BUDGET_BYTES = ProtocolConfig.FRAME_BUDGET_BYTES_DEFAULT;
    /** Piggybacked updates on PING_6, ACK and PING_REQ. */
    public static final int CHURN_UPDATES = 6;
    /** Updates in PING_FULL. */
    public static final int PING_FULL_UPDATES = WireSizes.maxPingUpdates(FRAME_BUDGET_BYTES);
    /** Updates in GOSSIP_FULL. */
    public static final int GOSSIP_FULL_UPDATES = Math.min(128, (FRAME_BUDGET_BYTES - FramePacker.FRAME_HEADER_LENGTH -
        MessageCase.HEADER_LENGTH - GossipEncoder.BLOCK_LENGTH - GroupSizeEncodingEncoder.ENCODED_LENGTH) /
        GossipEncoder.UpdatesEncoder.sbeBlockLength());
    /** Metadata bytes of JOIN. */
    public static final int JOIN_METADATA_BYTES = 64;
    /** Metadata bytes of each PUSH_PULL_FULL member. */
    public static final int PUSH_PULL_METADATA_BYTES = 16;
    /** Members in PUSH_PULL_FULL. */
    public static final int PUSH_PULL_MEMBERS = (FRAME_BUDGET_BYTES - FramePacker.FRAME_HEADER_LENGTH -
        MessageCase.HEADER_LENGTH - PushPullChunkEncoder.BLOCK_LENGTH - GroupSizeEncodingEncoder.ENCODED_LENGTH) /
        (PushPullChunkEncoder.MembersEncoder.sbeBlockLength() +
        PushPullChunkEncoder.MembersEncoder.metadataHeaderLength() + PUSH_PULL_METADATA_BYTES);
    /** Payload bytes of RUMOR. */
    public static final int RUMOR_PAYLOAD_BYTES = 256;
    /** Tree nodes in MERKLE_DIGEST_REQUEST. */
    public static final int DIGEST_REQUEST_NODES = 4;
    /** Tree nodes in MERKLE_DIGEST_RESPONSE: the 16 children of each requested node. */
    public static final int DIGEST_RESPONSE_NODES = DIGEST_REQUEST_NODES * 16;
    /** Leaves in KEY_RANGE_REQUEST. */
    public static final int KEY_RANGE_LEAVES = 8;
    /** Entries in KEY_VALUE_BATCH. */
    public static final int KV_ENTRIES = 4;
    /** Vector clock entries of each KEY_VALUE_BATCH entry. */
    public static final int KV_CLOCK_ENTRIES = 3;
    /** Key bytes of each KEY_VALUE_BATCH entry. */
    public static final int KV_KEY_BYTES = 24;
    /** Value bytes of each KEY_VALUE_BATCH entry. */
    public static final int KV_VALUE_BYTES = 128;

    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final int UPDATE_LENGTH = PingEncoder.UpdatesEncoder.sbeBlockLength();
    private static final int VAR_HEADER_LENGTH = RumorEncoder.payloadHeaderLength();

    private MessageCases()
    {
    }

    /**
     * @param kind    of message.
     * @param samples values to encode.
     * @return the case, with its own flyweights and scratch buffer.
     */
    public static MessageCase create(final MessageKind kind, final MessageSamples samples)
    {
        switch (kind)
        {
            case PING_0:
                return new Ping(kind, samples, 0);
            case PING_6:
                return new Ping(kind, samples, CHURN_UPDATES);
            case PING_FULL:
                return new Ping(kind, samples, PING_FULL_UPDATES);
            case ACK:
                return new Ack(samples);
            case PING_REQ:
                return new PingReq(samples);
            case NACK:
                return new Nack(samples);
            case GOSSIP_FULL:
                return new Gossip(samples, GOSSIP_FULL_UPDATES);
            case JOIN:
                return new Join(samples);
            case LEAVE:
                return new Leave(samples);
            case PUSH_PULL_FULL:
                return new PushPull(samples);
            case RUMOR:
                return new Rumor(samples);
            case RUMOR_ACK:
                return new RumorAck(samples);
            case MERKLE_DIGEST_REQUEST:
                return new DigestRequest(samples);
            case MERKLE_DIGEST_RESPONSE:
                return new DigestResponse(samples);
            case KEY_RANGE_REQUEST:
                return new KeyRange(samples);
            case KEY_VALUE_BATCH:
                return new KeyValueBatch(samples);
            default:
                throw new IllegalArgumentException("kind=" + kind);
        }
    }

    private static void expectedUpdates(final MessageSamples s, final FieldSink sink, final int count)
    {
        sink.value(count);
        for (int i = 0; i < count; i++)
        {
            sink.value(s.memberIds[i]);
            sink.value(s.incarnations[i]);
            sink.value(s.states[i].value());
            sink.value(s.metaVersions[i]);
            sink.value(s.fromNodes[i]);
            sink.value(s.ipv4s[i]);
            sink.value(s.ports[i]);
        }
    }

    private static void endpoint(final EndpointDecoder endpoint, final FieldSink sink)
    {
        sink.value(endpoint.ipv4());
        sink.value(endpoint.port());
    }

    static final class Ping extends MessageCase
    {
        private final PingEncoder encoder = new PingEncoder();
        private final PingDecoder decoder = new PingDecoder();
        private final int updates;

        Ping(final MessageKind kind, final MessageSamples samples, final int updates)
        {
            super(kind, PingEncoder.TEMPLATE_ID, samples);
            this.updates = updates;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final PingEncoder ping = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).seq(11).targetNode(9);
            ping.sourceEndpoint().ipv4(0x0A00_0007).port(7_946);
            final PingEncoder.UpdatesEncoder group = ping.updatesCount(updates);
            for (int i = 0; i < updates; i++)
            {
                group.next()
                    .memberId(s.memberIds[i])
                    .incarnation(s.incarnations[i])
                    .state(s.states[i])
                    .metaVersion(s.metaVersions[i])
                    .fromNode(s.fromNodes[i])
                    .endpoint().ipv4(s.ipv4s[i]).port(s.ports[i]);
            }
            return HEADER_LENGTH + ping.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final PingDecoder ping = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(ping.seq());
            sink.value(ping.targetNode());
            endpoint(ping.sourceEndpoint(), sink);
            final PingDecoder.UpdatesDecoder group = ping.updates();
            sink.value(group.count());
            while (group.hasNext())
            {
                group.next();
                sink.value(group.memberId());
                sink.value(group.incarnation());
                sink.value(group.state().value());
                sink.value(group.metaVersion());
                sink.value(group.fromNode());
                endpoint(group.endpoint(), sink);
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(11);
            sink.value(9);
            sink.value(0x0A00_0007);
            sink.value(7_946);
            expectedUpdates(samples, sink, updates);
        }

        int expectedBodyLengthBytes()
        {
            return PingEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + updates * UPDATE_LENGTH;
        }
    }

    static final class Ack extends MessageCase
    {
        private final AckEncoder encoder = new AckEncoder();
        private final AckDecoder decoder = new AckDecoder();
        private final int churnUpdates;

        Ack(final MessageSamples samples)
        {
            super(MessageKind.ACK, AckEncoder.TEMPLATE_ID, samples);
            churnUpdates = CHURN_UPDATES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final AckEncoder ack = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).seq(11).targetNode(9);
            final AckEncoder.UpdatesEncoder group = ack.updatesCount(churnUpdates);
            for (int i = 0; i < churnUpdates; i++)
            {
                group.next()
                    .memberId(s.memberIds[i])
                    .incarnation(s.incarnations[i])
                    .state(s.states[i])
                    .metaVersion(s.metaVersions[i])
                    .fromNode(s.fromNodes[i])
                    .endpoint().ipv4(s.ipv4s[i]).port(s.ports[i]);
            }
            ack.putPayload(s.data, 0, 0);
            return HEADER_LENGTH + ack.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final AckDecoder ack = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(ack.seq());
            sink.value(ack.targetNode());
            final AckDecoder.UpdatesDecoder group = ack.updates();
            sink.value(group.count());
            while (group.hasNext())
            {
                group.next();
                sink.value(group.memberId());
                sink.value(group.incarnation());
                sink.value(group.state().value());
                sink.value(group.metaVersion());
                sink.value(group.fromNode());
                endpoint(group.endpoint(), sink);
            }
            sink.bytes(scratch, 0, ack.getPayload(scratch, 0, SCRATCH_LENGTH_BYTES));
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(11);
            sink.value(9);
            expectedUpdates(samples, sink, churnUpdates);
            expectedBytes(sink, 0, 0);
        }

        int expectedBodyLengthBytes()
        {
            return AckEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + CHURN_UPDATES * UPDATE_LENGTH + VAR_HEADER_LENGTH;
        }
    }

    static final class PingReq extends MessageCase
    {
        private final PingReqEncoder encoder = new PingReqEncoder();
        private final PingReqDecoder decoder = new PingReqDecoder();
        private final int churnUpdates;

        PingReq(final MessageSamples samples)
        {
            super(MessageKind.PING_REQ, PingReqEncoder.TEMPLATE_ID, samples);
            churnUpdates = CHURN_UPDATES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final PingReqEncoder pingReq =
                encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).seq(12).targetNode(13);
            pingReq.targetEndpoint().ipv4(0x0A00_000D).port(7_947);
            pingReq.wantNack(BooleanType.T);
            final PingReqEncoder.UpdatesEncoder group = pingReq.updatesCount(churnUpdates);
            for (int i = 0; i < churnUpdates; i++)
            {
                group.next()
                    .memberId(s.memberIds[i])
                    .incarnation(s.incarnations[i])
                    .state(s.states[i])
                    .metaVersion(s.metaVersions[i])
                    .fromNode(s.fromNodes[i])
                    .endpoint().ipv4(s.ipv4s[i]).port(s.ports[i]);
            }
            return HEADER_LENGTH + pingReq.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final PingReqDecoder pingReq = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(pingReq.seq());
            sink.value(pingReq.targetNode());
            endpoint(pingReq.targetEndpoint(), sink);
            sink.value(pingReq.wantNack().value());
            final PingReqDecoder.UpdatesDecoder group = pingReq.updates();
            sink.value(group.count());
            while (group.hasNext())
            {
                group.next();
                sink.value(group.memberId());
                sink.value(group.incarnation());
                sink.value(group.state().value());
                sink.value(group.metaVersion());
                sink.value(group.fromNode());
                endpoint(group.endpoint(), sink);
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(12);
            sink.value(13);
            sink.value(0x0A00_000D);
            sink.value(7_947);
            sink.value(BooleanType.T.value());
            expectedUpdates(samples, sink, churnUpdates);
        }

        int expectedBodyLengthBytes()
        {
            return PingReqEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + CHURN_UPDATES * UPDATE_LENGTH;
        }
    }

    static final class Nack extends MessageCase
    {
        private final NackEncoder encoder = new NackEncoder();
        private final NackDecoder decoder = new NackDecoder();

        Nack(final MessageSamples samples)
        {
            super(MessageKind.NACK, NackEncoder.TEMPLATE_ID, samples);
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            return HEADER_LENGTH + encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .seq(12)
                .targetNode(13)
                .encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final NackDecoder nack = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(nack.seq());
            sink.value(nack.targetNode());
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(12);
            sink.value(13);
        }

        int expectedBodyLengthBytes()
        {
            return NackEncoder.BLOCK_LENGTH;
        }
    }

    static final class Gossip extends MessageCase
    {
        private final GossipEncoder encoder = new GossipEncoder();
        private final GossipDecoder decoder = new GossipDecoder();
        private final int updates;

        Gossip(final MessageSamples samples, final int updates)
        {
            super(MessageKind.GOSSIP_FULL, GossipEncoder.TEMPLATE_ID, samples);
            this.updates = updates;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final GossipEncoder gossip = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
            final GossipEncoder.UpdatesEncoder group = gossip.updatesCount(updates);
            for (int i = 0; i < updates; i++)
            {
                group.next()
                    .memberId(s.memberIds[i])
                    .incarnation(s.incarnations[i])
                    .state(s.states[i])
                    .metaVersion(s.metaVersions[i])
                    .fromNode(s.fromNodes[i])
                    .endpoint().ipv4(s.ipv4s[i]).port(s.ports[i]);
            }
            return HEADER_LENGTH + gossip.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final GossipDecoder.UpdatesDecoder group = decoder.wrap(buffer, offset, blockLength, version).updates();
            sink.value(group.count());
            while (group.hasNext())
            {
                group.next();
                sink.value(group.memberId());
                sink.value(group.incarnation());
                sink.value(group.state().value());
                sink.value(group.metaVersion());
                sink.value(group.fromNode());
                endpoint(group.endpoint(), sink);
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            expectedUpdates(samples, sink, updates);
        }

        int expectedBodyLengthBytes()
        {
            return GossipEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + updates * UPDATE_LENGTH;
        }
    }

    static final class Join extends MessageCase
    {
        private static final int METADATA_OFFSET = MessageSamples.dataOffset(1);

        private final JoinEncoder encoder = new JoinEncoder();
        private final JoinDecoder decoder = new JoinDecoder();
        private final int joinMetadataBytes;

        Join(final MessageSamples samples)
        {
            super(MessageKind.JOIN, JoinEncoder.TEMPLATE_ID, samples);
            joinMetadataBytes = JOIN_METADATA_BYTES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final JoinEncoder join = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .nodeId(1_234)
                .incarnation(5);
            join.endpoint().ipv4(0x0A00_0102).port(7_950);
            join.metaVersion(3);
            join.putMetadata(samples.data, METADATA_OFFSET, joinMetadataBytes);
            return HEADER_LENGTH + join.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final JoinDecoder join = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(join.nodeId());
            sink.value(join.incarnation());
            endpoint(join.endpoint(), sink);
            sink.value(join.metaVersion());
            sink.bytes(scratch, 0, join.getMetadata(scratch, 0, SCRATCH_LENGTH_BYTES));
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(1_234);
            sink.value(5);
            sink.value(0x0A00_0102);
            sink.value(7_950);
            sink.value(3);
            expectedBytes(sink, METADATA_OFFSET, joinMetadataBytes);
        }

        int expectedBodyLengthBytes()
        {
            return JoinEncoder.BLOCK_LENGTH + VAR_HEADER_LENGTH + JOIN_METADATA_BYTES;
        }
    }

    static final class Leave extends MessageCase
    {
        private final LeaveEncoder encoder = new LeaveEncoder();
        private final LeaveDecoder decoder = new LeaveDecoder();

        Leave(final MessageSamples samples)
        {
            super(MessageKind.LEAVE, LeaveEncoder.TEMPLATE_ID, samples);
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            return HEADER_LENGTH + encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .nodeId(1_234)
                .incarnation(6)
                .encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final LeaveDecoder leave = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(leave.nodeId());
            sink.value(leave.incarnation());
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(1_234);
            sink.value(6);
        }

        int expectedBodyLengthBytes()
        {
            return LeaveEncoder.BLOCK_LENGTH;
        }
    }

    static final class PushPull extends MessageCase
    {
        private final PushPullChunkEncoder encoder = new PushPullChunkEncoder();
        private final PushPullChunkDecoder decoder = new PushPullChunkDecoder();
        private final int pushPullMembers;
        private final int pushPullMetadataBytes;

        PushPull(final MessageSamples samples)
        {
            super(MessageKind.PUSH_PULL_FULL, PushPullChunkEncoder.TEMPLATE_ID, samples);
            pushPullMembers = PUSH_PULL_MEMBERS;
            pushPullMetadataBytes = PUSH_PULL_METADATA_BYTES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final PushPullChunkEncoder chunk = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .syncId(77)
                .chunkIndex(2)
                .chunkCount(28)
                .isReply(BooleanType.T)
                .isJoin(BooleanType.F)
                .totalMembers(1_000);
            final PushPullChunkEncoder.MembersEncoder members = chunk.membersCount(pushPullMembers);
            for (int i = 0; i < pushPullMembers; i++)
            {
                members.next()
                    .memberId(s.memberIds[i])
                    .incarnation(s.incarnations[i])
                    .state(s.states[i])
                    .metaVersion(s.metaVersions[i])
                    .endpoint().ipv4(s.ipv4s[i]).port(s.ports[i]);
                members.putMetadata(s.data, MessageSamples.dataOffset(i), pushPullMetadataBytes);
            }
            return HEADER_LENGTH + chunk.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final PushPullChunkDecoder chunk = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(chunk.syncId());
            sink.value(chunk.chunkIndex());
            sink.value(chunk.chunkCount());
            sink.value(chunk.isReply().value());
            sink.value(chunk.isJoin().value());
            sink.value(chunk.totalMembers());
            final PushPullChunkDecoder.MembersDecoder members = chunk.members();
            sink.value(members.count());
            while (members.hasNext())
            {
                members.next();
                sink.value(members.memberId());
                sink.value(members.incarnation());
                sink.value(members.state().value());
                sink.value(members.metaVersion());
                endpoint(members.endpoint(), sink);
                sink.bytes(scratch, 0, members.getMetadata(scratch, 0, SCRATCH_LENGTH_BYTES));
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            final MessageSamples s = samples;
            sink.value(77);
            sink.value(2);
            sink.value(28);
            sink.value(BooleanType.T.value());
            sink.value(BooleanType.F.value());
            sink.value(1_000);
            sink.value(pushPullMembers);
            for (int i = 0; i < pushPullMembers; i++)
            {
                sink.value(s.memberIds[i]);
                sink.value(s.incarnations[i]);
                sink.value(s.states[i].value());
                sink.value(s.metaVersions[i]);
                sink.value(s.ipv4s[i]);
                sink.value(s.ports[i]);
                expectedBytes(sink, MessageSamples.dataOffset(i), pushPullMetadataBytes);
            }
        }

        int expectedBodyLengthBytes()
        {
            return PushPullChunkEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + PUSH_PULL_MEMBERS *
                (PushPullChunkEncoder.MembersEncoder.sbeBlockLength() + VAR_HEADER_LENGTH + PUSH_PULL_METADATA_BYTES);
        }
    }

    static final class Rumor extends MessageCase
    {
        private static final int PAYLOAD_OFFSET = MessageSamples.dataOffset(2);

        private final RumorEncoder encoder = new RumorEncoder();
        private final RumorDecoder decoder = new RumorDecoder();
        private final int rumorPayloadBytes;

        Rumor(final MessageSamples samples)
        {
            super(MessageKind.RUMOR, RumorEncoder.TEMPLATE_ID, samples);
            rumorPayloadBytes = RUMOR_PAYLOAD_BYTES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final RumorEncoder rumor = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .rumorId(0x0123_4567_89AB_CDEFL)
                .originNode(1_234)
                .lamportTime(1_700_000_000_123L)
                .hops((short)3);
            rumor.putPayload(samples.data, PAYLOAD_OFFSET, rumorPayloadBytes);
            return HEADER_LENGTH + rumor.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final RumorDecoder rumor = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(rumor.rumorId());
            sink.value(rumor.originNode());
            sink.value(rumor.lamportTime());
            sink.value(rumor.hops());
            sink.bytes(scratch, 0, rumor.getPayload(scratch, 0, SCRATCH_LENGTH_BYTES));
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(0x0123_4567_89AB_CDEFL);
            sink.value(1_234);
            sink.value(1_700_000_000_123L);
            sink.value(3);
            expectedBytes(sink, PAYLOAD_OFFSET, rumorPayloadBytes);
        }

        int expectedBodyLengthBytes()
        {
            return RumorEncoder.BLOCK_LENGTH + VAR_HEADER_LENGTH + RUMOR_PAYLOAD_BYTES;
        }
    }

    static final class RumorAck extends MessageCase
    {
        private final RumorAckEncoder encoder = new RumorAckEncoder();
        private final RumorAckDecoder decoder = new RumorAckDecoder();

        RumorAck(final MessageSamples samples)
        {
            super(MessageKind.RUMOR_ACK, RumorAckEncoder.TEMPLATE_ID, samples);
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            return HEADER_LENGTH + encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .rumorId(0x0123_4567_89AB_CDEFL)
                .originNode(1_234)
                .alreadyKnown(BooleanType.T)
                .encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final RumorAckDecoder ack = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(ack.rumorId());
            sink.value(ack.originNode());
            sink.value(ack.alreadyKnown().value());
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(0x0123_4567_89AB_CDEFL);
            sink.value(1_234);
            sink.value(BooleanType.T.value());
        }

        int expectedBodyLengthBytes()
        {
            return RumorAckEncoder.BLOCK_LENGTH;
        }
    }

    static final class DigestRequest extends MessageCase
    {
        private final MerkleDigestRequestEncoder encoder = new MerkleDigestRequestEncoder();
        private final MerkleDigestRequestDecoder decoder = new MerkleDigestRequestDecoder();
        private final int digestRequestNodes;

        DigestRequest(final MessageSamples samples)
        {
            super(MessageKind.MERKLE_DIGEST_REQUEST, MerkleDigestRequestEncoder.TEMPLATE_ID, samples);
            digestRequestNodes = DIGEST_REQUEST_NODES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final MerkleDigestRequestEncoder request = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .sessionId(501)
                .level((short)2)
                .rootHash(s.hashes[0]);
            final MerkleDigestRequestEncoder.NodesEncoder nodes = request.nodesCount(digestRequestNodes);
            for (int i = 0; i < digestRequestNodes; i++)
            {
                nodes.next().index(s.memberIds[i]);
            }
            return HEADER_LENGTH + request.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final MerkleDigestRequestDecoder request = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(request.sessionId());
            sink.value(request.level());
            sink.value(request.rootHash());
            final MerkleDigestRequestDecoder.NodesDecoder nodes = request.nodes();
            sink.value(nodes.count());
            while (nodes.hasNext())
            {
                sink.value(nodes.next().index());
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            final MessageSamples s = samples;
            sink.value(501);
            sink.value(2);
            sink.value(s.hashes[0]);
            sink.value(digestRequestNodes);
            for (int i = 0; i < digestRequestNodes; i++)
            {
                sink.value(s.memberIds[i]);
            }
        }

        int expectedBodyLengthBytes()
        {
            return MerkleDigestRequestEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH +
                DIGEST_REQUEST_NODES * MerkleDigestRequestEncoder.NodesEncoder.sbeBlockLength();
        }
    }

    static final class DigestResponse extends MessageCase
    {
        private final MerkleDigestResponseEncoder encoder = new MerkleDigestResponseEncoder();
        private final MerkleDigestResponseDecoder decoder = new MerkleDigestResponseDecoder();
        private final int digestResponseNodes;

        DigestResponse(final MessageSamples samples)
        {
            super(MessageKind.MERKLE_DIGEST_RESPONSE, MerkleDigestResponseEncoder.TEMPLATE_ID, samples);
            digestResponseNodes = DIGEST_RESPONSE_NODES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final MerkleDigestResponseEncoder response = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .sessionId(501)
                .level((short)3);
            final MerkleDigestResponseEncoder.NodesEncoder nodes = response.nodesCount(digestResponseNodes);
            for (int i = 0; i < digestResponseNodes; i++)
            {
                nodes.next().index(s.memberIds[i]).hash(s.hashes[i]);
            }
            return HEADER_LENGTH + response.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final MerkleDigestResponseDecoder response = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(response.sessionId());
            sink.value(response.level());
            final MerkleDigestResponseDecoder.NodesDecoder nodes = response.nodes();
            sink.value(nodes.count());
            while (nodes.hasNext())
            {
                nodes.next();
                sink.value(nodes.index());
                sink.value(nodes.hash());
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            final MessageSamples s = samples;
            sink.value(501);
            sink.value(3);
            sink.value(digestResponseNodes);
            for (int i = 0; i < digestResponseNodes; i++)
            {
                sink.value(s.memberIds[i]);
                sink.value(s.hashes[i]);
            }
        }

        int expectedBodyLengthBytes()
        {
            return MerkleDigestResponseEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH +
                DIGEST_RESPONSE_NODES * MerkleDigestResponseEncoder.NodesEncoder.sbeBlockLength();
        }
    }

    static final class KeyRange extends MessageCase
    {
        private final KeyRangeRequestEncoder encoder = new KeyRangeRequestEncoder();
        private final KeyRangeRequestDecoder decoder = new KeyRangeRequestDecoder();
        private final int keyRangeLeaves;

        KeyRange(final MessageSamples samples)
        {
            super(MessageKind.KEY_RANGE_REQUEST, KeyRangeRequestEncoder.TEMPLATE_ID, samples);
            keyRangeLeaves = KEY_RANGE_LEAVES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final KeyRangeRequestEncoder request =
                encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).sessionId(502);
            final KeyRangeRequestEncoder.LeavesEncoder leaves = request.leavesCount(keyRangeLeaves);
            for (int i = 0; i < keyRangeLeaves; i++)
            {
                leaves.next().leafIndex(s.memberIds[i]);
            }
            return HEADER_LENGTH + request.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final KeyRangeRequestDecoder request = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(request.sessionId());
            final KeyRangeRequestDecoder.LeavesDecoder leaves = request.leaves();
            sink.value(leaves.count());
            while (leaves.hasNext())
            {
                sink.value(leaves.next().leafIndex());
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            sink.value(502);
            sink.value(keyRangeLeaves);
            for (int i = 0; i < keyRangeLeaves; i++)
            {
                sink.value(samples.memberIds[i]);
            }
        }

        int expectedBodyLengthBytes()
        {
            return KeyRangeRequestEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH +
                KEY_RANGE_LEAVES * KeyRangeRequestEncoder.LeavesEncoder.sbeBlockLength();
        }
    }

    static final class KeyValueBatch extends MessageCase
    {
        private final KeyValueBatchEncoder encoder = new KeyValueBatchEncoder();
        private final KeyValueBatchDecoder decoder = new KeyValueBatchDecoder();
        private final int kvEntries;
        private final int kvClockEntries;
        private final int kvKeyBytes;
        private final int kvValueBytes;

        KeyValueBatch(final MessageSamples samples)
        {
            super(MessageKind.KEY_VALUE_BATCH, KeyValueBatchEncoder.TEMPLATE_ID, samples);
            kvEntries = KV_ENTRIES;
            kvClockEntries = KV_CLOCK_ENTRIES;
            kvKeyBytes = KV_KEY_BYTES;
            kvValueBytes = KV_VALUE_BYTES;
        }

        int encodeMessage(final MutableDirectBuffer buffer, final int offset)
        {
            final MessageSamples s = samples;
            final KeyValueBatchEncoder batch = encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .sessionId(503)
                .chunkIndex(0)
                .chunkCount(1)
                .isReply(BooleanType.T);
            final KeyValueBatchEncoder.EntriesEncoder entries = batch.entriesCount(kvEntries);
            for (int i = 0; i < kvEntries; i++)
            {
                entries.next()
                    .lamportTime(s.lamportTimes[i])
                    .writerNode(s.fromNodes[i])
                    .tombstone(s.flags[i]);
                final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entries.clockCount(kvClockEntries);
                for (int c = 0; c < kvClockEntries; c++)
                {
                    clock.next().nodeId(s.fromNodes[i + c]).counter(s.lamportTimes[i + c]);
                }
                entries.putKey(s.data, MessageSamples.dataOffset(2 * i), kvKeyBytes);
                entries.putValue(s.data, MessageSamples.dataOffset(2 * i + 1), kvValueBytes);
            }
            return HEADER_LENGTH + batch.encodedLength();
        }

        void decodeMessage(
            final DirectBuffer buffer, final int offset, final int blockLength, final int version, final FieldSink sink)
        {
            final KeyValueBatchDecoder batch = decoder.wrap(buffer, offset, blockLength, version);
            sink.value(batch.sessionId());
            sink.value(batch.chunkIndex());
            sink.value(batch.chunkCount());
            sink.value(batch.isReply().value());
            final KeyValueBatchDecoder.EntriesDecoder entries = batch.entries();
            sink.value(entries.count());
            while (entries.hasNext())
            {
                entries.next();
                sink.value(entries.lamportTime());
                sink.value(entries.writerNode());
                sink.value(entries.tombstone().value());
                final KeyValueBatchDecoder.EntriesDecoder.ClockDecoder clock = entries.clock();
                sink.value(clock.count());
                while (clock.hasNext())
                {
                    clock.next();
                    sink.value(clock.nodeId());
                    sink.value(clock.counter());
                }
                sink.bytes(scratch, 0, entries.getKey(scratch, 0, SCRATCH_LENGTH_BYTES));
                sink.bytes(scratch, 0, entries.getValue(scratch, 0, SCRATCH_LENGTH_BYTES));
            }
        }

        void expectedMessage(final FieldSink sink)
        {
            final MessageSamples s = samples;
            sink.value(503);
            sink.value(0);
            sink.value(1);
            sink.value(BooleanType.T.value());
            sink.value(kvEntries);
            for (int i = 0; i < kvEntries; i++)
            {
                sink.value(s.lamportTimes[i]);
                sink.value(s.fromNodes[i]);
                sink.value(s.flags[i].value());
                sink.value(kvClockEntries);
                for (int c = 0; c < kvClockEntries; c++)
                {
                    sink.value(s.fromNodes[i + c]);
                    sink.value(s.lamportTimes[i + c]);
                }
                expectedBytes(sink, MessageSamples.dataOffset(2 * i), kvKeyBytes);
                expectedBytes(sink, MessageSamples.dataOffset(2 * i + 1), kvValueBytes);
            }
        }

        int expectedBodyLengthBytes()
        {
            final int clock = GROUP_HEADER_LENGTH +
                KV_CLOCK_ENTRIES * KeyValueBatchEncoder.EntriesEncoder.ClockEncoder.sbeBlockLength();
            final int entry = KeyValueBatchEncoder.EntriesEncoder.sbeBlockLength() + clock +
                VAR_HEADER_LENGTH + KV_KEY_BYTES + VAR_HEADER_LENGTH + KV_VALUE_BYTES;
            return KeyValueBatchEncoder.BLOCK_LENGTH + GROUP_HEADER_LENGTH + KV_ENTRIES * entry;
        }
    }
}

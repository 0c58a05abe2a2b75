package io.starling.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Test helper: encodes every message type of the schema with every field, group and var-data field populated from a
 * seeded random source, recording each value written as {@code "Message.group.field=value"}, and decodes every
 * message back with the generated decoders (honouring acting block length and version), recording each
 * value read the same way. A round trip is correct when the two records are equal.
 */
final class WireSamples
{
    /** Every protocol template (FrameHeader excluded), in schema order. */
    static final int[] PROTOCOL_TEMPLATE_IDS =
    {
        PingDecoder.TEMPLATE_ID,
        AckDecoder.TEMPLATE_ID,
        NackDecoder.TEMPLATE_ID,
        PingReqDecoder.TEMPLATE_ID,
        GossipDecoder.TEMPLATE_ID,
        JoinDecoder.TEMPLATE_ID,
        LeaveDecoder.TEMPLATE_ID,
        PushPullChunkDecoder.TEMPLATE_ID,
        RumorDecoder.TEMPLATE_ID,
        RumorAckDecoder.TEMPLATE_ID,
        MerkleDigestRequestDecoder.TEMPLATE_ID,
        MerkleDigestResponseDecoder.TEMPLATE_ID,
        KeyRangeRequestDecoder.TEMPLATE_ID,
        KeyValueBatchDecoder.TEMPLATE_ID,
        MetadataUpdateDecoder.TEMPLATE_ID,
    };

    /** Var-data lengths cycled through, empty included. */
    private static final int[] VAR_DATA_LENGTHS = { 0, 1, 7, 33, 2, 100 };

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeaderEncoder = new FrameHeaderEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final NackEncoder nackEncoder = new NackEncoder();
    private final PingReqEncoder pingReqEncoder = new PingReqEncoder();
    private final GossipEncoder gossipEncoder = new GossipEncoder();
    private final JoinEncoder joinEncoder = new JoinEncoder();
    private final LeaveEncoder leaveEncoder = new LeaveEncoder();
    private final PushPullChunkEncoder pushPullChunkEncoder = new PushPullChunkEncoder();
    private final RumorEncoder rumorEncoder = new RumorEncoder();
    private final RumorAckEncoder rumorAckEncoder = new RumorAckEncoder();
    private final MerkleDigestRequestEncoder digestRequestEncoder = new MerkleDigestRequestEncoder();
    private final MerkleDigestResponseEncoder digestResponseEncoder = new MerkleDigestResponseEncoder();
    private final KeyRangeRequestEncoder keyRangeRequestEncoder = new KeyRangeRequestEncoder();
    private final KeyValueBatchEncoder keyValueBatchEncoder = new KeyValueBatchEncoder();
    private final MetadataUpdateEncoder metadataUpdateEncoder = new MetadataUpdateEncoder();

    private final FrameHeaderDecoder frameHeaderDecoder = new FrameHeaderDecoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final NackDecoder nackDecoder = new NackDecoder();
    private final PingReqDecoder pingReqDecoder = new PingReqDecoder();
    private final GossipDecoder gossipDecoder = new GossipDecoder();
    private final JoinDecoder joinDecoder = new JoinDecoder();
    private final LeaveDecoder leaveDecoder = new LeaveDecoder();
    private final PushPullChunkDecoder pushPullChunkDecoder = new PushPullChunkDecoder();
    private final RumorDecoder rumorDecoder = new RumorDecoder();
    private final RumorAckDecoder rumorAckDecoder = new RumorAckDecoder();
    private final MerkleDigestRequestDecoder digestRequestDecoder = new MerkleDigestRequestDecoder();
    private final MerkleDigestResponseDecoder digestResponseDecoder = new MerkleDigestResponseDecoder();
    private final KeyRangeRequestDecoder keyRangeRequestDecoder = new KeyRangeRequestDecoder();
    private final KeyValueBatchDecoder keyValueBatchDecoder = new KeyValueBatchDecoder();
    private final MetadataUpdateDecoder metadataUpdateDecoder = new MetadataUpdateDecoder();

    private final Random random;
    private int varDataIndex;

    WireSamples(final long seed)
    {
        random = new Random(seed);
    }

    Random random()
    {
        return random;
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /**
     * Encode a FrameHeader then one message of each given template.
     *
     * @return the frame length.
     */
    int encodeFrame(
        final MutableDirectBuffer buffer,
        final int offset,
        final int[] templateIds,
        final int entries,
        final List<String> out)
    {
        int position = offset + encodeFrameHeader(buffer, offset, out);
        for (final int templateId : templateIds)
        {
            position += encodeMessage(templateId, buffer, position, entries, out);
        }

        return position - offset;
    }

    int encodeFrameHeader(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final int clusterId = random.nextInt();
        final int srcNode = random.nextInt();
        final int dstNode = random.nextBoolean() ? -1 : random.nextInt();
        final long sequence = random.nextLong();
        final short flags = (short)random.nextInt(256);
        frameHeaderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .clusterId(clusterId)
            .srcNode(srcNode)
            .dstNode(dstNode)
            .sequence(sequence)
            .flags(flags);
        put(out, "FrameHeader.clusterId", clusterId);
        put(out, "FrameHeader.srcNode", srcNode);
        put(out, "FrameHeader.dstNode", dstNode);
        put(out, "FrameHeader.sequence", sequence);
        put(out, "FrameHeader.flags", flags);

        return MessageHeaderEncoder.ENCODED_LENGTH + frameHeaderEncoder.encodedLength();
    }

    /**
     * Encode one message, header included, with {@code entries} entries in each of its top-level groups.
     *
     * @return the message length, header included.
     */
    int encodeMessage(
        final int templateId,
        final MutableDirectBuffer buffer,
        final int offset,
        final int entries,
        final List<String> out)
    {
        final int bodyLength;
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
                bodyLength = encodePing(buffer, offset, entries, out);
                break;
            case AckDecoder.TEMPLATE_ID:
                bodyLength = encodeAck(buffer, offset, entries, out);
                break;
            case NackDecoder.TEMPLATE_ID:
                bodyLength = encodeNack(buffer, offset, out);
                break;
            case PingReqDecoder.TEMPLATE_ID:
                bodyLength = encodePingReq(buffer, offset, entries, out);
                break;
            case GossipDecoder.TEMPLATE_ID:
                bodyLength = encodeGossip(buffer, offset, entries, out);
                break;
            case JoinDecoder.TEMPLATE_ID:
                bodyLength = encodeJoin(buffer, offset, out);
                break;
            case LeaveDecoder.TEMPLATE_ID:
                bodyLength = encodeLeave(buffer, offset, out);
                break;
            case PushPullChunkDecoder.TEMPLATE_ID:
                bodyLength = encodePushPullChunk(buffer, offset, entries, out);
                break;
            case RumorDecoder.TEMPLATE_ID:
                bodyLength = encodeRumor(buffer, offset, out);
                break;
            case RumorAckDecoder.TEMPLATE_ID:
                bodyLength = encodeRumorAck(buffer, offset, out);
                break;
            case MerkleDigestRequestDecoder.TEMPLATE_ID:
                bodyLength = encodeDigestRequest(buffer, offset, entries, out);
                break;
            case MerkleDigestResponseDecoder.TEMPLATE_ID:
                bodyLength = encodeDigestResponse(buffer, offset, entries, out);
                break;
            case KeyRangeRequestDecoder.TEMPLATE_ID:
                bodyLength = encodeKeyRangeRequest(buffer, offset, entries, out);
                break;
            case KeyValueBatchDecoder.TEMPLATE_ID:
                bodyLength = encodeKeyValueBatch(buffer, offset, entries, out);
                break;
            case MetadataUpdateDecoder.TEMPLATE_ID:
                bodyLength = encodeMetadataUpdate(buffer, offset, out);
                break;
            default:
                throw new IllegalArgumentException("no sample for template " + templateId);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
    }

    private int encodePing(final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final PingEncoder e = pingEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.seq(int32(out, "Ping.seq")).targetNode(int32(out, "Ping.targetNode"));
        e.sourceEndpoint().ipv4(int32(out, "Ping.sourceEndpoint.ipv4")).port(uint16(out, "Ping.sourceEndpoint.port"));
        e.viewDigest(int64(out, "Ping.viewDigest"));
        final PingEncoder.UpdatesEncoder u = e.updatesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "Ping.updates[" + i + "].";
            u.next()
                .memberId(int32(out, p + "memberId"))
                .incarnation(int32(out, p + "incarnation"))
                .state(memberState(out, p + "state"))
                .metaVersion(uint16(out, p + "metaVersion"))
                .fromNode(int32(out, p + "fromNode"));
            u.endpoint().ipv4(int32(out, p + "endpoint.ipv4")).port(uint16(out, p + "endpoint.port"));
        }

        return e.encodedLength();
    }

    private int encodeAck(final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final AckEncoder e = ackEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.seq(int32(out, "Ack.seq")).targetNode(int32(out, "Ack.targetNode")).viewDigest(int64(out, "Ack.viewDigest"));
        final AckEncoder.UpdatesEncoder u = e.updatesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "Ack.updates[" + i + "].";
            u.next()
                .memberId(int32(out, p + "memberId"))
                .incarnation(int32(out, p + "incarnation"))
                .state(memberState(out, p + "state"))
                .metaVersion(uint16(out, p + "metaVersion"))
                .fromNode(int32(out, p + "fromNode"));
            u.endpoint().ipv4(int32(out, p + "endpoint.ipv4")).port(uint16(out, p + "endpoint.port"));
        }
        final byte[] payload = bytes(out, "Ack.payload");
        e.putPayload(payload, 0, payload.length);

        return e.encodedLength();
    }

    private int encodeNack(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final NackEncoder e = nackEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.seq(int32(out, "Nack.seq")).targetNode(int32(out, "Nack.targetNode"));

        return e.encodedLength();
    }

    private int encodePingReq(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final PingReqEncoder e = pingReqEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.seq(int32(out, "PingReq.seq")).targetNode(int32(out, "PingReq.targetNode"));
        e.targetEndpoint().ipv4(int32(out, "PingReq.targetEndpoint.ipv4"))
            .port(uint16(out, "PingReq.targetEndpoint.port"));
        e.wantNack(bool(out, "PingReq.wantNack"));
        final PingReqEncoder.UpdatesEncoder u = e.updatesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "PingReq.updates[" + i + "].";
            u.next()
                .memberId(int32(out, p + "memberId"))
                .incarnation(int32(out, p + "incarnation"))
                .state(memberState(out, p + "state"))
                .metaVersion(uint16(out, p + "metaVersion"))
                .fromNode(int32(out, p + "fromNode"));
            u.endpoint().ipv4(int32(out, p + "endpoint.ipv4")).port(uint16(out, p + "endpoint.port"));
        }

        return e.encodedLength();
    }

    private int encodeGossip(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final GossipEncoder e = gossipEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        final GossipEncoder.UpdatesEncoder u = e.updatesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "Gossip.updates[" + i + "].";
            u.next()
                .memberId(int32(out, p + "memberId"))
                .incarnation(int32(out, p + "incarnation"))
                .state(memberState(out, p + "state"))
                .metaVersion(uint16(out, p + "metaVersion"))
                .fromNode(int32(out, p + "fromNode"));
            u.endpoint().ipv4(int32(out, p + "endpoint.ipv4")).port(uint16(out, p + "endpoint.port"));
        }

        return e.encodedLength();
    }

    private int encodeJoin(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final JoinEncoder e = joinEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.nodeId(int32(out, "Join.nodeId")).incarnation(int32(out, "Join.incarnation"));
        e.endpoint().ipv4(int32(out, "Join.endpoint.ipv4")).port(uint16(out, "Join.endpoint.port"));
        e.metaVersion(uint16(out, "Join.metaVersion"));
        final byte[] metadata = bytes(out, "Join.metadata");
        e.putMetadata(metadata, 0, metadata.length);

        return e.encodedLength();
    }

    private int encodeMetadataUpdate(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final MetadataUpdateEncoder e = metadataUpdateEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.memberId(int32(out, "MetadataUpdate.memberId")).incarnation(int32(out, "MetadataUpdate.incarnation"));
        e.state(memberState(out, "MetadataUpdate.state")).metaVersion(uint16(out, "MetadataUpdate.metaVersion"));
        e.fromNode(int32(out, "MetadataUpdate.fromNode"));
        e.endpoint().ipv4(int32(out, "MetadataUpdate.endpoint.ipv4"))
            .port(uint16(out, "MetadataUpdate.endpoint.port"));
        final byte[] metadata = bytes(out, "MetadataUpdate.metadata");
        e.putMetadata(metadata, 0, metadata.length);

        return e.encodedLength();
    }

    private int encodeLeave(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final LeaveEncoder e = leaveEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.nodeId(int32(out, "Leave.nodeId")).incarnation(int32(out, "Leave.incarnation"));

        return e.encodedLength();
    }

    private int encodePushPullChunk(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final PushPullChunkEncoder e = pushPullChunkEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.syncId(int32(out, "PushPullChunk.syncId"))
            .chunkIndex(uint16(out, "PushPullChunk.chunkIndex"))
            .chunkCount(uint16(out, "PushPullChunk.chunkCount"))
            .isReply(bool(out, "PushPullChunk.isReply"))
            .isJoin(bool(out, "PushPullChunk.isJoin"))
            .totalMembers(int32(out, "PushPullChunk.totalMembers"));
        final PushPullChunkEncoder.MembersEncoder m = e.membersCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "PushPullChunk.members[" + i + "].";
            m.next()
                .memberId(int32(out, p + "memberId"))
                .incarnation(int32(out, p + "incarnation"))
                .state(memberState(out, p + "state"))
                .metaVersion(uint16(out, p + "metaVersion"));
            m.endpoint().ipv4(int32(out, p + "endpoint.ipv4")).port(uint16(out, p + "endpoint.port"));
            final byte[] metadata = bytes(out, p + "metadata");
            m.putMetadata(metadata, 0, metadata.length);
        }

        return e.encodedLength();
    }

    private int encodeRumor(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final RumorEncoder e = rumorEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.rumorId(int64(out, "Rumor.rumorId"))
            .originNode(int32(out, "Rumor.originNode"))
            .lamportTime(int64(out, "Rumor.lamportTime"))
            .hops(uint8(out, "Rumor.hops"));
        final byte[] payload = bytes(out, "Rumor.payload");
        e.putPayload(payload, 0, payload.length);

        return e.encodedLength();
    }

    private int encodeRumorAck(final MutableDirectBuffer buffer, final int offset, final List<String> out)
    {
        final RumorAckEncoder e = rumorAckEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.rumorId(int64(out, "RumorAck.rumorId"))
            .originNode(int32(out, "RumorAck.originNode"))
            .alreadyKnown(bool(out, "RumorAck.alreadyKnown"));

        return e.encodedLength();
    }

    private int encodeDigestRequest(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final MerkleDigestRequestEncoder e = digestRequestEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.sessionId(int32(out, "MerkleDigestRequest.sessionId"))
            .level(uint8(out, "MerkleDigestRequest.level"))
            .rootHash(int64(out, "MerkleDigestRequest.rootHash"));
        final MerkleDigestRequestEncoder.NodesEncoder n = e.nodesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            n.next().index(int32(out, "MerkleDigestRequest.nodes[" + i + "].index"));
        }

        return e.encodedLength();
    }

    private int encodeDigestResponse(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final MerkleDigestResponseEncoder e = digestResponseEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.sessionId(int32(out, "MerkleDigestResponse.sessionId")).level(uint8(out, "MerkleDigestResponse.level"));
        final MerkleDigestResponseEncoder.NodesEncoder n = e.nodesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "MerkleDigestResponse.nodes[" + i + "].";
            n.next().index(int32(out, p + "index")).hash(int64(out, p + "hash"));
        }

        return e.encodedLength();
    }

    private int encodeKeyRangeRequest(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final KeyRangeRequestEncoder e = keyRangeRequestEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.sessionId(int32(out, "KeyRangeRequest.sessionId"));
        final KeyRangeRequestEncoder.LeavesEncoder l = e.leavesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            l.next().leafIndex(int32(out, "KeyRangeRequest.leaves[" + i + "].leafIndex"));
        }

        return e.encodedLength();
    }

    private int encodeKeyValueBatch(
        final MutableDirectBuffer buffer, final int offset, final int entries, final List<String> out)
    {
        final KeyValueBatchEncoder e = keyValueBatchEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        e.sessionId(int32(out, "KeyValueBatch.sessionId"))
            .chunkIndex(uint16(out, "KeyValueBatch.chunkIndex"))
            .chunkCount(uint16(out, "KeyValueBatch.chunkCount"))
            .isReply(bool(out, "KeyValueBatch.isReply"));
        final KeyValueBatchEncoder.EntriesEncoder en = e.entriesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            final String p = "KeyValueBatch.entries[" + i + "].";
            en.next()
                .lamportTime(int64(out, p + "lamportTime"))
                .writerNode(int32(out, p + "writerNode"))
                .tombstone(bool(out, p + "tombstone"));
            final int clockEntries = i % 4;
            final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder c = en.clockCount(clockEntries);
            for (int j = 0; j < clockEntries; j++)
            {
                final String q = p + "clock[" + j + "].";
                c.next().nodeId(int32(out, q + "nodeId")).counter(int64(out, q + "counter"));
            }
            final byte[] key = bytes(out, p + "key");
            en.putKey(key, 0, key.length);
            final byte[] value = bytes(out, p + "value");
            en.putValue(value, 0, value.length);
        }

        return e.encodedLength();
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * Decode a FrameHeader message whose SBE header is at {@code offset}, using the header's acting block length and
     * version.
     *
     * @return the decoder's limit: the offset just past the message.
     */
    int decodeFrameHeader(final DirectBuffer buffer, final int offset, final List<String> out)
    {
        final int blockLength = buffer.getShort(offset, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final FrameHeaderDecoder d =
            frameHeaderDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        put(out, "FrameHeader.clusterId", d.clusterId());
        put(out, "FrameHeader.srcNode", d.srcNode());
        put(out, "FrameHeader.dstNode", d.dstNode());
        put(out, "FrameHeader.sequence", d.sequence());
        put(out, "FrameHeader.flags", d.flags());

        return d.limit();
    }

    /**
     * Decode one message whose SBE header is at {@code offset}, reading every field, group and var-data field in
     * schema order.
     *
     * @param rawEnums read enum fields as raw numbers (any byte is then legal) rather than as enum constants.
     * @return the decoder's limit: the offset just past the message.
     */
    int decodeMessage(
        final DirectBuffer buffer,
        final int offset,
        final int templateId,
        final int actingBlockLength,
        final int actingVersion,
        final boolean rawEnums,
        final List<String> out)
    {
        return decodeMessage(buffer, offset, templateId, actingBlockLength, actingVersion, rawEnums, out, null);
    }

    /**
     * As {@link #decodeMessage(DirectBuffer, int, int, int, int, boolean, List)}, also reporting to {@code marks}
     * the offset of every group header and var-data length field met, nested ones included.
     */
    int decodeMessage(
        final DirectBuffer buffer,
        final int offset,
        final int templateId,
        final int actingBlockLength,
        final int actingVersion,
        final boolean rawEnums,
        final List<String> out,
        final IntConsumer marks)
    {
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
            {
                final PingDecoder d = pingDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Ping.seq", d.seq());
                put(out, "Ping.targetNode", d.targetNode());
                final EndpointDecoder ep = d.sourceEndpoint();
                put(out, "Ping.sourceEndpoint.ipv4", ep.ipv4());
                put(out, "Ping.sourceEndpoint.port", ep.port());
                put(out, "Ping.viewDigest", d.viewDigest());
                int i = 0;
                mark(marks, d.limit());
                for (final PingDecoder.UpdatesDecoder u : d.updates())
                {
                    final String p = "Ping.updates[" + i++ + "].";
                    put(out, p + "memberId", u.memberId());
                    put(out, p + "incarnation", u.incarnation());
                    put(out, p + "state", rawEnums ? u.stateRaw() : u.state());
                    put(out, p + "metaVersion", u.metaVersion());
                    put(out, p + "fromNode", u.fromNode());
                    put(out, p + "endpoint.ipv4", u.endpoint().ipv4());
                    put(out, p + "endpoint.port", u.endpoint().port());
                }
                return d.limit();
            }

            case AckDecoder.TEMPLATE_ID:
            {
                final AckDecoder d = ackDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Ack.seq", d.seq());
                put(out, "Ack.targetNode", d.targetNode());
                put(out, "Ack.viewDigest", d.viewDigest());
                int i = 0;
                mark(marks, d.limit());
                for (final AckDecoder.UpdatesDecoder u : d.updates())
                {
                    final String p = "Ack.updates[" + i++ + "].";
                    put(out, p + "memberId", u.memberId());
                    put(out, p + "incarnation", u.incarnation());
                    put(out, p + "state", rawEnums ? u.stateRaw() : u.state());
                    put(out, p + "metaVersion", u.metaVersion());
                    put(out, p + "fromNode", u.fromNode());
                    put(out, p + "endpoint.ipv4", u.endpoint().ipv4());
                    put(out, p + "endpoint.port", u.endpoint().port());
                }
                mark(marks, d.limit());
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                putBytes(out, "Ack.payload", payload);
                return d.limit();
            }

            case NackDecoder.TEMPLATE_ID:
            {
                final NackDecoder d = nackDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Nack.seq", d.seq());
                put(out, "Nack.targetNode", d.targetNode());
                return d.limit();
            }

            case PingReqDecoder.TEMPLATE_ID:
            {
                final PingReqDecoder d = pingReqDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "PingReq.seq", d.seq());
                put(out, "PingReq.targetNode", d.targetNode());
                final EndpointDecoder ep = d.targetEndpoint();
                put(out, "PingReq.targetEndpoint.ipv4", ep.ipv4());
                put(out, "PingReq.targetEndpoint.port", ep.port());
                put(out, "PingReq.wantNack", rawEnums ? d.wantNackRaw() : d.wantNack());
                int i = 0;
                mark(marks, d.limit());
                for (final PingReqDecoder.UpdatesDecoder u : d.updates())
                {
                    final String p = "PingReq.updates[" + i++ + "].";
                    put(out, p + "memberId", u.memberId());
                    put(out, p + "incarnation", u.incarnation());
                    put(out, p + "state", rawEnums ? u.stateRaw() : u.state());
                    put(out, p + "metaVersion", u.metaVersion());
                    put(out, p + "fromNode", u.fromNode());
                    put(out, p + "endpoint.ipv4", u.endpoint().ipv4());
                    put(out, p + "endpoint.port", u.endpoint().port());
                }
                return d.limit();
            }

            case GossipDecoder.TEMPLATE_ID:
            {
                final GossipDecoder d = gossipDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                int i = 0;
                mark(marks, d.limit());
                for (final GossipDecoder.UpdatesDecoder u : d.updates())
                {
                    final String p = "Gossip.updates[" + i++ + "].";
                    put(out, p + "memberId", u.memberId());
                    put(out, p + "incarnation", u.incarnation());
                    put(out, p + "state", rawEnums ? u.stateRaw() : u.state());
                    put(out, p + "metaVersion", u.metaVersion());
                    put(out, p + "fromNode", u.fromNode());
                    put(out, p + "endpoint.ipv4", u.endpoint().ipv4());
                    put(out, p + "endpoint.port", u.endpoint().port());
                }
                return d.limit();
            }

            case JoinDecoder.TEMPLATE_ID:
            {
                final JoinDecoder d = joinDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Join.nodeId", d.nodeId());
                put(out, "Join.incarnation", d.incarnation());
                put(out, "Join.endpoint.ipv4", d.endpoint().ipv4());
                put(out, "Join.endpoint.port", d.endpoint().port());
                put(out, "Join.metaVersion", d.metaVersion());
                mark(marks, d.limit());
                final byte[] metadata = new byte[d.metadataLength()];
                d.getMetadata(metadata, 0, metadata.length);
                putBytes(out, "Join.metadata", metadata);
                return d.limit();
            }

            case MetadataUpdateDecoder.TEMPLATE_ID:
            {
                final MetadataUpdateDecoder d =
                    metadataUpdateDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "MetadataUpdate.memberId", d.memberId());
                put(out, "MetadataUpdate.incarnation", d.incarnation());
                put(out, "MetadataUpdate.state", rawEnums ? d.stateRaw() : d.state());
                put(out, "MetadataUpdate.metaVersion", d.metaVersion());
                put(out, "MetadataUpdate.fromNode", d.fromNode());
                put(out, "MetadataUpdate.endpoint.ipv4", d.endpoint().ipv4());
                put(out, "MetadataUpdate.endpoint.port", d.endpoint().port());
                mark(marks, d.limit());
                final byte[] metadata = new byte[d.metadataLength()];
                d.getMetadata(metadata, 0, metadata.length);
                putBytes(out, "MetadataUpdate.metadata", metadata);
                return d.limit();
            }

            case LeaveDecoder.TEMPLATE_ID:
            {
                final LeaveDecoder d = leaveDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Leave.nodeId", d.nodeId());
                put(out, "Leave.incarnation", d.incarnation());
                return d.limit();
            }

            case PushPullChunkDecoder.TEMPLATE_ID:
            {
                final PushPullChunkDecoder d =
                    pushPullChunkDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "PushPullChunk.syncId", d.syncId());
                put(out, "PushPullChunk.chunkIndex", d.chunkIndex());
                put(out, "PushPullChunk.chunkCount", d.chunkCount());
                put(out, "PushPullChunk.isReply", rawEnums ? d.isReplyRaw() : d.isReply());
                put(out, "PushPullChunk.isJoin", rawEnums ? d.isJoinRaw() : d.isJoin());
                put(out, "PushPullChunk.totalMembers", d.totalMembers());
                int i = 0;
                mark(marks, d.limit());
                for (final PushPullChunkDecoder.MembersDecoder m : d.members())
                {
                    final String p = "PushPullChunk.members[" + i++ + "].";
                    put(out, p + "memberId", m.memberId());
                    put(out, p + "incarnation", m.incarnation());
                    put(out, p + "state", rawEnums ? m.stateRaw() : m.state());
                    put(out, p + "metaVersion", m.metaVersion());
                    put(out, p + "endpoint.ipv4", m.endpoint().ipv4());
                    put(out, p + "endpoint.port", m.endpoint().port());
                    mark(marks, d.limit());
                    final byte[] metadata = new byte[m.metadataLength()];
                    m.getMetadata(metadata, 0, metadata.length);
                    putBytes(out, p + "metadata", metadata);
                }
                return d.limit();
            }

            case RumorDecoder.TEMPLATE_ID:
            {
                final RumorDecoder d = rumorDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "Rumor.rumorId", d.rumorId());
                put(out, "Rumor.originNode", d.originNode());
                put(out, "Rumor.lamportTime", d.lamportTime());
                put(out, "Rumor.hops", d.hops());
                mark(marks, d.limit());
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                putBytes(out, "Rumor.payload", payload);
                return d.limit();
            }

            case RumorAckDecoder.TEMPLATE_ID:
            {
                final RumorAckDecoder d = rumorAckDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "RumorAck.rumorId", d.rumorId());
                put(out, "RumorAck.originNode", d.originNode());
                put(out, "RumorAck.alreadyKnown", rawEnums ? d.alreadyKnownRaw() : d.alreadyKnown());
                return d.limit();
            }

            case MerkleDigestRequestDecoder.TEMPLATE_ID:
            {
                final MerkleDigestRequestDecoder d =
                    digestRequestDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "MerkleDigestRequest.sessionId", d.sessionId());
                put(out, "MerkleDigestRequest.level", d.level());
                put(out, "MerkleDigestRequest.rootHash", d.rootHash());
                int i = 0;
                mark(marks, d.limit());
                for (final MerkleDigestRequestDecoder.NodesDecoder n : d.nodes())
                {
                    put(out, "MerkleDigestRequest.nodes[" + i++ + "].index", n.index());
                }
                return d.limit();
            }

            case MerkleDigestResponseDecoder.TEMPLATE_ID:
            {
                final MerkleDigestResponseDecoder d =
                    digestResponseDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "MerkleDigestResponse.sessionId", d.sessionId());
                put(out, "MerkleDigestResponse.level", d.level());
                int i = 0;
                mark(marks, d.limit());
                for (final MerkleDigestResponseDecoder.NodesDecoder n : d.nodes())
                {
                    final String p = "MerkleDigestResponse.nodes[" + i++ + "].";
                    put(out, p + "index", n.index());
                    put(out, p + "hash", n.hash());
                }
                return d.limit();
            }

            case KeyRangeRequestDecoder.TEMPLATE_ID:
            {
                final KeyRangeRequestDecoder d =
                    keyRangeRequestDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "KeyRangeRequest.sessionId", d.sessionId());
                int i = 0;
                mark(marks, d.limit());
                for (final KeyRangeRequestDecoder.LeavesDecoder l : d.leaves())
                {
                    put(out, "KeyRangeRequest.leaves[" + i++ + "].leafIndex", l.leafIndex());
                }
                return d.limit();
            }

            case KeyValueBatchDecoder.TEMPLATE_ID:
            {
                final KeyValueBatchDecoder d =
                    keyValueBatchDecoder.wrap(buffer, body, actingBlockLength, actingVersion);
                put(out, "KeyValueBatch.sessionId", d.sessionId());
                put(out, "KeyValueBatch.chunkIndex", d.chunkIndex());
                put(out, "KeyValueBatch.chunkCount", d.chunkCount());
                put(out, "KeyValueBatch.isReply", rawEnums ? d.isReplyRaw() : d.isReply());
                int i = 0;
                mark(marks, d.limit());
                for (final KeyValueBatchDecoder.EntriesDecoder en : d.entries())
                {
                    final String p = "KeyValueBatch.entries[" + i++ + "].";
                    put(out, p + "lamportTime", en.lamportTime());
                    put(out, p + "writerNode", en.writerNode());
                    put(out, p + "tombstone", rawEnums ? en.tombstoneRaw() : en.tombstone());
                    int j = 0;
                    mark(marks, d.limit());
                    for (final KeyValueBatchDecoder.EntriesDecoder.ClockDecoder c : en.clock())
                    {
                        final String q = p + "clock[" + j++ + "].";
                        put(out, q + "nodeId", c.nodeId());
                        put(out, q + "counter", c.counter());
                    }
                    mark(marks, d.limit());
                    final byte[] key = new byte[en.keyLength()];
                    en.getKey(key, 0, key.length);
                    putBytes(out, p + "key", key);
                    mark(marks, d.limit());
                    final byte[] value = new byte[en.valueLength()];
                    en.getValue(value, 0, value.length);
                    putBytes(out, p + "value", value);
                }
                return d.limit();
            }

            default:
                throw new IllegalArgumentException("no decoder for template " + templateId);
        }
    }

    // ------------------------------------------------------------------------------------------------ values

    private int int32(final List<String> out, final String name)
    {
        final int value = random.nextInt();
        put(out, name, value);
        return value;
    }

    private long int64(final List<String> out, final String name)
    {
        final long value = random.nextLong();
        put(out, name, value);
        return value;
    }

    /** A uint16 in the non-null range 0..65534. */
    private int uint16(final List<String> out, final String name)
    {
        final int value = random.nextInt(65535);
        put(out, name, value);
        return value;
    }

    /** A uint8 in the non-null range 0..254. */
    private short uint8(final List<String> out, final String name)
    {
        final short value = (short)random.nextInt(255);
        put(out, name, value);
        return value;
    }

    private MemberState memberState(final List<String> out, final String name)
    {
        final MemberState value = MemberState.values()[random.nextInt(MemberState.values().length - 1)];
        put(out, name, value);
        return value;
    }

    private BooleanType bool(final List<String> out, final String name)
    {
        final BooleanType value = random.nextBoolean() ? BooleanType.T : BooleanType.F;
        put(out, name, value);
        return value;
    }

    private byte[] bytes(final List<String> out, final String name)
    {
        final byte[] value = new byte[VAR_DATA_LENGTHS[varDataIndex++ % VAR_DATA_LENGTHS.length]];
        random.nextBytes(value);
        putBytes(out, name, value);
        return value;
    }

    private static void mark(final IntConsumer marks, final int offset)
    {
        if (null != marks)
        {
            marks.accept(offset);
        }
    }

    private static void put(final List<String> out, final String name, final Object value)
    {
        if (null != out)
        {
            out.add(name + "=" + value);
        }
    }

    private static void putBytes(final List<String> out, final String name, final byte[] value)
    {
        if (null != out)
        {
            out.add(name + "=" + value.length + ":" + java.util.HexFormat.of().formatHex(value));
        }
    }
}

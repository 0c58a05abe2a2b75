package io.starling.engine.fuzz;

import io.starling.codecs.AckEncoder;
import io.starling.codecs.BooleanType;
import io.starling.codecs.FrameHeaderEncoder;
import io.starling.codecs.GossipEncoder;
import io.starling.codecs.JoinEncoder;
import io.starling.codecs.KeyRangeRequestEncoder;
import io.starling.codecs.KeyValueBatchEncoder;
import io.starling.codecs.LeaveEncoder;
import io.starling.codecs.MemberState;
import io.starling.codecs.MerkleDigestRequestEncoder;
import io.starling.codecs.MerkleDigestResponseEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.codecs.NackEncoder;
import io.starling.codecs.PingEncoder;
import io.starling.codecs.PingReqEncoder;
import io.starling.codecs.PushPullChunkEncoder;
import io.starling.codecs.RumorAckEncoder;
import io.starling.codecs.RumorEncoder;
import io.starling.engine.protocol.FramePacker;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Structured generator: frames with a valid FrameHeader (mostly our cluster, mostly addressed to the victim, from a
 * known member) followed by one to four protocol messages with valid SBE headers and random bodies, the values
 * drawn from pools that matter to the protocol (known and fresh member ids, boundary incarnations, states and
 * booleans mostly in range but not always), then, one time in four, a few blind mutations (flipped and set bytes,
 * 16-bit fields forced to boundary values, truncation, trailing garbage). Deterministic for a given entropy.
 */
final class FrameGenerator
{
    private static final int MAX_FRAME = 4096;
    private static final int UPDATE_STATE_OFFSET = 8;
    private static final int[] PROTOCOL_TEMPLATES = {2, 3, 4, 5, 6, 7, 8, 9};

    private final int clusterId;
    private final int victimId;
    private final int[] memberIds;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FrameHeaderEncoder frameHeader = new FrameHeaderEncoder();
    private final PingEncoder ping = new PingEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final NackEncoder nack = new NackEncoder();
    private final PingReqEncoder pingReq = new PingReqEncoder();
    private final GossipEncoder gossip = new GossipEncoder();
    private final JoinEncoder join = new JoinEncoder();
    private final LeaveEncoder leave = new LeaveEncoder();
    private final PushPullChunkEncoder pushPull = new PushPullChunkEncoder();
    private final RumorEncoder rumor = new RumorEncoder();
    private final RumorAckEncoder rumorAck = new RumorAckEncoder();
    private final MerkleDigestRequestEncoder digestRequest = new MerkleDigestRequestEncoder();
    private final MerkleDigestResponseEncoder digestResponse = new MerkleDigestResponseEncoder();
    private final KeyRangeRequestEncoder keyRange = new KeyRangeRequestEncoder();
    private final KeyValueBatchEncoder keyValue = new KeyValueBatchEncoder();

    FrameGenerator(final int clusterId, final int victimId, final int... memberIds)
    {
        this.clusterId = clusterId;
        this.victimId = victimId;
        this.memberIds = memberIds.clone();
    }

    byte[] generate(final Entropy e)
    {
        final int cluster = 0 == e.intIn(0, 15) ? e.anyInt() : clusterId;
        final int src = 0 == e.intIn(0, 7) ? memberId(e) : memberIds[e.intIn(0, memberIds.length - 1)];
        final int dst;
        switch (e.intIn(0, 7))
        {
            case 0:
                dst = -1;
                break;
            case 1:
                dst = memberId(e);
                break;
            default:
                dst = victimId;
                break;
        }
        frameHeader.wrapAndApplyHeader(buffer, 0, header)
            .clusterId(cluster).srcNode(src).dstNode(dst).sequence(e.anyInt())
            .flags((short)(0 == e.intIn(0, 15) ? e.intIn(0, 255) : 0));
        int position = FramePacker.FRAME_HEADER_LENGTH;

        final int messages = e.intIn(1, 4);
        for (int i = 0; i < messages && position < MAX_FRAME - 512; i++)
        {
            final int template;
            switch (e.intIn(0, 9))
            {
                case 0:
                    template = e.intIn(0, 20);
                    break;
                case 1:
                    template = e.intIn(10, 15);
                    break;
                default:
                    template = PROTOCOL_TEMPLATES[e.intIn(0, PROTOCOL_TEMPLATES.length - 1)];
                    break;
            }
            position = message(e, template, src, position);
        }

        byte[] frame = new byte[position];
        buffer.getBytes(0, frame);
        if (0 == e.intIn(0, 3))
        {
            frame = mutate(e, frame);
        }
        return frame;
    }

    private int message(final Entropy e, final int template, final int src, final int position)
    {
        final int body = position + MessageHeaderEncoder.ENCODED_LENGTH;
        switch (template)
        {
            case 2:
            {
                ping.wrapAndApplyHeader(buffer, position, header).seq(e.intIn(-2, 8)).targetNode(memberId(e));
                ping.sourceEndpoint().ipv4(e.anyInt()).port(port(e));
                final int n = e.intIn(0, 6);
                final PingEncoder.UpdatesEncoder u = ping.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int entry = ping.limit();
                    u.next().memberId(memberId(e)).incarnation(incarnation(e)).state(MemberState.ALIVE)
                        .metaVersion(e.intIn(0, 0xFFFF)).fromNode(memberId(e)).endpoint().ipv4(e.anyInt())
                        .port(port(e));
                    buffer.putByte(entry + UPDATE_STATE_OFFSET, stateRaw(e));
                }
                return body + ping.encodedLength();
            }
            case 3:
            {
                ack.wrapAndApplyHeader(buffer, position, header).seq(e.intIn(-2, 8)).targetNode(memberId(e));
                final int n = e.intIn(0, 6);
                final AckEncoder.UpdatesEncoder u = ack.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int entry = ack.limit();
                    u.next().memberId(memberId(e)).incarnation(incarnation(e)).state(MemberState.ALIVE)
                        .metaVersion(e.intIn(0, 0xFFFF)).fromNode(memberId(e)).endpoint().ipv4(e.anyInt())
                        .port(port(e));
                    buffer.putByte(entry + UPDATE_STATE_OFFSET, stateRaw(e));
                }
                final byte[] payload = e.bytes(64);
                ack.putPayload(payload, 0, payload.length);
                return body + ack.encodedLength();
            }
            case 4:
                nack.wrapAndApplyHeader(buffer, position, header).seq(e.intIn(-2, 8)).targetNode(memberId(e));
                return body + nack.encodedLength();
            case 5:
            {
                pingReq.wrapAndApplyHeader(buffer, position, header).seq(e.intIn(-2, 8)).targetNode(memberId(e))
                    .wantNack(BooleanType.T);
                pingReq.targetEndpoint().ipv4(e.anyInt()).port(port(e));
                buffer.putByte(body + PingReqEncoder.wantNackEncodingOffset(), booleanRaw(e));
                final int n = e.intIn(0, 4);
                final PingReqEncoder.UpdatesEncoder u = pingReq.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int entry = pingReq.limit();
                    u.next().memberId(memberId(e)).incarnation(incarnation(e)).state(MemberState.ALIVE)
                        .metaVersion(e.intIn(0, 0xFFFF)).fromNode(memberId(e)).endpoint().ipv4(e.anyInt())
                        .port(port(e));
                    buffer.putByte(entry + UPDATE_STATE_OFFSET, stateRaw(e));
                }
                return body + pingReq.encodedLength();
            }
            case 6:
            {
                gossip.wrapAndApplyHeader(buffer, position, header);
                final int n = e.intIn(0, 12);
                final GossipEncoder.UpdatesEncoder u = gossip.updatesCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int entry = gossip.limit();
                    u.next().memberId(memberId(e)).incarnation(incarnation(e)).state(MemberState.ALIVE)
                        .metaVersion(e.intIn(0, 0xFFFF)).fromNode(memberId(e)).endpoint().ipv4(e.anyInt())
                        .port(port(e));
                    buffer.putByte(entry + UPDATE_STATE_OFFSET, stateRaw(e));
                }
                return body + gossip.encodedLength();
            }
            case 7:
            {
                join.wrapAndApplyHeader(buffer, position, header)
                    .nodeId(e.bool() ? src : memberId(e)).incarnation(incarnation(e)).metaVersion(e.intIn(0, 0xFFFF));
                join.endpoint().ipv4(e.anyInt()).port(port(e));
                final byte[] metadata = e.bytes(600);
                join.putMetadata(metadata, 0, metadata.length);
                return body + join.encodedLength();
            }
            case 8:
                leave.wrapAndApplyHeader(buffer, position, header)
                    .nodeId(e.bool() ? src : memberId(e)).incarnation(incarnation(e));
                return body + leave.encodedLength();
            case 9:
            {
                pushPull.wrapAndApplyHeader(buffer, position, header).syncId(e.anyInt()).chunkIndex(e.intIn(0, 3))
                    .chunkCount(e.intIn(0, 3)).isReply(BooleanType.F).isJoin(BooleanType.F)
                    .totalMembers(e.intIn(-1, 64));
                buffer.putByte(body + PushPullChunkEncoder.isReplyEncodingOffset(), booleanRaw(e));
                buffer.putByte(body + PushPullChunkEncoder.isJoinEncodingOffset(), booleanRaw(e));
                final int n = e.intIn(0, 8);
                final PushPullChunkEncoder.MembersEncoder m = pushPull.membersCount(n);
                for (int i = 0; i < n; i++)
                {
                    final int entry = pushPull.limit();
                    m.next().memberId(memberId(e)).incarnation(incarnation(e)).state(MemberState.ALIVE)
                        .metaVersion(e.intIn(0, 0xFFFF)).endpoint().ipv4(e.anyInt()).port(port(e));
                    buffer.putByte(entry + UPDATE_STATE_OFFSET, stateRaw(e));
                    final byte[] metadata = e.bytes(e.bool() ? 16 : 600);
                    m.putMetadata(metadata, 0, metadata.length);
                }
                return body + pushPull.encodedLength();
            }
            case 10:
            {
                rumor.wrapAndApplyHeader(buffer, position, header).rumorId(e.anyInt()).originNode(memberId(e))
                    .lamportTime(e.anyInt()).hops((short)e.intIn(0, 255));
                final byte[] payload = e.bytes(200);
                rumor.putPayload(payload, 0, payload.length);
                return body + rumor.encodedLength();
            }
            case 11:
                rumorAck.wrapAndApplyHeader(buffer, position, header).rumorId(e.anyInt()).originNode(memberId(e))
                    .alreadyKnown(BooleanType.F);
                buffer.putByte(body + RumorAckEncoder.alreadyKnownEncodingOffset(), booleanRaw(e));
                return body + rumorAck.encodedLength();
            case 12:
            {
                digestRequest.wrapAndApplyHeader(buffer, position, header).sessionId(e.anyInt())
                    .level((short)e.intIn(0, 255)).rootHash(e.anyInt());
                final int n = e.intIn(0, 8);
                final MerkleDigestRequestEncoder.NodesEncoder nodes = digestRequest.nodesCount(n);
                for (int i = 0; i < n; i++)
                {
                    nodes.next().index(e.anyInt());
                }
                return body + digestRequest.encodedLength();
            }
            case 13:
            {
                digestResponse.wrapAndApplyHeader(buffer, position, header).sessionId(e.anyInt())
                    .level((short)e.intIn(0, 255));
                final int n = e.intIn(0, 8);
                final MerkleDigestResponseEncoder.NodesEncoder nodes = digestResponse.nodesCount(n);
                for (int i = 0; i < n; i++)
                {
                    nodes.next().index(e.anyInt()).hash(e.anyInt());
                }
                return body + digestResponse.encodedLength();
            }
            case 14:
            {
                keyRange.wrapAndApplyHeader(buffer, position, header).sessionId(e.anyInt());
                final int n = e.intIn(0, 8);
                final KeyRangeRequestEncoder.LeavesEncoder leaves = keyRange.leavesCount(n);
                for (int i = 0; i < n; i++)
                {
                    leaves.next().leafIndex(e.anyInt());
                }
                return body + keyRange.encodedLength();
            }
            case 15:
            {
                keyValue.wrapAndApplyHeader(buffer, position, header).sessionId(e.anyInt())
                    .chunkIndex(e.intIn(0, 3)).chunkCount(e.intIn(0, 3)).isReply(BooleanType.F);
                final int n = e.intIn(0, 4);
                final KeyValueBatchEncoder.EntriesEncoder entries = keyValue.entriesCount(n);
                for (int i = 0; i < n; i++)
                {
                    entries.next().lamportTime(e.anyInt()).writerNode(memberId(e)).tombstone(BooleanType.F);
                    final int c = e.intIn(0, 4);
                    final KeyValueBatchEncoder.EntriesEncoder.ClockEncoder clock = entries.clockCount(c);
                    for (int k = 0; k < c; k++)
                    {
                        clock.next().nodeId(memberId(e)).counter(e.anyInt());
                    }
                    final byte[] key = e.bytes(32);
                    entries.putKey(key, 0, key.length);
                    final byte[] value = e.bytes(64);
                    entries.putValue(value, 0, value.length);
                }
                return body + keyValue.encodedLength();
            }
            default:
            {
                // An unknown template, a FrameHeader again, or template 0: a header and a random block.
                header.wrap(buffer, position).blockLength(e.intIn(0, 64)).templateId(template)
                    .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(e.intIn(0, 2));
                final byte[] block = e.bytes(64);
                buffer.putBytes(body, block);
                return body + block.length;
            }
        }
    }

    private int memberId(final Entropy e)
    {
        switch (e.intIn(0, 7))
        {
            case 0:
                return 1_000 + e.intIn(0, 15);
            case 1:
                return victimId;
            case 2:
                switch (e.intIn(0, 3))
                {
                    case 0:
                        return Integer.MIN_VALUE;
                    case 1:
                        return Integer.MAX_VALUE;
                    case 2:
                        return -1;
                    default:
                        return e.anyInt();
                }
            default:
                return memberIds[e.intIn(0, memberIds.length - 1)];
        }
    }

    private static int incarnation(final Entropy e)
    {
        switch (e.intIn(0, 7))
        {
            case 0:
                return Integer.MAX_VALUE;
            case 1:
                return Integer.MIN_VALUE;
            case 2:
                return e.anyInt();
            default:
                return e.intIn(0, 4);
        }
    }

    private static int port(final Entropy e)
    {
        switch (e.intIn(0, 3))
        {
            case 0:
                return 0;
            case 1:
                return e.intIn(0, 0xFFFF);
            default:
                return 20_000 + e.intIn(0, 3);
        }
    }

    private static byte stateRaw(final Entropy e)
    {
        return (byte)(0 == e.intIn(0, 7) ? e.intIn(0, 255) : e.intIn(0, 3));
    }

    private static byte booleanRaw(final Entropy e)
    {
        return (byte)(0 == e.intIn(0, 7) ? e.intIn(0, 255) : e.intIn(0, 1));
    }

    /**
     * Blind mutations of an encoded frame.
     */
    static byte[] mutate(final Entropy e, final byte[] original)
    {
        byte[] frame = original;
        final int mutations = e.intIn(1, 3);
        for (int m = 0; m < mutations && frame.length > 0; m++)
        {
            final int at = e.intIn(0, frame.length - 1);
            switch (e.intIn(0, 5))
            {
                case 0:
                    frame[at] ^= (byte)(1 << e.intIn(0, 7));
                    break;
                case 1:
                    frame[at] = (byte)e.intIn(0, 255);
                    break;
                case 2:
                    if (at + 1 < frame.length)
                    {
                        final int value;
                        switch (e.intIn(0, 3))
                        {
                            case 0:
                                value = 0xFFFF;
                                break;
                            case 1:
                                value = 0;
                                break;
                            case 2:
                                value = frame.length;
                                break;
                            default:
                                value = e.intIn(0, 0xFFFF);
                                break;
                        }
                        frame[at] = (byte)value;
                        frame[at + 1] = (byte)(value >>> 8);
                    }
                    break;
                case 3:
                    frame = Arrays.copyOf(frame, at);
                    break;
                case 4:
                {
                    final byte[] tail = e.bytes(32);
                    final byte[] longer = Arrays.copyOf(frame, frame.length + tail.length);
                    System.arraycopy(tail, 0, longer, frame.length, tail.length);
                    frame = longer;
                    break;
                }
                default:
                {
                    // Duplicate a slice (a repeated message or group entry).
                    final int length = e.intIn(0, Math.min(64, frame.length - at));
                    final byte[] longer = new byte[frame.length + length];
                    System.arraycopy(frame, 0, longer, 0, at + length);
                    System.arraycopy(frame, at, longer, at + length, frame.length - at);
                    frame = longer;
                    break;
                }
            }
        }
        return frame;
    }
}

package io.starling.engine.fuzz;

import io.starling.codecs.AckDecoder;
import io.starling.codecs.FrameValidator;
import io.starling.codecs.GossipDecoder;
import io.starling.codecs.JoinDecoder;
import io.starling.codecs.KeyRangeRequestDecoder;
import io.starling.codecs.KeyValueBatchDecoder;
import io.starling.codecs.LeaveDecoder;
import io.starling.codecs.MetadataUpdateDecoder;
import io.starling.codecs.MerkleDigestRequestDecoder;
import io.starling.codecs.MerkleDigestResponseDecoder;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.NackDecoder;
import io.starling.codecs.PingDecoder;
import io.starling.codecs.PingReqDecoder;
import io.starling.codecs.PushPullChunkDecoder;
import io.starling.codecs.RumorAckDecoder;
import io.starling.codecs.RumorDecoder;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.SecurityDrops;
import io.starling.engine.security.Keyring;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzz target 1: the frame decoder. {@link FrameValidator#validate} on arbitrary bytes; every message of an
 * accepted frame is decoded completely (every field, every group entry, nested groups, every var-data byte) with
 * the generated decoders, wrapped with the acting block length and version the validator reports, and the length
 * the decoder walks must equal the length the validator measured. The same bytes go through
 * {@link FrameCipher#open}: it never throws and counts exactly one drop for every frame it rejects.
 * <p>
 * Enum fields are read raw: the generated enum getters throw on values outside the schema by design, so code on
 * the receive path must use the {@code ...Raw()} accessors (see docs/hostile-input.md).
 */
final class FrameDecoding
{
    private final FrameValidator validator = new FrameValidator(64);
    private final PingDecoder ping = new PingDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final NackDecoder nack = new NackDecoder();
    private final PingReqDecoder pingReq = new PingReqDecoder();
    private final GossipDecoder gossip = new GossipDecoder();
    private final JoinDecoder join = new JoinDecoder();
    private final LeaveDecoder leave = new LeaveDecoder();
    private final PushPullChunkDecoder pushPull = new PushPullChunkDecoder();
    private final RumorDecoder rumor = new RumorDecoder();
    private final RumorAckDecoder rumorAck = new RumorAckDecoder();
    private final MerkleDigestRequestDecoder digestRequest = new MerkleDigestRequestDecoder();
    private final MerkleDigestResponseDecoder digestResponse = new MerkleDigestResponseDecoder();
    private final KeyRangeRequestDecoder keyRange = new KeyRangeRequestDecoder();
    private final KeyValueBatchDecoder keyValue = new KeyValueBatchDecoder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1 << 16]);
    private final long[] counters = new long[EngineCounters.SINK_COUNT];
    private final FrameCipher cipher;
    private long sink;

    /** Frames by validator outcome, index = reason. */
    final long[] validatorOutcomes = new long[FrameValidator.REASON_COUNT];
    /** Frames by cipher outcome, index = reason (0 = opened). */
    final long[] cipherOutcomes = new long[FrameCipher.REASON_COUNT];
    long messagesDecoded;

    FrameDecoding()
    {
        final Keyring keyring = new Keyring();
        keyring.install(1, new byte[16]);
        keyring.usePrimary(1);
        cipher = new FrameCipher(new FrameCipher.Context()
            .keyring(keyring)
            .requireEncryption(false)
            .maxFrameLengthBytes(FrameCipher.Context.MAX_FRAME_LENGTH_BYTES)
            .counters((id, delta) -> counters[id] += delta));
    }

    /**
     * Run the target on one input. Throws (an AssertionError or whatever escaped) on a finding.
     */
    void run(final byte[] data)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final int reason = validator.validate(buffer, 0, data.length);
        check(reason >= 0 && reason < FrameValidator.REASON_COUNT, "reason out of range: " + reason);
        validatorOutcomes[reason]++;
        if (FrameValidator.OK == reason)
        {
            final int count = validator.messageCount();
            check(count > 0, "accepted frame without messages");
            int expectedOffset = validator.messageOffset(0);
            for (int i = 0; i < count; i++)
            {
                final int offset = validator.messageOffset(i);
                check(offset == expectedOffset, "message " + i + " does not follow the previous one");
                final int decoded = decode(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
                    validator.templateId(i), validator.actingBlockLength(i), validator.actingVersion(i));
                check(decoded == validator.messageLength(i) - MessageHeaderDecoder.ENCODED_LENGTH,
                    "template " + validator.templateId(i) + ": decoder walked " + decoded + " bytes, validator " +
                    (validator.messageLength(i) - MessageHeaderDecoder.ENCODED_LENGTH));
                expectedOffset = offset + validator.messageLength(i);
                messagesDecoded++;
            }
            check(expectedOffset == data.length, "messages do not fill the frame");
        }
        else
        {
            check(0 == validator.messageCount(), "rejected frame reports messages");
        }

        final long dropsBefore = drops();
        final int opened = cipher.open(buffer, 0, data.length);
        if (opened > 0)
        {
            cipherOutcomes[0]++;
            check(dropsBefore == drops(), "opened frame counted as a drop");
        }
        else
        {
            check(opened < 0 && -opened < FrameCipher.REASON_COUNT, "bad open result " + opened);
            cipherOutcomes[-opened]++;
            check(dropsBefore + 1 == drops(), "rejected frame not counted exactly once");
        }
    }

    private long drops()
    {
        return counters[ProtocolCounters.DROP_MALFORMED] + counters[ProtocolCounters.DROP_WRONG_CLUSTER] +
            SecurityDrops.total(counters);
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }

    /**
     * Decode one message completely.
     *
     * @return bytes walked after the message header.
     */
    private int decode(
        final DirectBuffer buffer, final int offset, final int templateId, final int blockLength, final int version)
    {
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
            {
                final PingDecoder d = ping.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.seq() + d.targetNode() + d.sourceEndpoint().ipv4() + d.sourceEndpoint().port();
                for (final PingDecoder.UpdatesDecoder u : d.updates())
                {
                    sink += u.memberId() + u.incarnation() + u.stateRaw() + u.metaVersion() + u.fromNode() +
                        u.endpoint().ipv4() + u.endpoint().port();
                }
                check(d.encodedLength() == length, "Ping read length");
                return length;
            }
            case AckDecoder.TEMPLATE_ID:
            {
                final AckDecoder d = ack.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.seq() + d.targetNode();
                for (final AckDecoder.UpdatesDecoder u : d.updates())
                {
                    sink += u.memberId() + u.incarnation() + u.stateRaw() + u.metaVersion() + u.fromNode() +
                        u.endpoint().ipv4() + u.endpoint().port();
                }
                sink += d.getPayload(scratch, 0, d.payloadLength());
                check(d.encodedLength() == length, "Ack read length");
                return length;
            }
            case NackDecoder.TEMPLATE_ID:
            {
                final NackDecoder d = nack.wrap(buffer, offset, blockLength, version);
                sink += d.seq() + d.targetNode();
                return d.sbeDecodedLength();
            }
            case PingReqDecoder.TEMPLATE_ID:
            {
                final PingReqDecoder d = pingReq.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.seq() + d.targetNode() + d.targetEndpoint().ipv4() + d.targetEndpoint().port() +
                    d.wantNackRaw();
                for (final PingReqDecoder.UpdatesDecoder u : d.updates())
                {
                    sink += u.memberId() + u.incarnation() + u.stateRaw() + u.metaVersion() + u.fromNode() +
                        u.endpoint().ipv4() + u.endpoint().port();
                }
                check(d.encodedLength() == length, "PingReq read length");
                return length;
            }
            case GossipDecoder.TEMPLATE_ID:
            {
                final GossipDecoder d = gossip.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                for (final GossipDecoder.UpdatesDecoder u : d.updates())
                {
                    sink += u.memberId() + u.incarnation() + u.stateRaw() + u.metaVersion() + u.fromNode() +
                        u.endpoint().ipv4() + u.endpoint().port();
                }
                check(d.encodedLength() == length, "Gossip read length");
                return length;
            }
            case JoinDecoder.TEMPLATE_ID:
            {
                final JoinDecoder d = join.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.nodeId() + d.incarnation() + d.endpoint().ipv4() + d.endpoint().port() + d.metaVersion();
                sink += d.getMetadata(scratch, 0, d.metadataLength());
                check(d.encodedLength() == length, "Join read length");
                return length;
            }
            case LeaveDecoder.TEMPLATE_ID:
            {
                final LeaveDecoder d = leave.wrap(buffer, offset, blockLength, version);
                sink += d.nodeId() + d.incarnation();
                return d.sbeDecodedLength();
            }
            case PushPullChunkDecoder.TEMPLATE_ID:
            {
                final PushPullChunkDecoder d = pushPull.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.syncId() + d.chunkIndex() + d.chunkCount() + d.isReplyRaw() + d.isJoinRaw() +
                    d.totalMembers();
                for (final PushPullChunkDecoder.MembersDecoder m : d.members())
                {
                    sink += m.memberId() + m.incarnation() + m.stateRaw() + m.metaVersion() + m.endpoint().ipv4() +
                        m.endpoint().port();
                    sink += m.getMetadata(scratch, 0, m.metadataLength());
                }
                check(d.encodedLength() == length, "PushPullChunk read length");
                return length;
            }
            case RumorDecoder.TEMPLATE_ID:
            {
                final RumorDecoder d = rumor.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.rumorId() + d.originNode() + d.lamportTime() + d.hops();
                sink += d.getPayload(scratch, 0, d.payloadLength());
                check(d.encodedLength() == length, "Rumor read length");
                return length;
            }
            case RumorAckDecoder.TEMPLATE_ID:
            {
                final RumorAckDecoder d = rumorAck.wrap(buffer, offset, blockLength, version);
                sink += d.rumorId() + d.originNode() + d.alreadyKnownRaw();
                return d.sbeDecodedLength();
            }
            case MerkleDigestRequestDecoder.TEMPLATE_ID:
            {
                final MerkleDigestRequestDecoder d = digestRequest.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.sessionId() + d.level() + d.rootHash();
                for (final MerkleDigestRequestDecoder.NodesDecoder n : d.nodes())
                {
                    sink += n.index();
                }
                check(d.encodedLength() == length, "MerkleDigestRequest read length");
                return length;
            }
            case MerkleDigestResponseDecoder.TEMPLATE_ID:
            {
                final MerkleDigestResponseDecoder d = digestResponse.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.sessionId() + d.level();
                for (final MerkleDigestResponseDecoder.NodesDecoder n : d.nodes())
                {
                    sink += n.index() + n.hash();
                }
                check(d.encodedLength() == length, "MerkleDigestResponse read length");
                return length;
            }
            case KeyRangeRequestDecoder.TEMPLATE_ID:
            {
                final KeyRangeRequestDecoder d = keyRange.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.sessionId();
                for (final KeyRangeRequestDecoder.LeavesDecoder l : d.leaves())
                {
                    sink += l.leafIndex();
                }
                check(d.encodedLength() == length, "KeyRangeRequest read length");
                return length;
            }
            case KeyValueBatchDecoder.TEMPLATE_ID:
            {
                final KeyValueBatchDecoder d = keyValue.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.sessionId() + d.chunkIndex() + d.chunkCount() + d.isReplyRaw();
                for (final KeyValueBatchDecoder.EntriesDecoder e : d.entries())
                {
                    sink += e.lamportTime() + e.writerNode() + e.tombstoneRaw();
                    for (final KeyValueBatchDecoder.EntriesDecoder.ClockDecoder c : e.clock())
                    {
                        sink += c.nodeId() + c.counter();
                    }
                    sink += e.getKey(scratch, 0, e.keyLength());
                    sink += e.getValue(scratch, 0, e.valueLength());
                }
                check(d.encodedLength() == length, "KeyValueBatch read length");
                return length;
            }
            case MetadataUpdateDecoder.TEMPLATE_ID:
            {
                final MetadataUpdateDecoder d = metadataUpdate.wrap(buffer, offset, blockLength, version);
                final int length = d.sbeDecodedLength();
                sink += d.memberId() + d.incarnation() + d.stateRaw() + d.metaVersion() + d.fromNode() +
                    d.endpoint().ipv4() + d.endpoint().port();
                sink += d.getMetadata(scratch, 0, d.metadataLength());
                check(d.encodedLength() == length, "MetadataUpdate read length");
                return length;
            }
            default:
                throw new AssertionError("validator accepted unknown template " + templateId);
        }
    }

    private final MetadataUpdateDecoder metadataUpdate = new MetadataUpdateDecoder();

    long sink()
    {
        return sink;
    }
}

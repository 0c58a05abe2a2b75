package io.starling.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forward compatibility: messages from a newer schema version (the test-only next version 2 appends Ping.sentTimeNs)
 * are accepted by the validator and decoded field for field by the current (version 1) decoders honouring the acting
 * block length and version; larger group block lengths are skipped the same way. Backward: a version-0 Ping or Ack
 * (before viewDigest) reads as the null digest.
 */
final class SchemaEvolutionTest
{
    private static final int UPDATES = 3;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final FrameValidator validator = new FrameValidator(8);

    @Test
    void nextVersionPingIsDecodedByCurrentDecoder()
    {
        final io.starling.codecs.next.MessageHeaderEncoder headerEncoder =
            new io.starling.codecs.next.MessageHeaderEncoder();
        int position = 16;
        final int frameOffset = position;
        new io.starling.codecs.next.FrameHeaderEncoder().wrapAndApplyHeader(buffer, position, headerEncoder)
            .clusterId(7).srcNode(11).dstNode(-1).sequence(123_456_789_012L).flags((short)1);
        position += headerEncoder.encodedLength() + io.starling.codecs.next.FrameHeaderEncoder.BLOCK_LENGTH;

        final int pingOffset = position;
        final io.starling.codecs.next.PingEncoder ping =
            new io.starling.codecs.next.PingEncoder().wrapAndApplyHeader(buffer, position, headerEncoder);
        ping.seq(42).targetNode(99);
        ping.sourceEndpoint().ipv4(0x0A000001).port(7946);
        ping.viewDigest(-5_555_555_555L).sentTimeNs(987_654_321L);
        final io.starling.codecs.next.PingEncoder.UpdatesEncoder updates = ping.updatesCount(UPDATES);
        for (int i = 0; i < UPDATES; i++)
        {
            updates.next()
                .memberId(100 + i)
                .incarnation(200 + i)
                .state(io.starling.codecs.next.MemberState.get((short)(i % 4)))
                .metaVersion(300 + i)
                .fromNode(400 + i);
            updates.endpoint().ipv4(500 + i).port(600 + i);
        }
        position += headerEncoder.encodedLength() + ping.encodedLength();

        final int nackOffset = position;
        new io.starling.codecs.next.NackEncoder().wrapAndApplyHeader(buffer, position, headerEncoder)
            .seq(5).targetNode(6);
        position += headerEncoder.encodedLength() + io.starling.codecs.next.NackEncoder.BLOCK_LENGTH;

        final int frameLength = position - frameOffset;
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[frameLength]);
        exact.putBytes(0, buffer, frameOffset, frameLength);

        assertEquals(FrameValidator.OK, validator.validate(exact, 0, frameLength));
        assertEquals(7, validator.clusterId());
        assertEquals(11, validator.srcNode());
        assertEquals(-1, validator.dstNode());
        assertEquals(123_456_789_012L, validator.sequence());
        assertEquals(1, validator.flags());
        assertEquals(2, validator.messageCount());
        assertEquals(PingDecoder.TEMPLATE_ID, validator.templateId(0));
        assertEquals(pingOffset - frameOffset, validator.messageOffset(0));
        assertEquals(io.starling.codecs.next.PingEncoder.BLOCK_LENGTH, validator.actingBlockLength(0));
        assertEquals(PingDecoder.BLOCK_LENGTH + 8, validator.actingBlockLength(0));
        assertEquals(2, validator.actingVersion(0));
        assertEquals(nackOffset - pingOffset, validator.messageLength(0));
        assertEquals(NackDecoder.TEMPLATE_ID, validator.templateId(1));
        assertEquals(nackOffset - frameOffset, validator.messageOffset(1));

        final PingDecoder decoder = new PingDecoder().wrap(
            exact,
            validator.messageOffset(0) + MessageHeaderDecoder.ENCODED_LENGTH,
            validator.actingBlockLength(0),
            validator.actingVersion(0));
        assertEquals(42, decoder.seq());
        assertEquals(99, decoder.targetNode());
        assertEquals(0x0A000001, decoder.sourceEndpoint().ipv4());
        assertEquals(7946, decoder.sourceEndpoint().port());
        assertEquals(-5_555_555_555L, decoder.viewDigest());
        final PingDecoder.UpdatesDecoder decodedUpdates = decoder.updates();
        assertEquals(UPDATES, decodedUpdates.count());
        int i = 0;
        for (final PingDecoder.UpdatesDecoder u : decodedUpdates)
        {
            assertEquals(100 + i, u.memberId());
            assertEquals(200 + i, u.incarnation());
            assertEquals(MemberState.get((short)(i % 4)), u.state());
            assertEquals(300 + i, u.metaVersion());
            assertEquals(400 + i, u.fromNode());
            assertEquals(500 + i, u.endpoint().ipv4());
            assertEquals(600 + i, u.endpoint().port());
            i++;
        }
        assertEquals(UPDATES, i);
        assertEquals(validator.messageOffset(0) + validator.messageLength(0), decoder.limit());

        final NackDecoder nack = new NackDecoder().wrap(
            exact,
            validator.messageOffset(1) + MessageHeaderDecoder.ENCODED_LENGTH,
            validator.actingBlockLength(1),
            validator.actingVersion(1));
        assertEquals(5, nack.seq());
        assertEquals(6, nack.targetNode());
    }

    @Test
    void currentPingReadByNextDecoderHasNullAppendedField()
    {
        final WireSamples samples = new WireSamples(3L);
        final int frameLength = samples.encodeFrame(buffer, 0, new int[]{ PingDecoder.TEMPLATE_ID }, 2, null);
        assertEquals(FrameValidator.OK, validator.validate(buffer, 0, frameLength));

        final io.starling.codecs.next.PingDecoder next = new io.starling.codecs.next.PingDecoder().wrap(
            buffer,
            validator.messageOffset(0) + MessageHeaderDecoder.ENCODED_LENGTH,
            validator.actingBlockLength(0),
            validator.actingVersion(0));
        next.seq();
        next.targetNode();
        next.sourceEndpoint();
        next.viewDigest();
        assertEquals(io.starling.codecs.next.PingDecoder.sentTimeNsNullValue(), next.sentTimeNs());
        assertEquals(2, next.updates().count());
    }

    @Test
    void largerGroupBlockLengthIsSkippedByVersion0Decoder()
    {
        final int padding = 5;
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
        final WireSamples samples = new WireSamples(9L);
        final List<String> written = new ArrayList<>();
        final int headerLength = samples.encodeFrameHeader(scratch, 0, written);
        final int pingLength = samples.encodeMessage(PingDecoder.TEMPLATE_ID, scratch, headerLength, UPDATES, written);

        // Rebuild the Ping with each updates entry followed by padding, as a newer schema appending group fields would.
        final int entryLength = PingDecoder.UpdatesDecoder.sbeBlockLength();
        final int prefix = headerLength + MessageHeaderDecoder.ENCODED_LENGTH + PingDecoder.BLOCK_LENGTH;
        buffer.setMemory(0, buffer.capacity(), (byte)0xEE);
        buffer.putBytes(0, scratch, 0, prefix);
        buffer.putShort(prefix, (short)(entryLength + padding), MessageHeaderDecoder.BYTE_ORDER);
        buffer.putShort(prefix + 2, (short)UPDATES, MessageHeaderDecoder.BYTE_ORDER);
        int position = prefix + PingDecoder.UpdatesDecoder.HEADER_SIZE;
        for (int i = 0; i < UPDATES; i++)
        {
            buffer.putBytes(position, scratch, prefix + PingDecoder.UpdatesDecoder.HEADER_SIZE + i * entryLength,
                entryLength);
            position += entryLength + padding;
        }
        final int frameLength = position;
        assertEquals(headerLength + pingLength + UPDATES * padding, frameLength);

        final UnsafeBuffer exact = new UnsafeBuffer(new byte[frameLength]);
        exact.putBytes(0, buffer, 0, frameLength);
        assertEquals(FrameValidator.OK, validator.validate(exact, 0, frameLength));
        assertEquals(1, validator.messageCount());
        assertEquals(frameLength - headerLength, validator.messageLength(0));

        final List<String> read = new ArrayList<>();
        samples.decodeFrameHeader(exact, 0, read);
        final int end = samples.decodeMessage(exact, validator.messageOffset(0), PingDecoder.TEMPLATE_ID,
            validator.actingBlockLength(0), validator.actingVersion(0), false, read);
        assertEquals(frameLength, end);
        assertEquals(written, read);
    }

    @Test
    void versionZeroPingWithoutTheDigestIsAcceptedAndReadsTheNullDigest()
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
        final WireSamples samples = new WireSamples(5L);
        final int frameLength = samples.encodeFrame(scratch, 0, new int[]{ PingDecoder.TEMPLATE_ID }, 2, null);
        final int headerAt = validateAndFirstMessage(scratch, frameLength);
        final int digestAt = headerAt + MessageHeaderDecoder.ENCODED_LENGTH + PingDecoder.viewDigestEncodingOffset();

        // The same Ping as version 0 wrote it: version 0 in its header, the block without the 8 digest bytes.
        buffer.putBytes(0, scratch, 0, digestAt);
        buffer.putBytes(digestAt, scratch, digestAt + 8, frameLength - digestAt - 8);
        final int oldLength = frameLength - 8;
        new MessageHeaderEncoder().wrap(buffer, headerAt)
            .blockLength(PingDecoder.viewDigestEncodingOffset()).version(0);
        assertEquals(FrameValidator.OK, validator.validate(buffer, 0, oldLength));
        final PingDecoder ping = new PingDecoder().wrap(buffer,
            validator.messageOffset(0) + MessageHeaderDecoder.ENCODED_LENGTH,
            validator.actingBlockLength(0), validator.actingVersion(0));
        assertEquals(PingDecoder.viewDigestNullValue(), ping.viewDigest());
        assertEquals(2, ping.updates().count());

        // A version-1 header over the shorter block claims a field it does not carry.
        new MessageHeaderEncoder().wrap(buffer, headerAt).version(1);
        assertEquals(FrameValidator.BAD_BLOCK_LENGTH, validator.validate(buffer, 0, oldLength));
    }

    private int validateAndFirstMessage(final UnsafeBuffer frame, final int length)
    {
        assertEquals(FrameValidator.OK, validator.validate(frame, 0, length));
        return validator.messageOffset(0);
    }
}

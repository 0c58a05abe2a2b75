package io.starling.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message type, with every field, group (several entries, nested groups) and var-data field (several lengths,
 * empty included) populated, survives encode, frame validation and decode unchanged.
 */
final class CodecRoundTripTest
{
    private final FrameValidator validator = new FrameValidator(64);

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 3, 5 })
    void everyMessageTypeInOneFrameRoundTrips(final int entries)
    {
        final int frameOffset = 24;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
        final WireSamples samples = new WireSamples(42L + entries);
        final List<String> written = new ArrayList<>();
        final int[] templates = WireSamples.PROTOCOL_TEMPLATE_IDS;
        final int frameLength = samples.encodeFrame(buffer, frameOffset, templates, entries, written);

        assertEquals(FrameValidator.OK, validator.validate(buffer, frameOffset, frameLength));
        assertEquals(templates.length, validator.messageCount());

        final List<String> read = new ArrayList<>();
        int expectedOffset = samples.decodeFrameHeader(buffer, frameOffset, read);
        for (int i = 0; i < templates.length; i++)
        {
            assertEquals(templates[i], validator.templateId(i), "template of message " + i);
            assertEquals(expectedOffset, validator.messageOffset(i), "offset of message " + i);
            assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, validator.actingVersion(i));

            final int end = samples.decodeMessage(
                buffer,
                validator.messageOffset(i),
                validator.templateId(i),
                validator.actingBlockLength(i),
                validator.actingVersion(i),
                false,
                read);
            assertEquals(end - validator.messageOffset(i), validator.messageLength(i), "length of message " + i);
            expectedOffset = end;
        }
        assertEquals(frameOffset + frameLength, expectedOffset, "messages fill the frame exactly");
        assertEquals(written, read);

        final List<String> header = new ArrayList<>();
        samples.decodeFrameHeader(buffer, frameOffset, header);
        assertEquals("FrameHeader.clusterId=" + validator.clusterId(), header.get(0));
        assertEquals("FrameHeader.srcNode=" + validator.srcNode(), header.get(1));
        assertEquals("FrameHeader.dstNode=" + validator.dstNode(), header.get(2));
        assertEquals("FrameHeader.sequence=" + validator.sequence(), header.get(3));
        assertEquals("FrameHeader.flags=" + validator.flags(), header.get(4));
    }

    @Test
    void eachMessageTypeAloneInAFrameRoundTrips()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
        final WireSamples samples = new WireSamples(7L);
        for (final int templateId : WireSamples.PROTOCOL_TEMPLATE_IDS)
        {
            final List<String> written = new ArrayList<>();
            final int frameLength = samples.encodeFrame(buffer, 0, new int[]{ templateId }, 4, written);
            final UnsafeBuffer exact = new UnsafeBuffer(new byte[frameLength]);
            exact.putBytes(0, buffer, 0, frameLength);

            assertEquals(FrameValidator.OK, validator.validate(exact, 0, frameLength), "template " + templateId);
            assertEquals(1, validator.messageCount());
            assertEquals(templateId, validator.templateId(0));
            assertEquals(frameLength, validator.messageOffset(0) + validator.messageLength(0));

            final List<String> read = new ArrayList<>();
            samples.decodeFrameHeader(exact, 0, read);
            final int end = samples.decodeMessage(
                exact, validator.messageOffset(0), templateId, validator.actingBlockLength(0),
                validator.actingVersion(0), false, read);
            assertEquals(frameLength, end);
            assertEquals(written, read);
        }
    }

    @Test
    void writtenRecordCoversNestedGroupsAndEmptyVarData()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
        final List<String> written = new ArrayList<>();
        new WireSamples(1L).encodeFrame(buffer, 0, WireSamples.PROTOCOL_TEMPLATE_IDS, 5, written);

        assertTrue(written.stream().anyMatch((s) -> s.startsWith("KeyValueBatch.entries[3].clock[2].counter=")));
        assertTrue(written.stream().anyMatch((s) -> s.matches("KeyValueBatch\\.entries\\[\\d]\\.(key|value)=0:")));
        assertTrue(written.stream().anyMatch((s) -> s.matches("PushPullChunk\\.members\\[\\d]\\.metadata=0:")));
        assertTrue(written.stream().anyMatch((s) -> s.matches(".*=100:[0-9a-f]{200}")));
    }
}

package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tags for pass-window jobs (issue 16): key/value tags in node metadata, set in the Context and at run time,
 * selected with {@code members(filter)}; they share the 512 bytes with the name and the metadata.
 */
class TagsTest
{
    private static Member seenBy(final StarlingEngine engine, final int nodeIndex, final int id)
    {
        return engine.members(nodeIndex).stream().filter((m) -> id == m.nodeId()).findFirst().orElseThrow();
    }

    private static boolean sees(final StarlingEngine engine, final int id, final String key, final String value)
    {
        return engine.members(0).stream().anyMatch((m) -> id == m.nodeId() && value.equals(m.tag(key)));
    }

    private static List<Integer> ids(final List<Member> members)
    {
        return members.stream().map(Member::nodeId).sorted().toList();
    }

    @Test
    void tagsSetBeforeLaunchAndAtRunTimeAreSeenByOthersAndSelectedByAFilter()
    {
        final Map<String, String> edge = new LinkedHashMap<>();
        edge.put("role", "edge");
        edge.put("station", "kiruna");
        edge.put("gpus", "2");
        try (StarlingEngine engine = StarlingEngine.launch(loopbackContext()
            .networkEnabled(false)
            .nodeIds(10, 11, 12, 13)
            .nodeName("kiruna")
            .metadata("free-form".getBytes(StandardCharsets.US_ASCII))
            .tags(edge)))
        {
            assertTrue(await(10_000, () -> sees(engine, 13, "gpus", "2") && sees(engine, 11, "role", "edge")));
            final Member m = seenBy(engine, 0, 11);
            assertEquals(edge, m.tags());
            assertEquals("kiruna-1", m.name());
            assertArrayEquals("free-form".getBytes(StandardCharsets.US_ASCII), m.metadata(), "tags are not metadata");

            assertTrue(engine.updateTags(2, Map.of("role", "ground-station", "band", "X")));
            assertTrue(engine.updateTags(3, Map.of("role", "edge", "gpus", "0")));
            assertTrue(engine.updateMetadata(1, "v2".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(await(10_000, () -> sees(engine, 12, "band", "X") && sees(engine, 13, "gpus", "0") &&
                "v2".equals(new String(seenBy(engine, 0, 11).metadata(), StandardCharsets.US_ASCII))));
            assertEquals(edge, seenBy(engine, 0, 11).tags(), "a metadata update keeps the tags");
            assertArrayEquals("free-form".getBytes(StandardCharsets.US_ASCII), seenBy(engine, 0, 12).metadata(),
                "a tag update keeps the metadata");
            assertEquals(Map.of("role", "ground-station", "band", "X"), seenBy(engine, 0, 12).tags());

            assertEquals(List.of(10, 11), ids(engine.members("role=edge and gpus>=1 and state=alive")));
            assertTrue(await(10_000, () -> List.of(12).equals(ids(engine.members(1, MemberFilter.parse("band=X"))))),
                "node 1's view");
            assertEquals(List.of(10, 11, 13), ids(engine.members(0, (mm) -> "edge".equals(mm.tag("role")))));

            assertTrue(engine.expectAbsence(11, Long.MAX_VALUE));
            assertTrue(await(5_000, () -> List.of(11).equals(ids(engine.members("state=out_of_contact")))));
            assertEquals(List.of(10), ids(engine.members("role=edge and gpus>=1 and state=alive")));

            assertThrows(IllegalArgumentException.class, () -> engine.members("role=edge gpus>=1"));
            assertThrows(IllegalArgumentException.class, () -> engine.updateTags(0, Map.of("state", "x")));
            assertThrows(IllegalArgumentException.class, () -> engine.updateTags(0, Map.of("role", "edge node")));
        }
    }

    @Test
    void tagsShareThe512BytesAndTheirCostIsOneBytePlusTwoAndKeyAndValuePerTag()
    {
        final Map<String, String> tags = Map.of("role", "edge", "gpus", "4"); // 1 + (2 + 4 + 4) + (2 + 4 + 1) = 18
        assertEquals(18, MetadataEnvelope.tagBlock(tags).length);
        final byte[] name = MetadataEnvelope.nameBytes("nodeName", "perth"); // 5
        final int room = StarlingEngine.MAX_METADATA_BYTES - name.length - 18;
        assertEquals(512, MetadataEnvelope.encode(name, MetadataEnvelope.tagBlock(tags), new byte[room]).length);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new StarlingEngine.Context().nodeName("perth").tags(tags).metadata(new byte[room + 1]).conclude());
        assertTrue(ex.getMessage().contains("the tags' 18"), ex.getMessage());

        final byte[] untagged = MetadataEnvelope.encode(name, "band=X".getBytes(StandardCharsets.US_ASCII));
        assertEquals(MetadataEnvelope.FORMAT, untagged[0], "no tags: the envelope of before, byte for byte");
        assertEquals(Map.of(), MetadataEnvelope.tags(untagged));
        final byte[] tagged = MetadataEnvelope.encode(name, MetadataEnvelope.tagBlock(tags), new byte[]{ 7 });
        assertEquals("perth", MetadataEnvelope.name(tagged));
        assertEquals(tags, MetadataEnvelope.tags(tagged));
        assertArrayEquals(new byte[]{ 7 }, MetadataEnvelope.application(tagged));
        final byte[] truncated = java.util.Arrays.copyOf(tagged, 12);
        assertEquals(Map.of(), MetadataEnvelope.tags(truncated), "a tag block that does not fit is no envelope");
        assertEquals(12, MetadataEnvelope.application(truncated).length);

        final Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 33; i++)
        {
            many.put("k" + i, "v");
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetadataEnvelope.tagBlock(many))
            .getMessage().contains("at most 32"));
    }
}

package io.starling.tools.netns;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code starling node --status-json}, which the namespace tests read: every status line is one JSON object with the
 * least and most members any hosted node sees in each state; without the flag the text status is unchanged.
 */
class NodeStatusJsonTest extends CliTestSupport
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void statusLinesAreJsonWithEveryHostedNodesView() throws Exception
    {
        assertEquals(0, run("node", "--bind", "127.0.0.1:" + freePort(), "--nodes", "3", "--node-id-base", "700",
            "--period-ms", "100", "--status-interval-ms", "200", "--duration-s", "3", "--status-json"), err::toString);

        final List<JsonNode> docs = out.toString().lines().filter((l) -> l.startsWith("{"))
            .map(NodeStatusJsonTest::parse).collect(Collectors.toList());
        assertTrue(docs.size() >= 5, out::toString);
        for (final JsonNode doc : docs)
        {
            assertEquals(3, doc.get("nodes").asInt(), doc::toString);
            assertTrue(doc.get("alive_min").asInt() <= doc.get("alive_max").asInt(), doc::toString);
            assertTrue(doc.get("dead_min").asInt() <= doc.get("dead_max").asInt(), doc::toString);
            assertTrue(doc.has("t_ms") && doc.has("pid") && doc.has("deaths_declared") && doc.has("drops"),
                doc::toString);
        }
        final JsonNode converged = docs.stream().filter((d) -> !d.has("left")).reduce((x, y) -> y).orElseThrow();
        assertEquals(3, converged.get("alive_min").asInt(), converged::toString);
        assertEquals(0, converged.get("dead_max").asInt(), converged::toString);
        assertEquals(0, converged.get("errors").asInt(), converged::toString);
        assertEquals(0, converged.get("drop_bad_checksum").asLong(), converged::toString);

        final JsonNode last = docs.get(docs.size() - 1);
        assertTrue(last.get("left").asBoolean(), last::toString);
        assertTrue(out.toString().contains("closed"), out::toString);
    }

    @Test
    void withoutTheFlagStatusLinesStayText() throws Exception
    {
        assertEquals(0, run("node", "--bind", "127.0.0.1:" + freePort(), "--nodes", "2", "--period-ms", "100",
            "--status-interval-ms", "200", "--duration-s", "1"), err::toString);
        final String text = out.toString();
        assertTrue(text.contains("alive=2"), text);
        assertFalse(text.lines().anyMatch((l) -> l.startsWith("{")), text);
    }

    private static JsonNode parse(final String line)
    {
        try
        {
            return MAPPER.readTree(line);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("not JSON: " + line, ex);
        }
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}

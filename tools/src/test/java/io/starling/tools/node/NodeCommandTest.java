package io.starling.tools.node;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeCommandTest extends CliTestSupport
{
    @Test
    void hostsNodesPrintsStatusLeavesAndCleansUp(@TempDir final Path tmp) throws Exception
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        final File json = tmp.resolve("node.json").toFile();
        assertEquals(0, run("node", "--bind", "127.0.0.1:" + port, "--nodes", "3", "--node-id-base", "500",
            "--period-ms", "100", "--status-interval-ms", "500", "--duration-s", "3", "--json", json.getPath()),
            err::toString);

        final String text = out.toString();
        assertTrue(text.contains("t="), text);
        assertTrue(text.contains("alive=3"), text);
        assertTrue(text.contains("closed"), text);
        final String dir = text.lines().filter((l) -> l.contains(", dir ")).findFirst().orElseThrow()
            .replaceAll(".*, dir ", "");
        assertFalse(new File(dir).exists(), dir);

        final JsonNode doc = new ObjectMapper().readTree(json);
        assertEquals(3, doc.get("nodes").asInt());
        assertEquals(500, doc.get("node_id_base").asInt());
        assertEquals(3, doc.get("members_alive").asInt() + doc.get("members_left").asInt());
        assertTrue(doc.get("frames_sent").asLong() > 0);
        assertEquals(0, doc.get("errors").asLong());
    }

    @Test
    void sigtermLeavesClosesAndRemovesTheDirectory() throws Exception
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        final String javaCommand = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(javaCommand, "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), StarlingMain.class.getName(),
            "node", "--bind", "127.0.0.1:" + port, "--nodes", "2", "--period-ms", "100",
            "--status-interval-ms", "200")
            .redirectErrorStream(true)
            .start();
        final java.io.BufferedReader reader = new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        final StringBuilder output = new StringBuilder();
        String line;
        while (null != (line = reader.readLine()))
        {
            output.append(line).append('\n');
            if (line.contains("alive=2"))
            {
                break;
            }
        }
        assertTrue(output.toString().contains("alive=2"), output::toString);
        process.toHandle().destroy(); // SIGTERM, keeping our end of the pipes open
        while (null != (line = reader.readLine()))
        {
            output.append(line).append('\n');
        }
        assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        final String text = output.toString();
        assertTrue(text.contains("leaving"), text);
        assertTrue(text.contains("closed"), text);
        final String dir = text.lines().filter((l) -> l.contains(", dir ")).findFirst().orElseThrow()
            .replaceAll(".*, dir ", "");
        assertFalse(new File(dir).exists(), dir);
    }

    @Test
    void badFlagsAreOneLineAndExitTwo()
    {
        assertEquals(StarlingMain.EXIT_USAGE, run("node", "--bind", "127.0.0.1:7946", "--nodes", "0"));
        assertTrue(err.toString().contains("--nodes"), err::toString);
        assertEquals(1, err.toString().trim().lines().count(), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("node", "--bind", "nonsense"));
        assertTrue(err.toString().contains("--bind"), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("node", "--bind", "127.0.0.1:7946", "--seeds", "x:0"));
        assertTrue(err.toString().contains("--seeds"), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("node", "--bind", "127.0.0.1:7946", "--idle", "nap"));
        assertTrue(err.toString().contains("--idle"), err::toString);
        assertEquals(1, err.toString().trim().lines().count(), err::toString);
    }
}

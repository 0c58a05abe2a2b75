package io.starling.tools.members;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code starling members --pid P --where ...} lists the matching members of a running {@code starling node}
 * process through its engine directory (issue 16): two processes with different {@code --tag}s, selected by tag
 * and state; a bad filter is one line and exit code 2.
 */
class MembersCommandTest extends CliTestSupport
{
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception
    {
        for (final Process p : processes)
        {
            p.toHandle().destroy();
        }
        for (final Process p : processes)
        {
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void listsTheMatchingMembersOfARunningProcess(@TempDir final Path tmp) throws Exception
    {
        final int seedPort = freePort();
        final List<String> seedLines = start(List.of("node", "--bind", "127.0.0.1:" + seedPort,
            "--node-id-base", "700", "--period-ms", "200", "--tag", "role=edge", "--tag", "station=kiruna",
            "--tag", "gpus=2"));
        final List<String> otherLines = start(List.of("node", "--bind", "127.0.0.1:" + freePort(),
            "--node-id-base", "800", "--period-ms", "200", "--tag", "role=ground-station", "--tag", "band=X",
            "--seeds", "127.0.0.1:" + seedPort));
        final Process seed = processes.get(0);
        assertTrue(await(30_000, () -> seedLines.stream().anyMatch((l) -> l.contains(", dir "))), seedLines::toString);
        assertTrue(await(30_000, () -> otherLines.stream().anyMatch((l) -> l.contains(", dir "))),
            otherLines::toString);

        final Path json = tmp.resolve("members.json");
        assertTrue(await(30_000, () ->
        {
            out.getBuffer().setLength(0);
            return 0 == run("members", "--pid", Long.toString(seed.pid()), "--where", "role and state=alive") &&
                out.toString().contains("2 member(s)");
        }), () -> out + " " + err + " " + seedLines);

        out.getBuffer().setLength(0);
        assertEquals(0, run("members", "--pid", Long.toString(seed.pid()),
            "--where", "role=edge and gpus>=1 and state=alive", "--json", json.toString()), err::toString);
        assertTrue(out.toString().contains("1 member(s) in the view of node 700 where role=edge"), out::toString);
        assertTrue(out.toString().contains("role=edge,station=kiruna,gpus=2"), out::toString);
        assertFalse(out.toString().contains("ground-station"), out::toString);
        final JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(1, doc.get("count").asInt());
        assertEquals(700, doc.get("members").get(0).get("id").asInt());
        assertEquals("ALIVE", doc.get("members").get(0).get("state").asText());
        assertEquals("2", doc.get("members").get(0).get("tags").get("gpus").asText());

        out.getBuffer().setLength(0);
        assertEquals(0, run("members", "--pid", Long.toString(seed.pid()), "--where", "band=X"), err::toString);
        assertTrue(out.toString().contains("1 member(s)") && out.toString().contains("800"), out::toString);

        assertRejected("bad filter", "members", "--pid", Long.toString(seed.pid()), "--where", "role=edge gpus>=1");
        assertTrue(err.toString().contains("column 11"), err::toString);
        assertRejected("--node", "members", "--pid", Long.toString(seed.pid()), "--node", "5");
    }

    private List<String> start(final List<String> args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), StarlingMain.class.getName()));
        command.addAll(args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    lines.add(line);
                }
            }
            catch (final Exception ignore)
            {
                // The process ended.
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static boolean await(final long timeoutMs, final java.util.function.BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}

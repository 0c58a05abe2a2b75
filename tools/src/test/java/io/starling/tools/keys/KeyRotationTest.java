package io.starling.tools.keys;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
 * Three {@code starling node} processes sharing key 1 are rotated to key 2 with {@code starling keys} only, the
 * serf way: install 2 everywhere, use 2 everywhere, remove 1 everywhere. No member is ever suspected, no probe
 * fails and no frame is dropped for a key reason; afterwards key 2 alone is installed and the cluster still talks.
 */
class KeyRotationTest extends CliTestSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void rotateAcrossThreeProcessesWithoutASuspicion(@TempDir final Path tmp) throws Exception
    {
        final SecureRandom random = new SecureRandom();
        final byte[] key1 = new byte[32];
        random.nextBytes(key1);
        final Path keyring = tmp.resolve("keyring");
        Files.writeString(keyring, "# test keyring\nkey 1 " + Base64.getEncoder().encodeToString(key1) +
            "\nprimary 1\n");
        final Path key2 = tmp.resolve("key2");
        assertEquals(0, run("keys", "generate", "--key-file", key2.toString()), err::toString);
        assertFalse(out.toString().contains(Files.readString(key2).trim()), "generate printed the key");

        final int[] ports = {freePort(), freePort(), freePort()};
        final List<List<String>> outputs = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final List<String> lines = new CopyOnWriteArrayList<>();
            outputs.add(lines);
            final List<String> args = new ArrayList<>(List.of("node", "--bind", "127.0.0.1:" + ports[i],
                "--nodes", "1", "--node-id-base", Integer.toString(100 * (i + 1)), "--period-ms", "1000",
                "--status-interval-ms", "500", "--status-json", "--keyring", keyring.toString()));
            if (i > 0)
            {
                args.add("--seeds");
                args.add("127.0.0.1:" + ports[0]);
            }
            start(args, lines);
        }
        final File[] dirs = new File[3];
        for (int i = 0; i < 3; i++)
        {
            final List<String> lines = outputs.get(i);
            assertTrue(await(30_000, () -> lines.stream().anyMatch((l) -> l.contains(", dir "))), lines::toString);
            dirs[i] = new File(lines.stream().filter((l) -> l.contains(", dir ")).findFirst().orElseThrow()
                .replaceAll(".*, dir ", ""));
            assertTrue(await(30_000, () -> lastStatus(lines) != null && 3 == lastStatus(lines).get("alive_min")
                .asInt()), lines::toString);
        }

        for (final String step : new String[] {"install", "use", "remove"})
        {
            for (final File dir : dirs)
            {
                out.getBuffer().setLength(0);
                final int exit = "install".equals(step) ?
                    run("keys", "install", "--dir", dir.getPath(), "--id", "2", "--key-file", key2.toString()) :
                    run("keys", step, "--dir", dir.getPath(), "--id", "remove".equals(step) ? "1" : "2");
                assertEquals(0, exit, () -> step + ": " + err);
                assertFalse(out.toString().contains(Files.readString(key2).trim()), "key material printed");
            }
            Thread.sleep(3_000); // three protocol periods on the new keys before the next step
        }

        for (int i = 0; i < 3; i++)
        {
            out.getBuffer().setLength(0);
            assertEquals(0, run("keys", "list", "--dir", dirs[i].getPath()), err::toString);
            assertTrue(out.toString().contains("key   2") && out.toString().contains("primary"), out::toString);
            assertFalse(out.toString().contains("key   1"), out::toString);
        }

        for (int i = 0; i < 3; i++)
        {
            final List<String> lines = outputs.get(i);
            final long framesInAfterRotation = lastStatus(lines).get("frames_in").asLong();
            assertTrue(await(10_000, () -> lastStatus(lines).get("frames_in").asLong() > framesInAfterRotation),
                "node " + i + " receives nothing sealed with key 2 alone");
            final JsonNode status = lastStatus(lines);
            assertEquals(3, status.get("alive_min").asInt(), status::toString);
            assertEquals(0, status.get("suspicions_raised").asLong(), status::toString);
            assertEquals(0, status.get("probe_failures").asLong(), status::toString);
            assertEquals(0, status.get("drop_unknown_key").asLong(), status::toString);
            assertEquals(0, status.get("drop_bad_tag").asLong(), status::toString);
            assertEquals(0, status.get("drop_not_sealed").asLong(), status::toString);
            assertEquals(0, status.get("drop_replayed").asLong(), status::toString);
            assertEquals(0, status.get("drop_seal_failed").asLong(), status::toString);
            assertEquals(0, status.get("errors").asLong(), status::toString);
        }
    }

    @Test
    void badRequestsAreOneLine(@TempDir final Path tmp) throws Exception
    {
        assertRejected("ACTION", "keys", "rotate", "--dir", tmp.toString());
        assertRejected("--id", "keys", "use", "--dir", tmp.toString());
        assertRejected("--key-file", "keys", "install", "--id", "2", "--dir", tmp.toString());
        final Path bad = tmp.resolve("bad");
        Files.writeString(bad, "not base64 at all!\n");
        assertRejected("--key-file", "keys", "install", "--id", "2", "--key-file", bad.toString(),
            "--dir", tmp.toString());
        assertFalse(err.toString().contains("not base64 at all"), "key text echoed");
    }

    private void start(final List<String> args, final List<String> lines) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), StarlingMain.class.getName()));
        command.addAll(args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
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
    }

    private static JsonNode lastStatus(final List<String> lines)
    {
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            if (lines.get(i).startsWith("{"))
            {
                try
                {
                    return JSON.readTree(lines.get(i));
                }
                catch (final Exception ex)
                {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean await(final long timeoutMs, final java.util.function.BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}

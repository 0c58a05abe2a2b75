package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: three stations in three JVMs on loopback with the default protocol settings. Metadata set before
 * launch must be in every other station's {@code members()} within 2 s of the later of the two joins, and an
 * update within 2 s of it being made.
 * <p>
 * Before the bytes rode with the gossip update that announces their version (gossip carried only the version; the
 * bytes travelled with joins and push-pull, every 30 s), this failed: on 2026-12-06 at commit 0ca497a, load about
 * 25 on 2 vCPUs, kiruna never saw santiago's metadata within the 16 s run, and of perth's update santiago saw the
 * bytes after 5,648 ms, kiruna not within 6 s. The bound is a real-time one on a shared machine: a failure while the
 * machine is starved is to be rerun before it is chased.
 */
class MetadataSpreadTest
{
    private static final long BOUND_MS = 2_000;
    private static final long NEVER = Long.MAX_VALUE / 4;

    @Test
    void metadataSetBeforeLaunchAndAnUpdateReachEveryStationWithinTwoSeconds() throws Exception
    {
        final int base = EngineTestSupport.freeUdpPort();
        final String[] names = {"perth", "kiruna", "santiago"};
        final int[] ports = {base, EngineTestSupport.freeUdpPort(), EngineTestSupport.freeUdpPort()};
        final long nowMs = System.currentTimeMillis();
        final long updateAtMs = nowMs + 10_000;
        final long endAtMs = nowMs + 16_000;
        final List<Process> stations = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            stations.add(station("127.0.0.1:" + ports[i], 0 == i ? "-" : "127.0.0.1:" + ports[0], names[i],
                "station=" + names[i] + ";band=X", String.valueOf(0 == i ? updateAtMs : 0), "station=perth;band=S",
                String.valueOf(endAtMs)));
        }
        final String[] outputs = new String[3];
        for (int i = 0; i < 3; i++)
        {
            assertTrue(stations.get(i).waitFor(150, TimeUnit.SECONDS), names[i] + " did not exit");
            outputs[i] = new String(stations.get(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, stations.get(i).exitValue(), outputs[i]);
        }
        final long[] joinedMs = new long[3];
        for (int i = 0; i < 3; i++)
        {
            joinedMs[i] = firstTime(outputs[i], "joined ");
        }
        final StringBuilder report = new StringBuilder();
        long worstMs = 0;
        for (int observer = 0; observer < 3; observer++)
        {
            for (int member = 0; member < 3; member++)
            {
                if (observer != member)
                {
                    final long seenMs = firstTime(outputs[observer],
                        "sees " + names[member] + " station=" + names[member] + ";band=X ");
                    final long delayMs = seenMs - Math.max(joinedMs[observer], joinedMs[member]);
                    worstMs = Math.max(worstMs, delayMs);
                    report.append(names[observer]).append(" sees ").append(names[member]).append(": ")
                        .append(NEVER == seenMs ? "never" : delayMs + " ms after the joins").append('\n');
                }
            }
        }
        final long updatedMs = firstTime(outputs[0], "updated ");
        for (int observer = 1; observer < 3; observer++)
        {
            final long seenMs = firstTime(outputs[observer], "sees perth station=perth;band=S ");
            final long delayMs = seenMs - updatedMs;
            worstMs = Math.max(worstMs, delayMs);
            report.append(names[observer]).append(" sees perth's update: ")
                .append(NEVER == seenMs ? "never" : delayMs + " ms").append('\n');
        }
        System.out.print("metadata spread, worst " + worstMs + " ms:\n" + report);
        assertTrue(worstMs <= BOUND_MS, report.toString());
    }

    private static long firstTime(final String output, final String prefix)
    {
        for (final String line : output.split("\n"))
        {
            if (line.startsWith(prefix))
            {
                return Long.parseLong(line.substring(prefix.length()).trim());
            }
        }
        return NEVER;
    }

    private static Process station(final String... args) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            MetadataStationProgram.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}

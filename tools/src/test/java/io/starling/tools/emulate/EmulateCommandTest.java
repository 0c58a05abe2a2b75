package io.starling.tools.emulate;

import java.io.File;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulateCommandTest extends CliTestSupport
{
    @Test
    void badFlagsAreOneLineNamingTheFlagAndExitTwo()
    {
        assertRejected("--nodes", "emulate", "--nodes", "1");
        assertRejected("--idle", "emulate", "--nodes", "10", "--idle", "nap");
        assertRejected("--processes", "emulate", "--nodes", "10", "--processes", "0");
        assertRejected("--processes", "emulate", "--nodes", "10", "--processes", "11");
        assertRejected("--period-ms", "emulate", "--nodes", "10", "--period-ms", "5");
        assertRejected("--loss", "emulate", "--nodes", "10", "--loss", "1");
        assertRejected("--loss", "emulate", "--nodes", "10", "--loss", "-0.1");
        assertRejected("--kill", "emulate", "--nodes", "10", "--kill", "10");
        assertRejected("--kill", "emulate", "--nodes", "10", "--kill", "-1");
        assertRejected("--duration", "emulate", "--nodes", "10", "--duration", "-2");
        assertRejected("--warmup-s", "emulate", "--nodes", "10", "--warmup-s", "-3");
        assertRejected("--progress", "emulate", "--nodes", "10", "--progress", "fancy");
        assertRejected("--jvm-opts", "emulate", "--nodes", "10", "--jvm-opts", "Xmx1g");
        assertRejected("--base-port", "emulate", "--nodes", "10", "--base-port", "80");
        assertRejected("--converge-fraction", "emulate", "--nodes", "10", "--converge-fraction", "0");
        assertRejected("--converge-fraction", "emulate", "--nodes", "10", "--converge-fraction", "1.5");
        assertRejected("--kill", "emulate", "--nodes", "4", "--processes", "2", "--kill", "2", "--seed", "1");
        assertRejected("--updates", "emulate", "--nodes", "10", "--updates", "-1");
        assertRejected("--updates", "emulate", "--nodes", "10", "--processes", "2", "--updates", "3");
        assertRejected("--update-spacing-ms", "emulate", "--nodes", "10", "--update-spacing-ms", "-5");
        assertRejected("--update-timeout-ms", "emulate", "--nodes", "10", "--update-timeout-ms", "0");
        assertRejected("--hgrm", "emulate", "--nodes", "10", "--hgrm", "");
        assertRejected("--start-spread-ms", "emulate", "--nodes", "10", "--bootstrap", "--start-spread-ms", "5000");
        assertRejected("--late-joins", "emulate", "--nodes", "10", "--late-joins", "-1");
        assertRejected("--late-joins", "emulate", "--nodes", "10", "--processes", "2", "--late-joins", "3");
        assertRejected("--late-joins", "emulate", "--nodes", "10", "--bootstrap", "--late-joins", "3");
        assertRejected("--late-join-timeout-s", "emulate", "--nodes", "10", "--late-joins", "3",
            "--late-join-timeout-s", "0");
        assertRejected("--host-gossip-rate", "emulate", "--nodes", "10", "--host-gossip-rate", "-1");
        assertRejected("--host-state-rate", "emulate", "--nodes", "10", "--host-state-rate", "-5");
        assertRejected("--mtu", "emulate", "--nodes", "10", "--mtu", "1000");
        assertRejected("--mtu", "emulate", "--nodes", "10", "--mtu", "65536");
        assertRejected("--churn-minutes", "emulate", "--nodes", "10", "--churn-per-min", "3");
        assertRejected("--churn-minutes", "emulate", "--nodes", "10", "--churn-minutes", "3");
        assertRejected("--churn-per-min", "emulate", "--nodes", "10", "--processes", "2", "--churn-per-min", "2",
            "--churn-minutes", "1");

        // Picocli's own parse errors: the flag on the first line, then the usual hint.
        for (final String[] args : new String[][] {{"emulate", "--kill", "1"}, {"emulate", "--nodes", "ten"}})
        {
            err.getBuffer().setLength(0);
            assertEquals(StarlingMain.EXIT_USAGE, run(args), err::toString);
            assertTrue(err.toString().lines().findFirst().orElseThrow().contains("--nodes"), err::toString);
        }
    }

    @Test
    void inProcessRunTimesEveryUpdateAndEveryVictim(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("prop.json").toFile();
        final String prefix = tmp.resolve("hgrm").resolve("e20").toString();
        final int exit = run("emulate", "--nodes", "20", "--period-ms", "100", "--kill", "2", "--duration", "0",
            "--seed", "3", "--progress", "off", "--updates", "5",
            "--update-spacing-ms", "200", "--hgrm", prefix, "--json", json.getPath());
        assertEquals(0, exit, () -> out + "\n" + err);

        final JsonNode doc = new ObjectMapper().readTree(json);
        assertEquals(5, doc.get("updates").asInt(), doc::toString);
        assertEquals(0, doc.get("updates_rejected").asInt(), doc::toString);
        // Every update reaches every node, and no live node is declared dead (the tool's default promise).
        assertEquals(0, doc.get("propagation_incomplete").asInt(), doc::toString);
        assertEquals(0, doc.get("false_positives").asInt(), doc::toString);
        final JsonNode ms = doc.get("propagation_ms");
        assertEquals(5, ms.get("count").asInt(), doc::toString);
        assertTrue(ms.get("p50").asDouble() > 0 && ms.get("p50").asDouble() <= ms.get("max").asDouble(),
            doc::toString);
        assertTrue(doc.get("propagation_rounds_theory").asDouble() > 0);
        final JsonNode curve = doc.get("propagation").get("informed_fraction_by_round");
        assertEquals(curve.size(), doc.get("propagation").get("informed_fraction_by_round_theory").size());
        assertEquals(1.0 / 20, curve.get(0).asDouble(), 0.05, "about one node at round 0");
        assertEquals(1.0, curve.get(curve.size() - 1).asDouble(), 1e-9, doc::toString);

        final JsonNode d = doc.get("detection");
        assertEquals(2, d.get("killed").asInt());
        assertEquals(2, d.get("first_suspicion_ms").get("count").asInt(), doc::toString);
        assertEquals(2, d.get("all_informed_ms").get("count").asInt(), doc::toString);
        assertTrue(d.get("first_suspicion_ms").get("max").asDouble() <= d.get("all_informed_ms").get("max").asDouble());
        for (final String what : new String[] {"propagation", "detect-suspect", "detect-dead", "detect-all"})
        {
            assertTrue(tmp.resolve("hgrm").resolve("e20-" + what + ".hgrm").toFile().length() > 0, what);
            assertTrue(tmp.resolve("hgrm").resolve("e20-" + what + ".json").toFile().length() > 0, what);
        }
        assertTrue(out.toString().contains("propagation of 5 updates"), out::toString);
    }

    /**
     * Late joiners and churn in one process: every joiner is ALIVE at every live node, every leaver LEFT and every
     * crashed node DEAD (or forgotten), nobody healthy is declared dead, and frames to the crashed nodes are dropped
     * and counted (each crash is detected through a probe of it that fails).
     */
    @Test
    void inProcessRunTimesLateJoinsAndChurn(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("churn.json").toFile();
        final int exit = run("emulate", "--nodes", "20", "--period-ms", "100", "--kill", "2", "--duration", "0",
            "--seed", "5", "--progress", "off", "--late-joins", "5", "--churn-per-min", "4", "--churn-minutes", "2",
            "--churn-round-ms", "2000", "--json", json.getPath());
        assertEquals(0, exit, () -> out + "\n" + err);
        final JsonNode doc = new ObjectMapper().readTree(json);
        assertTrue(doc.get("ok").asBoolean(), doc::toString);

        final JsonNode late = doc.get("late_joins");
        assertEquals(5, late.get("known_everywhere_ms").get("count").asInt(), doc::toString);
        assertEquals(0, late.get("never_known").asInt(), doc::toString);
        assertEquals(0, late.get("false_positives").asInt(), doc::toString);
        assertTrue(late.get("duty_cycles_with_work").asLong() > 0, doc::toString);

        final JsonNode churn = doc.get("churn");
        final int[] expected = {8, 4, 4}; // two rounds of 4 joins, 2 leaves and 2 crashes
        final String[] kinds = {"join", "leave", "crash"};
        for (int k = 0; k < kinds.length; k++)
        {
            final JsonNode kind = churn.get(kinds[k]);
            assertEquals(expected[k], kind.get("changes").asInt(), kinds[k]);
            assertEquals(0, kind.get("never_known").asInt(), doc::toString);
            assertEquals(expected[k], kind.get("known_everywhere_ms").get("count").asInt(), doc::toString);
            assertTrue(kind.get("bound_ms").asDouble() > 0, doc::toString);
        }
        assertTrue(churn.get("crash").get("bound_ms").asDouble() > churn.get("leave").get("bound_ms").asDouble(),
            "a crash's bound adds the suspicion timeout");
        assertEquals(0, churn.get("false_positives").asInt(), doc::toString);
        assertTrue(churn.get("drops_by_reason").get("to_a_stopped_node").asLong() > 0, doc::toString);
        final JsonNode pacing = doc.get("pacing");
        for (final String name : new String[] {"push_pulls_started", "push_pulls_on_digest", "reconnect_attempts",
            "push_pulls_deferred", "gossip_rounds_deferred"})
        {
            assertTrue(pacing.has(name), name + " in " + pacing);
        }
        assertTrue(pacing.get("push_pulls_started").asLong() > 0, pacing::toString);
        assertTrue(out.toString().contains("pacing: gossip_rounds_deferred "), out::toString);
        assertTrue(out.toString().contains("late joins: 5 joiners"), out::toString);
        assertTrue(out.toString().contains("crash: 4 changes"), out::toString);
        assertNothingLeft(doc);
    }

    @Test
    void lateJoinersNotKnownWithinTheTimeoutFailTheRun(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("late.json").toFile();
        final int exit = run("emulate", "--nodes", "10", "--period-ms", "100", "--duration", "0", "--seed", "2",
            "--progress", "off", "--late-joins", "3", "--late-join-timeout-s", "0.001", "--json", json.getPath());
        assertEquals(StarlingMain.EXIT_FAILURE, exit, () -> out + "\n" + err);
        final JsonNode doc = new ObjectMapper().readTree(json);
        assertFalse(doc.get("ok").asBoolean(), doc::toString);
        assertTrue(doc.get("failure").asText().contains("late joiners"), doc::toString);
        final JsonNode late = doc.get("late_joins");
        assertTrue(late.get("never_known").asInt() > 0, doc::toString);
        assertEquals(late.get("never_known").asInt(), late.get("never_known_detail").size(), doc::toString);
        assertTrue(late.get("never_known_detail").get(0).get("member_id").asInt() > 10, "a held node's id");
        assertNothingLeft(doc);
    }

    @Test
    void defaultsFollowThePeriod()
    {
        final EmulateCommand cmd = new EmulateCommand();
        new CommandLine(cmd).parseArgs("--nodes", "100", "--period-ms", "200", "--jvm-opts", "-Xmx256m -XX:+UseSerialGC");
        final EmulateOptions.Settings s = cmd.options.settings();
        assertEquals(0.6, s.warmupS(), 1e-9);
        assertEquals(1.5 + 60 + 24 + 6 * 3, s.convergeTimeoutS(), 1e-9);
        assertEquals(1500, s.startSpreadMs());
        assertTrue(s.detectTimeoutS() > 6 * 4 * 2 * 0.2, () -> "detect timeout " + s.detectTimeoutS());
        assertEquals(java.util.List.of("-Xmx256m", "-XX:+UseSerialGC"), s.jvmOptions());
        assertEquals(100_000_000L, EmulateHost.protocolConfig(200).probeTimeoutNs());
        assertEquals(6_000_000_000L, EmulateHost.protocolConfig(200).pushPullIntervalNs());

        final EmulateCommand boot = new EmulateCommand();
        new CommandLine(boot).parseArgs("--nodes", "100", "--period-ms", "200", "--bootstrap");
        assertEquals(200, boot.options.settings().startSpreadMs(), "bootstrapped nodes start within one period");
        assertTrue(boot.options.settings().bootstrap());
    }

    @Test
    void theProcessesShareTheMachinesHostBudgets()
    {
        final EmulateCommand cmd = new EmulateCommand();
        new CommandLine(cmd).parseArgs("--nodes", "100", "--processes", "4");
        for (final HostPlan host : cmd.options.plan(cmd.options.settings(), cmd.options.lifecycleSettings()).hosts())
        {
            assertEquals(5_000, host.hostGossipMessagesPerSecond, "a quarter of the default 20,000");
            assertEquals(8L * 1024 * 1024, host.hostStateBytesPerSecond, "a quarter of the default 32 MiB");
            assertEquals(io.starling.engine.transport.AeronTransport.MTU_LENGTH_DEFAULT, host.mtuLengthBytes);
        }

        final EmulateCommand set = new EmulateCommand();
        new CommandLine(set).parseArgs("--nodes", "100", "--processes", "2", "--host-gossip-rate", "0",
            "--host-state-rate", "100000");
        for (final HostPlan host : set.options.plan(set.options.settings(), set.options.lifecycleSettings()).hosts())
        {
            assertEquals(0, host.hostGossipMessagesPerSecond, "0: no limit");
            assertEquals(EmulateOptions.MIN_STATE_SHARE, host.hostStateBytesPerSecond, "a share is at least 64 KiB");
        }
    }

    /**
     * With --bootstrap the main engine starts converged, and the victims' engine (a separate engine in the same
     * process) joins it through the seed; the kills are still detected everywhere.
     */
    @Test
    void bootstrappedRunStartsConvergedAndDetectsTheKills(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("boot.json").toFile();
        final int exit = run("emulate", "--nodes", "60", "--period-ms", "200", "--kill", "3", "--duration", "1",
            "--seed", "4", "--progress", "off", "--bootstrap", "--json", json.getPath());
        assertEquals(0, exit, () -> out + "\n" + err);
        final JsonNode doc = new ObjectMapper().readTree(json);
        assertTrue(doc.get("ok").asBoolean(), doc::toString);
        assertTrue(doc.get("converged").asBoolean(), doc::toString);
        assertEquals(0, doc.get("undetected").asInt(), doc::toString);
        assertNothingLeft(doc);
    }

    @Test
    void inProcessRunConvergesDetectsTheKillsAndLeavesNothingBehind(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("emulate.json").toFile();
        final int exit = run("emulate", "--nodes", "50", "--period-ms", "200", "--kill", "2", "--duration", "2",
            "--seed", "5", "--progress", "lines", "--json", json.getPath());
        assertEquals(0, exit, () -> out + "\n" + err);
        assertTrue(out.toString().contains("starling emulate: 50 nodes in 1 process"), out::toString);
        assertTrue(err.toString().contains("converging ["), err::toString);

        final JsonNode doc = new ObjectMapper().readTree(json);
        assertTrue(doc.get("ok").asBoolean(), doc::toString);
        assertEquals(50, doc.get("nodes").asInt());
        assertEquals(1, doc.get("processes").asInt());
        assertEquals(200, doc.get("period_ms").asInt());
        assertEquals(5, doc.get("seed").asLong());
        assertEquals(0.0, doc.get("loss").asDouble());
        assertTrue(doc.get("converged").asBoolean());
        assertTrue(doc.get("converge_ms").asDouble() > 0);
        assertEquals(2, doc.get("victims").size());
        assertEquals(0, doc.get("undetected").asInt());
        assertEquals(0, doc.get("false_positives").asInt(), doc::toString);
        assertTrue(doc.get("detect_first_ms").asDouble() > 0, doc::toString);
        assertTrue(doc.get("detect_first_ms").asDouble() <= doc.get("detect_all_ms").asDouble(), doc::toString);
        for (final String field : new String[] {"false_positives", "false_suspicions", "messages_per_node_per_s",
            "bytes_per_node_per_s", "cpu_cores", "rss_bytes", "duty_cycle_max_ns", "duty_cycle_p99_ns"})
        {
            assertTrue(doc.get(field).isNumber(), () -> field + " in " + doc);
        }
        assertTrue(doc.get("messages_per_node_per_s").asDouble() > 0);
        assertTrue(doc.get("bytes_per_node_per_s").asDouble() > doc.get("messages_per_node_per_s").asDouble());
        assertTrue(doc.get("rss_bytes").asLong() > 0);
        assertTrue(doc.get("probe_rtt_us").get("count").asLong() > 0);
        assertTrue(doc.get("probe_rtt_us").get("p50").asDouble() <= doc.get("probe_rtt_us").get("p99").asDouble());
        assertEquals(0, doc.get("errors").asLong(), doc::toString);
        assertTrue(doc.get("clean_shutdown").asBoolean(), doc::toString);
        assertNothingLeft(doc);
    }

    @Test
    void multiProcessRunConvergesAcrossChildJvmsThatAllExit(@TempDir final Path tmp) throws Exception
    {
        final File json = tmp.resolve("emulate.json").toFile();
        final int exit = run("emulate", "--nodes", "40", "--processes", "2", "--period-ms", "200", "--kill", "2",
            "--duration", "1", "--seed", "2", "--progress", "off",
            "--jvm-opts", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", "--json", json.getPath());
        assertEquals(0, exit, () -> out + "\n" + err);

        final JsonNode doc = new ObjectMapper().readTree(json);
        assertTrue(doc.get("ok").asBoolean(), doc::toString);
        assertEquals(2, doc.get("processes").asInt());
        assertTrue(doc.get("converged").asBoolean());
        assertEquals(0, doc.get("undetected").asInt());
        assertEquals(0, doc.get("false_positives").asInt(), doc::toString);
        assertEquals(2, doc.get("hosts").size());
        for (final JsonNode host : doc.get("hosts"))
        {
            final long pid = host.get("pid").asLong();
            assertNotEquals(ProcessHandle.current().pid(), pid);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " alive");
            assertEquals(20, host.get("nodes").asInt());
        }
        assertTrue(doc.get("clean_shutdown").asBoolean(), doc::toString);
        assertNothingLeft(doc);
    }

    private static void assertNothingLeft(final JsonNode doc)
    {
        assertTrue(doc.get("engine_directories").size() > 0, doc::toString);
        for (final JsonNode dir : doc.get("engine_directories"))
        {
            assertTrue(dir.asText().startsWith("/dev/shm/") || !new File("/dev/shm").isDirectory(), dir::asText);
            assertFalse(new File(dir.asText()).exists(), dir.asText() + " left behind");
        }
    }
}

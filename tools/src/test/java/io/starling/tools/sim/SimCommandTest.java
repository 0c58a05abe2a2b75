package io.starling.tools.sim;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimCommandTest extends CliTestSupport
{
    @TempDir
    Path dir;

    private JsonNode runJson(final String name, final String... args) throws Exception
    {
        final Path json = dir.resolve(name);
        final String[] full = new String[args.length + 3];
        full[0] = "sim";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--json";
        full[args.length + 2] = json.toString();
        assertEquals(0, run(full), err.toString());
        return new ObjectMapper().readTree(Files.readString(json));
    }

    @Test
    void shouldRunAScenarioAndWriteEveryField() throws Exception
    {
        final JsonNode r = runJson("run.json",
            "--nodes", "20", "--seed", "3", "--periods", "12", "--warmup-periods", "2", "--kill", "2",
            "--kill-at", "1", "--loss", "0.01", "--latency-ms", "1-3", "--partition", "50/50@1+3",
            "--pause", "1:300@1", "--random-probes", "--no-lifeguard");

        assertEquals(20, r.get("nodes").asInt());
        assertEquals(3, r.get("seed").asLong());
        assertEquals(12.0, r.get("periods").asDouble());
        assertFalse(r.get("lifeguard").asBoolean());
        assertTrue(r.get("random_probes").asBoolean());
        assertEquals("seed", r.get("join_mode").asText());
        for (final String field : new String[] {"wall_ms", "node_periods_per_s", "heap_used_bytes",
            "converge_periods", "detect_first_periods_theory", "detect_all_periods_theory", "false_positives",
            "false_suspicions", "false_suspicions_refuted", "messages_per_node_per_period",
            "messages_per_node_per_period_theory", "bytes_per_node_per_period", "dissemination_rounds_theory",
            "trace_hash", "drops", "counters"})
        {
            assertTrue(r.has(field), field);
        }
        assertTrue(r.has("dissemination_rounds"));
        assertTrue(r.has("detect_all_periods"));
        final JsonNode first = r.get("detect_first_periods");
        assertTrue(first.has("mean") && first.has("p50") && first.has("p99"));
        assertEquals(Math.E / (Math.E - 1), r.get("detect_first_periods_theory").asDouble(), 0.05);
        assertTrue(r.get("heap_used_bytes").asLong() > 0);
        assertTrue(r.get("converge_periods").isNumber(), "20 nodes converge through the seed");
        assertTrue(r.get("drops").get("partition").asLong() > 0, "the partition dropped frames");
        assertTrue(out.toString().startsWith("starling sim: 20 nodes, seed 3"), out.toString());
    }

    @Test
    void shouldMeasurePropagationOfEveryUpdateAndDetectionOfEveryKill() throws Exception
    {
        final Path prefix = dir.resolve("hgrm").resolve("n30");
        final JsonNode r = runJson("prop.json", "--nodes", "30", "--seed", "5", "--periods", "45",
            "--warmup-periods", "2", "--updates", "6", "--update-spacing-periods", "2", "--kill", "3",
            "--kill-at", "13", "--hgrm", prefix.toString());

        assertEquals(6, r.get("updates").asInt());
        assertEquals(0, r.get("propagation_incomplete").asInt());
        final JsonNode periods = r.get("propagation_periods");
        assertEquals(6, periods.get("count").asInt());
        assertTrue(periods.get("p50").asDouble() > 0);
        assertTrue(periods.get("p50").asDouble() <= periods.get("p99").asDouble());
        assertTrue(periods.get("p99").asDouble() <= periods.get("max").asDouble());
        assertEquals(periods.get("max").asDouble() * 5, r.get("propagation_rounds").get("max").asDouble(), 1e-9,
            "five gossip rounds per period");
        assertTrue(r.get("propagation_rounds_theory").asDouble() > 0);

        final JsonNode p = r.get("propagation");
        assertEquals("propagation", p.get("kind").asText());
        final JsonNode curve = p.get("informed_fraction_by_round");
        final JsonNode theory = p.get("informed_fraction_by_round_theory");
        assertEquals(curve.size(), theory.size());
        assertEquals(curve.size(), p.get("informed_fraction_by_round_theory_async").size());
        assertTrue(r.get("propagation_rounds_theory_async").asDouble() < r.get("propagation_rounds_theory").asDouble(),
            "unsynchronised timers spread faster than synchronous rounds");
        assertEquals(0.0, r.get("start_jitter_ms").asDouble());
        assertEquals(1.0 / 30, curve.get(0).asDouble(), 1e-9, "only the updating node at round 0");
        assertEquals(1.0, curve.get(curve.size() - 1).asDouble(), 1e-9, "everyone by the last round");
        for (int i = 1; i < curve.size(); i++)
        {
            assertTrue(curve.get(i).asDouble() >= curve.get(i - 1).asDouble(), "monotone at " + i);
        }

        final JsonNode d = r.get("detection");
        assertEquals(3, d.get("killed").asInt());
        for (final String key : new String[] {"first_suspicion_ms", "first_death_ms", "all_informed_ms"})
        {
            assertEquals(3, d.get(key).get("count").asInt(), key);
        }
        assertTrue(d.get("first_suspicion_ms").get("max").asDouble() <= d.get("first_death_ms").get("max").asDouble());
        assertTrue(d.get("first_death_ms").get("max").asDouble() <= d.get("all_informed_ms").get("max").asDouble());

        for (final String what : new String[] {"propagation", "detect-suspect", "detect-dead", "detect-all"})
        {
            final Path hgrm = dir.resolve("hgrm").resolve("n30-" + what + ".hgrm");
            assertTrue(Files.readString(hgrm).contains("Percentile"), what);
            final JsonNode side = new ObjectMapper().readTree(dir.resolve("hgrm").resolve("n30-" + what + ".json").toFile());
            assertEquals("distribution", side.get("kind").asText());
            assertEquals("ms", side.get("histogram_unit").asText());
        }
        assertTrue(out.toString().contains("propagation of 6 updates"), out.toString());
    }

    @Test
    void shouldReproduceARunFromItsSeed() throws Exception
    {
        final String[] args = {"--nodes", "16", "--periods", "8", "--warmup-periods", "1", "--kill", "1",
            "--loss", "0.05", "--latency-ms", "lognormal:1,0.5,10"};
        final String a = runJson("a.json", concat(args, "--seed", "11")).get("trace_hash").asText();
        final String b = runJson("b.json", concat(args, "--seed", "11")).get("trace_hash").asText();
        final String c = runJson("c.json", concat(args, "--seed", "12")).get("trace_hash").asText();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void shouldRejectBadFlagsWithOneLineNamingTheFlag()
    {
        final String[][] cases = {
            {"--nodes", "0"}, {"--loss", "2"}, {"--kill", "5", "--nodes", "5"}, {"--partition", "1.2"},
            {"--partition", "50/0"}, {"--pause", "3"}, {"--pause", "0:100"}, {"--latency-ms", "5-1"},
            {"--latency-ms", "lognormal:1,2"}, {"--join", "foo"}, {"--periods", "-1"}, {"--period-ms", "0"},
            {"--warmup-periods", "-1"}, {"--kill-at", "-2"}, {"--start-jitter-ms", "-1"},
            {"--join-timeout-periods", "-1"}, {"--nodes", "abc"}, {"--pause", "30:100", "--nodes", "10"},
            {"--updates", "-1"}, {"--update-spacing-periods", "0"}, {"--update-spacing-periods", "NaN"},
            {"--updates", "30", "--periods", "10"}, {"--hgrm", " "}, {"--processes", "10,5", "--nodes", "20"},
            {"--processes", "15,x", "--nodes", "20"}, {"--processes", "20,0", "--nodes", "20"}, {"--processes", ""}};
        for (final String[] c : cases)
        {
            err.getBuffer().setLength(0);
            final String[] args = concat(new String[] {"sim"}, c);
            assertEquals(StarlingMain.EXIT_USAGE, run(args), String.join(" ", args));
            final String firstLine = err.toString().split("\\R")[0];
            assertTrue(firstLine.contains(c[0]), firstLine + " should name " + c[0]);
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
    }

    @Test
    void shouldJoinNodesPlacedInProcesses()
    {
        assertEquals(0, run("sim", "--nodes", "20", "--processes", "12,8", "--kill", "2", "--periods", "20"),
            err::toString);
        assertTrue(out.toString().contains("processes: [12, 8]"), out.toString());
        assertFalse(out.toString().contains("converge: n/a"), out.toString());
    }

    @Test
    void shouldRejectUnknownFlags()
    {
        assertEquals(StarlingMain.EXIT_USAGE, run("sim", "--bogus"));
        assertTrue(err.toString().contains("--bogus"));
    }

    @Test
    void shouldPrintHelp()
    {
        assertEquals(0, run("sim", "--help"));
        for (final String flag : new String[] {"--nodes", "--seed", "--loss", "--kill", "--partition", "--pause",
            "--periods", "--latency-ms", "--no-lifeguard", "--random-probes", "--json", "--processes"})
        {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] result = new String[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}

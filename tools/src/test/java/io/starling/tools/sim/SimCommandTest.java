package io.starling.tools.sim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cmd = StarlingMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

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
            {"--join-timeout-periods", "-1"}, {"--nodes", "abc"}, {"--pause", "30:100", "--nodes", "10"}};
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
            "--periods", "--latency-ms", "--no-lifeguard", "--random-probes", "--json"})
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

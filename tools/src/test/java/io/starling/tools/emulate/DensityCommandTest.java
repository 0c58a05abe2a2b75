package io.starling.tools.emulate;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityCommandTest extends CliTestSupport
{
    @TempDir
    Path tmp;

    @Test
    void badFlagsAreOneLineNamingTheFlagAndExitTwo() throws IOException
    {
        assertRejected("--idle", "density", "--nodes", "100", "--idle", "nap");
        assertRejected("--nodes", "density", "--nodes", "100,abc");
        assertRejected("--nodes", "density", "--nodes", "100,,500");
        assertRejected("--nodes", "density", "--nodes", "1");
        assertRejected("--nodes", "density", "--nodes", "2000000");
        assertRejected("--period-ms", "density", "--nodes", "100", "--period-ms", "5");
        assertRejected("--duration", "density", "--nodes", "100", "--duration", "-2");
        assertRejected("--append", "density", "--nodes", "100", "--append");
        assertRejected("--reuse", "density", "--nodes", "100", "--reuse");
        assertRejected("--jvm-opts", "density", "--nodes", "100", "--jvm-opts", "Xmx1g");
        assertRejected("--emulate-args", "density", "--nodes", "100", "--emulate-args", "--nodes 5");
        assertRejected("--emulate-args", "density", "--nodes", "100", "--emulate-args", "loss");

        final File notASweep = tmp.resolve("other.json").toFile();
        Files.writeString(notASweep.toPath(), "{\"nodes\": 5}");
        assertRejected("--json", "density", "--nodes", "100", "--json", notASweep.getPath(), "--append");
        Files.writeString(notASweep.toPath(), "{not json");
        assertRejected("--json", "density", "--nodes", "100", "--json", notASweep.getPath(), "--append");

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("density"), err::toString);
        assertTrue(err.toString().contains("--nodes"), err::toString);
    }

    @Test
    void sizesAreSortedDistinctAndWindowsCoverThePushPullInterval()
    {
        assertEquals(List.of(100, 500, 10_000), DensityCommand.parseNodes("10_000, 500,100,500"));
        // Push-pull every 30 periods, times ceil(log2 N - 5) + 1 above 32 nodes: 3 at 100, 10 at 10,000.
        assertEquals(99.0, DensityCommand.defaultWindowS(1000, 100));
        assertEquals(330.0, DensityCommand.defaultWindowS(1000, 10_000));
        assertEquals(50_000_000L, DensityCommand.dutyBudgetNs(1000));
    }

    private static Map<String, Object> emulateResult(final long dutyP99Ns, final long falsePositives)
    {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("converge_ms", 12_345.0);
        r.put("window_s", 99.5);
        r.put("cpu_cores", 0.5);
        r.put("agent_cpu_cores", 0.4);
        r.put("rss_bytes", 1_000_000_000L);
        r.put("messages_per_node_per_s", 2.5);
        r.put("bytes_per_node_per_s", 700.0);
        r.put("duty_cycle_p50_ns", 30_000L);
        r.put("duty_cycle_p99_ns", dutyP99Ns);
        r.put("duty_cycle_p999_ns", dutyP99Ns * 2);
        r.put("duty_cycle_window_max_ns", dutyP99Ns * 3);
        r.put("false_positives", falsePositives);
        r.put("false_suspicions", 3L);
        return r;
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsJudgeTheBudgetAndTheTarget()
    {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("period_ms", 1000L);
        doc.put("duty_p99_budget_ns", DensityCommand.dutyBudgetNs(1000));
        doc.put("rows", new java.util.ArrayList<>());

        final Map<String, Object> small = new LinkedHashMap<>(Map.of("nodes", 5000));
        DensityCommand.derive(small, emulateResult(49_000_000L, 0), 5000, 1000);
        assertEquals(true, small.get("meets_budget"));
        assertEquals(100.0, (Double)small.get("cpu_us_per_node_s"), 1e-9);
        assertEquals(200_000.0, (Double)small.get("rss_per_node_bytes"), 1e-9);

        final Map<String, Object> large = new LinkedHashMap<>(Map.of("nodes", 10_000));
        DensityCommand.derive(large, emulateResult(50_000_000L, 0), 10_000, 1000);
        assertEquals(false, large.get("duty_p99_within_budget"), "p99 must be under the budget, not at it");
        assertEquals(false, large.get("meets_budget"));

        ((List<Object>)doc.get("rows")).add(small);
        ((List<Object>)doc.get("rows")).add(large);
        DensityCommand.summarize(doc, 1000);
        assertEquals(5000, doc.get("largest_nodes_within_budget"));
        assertEquals(false, ((Map<String, Object>)doc.get("target")).get("met"));
        final String table = DensityCommand.table(doc);
        assertTrue(table.contains("largest N within the budget: 5000"), table);
        assertTrue(table.contains("NOT met"), table);

        DensityCommand.derive(large, emulateResult(1_000_000L, 1), 10_000, 1000);
        assertEquals(false, large.get("meets_budget"), "a false positive fails the row");
        DensityCommand.derive(large, emulateResult(1_000_000L, 0), 10_000, 1000);
        DensityCommand.summarize(doc, 1000);
        assertEquals(10_000, doc.get("largest_nodes_within_budget"));
        assertEquals(true, ((Map<String, Object>)doc.get("target")).get("met"));
    }

    @Test
    void sweepRunsEachSizeInAChildJvmAndAppends() throws IOException
    {
        final File json = tmp.resolve("sweep.json").toFile();
        assertEquals(0, run("density", "--nodes", "6", "--duration", "1", "--json", json.getPath(),
            "--jvm-opts", "-Xmx256m"), err::toString);
        assertTrue(out.toString().contains("largest N within the budget"), out::toString);
        assertTrue(tmp.resolve("density-6.json").toFile().isFile(), "the run's own document");
        assertEquals(0, run("density", "--nodes", "4", "--duration", "1", "--json", json.getPath(), "--append",
            "--jvm-opts", "-Xmx256m"), err::toString);

        // Rebuilding the series from the runs on disk runs nothing and keeps each row's run facts.
        final String runs = Files.readString(tmp.resolve("density-4.json")) +
            Files.readString(tmp.resolve("density-6.json"));
        assertEquals(0, run("density", "--nodes", "4,6", "--json", json.getPath(), "--append", "--reuse"),
            err::toString);
        assertEquals(runs, Files.readString(tmp.resolve("density-4.json")) +
            Files.readString(tmp.resolve("density-6.json")), "--reuse ran an emulation again");

        final JsonNode doc = new ObjectMapper().readTree(json);
        assertEquals(DensityCommand.KIND, doc.get("kind").asText());
        assertEquals(3, doc.get("commands").size());
        assertTrue(doc.get("commands").get(0).asText().startsWith("starling density --nodes 6 "),
            () -> doc.get("commands").toString());
        assertEquals(2, doc.get("rows").size());
        assertEquals(4, doc.get("rows").get(0).get("nodes").asInt(), "rows sorted by N");
        for (final JsonNode row : doc.get("rows"))
        {
            assertTrue(row.get("converged").asBoolean(), row::toString);
            assertTrue(row.get("rss_bytes").asLong() > 0, row::toString);
            assertTrue(row.get("cpu_cores").isNumber(), row::toString);
            assertFalse(row.get("load_before").isNull(), row::toString);
            assertTrue(row.get("rss_end_bytes").asLong() > 0, row::toString);
            assertNull(row.get("failure"), row::toString);
        }
        assertTrue(doc.get("machine").get("nproc").asInt() > 0);
    }
}

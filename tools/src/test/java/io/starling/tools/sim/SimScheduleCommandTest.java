package io.starling.tools.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.starling.tools.CliTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code starling sim --schedule} and {@code starling emulate --schedule}: a plan drives a run, and a bad plan or
 * flag is refused on one line naming it.
 */
class SimScheduleCommandTest extends CliTestSupport
{
    @TempDir
    Path dir;

    @Test
    void aScheduleDrivesASimulatorRun() throws Exception
    {
        // nodes 1 and 2 linked for the first 5 s of the scenario, node 3 linked to 1 throughout
        final Path plan = dir.resolve("plan.csv");
        Files.write(plan, List.of("start_s,stop_s,from,to,latency_ms,loss", "0,5,1,2,10,0", "0,5,2,1,10,0",
            "0,60,1,3,10,0", "0,60,3,1,10,0"));
        final Path json = dir.resolve("run.json");
        assertEquals(0, run("sim", "--nodes", "3", "--schedule", plan.toString(), "--periods", "20",
            "--sample-s", "1", "--json", json.toString()), err::toString);
        final String doc = Files.readString(json);
        assertTrue(doc.contains("\"schedule_nodes\" : 3"), doc);
        assertTrue(out.toString().contains("schedule " + plan), out::toString);
        final com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(doc);
        assertTrue(r.path("drops").path("partition").asLong() > 0, "frames to node 2 dropped after its window");
        assertTrue(r.path("schedule").path("out_of_contact_pair_fraction").asDouble() > 0.3, doc);
    }

    @Test
    void emulateFeedsTheSchedulesAbsenceToTheEnginesApi() throws Exception
    {
        // node 3 linked to node 1 for the first 2 s only, then out of contact for the rest of the plan
        final Path plan = dir.resolve("plan.csv");
        Files.write(plan, List.of("start_s,stop_s,from,to,latency_ms,loss", "0,600,1,2,1,0", "0,2,1,3,1,0"));
        final Path json = dir.resolve("emulate.json");
        assertEquals(0, run("emulate", "--nodes", "3", "--bootstrap", "--schedule", plan.toString(),
            "--expected-absence", "--duration", "20", "--progress", "off", "--json", json.toString()), err::toString);
        final com.fasterxml.jackson.databind.JsonNode r =
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(json));
        assertTrue(r.path("expected_absence").asBoolean(), r::toString);
        assertEquals(0, r.path("false_positives").asLong(), "node 3 is out of contact, not dead: " + r);
        assertRejected("--expected-absence", "emulate", "--nodes", "3", "--expected-absence");
    }

    @Test
    void badPlansAndFlagsAreRefusedOnOneLine() throws Exception
    {
        final Path bad = dir.resolve("bad.csv");
        Files.write(bad, List.of("0,5,1,2,10,0", "0,5,2,1,ten,0"));
        assertRejected("bad.csv:2: field latency_ms", "sim", "--nodes", "3", "--schedule", bad.toString());
        assertRejected("--schedule", "sim", "--nodes", "3", "--schedule", dir.resolve("missing.csv").toString());
        final Path plan = dir.resolve("plan.csv");
        Files.write(plan, List.of("0,5,1,2,10,0", "0,5,2,3,10,0"));
        assertRejected("--nodes", "sim", "--nodes", "2", "--schedule", plan.toString());
        assertRejected("--sample-s", "sim", "--nodes", "3", "--schedule", plan.toString(), "--sample-s", "0");
        assertRejected("bad.csv:2: field latency_ms", "emulate", "--nodes", "3", "--schedule", bad.toString());
        assertRejected("--nodes", "emulate", "--nodes", "2", "--schedule", plan.toString());
    }
}

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
    void emulateSamplesAccuracyAgainstTheScheduleAndAbsenceRaisesTheApiFigure() throws Exception
    {
        // nodes 1 and 2 always linked; node 3 linked to both for 2 s of every 4 (out of contact half the time)
        final List<String> lines = new java.util.ArrayList<>(List.of("start_s,stop_s,from,to,latency_ms,loss",
            "0,600,1,2,1,0", "0,600,2,1,1,0"));
        for (int t = 0; t < 600; t += 4)
        {
            for (final String pair : new String[]{ "1,3", "3,1", "2,3", "3,2" })
            {
                lines.add(t + "," + (t + 2) + "," + pair + ",1,0");
            }
        }
        final Path plan = dir.resolve("half.csv");
        Files.write(plan, lines);
        final com.fasterxml.jackson.databind.JsonNode without = emulate(plan, "without.json");
        final com.fasterxml.jackson.databind.JsonNode with = emulate(plan, "with.json", "--expected-absence");
        for (final com.fasterxml.jackson.databind.JsonNode r : List.of(without, with))
        {
            final com.fasterxml.jackson.databind.JsonNode s = r.path("schedule");
            assertEquals(3, s.path("observers").asInt(), r::toString);
            final int samples = s.path("samples").asInt();
            assertTrue(samples > 0, r::toString);
            assertTrue(s.path("observer_samples").asLong() > 0, r::toString);
            for (final String f : List.of("accuracy_strict", "accuracy_strict_member_windows", "accuracy_lenient",
                "out_of_contact_pair_fraction"))
            {
                assertTrue(s.path(f).isNumber() && s.path(f).asDouble() >= 0 && s.path(f).asDouble() <= 1, f + r);
            }
            // two of the three pairs of node 3 are out of contact half the time: neither never nor always
            assertTrue(s.path("out_of_contact_pair_fraction").asDouble() > 0, r::toString);
            assertTrue(s.path("out_of_contact_pair_fraction").asDouble() < 1, r::toString);
            assertTrue(s.path("false_dead_pair_samples_out_of_contact").isIntegralNumber(), r::toString);
            assertTrue(s.path("window").path("observer_samples").asLong() > 0, r::toString);
            for (final String column : List.of("time_s", "accuracy_strict", "accuracy_lenient",
                "accuracy_strict_member_windows", "out_of_contact_fraction", "false_dead_out_of_contact", "links_up"))
            {
                assertEquals(samples, s.path("series").path(column).size(), column + r);
            }
        }
        assertTrue(out.toString().contains("accuracy ("), out::toString);
        // Without absence an out-of-contact member is never shown OUT_OF_CONTACT: every view is wrong, API-wise,
        // while node 3 is cut off; with it nodes 1 and 2 show it out of contact.
        assertEquals(0.0, without.path("schedule").path("out_of_contact_shown_fraction").asDouble(), without::toString);
        assertTrue(with.path("schedule").path("out_of_contact_shown_fraction").asDouble() > 0, with::toString);
        assertTrue(with.path("schedule").path("accuracy_strict_member_windows").asDouble() >
            without.path("schedule").path("accuracy_strict_member_windows").asDouble(), () -> with + "\n" + without);
    }

    private com.fasterxml.jackson.databind.JsonNode emulate(final Path plan, final String name, final String... more)
        throws Exception
    {
        final Path json = dir.resolve(name);
        final List<String> args = new java.util.ArrayList<>(List.of("emulate", "--nodes", "3", "--bootstrap",
            "--period-ms", "200", "--schedule", plan.toString(), "--sample-s", "0.25", "--duration", "8",
            "--max-false-positives", "3", "--progress", "off", "--json", json.toString()));
        args.addAll(List.of(more));
        assertEquals(0, run(args.toArray(new String[0])), () -> out + "\n" + err);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(json));
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
        // more nodes than the plan: the extra ones would be outside the schedule, always connected
        assertRejected("--nodes", "sim", "--nodes", "4", "--schedule", plan.toString());
        assertRejected("--nodes", "emulate", "--nodes", "4", "--schedule", plan.toString());
        assertRejected("--nodes", "emulate", "--duration", "1");
        assertRejected("--sample-s", "emulate", "--nodes", "3", "--schedule", plan.toString(), "--sample-s", "-1");
        assertRejected("--sample-observers", "emulate", "--nodes", "3", "--schedule", plan.toString(),
            "--sample-observers", "-1");
    }
}

package io.starling.tools.report;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link-schedule section of a report, from a with/without expected-absence pair of {@code starling sim
 * --schedule} runs of one cluster size: one page, accuracy, contact and detection plotted for both, and a
 * {@code starling emulate --schedule} run in the real-time table.
 */
class ConstellationReportTest
{
    @TempDir
    Path dir;

    @BeforeAll
    static void headless()
    {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void aWithAndWithoutPairOfOneSizeOnOnePage() throws Exception
    {
        // node 4 linked to node 1 for the first 20 s, away until 60 s, then back; a crash at 5 periods
        final Path plan = dir.resolve("plan.csv");
        final List<String> lines = new java.util.ArrayList<>(List.of("start_s,stop_s,from,to,latency_ms,loss"));
        for (final String link : List.of("0,600,1,2", "0,600,1,3", "0,20,1,4", "60,600,1,4", "0,600,2,3"))
        {
            final String[] f = link.split(",");
            lines.add(link + ",1,0");
            lines.add(f[0] + "," + f[1] + "," + f[3] + "," + f[2] + ",1,0"); // links are directed: both ways
        }
        Files.write(plan, lines);
        final Path in = Files.createDirectory(dir.resolve("in"));
        for (final String mode : List.of("without", "with"))
        {
            final List<String> args = new java.util.ArrayList<>(List.of("sim", "--nodes", "4", "--schedule",
                plan.toString(), "--periods", "90", "--join", "preconverged", "--kill", "1", "--kill-at", "5",
                "--sample-s", "1", "--json",
                in.resolve("sim-4-" + mode + ".json").toString()));
            if ("with".equals(mode))
            {
                args.add("--expected-absence");
            }
            final ReportCommandTest.Result r = ReportCommandTest.run(args.toArray(new String[0]));
            assertEquals(0, r.status(), r.err());
        }
        // the fields of a starling emulate --schedule --json document the report reads
        Files.writeString(in.resolve("emulate-4-with.json"), "{\"nodes\": 4, \"kill\": 1, \"converged\": true, " +
            "\"false_positives\": 0, \"false_positive_events\": 0, \"false_suspicions\": 2, " +
            "\"messages_per_node_per_s\": 1.5, \"undetected\": 0, \"detect_first_ms\": 1200.5, \"window_s\": 10, " +
            "\"cpu_cores\": 0.01, \"failure\": null, \"converge_fraction\": 0.99, \"schedule_file\": \"plan.csv\", " +
            "\"expected_absence\": true}");
        final File out = dir.resolve("out").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            in.toString());
        assertEquals(0, r.status(), r.err());
        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        for (final String name : List.of("schedule-accuracy", "schedule-contact", "schedule-detection"))
        {
            assertTrue(new File(out, name + ".png").length() > 0, name);
            assertTrue(index.contains("src=\"" + name + ".png\""), "index lacks " + name);
        }
        assertTrue(index.contains("sim-4-with") && index.contains("sim-4-without"), "both runs in the table");
        assertTrue(index.contains("Real time (starling emulate --schedule)") && index.contains("emulate-4-with"),
            "the real-time run beside them");
    }

    @Test
    void aRealTimeRunWithAccuracyGetsTheAccuracyPlotsAndFigures() throws Exception
    {
        // the accuracy part of a starling emulate --schedule --json document (AccuracySampler), alone on a page
        final Path in = Files.createDirectory(dir.resolve("rt"));
        Files.writeString(in.resolve("emulate-3-with.json"), "{\"nodes\": 3, \"kill\": 0, \"converged\": true, " +
            "\"false_positives\": 0, \"false_positive_events\": 0, \"false_suspicions\": 2, " +
            "\"messages_per_node_per_s\": 1.5, \"undetected\": 0, \"window_s\": 10, \"cpu_cores\": 0.01, " +
            "\"failure\": null, \"converge_fraction\": 1, \"schedule_file\": \"plan.csv\", " +
            "\"expected_absence\": true, \"schedule\": {\"observers\": 3, \"accuracy_strict\": 0.8125, " +
            "\"accuracy_strict_member_windows\": 0.6875, \"accuracy_lenient\": 0.9375, " +
            "\"false_dead_pair_samples_out_of_contact\": 7, \"false_dead_pair_samples_in_contact\": 0, " +
            "\"series\": {\"time_s\": [1, 2, 3], \"accuracy_strict\": [1, 0.5, 1], " +
            "\"accuracy_lenient\": [1, 1, 1], \"out_of_contact_fraction\": [0, 0.3, 0], " +
            "\"false_dead_out_of_contact\": [0, 7, 0], \"links_up\": [6, 4, 6]}}}");
        final File out = dir.resolve("rt-out").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            in.toString());
        assertEquals(0, r.status(), r.err());
        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        for (final String name : List.of("schedule-accuracy", "schedule-contact", "schedule-links",
            "schedule-false-deaths"))
        {
            assertTrue(new File(out, name + ".png").length() > 0, name);
            assertTrue(index.contains("src=\"" + name + ".png\""), "index lacks " + name);
        }
        assertTrue(index.contains("<td>0.8125</td><td>0.6875</td><td>0.9375</td><td>7</td><td>0</td>"),
            "the real-time table has the accuracy figures: " + index);
    }
}

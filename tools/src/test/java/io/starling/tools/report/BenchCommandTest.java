package io.starling.tools.report;

import java.nio.file.Path;

import io.starling.tools.StarlingMain;
import io.starling.tools.bench.BenchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code starling bench} (kept beside the report tests: both are the bench issue's commands).
 */
class BenchCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void dryRunPrintsTheJmhCommandWithJsonOutput()
    {
        final var r = ReportCommandTest.run("bench", "--dry-run", "--quick", "--include", "Merge.*",
            "--json-dir", tmp.toString(), "--prof", "gc", "--scenarios", "--", "-foe", "true");
        assertEquals(0, r.status(), r.err());
        final String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        final String jmh = lines[0];
        assertTrue(jmh.contains("--add-opens java.base/jdk.internal.misc=ALL-UNNAMED " +
            "-Dsbe.enable.precedence.checks=false -jar " +
            BenchCommand.DEFAULT_JAR + " Merge.*"), jmh);
        assertTrue(jmh.contains(String.join(" ", BenchCommand.QUICK_JMH_ARGS)), jmh);
        assertTrue(jmh.contains("-prof gc"), jmh);
        assertTrue(jmh.matches(".* -rf json -rff " + java.util.regex.Pattern.quote(tmp.toString()) +
            "/jmh-\\d{8}-\\d{6}\\.json -foe true$"), jmh);
        assertTrue(lines[1].contains("io.starling.bench.scenario.ScenarioMain --out " + tmp), lines[1]);
    }

    @Test
    void runsEveryBenchmarkByDefault()
    {
        final var r = ReportCommandTest.run("bench", "--dry-run");
        assertTrue(r.out().contains(" io\\.starling\\.bench\\..* -rf json -rff bench/results/jmh-"), r.out());
    }

    @Test
    void aMissingJarIsAOneLineError()
    {
        final var r = ReportCommandTest.run("bench", "--jar", tmp.resolve("none.jar").toString(),
            "--json-dir", tmp.toString());
        assertEquals(StarlingMain.EXIT_USAGE, r.status());
        assertTrue(r.err().startsWith("starling bench: --jar"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aBadRegexNamesTheFlag()
    {
        final var r = ReportCommandTest.run("bench", "--dry-run", "--include", "(unclosed");
        assertEquals(StarlingMain.EXIT_USAGE, r.status());
        assertTrue(r.err().contains("--include '(unclosed'"), r.err());
    }
}

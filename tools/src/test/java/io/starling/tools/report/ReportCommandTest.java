package io.starling.tools.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest
{
    private static File fixtures;

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() throws URISyntaxException
    {
        System.setProperty("java.awt.headless", "true");
        fixtures = new File(ReportCommandTest.class.getResource("/report").toURI());
    }

    @Test
    void plotsEveryKindOfResultAndIndexesThem() throws IOException
    {
        final File out = tmp.resolve("out").toFile();
        final Result r = run("report", "--out", out.getPath(), fixtures.getPath());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("-> "), r.out);

        final List<String> expected = List.of(
            "latency-aeron-rtt-density", "openloop-density-1000",
            "convergence-sim-n100-infected_by_round", "convergence-sim-n1000-infected_by_round",
            "theory-converge_periods", "theory-detect_first_periods", "theory-dissemination_rounds",
            "jmh-jmh-quick-ns-op", "openloop-by-rate-density");
        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        for (final String name : expected)
        {
            final File png = new File(out, name + ".png");
            assertTrue(png.isFile(), "missing " + png);
            final BufferedImage image = ImageIO.read(png);
            assertNotNull(image, png + " is not an image");
            // Open-loop panels (one per rate, Starling against raw) are narrower, two to a row.
            assertEquals(name.startsWith("openloop-density-") ? Charts.WIDTH / 2 + 60 : Charts.WIDTH, image.getWidth());
            assertFalse(isBlank(image), png + " is blank");
            final String svg = Files.readString(new File(out, name + ".svg").toPath(), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg"), name + ".svg is not SVG");
            assertTrue(index.contains("src=\"" + name + ".png\""), "index lacks " + name);
        }

        // Starling fixture = raw x 1.5 at every percentile.
        assertTrue(index.contains("ratio per percentile"), "ratio table");
        assertTrue(index.contains("<td>1.50×</td>"), "ratio values");
        // Open-loop summaries: where each subject saturates.
        assertTrue(index.contains("highest sustained rate"), "saturation table");
        assertTrue(index.matches("(?s).*<td class=\"l\">starling</td><td class=\"l\">density</td><td>[0-9,]+</td>.*"),
            "starling saturation row");
        // Theory beside measurement.
        assertTrue(index.contains("converge_periods"));
        assertTrue(index.contains("2 cores") || index.contains("Machine: 2 cores") || index.contains("Machine:"));
        // JMH table.
        assertTrue(index.contains("MergeBenchmark.mergeFresh"));
        assertTrue(index.contains("alloc B/op"));
        assertTrue(index.matches("(?s).*mergeFresh</td><td class=\"l\">members=1000</td><td class=\"l\">avgt</td>" +
            "<td>[0-9.,]+</td><td>[0-9.,]+</td><td class=\"l\">ns/op</td><td>[0-9.]+</td>.*"), "allocation column");
    }

    @Test
    void pngOnlyWithNoSvg() throws IOException
    {
        final File out = tmp.resolve("png").toFile();
        final Result r = run("report", "--no-svg", "--out", out.getPath(),
            new File(fixtures, "aeron-rtt-raw-density.hgrm").getPath(),
            new File(fixtures, "aeron-rtt-starling-density.hgrm").getPath());
        assertEquals(0, r.status, r.err);
        assertTrue(new File(out, "latency-aeron-rtt-density.png").isFile());
        assertFalse(new File(out, "latency-aeron-rtt-density.svg").exists());
    }

    @Test
    void aMissingPathIsAOneLineError()
    {
        final Result r = run("report", "--out", tmp.toString(), tmp.resolve("nope.hgrm").toString());
        assertEquals(StarlingMain.EXIT_USAGE, r.status);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("no such file"), r.err);
    }

    @Test
    void aMalformedHistogramNamesTheFileAndLine() throws IOException
    {
        final Path bad = tmp.resolve("bad.hgrm");
        Files.writeString(bad, "       Value     Percentile TotalCount 1/(1-Percentile)\n\n  12.0 zero 1 1.0\n");
        final Result r = run("report", "--out", tmp.resolve("o").toString(), bad.toString());
        assertEquals(StarlingMain.EXIT_USAGE, r.status);
        assertTrue(r.err.contains("bad.hgrm:3"), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void aNamedJsonThatIsNoResultIsAnErrorButInADirectoryItIsSkipped() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("in"));
        final Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"hello\": 1}");
        Files.copy(new File(fixtures, "sim-n100.json").toPath(), dir.resolve("sim-n100.json"));

        final Result named = run("report", "--out", tmp.resolve("o1").toString(), other.toString());
        assertEquals(StarlingMain.EXIT_USAGE, named.status);
        assertTrue(named.err.contains("not a Starling result"), named.err);

        final Result scanned = run("report", "--out", tmp.resolve("o2").toString(), dir.toString());
        assertEquals(0, scanned.status, scanned.err);
        assertTrue(scanned.err.contains("skipping"), scanned.err);
    }

    @Test
    void invalidJsonIsAOneLineError() throws IOException
    {
        final Path bad = tmp.resolve("broken.json");
        Files.writeString(bad, "{\"nodes\": 10,\n \"x_theory\": }");
        final Result r = run("report", "--out", tmp.resolve("o").toString(), bad.toString());
        assertEquals(StarlingMain.EXIT_USAGE, r.status);
        assertTrue(r.err.contains("broken.json: not valid JSON"), r.err);
    }

    private static boolean isBlank(final BufferedImage image)
    {
        final int first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += 7)
        {
            for (int x = 0; x < image.getWidth(); x += 7)
            {
                if (image.getRGB(x, y) != first)
                {
                    return false;
                }
            }
        }
        return true;
    }

    record Result(int status, String out, String err)
    {
    }

    static Result run(final String... args)
    {
        final CommandLine cmd = StarlingMain.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final List<String> list = new ArrayList<>(List.of(args));
        final int status = cmd.execute(list.toArray(new String[0]));
        return new Result(status, out.toString(), err.toString());
    }
}

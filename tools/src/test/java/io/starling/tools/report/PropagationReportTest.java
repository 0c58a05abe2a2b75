package io.starling.tools.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's propagation and detection section, from files written by {@code starling sim --updates --hgrm}
 * (N = 30) and {@code starling emulate --updates --hgrm} (its propagation fields, relabelled N = 30).
 */
class PropagationReportTest
{
    private static File fixtures;

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() throws URISyntaxException
    {
        System.setProperty("java.awt.headless", "true");
        fixtures = new File(PropagationReportTest.class.getResource("/report-propagation").toURI());
    }

    @Test
    void plotsDistributionsAndConvergenceCurvesBesideTheoryAndLinksThem() throws IOException
    {
        final File out = tmp.resolve("out").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            fixtures.getPath());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("2 propagation runs, 5 propagation/detection distributions"), r.out());

        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        for (final String name : List.of("propagation-convergence-simulator", "propagation-convergence-real-time",
            "propagation-convergence-n30", "distribution-propagation-sim", "distribution-propagation-emulate",
            "distribution-detection-sim-30"))
        {
            final File png = new File(out, name + ".png");
            assertTrue(png.isFile() && png.length() > 0, "missing " + png);
            final BufferedImage image = ImageIO.read(png);
            assertNotNull(image, png + " is not an image");
            assertEquals(Charts.WIDTH, image.getWidth());
            assertFalse(isBlank(image), png + " is blank");
            assertTrue(index.contains("src=\"" + name + ".png\""), "index lacks " + name);
        }
        assertTrue(index.contains("Update propagation and failure detection"));
        assertTrue(index.contains("theory rounds"), "theory beside the measured percentiles");
        assertTrue(index.contains("first suspicion") && index.contains("all live nodes informed"), "labels");
        assertTrue(index.contains("sim-n30-detect-all.hgrm"), "distribution table names its file");
        // The distributions are not latencies: no latency section from them.
        assertFalse(index.contains("Latency percentile distributions"), "kept apart from latencies");
    }

    @Test
    void twoRunsOfOneSizeGetDistinctCurves() throws IOException
    {
        final Path in = Files.createDirectory(tmp.resolve("twice"));
        for (final File f : fixtures.listFiles((dir, name) -> name.startsWith("sim-n30-")))
        {
            Files.copy(f.toPath(), in.resolve(f.getName()));
            final String copy = f.getName().replace("sim-n30-", "sim-n30-again-");
            Files.writeString(in.resolve(copy), Files.readString(f.toPath())
                .replace("sim-n30-", "sim-n30-again-"));
        }
        final File out = tmp.resolve("twice-out").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            in.toString());
        assertEquals(0, r.status(), "XChart refuses two series of one name: " + r.err());
        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(index.contains("sim-n30-again-detect-suspect.hgrm"), "both runs in the table");
        assertTrue(new File(out, "distribution-detection-sim-30.png").length() > 0);
    }

    @Test
    void twoSimulatorRunsOfOneSizeOnOnePage() throws IOException
    {
        // a with/without pair of one cluster size (expected absence on and off, say): both curves, named by run
        final Path in = Files.createDirectory(tmp.resolve("pair"));
        Files.copy(new File(fixtures, "sim-n30.json").toPath(), in.resolve("sim-n30-without.json"));
        Files.copy(new File(fixtures, "sim-n30.json").toPath(), in.resolve("sim-n30-with.json"));
        final File out = tmp.resolve("pair-out").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            in.toString());
        assertEquals(0, r.status(), "XChart refuses two series of one name: " + r.err());
        assertTrue(new File(out, "propagation-convergence-simulator.png").length() > 0);
        assertTrue(new File(out, "propagation-convergence-n30.png").length() > 0);
    }

    @Test
    void aDistributionSummaryNamedAloneBringsItsHistogram() throws IOException
    {
        final File out = tmp.resolve("one").toFile();
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--no-svg", "--out", out.getPath(),
            new File(fixtures, "sim-n30-propagation.json").getPath());
        assertEquals(0, r.status(), r.err());
        assertTrue(new File(out, "distribution-propagation-sim.png").length() > 0);
    }

    @Test
    void aDistributionSummaryWithoutItsHistogramIsAOneLineError() throws IOException
    {
        final Path json = tmp.resolve("lonely.json");
        Files.writeString(json, "{\"kind\": \"distribution\", \"histogram_file\": \"gone.hgrm\"}");
        final ReportCommandTest.Result r = ReportCommandTest.run("report", "--out", tmp.resolve("o").toString(),
            json.toString());
        assertEquals(StarlingMain.EXIT_USAGE, r.status());
        assertTrue(r.err().contains("gone.hgrm not found"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
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
}

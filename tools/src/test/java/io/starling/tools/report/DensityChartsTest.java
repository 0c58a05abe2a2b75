package io.starling.tools.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityChartsTest
{
    private static final String SWEEP = """
        {"kind": "density_sweep", "date": "2026-11-21T10:00:00Z", "period_ms": 1000, "probe_timeout_ms": 500.0,
         "duty_p99_budget_ns": 50000000,
         "machine": {"nproc": 2, "cpu_model": "Test CPU", "jdk": "OpenJDK 17"},
         "rows": [
          {"nodes": 100, "converged": true, "converge_ms": 3000.0, "cpu_cores": 0.01, "cpu_us_per_node_s": 100.0,
           "rss_bytes": 104857600, "rss_per_node_bytes": 1048576.0, "messages_per_node_per_s": 2.5,
           "bytes_per_node_per_s": 700.0, "duty_cycle_p50_ns": 20000, "duty_cycle_p99_ns": 200000,
           "duty_cycle_p999_ns": 900000, "duty_cycle_window_max_ns": 2000000, "meets_budget": true},
          {"nodes": 1000, "converged": true, "converge_ms": 30000.0, "cpu_cores": 0.1, "cpu_us_per_node_s": 100.0,
           "rss_bytes": 209715200, "rss_per_node_bytes": 209715.2, "messages_per_node_per_s": 2.7,
           "bytes_per_node_per_s": 800.0, "duty_cycle_p50_ns": 30000, "duty_cycle_p99_ns": 3000000,
           "duty_cycle_p999_ns": 9000000, "duty_cycle_window_max_ns": 20000000, "meets_budget": true},
          {"nodes": 10000, "converged": false, "converge_ms": null, "cpu_cores": null, "meets_budget": false}
         ],
         "largest_nodes_within_budget": 1000, "target": {"nodes": 10000, "met": false}}
        """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless()
    {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void pointsSkipRowsWithoutTheField() throws IOException
    {
        final double[][] xy = DensityCharts.points(new ObjectMapper().readTree(SWEEP), "cpu_us_per_node_s", 1);
        assertArrayEquals(new double[] {100, 1000}, xy[0]);
        assertArrayEquals(new double[] {100, 100}, xy[1]);
        final double[][] rss = DensityCharts.points(new ObjectMapper().readTree(SWEEP), "rss_per_node_bytes", 1024);
        assertEquals(1024.0, rss[1][0], 1e-9);
    }

    @Test
    void reportPlotsTheScalingCurvesAndLinksThem() throws IOException
    {
        final File sweep = tmp.resolve("density-sweep.json").toFile();
        Files.writeString(sweep.toPath(), SWEEP);
        final File out = tmp.resolve("out").toFile();
        final StringWriter stdout = new StringWriter();
        final StringWriter stderr = new StringWriter();
        final CommandLine cmd = StarlingMain.commandLine();
        cmd.setOut(new PrintWriter(stdout, true));
        cmd.setErr(new PrintWriter(stderr, true));
        assertEquals(0, cmd.execute("report", "--out", out.getPath(), sweep.getPath()), stderr::toString);
        assertTrue(stdout.toString().contains("1 density sweeps"), stdout::toString);

        final String index = Files.readString(out.toPath().resolve("index.html"), StandardCharsets.UTF_8);
        for (final String plot : new String[] {"cpu", "messages", "bytes", "rss", "converge", "duty"})
        {
            final String name = "density-density-sweep-" + plot;
            final File png = new File(out, name + ".png");
            final BufferedImage image = ImageIO.read(png);
            assertNotNull(image, png + " is not an image");
            assertEquals(Charts.WIDTH, image.getWidth());
            assertTrue(new File(out, name + ".svg").isFile(), name + ".svg");
            assertTrue(index.contains("src=\"" + name + ".png\""), "index lacks " + name);
        }
        assertTrue(index.contains("Largest N within the budget: 1000"), index);
        assertTrue(index.contains("Test CPU"), "machine named");
        assertTrue(index.contains("<td>10000</td><td>no</td>"), "the failed row is in the table");
    }
}

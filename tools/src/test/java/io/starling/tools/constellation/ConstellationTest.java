package io.starling.tools.constellation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.starling.engine.schedule.ContactPlan;
import io.starling.engine.schedule.LinkSchedule;
import io.starling.engine.schedule.LinkWindow;
import io.starling.tools.CliTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated geometry against published figures: the period of a 550 km circular orbit (95.6 min), the slant range
 * at 25 degrees elevation from 550 km (1,123 km in SpaceX's FCC filings), and the length of passes over a station
 * (a few minutes: the overhead pass lasts 2 lambda / n, lambda the Earth central angle of the coverage circle).
 */
class ConstellationTest extends CliTestSupport
{
    @TempDir
    Path dir;

    @Test
    void orbitalPeriodAndSlantRangeMatchPublishedFigures()
    {
        assertEquals(95.6, WalkerShell.periodS(550) / 60, 0.1);
        assertEquals(1_123, WalkerShell.slantRangeKm(550, 25), 5);
        assertEquals(550, WalkerShell.slantRangeKm(550, 90), 1e-6);
    }

    @Test
    void passesOverAStationLastAFewMinutes()
    {
        for (final double minElevationDeg : new double[]{ 25, 10 })
        {
            final WalkerShell shell = new WalkerShell(6, 22, 550, 53, 1);
            final ConstellationPlan plan = new ConstellationPlan(shell, new double[][]{ { 40, -105 } },
                minElevationDeg, 0, 70, 0, 0, 0.5, 1);
            plan.generate(6 * 3600, 1);
            final double[] passes = plan.passDurationsS();
            final double lambda = Math.acos(WalkerShell.EARTH_RADIUS_KM * Math.cos(Math.toRadians(minElevationDeg)) /
                (WalkerShell.EARTH_RADIUS_KM + 550)) - Math.toRadians(minElevationDeg);
            final double overheadS = 2 * lambda / (2 * Math.PI) * WalkerShell.periodS(550);
            assertTrue(passes.length > 10, "passes " + passes.length);
            final double longest = passes[passes.length - 1];
            assertTrue(longest <= overheadS * 1.05 && longest >= overheadS * 0.8,
                "longest pass " + longest + " s against overhead " + overheadS + " s");
            assertTrue(longest >= 120 && longest <= 900, "longest pass " + longest + " s");
            final double rangeAtMinKm = WalkerShell.slantRangeKm(550, minElevationDeg);
            assertTrue(plan.maxGroundRangeKm() <= rangeAtMinKm + 1e-6, "max range " + plan.maxGroundRangeKm());
            assertTrue(plan.minGroundRangeKm() >= 550 - 1e-6, "min range " + plan.minGroundRangeKm());
        }
    }

    @Test
    void interSatelliteLinksHaveTheGeometryOfTheShell()
    {
        final WalkerShell shell = new WalkerShell(24, 22, 550, 53, 1);
        final ConstellationPlan plan = new ConstellationPlan(shell, new double[0][], 25, 0, 70, 0, 0, 0.5, 1);
        final List<LinkWindow> windows = plan.generate(600, 1);
        final double r = WalkerShell.EARTH_RADIUS_KM + 550;
        final double inPlaneMs = 2 * r * Math.sin(Math.PI / 22) / WalkerShell.LIGHT_KM_PER_S * 1e3;
        final LinkWindow first = windows.stream().filter(w -> w.from() == 1 && w.to() == 2).findFirst().orElseThrow();
        assertEquals(inPlaneMs, first.latencyNs() / 1e6, 0.01);
        assertEquals(600_000_000_000L, first.stopNs(), "in-plane links are up all the time");
    }

    @Test
    void aGroundNetworkJoinsEveryPairOfStations()
    {
        final WalkerShell shell = new WalkerShell(2, 22, 550, 53, 1);
        final ConstellationPlan plan = new ConstellationPlan(shell, new double[][]{ { 0, 0 }, { 0, 90 }, { 45, 0 } },
            25, 0, 70, 0, 0, 0.5, 1).isl("none").groundNetwork(5, 200);
        final List<LinkWindow> windows = plan.generate(60, 1);
        final int a = plan.firstStation();
        final LinkWindow ab = windows.stream().filter(w -> w.from() == a && w.to() == a + 1).findFirst().orElseThrow();
        final double quarterKm = Math.PI / 2 * WalkerShell.EARTH_RADIUS_KM;
        assertEquals(5 + quarterKm / 200, ab.latencyNs() / 1e6, 1e-3);
        assertEquals(6, windows.stream().filter(w -> w.from() >= a && w.to() >= a).count());
        assertTrue(windows.stream().noneMatch(w -> w.from() < a && w.to() < a), "no inter-satellite links");
    }

    @Test
    void commandWritesAPlanThatReadsBackInBothFormats() throws Exception
    {
        final Path csv = dir.resolve("shell.csv");
        final Path ion = dir.resolve("shell.ion");
        final String[] common = { "constellation", "--planes", "4", "--per-plane", "22", "--stations", "3",
            "--edge-per-station", "2", "--duration-s", "600", "--step-s", "5", "--ground-loss", "0" };
        assertEquals(0, run(concat(common, "--out", csv.toString())), err::toString);
        assertEquals(0, run(concat(common, "--format", "ion", "--out", ion.toString())), err::toString);
        final LinkSchedule a = ContactPlan.read(csv);
        final LinkSchedule b = ContactPlan.read(ion);
        assertEquals(a, b);
        assertEquals(88 + 3 + 6, a.nodeCount());
        assertTrue(out.toString().contains("88 satellites"), out::toString);
        assertTrue(Files.readAllLines(csv).get(0).startsWith("# starling constellation"));
    }

    @Test
    void satellitesThatPassNoStationStayNodesOfThePlanAndOfTheRunsOnIt() throws Exception
    {
        // bent pipe, one station, one minute: most satellites pass no station and have no link at all
        final Path csv = dir.resolve("short.csv");
        assertEquals(0, run("constellation", "--planes", "4", "--per-plane", "22", "--stations", "1",
            "--isl", "none", "--duration-s", "60", "--out", csv.toString()), err::toString);
        final LinkSchedule plan = ContactPlan.read(csv);
        assertEquals(89, plan.nodeCount());
        for (int k = 1; k <= 89; k++)
        {
            assertEquals(k, plan.nodeNumber(k - 1), "run node k is plan node k");
        }
        assertTrue(out.toString().contains("nodes have no link in the duration"), out::toString);
        final Path json = dir.resolve("sim.json");
        assertEquals(0, run("sim", "--schedule", csv.toString(), "--periods", "5", "--json", json.toString()),
            err::toString);
        assertTrue(Files.readString(json).contains("\"nodes\" : 89"), "--nodes taken from the plan");
        assertRejected("--nodes", "sim", "--nodes", "95", "--schedule", csv.toString());
        assertRejected("--nodes", "emulate", "--nodes", "95", "--schedule", csv.toString());
    }

    @Test
    void badFlagsAreRefusedOnOneLine()
    {
        final String o = dir.resolve("x.csv").toString();
        assertRejected("--planes", "constellation", "--planes", "0", "--out", o);
        assertRejected("--station", "constellation", "--station", "91,0", "--out", o);
        assertRejected("--format", "constellation", "--format", "xml", "--out", o);
        assertRejected("--step-s", "constellation", "--step-s", "0", "--out", o);
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

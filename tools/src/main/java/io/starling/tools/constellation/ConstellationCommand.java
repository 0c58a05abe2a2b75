package io.starling.tools.constellation;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.engine.schedule.ContactPlan;
import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.schedule.LinkSchedule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling constellation}: writes the link schedule of a Walker-delta shell with inter-satellite links,
 * ground stations and edge nodes, as a CSV or ION contact plan that {@code starling sim --schedule} and
 * {@code starling emulate --schedule} read.
 */
@Command(
    name = "constellation",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Write the link schedule of a Walker-delta shell (circular orbits, spherical rotating Earth):",
        "in-plane and cross-plane inter-satellite links, station passes above a minimum elevation, edge nodes",
        "behind each station. Node numbers: satellites 1..T, then stations, then edge nodes."
    })
public final class ConstellationCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--planes", paramLabel = "P", defaultValue = "22", description = "Orbital planes (default ${DEFAULT-VALUE}).")
    int planes;

    @Option(names = "--per-plane", paramLabel = "S", defaultValue = "72",
        description = "Satellites per plane (default ${DEFAULT-VALUE}).")
    int perPlane;

    @Option(names = "--altitude-km", paramLabel = "H", defaultValue = "550", description = "Altitude (default ${DEFAULT-VALUE}).")
    double altitudeKm;

    @Option(names = "--inclination-deg", paramLabel = "I", defaultValue = "53",
        description = "Inclination (default ${DEFAULT-VALUE}).")
    double inclinationDeg;

    @Option(names = "--phasing", paramLabel = "F", defaultValue = "1",
        description = "Walker phasing factor in [0, planes) (default ${DEFAULT-VALUE}).")
    int phasing;

    @Option(names = "--stations", paramLabel = "N", defaultValue = "0",
        description = "Ground stations spread evenly (golden-angle spiral) between +-60 degrees latitude " +
            "(default ${DEFAULT-VALUE}); added to any --station.")
    int stationCount;

    @Option(names = "--station", paramLabel = "LAT,LON", description = "A ground station (repeatable).")
    List<String> stationSpecs = new ArrayList<>();

    @Option(names = "--min-elevation-deg", paramLabel = "E", defaultValue = "25",
        description = "Lowest elevation of a station-satellite link (default ${DEFAULT-VALUE}).")
    double minElevationDeg;

    @Option(names = "--edge-per-station", paramLabel = "K", defaultValue = "0",
        description = "Edge-compute nodes behind each station (default ${DEFAULT-VALUE}).")
    int edgePerStation;

    @Option(names = "--cross-plane-max-lat-deg", paramLabel = "L", defaultValue = "70",
        description = "Cross-plane links are down while either satellite is above this |latitude| " +
            "(default ${DEFAULT-VALUE}).")
    double crossPlaneMaxLatDeg;

    @Option(names = "--isl", paramLabel = "MODE", defaultValue = "grid",
        description = "Inter-satellite links: grid (in-plane and cross-plane), in-plane, or none (bent pipe) " +
            "(default ${DEFAULT-VALUE}).")
    String isl;

    @Option(names = "--ground-network-ms", paramLabel = "MS", defaultValue = "-1",
        description = "Connect every pair of stations by a terrestrial link of MS plus the great-circle distance at " +
            "200 km/ms (-1: no ground network; default ${DEFAULT-VALUE}).")
    double groundNetworkMs;

    @Option(names = "--isl-loss", paramLabel = "P", defaultValue = "0", description = "Loss on inter-satellite links.")
    double islLoss;

    @Option(names = "--ground-loss", paramLabel = "P", defaultValue = "0.01",
        description = "Loss on station-satellite links (default ${DEFAULT-VALUE}).")
    double groundLoss;

    @Option(names = "--lan-latency-ms", paramLabel = "MS", defaultValue = "0.5",
        description = "Station to edge-node latency (default ${DEFAULT-VALUE}).")
    double lanLatencyMs;

    @Option(names = "--latency-quantum-ms", paramLabel = "MS", defaultValue = "1",
        description = "Cut a window when its latency moves by more than this (default ${DEFAULT-VALUE}).")
    double latencyQuantumMs;

    @Option(names = "--duration-s", paramLabel = "S", defaultValue = "3600", description = "Plan length (default ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--step-s", paramLabel = "S", defaultValue = "1", description = "Sampling step (default ${DEFAULT-VALUE}).")
    double stepS;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "csv", description = "csv or ion (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Plan file to write.")
    File out;

    @Option(names = "--json", paramLabel = "FILE", description = "Write a summary as one JSON document.")
    File json;

    /**
     * @return the validated plan generator.
     */
    ConstellationPlan plan()
    {
        if (planes < 1 || planes > 1000)
        {
            throw new IllegalArgumentException("--planes: " + planes + " must be in [1, 1000]");
        }
        if (perPlane < 1 || perPlane > 1000)
        {
            throw new IllegalArgumentException("--per-plane: " + perPlane + " must be in [1, 1000]");
        }
        if (stationCount < 0 || stationCount > 10_000)
        {
            throw new IllegalArgumentException("--stations: " + stationCount + " must be in [0, 10000]");
        }
        if (edgePerStation < 0 || edgePerStation > 1000)
        {
            throw new IllegalArgumentException("--edge-per-station: " + edgePerStation + " must be in [0, 1000]");
        }
        if (!(minElevationDeg >= 0 && minElevationDeg < 90))
        {
            throw new IllegalArgumentException("--min-elevation-deg: " + minElevationDeg + " must be in [0, 90)");
        }
        if (!(crossPlaneMaxLatDeg >= 0 && crossPlaneMaxLatDeg <= 90))
        {
            throw new IllegalArgumentException("--cross-plane-max-lat-deg: " + crossPlaneMaxLatDeg + " must be in [0, 90]");
        }
        checkRate("--isl-loss", islLoss);
        checkRate("--ground-loss", groundLoss);
        if (!(lanLatencyMs >= 0 && lanLatencyMs < 1e6))
        {
            throw new IllegalArgumentException("--lan-latency-ms: " + lanLatencyMs + " must be >= 0");
        }
        if (!(latencyQuantumMs > 0 && latencyQuantumMs < 1e6))
        {
            throw new IllegalArgumentException("--latency-quantum-ms: " + latencyQuantumMs + " must be positive");
        }
        if (!(durationS > 0 && durationS <= 30 * 86_400))
        {
            throw new IllegalArgumentException("--duration-s: " + durationS + " must be in (0, 2592000]");
        }
        if (!(stepS > 0 && stepS <= durationS))
        {
            throw new IllegalArgumentException("--step-s: " + stepS + " must be in (0, --duration-s]");
        }
        if (!format.equals("csv") && !format.equals("ion"))
        {
            throw new IllegalArgumentException("--format: '" + format + "' must be csv or ion");
        }
        final WalkerShell shell;
        try
        {
            shell = new WalkerShell(planes, perPlane, altitudeKm, inclinationDeg, phasing);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--planes/--altitude-km/--inclination-deg/--phasing: " + ex.getMessage());
        }
        final List<double[]> stations = new ArrayList<>();
        for (final String s : stationSpecs)
        {
            stations.add(station(s));
        }
        stations.addAll(spreadStations(stationCount));
        return new ConstellationPlan(shell, stations.toArray(new double[0][]), minElevationDeg, edgePerStation,
            crossPlaneMaxLatDeg, islLoss, groundLoss, lanLatencyMs, latencyQuantumMs).isl(isl)
            .groundNetwork(Math.max(0, groundNetworkMs), groundNetworkMs >= 0 ? 200 : 0);
    }

    public Integer call() throws IOException
    {
        final ConstellationPlan plan = plan();
        final long startedNs = System.nanoTime();
        // Every node of the plan, linked or not: a satellite that passes no station in the duration is still node k.
        final LinkSchedule schedule = LinkSchedule.of(plan.generate(durationS, stepS),
            java.util.stream.IntStream.rangeClosed(1, plan.nodeCount()).toArray());
        final long generateMs = (System.nanoTime() - startedNs) / 1_000_000;
        try (BufferedWriter w = Files.newBufferedWriter(out.toPath(), StandardCharsets.UTF_8))
        {
            w.write(String.format(Locale.ROOT, "# starling constellation: walker %d:%d/%d/%d at %.1f km, %.1f deg; " +
                "satellites 1-%d, %s, %s%n", planes * perPlane, planes * perPlane, planes,
                phasing, altitudeKm, inclinationDeg, planes * perPlane,
                plan.firstEdge() == plan.firstStation() ? "no stations" :
                "stations " + plan.firstStation() + "-" + (plan.firstEdge() - 1),
                plan.firstEdge() > plan.nodeCount() ? "no edge nodes" :
                "edge nodes " + plan.firstEdge() + "-" + plan.nodeCount()));
            if (format.equals("csv"))
            {
                ContactPlan.writeCsv(schedule, w);
            }
            else
            {
                ContactPlan.writeIon(schedule, 12_500_000L, w);
            }
        }
        final double[] passes = plan.passDurationsS();
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("satellites", planes * perPlane);
        r.put("planes", planes);
        r.put("per_plane", perPlane);
        r.put("altitude_km", altitudeKm);
        r.put("inclination_deg", inclinationDeg);
        r.put("phasing", phasing);
        r.put("stations", plan.firstEdge() - plan.firstStation());
        r.put("edge_nodes", plan.nodeCount() - plan.firstEdge() + 1);
        r.put("nodes", plan.nodeCount());
        r.put("first_station", plan.firstStation());
        r.put("first_edge", plan.firstEdge());
        r.put("period_s", new WalkerShell(planes, perPlane, altitudeKm, inclinationDeg, phasing).periodS());
        r.put("duration_s", durationS);
        r.put("step_s", stepS);
        r.put("windows", schedule.windowCount());
        r.put("steps", schedule.stepCount());
        r.put("passes", passes.length);
        r.put("pass_min_s", passes.length > 0 ? passes[0] : 0);
        r.put("pass_median_s", passes.length > 0 ? passes[passes.length / 2] : 0);
        r.put("pass_max_s", passes.length > 0 ? passes[passes.length - 1] : 0);
        r.put("ground_range_min_km", passes.length > 0 ? plan.minGroundRangeKm() : 0);
        r.put("ground_range_max_km", passes.length > 0 ? plan.maxGroundRangeKm() : 0);
        final ExpectedAbsence.NodeContacts contacts = new ExpectedAbsence.NodeContacts(schedule);
        int withoutLink = 0;
        for (int node = 0; node < contacts.nodeCount(); node++)
        {
            withoutLink += Long.MAX_VALUE == contacts.nextContactNs(node, 0) ? 1 : 0;
        }
        r.put("nodes_without_link", withoutLink);
        r.put("generate_ms", generateMs);
        r.put("file", out.getPath());
        final PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "constellation: %d satellites (%d x %d, %.0f km, %.1f deg, f=%d), period %.2f min%n",
            planes * perPlane, planes, perPlane, altitudeKm, inclinationDeg, phasing, (double)r.get("period_s") / 60);
        o.printf(Locale.ROOT, "  %d stations, %d edge nodes, %d nodes; %d windows, %d steps over %.0f s (%d ms)%n",
            (int)r.get("stations"), (int)r.get("edge_nodes"), plan.nodeCount(), schedule.windowCount(),
            schedule.stepCount(), durationS, generateMs);
        o.printf(Locale.ROOT, "  passes %d: min %.0f s, median %.0f s, max %.0f s; ground range %.0f-%.0f km%n",
            passes.length, (double)r.get("pass_min_s"), (double)r.get("pass_median_s"), (double)r.get("pass_max_s"),
            (double)r.get("ground_range_min_km"), (double)r.get("ground_range_max_km"));
        if ((int)r.get("nodes_without_link") > 0)
        {
            o.printf("  %d nodes have no link in the duration (out of contact throughout)%n",
                (int)r.get("nodes_without_link"));
        }
        o.printf("  wrote %s%n", out.getPath());
        o.flush();
        if (null != json)
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, r);
        }
        return 0;
    }

    /**
     * @param count stations.
     * @return {lat, lon} on a golden-angle spiral between +-60 degrees latitude, deterministic.
     */
    static List<double[]> spreadStations(final int count)
    {
        final List<double[]> list = new ArrayList<>(count);
        final double golden = Math.PI * (3 - Math.sqrt(5));
        final double maxSin = Math.sin(Math.toRadians(60));
        for (int i = 0; i < count; i++)
        {
            final double z = maxSin * (1 - 2 * (i + 0.5) / count);
            final double lat = Math.toDegrees(Math.asin(z));
            double lon = Math.toDegrees(golden * i) % 360;
            if (lon > 180)
            {
                lon -= 360;
            }
            list.add(new double[]{ lat, lon });
        }
        return list;
    }

    private static double[] station(final String spec)
    {
        final String[] t = spec.split(",");
        try
        {
            if (2 == t.length)
            {
                final double lat = Double.parseDouble(t[0].trim());
                final double lon = Double.parseDouble(t[1].trim());
                if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)
                {
                    return new double[]{ lat, lon };
                }
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException("--station: '" + spec + "' must be LAT,LON in degrees");
    }

    private static void checkRate(final String flag, final double rate)
    {
        if (!(rate >= 0 && rate <= 1))
        {
            throw new IllegalArgumentException(flag + ": " + rate + " must be in [0, 1]");
        }
    }
}

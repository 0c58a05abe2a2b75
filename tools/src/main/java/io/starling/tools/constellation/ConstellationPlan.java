package io.starling.tools.constellation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.starling.engine.schedule.LinkWindow;

/**
 * Turns a {@link WalkerShell}, ground stations and edge nodes into link windows, sampled at a fixed step: in-plane
 * and cross-plane inter-satellite links (cross-plane links are off above a latitude limit, where planes cross and
 * pointing fails), satellite-to-station links while the satellite is above the station's minimum elevation, and
 * always-up LAN links from each station to its edge nodes. A window is cut into a new one whenever its latency
 * moves by more than a quantum, so the plan stays a list of constant-latency windows as ION expects.
 * <p>
 * Node numbers: satellites 1..t (plane-major), then stations, then edge nodes (station-major). Both directions of a
 * link get the same window.
 */
public final class ConstellationPlan
{
    private final WalkerShell shell;
    private final double[][] stations;
    private final double minElevationDeg;
    private final int edgePerStation;
    private final double crossPlaneMaxLatDeg;
    private final double islLoss;
    private final double groundLoss;
    private final double lanLatencyMs;
    private final double latencyQuantumMs;

    private double groundNetworkKmPerMs;
    private double groundNetworkBaseMs;
    private boolean inPlaneLinks = true;
    private boolean crossPlaneLinks = true;
    private final List<LinkWindow> windows = new ArrayList<>();
    private final List<Double> passDurationsS = new ArrayList<>();
    private double minGroundRangeKm = Double.MAX_VALUE;
    private double maxGroundRangeKm;

    /**
     * @param shell               the shell.
     * @param stations            {lat, lon} degrees per station.
     * @param minElevationDeg     lowest elevation at which a station talks to a satellite.
     * @param edgePerStation      edge nodes behind each station.
     * @param crossPlaneMaxLatDeg cross-plane links are down while either end is above this |latitude|.
     * @param islLoss             loss rate on inter-satellite links.
     * @param groundLoss          loss rate on station-satellite links.
     * @param lanLatencyMs        station to edge-node latency.
     * @param latencyQuantumMs    a window is cut when its latency moves by more than this.
     */
    public ConstellationPlan(
        final WalkerShell shell,
        final double[][] stations,
        final double minElevationDeg,
        final int edgePerStation,
        final double crossPlaneMaxLatDeg,
        final double islLoss,
        final double groundLoss,
        final double lanLatencyMs,
        final double latencyQuantumMs)
    {
        this.shell = shell;
        this.stations = stations;
        this.minElevationDeg = minElevationDeg;
        this.edgePerStation = edgePerStation;
        this.crossPlaneMaxLatDeg = crossPlaneMaxLatDeg;
        this.islLoss = islLoss;
        this.groundLoss = groundLoss;
        this.lanLatencyMs = lanLatencyMs;
        this.latencyQuantumMs = latencyQuantumMs;
    }

    /**
     * @param mode inter-satellite links: "grid" (in-plane and cross-plane), "in-plane", or "none" (bent pipe: only
     *             stations connect satellites).
     * @return this.
     */
    public ConstellationPlan isl(final String mode)
    {
        switch (mode)
        {
            case "grid":
                inPlaneLinks = true;
                crossPlaneLinks = true;
                break;
            case "in-plane":
                inPlaneLinks = true;
                crossPlaneLinks = false;
                break;
            case "none":
                inPlaneLinks = false;
                crossPlaneLinks = false;
                break;
            default:
                throw new IllegalArgumentException("--isl: '" + mode + "' must be grid, in-plane or none");
        }
        return this;
    }

    /**
     * Connect every pair of stations by a terrestrial link (always up, no loss): latency = base + great-circle
     * distance / speed.
     *
     * @param baseMs    fixed part of the latency (switching, last mile), ms.
     * @param kmPerMs   propagation speed, km/ms (about 200 in fibre); 0 for no ground network.
     * @return this.
     */
    public ConstellationPlan groundNetwork(final double baseMs, final double kmPerMs)
    {
        this.groundNetworkBaseMs = baseMs;
        this.groundNetworkKmPerMs = kmPerMs;
        return this;
    }

    /**
     * @return first node number of the stations.
     */
    public int firstStation()
    {
        return shell.satellites() + 1;
    }

    /**
     * @return first node number of the edge nodes.
     */
    public int firstEdge()
    {
        return firstStation() + stations.length;
    }

    /**
     * @return nodes in the plan.
     */
    public int nodeCount()
    {
        return shell.satellites() + stations.length * (1 + edgePerStation);
    }

    /**
     * Sample the geometry from 0 to durationS every stepS and build the windows.
     *
     * @param durationS plan length, seconds.
     * @param stepS     sampling step, seconds.
     * @return the windows (both directions of every link).
     */
    public List<LinkWindow> generate(final double durationS, final double stepS)
    {
        final int sats = shell.satellites();
        final int steps = (int)Math.floor(durationS / stepS + 1e-9);
        final int isl = 2 * sats;
        final int ground = stations.length * sats;
        final Link[] links = new Link[isl + ground];
        for (int s = 0; s < sats; s++)
        {
            links[2 * s] = new Link(s + 1, shell.nextInPlane(s) + 1, islLoss, false);
            links[2 * s + 1] = new Link(s + 1, shell.nextPlane(s) + 1, islLoss, false);
        }
        for (int g = 0; g < stations.length; g++)
        {
            for (int s = 0; s < sats; s++)
            {
                links[isl + g * sats + s] = new Link(firstStation() + g, s + 1, groundLoss, true);
            }
        }
        final double[][] sat = new double[sats][3];
        final double[][] gs = new double[stations.length][3];
        final double[] lat = new double[sats];
        final double sinMinElevation = Math.sin(Math.toRadians(minElevationDeg));
        for (int k = 0; k <= steps; k++)
        {
            final double t = Math.min(durationS, k * stepS);
            final boolean last = k == steps;
            for (int s = 0; s < sats; s++)
            {
                shell.position(s, t, sat[s]);
                lat[s] = Math.abs(WalkerShell.latitudeDeg(sat[s]));
            }
            for (int g = 0; g < stations.length; g++)
            {
                WalkerShell.groundPosition(stations[g][0], stations[g][1], t, gs[g]);
            }
            for (int s = 0; s < sats; s++)
            {
                final int inPlane = shell.nextInPlane(s);
                final boolean inUp = inPlaneLinks && inPlane != s && WalkerShell.lineOfSight(sat[s], sat[inPlane]);
                links[2 * s].sample(t, last, inUp, latencyMs(sat[s], sat[inPlane]));
                final int cross = shell.nextPlane(s);
                final boolean crossUp = crossPlaneLinks && cross != s && cross != inPlane && lat[s] <= crossPlaneMaxLatDeg &&
                    lat[cross] <= crossPlaneMaxLatDeg && WalkerShell.lineOfSight(sat[s], sat[cross]);
                links[2 * s + 1].sample(t, last, crossUp, latencyMs(sat[s], sat[cross]));
            }
            for (int g = 0; g < stations.length; g++)
            {
                for (int s = 0; s < sats; s++)
                {
                    final Link link = links[isl + g * sats + s];
                    final boolean up = WalkerShell.above(gs[g], sat[s], sinMinElevation);
                    if (up || link.open)
                    {
                        final double rangeKm = WalkerShell.distanceKm(gs[g], sat[s]);
                        if (up)
                        {
                            minGroundRangeKm = Math.min(minGroundRangeKm, rangeKm);
                            maxGroundRangeKm = Math.max(maxGroundRangeKm, rangeKm);
                        }
                        link.sample(t, last, up, rangeKm / WalkerShell.LIGHT_KM_PER_S * 1e3);
                    }
                }
            }
        }
        if (groundNetworkKmPerMs > 0)
        {
            for (int a = 0; a < stations.length; a++)
            {
                for (int b = a + 1; b < stations.length; b++)
                {
                    final double km = greatCircleKm(stations[a], stations[b]);
                    both(0, durationS, firstStation() + a, firstStation() + b,
                        groundNetworkBaseMs + km / groundNetworkKmPerMs, 0.0);
                }
            }
        }
        for (int g = 0; g < stations.length; g++)
        {
            for (int e = 0; e < edgePerStation; e++)
            {
                final int edge = firstEdge() + g * edgePerStation + e;
                both(0, durationS, firstStation() + g, edge, lanLatencyMs, 0.0);
            }
        }
        return windows;
    }

    /**
     * @return durations of the station passes that began and ended inside the plan, seconds, sorted.
     */
    public double[] passDurationsS()
    {
        final double[] d = passDurationsS.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(d);
        return d;
    }

    /**
     * @return shortest station-satellite range seen while up, km.
     */
    public double minGroundRangeKm()
    {
        return minGroundRangeKm;
    }

    /**
     * @return longest station-satellite range seen while up, km.
     */
    public double maxGroundRangeKm()
    {
        return maxGroundRangeKm;
    }

    private static double greatCircleKm(final double[] a, final double[] b)
    {
        final double la = Math.toRadians(a[0]);
        final double lb = Math.toRadians(b[0]);
        final double dl = Math.toRadians(b[1] - a[1]);
        final double c = Math.sin(la) * Math.sin(lb) + Math.cos(la) * Math.cos(lb) * Math.cos(dl);
        return WalkerShell.EARTH_RADIUS_KM * Math.acos(Math.max(-1, Math.min(1, c)));
    }

    private static double latencyMs(final double[] a, final double[] b)
    {
        return WalkerShell.distanceKm(a, b) / WalkerShell.LIGHT_KM_PER_S * 1e3;
    }

    private void both(final double startS, final double stopS, final int a, final int b, final double latencyMs,
        final double loss)
    {
        final long startNs = Math.round(startS * 1e9);
        final long stopNs = Math.round(stopS * 1e9);
        final long latencyNs = Math.round(latencyMs * 1e6);
        if (stopNs > startNs && a != b)
        {
            windows.add(new LinkWindow(startNs, stopNs, a, b, latencyNs, loss));
            windows.add(new LinkWindow(startNs, stopNs, b, a, latencyNs, loss));
        }
    }

    private final class Link
    {
        final int a;
        final int b;
        final double loss;
        final boolean groundLink;
        boolean open;
        double openS;
        double passStartS;
        double latencyMs;

        Link(final int a, final int b, final double loss, final boolean groundLink)
        {
            this.a = a;
            this.b = b;
            this.loss = loss;
            this.groundLink = groundLink;
        }

        void sample(final double t, final boolean last, final boolean up, final double nowLatencyMs)
        {
            if (open && (!up || last || Math.abs(nowLatencyMs - latencyMs) > latencyQuantumMs))
            {
                both(openS, t, a, b, latencyMs, loss);
                open = false;
                if (groundLink && (!up || last) && !up && passStartS > 0)
                {
                    passDurationsS.add(t - passStartS);
                }
                if (up && !last)
                {
                    open = true;
                    openS = t;
                    latencyMs = nowLatencyMs;
                }
            }
            else if (!open && up && !last)
            {
                open = true;
                openS = t;
                passStartS = t;
                latencyMs = nowLatencyMs;
            }
        }
    }
}

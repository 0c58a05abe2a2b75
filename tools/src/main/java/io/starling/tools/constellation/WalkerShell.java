package io.starling.tools.constellation;

/**
 * Geometry of a Walker-delta shell i:t/p/f on circular orbits around a spherical, rotating Earth: satellite
 * positions in an Earth-centred inertial frame, ground stations rotating with the Earth, elevation angles, slant
 * ranges and line-of-sight checks. Two-body motion only (no J2 drift, no drag): over the hours a schedule covers,
 * J2 moves the node of a 53 degree, 550 km orbit by about 0.2 degree an hour, below the step of a contact plan.
 * Plain math on doubles; no orbit propagation library (Orekit would need its orekit-data download to run).
 */
public final class WalkerShell
{
    /** Earth's gravitational parameter, km^3/s^2 (WGS 84). */
    public static final double MU_KM3_PER_S2 = 398_600.4418;
    /** Earth's equatorial radius, km (WGS 84), used as the radius of the spherical Earth. */
    public static final double EARTH_RADIUS_KM = 6_378.137;
    /** Earth's rotation rate, rad/s (sidereal). */
    public static final double EARTH_RATE_RAD_PER_S = 7.292_115_9e-5;
    /** Speed of light, km/s. */
    public static final double LIGHT_KM_PER_S = 299_792.458;
    /** Lowest altitude a line of sight between two satellites may pass, km (the dense atmosphere). */
    public static final double GRAZING_ALTITUDE_KM = 80.0;

    private final int planes;
    private final int perPlane;
    private final double radiusKm;
    private final double inclinationRad;
    private final int phasing;
    private final double meanMotionRadPerS;

    /**
     * @param planes         orbital planes p.
     * @param perPlane       satellites per plane (t / p).
     * @param altitudeKm     altitude above the equatorial radius.
     * @param inclinationDeg inclination.
     * @param phasing        Walker phasing factor f, in [0, p).
     */
    public WalkerShell(final int planes, final int perPlane, final double altitudeKm, final double inclinationDeg,
        final int phasing)
    {
        if (planes < 1 || perPlane < 1)
        {
            throw new IllegalArgumentException("planes and satellites per plane must be at least 1");
        }
        if (!(altitudeKm >= 160 && altitudeKm <= 50_000))
        {
            throw new IllegalArgumentException("altitude " + altitudeKm + " km must be in [160, 50000]");
        }
        if (!(inclinationDeg >= 0 && inclinationDeg <= 180))
        {
            throw new IllegalArgumentException("inclination " + inclinationDeg + " deg must be in [0, 180]");
        }
        if (phasing < 0 || phasing >= Math.max(1, planes))
        {
            throw new IllegalArgumentException("phasing " + phasing + " must be in [0, " + planes + ")");
        }
        this.planes = planes;
        this.perPlane = perPlane;
        this.radiusKm = EARTH_RADIUS_KM + altitudeKm;
        this.inclinationRad = Math.toRadians(inclinationDeg);
        this.phasing = phasing;
        this.meanMotionRadPerS = Math.sqrt(MU_KM3_PER_S2 / (radiusKm * radiusKm * radiusKm));
    }

    /**
     * @param altitudeKm altitude of a circular orbit.
     * @return its period, seconds: 2 pi sqrt(a^3 / mu).
     */
    public static double periodS(final double altitudeKm)
    {
        final double a = EARTH_RADIUS_KM + altitudeKm;
        return 2 * Math.PI * Math.sqrt(a * a * a / MU_KM3_PER_S2);
    }

    /**
     * @param altitudeKm    satellite altitude.
     * @param elevationDeg  elevation seen from the ground.
     * @return slant range from a station to a satellite at that elevation, km.
     */
    public static double slantRangeKm(final double altitudeKm, final double elevationDeg)
    {
        final double r = EARTH_RADIUS_KM + altitudeKm;
        final double e = Math.toRadians(elevationDeg);
        final double c = EARTH_RADIUS_KM * Math.cos(e);
        return Math.sqrt(r * r - c * c) - EARTH_RADIUS_KM * Math.sin(e);
    }

    /**
     * @return satellites in the shell.
     */
    public int satellites()
    {
        return planes * perPlane;
    }

    /**
     * @return planes.
     */
    public int planes()
    {
        return planes;
    }

    /**
     * @return satellites per plane.
     */
    public int perPlane()
    {
        return perPlane;
    }

    /**
     * @return orbital period, seconds.
     */
    public double periodS()
    {
        return 2 * Math.PI / meanMotionRadPerS;
    }

    /**
     * Position of a satellite (index plane * perPlane + slot) in the inertial frame.
     *
     * @param satellite satellite index.
     * @param timeS     seconds from the epoch.
     * @param xyz       receives x, y, z in km.
     */
    public void position(final int satellite, final double timeS, final double[] xyz)
    {
        final int plane = satellite / perPlane;
        final int slot = satellite % perPlane;
        final double raan = 2 * Math.PI * plane / planes;
        final double u = 2 * Math.PI * slot / perPlane + 2 * Math.PI * phasing * plane / ((double)planes * perPlane) +
            meanMotionRadPerS * timeS;
        final double cosU = Math.cos(u);
        final double sinU = Math.sin(u);
        final double cosO = Math.cos(raan);
        final double sinO = Math.sin(raan);
        final double cosI = Math.cos(inclinationRad);
        xyz[0] = radiusKm * (cosO * cosU - sinO * sinU * cosI);
        xyz[1] = radiusKm * (sinO * cosU + cosO * sinU * cosI);
        xyz[2] = radiusKm * sinU * Math.sin(inclinationRad);
    }

    /**
     * Position of a point on the ground in the inertial frame (the frames agree at the epoch).
     *
     * @param latDeg latitude.
     * @param lonDeg longitude.
     * @param timeS  seconds from the epoch.
     * @param xyz    receives x, y, z in km.
     */
    public static void groundPosition(final double latDeg, final double lonDeg, final double timeS, final double[] xyz)
    {
        final double lat = Math.toRadians(latDeg);
        final double lon = Math.toRadians(lonDeg) + EARTH_RATE_RAD_PER_S * timeS;
        xyz[0] = EARTH_RADIUS_KM * Math.cos(lat) * Math.cos(lon);
        xyz[1] = EARTH_RADIUS_KM * Math.cos(lat) * Math.sin(lon);
        xyz[2] = EARTH_RADIUS_KM * Math.sin(lat);
    }

    /**
     * @param ground ground position.
     * @param sat    satellite position.
     * @return elevation of the satellite seen from the ground point, degrees.
     */
    public static double elevationDeg(final double[] ground, final double[] sat)
    {
        final double dx = sat[0] - ground[0];
        final double dy = sat[1] - ground[1];
        final double dz = sat[2] - ground[2];
        final double range = Math.sqrt(dx * dx + dy * dy + dz * dz);
        final double up = (dx * ground[0] + dy * ground[1] + dz * ground[2]) / EARTH_RADIUS_KM;
        return Math.toDegrees(Math.asin(up / range));
    }

    /**
     * Elevation test without trigonometry (it runs for every station-satellite pair at every step).
     *
     * @param ground          ground position.
     * @param sat             satellite position.
     * @param sinMinElevation sine of the minimum elevation, at least 0.
     * @return true if the satellite is at or above the minimum elevation.
     */
    public static boolean above(final double[] ground, final double[] sat, final double sinMinElevation)
    {
        final double dx = sat[0] - ground[0];
        final double dy = sat[1] - ground[1];
        final double dz = sat[2] - ground[2];
        final double up = (dx * ground[0] + dy * ground[1] + dz * ground[2]) / EARTH_RADIUS_KM;
        if (up <= 0)
        {
            return false;
        }
        final double minUp = sinMinElevation;
        return up * up >= minUp * minUp * (dx * dx + dy * dy + dz * dz);
    }

    /**
     * @param a a position.
     * @param b another.
     * @return distance, km.
     */
    public static double distanceKm(final double[] a, final double[] b)
    {
        final double dx = a[0] - b[0];
        final double dy = a[1] - b[1];
        final double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * @param a a satellite position.
     * @param b another.
     * @return true if the segment between them stays above {@link #GRAZING_ALTITUDE_KM}.
     */
    public static boolean lineOfSight(final double[] a, final double[] b)
    {
        final double dx = b[0] - a[0];
        final double dy = b[1] - a[1];
        final double dz = b[2] - a[2];
        final double len2 = dx * dx + dy * dy + dz * dz;
        double t = -(a[0] * dx + a[1] * dy + a[2] * dz) / len2;
        t = Math.max(0, Math.min(1, t));
        final double x = a[0] + t * dx;
        final double y = a[1] + t * dy;
        final double z = a[2] + t * dz;
        final double min = EARTH_RADIUS_KM + GRAZING_ALTITUDE_KM;
        return x * x + y * y + z * z > min * min;
    }

    /**
     * @param xyz an inertial position.
     * @return its latitude, degrees.
     */
    public static double latitudeDeg(final double[] xyz)
    {
        return Math.toDegrees(Math.atan2(xyz[2], Math.hypot(xyz[0], xyz[1])));
    }

    /**
     * @param satellite satellite index.
     * @return its in-plane neighbour ahead (slot + 1).
     */
    public int nextInPlane(final int satellite)
    {
        final int plane = satellite / perPlane;
        return plane * perPlane + (satellite % perPlane + 1) % perPlane;
    }

    /**
     * @param satellite satellite index.
     * @return its neighbour in the next plane (same slot; across the last plane the slot shifts by the phasing).
     */
    public int nextPlane(final int satellite)
    {
        final int plane = satellite / perPlane;
        final int slot = satellite % perPlane;
        if (plane + 1 < planes)
        {
            return (plane + 1) * perPlane + slot;
        }
        return (slot + phasing) % perPlane;
    }
}

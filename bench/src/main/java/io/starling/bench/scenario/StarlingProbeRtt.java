package io.starling.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.bench.aeron.AeronChannels;
import io.starling.bench.aeron.PongProcess;
import io.starling.bench.aeron.StarlingPeers;
import io.starling.driver.DriverPreset;
import io.starling.engine.api.ProbeRtt;
import io.starling.engine.api.StarlingEngine;

/**
 * The Starling side of the comparison until the host offers a probe on demand: two engines with one node each,
 * this process and a child, same preset, busy-spinning agents, a short probe period; after the join and a
 * warm-up, the engine's own {@link ProbeRtt} percentiles of its direct probes (ping sent to ack handled) are
 * written as {@code aeron-rtt-starling-PRESET.json}, a summary without a histogram. The percentiles are
 * cumulative from the first probe, so the warm-up is only diluted, not excluded.
 */
public final class StarlingProbeRtt
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StarlingProbeRtt()
    {
    }

    /**
     * Run and write the summary.
     *
     * @param preset   driver preset of both engines.
     * @param periodMs probe period.
     * @param seconds  how long to measure after the join.
     * @param out      results directory.
     * @return the JSON file.
     * @throws IOException if the child cannot start or the file cannot be written.
     */
    public static File run(final DriverPreset preset, final int periodMs, final double seconds, final File out)
        throws IOException
    {
        final int remotePort = AeronChannels.freeUdpPort();
        final int localPort = AeronChannels.freeUdpPort();
        final long startNs = System.nanoTime();
        final ProbeRtt rtt;
        final long members;
        try (PongProcess remote = new PongProcess(StarlingPeers.class.getName(), AeronChannels.presetName(preset),
            Integer.toString(remotePort), Integer.toString(periodMs));
            StarlingEngine engine = StarlingEngine.launch(StarlingPeers.context(preset, localPort, periodMs,
                remotePort)))
        {
            final long joinDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.liveMemberCount(0) < 2)
            {
                if (System.nanoTime() - joinDeadlineNs > 0)
                {
                    throw new IllegalStateException("the two engines did not see each other within 30 s");
                }
                sleepMs(10);
            }
            sleepMs((long)(seconds * 1000));
            sleepMs(1_100); // ProbeRtt is published once a second
            rtt = engine.probeRtt();
            members = engine.liveMemberCount(0);
        }

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "aeron_rtt");
        m.put("group", "aeron-rtt");
        m.put("subject", Subjects.STARLING);
        m.put("subject_description", "Starling direct probes (Ping to Ack) between two engines with one node " +
            "each, this process and a child, UDP on loopback, busy-spinning agents; the engine's ProbeRtt " +
            "percentiles, cumulative from the join (no .hgrm)");
        m.put("preset", AeronChannels.presetName(preset));
        m.put("sampling", "one probe per probe period, so samples are spread evenly over wall time and see " +
            "scheduler stalls as open-loop load does; compare with aeron-openloop-raw-" +
            AeronChannels.presetName(preset) + "-1000 as well as with the closed-loop baseline");
        m.put("probe_period_ms", periodMs);
        m.put("measured_s", seconds);
        m.put("elapsed_s", Math.round((System.nanoTime() - startNs) / 1e6) / 1000.0);
        m.put("live_members_at_end", members);
        m.put("count", rtt.count());
        m.put("p50_us", LatencyResult.us(rtt.p50Ns()));
        m.put("p90_us", LatencyResult.us(rtt.p90Ns()));
        m.put("p99_us", LatencyResult.us(rtt.p99Ns()));
        m.put("p99_9_us", LatencyResult.us(rtt.p999Ns()));
        m.put("max_us", LatencyResult.us(rtt.maxNs()));
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("machine", MachineInfo.describe());
        if (!out.isDirectory() && !out.mkdirs())
        {
            throw new IOException("cannot create directory " + out);
        }
        final File file = RatioTable.starlingFile(out, AeronChannels.presetName(preset));
        JSON.writeValue(file, m);
        return file;
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}

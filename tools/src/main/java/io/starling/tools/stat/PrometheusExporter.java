package io.starling.tools.stat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.ProtocolCounters;
import org.agrona.concurrent.status.CountersReader;

/**
 * {@code starling stat --serve}: the counters files of running engines in the Prometheus text format, over the
 * Prometheus Java client's HTTP server. Each scrape maps the files read only (like {@code starling stat}), so the
 * engines' duty cycles never notice; one engine is one hosted node group, labelled {@code engine} (its directory)
 * and {@code pid}. Names follow Prometheus conventions: counters end in {@code _total}, durations are seconds, sizes
 * bytes; drops are one family with a {@code reason} label, members one family with a {@code state} label, the
 * probe round trip a summary of the agent's HdrHistogram percentiles. Which counters a family gathers follows
 * their owner (the counter's type id): the protocol's, transport's and replication layer's are named from their
 * labels, the host's one by one; the names do not depend on the owner, so a counter that moves to another owner
 * keeps its name (dashboards read names).
 */
public final class PrometheusExporter implements MultiCollector, AutoCloseable
{
    private static final double NS_PER_S = 1e9;
    private static final String DROP_PREFIX = "drop: ";
    private static final Map<String, String> REASON_NAMES = Map.of(
        "malformed frame", "malformed", "semantically invalid", "semantic");

    private final Supplier<List<File>> engines;
    private HTTPServer server;

    /**
     * @param engines the metrics files to serve, asked again at every scrape (engines come and go).
     */
    public PrometheusExporter(final Supplier<List<File>> engines)
    {
        this.engines = engines;
    }

    /**
     * Serve {@code /metrics} on an address.
     *
     * @param host address to bind.
     * @param port port to bind, 0 for any free port.
     * @return this.
     * @throws IOException if the address cannot be bound.
     */
    public PrometheusExporter start(final String host, final int port) throws IOException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(this);
        server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
        return this;
    }

    /**
     * @return the port served on.
     */
    public int port()
    {
        return server.getPort();
    }

    public void close()
    {
        if (null != server)
        {
            server.close();
        }
    }

    public MetricSnapshots collect()
    {
        final Families families = new Families();
        for (final File file : engines.get())
        {
            if (!file.isFile())
            {
                continue;
            }
            try (MetricsFile metrics = MetricsFile.mapExisting(file))
            {
                collect(metrics, file, families);
            }
            catch (final IllegalStateException ex)
            {
                // Closed or replaced between listing and mapping: skipped in this scrape.
            }
        }
        return families.build();
    }

    private static void collect(final MetricsFile metrics, final File file, final Families f)
    {
        final Labels engine = Labels.of("engine", file.getParentFile().getName(), "pid", Long.toString(metrics.pid()));
        f.gauge("starling_heartbeat_age_seconds", "Time since the engine's last duty cycle housekeeping.",
            engine, Math.max(0, System.currentTimeMillis() - metrics.heartbeatMs()) / 1e3);
        f.gauge("starling_start_time_seconds", "Start time of the engine, seconds since the epoch.",
            engine, metrics.startTimestampMs() / 1e3);

        final CountersReader reader = metrics.countersReader();
        final long[] host = new long[Math.max(HostCounters.COUNT, 64)];
        final boolean[] hostSeen = new boolean[host.length];
        final boolean[] sinkSeen = new boolean[EngineCounters.SINK_COUNT];
        reader.forEach((value, counterId, label) ->
        {
            // A counter allocated twice under one id (type and key) is served once, the first.
            final int typeId = reader.getCounterTypeId(counterId);
            final int key = reader.metaDataBuffer().getInt(
                CountersReader.metaDataOffset(counterId) + CountersReader.KEY_OFFSET);
            final int sinkId = EngineCounters.sinkId(typeId, key);
            if (sinkId >= 0)
            {
                if (!sinkSeen[sinkId])
                {
                    sinkSeen[sinkId] = true;
                    sinkCounter(f, engine, sinkId, label, value);
                }
            }
            else if (EngineCounters.HOST_TYPE_ID == typeId && key >= 0 && key < host.length && !hostSeen[key])
            {
                host[key] = value;
                hostSeen[key] = true;
                if (!isSpecialHost(key))
                {
                    hostCounter(f, engine, key, label, value);
                }
            }
        });
        rtt(f, engine, reader);
        for (final int[] state : new int[][] {{HostCounters.VIEW_ALIVE, 0}, {HostCounters.VIEW_SUSPECT, 1},
            {HostCounters.VIEW_DEAD, 2}, {HostCounters.VIEW_LEFT, 3}})
        {
            if (hostSeen[state[0]])
            {
                f.gauge("starling_members", "Members by state as seen by the engine's first hosted node.",
                    engine.merge(Labels.of("state", new String[] {"alive", "suspect", "dead", "left"}[state[1]])),
                    host[state[0]]);
            }
        }
    }

    /** A counter of the protocol, the transport or the replication layer: named from its label. */
    private static void sinkCounter(final Families f, final Labels engine, final int sinkId, final String label,
        final long value)
    {
        if (label.startsWith(DROP_PREFIX))
        {
            final String reason = label.substring(DROP_PREFIX.length());
            f.counter("starling_frames_dropped", "Frames dropped, by reason.",
                engine.merge(Labels.of("reason", REASON_NAMES.getOrDefault(reason, snake(reason)))), value);
        }
        else if (ProtocolCounters.BYTES_SENT == sinkId)
        {
            f.counter("starling_sent_bytes", "Bytes of frames sent.", engine, value);
        }
        else if (ProtocolCounters.BYTES_RECEIVED == sinkId)
        {
            f.counter("starling_received_bytes", "Bytes of frames received.", engine, value);
        }
        else
        {
            f.counter("starling_" + snake(label), capitalise(label) + ".", engine, value);
        }
    }

    private static boolean isSpecialHost(final int id)
    {
        switch (id)
        {
            case HostCounters.PROBE_RTT_COUNT:
            case HostCounters.PROBE_RTT_P50_NS:
            case HostCounters.PROBE_RTT_P90_NS:
            case HostCounters.PROBE_RTT_P99_NS:
            case HostCounters.PROBE_RTT_P999_NS:
            case HostCounters.PROBE_RTT_MAX_NS:
            case HostCounters.PROBE_RTT_SEQUENCE:
            case HostCounters.VIEW_ALIVE:
            case HostCounters.VIEW_SUSPECT:
            case HostCounters.VIEW_DEAD:
            case HostCounters.VIEW_LEFT:
                return true;
            default:
                return false;
        }
    }

    private static void hostCounter(final Families f, final Labels engine, final int id, final String label,
        final long value)
    {
        switch (id)
        {
            case HostCounters.NODES_HOSTED:
            case HostCounters.NODES_STARTED:
            case HostCounters.PUBLICATIONS:
            case HostCounters.IMAGES:
            case HostCounters.TIMERS_ACTIVE:
            case HostCounters.NODES_DEGRADED:
                f.gauge("starling_" + snake(label), capitalise(label) + ".", engine, value);
                break;
            case HostCounters.MAX_DUTY_CYCLE_NS:
                f.gauge("starling_duty_cycle_max_seconds", "Longest duty cycle of the agent.", engine,
                    value / NS_PER_S);
                break;
            case HostCounters.LOCAL_HEALTH_MAX:
                f.gauge("starling_local_health_score_max",
                    "Highest Lifeguard local health score among the hosted nodes (0 is healthy).", engine, value);
                break;
            case HostCounters.ERRORS:
            case HostCounters.COMMANDS_REJECTED:
            case HostCounters.IN_MEMORY_FRAMES:
            case HostCounters.NETWORK_FRAMES_SENT:
            case HostCounters.NETWORK_FRAMES_RECEIVED:
            case HostCounters.TIMERS_FIRED:
            case HostCounters.JOINS_SENT:
            case HostCounters.ID_CONFLICTS:
            case HostCounters.LISTENER_ERRORS:
            case HostCounters.DUTY_CYCLES:
            case HostCounters.COMMANDS_RECEIVED:
                f.counter("starling_" + snake(label), capitalise(label) + ".", engine, value);
                break;
            default:
                f.gauge("starling_host_" + snake(label), capitalise(label) + ".", engine, value);
                break;
        }
    }

    /** The probe round trip percentiles, read consistently under the agent's sequence lock. */
    private static void rtt(final Families f, final Labels engine, final CountersReader reader)
    {
        final Map<Integer, Integer> counterIdByHostId = new LinkedHashMap<>();
        reader.forEach((value, counterId, label) ->
        {
            if (EngineCounters.HOST_TYPE_ID == reader.getCounterTypeId(counterId))
            {
                counterIdByHostId.put(reader.metaDataBuffer().getInt(
                    CountersReader.metaDataOffset(counterId) + CountersReader.KEY_OFFSET), counterId);
            }
        });
        final int[] ids = {HostCounters.PROBE_RTT_SEQUENCE, HostCounters.PROBE_RTT_COUNT,
            HostCounters.PROBE_RTT_P50_NS, HostCounters.PROBE_RTT_P90_NS, HostCounters.PROBE_RTT_P99_NS,
            HostCounters.PROBE_RTT_P999_NS, HostCounters.PROBE_RTT_MAX_NS};
        for (final int id : ids)
        {
            if (!counterIdByHostId.containsKey(id))
            {
                return;
            }
        }
        final long[] v = new long[ids.length];
        for (int attempt = 0; attempt < 1_000; attempt++)
        {
            final long before = reader.getCounterValue(counterIdByHostId.get(HostCounters.PROBE_RTT_SEQUENCE));
            for (int i = 1; i < ids.length; i++)
            {
                v[i] = reader.getCounterValue(counterIdByHostId.get(ids[i]));
            }
            java.lang.invoke.VarHandle.acquireFence();
            if (0 == (before & 1) &&
                before == reader.getCounterValue(counterIdByHostId.get(HostCounters.PROBE_RTT_SEQUENCE)))
            {
                f.summary(engine, v[1], v[2] / NS_PER_S, v[3] / NS_PER_S, v[4] / NS_PER_S, v[5] / NS_PER_S);
                f.gauge("starling_probe_rtt_max_seconds", "Longest probe round trip recorded.", engine,
                    v[6] / NS_PER_S);
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @param label a counter's label.
     * @return lower case, every run of other characters an underscore: a Prometheus name part.
     */
    static String snake(final String label)
    {
        final String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    private static String capitalise(final String label)
    {
        return label.isEmpty() ? label : Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** Metric families of one scrape, data points gathered across engines. */
    private static final class Families
    {
        private final Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
        private final Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
        private SummarySnapshot.Builder summary;

        private final java.util.Set<String> points = new java.util.HashSet<>();

        /** A second data point of one family with the same labels (a name two counters derive to) is not served. */
        private boolean first(final String name, final Labels labels)
        {
            return points.add(name + labels);
        }

        void counter(final String name, final String help, final Labels labels, final double value)
        {
            if (!first(name, labels))
            {
                return;
            }
            counters.computeIfAbsent(name, (n) -> CounterSnapshot.builder().name(n).help(help))
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void gauge(final String name, final String help, final Labels labels, final double value)
        {
            if (!first(name, labels))
            {
                return;
            }
            gauges.computeIfAbsent(name, (n) -> GaugeSnapshot.builder().name(n).help(help))
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void summary(final Labels labels, final long count, final double p50, final double p90, final double p99,
            final double p999)
        {
            if (null == summary)
            {
                summary = SummarySnapshot.builder().name("starling_probe_rtt_seconds")
                    .help("Probe round trip (ping to ack) percentiles of the agent's HdrHistogram, since start.");
            }
            final Quantiles.Builder quantiles = Quantiles.builder();
            if (count > 0)
            {
                quantiles.quantile(new Quantile(0.5, p50)).quantile(new Quantile(0.9, p90))
                    .quantile(new Quantile(0.99, p99)).quantile(new Quantile(0.999, p999));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels).count(count)
                .quantiles(quantiles.build()).build());
        }

        MetricSnapshots build()
        {
            final List<MetricSnapshot> all = new ArrayList<>();
            counters.values().forEach((b) -> all.add(b.build()));
            gauges.values().forEach((b) -> all.add(b.build()));
            if (null != summary)
            {
                all.add(summary.build());
            }
            return new MetricSnapshots(all);
        }
    }
}

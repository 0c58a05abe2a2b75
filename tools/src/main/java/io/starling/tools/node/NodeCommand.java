package io.starling.tools.node;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.engine.api.DetectionProfile;
import io.starling.engine.api.Member;
import io.starling.engine.api.ProbeRtt;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.Endpoints;
import io.starling.engine.transport.TransportCounters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling node}: one long-running process hosting M nodes that joins a cluster across processes and hosts,
 * prints a one-line status periodically and, on SIGINT or SIGTERM, leaves gracefully, closes and removes its
 * directory.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run M Starling nodes in this process and join a cluster through seeds.")
public final class NodeCommand implements Callable<Integer>
{
    private static final ObjectMapper STATUS_MAPPER = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", required = true, description = "HOST:PORT to receive on (and to advertise).")
    String bind;

    @Option(names = "--advertise", description = "Address other hosts reach this one at (required with 0.0.0.0).")
    String advertise;

    @Option(names = "--seeds", split = ",", description = "HOST:PORT,... of processes already in the cluster.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--nodes", defaultValue = "1", description = "Nodes to host (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--node-id-base", description = "First node id (default random).")
    Integer nodeIdBase;

    @Option(names = "--period-ms", defaultValue = "1000", description = "Probe period (default ${DEFAULT-VALUE}).")
    long periodMs;

    @Option(names = "--status-interval-ms", defaultValue = "5000",
        description = "Interval of the status line (default ${DEFAULT-VALUE}).")
    long statusIntervalMs;

    @Option(names = "--duration-s", defaultValue = "0",
        description = "Stop after this many seconds; 0 runs until SIGINT/SIGTERM (default).")
    long durationS;

    @Option(names = "--leave-timeout-ms", defaultValue = "3000",
        description = "Longest wait for the graceful leave to spread (default ${DEFAULT-VALUE}).")
    long leaveTimeoutMs;

    @Option(names = "--idle", defaultValue = "sleep",
        description = "Idle preset: sleep (default; wake for the next timer, datagram or command), spin (lowest " +
            "latency, one core) or backoff (park up to 1 ms).")
    String idle;

    @Option(names = "--detection", defaultValue = "default",
        description = "Detection profile: default, or fast (probe every 500 ms, probe timeout 250 ms, gossip " +
            "every 100 ms, in place of what --period-ms gives: deaths known in about half the time).")
    String detection;

    @Option(names = "--json", description = "Write a JSON summary to this file at exit.")
    File json;

    @Option(names = "--keyring", description = "Keyring file: seal and open every network frame (see 'starling keys').")
    File keyring;

    @Option(names = "--tag", paramLabel = "KEY=VALUE",
        description = "A tag every hosted node carries (repeatable), e.g. --tag role=edge --tag gpus=2; " +
            "'starling members --where' selects on them.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--status-json",
        description = "Print each status line as one JSON object: every hosted node's view (min and max per state).")
    boolean statusJson;

    public Integer call() throws Exception
    {
        if (nodes < 1)
        {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (periodMs < 10)
        {
            throw new IllegalArgumentException("--period-ms must be at least 10, got " + periodMs);
        }
        if (statusIntervalMs < 100)
        {
            throw new IllegalArgumentException("--status-interval-ms must be at least 100, got " + statusIntervalMs);
        }
        if (durationS < 0)
        {
            throw new IllegalArgumentException("--duration-s must not be negative, got " + durationS);
        }
        if (null != nodeIdBase && nodeIdBase < 0)
        {
            throw new IllegalArgumentException("--node-id-base must not be negative, got " + nodeIdBase);
        }
        final IdlePreset idlePreset = IdlePreset.parse(idle);
        final DetectionProfile detectionProfile = DetectionProfile.parse(detection);
        Endpoints.parse("--bind", bind);
        for (final String seed : seeds)
        {
            Endpoints.parse("--seeds", seed);
        }

        final ProtocolConfig protocol = new ProtocolConfig()
            .probeIntervalNs(TimeUnit.MILLISECONDS.toNanos(periodMs))
            .probeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(periodMs) / 2)
            .gossipIntervalNs(TimeUnit.MILLISECONDS.toNanos(Math.max(1, periodMs / 5)));
        final StarlingEngine.Context ctx = new StarlingEngine.Context()
            .bind(bind)
            .nodeCount(nodes)
            .idlePreset(idlePreset)
            .detectionProfile(detectionProfile)
            .protocolConfig(protocol)
            .seeds(seeds.toArray(new String[0]));
        if (null != advertise)
        {
            ctx.advertiseHost(advertise);
        }
        if (null != nodeIdBase)
        {
            ctx.nodeIdBase(nodeIdBase);
        }
        if (null != keyring)
        {
            ctx.keyring(io.starling.engine.security.KeyringFile.load(keyring.toPath()));
        }
        final java.util.Map<String, String> tagMap = new java.util.LinkedHashMap<>();
        for (final String tag : tags)
        {
            final int eq = tag.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("--tag must be KEY=VALUE: " + tag);
            }
            tagMap.put(tag.substring(0, eq), tag.substring(eq + 1));
        }
        ctx.tags(tagMap);

        final PrintWriter out = spec.commandLine().getOut();
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            running.set(false);
            try
            {
                stopped.await(leaveTimeoutMs + 10_000, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "starling-node-shutdown");

        final long startMs = System.currentTimeMillis();
        final StarlingEngine engine = StarlingEngine.launch(ctx);
        boolean left = false;
        try
        {
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("starling node: " + nodes + " nodes, ids " + ctx.nodeIds()[0] + ".." +
                ctx.nodeIds()[nodes - 1] + ", bind " + bind + ", seeds " + seeds + ", dir " + engine.directory());
            out.flush();
            final long endMs = durationS > 0 ? startMs + durationS * 1000 : Long.MAX_VALUE;
            long nextStatusMs = startMs + statusIntervalMs;
            while (running.get() && System.currentTimeMillis() < endMs)
            {
                if (null != engine.failure())
                {
                    out.println("starling node: the engine stopped: " + engine.failure().getMessage());
                    out.flush();
                    return 1;
                }
                // At most 4 wakeups a second: an idle node should cost its process nothing.
                Thread.sleep(Math.max(1, Math.min(250, Math.min(endMs, nextStatusMs) - System.currentTimeMillis())));
                if (System.currentTimeMillis() >= nextStatusMs)
                {
                    nextStatusMs += statusIntervalMs;
                    out.println(statusJson ? statusJson(engine, startMs, null) : status(engine, startMs));
                    out.flush();
                }
            }
            out.println("starling node: leaving");
            out.flush();
            left = engine.leave(leaveTimeoutMs);
            out.println(statusJson ? statusJson(engine, startMs, left) :
                status(engine, startMs) + (left ? " left" : " leave timed out"));
            if (null != json)
            {
                writeJson(engine, startMs, left);
            }
        }
        finally
        {
            engine.close();
            out.println("starling node: closed");
            out.flush();
            stopped.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // Shutting down on a signal: the hook is running and waits for us.
            }
        }
        return 0;
    }

    static String status(final StarlingEngine engine, final long startMs)
    {
        final int[] byState = countStates(engine.members());
        final ProbeRtt rtt = engine.probeRtt();
        return String.format("t=%.1fs alive=%d suspect=%d dead=%d left=%d frames_out=%d frames_in=%d " +
            "drops=%d max_duty_us=%d rtt_p50_us=%d rtt_p99_us=%d errors=%d",
            (System.currentTimeMillis() - startMs) / 1000.0,
            byState[MemberState.ALIVE], byState[MemberState.SUSPECT], byState[MemberState.DEAD],
            byState[MemberState.LEFT],
            engine.protocolCounter(ProtocolCounters.FRAMES_SENT),
            engine.protocolCounter(ProtocolCounters.FRAMES_RECEIVED),
            drops(engine),
            engine.hostCounter(HostCounters.MAX_DUTY_CYCLE_NS) / 1000,
            rtt.p50Ns() / 1000, rtt.p99Ns() / 1000,
            engine.hostCounter(HostCounters.ERRORS));
    }

    /**
     * One status line as a JSON object (stable snake_case names): the views of every hosted node, as the least and
     * most members any of them sees in each state, so a reader can tell whether every hosted node sees the whole
     * cluster alive, plus counters.
     *
     * @param engine  the engine.
     * @param startMs when the process started.
     * @param left    null for a periodic line; after the graceful leave, whether it was spread in time.
     * @return the line.
     */
    static String statusJson(final StarlingEngine engine, final long startMs, final Boolean left)
    {
        final int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        final int[] max = new int[4];
        final int hosted = engine.nodeIds().length;
        for (int i = 0; i < hosted; i++)
        {
            final int[] byState = countStates(engine.members(i));
            for (int s = 0; s < 4; s++)
            {
                min[s] = Math.min(min[s], byState[s]);
                max[s] = Math.max(max[s], byState[s]);
            }
        }
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("t_ms", System.currentTimeMillis() - startMs);
        doc.put("pid", ProcessHandle.current().pid());
        doc.put("nodes", hosted);
        doc.put("alive_min", min[MemberState.ALIVE]);
        doc.put("alive_max", max[MemberState.ALIVE]);
        doc.put("suspect_min", min[MemberState.SUSPECT]);
        doc.put("suspect_max", max[MemberState.SUSPECT]);
        doc.put("dead_min", min[MemberState.DEAD]);
        doc.put("dead_max", max[MemberState.DEAD]);
        doc.put("left_min", min[MemberState.LEFT]);
        doc.put("left_max", max[MemberState.LEFT]);
        doc.put("frames_out", engine.protocolCounter(ProtocolCounters.FRAMES_SENT));
        doc.put("frames_in", engine.protocolCounter(ProtocolCounters.FRAMES_RECEIVED));
        doc.put("drops", drops(engine));
        doc.put("suspicions_raised", engine.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED));
        doc.put("refutations", engine.protocolCounter(ProtocolCounters.REFUTATIONS));
        doc.put("deaths_declared", engine.protocolCounter(ProtocolCounters.DEATHS_DECLARED));
        doc.put("errors", engine.hostCounter(HostCounters.ERRORS));
        doc.put("probe_failures", engine.protocolCounter(ProtocolCounters.PROBE_FAILURES));
        putSecurityDrops(engine, doc);
        if (null != left)
        {
            doc.put("left", left);
        }
        try
        {
            return STATUS_MAPPER.writeValueAsString(doc);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static int[] countStates(final List<Member> members)
    {
        final int[] byState = new int[4];
        for (final Member m : members)
        {
            if (m.state() >= 0 && m.state() < 4)
            {
                byState[m.state()]++;
            }
        }
        return byState;
    }

    static long drops(final StarlingEngine engine)
    {
        long drops = 0;
        for (int id = ProtocolCounters.DROP_OUTBOX_FULL; id <= ProtocolCounters.DROP_SEMANTIC; id++)
        {
            drops += engine.protocolCounter(id);
        }
        for (int id = TransportCounters.DROP_BACK_PRESSURE; id <= TransportCounters.DROP_PARTITION; id++)
        {
            drops += engine.protocolCounter(id);
        }
        return drops;
    }

    /** The drops of the inbound gate: the security reasons and a clear frame's bad checksum. */
    static void putSecurityDrops(final StarlingEngine engine, final Map<String, Object> doc)
    {
        doc.put("drop_not_sealed", engine.protocolCounter(TransportCounters.DROP_NOT_SEALED));
        doc.put("drop_bad_tag", engine.protocolCounter(TransportCounters.DROP_BAD_TAG));
        doc.put("drop_unknown_key", engine.protocolCounter(TransportCounters.DROP_UNKNOWN_KEY));
        doc.put("drop_replayed", engine.protocolCounter(TransportCounters.DROP_REPLAYED));
        doc.put("drop_seal_failed", engine.protocolCounter(TransportCounters.DROP_SEAL_FAILED));
        doc.put("drop_bad_checksum", engine.protocolCounter(TransportCounters.DROP_BAD_CHECKSUM));
    }

    private void writeJson(final StarlingEngine engine, final long startMs, final boolean left) throws Exception
    {
        final int[] byState = countStates(engine.members());
        final ProbeRtt rtt = engine.probeRtt();
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes);
        doc.put("node_id_base", engine.nodeIds()[0]);
        doc.put("bind", bind);
        doc.put("seeds", seeds);
        doc.put("uptime_ms", System.currentTimeMillis() - startMs);
        doc.put("members_alive", byState[MemberState.ALIVE]);
        doc.put("members_suspect", byState[MemberState.SUSPECT]);
        doc.put("members_dead", byState[MemberState.DEAD]);
        doc.put("members_left", byState[MemberState.LEFT]);
        doc.put("left_gracefully", left);
        doc.put("frames_sent", engine.protocolCounter(ProtocolCounters.FRAMES_SENT));
        doc.put("frames_received", engine.protocolCounter(ProtocolCounters.FRAMES_RECEIVED));
        doc.put("bytes_sent", engine.protocolCounter(ProtocolCounters.BYTES_SENT));
        doc.put("bytes_received", engine.protocolCounter(ProtocolCounters.BYTES_RECEIVED));
        doc.put("drops", drops(engine));
        doc.put("errors", engine.hostCounter(HostCounters.ERRORS));
        doc.put("suspicions_raised", engine.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED));
        doc.put("probe_failures", engine.protocolCounter(ProtocolCounters.PROBE_FAILURES));
        putSecurityDrops(engine, doc);
        doc.put("max_duty_cycle_ns", engine.hostCounter(HostCounters.MAX_DUTY_CYCLE_NS));
        doc.put("probe_rtt_count", rtt.count());
        doc.put("probe_rtt_p50_ns", rtt.p50Ns());
        doc.put("probe_rtt_p90_ns", rtt.p90Ns());
        doc.put("probe_rtt_p99_ns", rtt.p99Ns());
        doc.put("probe_rtt_max_ns", rtt.maxNs());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
    }
}

package io.starling.tools.sim;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.schedule.ContactPlan;
import io.starling.engine.schedule.ContactPlanException;
import io.starling.engine.schedule.LinkSchedule;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.LatencyModel;
import io.starling.engine.sim.SimMetrics;
import io.starling.engine.sim.Simulation;
import io.starling.engine.transport.TransportCounters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling sim}: the protocol in virtual time on the deterministic simulator. A run has a join phase (until
 * every node sees every node ALIVE, at most {@code --join-timeout-periods}) and then a scenario of
 * {@code --periods} periods, starting at the next period boundary, in which kills, partitions, pauses and one
 * metadata update happen at times given in periods from the scenario's start. Prints a human summary; with
 * {@code --json FILE} writes one JSON document of the measured values beside their theoretical ones.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run SWIM/Lifeguard on the deterministic simulator (virtual time, one seed reproduces a run).",
        "Times are in protocol periods; scenario times count from the end of the join phase."
    })
public final class SimCommand implements Callable<Integer>
{
    private static final long NS_PER_MS = 1_000_000L;
    private static final int DEFAULT_NODES = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "-1",
        description = "Nodes (default 100; with --schedule the plan's nodes, and node k is plan node k).")
    int nodes;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--periods", paramLabel = "P", defaultValue = "60",
        description = "Scenario length in protocol periods, after the join phase (default ${DEFAULT-VALUE}).")
    double periods;

    @Option(names = "--period-ms", paramLabel = "T", defaultValue = "1000",
        description = "Protocol period (probe interval); probe timeout and gossip interval keep their default " +
            "ratios to it (default ${DEFAULT-VALUE}).")
    double periodMs;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0", description = "Uniform loss rate in [0, 1].")
    double loss;

    @Option(names = "--latency-ms", paramLabel = "SPEC", defaultValue = "1",
        description = "One-way latency: X, MIN-MAX (uniform) or lognormal:MEDIAN,SIGMA,CAP (default ${DEFAULT-VALUE}).")
    String latencyMs;

    @Option(names = "--kill", paramLabel = "K", defaultValue = "0", description = "Nodes to crash.")
    int kill;

    @Option(names = "--kill-at", paramLabel = "P", defaultValue = "5",
        description = "Period of the kills, at a random phase within it (default ${DEFAULT-VALUE}).")
    double killAt;

    @Option(names = "--partition", paramLabel = "SPEC",
        description = "FRACTION or A/B, then @START and +DURATION in periods: 0.3, 50/50@10+30 " +
            "(defaults @5+20; +0 never heals).")
    String partition;

    @Option(names = "--pause", paramLabel = "SPEC",
        description = "COUNT:DURATION_MS[@START]: pause COUNT random nodes (stop the world), default @5.")
    String pause;

    @Option(names = "--no-lifeguard", description = "Switch the Lifeguard refinements off.")
    boolean noLifeguard;

    @Option(names = "--detection", paramLabel = "PROFILE", defaultValue = "default",
        description = "Detection profile: default, or fast (probe every 500 ms, probe timeout 250 ms, gossip " +
            "every 100 ms, in place of what --period-ms gives).")
    String detection;

    @Option(names = "--random-probes", description = "Uniform random probe targets instead of round-robin.")
    boolean randomProbes;

    @Option(names = "--join", paramLabel = "MODE", defaultValue = "auto",
        description = "seed (all join through node 0), preconverged (every node told of every other), or auto: " +
            "seed up to 1000 nodes (default ${DEFAULT-VALUE}).")
    String join;

    @Option(names = "--processes", paramLabel = "SIZES",
        description = "Place the nodes into processes of these sizes, in node order (e.g. 980,20; they must sum to " +
            "--nodes): a process's nodes share one endpoint and a member directory of their own and know each other " +
            "by configuration, as co-hosted nodes of one engine do. Default: every node its own endpoint, one " +
            "directory shared by all.")
    String processes;

    @Option(names = "--host-gossip-rate", paramLabel = "MSGS", defaultValue = "0",
        description = "With --processes: Gossip messages per second a process's nodes send together, as an engine's " +
            "hostGossipMessagesPerSecond (0: no limit; default ${DEFAULT-VALUE}).")
    long hostGossipRate;

    @Option(names = "--host-state-rate", paramLabel = "BYTES", defaultValue = "0",
        description = "With --processes: bytes of whole views per second a process's nodes send together, as an " +
            "engine's hostStateBytesPerSecond (0: no limit; default ${DEFAULT-VALUE}).")
    long hostStateRate;

    @Option(names = "--join-timeout-periods", paramLabel = "P", defaultValue = "120",
        description = "Longest join phase (default ${DEFAULT-VALUE}).")
    double joinTimeoutPeriods;

    @Option(names = "--warmup-periods", paramLabel = "P", defaultValue = "10",
        description = "Periods between the end of the join phase and the scenario's start, so the measured " +
            "window skips the dissemination and first push-pulls that follow a join (default ${DEFAULT-VALUE}).")
    double warmupPeriods;

    @Option(names = "--start-jitter-ms", paramLabel = "MS", defaultValue = "0",
        description = "0: all nodes start at t=0 (aligned periods); else a uniformly random start phase.")
    double startJitterMs;

    @Option(names = "--no-metadata-update",
        description = "Skip the metadata update (at 0.5 periods, on a node not killed) that measures dissemination.")
    boolean noMetadataUpdate;

    @Option(names = "--updates", paramLabel = "M", defaultValue = "0",
        description = "Propagation: M metadata updates from random nodes not killed, the first at 0.5 periods, " +
            "then one every --update-spacing-periods; each timed until every other live node has it " +
            "(0: the single update of --no-metadata-update; default ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--update-spacing-periods", paramLabel = "S", defaultValue = "3",
        description = "Periods between two updates (default ${DEFAULT-VALUE}).")
    double updateSpacingPeriods;

    @Option(names = "--hgrm", paramLabel = "PREFIX",
        description = "Write the propagation and detection distributions as PREFIX-propagation.hgrm, " +
            "PREFIX-detect-suspect.hgrm, PREFIX-detect-dead.hgrm, PREFIX-detect-all.hgrm (milliseconds), each " +
            "with a JSON summary of the same name.")
    String hgrm;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as one JSON document.")
    File json;

    @Option(names = "--exercise", paramLabel = "E",
        description = "Run exercise 1, 2 or 3 of the gossip seed on the simulator (push fanout 3 at N = 1,000; " +
            "SWIM probes at 5%% loss; one-peer push-pull at N = 100) beside the seed's answer and the theory " +
            "from message counts; uses --seed and --json only.")
    Integer exercise;

    @Option(names = "--sweep", paramLabel = "NAME",
        description = "detection: the detection trade-off (time until all of 1,000 know of a death against false " +
            "positives at 5%% loss and with Lifeguard's slow members) over probe periods, suspicion multipliers " +
            "and Lifeguard on/off; uses --seed and --json; plot with starling report.")
    String sweep;

    @Option(names = "--sweep-points", paramLabel = "I,I,...",
        description = "Only these points of the sweep (indices from 0, as listed by a full sweep).")
    String sweepPoints;

    @Option(names = "--sweep-loss-nodes", paramLabel = "N", defaultValue = "200",
        description = "Cluster size of the 5%% loss soak of each point (default ${DEFAULT-VALUE}).")
    int sweepLossNodes;

    @Option(names = "--sweep-seeds", paramLabel = "S", defaultValue = "1",
        description = "Seeds per false-positive scenario, counts added up (default ${DEFAULT-VALUE}).")
    int sweepSeeds;

    @Option(names = "--schedule", paramLabel = "FILE",
        description = "Link schedule (ION contact plan or CSV, see starling constellation): plan time 0 is the " +
            "scenario's start (its first step applies before); plan node k (k-th smallest number) is node k.")
    File schedule;

    @Option(names = "--sample-s", paramLabel = "S", defaultValue = "10",
        description = "With --schedule: membership accuracy sampled every S virtual seconds (default ${DEFAULT-VALUE}).")
    double sampleS;

    @Option(names = "--sample-observers", paramLabel = "K", defaultValue = "100",
        description = "With --schedule: observers whose views are sampled (default ${DEFAULT-VALUE}).")
    int sampleObservers;

    @Option(names = "--schedule-resolution-s", paramLabel = "S", defaultValue = "0",
        description = "With --schedule: recompute paths at most every S virtual seconds (0: at every step of the " +
            "plan; default ${DEFAULT-VALUE}).")
    double scheduleResolutionS;

    @Option(names = "--expected-absence",
        description = "With --schedule: every node is told, each virtual second, which nodes have no link up and " +
            "until when (their next contact); the failure detector leaves them alone until then.")
    boolean expectedAbsence;

    private LinkSchedule linkSchedule;

    /**
     * Everything {@code call()} checks, turned into a simulation context, with a one-line error naming the flag.
     *
     * @return the scenario.
     */
    Scenario scenario()
    {
        linkSchedule = null == schedule ? null : readSchedule(schedule);
        nodes = ScheduleNodes.nodes(nodes, DEFAULT_NODES, linkSchedule);
        if (nodes < 1 || nodes > Simulation.Context.MAX_NODES)
        {
            throw new IllegalArgumentException("--nodes: " + nodes + " must be in [1, " +
                Simulation.Context.MAX_NODES + "]");
        }
        if (!(periods >= 0) || Double.isInfinite(periods))
        {
            throw new IllegalArgumentException("--periods: " + periods + " must be a non-negative number");
        }
        if (!(periodMs >= 1 && periodMs <= 3_600_000))
        {
            throw new IllegalArgumentException("--period-ms: " + periodMs + " must be in [1, 3600000]");
        }
        if (!(loss >= 0 && loss <= 1))
        {
            throw new IllegalArgumentException("--loss: " + loss + " must be in [0, 1]");
        }
        if (kill < 0 || kill >= nodes)
        {
            throw new IllegalArgumentException("--kill: " + kill + " must be in [0, " + (nodes - 1) + "]");
        }
        if (!(killAt >= 0) || Double.isInfinite(killAt))
        {
            throw new IllegalArgumentException("--kill-at: " + killAt + " must be a non-negative number");
        }
        if (!(joinTimeoutPeriods >= 0) || Double.isInfinite(joinTimeoutPeriods))
        {
            throw new IllegalArgumentException("--join-timeout-periods: " + joinTimeoutPeriods +
                " must be a non-negative number");
        }
        if (!(warmupPeriods >= 0) || Double.isInfinite(warmupPeriods))
        {
            throw new IllegalArgumentException("--warmup-periods: " + warmupPeriods + " must be a non-negative number");
        }
        if (!(startJitterMs >= 0) || Double.isInfinite(startJitterMs))
        {
            throw new IllegalArgumentException("--start-jitter-ms: " + startJitterMs + " must not be negative");
        }

        if (updates < 0 || updates > 1_000_000)
        {
            throw new IllegalArgumentException("--updates: " + updates + " must be in [0, 1000000]");
        }
        if (!(updateSpacingPeriods > 0) || Double.isInfinite(updateSpacingPeriods))
        {
            throw new IllegalArgumentException("--update-spacing-periods: " + updateSpacingPeriods +
                " must be a positive number");
        }
        if (updates > 0 && nodes - kill < 2)
        {
            throw new IllegalArgumentException("--updates: needs at least 2 nodes not killed");
        }
        if (updates > 0 && 0.5 + (updates - 1) * updateSpacingPeriods >= periods)
        {
            throw new IllegalArgumentException("--updates: " + updates + " updates every " + updateSpacingPeriods +
                " periods need --periods above " + (0.5 + (updates - 1) * updateSpacingPeriods));
        }
        if (null != hgrm && hgrm.isBlank())
        {
            throw new IllegalArgumentException("--hgrm: the prefix must not be empty");
        }

        if (null != linkSchedule)
        {
            if (!(sampleS > 0) || Double.isInfinite(sampleS))
            {
                throw new IllegalArgumentException("--sample-s: " + sampleS + " must be a positive number");
            }
            if (!(scheduleResolutionS >= 0) || Double.isInfinite(scheduleResolutionS))
            {
                throw new IllegalArgumentException("--schedule-resolution-s: " + scheduleResolutionS +
                    " must be a non-negative number");
            }
            if (sampleObservers < 0)
            {
                throw new IllegalArgumentException("--sample-observers: " + sampleObservers + " must not be negative");
            }
        }

        final JoinMode joinMode;
        switch (join.toLowerCase(Locale.ROOT))
        {
            case "seed":
                joinMode = JoinMode.SEED;
                break;
            case "preconverged":
            case "pre-converged":
                joinMode = JoinMode.PRE_CONVERGED;
                break;
            case "auto":
                joinMode = nodes <= 1000 ? JoinMode.SEED : JoinMode.PRE_CONVERGED;
                break;
            default:
                throw new IllegalArgumentException("--join: '" + join + "' must be seed, preconverged or auto");
        }

        final LatencyModel latency = SimSpecs.latencyMs(latencyMs);
        final SimSpecs.Partition partitionSpec = null == partition ? null : SimSpecs.partition(partition);
        if (null != partitionSpec)
        {
            partitionSpec.firstGroupSize(nodes);
        }
        final SimSpecs.Pause pauseSpec = null == pause ? null : SimSpecs.pause(pause);
        if (null != pauseSpec && pauseSpec.count() > nodes - kill)
        {
            throw new IllegalArgumentException("--pause: count " + pauseSpec.count() + " exceeds the " +
                (nodes - kill) + " nodes not killed");
        }

        final long periodNs = Math.round(periodMs * NS_PER_MS);
        final ProtocolConfig config = new ProtocolConfig()
            .lifeguardEnabled(!noLifeguard)
            .randomProbeTargets(randomProbes);
        if (periodNs != ProtocolConfig.PROBE_INTERVAL_NS_DEFAULT)
        {
            final double scale = (double)periodNs / ProtocolConfig.PROBE_INTERVAL_NS_DEFAULT;
            config.probeIntervalNs(periodNs)
                .probeTimeoutNs(Math.max(1, Math.round(ProtocolConfig.PROBE_TIMEOUT_NS_DEFAULT * scale)))
                .gossipIntervalNs(Math.max(1, Math.round(ProtocolConfig.GOSSIP_INTERVAL_NS_DEFAULT * scale)));
        }
        final io.starling.engine.api.DetectionProfile profile = io.starling.engine.api.DetectionProfile.parse(detection);
        profile.applyTo(config);
        try
        {
            config.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--period-ms: " + ex.getMessage());
        }

        final Simulation.Context ctx = new Simulation.Context()
            .nodes(nodes)
            .seed(seed)
            .protocolConfig(config)
            .lossRate(loss)
            .latency(latency)
            .startJitterNs(Math.round(startJitterMs * NS_PER_MS))
            .joinMode(joinMode)
            .processSizes(null == processes ? null : processSizes(processes, nodes))
            .hostGossipMessagesPerSecond(hostGossipRate)
            .hostStateBytesPerSecond(hostStateRate);
        return new Scenario(ctx, partitionSpec, pauseSpec);
    }

    private static int[] processSizes(final String spec, final int nodes)
    {
        final String[] parts = spec.split(",", -1);
        final int[] sizes = new int[parts.length];
        long sum = 0;
        for (int i = 0; i < parts.length; i++)
        {
            try
            {
                sizes[i] = Integer.parseInt(parts[i].trim());
            }
            catch (final NumberFormatException ex)
            {
                sizes[i] = 0;
            }
            if (sizes[i] < 1)
            {
                throw new IllegalArgumentException("--processes: '" + parts[i].trim() + "' in '" + spec +
                    "' must be a positive node count");
            }
            sum += sizes[i];
        }
        if (sum != nodes)
        {
            throw new IllegalArgumentException("--processes: '" + spec + "' holds " + sum + " nodes, must hold " +
                "--nodes " + nodes);
        }
        return sizes;
    }

    /**
     * @return exit code.
     * @throws IOException if the JSON file cannot be written.
     */
    public Integer call() throws IOException
    {
        if (null != exercise)
        {
            return runExercise();
        }
        if (null != sweep)
        {
            return runSweep();
        }
        final Scenario scenario = scenario();
        final Map<String, Object> result = run(scenario);
        final PrintWriter out = spec.commandLine().getOut();
        out.print(summary(result));
        out.flush();
        if (null != json)
        {
            final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            mapper.writeValue(json, result);
        }
        return 0;
    }

    private int runSweep() throws IOException
    {
        if (!"detection".equals(sweep))
        {
            throw new IllegalArgumentException("--sweep: '" + sweep + "' must be detection");
        }
        if (sweepLossNodes < 10 || sweepLossNodes > 10_000)
        {
            throw new IllegalArgumentException("--sweep-loss-nodes: " + sweepLossNodes + " must be in [10, 10000]");
        }
        if (sweepSeeds < 1 || sweepSeeds > 100)
        {
            throw new IllegalArgumentException("--sweep-seeds: " + sweepSeeds + " must be in [1, 100]");
        }
        final List<DetectionSweep.Point> points = new ArrayList<>();
        if (null == sweepPoints)
        {
            points.addAll(DetectionSweep.POINTS);
        }
        else
        {
            for (final String index : sweepPoints.split(","))
            {
                try
                {
                    points.add(DetectionSweep.POINTS.get(Integer.parseInt(index.trim())));
                }
                catch (final NumberFormatException | IndexOutOfBoundsException ex)
                {
                    throw new IllegalArgumentException("--sweep-points: '" + index + "' must be an index in [0, " +
                        (DetectionSweep.POINTS.size() - 1) + "]");
                }
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Map<String, Object> doc = DetectionSweep.run(points, seed, sweepLossNodes, sweepSeeds, out);
        if (null != json)
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        }
        return 0;
    }

    private int runExercise() throws IOException
    {
        final SeedExercises.Outcome outcome;
        switch (exercise)
        {
            case 1:
                outcome = SeedExercises.exercise1(seed, 50);
                break;
            case 2:
                outcome = SeedExercises.exercise2(seed, 1500);
                break;
            case 3:
                outcome = SeedExercises.exercise3(seed, 40);
                break;
            default:
                throw new IllegalArgumentException("--exercise: " + exercise + " must be 1, 2 or 3");
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.print(outcome.text());
        out.flush();
        if (null != json)
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, outcome.json());
        }
        return 0;
    }

    /**
     * A validated run description.
     *
     * @param context   simulation context.
     * @param partition partition, or null.
     * @param pause     pause, or null.
     */
    private static LinkSchedule readSchedule(final File file)
    {
        try
        {
            return ContactPlan.read(file.toPath());
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalArgumentException("--schedule: cannot read " + file + ": " + ex.getMessage());
        }
        catch (final ContactPlanException ex)
        {
            throw new IllegalArgumentException("--schedule: " + ex.getMessage());
        }
    }

    record Scenario(Simulation.Context context, SimSpecs.Partition partition, SimSpecs.Pause pause)
    {
    }

    Map<String, Object> run(final Scenario scenario)
    {
        final Simulation.Context ctx = scenario.context();
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long cpuStartNs = threads.getCurrentThreadCpuTime();
        final long wallStartNs = System.nanoTime();
        final Simulation sim = new Simulation(ctx);
        final ProtocolConfig config = sim.config();
        final long periodNs = config.probeIntervalNs();
        final SimMetrics metrics = sim.metrics();
        final ScheduledPaths paths = null == linkSchedule ? null :
            new ScheduledPaths(linkSchedule, 1, Math.round(scheduleResolutionS * 1e9));
        if (null != paths)
        {
            sim.network().schedule(paths, Long.MAX_VALUE / 4);
        }

        final boolean converged = sim.runUntilConverged(sim.periodsNs(joinTimeoutPeriods));
        final long joinEndNs = sim.nowNs();
        final long joinWallNs = System.nanoTime() - wallStartNs;
        final long warmupEndNs = joinEndNs + sim.periodsNs(warmupPeriods);
        final long scenarioStartNs = ((warmupEndNs + periodNs - 1) / periodNs) * periodNs;
        if (null != paths)
        {
            sim.network().schedule(paths, scenarioStartNs);
        }
        final io.starling.engine.schedule.ExpectedAbsence absence = expectedAbsence && null != paths ?
            new io.starling.engine.schedule.ExpectedAbsence() : null;
        final io.starling.engine.schedule.ExpectedAbsence.NodeContacts contacts = null == absence ? null :
            new io.starling.engine.schedule.ExpectedAbsence.NodeContacts(linkSchedule);
        final int[] absenceIds = null == contacts ? null : new int[contacts.nodeCount()];
        for (int i = 0; null != absenceIds && i < absenceIds.length; i++)
        {
            absenceIds[i] = sim.nodeId(i);
        }
        if (null != absence)
        {
            for (int i = 0; i < ctx.nodes(); i++)
            {
                if (sim.node(i) instanceof io.starling.engine.protocol.SwimNode)
                {
                    ((io.starling.engine.protocol.SwimNode)sim.node(i)).expectedAbsence(absence);
                }
            }
            // The plan's first step is in force during the warm-up: so is what it says of absence.
            absence.feed(contacts, 0, scenarioStartNs, absenceIds);
        }
        sim.runUntil(scenarioStartNs);
        metrics.markWindow(scenarioStartNs);
        final long scenarioWallStartNs = System.nanoTime();
        final long scenarioCpuStartNs = threads.getCurrentThreadCpuTime();
        final long swimMessagesAtMark = swimMessages(sim);

        // Choose the victims now, from the run's random source, so the metadata update avoids them.
        final int[] order = new int[ctx.nodes()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        for (int i = 0; i < order.length - 1; i++)
        {
            final int j = i + sim.random().nextInt(order.length - i);
            final int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        final int[] victims = Arrays.copyOf(order, kill);
        if (kill > 0)
        {
            final long killNs = scenarioStartNs + sim.periodsNs(killAt) + sim.random().nextLong(periodNs);
            for (final int victim : victims)
            {
                sim.killAt(killNs, victim);
            }
        }
        final int metadataNode = order[order.length - 1];
        if (updates > 0)
        {
            for (int u = 0; u < updates; u++)
            {
                final int node = 0 == u ? metadataNode : order[kill + sim.random().nextInt(order.length - kill)];
                final long atNs = scenarioStartNs + periodNs / 2 + sim.periodsNs(u * updateSpacingPeriods);
                sim.updateMetadataAt(atNs, node, ("v" + (u + 2)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        else if (!noMetadataUpdate && ctx.nodes() > 1)
        {
            sim.updateMetadataAt(scenarioStartNs + periodNs / 2, metadataNode, new byte[] {'v', '2'});
        }
        if (null != scenario.partition())
        {
            final SimSpecs.Partition p = scenario.partition();
            sim.partitionSplitAt(scenarioStartNs + sim.periodsNs(p.startPeriods()), p.firstGroupSize(ctx.nodes()));
            if (p.durationPeriods() > 0)
            {
                sim.healAt(scenarioStartNs + sim.periodsNs(p.startPeriods() + p.durationPeriods()));
            }
        }
        if (null != scenario.pause())
        {
            final SimSpecs.Pause p = scenario.pause();
            final long durationNs = Math.round(p.durationMs() * NS_PER_MS);
            final int[] paused = Arrays.copyOfRange(order, kill, kill + p.count());
            for (final int node : paused)
            {
                sim.pauseAt(scenarioStartNs + sim.periodsNs(p.startPeriods()), node, durationNs);
            }
        }

        final ContactAccuracy accuracy = null == paths ? null :
            new ContactAccuracy(sim, paths, absence, scenarioStartNs, sampleObservers, ctx.seed());
        final long scenarioEndNs = scenarioStartNs + sim.periodsNs(periods);
        if (null != accuracy)
        {
            final long sampleNs = Math.max(1, Math.round(sampleS * 1e9));
            final long feedNs = expectedAbsence ? Math.min(sampleNs, 1_000_000_000L) : sampleNs;
            long nextSampleNs = scenarioStartNs;
            for (long t = scenarioStartNs; t < scenarioEndNs; t += feedNs)
            {
                sim.runUntil(t);
                if (null != absence)
                {
                    absence.feed(contacts, t - scenarioStartNs, scenarioStartNs, absenceIds);
                }
                if (t >= nextSampleNs)
                {
                    accuracy.sample();
                    nextSampleNs += sampleNs;
                }
            }
        }
        sim.runUntil(scenarioEndNs);
        final long endNs = sim.nowNs();
        final long endWallNs = System.nanoTime();
        final long wallNs = endWallNs - wallStartNs;
        final long scenarioWallNs = endWallNs - scenarioWallStartNs;
        final long endCpuNs = threads.getCurrentThreadCpuTime();
        final long cpuNs = endCpuNs - cpuStartNs;
        final long scenarioCpuNs = endCpuNs - scenarioCpuStartNs;

        System.gc();
        final long heapUsedBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        final int n = ctx.nodes();
        final int fanout = config.gossipNodes();
        final double toPeriods = 1.0 / periodNs;
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("nodes", n);
        r.put("seed", ctx.seed());
        r.put("periods", periods);
        r.put("period_ms", periodNs / (double)NS_PER_MS);
        r.put("loss", ctx.lossRate());
        r.put("latency_ms", latencyMs);
        r.put("latency_model", ctx.latency().toString());
        r.put("join_mode", ctx.joinMode().name().toLowerCase(Locale.ROOT));
        r.put("process_sizes", null == ctx.processSizes() ? null : Arrays.toString(ctx.processSizes()));
        r.put("start_jitter_ms", ctx.startJitterNs() / (double)NS_PER_MS);
        r.put("lifeguard", config.lifeguardEnabled());
        r.put("random_probes", config.randomProbeTargets());
        r.put("kill", kill);
        r.put("wall_ms", wallNs / (double)NS_PER_MS);
        final double nodePeriods = metrics.liveNodeNs(endNs) * toPeriods;
        r.put("node_periods", nodePeriods);
        r.put("node_periods_per_s", wallNs > 0 ? nodePeriods / (wallNs / 1e9) : 0.0);
        final double scenarioNodePeriods = metrics.windowLiveNodeNs(endNs) * toPeriods;
        r.put("scenario_wall_ms", scenarioWallNs / (double)NS_PER_MS);
        r.put("scenario_node_periods_per_s", scenarioWallNs > 0 ? scenarioNodePeriods / (scenarioWallNs / 1e9) : 0.0);
        r.put("join_wall_ms", joinWallNs / (double)NS_PER_MS);
        r.put("cpu_ms", cpuNs / (double)NS_PER_MS);
        r.put("node_periods_per_cpu_s", cpuNs > 0 ? nodePeriods / (cpuNs / 1e9) : 0.0);
        r.put("scenario_node_periods_per_cpu_s",
            scenarioCpuNs > 0 ? scenarioNodePeriods / (scenarioCpuNs / 1e9) : 0.0);
        r.put("heap_used_bytes", heapUsedBytes);
        r.put("events", sim.eventsProcessed());
        r.put("converged", converged);
        r.put("converge_periods", metrics.convergedNs() < 0 ? null : metrics.convergedNs() * toPeriods);
        r.put("join_periods", joinEndNs * toPeriods);
        r.put("warmup_periods", (scenarioStartNs - joinEndNs) * toPeriods);

        final double[] detectFirst = new double[victims.length];
        int detected = 0;
        int undetected = 0;
        for (final int victim : victims)
        {
            final long ns = metrics.detectFirstNs(victim);
            if (ns >= 0)
            {
                detectFirst[detected++] = ns * toPeriods;
            }
            else
            {
                undetected++;
            }
        }
        r.put("detect_first_periods", kill > 0 ? stats(Arrays.copyOf(detectFirst, detected)) : null);
        r.put("detect_first_periods_theory", SimTheory.detectFirstPeriods(n));
        final long detectAllNs = kill > 0 ? metrics.detectAllNs() : -1;
        r.put("detect_all_periods", detectAllNs < 0 ? null : detectAllNs * toPeriods);
        r.put("detect_all_periods_theory", SimTheory.detectAllPeriods(
            n, config.suspicionMinTimeoutNs(n), periodNs, config.gossipIntervalNs(), fanout));
        r.put("undetected", undetected);
        r.put("false_positives", metrics.falsePositiveMembers());
        r.put("false_positive_events", metrics.falsePositiveEvents());
        r.put("false_suspicions", metrics.falseSuspicions());
        r.put("false_suspicions_refuted", metrics.falseSuspicionsRefuted());
        r.put("partition_suspicions", metrics.partitionSuspicions());
        r.put("partition_deaths", metrics.partitionDeaths());
        // Each quantile sorts every pair's figure (500,000 of them in a 50/50 split of 1,000): once each.
        final long deathP50Ns = metrics.partitionDeathDelayNs(0.5);
        final long deathLastNs = metrics.partitionDeathDelayNs(1.0);
        final long spreadLastNs = metrics.partitionSpreadLagNs(1.0);
        r.put("partition_death_p50_ms", deathP50Ns < 0 ? null : deathP50Ns / 1e6);
        r.put("partition_death_last_ms", deathLastNs < 0 ? null : deathLastNs / 1e6);
        r.put("partition_spread_last_ms", spreadLastNs < 0 ? null : spreadLastNs / 1e6);
        r.put("refutations", metrics.refutations());

        final double windowNodePeriods = scenarioNodePeriods;
        final boolean window = windowNodePeriods > 0;
        r.put("messages_per_node_per_period", window ? metrics.messagesPerNodePerPeriod(endNs, periodNs) : null);
        r.put("swim_messages_per_node_per_period",
            window ? (swimMessages(sim) - swimMessagesAtMark) / windowNodePeriods : null);
        r.put("messages_per_node_per_period_theory", SimTheory.swimMessagesPerNodePerPeriod(
            ctx.lossRate(), config.indirectChecks(), config.lifeguardEnabled()));
        r.put("frames_per_node_per_period", window ? metrics.framesPerNodePerPeriod(endNs, periodNs) : null);
        r.put("bytes_per_node_per_period", window ? metrics.bytesPerNodePerPeriod(endNs, periodNs) : null);

        Double disseminationRounds = null;
        Double disseminationPeriods = null;
        if (metrics.disseminationCount() > 0 && metrics.disseminationNs(0) >= 0)
        {
            disseminationRounds = metrics.disseminationNs(0) / (double)config.gossipIntervalNs();
            disseminationPeriods = metrics.disseminationNs(0) * toPeriods;
        }
        final double roundsTheory = SimTheory.disseminationRounds(n, fanout);
        r.put("dissemination_rounds", disseminationRounds);
        r.put("dissemination_rounds_theory", roundsTheory);
        r.put("dissemination_periods", disseminationPeriods);
        r.put("dissemination_periods_theory", roundsTheory * config.gossipIntervalNs() * toPeriods);

        propagation(r, sim, n, fanout);
        metadataBytes(r, sim, n);
        detection(r, sim, victims);

        final Map<String, Object> drops = new LinkedHashMap<>();
        drops.put("injected_loss", sim.counter(TransportCounters.DROP_INJECTED_LOSS));
        drops.put("partition", sim.counter(TransportCounters.DROP_PARTITION));
        drops.put("not_connected", sim.counter(TransportCounters.DROP_NOT_CONNECTED));
        drops.put("unknown_destination", sim.counter(ProtocolCounters.DROP_UNKNOWN_DESTINATION));
        drops.put("outbox_full", sim.counter(ProtocolCounters.DROP_OUTBOX_FULL));
        r.put("drops", drops);
        final Map<String, Object> counters = new LinkedHashMap<>();
        for (int id = 0; id < EngineCounters.SINK_COUNT; id++)
        {
            counters.put(EngineCounters.label(id).replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", ""),
                sim.counter(id));
        }
        r.put("counters", counters);
        r.put("observer_inconsistencies", metrics.observerInconsistencies());
        if (null != accuracy)
        {
            r.put("schedule_file", schedule.getPath());
            r.put("schedule_nodes", linkSchedule.nodeCount());
            r.put("schedule_windows", linkSchedule.windowCount());
            r.put("schedule_resolution_s", scheduleResolutionS);
            r.put("expected_absence", expectedAbsence);
            r.put("schedule", accuracy.result());
            r.put("messages_per_node_per_s", window ?
                metrics.messagesPerNodePerPeriod(endNs, periodNs) * 1e9 / periodNs : null);
        }
        r.put("trace_hash", String.format("%016x", metrics.traceHash()));
        return r;
    }

    /**
     * Every metadata update of the run: the distribution of the time until every other live node had it (in
     * periods, gossip rounds and milliseconds of virtual time) beside log-N theory, and the mean convergence curve
     * (fraction of live nodes informed by gossip round) beside the push-gossip curve.
     */
    private void propagation(final Map<String, Object> r, final Simulation sim, final int n, final int fanout)
    {
        final SimMetrics metrics = sim.metrics();
        final long periodNs = sim.periodNs();
        final long gossipNs = sim.config().gossipIntervalNs();
        final int started = metrics.disseminationCount();
        final long[] done = new long[started];
        final List<long[]> arrivals = new ArrayList<>();
        final int[] needed = new int[started];
        int completed = 0;
        for (int d = 0; d < started; d++)
        {
            final long ns = metrics.disseminationNs(d);
            if (ns >= 0)
            {
                done[completed] = ns;
                needed[completed] = metrics.disseminationSeen(d);
                arrivals.add(metrics.disseminationArrivalsNs(d));
                completed++;
            }
        }
        final long[] times = Arrays.copyOf(done, completed);
        final double roundsTheory = SimTheory.disseminationRounds(n, fanout);
        r.put("updates", started);
        r.put("propagation_periods", Distributions.summary(times, periodNs));
        r.put("propagation_periods_theory", roundsTheory * gossipNs / periodNs);
        r.put("propagation_rounds", Distributions.summary(times, gossipNs));
        r.put("propagation_rounds_theory", roundsTheory);
        r.put("propagation_rounds_theory_async", SimTheory.asyncRoundsToAll(n, fanout));
        r.put("propagation_ms", Distributions.summary(times, Distributions.NS_PER_MS));
        r.put("propagation_incomplete", started - completed);

        r.put("propagation", Distributions.propagationDocument("sim", n, started, completed, gossipNs, periodNs,
            fanout, arrivals, Arrays.copyOf(needed, completed)));
        if (null != hgrm && completed > 0)
        {
            writeHgrm("propagation", times, "propagation sim", Map.of("what",
                "time from a metadata update until every other live node has it (virtual time)", "nodes", n,
                "source", "sim", "updates", completed, "label", "sim N=" + n));
        }
    }

    /**
     * The first metadata update: when each other live node received its bytes (not only its version), as p50 and
     * p99 over the nodes and the time by which every node held them, in periods, beside the dissemination bound:
     * every node that has the update sends it {@code retransmitLimit(N)} = lambda * ceil(log10(N + 1)) times, at
     * least one message a period, so the update has stopped spreading after lambda log N periods.
     */
    private static void metadataBytes(final Map<String, Object> r, final Simulation sim, final int n)
    {
        final SimMetrics metrics = sim.metrics();
        if (0 == metrics.disseminationCount())
        {
            return;
        }
        final long periodNs = sim.periodNs();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes_holding", metrics.disseminationBytesHeld(0));
        m.put("per_node_periods", Distributions.summary(metrics.disseminationBytesArrivalsNs(0), periodNs));
        final long allNs = metrics.disseminationBytesNs(0);
        final long versionNs = metrics.disseminationNs(0);
        m.put("all_periods", allNs < 0 ? null : allNs / (double)periodNs);
        m.put("version_all_periods", versionNs < 0 ? null : versionNs / (double)periodNs);
        m.put("bound_periods", sim.config().retransmitLimit(n));
        r.put("metadata_bytes", m);
    }

    /**
     * Per killed node: kill to the first suspicion (or death, if no one suspected it first), to the first death,
     * and to every live node having it dead.
     */
    private void detection(final Map<String, Object> r, final Simulation sim, final int[] victims)
    {
        final SimMetrics metrics = sim.metrics();
        final long periodNs = sim.periodNs();
        final long[] suspect = new long[victims.length];
        final long[] dead = new long[victims.length];
        final long[] all = new long[victims.length];
        int s = 0;
        int d = 0;
        int a = 0;
        for (final int v : victims)
        {
            final long killedAt = metrics.killedAtNs(v);
            final long first = metrics.detectFirstNs(v);
            if (first >= 0)
            {
                suspect[s++] = first;
            }
            if (killedAt >= 0 && metrics.firstDeadNs(v) >= 0)
            {
                dead[d++] = metrics.firstDeadNs(v) - killedAt;
            }
            final long everyone = metrics.detectAllNs(v);
            if (everyone >= 0)
            {
                all[a++] = everyone;
            }
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "detection");
        m.put("source", "sim");
        m.put("killed", victims.length);
        m.put("first_suspicion_ms", Distributions.summary(Arrays.copyOf(suspect, s), Distributions.NS_PER_MS));
        m.put("first_death_ms", Distributions.summary(Arrays.copyOf(dead, d), Distributions.NS_PER_MS));
        m.put("all_informed_ms", Distributions.summary(Arrays.copyOf(all, a), Distributions.NS_PER_MS));
        m.put("first_suspicion_periods", Distributions.summary(Arrays.copyOf(suspect, s), periodNs));
        m.put("first_death_periods", Distributions.summary(Arrays.copyOf(dead, d), periodNs));
        m.put("all_informed_periods", Distributions.summary(Arrays.copyOf(all, a), periodNs));
        r.put("detection", m);
        if (null != hgrm && victims.length > 0)
        {
            final int n = sim.nodeCount();
            final String group = "detection sim " + n;
            writeHgrm("detect-suspect", Arrays.copyOf(suspect, s), group, Map.of("what",
                "kill to first suspicion (virtual time)", "nodes", n, "source", "sim", "label", "first suspicion"));
            writeHgrm("detect-dead", Arrays.copyOf(dead, d), group, Map.of("what",
                "kill to first death declaration (virtual time)", "nodes", n, "source", "sim", "label", "first death"));
            writeHgrm("detect-all", Arrays.copyOf(all, a), group, Map.of("what",
                "kill to every live node having it dead (virtual time)", "nodes", n, "source", "sim", "label",
                "all live nodes informed"));
        }
    }

    private void writeHgrm(final String what, final long[] valuesNs, final String group, final Map<String, Object> extra)
    {
        final File prefix = new File(hgrm);
        final File dir = null == prefix.getAbsoluteFile().getParentFile() ? new File(".") :
            prefix.getAbsoluteFile().getParentFile();
        try
        {
            Distributions.writeHgrm(dir, prefix.getName() + "-" + what, valuesNs, group, extra);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static long swimMessages(final Simulation sim)
    {
        return sim.counter(ProtocolCounters.MESSAGES_SENT) - sim.counter(ProtocolCounters.GOSSIP_MESSAGES_SENT) -
            sim.counter(ProtocolCounters.PUSH_PULL_CHUNKS_SENT);
    }

    private static Map<String, Object> stats(final double[] values)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", values.length);
        if (0 == values.length)
        {
            s.put("mean", null);
            s.put("p50", null);
            s.put("p99", null);
            s.put("max", null);
            return s;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (final double v : sorted)
        {
            sum += v;
        }
        s.put("mean", sum / sorted.length);
        s.put("p50", percentile(sorted, 50));
        s.put("p99", percentile(sorted, 99));
        s.put("max", sorted[sorted.length - 1]);
        return s;
    }

    static double percentile(final double[] sorted, final double p)
    {
        final int rank = (int)Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @SuppressWarnings("unchecked")
    static String summary(final Map<String, Object> r)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "starling sim: %d nodes, seed %d, %s join, lifeguard %s, %s probes%n",
            r.get("nodes"), r.get("seed"), r.get("join_mode"), (Boolean)r.get("lifeguard") ? "on" : "off",
            (Boolean)r.get("random_probes") ? "random" : "round-robin"));
        if (null != r.get("process_sizes"))
        {
            sb.append(String.format(Locale.ROOT, "  processes: %s%n", r.get("process_sizes")));
        }
        sb.append(String.format(Locale.ROOT, "  run: %.0f ms wall (join %.0f ms), %.0f node-periods/s overall, " +
            "%.0f in the %.1f scenario periods (%.0f per CPU second), heap %d MiB%n", r.get("wall_ms"),
            r.get("join_wall_ms"), r.get("node_periods_per_s"), r.get("scenario_node_periods_per_s"), r.get("periods"),
            r.get("scenario_node_periods_per_cpu_s"), ((Long)r.get("heap_used_bytes")) >> 20));
        sb.append(String.format(Locale.ROOT, "  converge: %s periods%n", fmt(r.get("converge_periods"))));
        if (r.get("schedule") instanceof Map)
        {
            final Map<?, ?> s = (Map<?, ?>)r.get("schedule");
            sb.append(String.format(Locale.ROOT, "  schedule %s: %s nodes, %s windows; accuracy strict %s, " +
                "lenient %s; out-of-contact pairs %s; false-dead pair samples %s out of contact, %s in contact; " +
                "%s steps at %s ms each%n", r.get("schedule_file"), r.get("schedule_nodes"), r.get("schedule_windows"),
                fmt(s.get("accuracy_strict")), fmt(s.get("accuracy_lenient")), fmt(s.get("out_of_contact_pair_fraction")),
                s.get("false_dead_pair_samples_out_of_contact"), s.get("false_dead_pair_samples_in_contact"),
                s.get("schedule_steps_computed"), fmt(s.get("schedule_compute_ms_per_step"))));
            if (s.get("strict_mismatches") instanceof Map)
            {
                sb.append(String.format(Locale.ROOT, "  strict accuracy judgeable %s; observer-samples wrong by kind:",
                    fmt(s.get("accuracy_strict_judgeable"))));
                for (final Map.Entry<?, ?> e : ((Map<?, ?>)s.get("strict_mismatches")).entrySet())
                {
                    final Object count = ((Map<?, ?>)e.getValue()).get("observer_samples");
                    if (count instanceof Long && (Long)count > 0)
                    {
                        sb.append(' ').append(e.getKey()).append(' ').append(count);
                    }
                }
                sb.append(String.format(Locale.ROOT, "%n"));
            }
        }
        if ((Integer)r.get("kill") > 0)
        {
            final Map<String, Object> first = (Map<String, Object>)r.get("detect_first_periods");
            sb.append(String.format(Locale.ROOT,
                "  detect first: mean %s p50 %s p99 %s periods (theory %.3f), undetected %s%n",
                fmt(first.get("mean")), fmt(first.get("p50")), fmt(first.get("p99")),
                r.get("detect_first_periods_theory"), r.get("undetected")));
            sb.append(String.format(Locale.ROOT, "  detect all: %s periods (theory >= %.2f)%n",
                fmt(r.get("detect_all_periods")), r.get("detect_all_periods_theory")));
        }
        sb.append(String.format(Locale.ROOT,
            "  false positives: %s members (%s events), false suspicions %s (%s refuted)%n",
            r.get("false_positives"), r.get("false_positive_events"), r.get("false_suspicions"),
            r.get("false_suspicions_refuted")));
        if (null != r.get("partition_deaths") && ((Long)r.get("partition_deaths") > 0 ||
            (Long)r.get("partition_suspicions") > 0))
        {
            sb.append(String.format(Locale.ROOT, "  across the partition: %s suspicions, %s deaths",
                r.get("partition_suspicions"), r.get("partition_deaths")));
            if (null != r.get("partition_death_last_ms"))
            {
                sb.append(String.format(Locale.ROOT, " (while split: p50 %.0f ms, last %.0f ms after the split; " +
                    "the last observer heard %.0f ms after the member's first suspicion)",
                    (Double)r.get("partition_death_p50_ms"), (Double)r.get("partition_death_last_ms"),
                    (Double)r.get("partition_spread_last_ms")));
            }
            sb.append(String.format(Locale.ROOT, "%n"));
        }
        sb.append(String.format(Locale.ROOT,
            "  traffic per node per period: %s messages (%s SWIM probe messages, theory %.2f), %s frames, " +
            "%s bytes%n",
            fmt(r.get("messages_per_node_per_period")), fmt(r.get("swim_messages_per_node_per_period")),
            r.get("messages_per_node_per_period_theory"),
            fmt(r.get("frames_per_node_per_period")), fmt(r.get("bytes_per_node_per_period"))));
        sb.append(String.format(Locale.ROOT, "  dissemination: %s rounds (theory %.2f), %s periods%n",
            fmt(r.get("dissemination_rounds")), r.get("dissemination_rounds_theory"),
            fmt(r.get("dissemination_periods"))));
        final Map<String, Object> prop = (Map<String, Object>)r.get("propagation_rounds");
        if (null != prop && (Integer)prop.get("count") > 1)
        {
            final Map<String, Object> ms = (Map<String, Object>)r.get("propagation_ms");
            sb.append(String.format(Locale.ROOT,
                "  propagation of %s updates to every live node: p50 %s p90 %s p99 %s max %s gossip rounds " +
                "(theory %.2f), p50 %s ms, p99 %s ms%n", prop.get("count"), fmt(prop.get("p50")),
                fmt(prop.get("p90")), fmt(prop.get("p99")), fmt(prop.get("max")), r.get("propagation_rounds_theory"),
                fmt(ms.get("p50")), fmt(ms.get("p99"))));
        }
        final Map<String, Object> bytes = (Map<String, Object>)r.get("metadata_bytes");
        if (null != bytes)
        {
            final Map<String, Object> perNode = (Map<String, Object>)bytes.get("per_node_periods");
            sb.append(String.format(Locale.ROOT,
                "  metadata bytes of the first update: at %s nodes, p50 %s p99 %s periods, all %s periods " +
                "(version all %s; bound lambda log N = %s periods)%n", bytes.get("nodes_holding"),
                fmt(perNode.get("p50")), fmt(perNode.get("p99")), fmt(bytes.get("all_periods")),
                fmt(bytes.get("version_all_periods")), bytes.get("bound_periods")));
        }
        final Map<String, Object> det = (Map<String, Object>)r.get("detection");
        if (null != det && (Integer)det.get("killed") > 1)
        {
            for (final String key : new String[] {"first_suspicion", "first_death", "all_informed"})
            {
                final Map<String, Object> d = (Map<String, Object>)det.get(key + "_periods");
                sb.append(String.format(Locale.ROOT, "  %s: p50 %s p90 %s p99 %s max %s periods (%s of %s)%n",
                    key.replace('_', ' '), fmt(d.get("p50")), fmt(d.get("p90")), fmt(d.get("p99")),
                    fmt(d.get("max")), d.get("count"), det.get("killed")));
            }
        }
        sb.append(String.format(Locale.ROOT, "  trace hash %s%n", r.get("trace_hash")));
        return sb.toString();
    }

    private static String fmt(final Object value)
    {
        if (null == value)
        {
            return "n/a";
        }
        if (value instanceof Double)
        {
            return String.format(Locale.ROOT, "%.2f", (Double)value);
        }
        return String.valueOf(value);
    }
}

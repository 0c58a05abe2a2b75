package io.starling.tools.emulate;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import io.starling.engine.api.ProbeRtt;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.schedule.ContactPlan;
import io.starling.engine.schedule.LinkSchedule;
import io.starling.engine.schedule.ScheduleClock;
import io.starling.engine.schedule.ScheduledPaths;
import io.starling.engine.transport.TransportCounters;
import org.HdrHistogram.Histogram;

/**
 * One hosting process's share of an emulated cluster: a main engine with the nodes that stay up and, when some of
 * its nodes are to be killed, a victim engine with those. Both talk Aeron UDP on loopback (the main engine's own
 * nodes talk in memory), each driven by a {@link DutyCycleRunner} that times its duty cycles, each with a
 * {@link ViewTracker} that aggregates its views from membership events.
 * <p>
 * A kill closes the victim engine without a leave: its agent stops, its publications and subscription close, its
 * nodes never send again, and frames sent to them go to a port nobody reads. To the rest of the cluster that is a
 * crash-stop of exactly those nodes, as it always was (a partition through the fault model would leave the victims
 * running, still sending joins to {@code ANY_NODE}, which partitions do not block). The late-join and churn phases
 * ({@link LifecyclePhase}) start and stop single nodes of the main engine instead: its held nodes follow
 * {@link HostPlan#mainIds}.
 * <p>
 * Thread safe: the coordinator (or a child's command loop) and a shutdown hook may call concurrently.
 */
final class EmulateHost implements AutoCloseable, AccuracySampler.Host
{
    private final HostPlan plan;
    private final ProtocolConfig protocol;
    private final ViewTracker mainTracker;
    private final ViewTracker victimTracker;
    private final PropagationTracker propagation;
    private final Histogram dutyWindow = new Histogram(DutyCycleRunner.HIGHEST_NS, 3);
    private StarlingEngine main;
    private StarlingEngine victims;
    private DutyCycleRunner mainRunner;
    private ScheduleClock scheduleClock;
    private AbsenceFeed absenceFeed;
    private AccuracySampler accuracySampler;
    private DutyCycleRunner victimRunner;
    private HostStatus.EngineView frozenVictims;
    private long victimAgentCpuNs;
    private long startNs;
    private volatile long killedAtNs = -1;
    /** Plan time of the kill (with a schedule), for the accuracy sampler's unjudged crashes; -1 before. */
    private volatile long killPlanMs = -1;
    private volatile boolean closed;
    private final java.util.List<String> directories = new java.util.ArrayList<>();

    /**
     * @param plan what to host.
     */
    EmulateHost(final HostPlan plan)
    {
        this.plan = plan;
        if (null == plan.victimSeed && plan.victimIds.length > 0)
        {
            throw new IllegalArgumentException("plan of host " + plan.host + " has victims but no victimSeed");
        }
        this.protocol = protocolConfig(plan.periodMs);
        this.mainTracker = new ViewTracker(
            plan.memberIdBase, plan.memberCount, plan.mainIds, plan.allVictimIds, false);
        this.propagation = new PropagationTracker(plan.memberIdBase, plan.memberCount, plan.mainIds);
        mainTracker.propagation(propagation);
        this.victimTracker = plan.victimIds.length > 0 ?
            new ViewTracker(plan.memberIdBase, plan.memberCount, plan.victimIds, plan.allVictimIds, true) : null;
    }

    /**
     * Protocol settings for a period: every interval keeps its default ratio to the default period of 1 s (probe
     * timeout T/2, gossip interval T/5, push-pull 30 T, gossip to the dead 30 T, reap 60 T, reconnect 10 T), so a
     * run at a shorter period is the default protocol on a faster clock. ({@code starling sim} and
     * {@code starling node} scale only the probe timeout and the gossip interval; at T = 1 s all agree.)
     *
     * @param periodMs protocol period.
     * @return a new config.
     */
    static ProtocolConfig protocolConfig(final long periodMs)
    {
        final long periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        final double scale = (double)periodNs / ProtocolConfig.PROBE_INTERVAL_NS_DEFAULT;
        return new ProtocolConfig()
            .probeIntervalNs(periodNs)
            .probeTimeoutNs(scaled(ProtocolConfig.PROBE_TIMEOUT_NS_DEFAULT, scale))
            .gossipIntervalNs(scaled(ProtocolConfig.GOSSIP_INTERVAL_NS_DEFAULT, scale))
            .pushPullIntervalNs(scaled(ProtocolConfig.PUSH_PULL_INTERVAL_NS_DEFAULT, scale))
            .gossipToTheDeadNs(scaled(ProtocolConfig.GOSSIP_TO_THE_DEAD_NS_DEFAULT, scale))
            .reapTimeoutNs(scaled(ProtocolConfig.REAP_TIMEOUT_NS_DEFAULT, scale))
            .reconnectIntervalNs(scaled(ProtocolConfig.RECONNECT_INTERVAL_NS_DEFAULT, scale))
            .digestSyncIntervalNs(scaled(ProtocolConfig.DIGEST_SYNC_INTERVAL_NS_DEFAULT, scale))
            .viewSettleNs(scaled(ProtocolConfig.VIEW_SETTLE_NS_DEFAULT, scale))
            // each emulated node stands for its own host: its confirmations are independent (Lifeguard)
            .confirmationsByEndpoint(false);
    }

    private static long scaled(final long defaultNs, final double scale)
    {
        return Math.max(1, Math.round(defaultNs * scale));
    }

    /**
     * Launch the engines and start driving them.
     *
     * @return the launch time ({@link System#nanoTime()}).
     */
    synchronized long start()
    {
        if (closed || null != main)
        {
            throw new IllegalStateException("host " + plan.host + " already started or closed");
        }
        startNs = System.nanoTime();
        main = StarlingEngine.launch(context(plan.mainIds, plan.mainPort, plan.seed, mainTracker, 0));
        directories.add(main.directory().getAbsolutePath());
        if (null != victimTracker)
        {
            victims = StarlingEngine.launch(
                context(plan.victimIds, plan.victimPort, plan.victimSeed, victimTracker, 1));
            directories.add(victims.directory().getAbsolutePath());
        }
        if (null != plan.schedule)
        {
            startSchedule(); // before the first duty cycle: the plan's first step and its absence hold from it
        }
        mainRunner = new DutyCycleRunner(main.invoker(), main.idleStrategy(), "emulate-" + plan.host);
        mainRunner.start();
        if (null != victims)
        {
            victimRunner = new DutyCycleRunner(
                victims.invoker(), victims.idleStrategy(), "emulate-" + plan.host + "-victims");
            victimRunner.start();
        }
        return startNs;
    }

    private StarlingEngine.Context context(
        final int[] ids, final int port, final String seed, final ViewTracker tracker, final int engineIndex)
    {
        final boolean held = 0 == engineIndex && plan.heldIds.length > 0;
        final StarlingEngine.Context ctx = new StarlingEngine.Context()
            .bind(plan.bindHost + ":" + port)
            .nodeIds(held ? concat(ids, plan.heldIds) : ids)
            .startNodesAtLaunch(held ? ids.length : StarlingEngine.Context.START_NODES_AT_LAUNCH_ALL)
            .protocolConfig(protocolConfig(plan.periodMs))
            .lossRate(plan.loss)
            .randomSeed(plan.randomSeed * 31 + plan.host * 2L + engineIndex)
            .membershipListener(tracker)
            .expectedMembers(plan.memberCount + plan.heldIds.length)
            .useAgentInvoker(true)
            .idlePreset(io.starling.engine.host.IdlePreset.parse(plan.idle))
            .detectionProfile(io.starling.engine.api.DetectionProfile.parse(plan.detection))
            .agentRoleName("emulate-" + plan.host + "-" + engineIndex);
        if (null != seed)
        {
            ctx.seeds(seed);
        }
        ctx.bootstrapCoHosted(plan.bootstrap);
        if (null != plan.keyringFile)
        {
            ctx.keyring(io.starling.engine.security.KeyringFile.load(java.nio.file.Path.of(plan.keyringFile)));
        }
        if (plan.startSpreadMs >= 0)
        {
            ctx.startSpreadNs(TimeUnit.MILLISECONDS.toNanos(plan.startSpreadMs));
        }
        // This process's share of the machine's host budgets (EmulateOptions.plan).
        ctx.hostGossipMessagesPerSecond(plan.hostGossipMessagesPerSecond);
        ctx.hostStateBytesPerSecond(plan.hostStateBytesPerSecond);
        ctx.mtuLengthBytes(plan.mtuLengthBytes);
        return ctx;
    }

    private static int[] concat(final int[] first, final int[] second)
    {
        final int[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * @return the main engine (its nodes: the plan's main ids, then its held ids), for the phases that start and stop
     * single nodes; null before {@link #start()}.
     */
    synchronized StarlingEngine mainEngine()
    {
        return closed ? null : main;
    }

    /**
     * Start telling a lifecycle tracker of the main engine's events.
     *
     * @param tracker the tracker.
     */
    void lifecycle(final LifecycleTracker tracker)
    {
        mainTracker.lifecycle(tracker);
    }

    /**
     * From now on count SUSPECT and DEAD about the cluster's victims as detections, and crash the victims hosted
     * here, if any: stop their agent and close their engine without a leave. The coordinator tells the hosts
     * without victims first, so that no detection is mistaken for a false alarm.
     *
     * @return the kill time ({@link System#nanoTime()}).
     */
    synchronized long kill()
    {
        if (killedAtNs >= 0 || closed)
        {
            return killedAtNs;
        }
        if (null != victims)
        {
            frozenVictims = view(victims, victimTracker);
        }
        final long nowNs = System.nanoTime();
        mainTracker.killed(nowNs);
        if (null != victims)
        {
            victimTracker.killed(nowNs);
            victimAgentCpuNs = victimRunner.cpuNs();
            victimRunner.stop();
            victims.close();
        }
        killedAtNs = nowNs;
        if (null != plan.schedule)
        {
            killPlanMs = System.currentTimeMillis() - plan.scheduleEpochMs;
        }
        return nowNs;
    }

    /**
     * @param resetWindow true to start a new duty-cycle window after this snapshot.
     * @param diagnose    true to list the (observer, member) pairs that are not ALIVE.
     * @return a snapshot of this host.
     */
    synchronized HostStatus status(final boolean resetWindow, final boolean diagnose)
    {
        final HostStatus s = new HostStatus();
        s.host = plan.host;
        s.pid = ProcessHandle.current().pid();
        s.startNs = startNs;
        s.killedAtNs = killedAtNs;
        s.directories.addAll(directories);
        if (null != main && !closed)
        {
            s.dutyCycleIntervalMaxNs = mainRunner.drainInto(dutyWindow);
            s.main = view(main, mainTracker);
            s.agentCpuNs = mainRunner.cpuNs();
            if (diagnose)
            {
                mainTracker.missing(s.main);
            }
        }
        if (null != victims)
        {
            if (victims.isClosed())
            {
                s.victims = frozenVictims;
                s.agentCpuNs += victimAgentCpuNs;
            }
            else if (!closed)
            {
                s.dutyCycleIntervalMaxNs = Math.max(s.dutyCycleIntervalMaxNs, victimRunner.drainInto(dutyWindow));
                s.victims = view(victims, victimTracker);
                s.agentCpuNs += victimRunner.cpuNs();
                if (diagnose)
                {
                    victimTracker.missing(s.victims);
                }
            }
        }
        if (null != accuracySampler)
        {
            s.accuracyRows = accuracySampler.drain();
            final long[] cost = accuracySampler.cost();
            s.accuracySamples = cost[0];
            s.accuracySampleNs = cost[1];
        }
        s.dutyCycles = encode(dutyWindow);
        if (resetWindow)
        {
            dutyWindow.reset();
        }
        s.cpuNs = ProcStats.processCpuNs();
        s.rssBytes = ProcStats.statusBytes("VmRSS");
        s.rssPeakBytes = ProcStats.statusBytes("VmHWM");
        s.heapUsedBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        s.gcCount = ProcStats.gcCount();
        s.gcTimeMs = ProcStats.gcTimeMs();
        s.nowNs = System.nanoTime();
        return s;
    }

    private static HostStatus.EngineView view(final StarlingEngine engine, final ViewTracker tracker)
    {
        final HostStatus.EngineView v = new HostStatus.EngineView();
        tracker.snapshot(v);
        v.messagesSent = engine.protocolCounter(ProtocolCounters.MESSAGES_SENT);
        // Bytes on the wire: the protocol's, plus the seal (key id, nonce, tag) or the checksum trailer of every frame
        // sent to the network.
        final long wireOverheadBytes = null == engine.context().keyring() ?
            io.starling.engine.transport.FrameChecksum.LENGTH : io.starling.engine.security.FrameCipher.SEAL_OVERHEAD_BYTES;
        v.bytesSent = engine.protocolCounter(ProtocolCounters.BYTES_SENT) +
            wireOverheadBytes * engine.hostCounter(HostCounters.NETWORK_FRAMES_SENT);
        v.framesSent = engine.protocolCounter(ProtocolCounters.FRAMES_SENT);
        v.messagesReceived = engine.protocolCounter(ProtocolCounters.MESSAGES_RECEIVED);
        v.bytesReceived = engine.protocolCounter(ProtocolCounters.BYTES_RECEIVED);
        long drops = 0;
        for (final int id : DROP_COUNTERS)
        {
            final long value = engine.protocolCounter(id);
            drops += value;
            if (value > 0)
            {
                v.dropsByReason.put(counterKey(id), value);
            }
        }
        // Frames to nodes stopped one by one (churn) are a host counter.
        final long toStopped = engine.hostCounter(HostCounters.DROP_STOPPED_NODE);
        if (toStopped > 0)
        {
            drops += toStopped;
            v.dropsByReason.put(snakeCase(HostCounters.label(HostCounters.DROP_STOPPED_NODE)), toStopped);
        }
        v.drops = drops;
        // Not drops: frames the transport held until their publication connected, how many it sent from there, and
        // whole-view frames held for a window.
        for (final int id : BACKLOG_COUNTERS)
        {
            final long value = engine.protocolCounter(id);
            if (value > 0)
            {
                v.dropsByReason.put(counterKey(id), value);
            }
        }
        for (final int id : PACING_COUNTERS)
        {
            v.pacing.put(counterKey(id), engine.protocolCounter(id));
        }
        v.dropsInjected = engine.protocolCounter(TransportCounters.DROP_INJECTED_LOSS);
        v.suspicionsRaised = engine.protocolCounter(ProtocolCounters.SUSPICIONS_RAISED);
        v.refutations = engine.protocolCounter(ProtocolCounters.REFUTATIONS);
        v.errors = engine.hostCounter(HostCounters.ERRORS);
        v.maxDutyCycleNs = engine.hostCounter(HostCounters.MAX_DUTY_CYCLE_NS);
        v.dutyCycles = engine.hostCounter(HostCounters.DUTY_CYCLES);
        final ProbeRtt rtt = engine.probeRtt();
        v.rttCount = rtt.count();
        v.rttP50Ns = rtt.p50Ns();
        v.rttP90Ns = rtt.p90Ns();
        v.rttP99Ns = rtt.p99Ns();
        v.rttMaxNs = rtt.maxNs();
        return v;
    }

    /** How often the absence feed reads the wall clock and tells the engines what changed. */
    private static final long ABSENCE_FEED_INTERVAL_MS = 100;

    private static final int[] DROP_COUNTERS = {
        ProtocolCounters.DROP_OUTBOX_FULL, ProtocolCounters.DROP_MALFORMED, ProtocolCounters.DROP_WRONG_CLUSTER,
        ProtocolCounters.DROP_UNKNOWN_DESTINATION, ProtocolCounters.DROP_SEMANTIC, TransportCounters.DROP_BACK_PRESSURE,
        TransportCounters.DROP_NOT_CONNECTED, TransportCounters.DROP_INJECTED_LOSS, TransportCounters.DROP_PARTITION,
        TransportCounters.DROP_DECRYPT_FAILED, TransportCounters.DROP_BACKLOG_FULL, TransportCounters.DROP_BACKLOG_EXPIRED,
        TransportCounters.DROP_NOT_SEALED, TransportCounters.DROP_BAD_TAG, TransportCounters.DROP_UNKNOWN_KEY,
        TransportCounters.DROP_REPLAYED, TransportCounters.DROP_SEAL_FAILED, TransportCounters.DROP_BAD_CHECKSUM,
        TransportCounters.DROP_STATE_WINDOW
    };

    private static final int[] BACKLOG_COUNTERS = {
        TransportCounters.FRAMES_BACKLOGGED, TransportCounters.FRAMES_FLUSHED_FROM_BACKLOG,
        TransportCounters.STATE_FRAMES_HELD
    };

    private static final int[] PACING_COUNTERS = {
        ProtocolCounters.PUSH_PULLS_STARTED, ProtocolCounters.PUSH_PULLS_ON_DIGEST, ProtocolCounters.RECONNECT_ATTEMPTS,
        ProtocolCounters.STATE_SENDS_DEFERRED, ProtocolCounters.GOSSIP_ROUNDS_DEFERRED
    };

    /**
     * @return a protocol or transport counter's key in the run document: its label in {@link #snakeCase}.
     */
    static String counterKey(final int counterId)
    {
        return snakeCase(EngineCounters.label(counterId));
    }

    /**
     * @return a counter label in snake case, without a leading "drop: " or trailing separators.
     */
    private static String snakeCase(final String label)
    {
        return label.replaceFirst("^drop: ", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
    }

    static String encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Histogram decode(final String encoded)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), DutyCycleRunner.HIGHEST_NS);
        }
        catch (final java.util.zip.DataFormatException ex)
        {
            throw new IllegalStateException("bad duty-cycle histogram: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the directories of the engines launched so far (removed when they close).
     */
    synchronized java.util.List<String> directories()
    {
        return new java.util.ArrayList<>(directories);
    }

    /**
     * @return times the spread of metadata updates through the main engine's views.
     */
    PropagationTracker propagation()
    {
        return propagation;
    }

    /**
     * Arm the propagation tracker for a node of the main engine and replace that node's metadata.
     *
     * @param memberId node of the main engine.
     * @param metadata new metadata.
     * @return false if the engine is not running or its command queue is full.
     */
    synchronized boolean updateMetadata(final int memberId, final byte[] metadata)
    {
        int index = -1;
        for (int i = 0; i < plan.mainIds.length; i++)
        {
            if (plan.mainIds[i] == memberId)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            throw new IllegalArgumentException("memberId " + memberId + " is not in the main engine of host " +
                plan.host);
        }
        if (closed || null == main)
        {
            return false;
        }
        propagation.arm(memberId);
        return main.updateMetadata(index, metadata);
    }

    /**
     * @return the plan.
     */
    HostPlan plan()
    {
        return plan;
    }

    /**
     * @return the concluded protocol settings.
     */
    ProtocolConfig protocol()
    {
        return protocol;
    }

    /**
     * Load the plan's link schedule, drive it from the wall clock and put it in force in every engine's fault model
     * (both paths): schedule node k is node id {@code memberIdBase + k}.
     */
    private void startSchedule()
    {
        final LinkSchedule linkSchedule;
        try
        {
            linkSchedule = ContactPlan.read(java.nio.file.Path.of(plan.schedule));
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalArgumentException("--schedule: cannot read " + plan.schedule + ": " + ex.getMessage());
        }
        final int[] endpointOfIndex = new int[linkSchedule.nodeCount()];
        for (int k = 0; k < endpointOfIndex.length; k++)
        {
            endpointOfIndex[k] = plan.memberIdBase + k;
        }
        scheduleClock = new ScheduleClock(new ScheduledPaths(linkSchedule, 3), plan.scheduleEpochMs, 20,
            "emulate-" + plan.host + "-schedule");
        main.faults().schedule(scheduleClock.paths(), endpointOfIndex);
        if (null != victims)
        {
            victims.faults().schedule(scheduleClock.paths(), endpointOfIndex);
        }
        if (plan.expectedAbsence)
        {
            // Look ahead by two feed intervals: the next one, and one more for a late wake-up of a loaded machine.
            absenceFeed = new AbsenceFeed(linkSchedule, endpointOfIndex, plan.scheduleEpochMs,
                2 * ABSENCE_FEED_INTERVAL_MS, this::tellAbsence)
                .start(ABSENCE_FEED_INTERVAL_MS, "emulate-" + plan.host + "-absence");
        }
        if (plan.accuracySampleMs > 0 && plan.accuracyObserverIds.length > 0)
        {
            accuracySampler = new AccuracySampler(plan, scheduleClock.paths())
                .start(this, plan.scheduleEpochMs, plan.accuracySampleMs, "emulate-" + plan.host + "-accuracy");
        }
    }

    /**
     * One accuracy sample of the hosted observers, under this host's lock (kill and close wait for it).
     *
     * @param planMs plan time of the sample.
     */
    public synchronized void sampleAccuracy(final long planMs)
    {
        if (closed || null == main || null == accuracySampler)
        {
            return;
        }
        accuracySampler.sample(planMs, main, killedAtNs >= 0 ? null : victims, killPlanMs);
    }

    private boolean tellAbsence(final int memberId, final long untilEpochMs)
    {
        boolean told = tell(main, memberId, untilEpochMs);
        if (null != victims && killedAtNs < 0)
        {
            try
            {
                told &= tell(victims, memberId, untilEpochMs);
            }
            catch (final IllegalStateException ex)
            {
                // killed meanwhile: nothing to tell it
            }
        }
        return told;
    }

    private static boolean tell(final StarlingEngine engine, final int memberId, final long untilEpochMs)
    {
        return AbsenceFeed.CLEAR == untilEpochMs ? engine.clearAbsence(memberId) :
            engine.expectAbsence(memberId, untilEpochMs);
    }

    /**
     * Stop driving and close every engine (removing their directories). Idempotent.
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != accuracySampler)
        {
            accuracySampler.close();
        }
        if (null != absenceFeed)
        {
            absenceFeed.close();
        }
        if (null != scheduleClock)
        {
            scheduleClock.close();
        }
        if (null != victimRunner)
        {
            victimRunner.stop();
        }
        if (null != mainRunner)
        {
            mainRunner.stop();
        }
        if (null != victims)
        {
            victims.close();
        }
        if (null != main)
        {
            main.close();
        }
    }
}

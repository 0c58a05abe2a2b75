package io.starling.engine.api;

import java.io.File;
import java.nio.ByteBuffer;

import io.starling.driver.SocketWaiter;
import io.starling.engine.host.IdlePreset;
import io.starling.engine.host.StarlingAgent;
import io.starling.engine.metrics.ControlDirectory;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.EngineErrorHandler;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.SeededRandom;
import io.starling.engine.security.KeyringControl;
import io.starling.engine.transport.AeronTransport;
import io.starling.engine.transport.DriverHandle;
import io.starling.engine.transport.EmbeddedDriver;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.InMemoryTransport;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * What an engine opens at launch and closes at close, in order: the engine directory, the metrics file with its
 * counters and error log, the error handler, the media driver and the network transport, then the in-memory path,
 * the fault model, the command queue and the frame cipher (handed to the Context for the agent), the idle strategy
 * and its waiter, the control threads, and the agent's runner or invoker. {@link #close()} closes them in reverse
 * and removes the directory, after a failed launch as after a run. It does not build the agent, the views or the
 * API.
 */
final class EngineResources implements AutoCloseable
{
    private final File directory;
    private MetricsFile metricsFile;
    private EngineCounters counters;
    private EngineErrorHandler errorHandler;
    private DriverHandle driver;
    private AeronTransport network;
    private SocketWaiter ownWaiter;
    private KeyringControl keyringControl;
    private ControlDirectory membersControl;
    private AgentRunner runner;
    private AgentInvoker invoker;
    private Thread agentThread;

    /**
     * @param directory the engine directory; nothing is opened yet.
     */
    EngineResources(final File directory)
    {
        this.directory = directory;
    }

    /**
     * Open what lies beneath the agent and hand it to the Context ({@code launchParts}).
     *
     * @param ctx    the concluded context.
     * @param bridge the membership observer and housekeeping listener of the application.
     */
    void open(final StarlingEngine.Context ctx, final ListenerBridge bridge)
    {
        if (directory.exists())
        {
            IoUtil.delete(directory, false);
        }
        IoUtil.ensureDirectoryExists(directory, "engine directory");
        final EpochClock epochClock = ctx.epochClock();
        metricsFile = MetricsFile.create(new File(directory, MetricsFile.FILE_NAME), ctx.maxCounters(),
            ctx.errorLogLengthBytes(), ProcessHandle.current().pid(), epochClock);
        counters = new EngineCounters(metricsFile.newCountersManager(epochClock));
        errorHandler = new EngineErrorHandler(
            new DistinctErrorLog(metricsFile.errorLogBuffer(), epochClock), counters,
            null != ctx.errorHandler() ? ctx.errorHandler() : new SystemLoggerErrorHandler(), System.err);

        if (ctx.networkEnabled())
        {
            driver = EmbeddedDriver.launch(ctx.driverPreset(), ctx.aeronDirectoryName(), ctx.termLengthBytes(),
                ctx.mtuLengthBytes(), errorHandler);
            network = AeronTransport.bind(driver, ctx.bindHost(), ctx.bindPort(), ctx.streamId(),
                ctx.mtuLengthBytes(), ctx.termLengthBytes(), ctx.backlog(), counters, errorHandler);
        }

        final InMemoryTransport inMemory = new InMemoryTransport(ctx.protocolConfig().frameBudgetBytes(),
            ctx.inMemoryQueueInitialBytes(), ctx.inMemoryQueueMaxBytes(), counters);
        final FaultModel faults = new FaultModel(new SeededRandom(ctx.randomSeed() ^ 0x5DEECE66DL))
            .lossRate(ctx.lossRate());
        final ManyToOneRingBuffer commandQueue = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ctx.commandQueueCapacityBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        ctx.launchParts(counters, errorHandler, metricsFile, network, inMemory, faults, commandQueue,
            EngineKeyring.newFrameCipher(ctx, network, counters), bridge, bridge::onHousekeeping);
    }

    /**
     * @param ctx   the concluded context.
     * @param agent the agent the strategy sleeps for (its next deadline).
     * @return the context's idle strategy, else one built from its preset; {@link IdlePreset#SLEEP} sleeps on the
     * driver's sockets when the driver runs on the engine's thread, else on a waiter with no socket.
     */
    IdleStrategy idleStrategy(final StarlingEngine.Context ctx, final StarlingAgent agent)
    {
        if (null != ctx.idleStrategy())
        {
            return ctx.idleStrategy();
        }
        SocketWaiter waiter = null;
        if (IdlePreset.SLEEP == ctx.idlePreset())
        {
            // Wake on datagrams when the driver runs on this thread; else sleep on a waiter with no socket.
            waiter = null == driver ? null : driver.socketWaiter();
            if (null == waiter)
            {
                waiter = ownWaiter = new SocketWaiter();
            }
        }
        return ctx.idlePreset().newIdleStrategy(
            ctx.nanoClock(), agent, waiter, ctx.idleMaxSleepNs(), ctx.idleTimerSlackNs());
    }

    /**
     * Start the threads that answer {@code starling keys} (with a keyring) and {@code starling members} requests
     * dropped into the engine directory, as the context asks.
     *
     * @param ctx   the concluded context.
     * @param views answers the members requests.
     */
    void startControls(final StarlingEngine.Context ctx, final MemberViews views)
    {
        if (null != ctx.keyring() && ctx.keyringControl())
        {
            keyringControl = new KeyringControl(
                ctx.keyring(), directory, "starling-keys-" + ctx.bindPort(), errorHandler);
        }
        if (ctx.membersControl())
        {
            membersControl = new ControlDirectory(directory, StarlingEngine.MEMBERS_DIRECTORY,
                "starling-members-" + ctx.bindPort(), views::answerMembers, errorHandler);
        }
    }

    /**
     * Start the agent's duty cycle: on an invoker the application drives, or on its own thread.
     *
     * @param agent        the agent.
     * @param idleStrategy of its own thread.
     * @param useInvoker   true for an invoker.
     * @return the started invoker, or null when the agent has its thread ({@link #agentThread()}).
     */
    AgentInvoker startAgent(final StarlingAgent agent, final IdleStrategy idleStrategy, final boolean useInvoker)
    {
        if (useInvoker)
        {
            invoker = new AgentInvoker(errorHandler, null, agent);
            invoker.start();
        }
        else
        {
            runner = new AgentRunner(idleStrategy, errorHandler, null, agent);
            agentThread = AgentRunner.startOnThread(runner, Thread::new);
        }
        return invoker;
    }

    /**
     * @return the agent's thread, or null when driven by an invoker.
     */
    Thread agentThread()
    {
        return agentThread;
    }

    /**
     * Stop the control threads and the agent, close the transport, the driver and the metrics file, and remove the
     * engine directory: nothing of the engine stays behind in the base directory.
     */
    public void close()
    {
        final EngineCounters counters = this.counters;
        CloseHelper.quietCloseAll(keyringControl, membersControl, runner, invoker, network, driver, ownWaiter,
            null == counters ? null : counters::close, metricsFile);
        IoUtil.delete(directory, true);
    }
}

package io.starling.engine.host;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The parts and settings a {@link StarlingAgent} is built from. Filled in by the embedding API
 * ({@code StarlingEngine.Context}), which validates them; this class only carries them.
 */
public final class HostContext
{
    private String roleName;
    private ProtocolConfig protocolConfig;
    private NanoClock nanoClock;
    private EpochClock epochClock;
    private int ipv4;
    private int port;
    private boolean forceNetworkForLocal;
    private Transport network;
    private InMemoryTransport inMemory;
    private FaultModel faultModel;
    private EngineCounters counters;
    private MetricsFile metricsFile;
    private ErrorHandler errorHandler;
    private MembershipObserver observer;
    private java.util.function.LongConsumer housekeepingListener;
    private ReplicationFactory replicationFactory;
    private RingBuffer commandQueue;
    private int fragmentLimit;
    private int commandLimit;
    private long randomSeed;
    private int[] nodeIds;
    private long[] seedKeys;
    private long startSpreadNs;
    private boolean bootstrapCoHosted;
    private long timerTickResolutionNs;
    private int timerTicksPerWheel;
    private FrameCipher frameCipher;

    /**
     * @return name of the agent (thread name).
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * @param roleName name of the agent (thread name).
     * @return this.
     */
    public HostContext roleName(final String roleName)
    {
        this.roleName = roleName;
        return this;
    }

    /**
     * @return concluded protocol configuration, frame budget already fitted to the transport.
     */
    public ProtocolConfig protocolConfig()
    {
        return protocolConfig;
    }

    /**
     * @param protocolConfig concluded protocol configuration, frame budget already fitted to the transport.
     * @return this.
     */
    public HostContext protocolConfig(final ProtocolConfig protocolConfig)
    {
        this.protocolConfig = protocolConfig;
        return this;
    }

    /**
     * @return the duty cycle's clock.
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param nanoClock the duty cycle's clock.
     * @return this.
     */
    public HostContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * @return wall clock for the heartbeat.
     */
    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock wall clock for the heartbeat.
     * @return this.
     */
    public HostContext epochClock(final EpochClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /**
     * @return told at every housekeeping (about every 10 ms) on the agent thread, with the time; or null.
     */
    public java.util.function.LongConsumer housekeepingListener()
    {
        return housekeepingListener;
    }

    /**
     * @param housekeepingListener told at every housekeeping (about every 10 ms) on the agent thread, with the
     *                             time (the embedding API delivers late metadata from it); null for none.
     * @return this.
     */
    public HostContext housekeepingListener(final java.util.function.LongConsumer housekeepingListener)
    {
        this.housekeepingListener = housekeepingListener;
        return this;
    }

    /**
     * @return advertised IPv4 address of this process (host order).
     */
    public int ipv4()
    {
        return ipv4;
    }

    /**
     * @param ipv4 advertised IPv4 address of this process (host order).
     * @return this.
     */
    public HostContext ipv4(final int ipv4)
    {
        this.ipv4 = ipv4;
        return this;
    }

    /**
     * @return advertised UDP port of this process.
     */
    public int port()
    {
        return port;
    }

    /**
     * @param port advertised UDP port of this process.
     * @return this.
     */
    public HostContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /**
     * @return true to send frames between nodes of this process through the network transport.
     */
    public boolean forceNetworkForLocal()
    {
        return forceNetworkForLocal;
    }

    /**
     * @param forceNetworkForLocal true to send frames between nodes of this process through the network transport.
     * @return this.
     */
    public HostContext forceNetworkForLocal(final boolean forceNetworkForLocal)
    {
        this.forceNetworkForLocal = forceNetworkForLocal;
        return this;
    }

    /**
     * @return network transport, or null for an in-memory-only host.
     */
    public Transport network()
    {
        return network;
    }

    /**
     * @param network network transport, or null for an in-memory-only host.
     * @return this.
     */
    public HostContext network(final Transport network)
    {
        this.network = network;
        return this;
    }

    /**
     * @return the in-memory path.
     */
    public InMemoryTransport inMemory()
    {
        return inMemory;
    }

    /**
     * @param inMemory the in-memory path.
     * @return this.
     */
    public HostContext inMemory(final InMemoryTransport inMemory)
    {
        this.inMemory = inMemory;
        return this;
    }

    /**
     * @return fault model both paths pass through.
     */
    public FaultModel faultModel()
    {
        return faultModel;
    }

    /**
     * @param faultModel fault model both paths pass through.
     * @return this.
     */
    public HostContext faultModel(final FaultModel faultModel)
    {
        this.faultModel = faultModel;
        return this;
    }

    /**
     * @return counters in the metrics file.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @param counters counters in the metrics file.
     * @return this.
     */
    public HostContext counters(final EngineCounters counters)
    {
        this.counters = counters;
        return this;
    }

    /**
     * @return metrics file for the heartbeat, or null.
     */
    public MetricsFile metricsFile()
    {
        return metricsFile;
    }

    /**
     * @param metricsFile metrics file for the heartbeat, or null.
     * @return this.
     */
    public HostContext metricsFile(final MetricsFile metricsFile)
    {
        this.metricsFile = metricsFile;
        return this;
    }

    /**
     * @return where errors go.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler where errors go.
     * @return this.
     */
    public HostContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @return membership events for the application, or null.
     */
    public MembershipObserver observer()
    {
        return observer;
    }

    /**
     * @param observer membership events for the application, or null.
     * @return this.
     */
    public HostContext observer(final MembershipObserver observer)
    {
        this.observer = observer;
        return this;
    }

    /**
     * Makes the replication layer (key-value store and broadcasts) of each hosted node.
     */
    @FunctionalInterface
    public interface ReplicationFactory
    {
        /**
         * @param nodeIndex index of the hosted node.
         * @param nodeId    its id.
         * @param random    the host's random source.
         * @param timers    the host's timers.
         * @param outbox    the host's outbox.
         * @return the node's replicator.
         */
        io.starling.engine.replication.Replicator newReplicator(
            int nodeIndex, int nodeId, io.starling.engine.protocol.RandomSource random,
            io.starling.engine.protocol.TimerService timers, io.starling.engine.protocol.Outbox outbox);
    }

    /**
     * @return makes each node's replicator, or null when replication is off.
     */
    public ReplicationFactory replicationFactory()
    {
        return replicationFactory;
    }

    /**
     * @param replicationFactory makes each node's replicator; null (default) for none.
     * @return this.
     */
    public HostContext replicationFactory(final ReplicationFactory replicationFactory)
    {
        this.replicationFactory = replicationFactory;
        return this;
    }

    /**
     * @return commands from other threads.
     */
    public RingBuffer commandQueue()
    {
        return commandQueue;
    }

    /**
     * @param commandQueue commands from other threads.
     * @return this.
     */
    public HostContext commandQueue(final RingBuffer commandQueue)
    {
        this.commandQueue = commandQueue;
        return this;
    }

    /**
     * @return most network frames per duty cycle.
     */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    /**
     * @param fragmentLimit most network frames per duty cycle.
     * @return this.
     */
    public HostContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    /**
     * @return most commands per duty cycle.
     */
    public int commandLimit()
    {
        return commandLimit;
    }

    /**
     * @param commandLimit most commands per duty cycle.
     * @return this.
     */
    public HostContext commandLimit(final int commandLimit)
    {
        this.commandLimit = commandLimit;
        return this;
    }

    /**
     * @return seed of the protocol's randomness.
     */
    public long randomSeed()
    {
        return randomSeed;
    }

    /**
     * @param randomSeed seed of the protocol's randomness.
     * @return this.
     */
    public HostContext randomSeed(final long randomSeed)
    {
        this.randomSeed = randomSeed;
        return this;
    }

    /**
     * @return ids of the hosted nodes, in index order.
     */
    public int[] nodeIds()
    {
        return nodeIds;
    }

    /**
     * @param nodeIds ids of the hosted nodes, in index order.
     * @return this.
     */
    public HostContext nodeIds(final int[] nodeIds)
    {
        this.nodeIds = nodeIds;
        return this;
    }

    /**
     * @return seed endpoints (see Endpoints.key).
     */
    public long[] seedKeys()
    {
        return seedKeys;
    }

    /**
     * @param seedKeys seed endpoints (see Endpoints.key).
     * @return this.
     */
    public HostContext seedKeys(final long[] seedKeys)
    {
        this.seedKeys = seedKeys;
        return this;
    }

    /**
     * @return time over which node starts are spread.
     */
    public long startSpreadNs()
    {
        return startSpreadNs;
    }

    /**
     * @param startSpreadNs time over which node starts are spread.
     * @return this.
     */
    public HostContext startSpreadNs(final long startSpreadNs)
    {
        this.startSpreadNs = startSpreadNs;
        return this;
    }

    /**
     * @return true if hosted nodes start knowing each other alive.
     */
    public boolean bootstrapCoHosted()
    {
        return bootstrapCoHosted;
    }

    /**
     * @param bootstrapCoHosted true if hosted nodes start knowing each other alive.
     * @return this.
     */
    public HostContext bootstrapCoHosted(final boolean bootstrapCoHosted)
    {
        this.bootstrapCoHosted = bootstrapCoHosted;
        return this;
    }

    /**
     * @return timer wheel tick, a power of two.
     */
    public long timerTickResolutionNs()
    {
        return timerTickResolutionNs;
    }

    /**
     * @param timerTickResolutionNs timer wheel tick, a power of two.
     * @return this.
     */
    public HostContext timerTickResolutionNs(final long timerTickResolutionNs)
    {
        this.timerTickResolutionNs = timerTickResolutionNs;
        return this;
    }

    /**
     * @return timer wheel size, a power of two.
     */
    public int timerTicksPerWheel()
    {
        return timerTicksPerWheel;
    }

    /**
     * @param timerTicksPerWheel timer wheel size, a power of two.
     * @return this.
     */
    public HostContext timerTicksPerWheel(final int timerTicksPerWheel)
    {
        this.timerTicksPerWheel = timerTicksPerWheel;
        return this;
    }

    // ---------------------------------------------------------------------------------------- security (keyring)

    /**
     * @return the cipher that opens every network frame in and seals every network frame out, or null for clear.
     */
    public FrameCipher frameCipher()
    {
        return frameCipher;
    }

    /**
     * @param frameCipher opens every network frame in and seals every network frame out; null sends in clear.
     * @return this.
     */
    public HostContext frameCipher(final FrameCipher frameCipher)
    {
        this.frameCipher = frameCipher;
        return this;
    }
}

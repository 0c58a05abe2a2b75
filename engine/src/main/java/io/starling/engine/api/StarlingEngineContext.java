package io.starling.engine.api;

import java.util.function.LongConsumer;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.MembershipObserver;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.security.FrameCipher;
import io.starling.engine.security.Keyring;
import io.starling.engine.transport.FaultModel;
import io.starling.engine.transport.FrameChecksum;
import io.starling.engine.transport.InMemoryTransport;
import io.starling.engine.transport.Transport;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Settings of an engine, with documented defaults. Fluent setters; {@link #conclude()} validates, derives and
 * throws {@link IllegalArgumentException} naming the first bad field. Applications use it as
 * {@link StarlingEngine.Context}; the type parameter only lets every setter return that type.
 * <p>
 * The settings are grouped by what they set, one class each: {@link EngineNetworkSettings} (endpoint, media
 * driver, publications, in-memory path, loss), {@link EngineHostSettings} (thread, idle, clocks, errors,
 * directories, metrics file, command queue, timer wheel, control threads), {@link EngineNodeSettings} (node ids,
 * seeds, join timeout, name, tags, metadata, start), and this class: the protocol and its detection profile, the
 * listeners, replication and the keyring. This class also carries the parts {@link StarlingEngine#launch(Context)}
 * builds for the agent (counters, transports, command queue, cipher), as {@code MediaDriver.Context} does.
 *
 * @param <C> the concrete context, {@link StarlingEngine.Context}.
 */
public abstract class StarlingEngineContext<C extends StarlingEngineContext<C>> extends EngineNodeSettings<C>
{
    /** Default Merkle tree depth of each node's store: 16^3 leaves, about 37 KiB per node. */
    public static final int MERKLE_DEPTH_DEFAULT = 3;

    private ProtocolConfig protocolConfig;
    private DetectionProfile detectionProfile = DetectionProfile.DEFAULT;
    private MembershipListener membershipListener;
    private boolean replicationEnabled;
    private ReplicationListener replicationListener;
    private int merkleDepth = MERKLE_DEPTH_DEFAULT;
    private Keyring keyring;
    private boolean requireEncryption = true;
    private boolean concluded;

    /**
     * Validate and derive. Called by {@link StarlingEngine#launch(Context)}.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field.
     */
    public C conclude()
    {
        if (concluded)
        {
            return self();
        }
        concludeEndpoint();
        concludeNodes();
        concludeTransport();
        concludeHostLimits();
        concludeDriver();

        if (null == protocolConfig)
        {
            protocolConfig = new ProtocolConfig();
        }
        concludeDetection();
        if (networkEnabled())
        {
            // Clear network frames carry a CRC32C trailer (FrameChecksum); sealed ones leave room below.
            lowerFrameBudget(FrameChecksum.clearFrameBudgetBytes(networkPayloadBytes()));
        }
        concludeKeyring();
        protocolConfig.conclude();
        concludeInMemoryQueues(protocolConfig.frameBudgetBytes());
        concludeStart(protocolConfig.probeIntervalNs());
        concludeStartAdmission(protocolConfig.probeTimeoutNs());
        concludeHostThread();
        concluded = true;
        return self();
    }

    /**
     * @return protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
     *        publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
     */
    public ProtocolConfig protocolConfig()
    {
        return protocolConfig;
    }

    /**
     * @param protocolConfig protocol knobs; default {@code new ProtocolConfig()}. Its frame budget is lowered to the
     *                       publications' maxPayloadLength (MTU minus 32) by {@link #conclude()}.
     * @return this.
     */
    public C protocolConfig(final ProtocolConfig protocolConfig)
    {
        this.protocolConfig = protocolConfig;
        return self();
    }

    /**
     * @return the named failure-detection settings; default {@link DetectionProfile#DEFAULT}.
     */
    public DetectionProfile detectionProfile()
    {
        return detectionProfile;
    }

    /**
     * @param detectionProfile {@link DetectionProfile#DEFAULT} (the protocol configuration as given) or
     *                         {@link DetectionProfile#FAST} (probe, probe timeout and gossip twice as often:
     *                         deaths known in about half the time; it replaces those three settings).
     * @return this.
     */
    public C detectionProfile(final DetectionProfile detectionProfile)
    {
        this.detectionProfile = detectionProfile;
        return self();
    }

    /**
     * @return receives membership events on the agent thread; default none.
     */
    public MembershipListener membershipListener()
    {
        return membershipListener;
    }

    /**
     * @param membershipListener receives membership events on the agent thread; default none.
     * @return this.
     */
    public C membershipListener(final MembershipListener membershipListener)
    {
        this.membershipListener = membershipListener;
        return self();
    }

    /**
     * @return true if every hosted node holds the replicated key-value store and takes broadcasts.
     */
    public boolean replicationEnabled()
    {
        return replicationEnabled;
    }

    /**
     * @param replicationEnabled give every hosted node the replicated key-value store, broadcasts and Merkle
     *                           anti-entropy; default false (membership only, the densest emulation).
     * @return this.
     */
    public C replicationEnabled(final boolean replicationEnabled)
    {
        this.replicationEnabled = replicationEnabled;
        return self();
    }

    /**
     * @return receives key changes and broadcasts on the agent thread; default none.
     */
    public ReplicationListener replicationListener()
    {
        return replicationListener;
    }

    /**
     * @param replicationListener receives key changes and broadcasts on the agent thread; default none.
     * @return this.
     */
    public C replicationListener(final ReplicationListener replicationListener)
    {
        this.replicationListener = replicationListener;
        return self();
    }

    /**
     * @return depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
     */
    public int merkleDepth()
    {
        return merkleDepth;
    }

    /**
     * @param merkleDepth depth of each store's 16-ary Merkle tree (1 to 6; 4 suits about a million keys).
     * @return this.
     */
    public C merkleDepth(final int merkleDepth)
    {
        this.merkleDepth = merkleDepth;
        return self();
    }

    /**
     * @return the keys network frames are sealed and opened with, or null (frames in clear).
     */
    public Keyring keyring()
    {
        return keyring;
    }

    /**
     * @param keyring the keys network frames are sealed and opened with (AES-GCM, {@link FrameCipher}): every
     *                frame from the network is authenticated before routing, every frame to it sealed; the
     *                in-memory path between co-hosted nodes stays clear. Needs a primary key. Shared with the
     *                caller: changes to it (rotation) take effect on the next frame. Null (default): clear.
     * @return this.
     */
    public C keyring(final Keyring keyring)
    {
        this.keyring = keyring;
        return self();
    }

    /**
     * @return true if frames in clear from the network are dropped (only meaningful with a keyring).
     */
    public boolean requireEncryption()
    {
        return requireEncryption;
    }

    /**
     * @param requireEncryption default true; false only while turning encryption on across a running cluster:
     *                          frames in clear are then accepted (sealed ones are still verified).
     * @return this.
     */
    public C requireEncryption(final boolean requireEncryption)
    {
        this.requireEncryption = requireEncryption;
        return self();
    }

    private void concludeDetection()
    {
        if (null == detectionProfile)
        {
            throw new IllegalArgumentException("detectionProfile must not be null");
        }
        if (!protocolConfig.isConcluded())
        {
            detectionProfile.applyTo(protocolConfig);
        }
        else if (DetectionProfile.DEFAULT != detectionProfile)
        {
            throw new IllegalArgumentException(
                "detectionProfile=" + detectionProfile + " needs a protocolConfig that is not concluded yet");
        }
    }

    private void concludeKeyring()
    {
        if (null == keyring)
        {
            return;
        }
        if (Keyring.NO_KEY == keyring.primaryKeyId())
        {
            throw new IllegalArgumentException("keyring has no primary key (Keyring.usePrimary)");
        }
        if (networkEnabled())
        {
            // The seal adds key id, nonce and tag to every network frame: the protocol's budget leaves room.
            lowerFrameBudget(FrameCipher.plainFrameBudgetBytes(networkPayloadBytes()));
        }
    }

    private void lowerFrameBudget(final int budgetBytes)
    {
        if (protocolConfig.frameBudgetBytes() > budgetBytes)
        {
            protocolConfig.frameBudgetBytes(budgetBytes);
        }
    }

    // ---- Parts built by StarlingEngine.launch, read by the agent (not settings: an application never sets them) ----
    private EngineCounters counters;
    private ErrorHandler engineErrorHandler;
    private MetricsFile metricsFile;
    private Transport network;
    private InMemoryTransport inMemory;
    private FaultModel faultModel;
    private RingBuffer commandQueue;
    private FrameCipher frameCipher;
    private MembershipObserver membershipObserver;
    private LongConsumer housekeepingListener;

    /**
     * @return counters in the metrics file; set at launch.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return where the engine's errors go (error log, counter, then {@link #errorHandler()}); set at launch.
     */
    public ErrorHandler engineErrorHandler()
    {
        return engineErrorHandler;
    }

    /**
     * @return the metrics file the agent heartbeats; set at launch.
     */
    public MetricsFile metricsFile()
    {
        return metricsFile;
    }

    /**
     * @return the network transport, or null without network; set at launch.
     */
    public Transport network()
    {
        return network;
    }

    /**
     * @return the in-memory path between nodes of this process; set at launch.
     */
    public InMemoryTransport inMemory()
    {
        return inMemory;
    }

    /**
     * @return the fault model both paths pass through; set at launch.
     */
    public FaultModel faultModel()
    {
        return faultModel;
    }

    /**
     * @return commands from API threads to the agent; set at launch.
     */
    public RingBuffer commandQueue()
    {
        return commandQueue;
    }

    /**
     * @return seals and opens every network frame, or null for clear frames; set at launch.
     */
    public FrameCipher frameCipher()
    {
        return frameCipher;
    }

    /**
     * @return membership events for the application; set at launch.
     */
    public MembershipObserver membershipObserver()
    {
        return membershipObserver;
    }

    /**
     * @return told the time at every housekeeping (about every 10 ms) on the agent thread; set at launch.
     */
    public LongConsumer housekeepingListener()
    {
        return housekeepingListener;
    }

    void launchParts(
        final EngineCounters counters,
        final ErrorHandler engineErrorHandler,
        final MetricsFile metricsFile,
        final Transport network,
        final InMemoryTransport inMemory,
        final FaultModel faultModel,
        final RingBuffer commandQueue,
        final FrameCipher frameCipher,
        final MembershipObserver membershipObserver,
        final LongConsumer housekeepingListener)
    {
        this.counters = counters;
        this.engineErrorHandler = engineErrorHandler;
        this.metricsFile = metricsFile;
        this.network = network;
        this.inMemory = inMemory;
        this.faultModel = faultModel;
        this.commandQueue = commandQueue;
        this.frameCipher = frameCipher;
        this.membershipObserver = membershipObserver;
        this.housekeepingListener = housekeepingListener;
    }
}

package io.starling.engine.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.starling.engine.transport.Endpoints;

/**
 * Settings of the nodes an engine hosts: their ids (by default derived from the advertised endpoint), the seeds
 * they join through and how long {@link StarlingEngine#joined()} waits, the name, tags and metadata they announce,
 * and how they start (spread in time, converged among themselves, the random seed). Part of
 * {@link StarlingEngine.Context}, whose setters all return it; {@link StarlingEngineContext#conclude()} validates
 * them. Defaults are the {@code *_DEFAULT} constants.
 *
 * @param <C> the concrete context, {@link StarlingEngine.Context}.
 */
public abstract class EngineNodeSettings<C extends EngineNodeSettings<C>> extends EngineHostSettings<C>
{
    /** Default number of hosted nodes. */
    public static final int NODE_COUNT_DEFAULT = 1;
    /** Default {@link #joinTimeoutMs()}: 10 s, memberlist's default TCP timeout for a join. */
    public static final long JOIN_TIMEOUT_MS_DEFAULT = 10_000;
    /** {@link #startNodesAtLaunch(int)}'s default: every hosted node starts at launch. */
    public static final int START_NODES_AT_LAUNCH_ALL = -1;

    private int[] nodeIds;
    private int nodeCount = NODE_COUNT_DEFAULT;
    private int nodeIdBase = -1;
    private final List<String> seeds = new ArrayList<>();
    private long[] seedKeys;
    private String nodeName;
    private byte[] metadata;
    private java.util.Map<String, String> tags = java.util.Map.of();
    private long joinTimeoutMs = JOIN_TIMEOUT_MS_DEFAULT;
    private Long randomSeed;
    private long startSpreadNs = -1;
    private int startNodesAtLaunch = START_NODES_AT_LAUNCH_ALL;
    private boolean bootstrapCoHosted;

    EngineNodeSettings()
    {
    }

    /**
     * @return ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
     */
    public int[] nodeIds()
    {
        return nodeIds;
    }

    /**
     * @param nodeIds ids of the hosted nodes, distinct and non-negative; overrides node count and id base.
     * @return this.
     */
    public C nodeIds(final int... nodeIds)
    {
        this.nodeIds = nodeIds.clone();
        return self();
    }

    /**
     * @return nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @param nodeCount nodes to host, ids {@code nodeIdBase .. nodeIdBase + nodeCount - 1}; default 1.
     * @return this.
     */
    public C nodeCount(final int nodeCount)
    {
        this.nodeCount = nodeCount;
        return self();
    }

    /**
     * @return first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint, the same
     *        at every launch at that endpoint.
     */
    public int nodeIdBase()
    {
        return nodeIdBase;
    }

    /**
     * @param nodeIdBase first node id; default {@link #endpointNodeIdBase(int, int)} of the advertised endpoint,
     *                   the same at every launch at that endpoint.
     * @return this.
     */
    public C nodeIdBase(final int nodeIdBase)
    {
        this.nodeIdBase = nodeIdBase;
        return self();
    }

    /**
     * The default first node id of an engine: a hash of its advertised endpoint, so a process that restarts at
     * the same endpoint comes back as the same members (refuting its old death with a higher incarnation), and
     * processes at different endpoints rarely collide (ranges of M ids at P endpoints overlap with probability
     * about P^2 M / 2^31).
     *
     * @param ipv4 advertised IPv4 address (host order).
     * @param port bind port.
     * @return an id in [1, 2^31 - 2^23], leaving room for up to 2^22 hosted nodes after it.
     */
    public static int endpointNodeIdBase(final int ipv4, final int port)
    {
        long h = Endpoints.key(ipv4, port) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return 1 + (int)Long.remainderUnsigned(h, Integer.MAX_VALUE - (1 << 23));
    }

    /**
     * @return {@code host:port} endpoints of processes already in the cluster; default none (this process starts
     *        a cluster).
     */
    public List<String> seeds()
    {
        return seeds;
    }

    /**
     * @param seeds {@code host:port} endpoints of processes already in the cluster; default none (this process
     *              starts a cluster).
     * @return this.
     */
    public C seeds(final String... seeds)
    {
        this.seeds.addAll(Arrays.asList(seeds));
        return self();
    }

    /**
     * @return parsed seed endpoints (after conclude).
     */
    public long[] seedKeys()
    {
        return seedKeys;
    }

    /**
     * @return how long {@link StarlingEngine#joined()} waits for the cluster.
     */
    public long joinTimeoutMs()
    {
        return joinTimeoutMs;
    }

    /**
     * @param joinTimeoutMs how long {@link StarlingEngine#joined()} waits for a member of another process
     *                      before it fails; default {@link #JOIN_TIMEOUT_MS_DEFAULT}.
     * @return this.
     */
    public C joinTimeoutMs(final long joinTimeoutMs)
    {
        this.joinTimeoutMs = joinTimeoutMs;
        return self();
    }

    /**
     * @return the name the hosted nodes announce, or null.
     */
    public String nodeName()
    {
        return nodeName;
    }

    /**
     * @param nodeName a name other members see in {@link MemberView#name()} and {@link Member#name()}, e.g.
     *                 {@code "perth"}; with several hosted nodes, node i is {@code name-i}. At most 64 UTF-8
     *                 bytes; it travels inside the node's metadata and shares its limit. Default none.
     * @return this.
     */
    public C nodeName(final String nodeName)
    {
        this.nodeName = nodeName;
        return self();
    }

    /**
     * @return the tags every hosted node starts with (unmodifiable), empty if none.
     */
    public java.util.Map<String, String> tags()
    {
        return tags;
    }

    /**
     * @param tags key/value tags every hosted node carries from its first join, in node metadata beside the
     *             name (e.g. {@code role=edge, station=kiruna, band=X, gpus=4}); other members select on them
     *             with {@link StarlingEngine#members(String)}, and {@code starling members --where} does from the
     *             command line. Change them later with {@link StarlingEngine#updateTags(java.util.Map)}. Rules and
     *             cost in the 512 bytes: {@link StarlingEngine#updateTags(int, java.util.Map)}. Default none.
     * @return this.
     */
    public C tags(final java.util.Map<String, String> tags)
    {
        this.tags = null == tags ? java.util.Map.of() :
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        return self();
    }

    /**
     * @return the metadata every hosted node starts with (a copy), or null.
     */
    public byte[] metadata()
    {
        return null == metadata ? null : metadata.clone();
    }

    /**
     * @param metadata bytes every hosted node carries from its first join (e.g. {@code "band=X;gpus=4"}), at
     *                 most {@link StarlingEngine#MAX_METADATA_BYTES} less the name's UTF-8 length; change it
     *                 later with {@link StarlingEngine#updateMetadata(byte[])}. Default none.
     * @return this.
     */
    public C metadata(final byte[] metadata)
    {
        this.metadata = null == metadata ? null : metadata.clone();
        return self();
    }

    /**
     * @return seed of the protocol's and the fault model's randomness; default from the clock and pid.
     */
    public long randomSeed()
    {
        return null == randomSeed ? 0 : randomSeed;
    }

    /**
     * @param randomSeed seed of the protocol's and the fault model's randomness; default from the clock and pid.
     * @return this.
     */
    public C randomSeed(final long randomSeed)
    {
        this.randomSeed = randomSeed;
        return self();
    }

    /**
     * @return time over which hosted nodes start, so their periodic timers do not all fire together; default one
     *        probe interval when hosting more than one node.
     */
    public long startSpreadNs()
    {
        return startSpreadNs;
    }

    /**
     * @param startSpreadNs time over which hosted nodes start, so their periodic timers do not all fire together;
     *                      default one probe interval when hosting more than one node.
     * @return this.
     */
    public C startSpreadNs(final long startSpreadNs)
    {
        this.startSpreadNs = startSpreadNs;
        return self();
    }

    /**
     * @return how many hosted nodes (the first ones in index order) start at launch; the rest are held until
     * {@link StarlingEngine#startNodes(int)}. Concluded from the default {@link #START_NODES_AT_LAUNCH_ALL} to the
     * node count.
     */
    public int startNodesAtLaunch()
    {
        return startNodesAtLaunch;
    }

    /**
     * How many hosted nodes start at launch: the first {@code startNodesAtLaunch} in index order, staggered over
     * {@link #startSpreadNs()} as usual. The others are held (hosted, their views allocated, unknown to the cluster)
     * until {@link StarlingEngine#startNodes(int)} releases them: they then start in index order, one stagger
     * ({@code startSpreadNs} / nodes started at launch) apart under the same start admission, and join through the
     * usual path.
     * Nodes joining a running cluster, without a process of their own.
     *
     * @param startNodesAtLaunch 0 to the node count, or {@link #START_NODES_AT_LAUNCH_ALL} (default); with
     *                           {@link #bootstrapCoHosted(boolean)} every node must start at launch.
     * @return this.
     */
    public C startNodesAtLaunch(final int startNodesAtLaunch)
    {
        this.startNodesAtLaunch = startNodesAtLaunch;
        return self();
    }

    /**
     * @return true to start hosted nodes converged among themselves.
     */
    public boolean bootstrapCoHosted()
    {
        return bootstrapCoHosted;
    }

    /**
     * Start every hosted node knowing every other hosted node ALIVE (incarnation 0), so a process's own nodes
     * need no joins among themselves: one process starts converged, and other processes are joined through the
     * seeds as usual. Meant for emulating a large cluster on one host, where thousands of joins into one
     * duty-cycle thread would otherwise be the whole cost of the start. The views are filled when the agent
     * starts (about 10^8 entries for 10,000 nodes: seconds), listeners hear a join for every pair, and nothing
     * is gossiped about it. Requires {@link #startSpreadNs()} of at most one probe interval, so no node probes a
     * co-hosted node that has not started. Default false.
     *
     * @param bootstrapCoHosted true to start hosted nodes converged among themselves.
     * @return this.
     */
    public C bootstrapCoHosted(final boolean bootstrapCoHosted)
    {
        this.bootstrapCoHosted = bootstrapCoHosted;
        return self();
    }

    /**
     * The random seed's default, the node ids (from count and base, or as given), the seeds' endpoints, the join
     * timeout, and the name, tags and metadata of the last node, which fit if every node's do.
     */
    void concludeNodes()
    {
        if (null == randomSeed)
        {
            randomSeed = System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L;
        }
        if (null == nodeIds)
        {
            if (nodeCount < 1 || nodeCount > (1 << 22))
            {
                throw new IllegalArgumentException("nodeCount=" + nodeCount + " must be in [1, 4194304]");
            }
            if (nodeIdBase < 0)
            {
                nodeIdBase = endpointNodeIdBase(advertisedIpv4(), bindPort());
            }
            if ((long)nodeIdBase + nodeCount > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(
                    "nodeIdBase=" + nodeIdBase + " + nodeCount=" + nodeCount + " overflows an int");
            }
            nodeIds = new int[nodeCount];
            for (int i = 0; i < nodeCount; i++)
            {
                nodeIds[i] = nodeIdBase + i;
            }
        }
        else
        {
            if (0 == nodeIds.length)
            {
                throw new IllegalArgumentException("nodeIds must not be empty");
            }
            final int[] sorted = nodeIds.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++)
            {
                if (sorted[i] < 0 || (i > 0 && sorted[i] == sorted[i - 1]))
                {
                    throw new IllegalArgumentException("nodeIds must be distinct and non-negative: " + sorted[i]);
                }
            }
            nodeCount = nodeIds.length;
        }

        seedKeys = new long[seeds.size()];
        for (int i = 0; i < seedKeys.length; i++)
        {
            seedKeys[i] = Endpoints.parse("seeds", seeds.get(i));
        }

        if (joinTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("joinTimeoutMs=" + joinTimeoutMs + " must be positive");
        }
        final byte[] name = MetadataEnvelope.nameBytes("nodeName",
            null == nodeName || 1 == nodeCount ? nodeName : nodeName + "-" + (nodeCount - 1));
        MetadataEnvelope.encode(name, MetadataEnvelope.tagBlock(tags), null == metadata ? new byte[0] : metadata);
    }

    /**
     * @param probeIntervalNs the protocol's concluded probe interval: the default spread, and the most
     *                        {@link #bootstrapCoHosted(boolean)} allows.
     */
    void concludeStart(final long probeIntervalNs)
    {
        if (startSpreadNs < 0)
        {
            startSpreadNs = nodeCount > 1 ? probeIntervalNs : 0;
        }
        if (START_NODES_AT_LAUNCH_ALL == startNodesAtLaunch)
        {
            startNodesAtLaunch = nodeCount;
        }
        if (startNodesAtLaunch < 0 || startNodesAtLaunch > nodeCount)
        {
            throw new IllegalArgumentException("startNodesAtLaunch=" + startNodesAtLaunch + " must be in [0, " +
                nodeCount + "] (the node count) or " + START_NODES_AT_LAUNCH_ALL + " (all)");
        }
        if (bootstrapCoHosted && startNodesAtLaunch < nodeCount)
        {
            throw new IllegalArgumentException("bootstrapCoHosted: startNodesAtLaunch=" + startNodesAtLaunch +
                " must be the node count " + nodeCount + " (bootstrapped nodes know each other alive from the start)");
        }
        if (bootstrapCoHosted && startSpreadNs > probeIntervalNs)
        {
            throw new IllegalArgumentException("bootstrapCoHosted: startSpreadNs=" + startSpreadNs +
                " must not exceed probeIntervalNs=" + probeIntervalNs +
                " (a node would probe co-hosted nodes that have not started yet)");
        }
    }
}

package io.starling.engine.api;

import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import io.starling.engine.host.Commands;
import io.starling.engine.host.DeadlineIdleStrategy;
import io.starling.engine.host.StarlingAgent;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.transport.Endpoints;
import io.starling.engine.transport.FaultModel;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

/**
 * The embedding facade: one engine per process hosts one or more Starling nodes on one duty-cycle agent, reachable
 * over Aeron UDP on one endpoint.
 * <pre>{@code
 * try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
 *     .bind("10.0.0.5:7946")
 *     .seeds("10.0.0.1:7946")
 *     .membershipListener(myListener)))
 * {
 *     ...
 *     engine.members();           // from any thread, lock free
 *     engine.leave(2_000);        // graceful
 * }
 * }</pre>
 * Every method is thread safe. Commands ({@link #join(String...)}, {@link #leave(long)},
 * {@link #updateMetadata(int, byte[])}) travel to the agent through a many-to-one ring buffer; when it is full the
 * call returns {@code false} and counts the refusal: nothing is lost silently.
 * <p>
 * After {@link #close()} (or while it runs on another thread) every call other than {@link #close()},
 * {@link #isClosed()}, {@link #context()}, {@link #directory()}, {@link #nodeIds()} and {@link #leave(long)} (which
 * returns false) throws {@link IllegalStateException} "StarlingEngine is closed": no command is accepted and then
 * lost, and no counter is read from the unmapped metrics file. A command accepted before {@code close()} is run by
 * the agent unless {@code close()} stops it first; {@link #leave(long)} first for a graceful exit.
 */
public final class StarlingEngine implements AutoCloseable
{
    private final Context ctx;
    private final File directory;
    private final EngineResources resources;
    private final StarlingAgent agent;
    private final AgentProxy proxy;
    private final NodeMetadata nodeMetadata;
    private final MemberViews views;
    private final ReplicationStack replication;
    private final AgentInvoker invoker;
    private final IdleStrategy idleStrategy;
    private final DeadlineIdleStrategy deadlineIdle;
    private final JoinOutcome joinOutcome;
    final ListenerBridge listenerBridge;

    private StarlingEngine(final Context ctx)
    {
        this.ctx = ctx;
        this.directory = ctx.engineDirectory();
        this.nodeMetadata = new NodeMetadata(ctx);
        final EngineResources resources = this.resources = new EngineResources(directory);
        // Before the media driver and the Aeron client exist: in INVOKER mode nobody would keep them alive.
        EngineKeyring.warmUp(ctx);
        try
        {
            final ListenerBridge bridge = this.listenerBridge = new ListenerBridge(
                ctx.membershipListener(), ctx.nodeIds(), ctx.advertisedIpv4(), ctx.bindPort());
            resources.open(ctx, bridge);
            final EngineCounters counters = ctx.counters();
            final Commands commands = new Commands(ctx.commandQueue());
            this.agent = new StarlingAgent(ctx);
            this.replication = ctx.replicationEnabled() ? new ReplicationStack(ctx) : null;
            if (null != replication)
            {
                agent.replicators(replication.newReplicators(
                    ctx.protocolConfig(), ctx.nodeIds(), agent.random(), agent.timers(), agent.outbox()));
            }
            final JoinOutcome joinOutcome = this.joinOutcome = new JoinOutcome(ctx);
            bridge.attach(agent, counters, ctx.seeds().isEmpty() ? null : joinOutcome);
            nodeMetadata.offerInitial(ctx, commands);
            this.idleStrategy = resources.idleStrategy(ctx, agent);
            this.deadlineIdle =
                idleStrategy instanceof DeadlineIdleStrategy ? (DeadlineIdleStrategy)idleStrategy : null;
            this.proxy = new AgentProxy(commands, agent, counters, deadlineIdle, ctx.bindHost() + ":" + ctx.bindPort());
            this.views = new MemberViews(agent, bridge, proxy, ctx.nodeIds());
            resources.startControls(ctx, views);
            this.invoker = resources.startAgent(agent, idleStrategy, ctx.useAgentInvoker());
        }
        catch (final RuntimeException | Error ex)
        {
            // Nothing of a failed launch stays behind: no directory in /dev/shm, no driver, no mapped file.
            resources.close();
            throw ex;
        }
    }

    /**
     * Launch an engine: create its directory and metrics file, start its media driver (per the preset), subscribe
     * on the bind endpoint, create the hosted nodes and start the agent (on its own thread, or ready for
     * {@link #invoker()}). Nodes start spread over {@link Context#startSpreadNs()} and join the seeds.
     *
     * @param ctx settings; {@link Context#conclude()} is called here.
     * @return the running engine.
     * @throws IllegalArgumentException naming the first bad setting.
     * @throws IllegalStateException    naming the endpoint when it cannot be bound (port already in use); nothing is
     *                                  left in the base directory.
     */
    public static StarlingEngine launch(final Context ctx)
    {
        return new StarlingEngine(ctx.conclude());
    }

    /**
     * Join a cluster through seed endpoints, in addition to the seeds of the context. The first hosted node sends
     * joins to them until it sees a member of another process.
     *
     * @param seeds {@code host:port} of processes already in the cluster.
     * @return false if the command queue is full (nothing was done; try again).
     * @throws IllegalArgumentException if a seed is not a usable endpoint.
     */
    public boolean join(final String... seeds)
    {
        final int[] ipv4 = new int[seeds.length];
        final int[] port = new int[seeds.length];
        for (int i = 0; i < seeds.length; i++)
        {
            final long key = Endpoints.parse("seeds", seeds[i]);
            ipv4[i] = Endpoints.ipv4(key);
            port[i] = Endpoints.port(key);
        }
        return proxy.join(ipv4, port);
    }

    /**
     * The outcome of joining through the context's seeds. Completes with the first member of another process that
     * the first hosted node sees alive (so the node has heard from the cluster), or, when the context has no seeds
     * (this process starts a cluster), at launch with null. Fails with a {@link TimeoutException} naming the seeds
     * when no member answered within {@link Context#joinTimeoutMs()}; the engine keeps retrying the joins after
     * that, so the node may still join later (watch {@link MembershipListener#onJoin(MemberView)}); fails with an
     * {@link IllegalStateException} if the engine is closed first. Completed on a thread of the common pool or the
     * JDK's delay scheduler, never on the engine's thread.
     *
     * @return the join outcome.
     */
    public CompletableFuture<Member> joined()
    {
        return joinOutcome.future();
    }

    /**
     * Leave gracefully with every hosted node: members will see them LEFT, not DEAD. Blocks until the news has been
     * sent out (every leaving node's dissemination queue is drained) or the timeout passes; then call
     * {@link #close()}. With {@link Context#useAgentInvoker(boolean)} this must be called from the thread that drives
     * the invoker, and it drives it while waiting.
     *
     * @param timeoutMs longest wait.
     * @return true if the leave was spread before the timeout.
     */
    public boolean leave(final long timeoutMs)
    {
        return proxy.leave(timeoutMs, invoker);
    }

    /**
     * Release held nodes ({@link Context#startNodesAtLaunch(int)}), from any thread: the next {@code count} in
     * index order start one stagger apart under the same start admission as the nodes started at launch, and join
     * the cluster through the usual path (a co-hosted node, or the seeds when no other hosted node runs). Once the
     * engine leaves ({@link #leave(long)}) no node starts any more.
     *
     * @param count nodes to release, 1 to the number still held.
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException when {@code count} is not in [1, held nodes].
     */
    public boolean startNodes(final int count)
    {
        final int held = agent.heldNodeCount();
        if (count < 1 || count > held)
        {
            throw new IllegalArgumentException("count=" + count + " must be in [1, " + held + "] (nodes still held)");
        }
        return proxy.lifecycle(Commands.START_NODES, count);
    }

    /**
     * One running hosted node leaves gracefully, from any thread: members will see it LEFT, not DEAD. Once its
     * pending updates are sent (as {@link #leave(long)} waits for) it stops for good ({@link #nodeState(int)} then
     * says {@link HostedNodeState#LEFT}); its id is never reused. Does not wait. (Named apart from
     * {@link #leave(long)}, which an int argument would otherwise pick.)
     *
     * @param nodeIndex index of a running hosted node.
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad node index.
     * @throws IllegalStateException    when the node is not running (held, waiting, leaving or stopped).
     */
    public boolean leaveNode(final int nodeIndex)
    {
        checkLifecycle(nodeIndex, "leave", HostedNodeState.RUNNING, HostedNodeState.RUNNING);
        return proxy.lifecycle(Commands.LEAVE_NODE, nodeIndex);
    }

    /**
     * One running (or leaving) hosted node stops at once, as a crash, from any thread: it sends nothing more, its
     * timers do nothing, frames addressed to it are dropped and counted ({@link HostCounters#DROP_STOPPED_NODE}),
     * and it never takes a frame sent to any node of this process. Members detect it as they detect a crash
     * (suspected, then DEAD). It never starts again.
     *
     * @param nodeIndex index of a running or leaving hosted node.
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad node index.
     * @throws IllegalStateException    when the node has not started or has stopped.
     */
    public boolean crash(final int nodeIndex)
    {
        checkLifecycle(nodeIndex, "crash", HostedNodeState.RUNNING, HostedNodeState.LEAVING);
        return proxy.lifecycle(Commands.CRASH_NODE, nodeIndex);
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @return where it is in its lifecycle; lock free, from any thread.
     * @throws IllegalArgumentException for a bad node index.
     */
    public HostedNodeState nodeState(final int nodeIndex)
    {
        ApiArguments.checkNodeIndex(nodeIndex, agent.nodeCount());
        proxy.checkOpen();
        return HostedNodeState.of(agent.nodeLifecycle(nodeIndex));
    }

    private void checkLifecycle(
        final int nodeIndex, final String what, final HostedNodeState first, final HostedNodeState last)
    {
        final HostedNodeState state = nodeState(nodeIndex);
        if (state.ordinal() < first.ordinal() || state.ordinal() > last.ordinal())
        {
            throw new IllegalStateException("node " + nodeIndex + " (id " + ctx.nodeIds()[nodeIndex] + ") cannot " +
                what + ": it is " + state);
        }
    }

    /**
     * Replace the metadata of the first hosted node.
     *
     * @param metadata at most {@link #MAX_METADATA_BYTES} bytes less the UTF-8 length of the node's name and the
     *                 tags' bytes.
     * @return false if the command queue is full.
     */
    public boolean updateMetadata(final byte[] metadata)
    {
        return updateMetadata(0, metadata);
    }

    /**
     * Replace a hosted node's metadata; it spreads with a new metadata version. The node's name
     * ({@link Context#nodeName(String)}) and tags ({@link #updateTags(int, java.util.Map)}) travel in the same bytes,
     * so they share the limit; the tags stay as they are.
     *
     * @param nodeIndex index of the hosted node.
     * @param metadata  at most {@link #MAX_METADATA_BYTES} bytes less the UTF-8 length of the node's name.
     * @return false if the command queue is full.
     * @throws IllegalArgumentException for a bad node index or metadata too long.
     */
    public boolean updateMetadata(final int nodeIndex, final byte[] metadata)
    {
        ApiArguments.checkNodeIndex(nodeIndex, agent.nodeCount());
        return nodeMetadata.offer(nodeIndex, metadata.clone(), null, proxy);
    }

    /**
     * Replace the tags of the first hosted node; see {@link #updateTags(int, java.util.Map)}.
     *
     * @param tags key to value, e.g. {@code role=edge, gpus=2}; empty to remove them all.
     * @return false if the command queue is full.
     */
    public boolean updateTags(final java.util.Map<String, String> tags)
    {
        return updateTags(0, tags);
    }

    /**
     * Replace a hosted node's tags (the metadata stays); they spread with a new metadata version, like
     * {@link #updateMetadata(int, byte[])}, and other members select on them with {@link #members(String)}. Keys:
     * 1 to 32 of {@code A-Z a-z 0-9 _ . -} ({@code state}, {@code name} and {@code id} are the filter's); values: up
     * to 64 of those and {@code : / + @}; at most 32 tags. They share the metadata's 512 bytes: 1 byte, plus 2 and
     * the key's and value's lengths per tag.
     *
     * @param nodeIndex index of the hosted node.
     * @param tags      key to value; empty to remove them all.
     * @return false if the command queue is full (nothing changed).
     * @throws IllegalArgumentException for a bad node index, key or value, or when the tags and metadata together
     *                                  exceed the limit.
     */
    public boolean updateTags(final int nodeIndex, final java.util.Map<String, String> tags)
    {
        ApiArguments.checkNodeIndex(nodeIndex, agent.nodeCount());
        return nodeMetadata.offer(nodeIndex, null, tags, proxy);
    }

    /**
     * Ping a member now from a hosted node, outside the probe schedule, with the probe timeout as the timeout; see
     * {@link #ping(int, int, long, long)}.
     *
     * @param nodeIndex     index of the hosted node that pings.
     * @param memberId      the member to ping.
     * @param correlationId handed back to the listener with the outcome.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean ping(final int nodeIndex, final int memberId, final long correlationId)
    {
        return ping(nodeIndex, memberId, correlationId, ctx.protocolConfig().probeTimeoutNs());
    }

    /**
     * Ping a member now from a hosted node, from any thread: a round-trip check that does not change anyone's
     * view (only the probe schedule judges liveness). The outcome reaches the {@link MembershipListener} on the
     * agent thread: {@link MembershipListener#onPingAck} with the round-trip time, or
     * {@link MembershipListener#onPingTimeout} if no ack came within {@code timeoutNs} or the node could not send
     * it. A node keeps at most {@link ProtocolConfig#outstandingPingsMax()} pings waiting.
     *
     * @param nodeIndex     index of the hosted node that pings.
     * @param memberId      the member to ping.
     * @param correlationId handed back to the listener with the outcome.
     * @param timeoutNs     how long to wait for the ack (positive).
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad node index or timeout.
     */
    public boolean ping(final int nodeIndex, final int memberId, final long correlationId, final long timeoutNs)
    {
        ApiArguments.checkNodeIndex(nodeIndex, agent.nodeCount());
        ApiArguments.checkPositive("timeoutNs", timeoutNs);
        return proxy.ping(nodeIndex, memberId, correlationId, timeoutNs);
    }

    /**
     * Tell the engine that a member is out of contact until a time (a satellite between passes, a station in
     * maintenance), from any thread. Until then every hosted node neither probes, suspects nor declares it dead, and
     * reports it {@link MemberStatus#OUT_OF_CONTACT} ({@link #members()}, {@link #memberStatus(int, int)}, and
     * {@link MembershipListener#onOutOfContact} where it was seen alive or suspect). When the window ends
     * ({@link MembershipListener#onOutOfContactEnded}) it is probed again: one that answers stays ALIVE without a
     * rejoin, one that does not is suspected and declared dead as usual. A later call replaces the window. Only
     * this process's view changes; nothing is gossiped.
     *
     * @param memberId     the member (a hosted node's own id included: that node then probes nobody).
     * @param untilEpochMs end of the window, ms since the epoch ({@link Long#MAX_VALUE}: until cleared); a time
     *                     already past clears the window.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean expectAbsence(final int memberId, final long untilEpochMs)
    {
        if (Commands.CLEAR_ABSENCE == untilEpochMs)
        {
            throw new IllegalArgumentException("untilEpochMs=" + untilEpochMs + " is reserved: use clearAbsence");
        }
        return proxy.expectAbsence(memberId, untilEpochMs);
    }

    /**
     * End a member's out-of-contact window now ({@link #expectAbsence(int, long)}), from any thread.
     *
     * @param memberId the member.
     * @return false if the command queue is full (nothing was queued).
     */
    public boolean clearAbsence(final int memberId)
    {
        return proxy.expectAbsence(memberId, Commands.CLEAR_ABSENCE);
    }

    /**
     * Write a replicated key at the first hosted node; see {@link #put(int, byte[], byte[])}.
     *
     * @param key   1 to {@link #MAX_KEY_BYTES} bytes, not starting with byte 0x00 (reserved).
     * @param value at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean put(final byte[] key, final byte[] value)
    {
        return put(0, key, value);
    }

    /**
     * Write a replicated key at a hosted node, from any thread. The write is versioned by a vector clock, spread as
     * a rumor, and repaired by Merkle anti-entropy; concurrent writes elsewhere are kept as siblings.
     *
     * @param nodeIndex index of the hosted node that writes.
     * @param key       1 to {@link #MAX_KEY_BYTES} bytes, not starting with byte 0x00 (reserved).
     * @param value     at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full (nothing was queued).
     * @throws IllegalArgumentException for a bad key, value or node index.
     * @throws IllegalStateException    when the engine was launched without replication.
     */
    public boolean put(final int nodeIndex, final byte[] key, final byte[] value)
    {
        ApiArguments.checkReplication(replication, nodeIndex);
        ApiArguments.checkKey(key);
        ApiArguments.checkValueLength("value", value.length);
        return proxy.put(nodeIndex, key, value);
    }

    /**
     * Delete a replicated key at the first hosted node (a tombstone that spreads like a write).
     *
     * @param key the key.
     * @return false if the command queue is full.
     */
    public boolean delete(final byte[] key)
    {
        return delete(0, key);
    }

    /**
     * Delete a replicated key at a hosted node, from any thread.
     *
     * @param nodeIndex index of the hosted node.
     * @param key       the key.
     * @return false if the command queue is full.
     */
    public boolean delete(final int nodeIndex, final byte[] key)
    {
        ApiArguments.checkReplication(replication, nodeIndex);
        ApiArguments.checkKey(key);
        return proxy.delete(nodeIndex, key);
    }

    /**
     * Broadcast a payload from the first hosted node; every node's listener receives it exactly once.
     *
     * @param payload at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean broadcast(final byte[] payload)
    {
        return broadcast(0, payload);
    }

    /**
     * Broadcast a payload from a hosted node, from any thread.
     *
     * @param nodeIndex index of the hosted node.
     * @param payload   at most {@link #MAX_VALUE_BYTES} bytes.
     * @return false if the command queue is full.
     */
    public boolean broadcast(final int nodeIndex, final byte[] payload)
    {
        ApiArguments.checkReplication(replication, nodeIndex);
        ApiArguments.checkValueLength("broadcast payload", payload.length);
        return proxy.broadcast(nodeIndex, payload);
    }

    /**
     * Read a replicated key at the first hosted node; see {@link #get(int, byte[])}.
     *
     * @param key the key.
     * @return its live values (several when concurrent writes are siblings), empty if absent or deleted.
     */
    public List<byte[]> get(final byte[] key)
    {
        return get(0, key);
    }

    /**
     * Read a replicated key as a hosted node holds it, from any thread without locks (a view maintained by the
     * agent thread on every change).
     *
     * @param nodeIndex index of the hosted node.
     * @param key       the key.
     * @return its live values (several when concurrent writes are siblings), empty if absent or deleted.
     */
    public List<byte[]> get(final int nodeIndex, final byte[] key)
    {
        ApiArguments.checkReplication(replication, nodeIndex);
        proxy.checkOpen();
        return replication.get(nodeIndex, key);
    }

    /** Largest metadata of a node in bytes, less the UTF-8 length of its name and its tags' bytes. */
    public static final int MAX_METADATA_BYTES = MetadataEnvelope.MAX_APPLICATION_BYTES;
    /** Largest key in bytes. */
    public static final int MAX_KEY_BYTES = io.starling.engine.kv.KvStoreConfig.MAX_KEY_LENGTH_BYTES_DEFAULT;
    /** Largest value or broadcast payload in bytes (so any version fits in one rumor). */
    public static final int MAX_VALUE_BYTES = io.starling.engine.replication.Replicator.Config.MAX_VALUE_BYTES_DEFAULT;

    /**
     * @return the first hosted node's view of the cluster; see {@link #members(int)}.
     */
    public List<Member> members()
    {
        return members(0);
    }

    /**
     * A snapshot of a hosted node's view, including itself, taken without locks from any thread: each entry is
     * one atomic word of the node's membership table, so each {@link Member} is consistent, though the list is not
     * one instant's view.
     *
     * @param nodeIndex index of the hosted node.
     * @return members known to that node, in directory order.
     */
    public List<Member> members(final int nodeIndex)
    {
        proxy.checkOpen();
        return views.members(nodeIndex);
    }

    /**
     * The first hosted node's members that match a filter; see {@link MemberFilter}.
     *
     * @param where e.g. {@code "role=edge and gpus>=1 and state=alive"}.
     * @return matching members, in directory order.
     * @throws IllegalArgumentException (one line, naming the column) for bad filter syntax.
     */
    public List<Member> members(final String where)
    {
        return members(0, MemberFilter.parse(where));
    }

    /**
     * A hosted node's members that match a filter, from any thread without locks (as {@link #members(int)}).
     *
     * @param nodeIndex index of the hosted node.
     * @param filter    a {@link MemberFilter} or any predicate over {@link Member}.
     * @return matching members, in directory order.
     */
    public List<Member> members(final int nodeIndex, final java.util.function.Predicate<? super Member> filter)
    {
        proxy.checkOpen();
        return views.members(nodeIndex, filter);
    }

    /** Directory, inside the engine directory, of {@code starling members} requests (answered by the engine). */
    public static final String MEMBERS_DIRECTORY = "members";

    /**
     * @param nodeIndex index of the hosted node.
     * @return members (itself included) the node sees alive or suspect; lock free, from any thread.
     */
    public int liveMemberCount(final int nodeIndex)
    {
        proxy.checkOpen();
        return views.liveMemberCount(nodeIndex);
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @param memberId  a member's id.
     * @return the member's state in that node's protocol table, or {@link MemberState#NONE}; lock free (the
     *         protocol's codes: an out-of-contact member is ALIVE or SUSPECT here, see
     *         {@link #memberStatus(int, int)}).
     */
    public int memberState(final int nodeIndex, final int memberId)
    {
        proxy.checkOpen();
        return views.memberState(nodeIndex, memberId);
    }

    /**
     * @param nodeIndex index of the hosted node.
     * @param memberId  a member's id.
     * @return the member's state in that node's view ({@link MemberStatus#OUT_OF_CONTACT} while an
     *         {@link #expectAbsence(int, long)} window holds and the member is not dead or left),
     *         {@link MemberStatus#NONE} if unknown; lock free.
     */
    public MemberStatus memberStatus(final int nodeIndex, final int memberId)
    {
        proxy.checkOpen();
        return views.memberStatus(nodeIndex, memberId);
    }

    /**
     * @return ids of the hosted nodes, in index order.
     */
    public int[] nodeIds()
    {
        return ctx.nodeIds().clone();
    }

    /**
     * @return the probe round-trip percentiles published by the agent (refreshed once a second).
     */
    public ProbeRtt probeRtt()
    {
        return proxy.probeRtt();
    }

    /**
     * @param counterId an id of the nodes' counter sink: a {@link io.starling.engine.protocol.ProtocolCounters},
     *                  {@link io.starling.engine.transport.TransportCounters} or
     *                  {@link io.starling.engine.replication.ReplicationCounters} id (the host's are
     *                  {@link #hostCounter(int)}).
     * @return its current value, summed over the hosted nodes.
     */
    public long protocolCounter(final int counterId)
    {
        return proxy.protocolCounter(counterId);
    }

    /**
     * @param hostCounterId a {@link HostCounters} id.
     * @return its current value.
     */
    public long hostCounter(final int hostCounterId)
    {
        return proxy.hostCounter(hostCounterId);
    }

    /**
     * @return the fault model (loss rate, partitions) both paths pass through; switchable at run time.
     */
    public FaultModel faults()
    {
        return agent.faults();
    }

    /**
     * @return the invoker that runs the duty cycle when {@link Context#useAgentInvoker(boolean)} is set, else null.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * The idle strategy of the engine's thread, built from {@link Context#idlePreset()} unless
     * {@link Context#idleStrategy(IdleStrategy)} was given. An application that drives {@link #invoker()} calls
     * {@code idleStrategy().idle(invoker().invoke())} in its loop, from that one thread.
     *
     * @return the idle strategy bound to this engine.
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @return the agent's thread, or null when driven by an invoker.
     */
    public Thread agentThread()
    {
        return resources.agentThread();
    }

    /**
     * @return the engine directory (metrics file, Aeron directory), removed at close.
     */
    public File directory()
    {
        return directory;
    }

    /**
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * @return why the engine stopped on its own (its Aeron client closed underneath it), or null: every command then
     * throws with this cause, and the application should close the engine and launch another.
     */
    public Throwable failure()
    {
        return agent.failure();
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return proxy.isClosed();
    }

    /**
     * Stop the agent (without leaving: call {@link #leave(long)} first for a graceful exit), close the transport and
     * the media driver, and remove the engine directory. Idempotent.
     */
    public void close()
    {
        if (!proxy.close())
        {
            return;
        }
        // No caller holds the read lock now and every later one sees closed: the metrics file can be unmapped.
        if (null != deadlineIdle)
        {
            deadlineIdle.signal();
        }
        joinOutcome.future().completeExceptionally(proxy.closedException());
        resources.close();
    }

    // ------------------------------------------------------------------ security: keyring (encryption, rotation)

    /**
     * Install a key: frames sealed with it are accepted from now on (rotation step 1, on every process). Installing
     * the same bytes again under the same id is a no-op. The same as {@code starling keys install}.
     *
     * @param keyId id carried in clear in frames sealed with the key, 0 to 255.
     * @param key   16, 24 or 32 bytes (AES-128, -192, -256); copied, the caller may wipe its array.
     * @throws IllegalStateException    if the engine was launched without a keyring.
     * @throws IllegalArgumentException on a bad id or length, or an id naming other key bytes.
     */
    public void installKey(final int keyId, final byte[] key)
    {
        EngineKeyring.keyring(ctx).install(keyId, key);
    }

    /**
     * Seal outbound frames with an installed key from now on (rotation step 2, once every process has it).
     *
     * @param keyId an installed key id.
     * @throws IllegalStateException    if the engine was launched without a keyring.
     * @throws IllegalArgumentException if no key is installed under the id.
     */
    public void useKey(final int keyId)
    {
        EngineKeyring.keyring(ctx).usePrimary(keyId);
    }

    /**
     * Forget a key that is not the primary (rotation step 3, once every process seals with the new key).
     *
     * @param keyId id of the key.
     * @return true if a key was removed.
     * @throws IllegalStateException if the engine was launched without a keyring, or the key is the primary.
     */
    public boolean removeKey(final int keyId)
    {
        return EngineKeyring.keyring(ctx).remove(keyId);
    }

    /**
     * @return installed key ids, ascending.
     * @throws IllegalStateException if the engine was launched without a keyring.
     */
    public int[] keyIds()
    {
        return EngineKeyring.keyring(ctx).keyIds();
    }

    /**
     * @return id of the key outbound frames are sealed with.
     * @throws IllegalStateException if the engine was launched without a keyring.
     */
    public int primaryKeyId()
    {
        return EngineKeyring.keyring(ctx).primaryKeyId();
    }

    /**
     * Settings of an engine: every setting, its default and {@code conclude()} are in {@link StarlingEngineContext}
     * and the settings classes it extends, one file per group (nested, they would make this file thousands of
     * lines long).
     */
    public static final class Context extends StarlingEngineContext<Context>
    {
    }
}

package io.starling.engine.host;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.replication.Replicator;
import io.starling.engine.schedule.ExpectedAbsence;
import io.starling.engine.transport.Endpoints;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Commands from API threads to the agent: reads the many-to-one queue {@link Commands} writes and applies each command
 * to a hosted node, its replicator, the expected-absence table or the agent (join, leave, a node's lifecycle),
 * flushing the outbox after each. It does not validate arguments (the API does before it queues), drops what is
 * addressed to a node that has stopped (the API refuses those, but a node may stop after the check) and never blocks
 * the writers.
 */
final class CommandAdapter implements MessageHandler
{
    /** Most commands read per duty cycle. */
    static final int COMMAND_LIMIT = 64;

    private final RingBuffer commandQueue;
    private final StarlingAgent agent;
    private final HostedNodes nodes;
    private final ListenerInvoker listeners;
    private final FramePacker packer;
    private final EpochClock epochClock;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final UnsafeBuffer commandView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private Replicator[] replicators;
    /** Members the application expects out of contact, shared by the hosted nodes; made on the first command. */
    private ExpectedAbsence absence;
    private long nowNs;

    CommandAdapter(
        final RingBuffer commandQueue,
        final StarlingAgent agent,
        final HostedNodes nodes,
        final ListenerInvoker listeners,
        final FramePacker packer,
        final EpochClock epochClock,
        final EngineCounters counters,
        final ErrorHandler errorHandler)
    {
        this.commandQueue = commandQueue;
        this.agent = agent;
        this.nodes = nodes;
        this.listeners = listeners;
        this.packer = packer;
        this.epochClock = epochClock;
        this.counters = counters;
        this.errorHandler = errorHandler;
    }

    void replicators(final Replicator[] replicators)
    {
        this.replicators = replicators;
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return commands applied, at most {@link #COMMAND_LIMIT}.
     */
    int receive(final long nowNs)
    {
        this.nowNs = nowNs;
        return commandQueue.read(this, COMMAND_LIMIT);
    }

    /**
     * @return true if commands wait in the queue.
     */
    boolean hasPendingCommands()
    {
        return commandQueue.size() > 0;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        counters.incrementHost(HostCounters.COMMANDS_RECEIVED);
        try
        {
            switch (msgTypeId)
            {
                case Commands.JOIN:
                {
                    final int count = buffer.getInt(index);
                    for (int i = 0; i < count; i++)
                    {
                        final int ipv4 = buffer.getInt(index + 4 + 8 * i);
                        final int port = buffer.getInt(index + 8 + 8 * i);
                        agent.addSeed(Endpoints.key(ipv4, port));
                    }
                    agent.joinSeedsOnceStarted();
                    break;
                }
                case Commands.LEAVE:
                    agent.leaveAll();
                    break;
                case Commands.START_NODES:
                    agent.startNodes(buffer.getInt(index));
                    break;
                case Commands.LEAVE_NODE:
                    agent.leaveNode(buffer.getInt(index));
                    break;
                case Commands.CRASH_NODE:
                    agent.crashNode(buffer.getInt(index));
                    break;
                case Commands.UPDATE_METADATA:
                {
                    final int nodeIndex = buffer.getInt(index);
                    final int metadataLength = buffer.getInt(index + 4);
                    if (nodeIndex >= 0 && nodeIndex < nodes.count() && !nodes.isStopped(nodeIndex))
                    {
                        commandView.wrap(buffer, index + 8, metadataLength);
                        nodes.node(nodeIndex).updateMetadata(nowNs, commandView, 0, metadataLength);
                    }
                    break;
                }
                case Commands.PUT:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int keyLength = buffer.getInt(index + 4);
                    final int valueLength = buffer.getInt(index + 8);
                    commandView.wrap(buffer, index + 12, keyLength);
                    valueView.wrap(buffer, index + 12 + keyLength, valueLength);
                    replicator.tryPut(nowNs, commandView, 0, keyLength, valueView, 0, valueLength);
                    break;
                }
                case Commands.DELETE:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int keyLength = buffer.getInt(index + 4);
                    commandView.wrap(buffer, index + 8, keyLength);
                    replicator.tryDelete(nowNs, commandView, 0, keyLength);
                    break;
                }
                case Commands.BROADCAST:
                {
                    final Replicator replicator = replicator(buffer.getInt(index));
                    final int payloadLength = buffer.getInt(index + 4);
                    commandView.wrap(buffer, index + 8, payloadLength);
                    replicator.tryBroadcast(nowNs, commandView, 0, payloadLength);
                    break;
                }
                case Commands.PING:
                {
                    final int nodeIndex = buffer.getInt(index);
                    final int memberId = buffer.getInt(index + 4);
                    final long correlationId = buffer.getLong(index + 8);
                    final long timeoutNs = buffer.getLong(index + 16);
                    if (nodeIndex < 0 || nodeIndex >= nodes.startedCount() || nodes.isStopped(nodeIndex) ||
                        !nodes.node(nodeIndex).ping(nowNs, memberId, correlationId, timeoutNs))
                    {
                        listeners.onPingTimeout(nowNs, nodeIndex, memberId, correlationId);
                    }
                    break;
                }
                case Commands.EXPECT_ABSENCE:
                    expectAbsence(buffer.getInt(index), buffer.getLong(index + 8));
                    break;
                default:
                    break;
            }
            packer.flush();
        }
        catch (final Throwable t)
        {
            errorHandler.onError(t);
        }
    }

    /**
     * The application expects a member out of contact until a wall-clock time (or clears it): the window goes into
     * the one table every hosted node's failure detector consults, converted to the duty cycle's clock.
     */
    private void expectAbsence(final int memberId, final long untilEpochMs)
    {
        if (null == absence)
        {
            absence = new ExpectedAbsence();
            for (int i = 0; i < nodes.count(); i++)
            {
                nodes.node(i).expectedAbsence(absence);
            }
        }
        long untilNs = ExpectedAbsence.NOT_ABSENT;
        if (Long.MAX_VALUE == untilEpochMs)
        {
            untilNs = Long.MAX_VALUE;
        }
        else if (Commands.CLEAR_ABSENCE != untilEpochMs)
        {
            final long leftMs = untilEpochMs - epochClock.time();
            untilNs = leftMs <= 0 ? ExpectedAbsence.NOT_ABSENT :
                leftMs >= Long.MAX_VALUE / 4_000_000L ? Long.MAX_VALUE : nowNs + leftMs * 1_000_000L;
        }
        if (ExpectedAbsence.NOT_ABSENT == untilNs)
        {
            absence.clear(memberId);
        }
        else
        {
            absence.expectAbsent(memberId, nowNs, untilNs);
        }
        listeners.onExpectedAbsence(nowNs, memberId, untilNs);
    }

    private Replicator replicator(final int nodeIndex)
    {
        if (null == replicators || nodeIndex < 0 || nodeIndex >= replicators.length)
        {
            throw new IllegalStateException("no replicator for node index " + nodeIndex);
        }
        if (nodes.isStopped(nodeIndex))
        {
            throw new IllegalStateException("node index " + nodeIndex + " has stopped: " +
                NodeLifecycle.label(nodes.lifecycle(nodeIndex)));
        }
        return replicators[nodeIndex];
    }
}

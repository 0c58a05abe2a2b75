package io.starling.engine.api;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.StampedLock;

import io.starling.engine.host.Commands;
import io.starling.engine.host.DeadlineIdleStrategy;
import io.starling.engine.host.StarlingAgent;
import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import org.agrona.concurrent.AgentInvoker;

/**
 * API threads' way to the agent: each call holds the read side of the close lock, so {@link #close()} (the write
 * side) never unmaps the counters or drops the queue under it, then writes a command ({@link Commands} encodes it)
 * or reads counters, counts a refused command and wakes a sleeping agent; a leave also waits for the agent to
 * spread it. It does not validate arguments.
 */
final class AgentProxy
{
    private final Commands commands;
    private final StarlingAgent agent;
    private final EngineCounters counters;
    private final DeadlineIdleStrategy deadlineIdle;
    private final String endpoint;
    private final StampedLock closeLock = new StampedLock();
    private volatile boolean closed;

    /**
     * @param commands     writes the command queue.
     * @param agent        the agent the commands go to (read for the failure that stopped it).
     * @param counters     the engine's counters.
     * @param deadlineIdle the agent's sleeping idle strategy, woken per command, or null.
     * @param endpoint     {@code host:port}, named when a call meets a closed engine.
     */
    AgentProxy(
        final Commands commands,
        final StarlingAgent agent,
        final EngineCounters counters,
        final DeadlineIdleStrategy deadlineIdle,
        final String endpoint)
    {
        this.commands = commands;
        this.agent = agent;
        this.counters = counters;
        this.deadlineIdle = deadlineIdle;
        this.endpoint = endpoint;
    }

    boolean join(final int[] seedIpv4, final int[] seedPort)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.join(seedIpv4, seedPort));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Queue a leave and wait until the agent has sent the news out ({@link StarlingEngine#leave(long)}).
     *
     * @param timeoutMs longest wait.
     * @param invoker   driven while waiting when the application drives the agent, else null (then this parks).
     * @return true if the leave was spread before the timeout.
     */
    boolean leave(final long timeoutMs, final AgentInvoker invoker)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean queued = false;
        while (!isClosed() && System.nanoTime() - deadlineNs < 0)
        {
            if (!queued)
            {
                queued = leave();
            }
            else if (agent.isLeaveComplete())
            {
                return true;
            }
            if (null != invoker)
            {
                invoker.invoke();
            }
            else
            {
                LockSupport.parkNanos(1_000_000L);
            }
        }
        return queued && agent.isLeaveComplete();
    }

    /**
     * @return false, without throwing, once closed.
     */
    boolean leave()
    {
        final long stamp = closeLock.readLock();
        try
        {
            return !closed && null == agent.failure() && offered(commands.leave());
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean updateMetadata(final int nodeIndex, final byte[] envelope)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.updateMetadata(nodeIndex, envelope, 0, envelope.length));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean ping(final int nodeIndex, final int memberId, final long correlationId, final long timeoutNs)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.ping(nodeIndex, memberId, correlationId, timeoutNs));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean expectAbsence(final int memberId, final long untilEpochMs)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.expectAbsence(memberId, untilEpochMs));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * Queue a lifecycle command ({@link Commands#START_NODES}, {@link Commands#LEAVE_NODE} or
     * {@link Commands#CRASH_NODE}).
     *
     * @param type  the command.
     * @param value its argument: a count or a node index.
     * @return false if the queue is full.
     */
    boolean lifecycle(final int type, final int value)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(Commands.START_NODES == type ? commands.startNodes(value) :
                Commands.LEAVE_NODE == type ? commands.leaveNode(value) : commands.crashNode(value));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean put(final int nodeIndex, final byte[] key, final byte[] value)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.put(nodeIndex, key, value));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean delete(final int nodeIndex, final byte[] key)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.delete(nodeIndex, key));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean broadcast(final int nodeIndex, final byte[] payload)
    {
        final long stamp = openOrThrow();
        try
        {
            return offered(commands.broadcast(nodeIndex, payload));
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    long protocolCounter(final int counterId)
    {
        final long stamp = openOrThrow();
        try
        {
            return counters.sinkValue(counterId);
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    long hostCounter(final int hostCounterId)
    {
        final long stamp = openOrThrow();
        try
        {
            return counters.hostValue(hostCounterId);
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    /**
     * @return the probe round-trip percentiles the agent last published, read as one consistent set (the agent
     * writes them under a sequence lock: odd while it writes).
     */
    ProbeRtt probeRtt()
    {
        final long stamp = openOrThrow();
        try
        {
            while (true)
            {
                final long before = counters.hostValue(HostCounters.PROBE_RTT_SEQUENCE);
                final ProbeRtt rtt = new ProbeRtt(
                    counters.hostValue(HostCounters.PROBE_RTT_COUNT),
                    counters.hostValue(HostCounters.PROBE_RTT_P50_NS),
                    counters.hostValue(HostCounters.PROBE_RTT_P90_NS),
                    counters.hostValue(HostCounters.PROBE_RTT_P99_NS),
                    counters.hostValue(HostCounters.PROBE_RTT_P999_NS),
                    counters.hostValue(HostCounters.PROBE_RTT_MAX_NS));
                java.lang.invoke.VarHandle.acquireFence();
                if (0 == (before & 1) && before == counters.hostValue(HostCounters.PROBE_RTT_SEQUENCE))
                {
                    return rtt;
                }
                Thread.onSpinWait();
            }
        }
        finally
        {
            closeLock.unlockRead(stamp);
        }
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * Mark closed under the write side of the close lock: no call holds the read side after it returns.
     *
     * @return true for the first call, false if already closed.
     */
    boolean close()
    {
        final long stamp = closeLock.writeLock();
        try
        {
            if (closed)
            {
                return false;
            }
            closed = true;
            return true;
        }
        finally
        {
            closeLock.unlockWrite(stamp);
        }
    }

    /**
     * @throws IllegalStateException once closed.
     */
    void checkOpen()
    {
        if (closed)
        {
            throw closedException();
        }
    }

    IllegalStateException closedException()
    {
        return new IllegalStateException("StarlingEngine is closed (" + endpoint + ")");
    }

    private long openOrThrow()
    {
        final long stamp = closeLock.readLock();
        if (closed)
        {
            closeLock.unlockRead(stamp);
            throw closedException();
        }
        final Throwable failure = agent.failure();
        if (null != failure)
        {
            closeLock.unlockRead(stamp);
            throw new IllegalStateException("StarlingEngine stopped (" + endpoint + "): " + failure.getMessage(),
                failure);
        }
        return stamp;
    }

    private boolean offered(final boolean offered)
    {
        if (!offered)
        {
            counters.incrementHostAtomic(HostCounters.COMMANDS_REJECTED);
        }
        else if (null != deadlineIdle)
        {
            deadlineIdle.signal();
        }
        return offered;
    }
}

package io.starling.engine.replication;

import io.starling.engine.kv.AntiEntropySession;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.protocol.TimerService;
import org.agrona.DirectBuffer;

/**
 * Drives the node's {@link AntiEntropySession} from its {@link SwimNode}: every {@code antiEntropyIntervalNs} (the
 * first at a random point of the first interval) starts a session with a random alive member, wakes a running
 * session at its deadline, and hands it the anti-entropy messages of known members with their address from the
 * directory (a sender not in the directory is a semantic drop). The session itself is sans-IO and knows no members.
 */
final class AntiEntropyDriver
{
    private final AntiEntropySession antiEntropy;
    private final TimerService timers;
    private final CounterSink counters;
    private final int nodeIndex;
    private final long intervalNs;
    private SwimNode node;
    private int sessionSequence;
    private long timerId = TimerService.NULL_TIMER;

    /**
     * @param sessionSequence the last session id used (random per launch); each session takes the next.
     */
    AntiEntropyDriver(
        final AntiEntropySession antiEntropy,
        final TimerService timers,
        final CounterSink counters,
        final int nodeIndex,
        final long intervalNs,
        final int sessionSequence)
    {
        this.antiEntropy = antiEntropy;
        this.timers = timers;
        this.counters = counters;
        this.nodeIndex = nodeIndex;
        this.intervalNs = intervalNs;
        this.sessionSequence = sessionSequence;
    }

    /**
     * @param node the started node, whose directory gives peers and their addresses.
     */
    void onStart(final SwimNode node)
    {
        this.node = node;
    }

    /**
     * Start initiating sessions (not called when anti-entropy is disabled: the node then only answers).
     *
     * @param firstTickNs when to start the first session.
     */
    void scheduleFirstTick(final long firstTickNs)
    {
        timerId = timers.scheduleTimer(nodeIndex, Replicator.TIMER_ANTI_ENTROPY, 0, firstTickNs);
    }

    /**
     * @return true if the timer is this driver's current one (else it was cancelled or superseded).
     */
    boolean isCurrentTimer(final long timerId)
    {
        return timerId == this.timerId;
    }

    /**
     * The timer fired: drive the running session, or start one, and schedule the next tick.
     */
    void onTimer(final long nowNs)
    {
        timerId = TimerService.NULL_TIMER;
        if (antiEntropy.isActive())
        {
            antiEntropy.doWork(nowNs);
        }
        else
        {
            final int slot = node.randomAliveMember();
            if (slot >= 0)
            {
                final MemberDirectory directory = node.directory();
                antiEntropy.start(nowNs, ++sessionSequence, directory.nodeId(slot), directory.ipv4(slot),
                    directory.port(slot));
            }
        }
        final long nextNs = antiEntropy.isActive() ?
            Math.min(antiEntropy.deadlineNs(), nowNs + intervalNs) :
            nowNs + intervalNs;
        timerId = timers.scheduleTimer(nodeIndex, Replicator.TIMER_ANTI_ENTROPY, 0, Math.max(nowNs + 1, nextNs));
    }

    /**
     * Hand an anti-entropy message to the session, and wake the session earlier if it now has a nearer deadline.
     */
    void onMessage(
        final long nowNs,
        final int srcNodeId,
        final int templateId,
        final DirectBuffer buffer,
        final int messageOffset,
        final int blockLength,
        final int version)
    {
        final MemberDirectory directory = node.directory();
        final int slot = directory.slotOf(srcNodeId);
        if (slot < 0)
        {
            counters.increment(ProtocolCounters.DROP_SEMANTIC);
            return;
        }
        antiEntropy.onMessage(nowNs, srcNodeId, directory.ipv4(slot), directory.port(slot), templateId, buffer,
            messageOffset, blockLength, version);
        if (antiEntropy.isActive() && TimerService.NULL_TIMER != timerId &&
            antiEntropy.deadlineNs() < nowNs + intervalNs)
        {
            timers.cancelTimer(timerId);
            timerId = timers.scheduleTimer(
                nodeIndex, Replicator.TIMER_ANTI_ENTROPY, 0, Math.max(nowNs + 1, antiEntropy.deadlineNs()));
        }
    }
}

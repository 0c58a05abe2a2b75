package io.starling.engine.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The periodic timers (Gossip, the probe tick) fire at a fixed rate: one that fires late is re-armed one period after
 * the deadline it was armed for, and periods already missed are skipped. Re-armed from the time it fired instead,
 * every timer that came due during one long duty cycle fired in the next with the same time and was re-armed for the
 * same instant; 10,000 co-hosted nodes' timers fell together into bursts of up to 6,000 per duty cycle (emulate
 * churn runs, 2026-12-07), each burst a 30 to 90 ms duty cycle.
 */
class PeriodicTimerPhaseTest
{
    private static final long MS = 1_000_000L;

    @Test
    void aTimerFiredOnTimeIsReArmedOnePeriodLater()
    {
        final ScriptedNode n = node();
        assertEquals(n.config.gossipIntervalNs(), reArmedAfter(n, NodeTimers.GOSSIP, 0));
    }

    @Test
    void aGossipTimerFiredLateIsReArmedOnePeriodAfterItsDeadline()
    {
        final ScriptedNode n = node();
        final long periodNs = n.config.gossipIntervalNs();
        assertEquals(periodNs, reArmedAfter(n, NodeTimers.GOSSIP, 3 * periodNs / 4), "re-armed on its own phase");
    }

    @Test
    void aGossipTimerFiredPeriodsLateSkipsTheMissedPeriodsAndKeepsItsPhase()
    {
        final ScriptedNode n = node();
        final long periodNs = n.config.gossipIntervalNs();
        assertEquals(3 * periodNs, reArmedAfter(n, NodeTimers.GOSSIP, 2 * periodNs + periodNs / 2),
            "the next deadline of its phase");
    }

    @Test
    void aProbeTickFiredWithinTheDutyCycleBudgetIsReArmedOnePeriodAfterItsDeadline()
    {
        final ScriptedNode n = node();
        assertEquals(n.config.probeIntervalNs(), reArmedAfter(n, NodeTimers.PROBE_TICK, 30 * MS),
            "re-armed on its own phase");
    }

    /**
     * The probe a tick starts is judged at the next tick: a tick later than a twentieth of a period skips a period
     * of its phase, so the probe still has its timeout, the indirect round trips and the relays' nacks.
     */
    @Test
    void aProbeTickFiredLaterSkipsAPeriodSoItsProbeHasAtLeastNineteenTwentiethsOfAnInterval()
    {
        final ScriptedNode n = node();
        final long periodNs = n.config.probeIntervalNs();
        assertEquals(2 * periodNs, reArmedAfter(n, NodeTimers.PROBE_TICK, 300 * MS),
            "on its own phase, one period skipped");
    }

    private static ScriptedNode node()
    {
        final ScriptedNode n = new ScriptedNode(new ProtocolConfig(), 1);
        n.learnAlive(101, 110);
        return n;
    }

    /**
     * Fire the node's one timer of this kind {@code lateNs} after its deadline.
     *
     * @return how long after that deadline the timer is armed again.
     */
    private static long reArmedAfter(final ScriptedNode n, final int kind, final long lateNs)
    {
        final long deadlineNs = onlyDeadline(n, kind);
        n.nowNs = deadlineNs + lateNs;
        assertEquals(1, n.fire(kind, n.nowNs), "one timer fired");
        return onlyDeadline(n, kind) - deadlineNs;
    }

    private static long onlyDeadline(final ScriptedNode n, final int kind)
    {
        final java.util.List<ScriptedNode.Timer> live = n.live(kind);
        assertEquals(1, live.size(), "one timer of kind " + kind + " armed");
        return live.get(0).deadlineNs();
    }
}

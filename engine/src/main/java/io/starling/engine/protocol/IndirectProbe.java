package io.starling.engine.protocol;

/**
 * The prober's side of an indirect probe: when the direct Ping of the current probe goes unanswered for the
 * probe timeout, ask random ALIVE members to ping the target (PingReq), and count the nacks they send back, one per
 * relay asked (Lifeguard: a missing nack means this node, not the target, is slow). How many relays: the configured
 * {@code indirectChecks}, more under loss (see {@link #relaysWanted()}). The relay's side is {@link ProbeRelay}; the
 * probe itself is {@link ProbeScheduler}.
 */
final class IndirectProbe
{
    /**
     * Most relays one probe asks: at 30% loss a relay path fails 76% of the time, and 16 of them still leave a live
     * member's probe failing 6% of the time; beyond that more relays buy little.
     */
    static final int MAX_RELAYS = 16;
    /**
     * The chance that a probe of a live member fails, which the relay count is sized for (SWIM 5: k is chosen for
     * the loss rate): the configured 3 relays give 6.2e-4 at 5% loss, 7.4e-2 at 20% (the false suspicions of the
     * 1,000-node runs at 20% loss: 74 a period), where 12 give 6.8e-4.
     */
    static final double FAILED_PROBE_TARGET = 1e-3;
    private final MemberDirectory directory;
    private final PeerSelection peers;
    private final ProbeMessages messages;
    private final CounterSink counters;
    private final RoundTripLoss loss;
    private final int indirectChecks;
    /** An indirect request went out for the current probe. */
    private boolean requested;
    private final boolean lifeguard;
    private int nacks;
    private int expectedNacks;
    /** Node ids of the relays asked for the current probe; a relay's nack counts once. */
    private final int[] relayIds;
    private long nackedMask;
    private int relayCount;

    IndirectProbe(
        final LocalNode self,
        final MemberDirectory directory,
        final PeerSelection peers,
        final ProbeMessages messages,
        final CounterSink counters)
    {
        this.loss = self.roundTripLoss;
        this.directory = directory;
        this.peers = peers;
        this.messages = messages;
        this.counters = counters;
        this.indirectChecks = self.config.indirectChecks();
        this.lifeguard = self.config.lifeguardEnabled();
        this.relayIds = new int[Math.max(MAX_RELAYS, indirectChecks)];
    }

    /**
     * A new probe started: no request out, no nack counted.
     */
    void reset()
    {
        nacks = 0;
        expectedNacks = 0;
        relayCount = 0;
        nackedMask = 0;
        requested = false;
    }

    /**
     * The target of the current probe answered (directly or through a relay): it is alive, so whether its direct
     * round trip failed measures the loss of one. Failed means answered through a relay only: a direct Ack that came
     * after the probe timeout (a slow target, or a saturated host that had not yet delivered it) lost nothing, and
     * counting it as lost raised relays, re-checks and transmissions exactly when the host had no time for them.
     *
     * @param direct whether the answer is the target's own Ack to the Ping.
     */
    void onTargetAnswered(final boolean direct)
    {
        loss.onProbeAnswered(requested && !direct);
    }

    /**
     * SWIM's k for the loss measured: with q the share of direct round trips lost, a relay path (four datagrams,
     * two round trips) is lost with r = 1 - (1 - q)^2, and a live member's probe fails with q r^k. The least k with
     * q r^k at most {@link #FAILED_PROBE_TARGET}, never fewer than configured nor more than {@link #MAX_RELAYS}. At
     * 0% loss q is 0 and k is the configured count.
     *
     * @return relays to ask for the current probe.
     */
    int relaysWanted()
    {
        final double q = loss.rate();
        if (q <= 0)
        {
            return indirectChecks;
        }
        return RoundTripLoss.triesFor(1.0 - (1.0 - q) * (1.0 - q), FAILED_PROBE_TARGET / q, indirectChecks, MAX_RELAYS);
    }

    /**
     * Send the PingReqs for the probe of {@code targetSlot} under sequence {@code seq}.
     */
    void request(final long nowNs, final int seq, final int targetSlot)
    {
        final int target = directory.nodeId(targetSlot);
        final int targetIpv4 = directory.ipv4(targetSlot);
        final int targetPort = directory.port(targetSlot);
        requested = true;
        final int relays = peers.pickRelays(nowNs, relaysWanted(), targetSlot);
        for (int i = 0; i < relays; i++)
        {
            final int relay = peers.picked(i);
            if (relayCount < relayIds.length)
            {
                relayIds[relayCount++] = directory.nodeId(relay);
            }
            messages.sendPingReq(directory.nodeId(relay), directory.ipv4(relay), directory.port(relay),
                seq, target, targetIpv4, targetPort);
            counters.increment(ProtocolCounters.INDIRECT_PROBES_SENT);
        }
        expectedNacks = lifeguard ? relays : 0;
    }

    /**
     * A nack for the current probe: it counts once per relay asked; a repeated one, or one from a node that was not
     * asked, is a counted drop (else one relay, or a forger, could cancel the penalty of a slow prober).
     */
    void onNack(final int src)
    {
        for (int i = 0; i < relayCount; i++)
        {
            if (relayIds[i] == src)
            {
                if (0 == (nackedMask & (1L << i)))
                {
                    nackedMask |= 1L << i;
                    counters.increment(ProtocolCounters.NACKS_RECEIVED);
                    nacks++;
                    return;
                }
                break;
            }
        }
        counters.increment(ProtocolCounters.DROP_SEMANTIC);
    }

    /**
     * @return how much a failed probe raises local health: the nacks missing (out of the configured relay count,
     * when loss made the probe ask more), or 1 when none were expected.
     */
    int failedProbePenalty()
    {
        if (expectedNacks > 0)
        {
            if (nacks >= expectedNacks)
            {
                return 0;
            }
            final int missing = expectedNacks - nacks;
            return expectedNacks <= indirectChecks ? missing :
                (missing * indirectChecks + expectedNacks - 1) / expectedNacks;
        }
        return 1;
    }
}

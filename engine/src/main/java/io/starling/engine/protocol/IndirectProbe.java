package io.starling.engine.protocol;

/**
 * The prober's side of an indirect probe: when the direct Ping of the current probe goes unanswered for the
 * probe timeout, ask {@code indirectChecks} random ALIVE members to ping the target (PingReq), and count the nacks
 * they send back, one per relay asked (Lifeguard: a missing nack means this node, not the target, is slow). The relay's side is
 * {@link ProbeRelay}; the probe itself is {@link ProbeScheduler}.
 */
final class IndirectProbe
{
    private final MemberDirectory directory;
    private final PeerSelection peers;
    private final ProbeMessages messages;
    private final CounterSink counters;
    private final int indirectChecks;
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
        this.directory = directory;
        this.peers = peers;
        this.messages = messages;
        this.counters = counters;
        this.indirectChecks = self.config.indirectChecks();
        this.lifeguard = self.config.lifeguardEnabled();
        this.relayIds = new int[Math.max(1, indirectChecks)];
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
    }

    /**
     * Send the PingReqs for the probe of {@code targetSlot} under sequence {@code seq}.
     */
    void request(final int seq, final int targetSlot)
    {
        final int target = directory.nodeId(targetSlot);
        final int targetIpv4 = directory.ipv4(targetSlot);
        final int targetPort = directory.port(targetSlot);
        final int relays = peers.pickRelays(indirectChecks, targetSlot);
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
     * @return how much a failed probe raises local health: the nacks missing, or 1 when none were expected.
     */
    int failedProbePenalty()
    {
        if (expectedNacks > 0)
        {
            return nacks < expectedNacks ? expectedNacks - nacks : 0;
        }
        return 1;
    }
}

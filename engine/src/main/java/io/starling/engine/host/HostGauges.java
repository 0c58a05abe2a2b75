package io.starling.engine.host;

import io.starling.engine.metrics.EngineCounters;
import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.MemberDirectory;
import io.starling.engine.protocol.MemberState;
import io.starling.engine.protocol.MembershipTable;
import io.starling.engine.transport.AeronTransport;
import org.HdrHistogram.Histogram;

/**
 * The host's gauges: probe round-trip percentiles (recorded per ack, published under a sequence lock), timers,
 * publications and images, the first node's view by state and local health, set as host counters once a second.
 * It does not count events (the counters' owners do) nor decide when to publish (the agent's housekeeping does).
 */
final class HostGauges
{
    /** Highest probe round trip the histogram records; larger values are clamped. */
    static final long RTT_HIGHEST_NS = 60_000_000_000L;

    private final Histogram rttHistogram = new Histogram(RTT_HIGHEST_NS, 3);
    private final HostedNodes nodes;
    private final MemberDirectory directory;
    private final TimerWheelService timers;
    private final AeronTransport aeronTransport;
    private final EngineCounters counters;
    private long rttSequence;

    HostGauges(
        final HostedNodes nodes,
        final MemberDirectory directory,
        final TimerWheelService timers,
        final AeronTransport aeronTransport,
        final EngineCounters counters)
    {
        this.nodes = nodes;
        this.directory = directory;
        this.timers = timers;
        this.aeronTransport = aeronTransport;
        this.counters = counters;
    }

    /**
     * @param rttNs a probe's round trip, clamped to [0, {@link #RTT_HIGHEST_NS}].
     */
    void onProbeRtt(final long rttNs)
    {
        rttHistogram.recordValue(Math.max(0, Math.min(rttNs, RTT_HIGHEST_NS)));
    }

    void publish()
    {
        final Histogram h = rttHistogram;
        // Sequence lock: readers on other threads retry until they read one consistent set.
        counters.setHost(HostCounters.PROBE_RTT_SEQUENCE, ++rttSequence);
        counters.setHost(HostCounters.PROBE_RTT_COUNT, h.getTotalCount());
        if (h.getTotalCount() > 0)
        {
            counters.setHost(HostCounters.PROBE_RTT_P50_NS, h.getValueAtPercentile(50.0));
            counters.setHost(HostCounters.PROBE_RTT_P90_NS, h.getValueAtPercentile(90.0));
            counters.setHost(HostCounters.PROBE_RTT_P99_NS, h.getValueAtPercentile(99.0));
            counters.setHost(HostCounters.PROBE_RTT_P999_NS, h.getValueAtPercentile(99.9));
            counters.setHost(HostCounters.PROBE_RTT_MAX_NS, h.getMaxValue());
        }
        counters.setHost(HostCounters.PROBE_RTT_SEQUENCE, ++rttSequence);
        counters.setHost(HostCounters.TIMERS_ACTIVE, timers.activeTimers());
        counters.setHost(HostCounters.TIMERS_FIRED, timers.firedTimers());
        if (null != aeronTransport)
        {
            counters.setHost(HostCounters.PUBLICATIONS, aeronTransport.publicationCount());
            counters.setHost(HostCounters.IMAGES, aeronTransport.imageCount());
        }
        final int startedCount = nodes.startedCount();
        if (startedCount > 0)
        {
            int alive = 0;
            int suspect = 0;
            int dead = 0;
            int left = 0;
            final MembershipTable table = nodes.node(0).table();
            for (int slot = 0, size = directory.size(); slot < size; slot++)
            {
                switch (table.state(slot))
                {
                    case MemberState.ALIVE: alive++; break;
                    case MemberState.SUSPECT: suspect++; break;
                    case MemberState.DEAD: dead++; break;
                    case MemberState.LEFT: left++; break;
                    default: break;
                }
            }
            counters.setHost(HostCounters.VIEW_ALIVE, alive);
            counters.setHost(HostCounters.VIEW_SUSPECT, suspect);
            counters.setHost(HostCounters.VIEW_DEAD, dead);
            counters.setHost(HostCounters.VIEW_LEFT, left);
        }
        int healthMax = 0;
        int degraded = 0;
        for (int i = 0; i < startedCount; i++)
        {
            if (nodes.isStopped(i))
            {
                continue;
            }
            final int health = nodes.node(i).localHealthScore();
            healthMax = Math.max(healthMax, health);
            degraded += health > 0 ? 1 : 0;
        }
        counters.setHost(HostCounters.LOCAL_HEALTH_MAX, healthMax);
        counters.setHost(HostCounters.NODES_DEGRADED, degraded);
    }
}

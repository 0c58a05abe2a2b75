package io.starling.engine.protocol;

import java.util.List;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProtocolConfig#conclude()} takes each value at both ends of its documented range and refuses one past
 * either end with a message naming the value; the derived figures follow their documented formulas (suspicion
 * minimum mult x log10(max(n, 1)) x probe interval, at least 1 x; transmissions mult x ceil(log10(n + 1)), at least
 * 1; push-pull interval unchanged up to 32 members, then x (ceil(log2(n) - 5) + 1)), checked at hand-computed points.
 */
class ProtocolConfigTest
{
    private static final long NONE = Long.MIN_VALUE;

    private interface Setter
    {
        ProtocolConfig set(ProtocolConfig config, long value);
    }

    private record Range(String name, Setter set, ToLongFunction<ProtocolConfig> get, long min, long max)
    {
    }

    private static final List<Range> RANGES = List.of(
        new Range("probeTimeoutNs", ProtocolConfig::probeTimeoutNs, ProtocolConfig::probeTimeoutNs, 1, NONE),
        new Range("indirectChecks", (c, v) -> c.indirectChecks((int)v), ProtocolConfig::indirectChecks, 0, 16),
        new Range("suspicionMult", (c, v) -> c.suspicionMult((int)v), ProtocolConfig::suspicionMult, 1, 64),
        new Range("suspicionMaxTimeoutMult", (c, v) -> c.suspicionMaxTimeoutMult((int)v),
            ProtocolConfig::suspicionMaxTimeoutMult, 1, 64),
        new Range("retransmitMult", (c, v) -> c.retransmitMult((int)v), ProtocolConfig::retransmitMult, 1, 64),
        new Range("gossipIntervalNs", ProtocolConfig::gossipIntervalNs, ProtocolConfig::gossipIntervalNs, 1, NONE),
        new Range("gossipNodes", (c, v) -> c.gossipNodes((int)v), ProtocolConfig::gossipNodes, 0, 64),
        new Range("pushPullIntervalNs", ProtocolConfig::pushPullIntervalNs, ProtocolConfig::pushPullIntervalNs, 0,
            NONE),
        new Range("gossipToTheDeadNs", ProtocolConfig::gossipToTheDeadNs, ProtocolConfig::gossipToTheDeadNs, 0,
            ProtocolConfig.MAX_DEAD_WINDOW_NS),
        new Range("reapTimeoutNs", ProtocolConfig::reapTimeoutNs, ProtocolConfig::reapTimeoutNs, 0,
            ProtocolConfig.MAX_DEAD_WINDOW_NS),
        new Range("forgetTimeoutNs", ProtocolConfig::forgetTimeoutNs, ProtocolConfig::forgetTimeoutNs, 0,
            ProtocolConfig.MAX_DEAD_WINDOW_NS),
        new Range("maxMembers", (c, v) -> c.maxMembers((int)v), ProtocolConfig::maxMembers, 2, 1 << 24),
        new Range("reconnectIntervalNs", ProtocolConfig::reconnectIntervalNs, ProtocolConfig::reconnectIntervalNs,
            0, NONE),
        new Range("localHealthMaxMultiplier", (c, v) -> c.localHealthMaxMultiplier((int)v),
            ProtocolConfig::localHealthMaxMultiplier, 0, 64),
        new Range("disseminationQueueCapacity", (c, v) -> c.disseminationQueueCapacity((int)v),
            ProtocolConfig::disseminationQueueCapacity, 16, 1 << 20),
        new Range("frameBudgetBytes", (c, v) -> c.frameBudgetBytes((int)v), ProtocolConfig::frameBudgetBytes, 256,
            65_000),
        new Range("outstandingPingsMax", (c, v) -> c.outstandingPingsMax((int)v),
            ProtocolConfig::outstandingPingsMax, 0, 1 << 16));

    private static void accepted(final Range range, final long value)
    {
        final ProtocolConfig config = new ProtocolConfig();
        assertSame(config, range.set.set(config, value), "the setters chain");
        assertSame(config, config.conclude(), range.name + "=" + value);
        assertTrue(config.isConcluded());
        assertEquals(value, range.get.applyAsLong(config), range.name);
    }

    private static void refused(final Range range, final long value)
    {
        final ProtocolConfig config = new ProtocolConfig();
        range.set.set(config, value);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::conclude,
            range.name + "=" + value);
        assertTrue(e.getMessage().startsWith(range.name + "=" + value + " "), e.getMessage());
        assertFalse(config.isConcluded());
    }

    @Test
    void everyValueIsTakenAtBothEndsOfItsRangeAndRefusedOnePastEither()
    {
        assertTrue(new ProtocolConfig().conclude().isConcluded(), "the defaults are valid");
        for (final Range range : RANGES)
        {
            accepted(range, range.min);
            accepted(range, range.min + 1);
            refused(range, range.min - 1);
            if (NONE != range.max)
            {
                accepted(range, range.max);
                refused(range, range.max + 1);
            }
        }
    }

    @Test
    void theProbeIntervalIsPositiveAndLongerThanTheProbeTimeout()
    {
        final ProtocolConfig shortest = new ProtocolConfig().probeTimeoutNs(1).probeIntervalNs(2);
        assertSame(shortest, shortest.conclude());
        assertEquals(2, shortest.probeIntervalNs());
        final ProtocolConfig zero = new ProtocolConfig().probeTimeoutNs(1).probeIntervalNs(0);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, zero::conclude);
        assertTrue(e.getMessage().startsWith("probeIntervalNs=0 "), e.getMessage());

        final ProtocolConfig equal = new ProtocolConfig().probeIntervalNs(1_000).probeTimeoutNs(1_000);
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, equal::conclude);
        assertTrue(tooLong.getMessage().startsWith("probeTimeoutNs=1000 "), tooLong.getMessage());
        assertSame(equal, equal.probeTimeoutNs(999).conclude());
    }

    @Test
    void theSwitchesAndTheClusterIdAreKeptAsSet()
    {
        for (final boolean on : new boolean[]{true, false})
        {
            final ProtocolConfig config = new ProtocolConfig();
            assertSame(config, config.suspicionEnabled(on).lifeguardEnabled(on).confirmationsByEndpoint(on)
                .randomProbeTargets(on).clusterId(on ? 7 : 8).conclude());
            assertEquals(on, config.suspicionEnabled());
            assertEquals(on, config.lifeguardEnabled());
            assertEquals(on, config.confirmationsByEndpoint());
            assertEquals(on, config.randomProbeTargets());
            assertEquals(on ? 7 : 8, config.clusterId());
        }
    }

    @Test
    void theSuspicionMinimumScalesWithLog10OfTheClusterSize()
    {
        final ProtocolConfig config = new ProtocolConfig().suspicionMult(4).probeIntervalNs(1_000_000_000L)
            .probeTimeoutNs(1_000).conclude();
        assertEquals(4_000_000_000L, config.suspicionMinTimeoutNs(0), "at least 1 x");
        assertEquals(4_000_000_000L, config.suspicionMinTimeoutNs(1));
        assertEquals(4_000_000_000L, config.suspicionMinTimeoutNs(10));
        assertEquals(8_000_000_000L, config.suspicionMinTimeoutNs(100));
        assertEquals(12_000_000_000L, config.suspicionMinTimeoutNs(1_000));
    }

    @Test
    void theTransmissionsOfAnUpdateScaleWithLog10OfTheClusterSizePlusOne()
    {
        final ProtocolConfig config = new ProtocolConfig().retransmitMult(4).conclude();
        assertEquals(1, config.retransmitLimit(0), "at least one transmission");
        assertEquals(4, config.retransmitLimit(1));
        assertEquals(4, config.retransmitLimit(9));
        assertEquals(8, config.retransmitLimit(10));
        assertEquals(8, config.retransmitLimit(99));
        assertEquals(12, config.retransmitLimit(100));
    }

    @Test
    void thePushPullIntervalIsUnchangedUpTo32MembersThenGrowsWithLog2()
    {
        final long intervalNs = 30_000_000_000L;
        final ProtocolConfig config = new ProtocolConfig().pushPullIntervalNs(intervalNs).conclude();
        assertEquals(intervalNs, config.scaledPushPullIntervalNs(1));
        assertEquals(intervalNs, config.scaledPushPullIntervalNs(32));
        assertEquals(2 * intervalNs, config.scaledPushPullIntervalNs(33));
        assertEquals(2 * intervalNs, config.scaledPushPullIntervalNs(64));
        assertEquals(3 * intervalNs, config.scaledPushPullIntervalNs(65));
        assertEquals(6 * intervalNs, config.scaledPushPullIntervalNs(1_024));
        assertEquals(0, new ProtocolConfig().pushPullIntervalNs(0).conclude().scaledPushPullIntervalNs(1_000),
            "push-pull off stays off");
    }

    @Test
    void toStringNamesTheValues()
    {
        final String text = new ProtocolConfig().gossipNodes(7).frameBudgetBytes(999).toString();
        assertTrue(text.contains("gossipNodes=7"), text);
        assertTrue(text.contains("frameBudgetBytes=999"), text);
    }
}

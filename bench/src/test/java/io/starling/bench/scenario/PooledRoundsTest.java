package io.starling.bench.scenario;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PooledRoundsTest
{
    @Test
    void aPercentileOfTheRunIsTakenOverEveryRoundsRequests()
    {
        final PooledRounds p = new PooledRounds();
        // Round 1: 100 requests, 2 of them stalled 5 ms (its p99 is the stall); round 2: 100 quiet requests.
        p.addOpenLoop(run(1_000, 98, 20_000, 2, 5_000_000, 7_000_000));
        p.addOpenLoop(run(1_000, 100, 20_000, 0, 0, 3_000_000));
        final PooledRounds.Rate rate = p.rates().get(1_000.0);
        final OpenLoopLoad.Result pooled = rate.result(1_000);
        assertEquals(200, pooled.sent());
        assertEquals(198, pooled.received(), "each round lost one");
        assertEquals(2, pooled.lost());
        assertEquals(7_000_000, pooled.maxSendLagNs());
        assertEquals(2_000_000_000L, pooled.durationNs());
        assertEquals(200, pooled.histogram().getTotalCount());
        // 2 stalled of 200: the pooled p99 is a quiet request's latency; the rounds' own p99s are kept.
        assertEquals(20.0, LatencyHistograms.percentileUs(pooled.histogram(), 99), 0.1);
        assertEquals(2, rate.p99Us().size());
        assertEquals(5_000.0, rate.p99Us().get(0), 5.0);
        assertEquals(20.0, rate.p99Us().get(1), 0.1);
    }

    @Test
    void closedLoopsAreSummedWithEachRoundsPercentilesKept()
    {
        final PooledRounds p = new PooledRounds();
        p.addClosedLoop(histogram(100, 10_000, 0, 0), 1.5);
        p.addClosedLoop(histogram(100, 30_000, 0, 0), 2.5);
        assertEquals(200, p.closedLoop().getTotalCount());
        assertEquals(List.of(10.0, 30.0), p.closedLoopP50Us().stream().map(v -> (double)Math.round(v)).toList());
        assertEquals(4.0, p.closedLoopElapsedS(), 1e-9);
    }

    private static OpenLoopLoad.Result run(
        final double rate, final int quiet, final long quietNs, final int stalled, final long stalledNs,
        final long maxLagNs)
    {
        final Histogram h = histogram(quiet, quietNs, stalled, stalledNs);
        final long sent = quiet + stalled;
        return new OpenLoopLoad.Result(h, rate, 1_000_000_000L, sent, sent - 1, maxLagNs);
    }

    private static Histogram histogram(final int quiet, final long quietNs, final int stalled, final long stalledNs)
    {
        final Histogram h = LatencyHistograms.newHistogram();
        for (int i = 0; i < quiet; i++)
        {
            LatencyHistograms.record(h, quietNs);
        }
        for (int i = 0; i < stalled; i++)
        {
            LatencyHistograms.record(h, stalledNs);
        }
        return h;
    }
}

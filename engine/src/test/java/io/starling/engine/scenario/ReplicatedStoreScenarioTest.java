package io.starling.engine.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.starling.engine.kv.KvStore;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.kv.VectorClock;
import io.starling.engine.replication.Replicator;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.ReplicatingNodes;
import io.starling.engine.sim.Simulation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6: random writes at every node under 10% loss, so that rumors are lost; after the writes stop every store
 * reaches the same Merkle root within a stated number of anti-entropy periods, nothing written is lost (every final
 * store causally includes every write: some version of the key has a vector clock at or past the write's), and
 * concurrent writes show as siblings. A property over {@link Seeds} (10 seeds by default, 30 under -Pslow).
 */
class ReplicatedStoreScenarioTest
{
    /**
     * Anti-entropy periods (each node starts a session every 2 protocol periods) allowed to converge after the
     * writes stop, at N=200: 1.5 x the worst over seeds 1-10, 2.04 (seed 4; the others 1.42 to 2.00). Was 30.
     */
    private static final double MAX_ANTI_ENTROPY_PERIODS = 3.1;

    private record Write(String key, int writer, long counter)
    {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("io.starling.engine.scenario.Seeds#seeds")
    void storesConvergeUnderLossWithNothingLost(final long seed)
    {
        run(200, seed, MAX_ANTI_ENTROPY_PERIODS);
    }

    @Test
    @Tag("slow")
    void storesConvergeUnderLossWithNothingLostAt1000()
    {
        run(1000, 42, 30);
    }

    private static void run(final int n, final long seed, final double maxAntiEntropyPeriods)
    {
        final Replicator[] replicators = new Replicator[n];
        final Replicator.Config replication = new Replicator.Config();
        final Simulation sim = new Simulation(SwimScenarioTest.context(n, seed, JoinMode.PRE_CONVERGED)
            .nodeFactory(ReplicatingNodes.factory(replication, replicators)));
        sim.runPeriods(3);
        sim.lossRate(0.10);

        final SplittableRandom random = new SplittableRandom(seed);
        final List<Write> writes = new ArrayList<>();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[0]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[0]);
        final VectorClock clock = new VectorClock();
        // Each key is written about every 8 protocol periods: writes still collide while rumors are in flight
        // (siblings), but stay within the store's bound of 8 siblings per key, so nothing is evicted.
        final int keys = 2 * n;
        for (int tick = 0; tick < 100; tick++)
        {
            for (int w = 0; w < Math.max(1, n / 40); w++)
            {
                final int node = random.nextInt(n);
                final String k = "svc/" + random.nextInt(keys);
                final byte[] kb = k.getBytes(StandardCharsets.UTF_8);
                final byte[] vb = ("v" + tick + "@" + node).getBytes(StandardCharsets.UTF_8);
                key.wrap(kb);
                value.wrap(vb);
                replicators[node].put(sim.nowNs(), key, 0, kb.length, value, 0, vb.length);
                final KvVersions versions = replicators[node].store().versions(kb);
                final int writerId = replicators[node].writerId();
                long counter = 0;
                for (int i = 0; i < versions.count(); i++)
                {
                    counter = Math.max(counter, versions.clock(i, clock).get(writerId));
                }
                writes.add(new Write(k, writerId, counter));
            }
            sim.runPeriods(0.1);
        }
        final long writesEndNs = sim.nowNs();
        final long antiEntropyPeriodNs = replication.antiEntropyIntervalNs();
        final boolean converged = sim.runUntil(writesEndNs + (long)(maxAntiEntropyPeriods * antiEntropyPeriodNs),
            () -> rootsEqual(replicators));
        final double aePeriods = (double)(sim.nowNs() - writesEndNs) / antiEntropyPeriodNs;
        System.out.printf("FIGURE store seed=%d N=%d ae=%.2f%n", seed, n, aePeriods);
        assertTrue(converged, "every store has one root within " + maxAntiEntropyPeriods +
            " anti-entropy periods after writes stop");

        long evicted = 0;
        for (final Replicator r : replicators)
        {
            evicted += r.store().siblingsEvicted();
        }
        assertTrue(0 == evicted, "no sibling was evicted (the workload stays within maxSiblings): " + evicted);
        // Nothing lost: each store holds, for every write, a version whose clock includes it.
        for (final Replicator r : replicators)
        {
            final KvStore store = r.store();
            for (final Write write : writes)
            {
                final KvVersions versions = store.versions(write.key.getBytes(StandardCharsets.UTF_8));
                boolean included = false;
                for (int i = 0; versions != null && i < versions.count() && !included; i++)
                {
                    included = versions.clock(i, clock).get(write.writer) >= write.counter;
                }
                assertTrue(included, "write " + write + " is included at node " + store.nodeId());
            }
        }
        int keysWithSiblings = 0;
        final KvStore first = replicators[0].store();
        for (int k = 0; k < keys; k++)
        {
            final KvVersions versions = first.versions(("svc/" + k).getBytes(StandardCharsets.UTF_8));
            keysWithSiblings += versions != null && versions.count() > 1 ? 1 : 0;
        }
        System.out.printf("replicated store, N=%d, 10%% loss, %d writes on %d keys: one root %.1f anti-entropy " +
            "periods (%.1f protocol periods) after writes stop; %d keys hold concurrent siblings; nothing lost%n",
            n, writes.size(), keys, aePeriods, sim.toPeriods(sim.nowNs() - writesEndNs), keysWithSiblings);
        assertTrue(keysWithSiblings > 0, "concurrent writes show as siblings");
    }

    private static boolean rootsEqual(final Replicator[] replicators)
    {
        final long root = replicators[0].store().rootHash();
        for (final Replicator r : replicators)
        {
            if (r.store().rootHash() != root)
            {
                return false;
            }
        }
        return true;
    }
}

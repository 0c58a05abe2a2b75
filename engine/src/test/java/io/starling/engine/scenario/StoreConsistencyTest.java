package io.starling.engine.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.KvStore;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.kv.VectorClock;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.replication.Replicator;
import io.starling.engine.rumor.RumorMonger;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.Simulation;
import io.starling.engine.sim.SwimNodeFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: the {@link StoreChecker} over the production replication code in the simulator. Clients at random live
 * nodes put, delete, read and broadcast while faults run; after each fault phase the network is healed, crashed
 * nodes restart (same SWIM id, fresh writer id: the store is not persisted), and once the stores converge the
 * checker runs; after the last phase the writes stop and the run waits out the stated tombstone bound.
 * <p>
 * Fault mixes: RESTARTS (crash and restart, 10% loss), PARTITIONS (random two-way splits, 10% loss), ATTACKS
 * (forged versions with Lamport jumps of 2^40 and of Long.MAX_VALUE injected at random nodes, restarts, 10% loss).
 * <p>
 * Stated tombstone bound: a tombstone is gone from every store {@code tombstoneTtlNs + 3} anti-entropy intervals
 * after the delete (the TTL counts from the delete on every replica since its age travels with it; the slack covers
 * the housekeeping period and the rumor lifetime during which a forwarded age is understated).
 */
class StoreConsistencyTest
{
    enum Mix
    {
        RESTARTS, PARTITIONS, ATTACKS
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long TOMBSTONE_TTL_NS = 10 * SECOND;
    private static final long BROADCAST_TTL_NS = 10 * SECOND;
    private static final long AE_INTERVAL_NS = 2 * SECOND;
    private static final long TOMBSTONE_BOUND_NS = TOMBSTONE_TTL_NS + 3 * AE_INTERVAL_NS;
    private static final int KEYS = 16;
    private static final int PHASES = 2;
    private static final double PHASE_PERIODS = 10;

    record Result(Mix mix, int seeds, long operations, long puts, long deletes, long reads, long broadcasts,
        long deliveries, long restarts, long partitions, long attacks, long siblingKeys, long pruningSiblings,
        long excused, long maxTombstoneLifeNs, List<String> anomalies)
    {
        String summary()
        {
            return String.format("%-10s seeds=%d operations=%d (puts=%d deletes=%d reads=%d broadcasts=%d) " +
                "deliveries=%d restarts=%d partitions=%d attacks=%d sibling-keys(max per quiescent point, summed)=%d " +
                "pruning-siblings=%d excused=%d tombstones-gone-after<=%.1fs anomalies=%d", mix, seeds, operations,
                puts, deletes, reads, broadcasts, deliveries, restarts, partitions, attacks, siblingKeys,
                pruningSiblings, excused, maxTombstoneLifeNs / 1e9, anomalies.size());
        }
    }

    @Test
    void restartsAtFiftyNodes()
    {
        assertClean(runMix(Mix.RESTARTS, 50, 20, 1_000, KvStoreConfig.MAX_SIBLINGS_DEFAULT));
    }

    @Test
    void partitionsAtFiftyNodes()
    {
        assertClean(runMix(Mix.PARTITIONS, 50, 20, 2_000, KvStoreConfig.MAX_SIBLINGS_DEFAULT));
    }

    @Test
    void clockJumpAttacksAtFiftyNodes()
    {
        assertClean(runMix(Mix.ATTACKS, 50, 20, 3_000, KvStoreConfig.MAX_SIBLINGS_DEFAULT));
    }

    /**
     * 200 seeds per mix at N = 200 ({@code -Dstarling.checker.seeds=K} runs the first K of them).
     */
    @Test
    @Tag("slow")
    void everyMixAt200NodesOver200Seeds()
    {
        final int seeds = Integer.getInteger("starling.checker.seeds", 200);
        // -Dstarling.checker.mixes=ATTACKS (comma-separated) runs some mixes, e.g. one per JVM in parallel
        final List<String> mixes = List.of(System.getProperty("starling.checker.mixes",
            "RESTARTS,PARTITIONS,ATTACKS").split(","));
        for (final Mix mix : Mix.values())
        {
            if (!mixes.contains(mix.name()))
            {
                continue;
            }
            assertClean(runMix(mix, 200, seeds, 10_000 * (mix.ordinal() + 1), KvStoreConfig.MAX_SIBLINGS_DEFAULT));
        }
    }

    /**
     * The checker can fail: a store that keeps one version per key (maxSiblings = 1, last writer wins instead of
     * siblings) is a broken merge for this store's promise, and the checker reports the concurrent writes it loses.
     */
    @Test
    void checkerCatchesABrokenMerge()
    {
        final Result result = runMix(Mix.RESTARTS, 50, 3, 4_000, 1);
        System.out.println("broken merge (maxSiblings=1): " + result.summary());
        result.anomalies().stream().limit(3).forEach(a -> System.out.println("  " + a));
        assertFalse(result.anomalies().isEmpty(), "the checker catches a merge that drops concurrent writes");
        assertTrue(result.anomalies().stream().anyMatch(a -> a.contains("lost write")), result.anomalies().get(0));
    }

    private static void assertClean(final Result result)
    {
        System.out.println("store checker: " + result.summary());
        result.anomalies().stream().limit(10).forEach(a -> System.out.println("  " + a));
        assertEquals(List.of(), result.anomalies().stream().limit(10).toList(), result.summary());
        assertTrue(result.siblingKeys() > 0, "concurrent writes happened and showed as siblings");
        assertTrue(result.deliveries() > 0 && result.deletes() > 0 && result.restarts() + result.partitions() > 0);
    }

    static Result runMix(final Mix mix, final int n, final int seeds, final long firstSeed, final int siblings)
    {
        long operations = 0, puts = 0, deletes = 0, reads = 0, broadcasts = 0, deliveries = 0, restarts = 0;
        long partitions = 0, attacks = 0, siblingKeys = 0, pruningSiblings = 0, excused = 0, maxTombstoneLife = 0;
        final List<String> anomalies = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            final Run run = new Run(mix, n, seed, siblings);
            run.execute();
            final StoreChecker c = run.checker;
            operations += c.operations;
            puts += c.putCount();
            deletes += c.deleteCount();
            reads += c.reads;
            broadcasts += c.broadcastCount();
            deliveries += c.broadcastDeliveries;
            restarts += c.restarts;
            partitions += c.partitions;
            attacks += c.attacks;
            siblingKeys += c.maxSiblingKeys;
            pruningSiblings += c.pruningSiblings;
            excused += c.excusedWrites;
            maxTombstoneLife = Math.max(maxTombstoneLife, run.tombstoneLifeNs);
            for (final String a : c.anomalies)
            {
                anomalies.add("seed " + seed + ": " + a);
            }
        }
        return new Result(mix, seeds, operations, puts, deletes, reads, broadcasts, deliveries, restarts, partitions,
            attacks, siblingKeys, pruningSiblings, excused, maxTombstoneLife, anomalies);
    }

    /**
     * One seeded run.
     */
    private static final class Run
    {
        final Mix mix;
        final int n;
        final SplittableRandom random;
        final Replicator[] replicators;
        final boolean[] live;
        final StoreChecker checker;
        final Simulation sim;
        long tombstoneLifeNs;

        Run(final Mix mix, final int n, final long seed, final int maxSiblings)
        {
            this.mix = mix;
            this.n = n;
            this.random = new SplittableRandom(seed ^ 0x5EED);
            this.replicators = new Replicator[n];
            this.live = new boolean[n];
            this.checker = new StoreChecker(n);
            final Replicator.Config config = new Replicator.Config()
                .antiEntropyIntervalNs(AE_INTERVAL_NS).broadcastTtlNs(BROADCAST_TTL_NS);
            sim = new Simulation(SwimScenarioTest.context(n, seed, JoinMode.PRE_CONVERGED)
                .nodeFactory((s, nodeIndex, restart) ->
                {
                    final SwimNode node = (SwimNode)SwimNodeFactory.INSTANCE.newNode(s, nodeIndex, restart);
                    checker.onLaunch(nodeIndex, s.nowNs());
                    live[nodeIndex] = true;
                    final Replicator replicator = new Replicator(config,
                        new KvStoreConfig().merkleDepth(2).tombstoneTtlNs(TOMBSTONE_TTL_NS).maxSiblings(maxSiblings),
                        new AntiEntropyConfig(), new RumorMonger.Config(), s.config().clusterId(),
                        s.config().frameBudgetBytes(), nodeIndex, s.nodeId(nodeIndex), s.random(), s.timers(),
                        s.outbox(),
                        (nowNs, index, origin, sequence, payload, offset, length) ->
                        {
                            final String p = payload.getStringWithoutLengthAscii(offset, length);
                            checker.onBroadcast(index, Long.parseLong(p.substring(1)));
                        },
                        (key, keyOffset, keyLength, versions, cause) ->
                            checker.onChange(nodeIndex, s.nowNs(), key, keyOffset, keyLength, versions),
                        CounterSink.NO_OP);
                    node.extension(replicator);
                    replicators[nodeIndex] = replicator;
                    return node;
                }));
        }

        void execute()
        {
            sim.runPeriods(2);
            for (int phase = 0; phase < PHASES; phase++)
            {
                faultPhase();
                quiesce();
            }
            // deletes stop: every tombstone must be gone within the bound, and stay gone
            final long lastWriteNs = sim.nowNs();
            final long deadlineNs = lastWriteNs + TOMBSTONE_BOUND_NS + BROADCAST_TTL_NS;
            // the last broadcast's origin deletes it BROADCAST_TTL_NS after it (housekeeping once a second)
            final long lastTombstoneMadeNs = lastWriteNs + BROADCAST_TTL_NS + 2 * SECOND;
            long lastSeenNs = lastWriteNs;
            long goneAtNs = -1;
            while (sim.nowNs() < deadlineNs + 3 * AE_INTERVAL_NS)
            {
                sim.runFor(SECOND);
                final int held = tombstones();
                if (held > 0)
                {
                    lastSeenNs = sim.nowNs();
                    if (goneAtNs >= 0)
                    {
                        checker.anomalies.add(String.format("tombstone: %d came back %.1f s after the last delete",
                            held, (sim.nowNs() - lastWriteNs) / 1e9));
                        break;
                    }
                    if (sim.nowNs() > deadlineNs)
                    {
                        checker.anomalies.add(String.format("tombstone: %d held %.1f s after the last delete " +
                            "(bound %.1f s)", held, (sim.nowNs() - lastWriteNs) / 1e9,
                            (deadlineNs - lastWriteNs) / 1e9));
                        break;
                    }
                }
                else if (goneAtNs < 0 && sim.nowNs() > lastTombstoneMadeNs)
                {
                    goneAtNs = sim.nowNs();
                }
                if (goneAtNs >= 0 && sim.nowNs() - goneAtNs >= 3 * AE_INTERVAL_NS)
                {
                    break;
                }
            }
            tombstoneLifeNs = lastSeenNs - lastWriteNs;
            checker.checkQuiescent(sim.nowNs(), live);
            checker.checkBroadcasts(live, 3 * AE_INTERVAL_NS);
            for (int i = 0; i < n; i++)
            {
                final KvStore store = replicators[i].store();
                if (store.siblingsEvicted() > 0)
                {
                    checker.anomalies.add("node " + i + " evicted " + store.siblingsEvicted() + " siblings " +
                        "(the workload exceeded maxSiblings)");
                }
                if (store.lamportTime() < 0)
                {
                    checker.anomalies.add("node " + i + " Lamport time " + store.lamportTime());
                }
            }
        }

        private int tombstones()
        {
            int t = 0;
            for (int i = 0; i < n; i++)
            {
                t += live[i] ? replicators[i].store().tombstoneCount() : 0;
            }
            return t;
        }

        private void faultPhase()
        {
            final boolean loss = true;
            sim.lossRate(loss ? 0.10 : 0);
            final int ticks = (int)(PHASE_PERIODS * 10);
            int partitionUntilTick = -1;
            for (int tick = 0; tick < ticks; tick++)
            {
                // faults
                if (Mix.PARTITIONS == mix && partitionUntilTick < 0 && random.nextInt(40) == 0)
                {
                    final int[] groups = new int[n];
                    for (int i = 0; i < n; i++)
                    {
                        groups[i] = random.nextInt(2);
                    }
                    sim.partition(groups);
                    checker.partitions++;
                    partitionUntilTick = tick + 10 + random.nextInt(30);
                }
                if (tick == partitionUntilTick)
                {
                    sim.heal();
                    partitionUntilTick = -1;
                }
                if (Mix.PARTITIONS != mix && random.nextInt(15) == 0)
                {
                    final int victim = random.nextInt(n);
                    if (live[victim] && liveCount() > n * 9 / 10)
                    {
                        checker.onCrash(victim, withoutNode(victim));
                        live[victim] = false;
                        sim.kill(victim);
                        checker.restarts++;
                    }
                }
                if (Mix.PARTITIONS != mix && random.nextInt(10) == 0)
                {
                    final int node = random.nextInt(n);
                    if (!live[node] && sim.isCrashed(node))
                    {
                        sim.restart(node);
                    }
                }
                if (Mix.ATTACKS == mix && random.nextInt(10) == 0)
                {
                    attack();
                }
                // clients
                for (int op = 0; op < 2; op++)
                {
                    clientOperation();
                }
                sim.runPeriods(0.1);
            }
            if (partitionUntilTick >= 0)
            {
                sim.heal();
            }
        }

        private void quiesce()
        {
            sim.heal();
            sim.lossRate(0);
            for (int i = 0; i < n; i++)
            {
                if (sim.isCrashed(i))
                {
                    sim.restart(i);
                }
            }
            final long startNs = sim.nowNs();
            // the broadcast listener of a restarted node must have time to join and be reconciled
            final boolean converged = sim.runUntil(startNs + 40 * AE_INTERVAL_NS, this::converged);
            sim.runFor(AE_INTERVAL_NS);
            if (!converged)
            {
                checker.anomalies.add(String.format("stores did not converge within %d anti-entropy intervals",
                    40));
            }
            checker.checkQuiescent(sim.nowNs(), live);
        }

        private boolean converged()
        {
            long root = 0;
            boolean first = true;
            for (int i = 0; i < n; i++)
            {
                if (!live[i])
                {
                    continue;
                }
                final long r = replicators[i].store().rootHash();
                if (!first && r != root)
                {
                    return false;
                }
                root = r;
                first = false;
            }
            return true;
        }

        private void clientOperation()
        {
            final int node = random.nextInt(n);
            if (!live[node])
            {
                return;
            }
            final Replicator r = replicators[node];
            final long nowNs = sim.nowNs();
            final int choice = random.nextInt(100);
            final String key = "k" + random.nextInt(KEYS);
            final byte[] k = key.getBytes(StandardCharsets.UTF_8);
            if (choice < 40)
            {
                final StoreChecker.Write w = checker.beginWrite(node, key, false, nowNs);
                final byte[] v = StoreChecker.value(w.id).getBytes(StandardCharsets.UTF_8);
                final long prunedBefore = r.store().clocksPruned();
                assertTrue(r.tryPut(nowNs, new UnsafeBuffer(k), 0, k.length, new UnsafeBuffer(v), 0, v.length));
                finish(w, r, key, prunedBefore);
            }
            else if (choice < 55)
            {
                if (null == r.store().get(k))
                {
                    return;
                }
                final StoreChecker.Write w = checker.beginWrite(node, key, true, nowNs);
                final long prunedBefore = r.store().clocksPruned();
                assertTrue(r.tryDelete(nowNs, new UnsafeBuffer(k), 0, k.length));
                finish(w, r, key, prunedBefore);
            }
            else if (choice < 90)
            {
                checker.onRead(node, key, r.store().versions(k));
            }
            else
            {
                final long id = checker.broadcastSent(node, nowNs);
                final byte[] p = ("b" + id).getBytes(StandardCharsets.US_ASCII);
                assertTrue(r.tryBroadcast(nowNs, new UnsafeBuffer(p), 0, p.length));
            }
        }

        private void finish(final StoreChecker.Write w, final Replicator r, final String key, final long prunedBefore)
        {
            final KvVersions versions = r.store().versions(key.getBytes(StandardCharsets.UTF_8));
            final long lamport = r.store().lamportTime();
            for (int i = 0; i < versions.count(); i++)
            {
                if (versions.writerNode(i) == r.writerId() && versions.lamportTime(i) == lamport)
                {
                    checker.endWrite(w, versions.clock(i, new VectorClock()).toPacked(), r.writerId(), lamport,
                        r.store().clocksPruned() != prunedBefore);
                }
            }
        }

        /**
         * A forged version from a writer id no node uses, under a key of its own: a Lamport jump of 2^40 (within
         * the bound, so it spreads) or of Long.MAX_VALUE (refused).
         */
        private void attack()
        {
            final int node = random.nextInt(n);
            if (!live[node])
            {
                return;
            }
            final KvStore store = replicators[node].store();
            final boolean max = random.nextBoolean();
            final long lamport = max ? Long.MAX_VALUE : store.lamportTime() + (1L << 40);
            final byte[] k = ("attack/" + checker.attacks).getBytes(StandardCharsets.UTF_8);
            final byte[] v = {1};
            store.merge(new UnsafeBuffer(k), 0, k.length, new UnsafeBuffer(v), 0, 1, false, lamport, 0x7FFF_FFFF,
                new VectorClock().set(0x7FFF_FFFF, 1 + checker.attacks), sim.nowNs());
            checker.attacks++;
        }

        private int liveCount()
        {
            int c = 0;
            for (final boolean l : live)
            {
                c += l ? 1 : 0;
            }
            return c;
        }

        private boolean[] withoutNode(final int node)
        {
            final boolean[] l = live.clone();
            l[node] = false;
            return l;
        }
    }
}

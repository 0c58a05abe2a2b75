package io.starling.engine.scenario;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.ProtocolConfig;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rumor stopping strategies at N = 1,000 on the simulator, beside Demers et al., "Epidemic Algorithms for
 * Replicated Database Maintenance" (PODC 1987): table 1 (push, feedback, counter) and table 2 (push, blind, coin).
 * Residue s = fraction of nodes never reached without anti-entropy; traffic m = rumor pushes per node. Fanout 1,
 * rounds aligned (every node pushes at the same instants), many rumors spread at once from distinct origins (they
 * are independent: each node keeps per-rumor state), the SWIM layer running underneath.
 */
class DemersComparisonTest
{
    private static final int N = 1000;

    /** Demers table 1 (feedback, counter): residue and traffic for k = 1..5, as printed in the paper. */
    static final double[] DEMERS_FEEDBACK_RESIDUE = {0.18, 0.037, 0.011, 0.0036, 0.0012};
    static final double[] DEMERS_FEEDBACK_TRAFFIC = {1.7, 3.3, 4.5, 5.6, 6.7};
    /** Demers table 2 (blind, coin). */
    static final double[] DEMERS_COIN_RESIDUE = {0.96, 0.20, 0.060, 0.021, 0.008};
    static final double[] DEMERS_COIN_TRAFFIC = {0.04, 1.6, 2.8, 3.9, 4.9};

    record Result(double residue, double traffic, double meanRoundsToLast)
    {
    }

    static Result run(
        final RumorMonger.Strategy strategy, final int k, final boolean consecutive, final int rumors, final long seed)
    {
        final RumorMonger[] mongers = new RumorMonger[N];
        final int[] reached = new int[rumors];
        final long[] lastDeliveryNs = new long[rumors];
        final RumorMonger.Config config = new RumorMonger.Config().strategy(strategy).k(k).fanout(1)
            .feedbackConsecutive(consecutive).maxActive(Math.max(64, rumors));
        final Simulation sim = new Simulation(SwimScenarioTest.context(N, seed, JoinMode.PRE_CONVERGED)
            .startJitterNs(0)
            .protocolConfig(new ProtocolConfig().pushPullIntervalNs(0).reconnectIntervalNs(0))
            .nodeFactory((s, nodeIndex, restart) ->
            {
                final SwimNode node = (SwimNode)SwimNodeFactory.INSTANCE.newNode(s, nodeIndex, restart);
                final RumorMonger monger = new RumorMonger(config.conclude(s.config().frameBudgetBytes()),
                    s.random(), s.timers(), s.outbox(),
                    (nowNs, index, rumorId, origin, lamport, payload, offset, length) ->
                    {
                        final int r = payload.getInt(offset);
                        reached[r]++;
                        lastDeliveryNs[r] = Math.max(lastDeliveryNs[r], nowNs);
                        return true;
                    },
                    CounterSink.NO_OP);
                node.extension(monger);
                mongers[nodeIndex] = monger;
                return node;
            }));
        sim.runPeriods(2.05);
        final long startNs = sim.nowNs();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[4]);
        for (int r = 0; r < rumors; r++)
        {
            payload.putInt(0, r);
            mongers[(r * 7919) % N].broadcast(sim.nowNs(), payload, 0, 4);
        }
        final boolean stopped = sim.runUntil(sim.nowNs() + sim.periodsNs(60), () ->
        {
            for (final RumorMonger m : mongers)
            {
                if (m.activeCount() > 0)
                {
                    return false;
                }
            }
            return 0 == sim.framesInFlight();
        });
        assertTrue(stopped, "every node lost interest in every rumor");
        long pushes = 0;
        for (final RumorMonger m : mongers)
        {
            pushes += m.pushesSent();
        }
        long missed = 0;
        double rounds = 0;
        for (int r = 0; r < rumors; r++)
        {
            missed += N - reached[r];
            rounds += sim.toGossipRounds(lastDeliveryNs[r] - startNs);
        }
        return new Result((double)missed / ((double)N * rumors), (double)pushes / ((double)N * rumors),
            rounds / rumors);
    }

    @Test
    void residueFallsWithKAndTracksDemersTables()
    {
        for (int k = 1; k <= 5; k++)
        {
            final Result feedback = run(RumorMonger.Strategy.FEEDBACK_COUNTER, k, false, 40, 70 + k);
            final Result coin = run(RumorMonger.Strategy.BLIND_COIN, k, false, 40, 80 + k);
            System.out.printf(Locale.ROOT, "k=%d feedback s=%.4f m=%.2f (Demers %.4f, %.1f) | blind coin s=%.4f " +
                "m=%.2f (Demers %.3f, %.2f)%n", k, feedback.residue, feedback.traffic,
                DEMERS_FEEDBACK_RESIDUE[k - 1], DEMERS_FEEDBACK_TRAFFIC[k - 1], coin.residue, coin.traffic,
                DEMERS_COIN_RESIDUE[k - 1], DEMERS_COIN_TRAFFIC[k - 1]);
            // Traffic is a mean over 40,000 node-rumors: within 20% of the paper's. Residue is noisier at small
            // values: within a factor of 2.5 of the paper's either way (measured ratios, seeds 71-75 and 82-85:
            // feedback 1.14 to 2.25, the simulator's residue always above the paper's; blind coin 0.80 to 1.06).
            assertEquals(DEMERS_FEEDBACK_TRAFFIC[k - 1], feedback.traffic, 0.2 * DEMERS_FEEDBACK_TRAFFIC[k - 1] + 0.1);
            assertResidueNear(DEMERS_FEEDBACK_RESIDUE[k - 1], feedback.residue);
            if (k > 1)
            {
                assertEquals(DEMERS_COIN_TRAFFIC[k - 1], coin.traffic, 0.2 * DEMERS_COIN_TRAFFIC[k - 1] + 0.1);
                assertResidueNear(DEMERS_COIN_RESIDUE[k - 1], coin.residue);
            }
        }
    }

    private static void assertResidueNear(final double expected, final double actual)
    {
        assertTrue(actual <= 2.5 * expected && actual >= expected / 2.5,
            "residue " + actual + " vs Demers " + expected + " (allowed " + expected / 2.5 + " to " + 2.5 * expected +
            ")");
    }

    /**
     * The rumor with the worst residue (blind coin, k = 1: most nodes never hear it) still reaches every node when
     * anti-entropy runs: broadcasts through the Replicator, whose Merkle anti-entropy repairs what the rumor missed.
     */
    @Test
    void antiEntropyDrivesTheResidueToZero()
    {
        final int withoutAntiEntropy = broadcastReach(false);
        final int withAntiEntropy = broadcastReach(true);
        System.out.printf("blind coin k=1 broadcast at N=300 after 30 periods: %d nodes reached without " +
            "anti-entropy, %d with%n", withoutAntiEntropy, withAntiEntropy);
        assertTrue(withoutAntiEntropy < 300 / 2, "the rumor alone leaves a large residue: " + withoutAntiEntropy);
        assertEquals(300, withAntiEntropy, "anti-entropy delivers to every node");
    }

    /**
     * The rumor with the worst residue (blind coin, k = 1: most nodes never hear it), broadcast through the
     * Replicator, with or without its Merkle anti-entropy.
     */
    private static int broadcastReach(final boolean antiEntropy)
    {
        final int n = 300;
        final int[] reached = new int[1];
        final Replicator[] replicators = new Replicator[n];
        final Simulation sim = new Simulation(SwimScenarioTest.context(n, 90, JoinMode.PRE_CONVERGED)
            .nodeFactory((s, nodeIndex, restart) ->
            {
                final SwimNode node = (SwimNode)SwimNodeFactory.INSTANCE.newNode(s, nodeIndex, restart);
                final Replicator replicator = new Replicator(
                    new Replicator.Config().antiEntropyEnabled(antiEntropy), new KvStoreConfig(),
                    new AntiEntropyConfig(), new RumorMonger.Config().strategy(RumorMonger.Strategy.BLIND_COIN).k(1),
                    s.config().clusterId(), s.config().frameBudgetBytes(), nodeIndex, s.nodeId(nodeIndex),
                    s.random(), s.timers(), s.outbox(),
                    (nowNs, index, origin, sequence, payload, offset, length) -> reached[0]++, null,
                    CounterSink.NO_OP);
                node.extension(replicator);
                replicators[nodeIndex] = replicator;
                return node;
            }));
        sim.runPeriods(3);
        final byte[] bytes = "sat-42 pass window".getBytes(StandardCharsets.UTF_8);
        replicators[5].broadcast(sim.nowNs(), new UnsafeBuffer(bytes), 0, bytes.length);
        sim.runPeriods(30);
        return reached[0];
    }

    /**
     * The full table for bench results (200 rumors per cell), held to the same tolerances as
     * {@link #residueFallsWithKAndTracksDemersTables()} against the paper, and to the shape both tables show: every
     * strategy's residue falls (or stays at 0) and its traffic rises as k grows.
     */
    @Test
    @Tag("slow")
    void printTheFullTable()
    {
        final StringBuilder table = new StringBuilder();
        final Result[][] results = new Result[5][];
        table.append("| k | feedback (k in all) s | m | Demers t.1 s | m | feedback (k in a row) s | m | blind coin s |" +
            " m | Demers t.2 s | m | blind counter s | m |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int k = 1; k <= 5; k++)
        {
            final Result fb = run(RumorMonger.Strategy.FEEDBACK_COUNTER, k, false, 200, 100 + k);
            final Result fbc = run(RumorMonger.Strategy.FEEDBACK_COUNTER, k, true, 200, 110 + k);
            final Result coin = run(RumorMonger.Strategy.BLIND_COIN, k, false, 200, 120 + k);
            final Result blind = run(RumorMonger.Strategy.BLIND_COUNTER, k, false, 200, 130 + k);
            table.append(String.format(Locale.ROOT,
                "| %d | %.4f | %.2f | %.4f | %.1f | %.4f | %.2f | %.4f | %.2f | %.3f | %.2f | %.5f | %.2f |%n",
                k, fb.residue, fb.traffic, DEMERS_FEEDBACK_RESIDUE[k - 1], DEMERS_FEEDBACK_TRAFFIC[k - 1],
                fbc.residue, fbc.traffic, coin.residue, coin.traffic, DEMERS_COIN_RESIDUE[k - 1],
                DEMERS_COIN_TRAFFIC[k - 1], blind.residue, blind.traffic));
            results[k - 1] = new Result[]{fb, fbc, coin, blind};
        }
        System.out.print(table);
        for (int k = 1; k <= 5; k++)
        {
            final Result fb = results[k - 1][0];
            final Result coin = results[k - 1][2];
            assertEquals(DEMERS_FEEDBACK_TRAFFIC[k - 1], fb.traffic, 0.2 * DEMERS_FEEDBACK_TRAFFIC[k - 1] + 0.1);
            assertResidueNear(DEMERS_FEEDBACK_RESIDUE[k - 1], fb.residue);
            if (k > 1)
            {
                assertEquals(DEMERS_COIN_TRAFFIC[k - 1], coin.traffic, 0.2 * DEMERS_COIN_TRAFFIC[k - 1] + 0.1);
                assertResidueNear(DEMERS_COIN_RESIDUE[k - 1], coin.residue);
            }
            for (int column = 0; column < 4 && k > 1; column++)
            {
                final Result previous = results[k - 2][column];
                final Result current = results[k - 1][column];
                assertTrue(current.residue <= previous.residue,
                    "column " + column + ": residue at k=" + k + " " + current.residue + " <= " + previous.residue);
                assertTrue(current.traffic > previous.traffic,
                    "column " + column + ": traffic at k=" + k + " " + current.traffic + " > " + previous.traffic);
            }
        }
    }
}

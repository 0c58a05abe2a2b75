package io.starling.engine.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.starling.engine.kv.AntiEntropyConfig;
import io.starling.engine.kv.KvStoreConfig;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.protocol.CounterSink;
import io.starling.engine.protocol.SwimNode;
import io.starling.engine.replication.Replicator;
import io.starling.engine.rumor.RumorMonger;
import io.starling.engine.sim.JoinMode;
import io.starling.engine.sim.Simulation;
import io.starling.engine.sim.SwimNodeFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, defect 2: a node restarted with the same SWIM id (its store is not persisted) writes a key it wrote
 * five times before, and broadcasts again. On b179538 the new write {W:1} was ordered before the old {W:5} and
 * ignored everywhere (anti-entropy even overwrote the writer's own copy), and the new broadcasts met the old
 * broadcast keys and rumor ids and were dropped.
 */
class ReplicationRestartTest
{
    @Test
    void writesAndBroadcastsAfterARestartWithTheSameIdAreKept()
    {
        final int n = 3;
        final Replicator[] replicators = new Replicator[n];
        final List<List<String>> delivered = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            delivered.add(new ArrayList<>());
        }
        final Simulation sim = new Simulation(SwimScenarioTest.context(n, 5, JoinMode.PRE_CONVERGED)
            .nodeFactory((s, nodeIndex, restart) ->
            {
                final SwimNode node = (SwimNode)SwimNodeFactory.INSTANCE.newNode(s, nodeIndex, restart);
                final Replicator replicator = new Replicator(new Replicator.Config(),
                    new KvStoreConfig().merkleDepth(2), new AntiEntropyConfig(), new RumorMonger.Config(),
                    s.config().clusterId(), s.config().frameBudgetBytes(), nodeIndex, s.nodeId(nodeIndex),
                    s.random(), s.timers(), s.outbox(),
                    (nowNs, index, origin, sequence, payload, offset, length) ->
                    {
                        final byte[] copy = new byte[length];
                        payload.getBytes(offset, copy);
                        delivered.get(index).add(new String(copy, StandardCharsets.UTF_8));
                    },
                    null, CounterSink.NO_OP);
                node.extension(replicator);
                replicators[nodeIndex] = replicator;
                return node;
            }));
        sim.runPeriods(3);
        for (int i = 1; i <= 5; i++)
        {
            put(sim, replicators[0], "svc/a", "old" + i);
            broadcast(sim, replicators[0], "before" + i);
            sim.runPeriods(2);
        }
        sim.runPeriods(10);
        assertEquals("old5", get(replicators[1], "svc/a"));

        sim.kill(0);
        sim.runPeriods(2);
        sim.restart(0);
        put(sim, replicators[0], "svc/a", "new");
        broadcast(sim, replicators[0], "after1");
        sim.runPeriods(30);

        for (int node = 0; node < n; node++)
        {
            assertTrue(values(replicators[node], "svc/a").contains("new"),
                "node " + node + " keeps the write made after the restart: " + values(replicators[node], "svc/a"));
        }
        for (int node = 1; node < n; node++)
        {
            assertEquals(1, delivered.get(node).stream().filter("after1"::equals).count(),
                "node " + node + " delivers the broadcast made after the restart once: " + delivered.get(node));
        }
    }

    private static void put(final Simulation sim, final Replicator r, final String key, final String value)
    {
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        final byte[] v = value.getBytes(StandardCharsets.UTF_8);
        r.put(sim.nowNs(), new UnsafeBuffer(k), 0, k.length, new UnsafeBuffer(v), 0, v.length);
    }

    private static void broadcast(final Simulation sim, final Replicator r, final String payload)
    {
        final byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        r.broadcast(sim.nowNs(), new UnsafeBuffer(p), 0, p.length);
    }

    private static String get(final Replicator r, final String key)
    {
        final byte[] v = r.store().get(key.getBytes(StandardCharsets.UTF_8));
        return null == v ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static List<String> values(final Replicator r, final String key)
    {
        final List<String> values = new ArrayList<>();
        final KvVersions versions = r.store().versions(key.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < versions.count(); i++)
        {
            if (!versions.isTombstone(i))
            {
                values.add(new String(versions.valueCopy(i), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

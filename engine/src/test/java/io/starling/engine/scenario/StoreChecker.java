package io.starling.engine.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.starling.engine.kv.ClockOrder;
import io.starling.engine.kv.KvVersions;
import io.starling.engine.kv.VectorClock;
import org.agrona.DirectBuffer;

/**
 * The history of a simulated run of the replicated store and its checks, in the spirit of Jepsen's Elle for this
 * store's promise: eventual consistency with causal versions and siblings for concurrent writes.
 * <p>
 * The history: every put and delete with the node and launch that made it, its vector clock, and the writes it
 * superseded (the versions the writing node held for the key at that moment, exactly what the store's local write
 * supersedes): their transitive closure is the true causal order, known independently of the clocks. Every
 * broadcast and its deliveries per node launch. What every node holds, kept current from the stores' change
 * listeners. Values are unique ("w" + write id), tombstones are named by (writer id, Lamport time).
 * <p>
 * The checks (anomalies are listed as text; an empty list is a pass):
 * <ul>
 *     <li><b>lost write</b>: at a quiescent point, an acknowledged write that no node holds, nor any write
 *     causally after it (a write held only by a node that crashed before any other node held it or a successor
 *     is excused and counted: the store acknowledges locally);</li>
 *     <li><b>resurrection</b>: a value superseded by a delete that had spread to every node by an earlier
 *     quiescent point shows again at any node (checked at every store change and every read);</li>
 *     <li><b>false sibling</b>: two versions of a key held side by side although one causally precedes the other
 *     (unless the later one's clock was pruned, the documented cost of pruning: counted apart);</li>
 *     <li><b>broadcast</b>: delivered twice to one node launch, or never to a launch that was up from the
 *     broadcast to the end;</li>
 *     <li><b>tombstone</b>: a tombstone left anywhere after the stated bound, or one that comes back.</li>
 * </ul>
 * This file checks; the workload and the faults are {@code StoreConsistencyTest}'s.
 */
final class StoreChecker
{
    static final class Write
    {
        final int id;
        final String key;
        final boolean tombstone;
        final int node;
        final int launch;
        final long timeNs;
        final int[] preds;
        final BitSet ancestors = new BitSet();
        long[] clock;
        boolean pruned;
        boolean excused;

        Write(final int id, final String key, final boolean tombstone, final int node, final int launch,
            final long timeNs, final int[] preds)
        {
            this.id = id;
            this.key = key;
            this.tombstone = tombstone;
            this.node = node;
            this.launch = launch;
            this.timeNs = timeNs;
            this.preds = preds;
        }
    }

    final List<Write> writes = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();
    private final Map<String, Integer> tombstoneIds = new HashMap<>();
    private final List<Map<String, int[]>> held = new ArrayList<>();
    private final BitSet forbidden = new BitSet();
    private final BitSet spreadDeletes = new BitSet();
    private final int nodes;

    // broadcasts: id -> (time, origin node, origin launch); deliveries per node launch
    private final List<long[]> broadcasts = new ArrayList<>();
    private final Map<Long, Map<Integer, Integer>> deliveries = new HashMap<>();
    private final int[] launch;
    private final long[] launchStartNs;

    long operations;
    long reads;
    long restarts;
    long partitions;
    long attacks;
    long excusedWrites;
    long pruningSiblings;
    long maxSiblingKeys;
    long quiescentPoints;
    long broadcastDeliveries;

    StoreChecker(final int nodes)
    {
        this.nodes = nodes;
        this.launch = new int[nodes];
        this.launchStartNs = new long[nodes];
        for (int i = 0; i < nodes; i++)
        {
            held.add(new HashMap<>());
        }
    }

    // ------------------------------------------------------------------------------------------ recording

    void onLaunch(final int node, final long nowNs)
    {
        launch[node]++;
        launchStartNs[node] = nowNs;
        held.get(node).clear();
    }

    int launch(final int node)
    {
        return launch[node];
    }

    /**
     * Record a write before it is made: its predecessors are the versions the node holds now.
     */
    Write beginWrite(final int node, final String key, final boolean tombstone, final long nowNs)
    {
        final int[] preds = java.util.Arrays.stream(held.get(node).getOrDefault(key, new int[0]))
            .filter(id -> id >= 0).toArray();
        final Write w = new Write(writes.size(), key, tombstone, node, launch[node], nowNs, preds);
        for (final int p : preds)
        {
            w.ancestors.set(p);
            w.ancestors.or(writes.get(p).ancestors);
        }
        writes.add(w);
        operations++;
        return w;
    }

    /**
     * Complete a write with what the store made of it.
     */
    void endWrite(final Write w, final long[] clock, final int writerId, final long lamport, final boolean pruned)
    {
        w.clock = clock;
        w.pruned = pruned;
        if (w.tombstone)
        {
            tombstoneIds.put(tombstoneName(w.key, writerId, lamport), w.id);
        }
        // a local write supersedes every version the node held: it now holds this one alone
        held.get(w.node).put(w.key, new int[] {w.id});
    }

    static String value(final int writeId)
    {
        return "w" + writeId;
    }

    /**
     * A store changed: what the node holds for the key now.
     */
    void onChange(final int node, final long nowNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final KvVersions versions)
    {
        final byte[] k = new byte[keyLength];
        key.getBytes(keyOffset, k);
        final String keyString = new String(k, StandardCharsets.UTF_8);
        final int[] ids = ids(keyString, versions);
        if (0 == versions.count())
        {
            held.get(node).remove(keyString);
        }
        else
        {
            held.get(node).put(keyString, ids);
        }
        for (final int id : ids)
        {
            if (id >= 0 && forbidden.get(id))
            {
                anomalies.add(String.format("resurrection: node %d holds %s of key %s at %.1f s, superseded by a " +
                    "delete that had spread", node, value(id), keyString, nowNs / 1e9));
            }
        }
    }

    void onRead(final int node, final String key, final KvVersions versions)
    {
        reads++;
        operations++;
        for (final int id : ids(key, versions))
        {
            if (id >= 0 && forbidden.get(id))
            {
                anomalies.add("resurrection: a read at node " + node + " of " + key + " returned " + value(id));
            }
        }
    }

    /**
     * A node crashed: writes held only by it (and by no other live node, nor superseded by one held elsewhere)
     * are lost with it, which the store's local acknowledgement allows: excuse and count them.
     */
    void onCrash(final int node, final boolean[] live)
    {
        for (final Map.Entry<String, int[]> e : held.get(node).entrySet())
        {
            for (final int id : e.getValue())
            {
                if (id >= 0 && !heldOrSupersededElsewhere(id, e.getKey(), node, live))
                {
                    if (!writes.get(id).excused)
                    {
                        writes.get(id).excused = true;
                        excusedWrites++;
                    }
                }
            }
        }
        held.get(node).clear();
    }

    long broadcastSent(final int node, final long nowNs)
    {
        broadcasts.add(new long[] {nowNs, node, launch[node]});
        operations++;
        return broadcasts.size() - 1;
    }

    void onBroadcast(final int node, final long broadcastId)
    {
        broadcastDeliveries++;
        final Map<Integer, Integer> byLaunch = deliveries.computeIfAbsent(broadcastId, b -> new HashMap<>());
        final int nodeLaunch = node * 100_000 + launch[node];
        final int count = byLaunch.merge(nodeLaunch, 1, Integer::sum);
        if (count > 1)
        {
            anomalies.add("broadcast " + broadcastId + " delivered " + count + " times to node " + node + " launch " +
                launch[node]);
        }
    }

    // ------------------------------------------------------------------------------------------ checks

    /**
     * At a quiescent point (every node up, the network whole, the stores converged): lost writes, false siblings;
     * then every delete made so far has spread, and what it superseded must never show again.
     */
    void checkQuiescent(final long nowNs, final boolean[] live)
    {
        quiescentPoints++;
        long siblingKeys = 0;
        for (int node = 0; node < nodes; node++)
        {
            if (!live[node])
            {
                continue;
            }
            for (final Map.Entry<String, int[]> e : held.get(node).entrySet())
            {
                final int[] ids = e.getValue();
                if (ids.length > 1)
                {
                    siblingKeys++;
                }
                for (int i = 0; i < ids.length; i++)
                {
                    for (int j = 0; j < ids.length; j++)
                    {
                        if (i != j && ids[i] >= 0 && ids[j] >= 0 && writes.get(ids[j]).ancestors.get(ids[i]))
                        {
                            if (clockDominates(writes.get(ids[j]).clock, writes.get(ids[i]).clock) ||
                                !prunedBetween(ids[i], ids[j]))
                            {
                                anomalies.add(String.format("false sibling at node %d, key %s: %s precedes %s " +
                                    "(and no clock between them was pruned)", node, e.getKey(), value(ids[i]),
                                    value(ids[j])));
                            }
                            else
                            {
                                pruningSiblings++;
                            }
                        }
                    }
                }
            }
        }
        maxSiblingKeys = Math.max(maxSiblingKeys, siblingKeys);

        // a delete supersedes what it saw even after its tombstone was collected (the TTL allows it)
        final BitSet deleted = new BitSet();
        for (final Write d : writes)
        {
            if (d.tombstone && !d.excused)
            {
                deleted.or(d.ancestors);
            }
        }
        for (final Write w : writes)
        {
            if (w.excused || w.tombstone || deleted.get(w.id))
            {
                continue;
            }
            for (int node = 0; node < nodes; node++)
            {
                if (live[node] && !heldOrSupersededAt(w.id, w.key, node))
                {
                    anomalies.add(String.format("lost write: %s of key %s (node %d launch %d at %.1f s) is at " +
                        "node %d neither held nor superseded: it holds %s; the writer's successors %s", value(w.id),
                        w.key, w.node, w.launch, w.timeNs / 1e9, node,
                        java.util.Arrays.toString(held.get(node).get(w.key)), successors(w)));
                    break;
                }
            }
        }

        for (final Write w : writes)
        {
            if (w.tombstone && !w.excused && !spreadDeletes.get(w.id))
            {
                spreadDeletes.set(w.id);
                for (int a = w.ancestors.nextSetBit(0); a >= 0; a = w.ancestors.nextSetBit(a + 1))
                {
                    if (!writes.get(a).tombstone && !(w.pruned || writes.get(a).pruned))
                    {
                        forbidden.set(a);
                    }
                }
            }
        }
        // every value held must not be forbidden now either
        for (int node = 0; node < nodes; node++)
        {
            if (!live[node])
            {
                continue;
            }
            for (final Map.Entry<String, int[]> e : held.get(node).entrySet())
            {
                for (final int id : e.getValue())
                {
                    if (id >= 0 && forbidden.get(id) && !isSupersededBySomethingHeld(id, e.getValue()))
                    {
                        anomalies.add("resurrection: node " + node + " holds " + value(id) + " of " + e.getKey() +
                            " at a quiescent point after its delete spread");
                    }
                }
            }
        }
    }

    /**
     * At the end: every broadcast reached every node launch that was up from the broadcast until now.
     */
    void checkBroadcasts(final boolean[] live, final long settleNs)
    {
        for (int b = 0; b < broadcasts.size(); b++)
        {
            final long[] sent = broadcasts.get(b);
            final Map<Integer, Integer> byLaunch = deliveries.getOrDefault((long)b, Map.of());
            boolean originExcused = !byLaunch.keySet().stream().anyMatch(nl -> nl / 100_000 != sent[1]) &&
                launch[(int)sent[1]] != sent[2];
            if (originExcused)
            {
                excusedWrites++;
                continue;
            }
            for (int node = 0; node < nodes; node++)
            {
                if (live[node] && launchStartNs[node] + settleNs <= sent[0] &&
                    !byLaunch.containsKey(node * 100_000 + launch[node]))
                {
                    anomalies.add("broadcast " + b + " (node " + sent[1] + " at " + sent[0] / 1e9 +
                        " s) never delivered to node " + node + " launch " + launch[node]);
                }
            }
        }
    }

    /**
     * @return tombstones held by live nodes, as counted by the history (the test compares with the stores').
     */
    int tombstonesHeld(final boolean[] live)
    {
        int count = 0;
        for (int node = 0; node < nodes; node++)
        {
            if (!live[node])
            {
                continue;
            }
            for (final int[] ids : held.get(node).values())
            {
                for (final int id : ids)
                {
                    count += id >= 0 && writes.get(id).tombstone ? 1 : 0;
                }
            }
        }
        return count;
    }

    long broadcastCount()
    {
        return broadcasts.size();
    }

    long deleteCount()
    {
        return writes.stream().filter(w -> w.tombstone).count();
    }

    long putCount()
    {
        return writes.stream().filter(w -> !w.tombstone).count();
    }

    // ------------------------------------------------------------------------------------------ internals

    /**
     * True if a write on the causal path from {@code earlier} to {@code later} (later included) had its clock
     * pruned: the documented way a causally later version can stand beside an earlier one.
     */
    private boolean prunedBetween(final int earlier, final int later)
    {
        final Write l = writes.get(later);
        if (l.pruned)
        {
            return true;
        }
        for (int a = l.ancestors.nextSetBit(earlier + 1); a >= 0; a = l.ancestors.nextSetBit(a + 1))
        {
            if (writes.get(a).pruned && writes.get(a).ancestors.get(earlier))
            {
                return true;
            }
        }
        return false;
    }

    private String successors(final Write w)
    {
        final StringBuilder b = new StringBuilder();
        for (final Write later : writes)
        {
            if (later.ancestors.get(w.id))
            {
                b.append(value(later.id)).append(later.tombstone ? "(del)" : "").append('@').append(later.node)
                    .append(' ');
            }
        }
        return b.toString();
    }

    private boolean heldOrSupersededAt(final int id, final String key, final int node)
    {
        final int[] ids = held.get(node).get(key);
        if (null == ids)
        {
            return false;
        }
        for (final int h : ids)
        {
            if (h == id || (h >= 0 && writes.get(h).ancestors.get(id)))
            {
                return true;
            }
        }
        return false;
    }

    private boolean heldOrSupersededElsewhere(final int id, final String key, final int crashed, final boolean[] live)
    {
        for (int node = 0; node < nodes; node++)
        {
            if (node != crashed && live[node] && heldOrSupersededAt(id, key, node))
            {
                return true;
            }
        }
        return false;
    }

    private boolean isSupersededBySomethingHeld(final int id, final int[] ids)
    {
        for (final int h : ids)
        {
            if (h != id && h >= 0 && writes.get(h).ancestors.get(id))
            {
                return true;
            }
        }
        return false;
    }

    private int[] ids(final String key, final KvVersions versions)
    {
        final int[] ids = new int[versions.count()];
        for (int i = 0; i < versions.count(); i++)
        {
            if (versions.isTombstone(i))
            {
                ids[i] = tombstoneIds.getOrDefault(
                    tombstoneName(key, versions.writerNode(i), versions.lamportTime(i)), -1);
            }
            else
            {
                final String v = new String(versions.valueCopy(i), StandardCharsets.UTF_8);
                ids[i] = v.startsWith("w") ? Integer.parseInt(v.substring(1)) : -1;
            }
        }
        return ids;
    }

    private static String tombstoneName(final String key, final int writerId, final long lamport)
    {
        return key + "/" + writerId + "/" + lamport;
    }

    private static boolean clockDominates(final long[] later, final long[] earlier)
    {
        if (null == later || null == earlier)
        {
            return true;
        }
        final VectorClock a = new VectorClock().loadPacked(later);
        final ClockOrder order = a.comparePacked(earlier);
        return ClockOrder.AFTER == order || ClockOrder.EQUAL == order;
    }
}

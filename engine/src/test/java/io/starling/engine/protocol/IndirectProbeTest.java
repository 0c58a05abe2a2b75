package io.starling.engine.protocol;

import java.util.SplittableRandom;

import io.starling.engine.metrics.EngineCounters;
import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lifeguard's nacks: each relay asked counts once, so one relay (or a forger naming it) repeating its nack cannot
 * cancel the penalty that a slow prober's missing nacks give its local health.
 */
class IndirectProbeTest
{
    @Test
    void aRelaysNackCountsOnceAndANodeNotAskedCountsNot()
    {
        final ProtocolConfig config = new ProtocolConfig().indirectChecks(3).conclude();
        final MemberDirectory directory = new MemberDirectory(16);
        final int selfSlot = directory.registerHosted(100, 0x0A000001, 7000);
        final LocalNode self = new LocalNode(config, 0, 100, 0x0A000001, 7000, selfSlot);
        final MembershipTable table = new MembershipTable(16);
        final ProbeOrder order = new ProbeOrder(16);
        final SplittableRandom rng = new SplittableRandom(5);
        final RandomSource random = new RandomSource()
        {
            public int nextInt(final int bound)
            {
                return rng.nextInt(bound);
            }

            public long nextLong()
            {
                return rng.nextLong();
            }
        };
        table.set(selfSlot, 0, ALIVE, 0, 0);
        for (int id = 101; id <= 104; id++)
        {
            final int slot = directory.register(id, 0x0A000002, 7000 + id);
            table.set(slot, 0, ALIVE, 0, MembershipTable.FLAG_IN_PROBE_ORDER);
            order.insert(slot, random);
        }
        final DisseminationQueue queue = new DisseminationQueue(16, 64);
        final FramePacker packer = new FramePacker(
            config.clusterId(), config.frameBudgetBytes(), (a, b, c, d, e, f, g) -> {}, CounterSink.NO_OP);
        final long[] counters = new long[EngineCounters.SINK_COUNT];
        final IndirectProbe indirect = new IndirectProbe(self, directory,
            new PeerSelection(self, table, directory, order, random, new DeadSince()),
            new ProbeMessages(self, packer, new Piggyback(queue, table, directory)),
            (id, delta) -> counters[id] += delta);

        indirect.reset();
        indirect.request(0, 1, directory.slotOf(104));
        assertEquals(3, counters[ProtocolCounters.INDIRECT_PROBES_SENT], "three relays asked: 101, 102, 103");
        indirect.onNack(101);
        indirect.onNack(101);
        indirect.onNack(101);
        indirect.onNack(999);
        assertEquals(1, counters[ProtocolCounters.NACKS_RECEIVED], "one relay's nack counts once");
        assertEquals(2, indirect.failedProbePenalty(), "two of the three nacks are still missing");
        indirect.onNack(102);
        indirect.onNack(103);
        assertEquals(0, indirect.failedProbePenalty());
    }
}

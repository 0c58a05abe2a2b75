package io.starling.bench.protocol;

import io.starling.codecs.FrameValidator;
import io.starling.codecs.MessageHeaderDecoder;
import io.starling.codecs.PingDecoder;
import io.starling.bench.support.BenchNode;
import io.starling.engine.protocol.FramePacker;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measured operations do what the benchmarks say they measure.
 */
class ProtocolBenchmarksTest
{
    @Test
    void mergeFreshMergesEveryTime()
    {
        final MergeBenchmark b = new MergeBenchmark();
        b.members = 1_000;
        b.setup();
        final long merged = b.bench().counters().get(ProtocolCounters.UPDATES_MERGED);
        final long stale = b.bench().counters().get(ProtocolCounters.UPDATES_STALE);
        final int member = BenchNode.FIRST_MEMBER_ID + 500;
        final int incarnationBefore = b.bench().node().memberIncarnation(member);
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(1, b.mergeFresh());
        }
        assertEquals(merged + 1_000, b.bench().counters().get(ProtocolCounters.UPDATES_MERGED));
        assertEquals(stale, b.bench().counters().get(ProtocolCounters.UPDATES_STALE));
        assertEquals(incarnationBefore + 1_000, b.bench().node().memberIncarnation(member));
    }

    @Test
    void mergeStaleIsRejectedEveryTime()
    {
        final MergeBenchmark b = new MergeBenchmark();
        b.members = 1_000;
        b.setup();
        final long merged = b.bench().counters().get(ProtocolCounters.UPDATES_MERGED);
        final long stale = b.bench().counters().get(ProtocolCounters.UPDATES_STALE);
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(1, b.mergeStale());
        }
        assertEquals(merged, b.bench().counters().get(ProtocolCounters.UPDATES_MERGED));
        assertEquals(stale + 1_000, b.bench().counters().get(ProtocolCounters.UPDATES_STALE));
        assertEquals(0, b.bench().counters().get(ProtocolCounters.DROP_MALFORMED));
    }

    @Test
    void probeTickBenchmarkStartsFromAQuietNode()
    {
        final ProbeTickBenchmark b = new ProbeTickBenchmark();
        b.members = 1_000;
        b.setup();
        assertEquals(0, b.bench().node().pendingUpdates());
        final long acks = b.bench().counters().get(ProtocolCounters.ACKS_RECEIVED);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(1, b.probeTickAndAck());
        }
        assertEquals(acks + 100, b.bench().counters().get(ProtocolCounters.ACKS_RECEIVED));
    }

    @ParameterizedTest
    @ValueSource(ints = { 10, 100, 10_000 })
    void piggybackSetEncodesTheFewestSentAndKeepsItsSize(final int entries)
    {
        final PiggybackSet set = new PiggybackSet(entries, new ProtocolConfig().conclude());
        final int expectedUpdates = Math.min(entries, set.maxUpdates());
        final FrameValidator validator = new FrameValidator(8);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PingDecoder ping = new PingDecoder();
        final int rounds = 3 * entries * set.transmitLimit() / expectedUpdates + 10;
        for (int round = 0; round < rounds; round++)
        {
            final int length = set.selectAndEncode();
            assertEquals(FrameValidator.OK, validator.validate(set.frame(), 0, length), "round " + round);
            header.wrap(set.frame(), FramePacker.FRAME_HEADER_LENGTH);
            ping.wrapAndApplyHeader(set.frame(), FramePacker.FRAME_HEADER_LENGTH, header);
            final PingDecoder.UpdatesDecoder updates = ping.updates();
            assertEquals(expectedUpdates, updates.count(), "round " + round);
            for (final PingDecoder.UpdatesDecoder u : updates)
            {
                assertTrue(u.memberId() >= 1_000 && u.memberId() < 1_000 + entries);
                assertTrue(u.incarnation() >= 1 && u.incarnation() <= 7);
            }
            assertEquals(entries, set.queueSize(), "round " + round);
        }
        assertTrue(set.reoffered() > 0, "entries reached their transmit limit and came back");
        assertEquals((long)rounds * expectedUpdates, set.updatesSent());
    }

    @Test
    void piggybackSetChoosesTheFewestSent()
    {
        final int entries = 100;
        final PiggybackSet set = new PiggybackSet(entries, new ProtocolConfig().conclude());
        final int[] before = new int[entries];
        final boolean[] chosen = new boolean[entries];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PingDecoder ping = new PingDecoder();
        for (int round = 0; round < 500; round++)
        {
            for (int i = 0; i < entries; i++)
            {
                before[i] = set.sentCount(i);
                chosen[i] = false;
            }
            set.selectAndEncode();
            for (final PingDecoder.UpdatesDecoder u :
                ping.wrapAndApplyHeader(set.frame(), FramePacker.FRAME_HEADER_LENGTH, header).updates())
            {
                chosen[u.memberId() - 1_000] = true;
            }
            int maxChosen = 0;
            int minOther = Integer.MAX_VALUE;
            for (int i = 0; i < entries; i++)
            {
                if (chosen[i])
                {
                    maxChosen = Math.max(maxChosen, before[i]);
                }
                else
                {
                    minOther = Math.min(minOther, before[i]);
                }
            }
            assertTrue(maxChosen <= minOther, "round " + round + ": chose an update sent " + maxChosen +
                " times over one sent " + minOther + " times");
        }
    }
}

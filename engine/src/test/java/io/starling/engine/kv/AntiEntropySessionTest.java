package io.starling.engine.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import io.starling.codecs.KeyRangeRequestEncoder;
import io.starling.codecs.MerkleDigestRequestEncoder;
import io.starling.codecs.MessageHeaderEncoder;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.engine.replication.ReplicationCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.starling.engine.kv.KvTestSupport.bytes;
import static io.starling.engine.kv.KvTestSupport.dump;
import static io.starling.engine.kv.KvTestSupport.replicate;
import static io.starling.engine.kv.KvTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AntiEntropySessionTest
{
    private static KvStore store(final int nodeId, final int depth)
    {
        return new KvStore(new KvStoreConfig().nodeId(nodeId).merkleDepth(depth));
    }

    private static void fillBoth(final KvStore a, final KvStore b, final int keys)
    {
        for (int i = 0; i < keys; i++)
        {
            final byte[] key = bytes("key-" + i);
            a.put(key, bytes("value-" + i), 0);
            replicate(a, key, b, 0);
        }
    }

    @Test
    void identicalStoresNeedOneExchange()
    {
        final KvStore a = store(1, 4);
        final KvStore b = store(2, 4);
        fillBoth(a, b, 2_000);
        assertEquals(a.rootHash(), b.rootHash());

        final AntiEntropyHarness harness = new AntiEntropyHarness(a, b, new AntiEntropyConfig(), 0, 1);
        final AntiEntropyHarness.Run run = harness.runSession();

        assertEquals(AntiEntropySession.Result.IN_SYNC, run.result, run.toString());
        assertEquals(1, run.sessionRoundTrips);
        assertEquals(1, run.turns);
        assertEquals(1, run.framesAtoB);
        assertEquals(1, run.framesBtoA);
        assertTrue(run.bytes() < 200, run.toString());
        assertEquals(a.rootHash(), b.rootHash());
        assertEquals(0, harness.a.session.entriesSent() + harness.b.session.entriesSent());
    }

    @Test
    void emptyStoresAreInSync()
    {
        final AntiEntropyHarness harness =
            new AntiEntropyHarness(store(1, 2), store(2, 2), new AntiEntropyConfig(), 0, 1);
        assertEquals(AntiEntropySession.Result.IN_SYNC, harness.runSession().result);
    }

    @Test
    void aThousandDifferencesInBothDirectionsConvergeInOneSessionKeepingConcurrentWritesAsSiblings()
    {
        final KvStore a = store(1, 4);
        final KvStore b = store(2, 4);
        final Map<String, TreeSet<String>> expected = new HashMap<>();
        final int differences = writeDifferences(a, b, expected, new Random(17));
        assertEquals(1_000, differences);
        assertNotEquals(a.rootHash(), b.rootHash());

        final long naiveBytes = AntiEntropyHarness.naiveBytes(a) + AntiEntropyHarness.naiveBytes(b);
        final AntiEntropyHarness harness = new AntiEntropyHarness(a, b, new AntiEntropyConfig(), 0, 1);
        final AntiEntropyHarness.Run run = harness.runSession();
        System.out.println("ANTI-ENTROPY 1000 differences: " + run + " entriesSent=" +
            (harness.a.session.entriesSent() + harness.b.session.entriesSent()) + " naiveBytesBothWays=" + naiveBytes);

        assertEquals(AntiEntropySession.Result.REPAIRED, run.result, run.toString());
        assertEquals(a.rootHash(), b.rootHash());
        assertEquals(dump(a), dump(b));
        assertEverythingKept(a, expected);
        assertEverythingKept(b, expected);
        assertEquals(run.sessionRoundTrips, run.turns, "every request answered once");

        // a second session finds nothing to do
        assertEquals(AntiEntropySession.Result.IN_SYNC, harness.runSession().result);
    }

    @Test
    void convergesOverRepeatedSessionsWhenTenPercentOfFramesAreLost()
    {
        final KvStore a = store(1, 4);
        final KvStore b = store(2, 4);
        final Map<String, TreeSet<String>> expected = new HashMap<>();
        writeDifferences(a, b, expected, new Random(23));

        final AntiEntropyConfig config = new AntiEntropyConfig().roundTimeoutNs(50_000_000).maxRetries(2);
        final AntiEntropyHarness harness = new AntiEntropyHarness(a, b, config, 0.10, 4242);
        int sessions = 0;
        while (a.rootHash() != b.rootHash() && sessions < 50)
        {
            harness.runSession();
            sessions++;
        }

        System.out.println("ANTI-ENTROPY 10% loss: sessions=" + sessions + " timedOut=" +
            harness.a.session.sessionsTimedOut() + " retries=" + harness.a.session.retries() + " framesDropped=" +
            (harness.a.framesDropped + harness.b.framesDropped) + " of " +
            (harness.a.framesSent + harness.b.framesSent));
        assertEquals(a.rootHash(), b.rootHash(), "converged after " + sessions + " sessions");
        assertEquals(dump(a), dump(b));
        assertEverythingKept(a, expected);
        assertEverythingKept(b, expected);
        assertTrue(harness.a.framesDropped + harness.b.framesDropped > 0, "loss was injected");
        assertTrue(harness.a.session.retries() > 0, "lost requests or answers were repeated");
        assertEquals(AntiEntropySession.Result.IN_SYNC, runUntilDelivered(harness).result);
    }

    @Test
    void largeAnswersAreChunkedToTheFrameBudget()
    {
        final KvStore a = store(1, 1);
        final KvStore b = store(2, 1);
        final byte[] big = new byte[700];
        for (int i = 0; i < 300; i++)
        {
            big[0] = (byte)i;
            b.put(bytes("b-" + i), big, 0);
            a.put(bytes("a-" + i), big, 0);
        }
        final AntiEntropyHarness harness = new AntiEntropyHarness(a, b, new AntiEntropyConfig(), 0, 1);
        final AntiEntropyHarness.Run run = harness.runSession();

        assertEquals(AntiEntropySession.Result.REPAIRED, run.result);
        assertEquals(a.rootHash(), b.rootHash());
        assertEquals(600, a.keyCount());
        assertEquals(600, b.keyCount());
        assertTrue(run.framesBtoA >= 150 && run.framesAtoB >= 150, run.toString());
        assertEquals(300, harness.b.session.entriesSent(), "b sent only what a lacked");
        assertEquals(300, harness.a.session.entriesSent(), "a pushed only what b lacked");
    }

    @Test
    void aSessionWithASilentPeerTimesOutAfterItsRetries()
    {
        final KvStore a = store(1, 3);
        a.put(bytes("k"), bytes("v"), 0);
        final AntiEntropyConfig config = new AntiEntropyConfig().roundTimeoutNs(100).maxRetries(3);
        final AntiEntropyHarness harness = new AntiEntropyHarness(a, store(2, 3), config, 1.0, 1);
        final AntiEntropyHarness.Run run = harness.runSession();

        assertEquals(AntiEntropySession.Result.TIMED_OUT, run.result);
        assertEquals(4, run.sessionRoundTrips, "the request and three repeats");
        assertEquals(4, run.framesAtoB);
        assertFalse(harness.a.session.isActive());
        assertEquals(Long.MAX_VALUE, harness.a.session.deadlineNs());
        assertEquals(1, harness.a.session.sessionsTimedOut());
        assertEquals(1, harness.a.counters[ReplicationCounters.ANTI_ENTROPY_SESSIONS]);
    }

    @Test
    void theSessionTimeoutBoundsASessionThatKeepsProgressing()
    {
        final AntiEntropyConfig config = new AntiEntropyConfig().roundTimeoutNs(100).sessionTimeoutNs(250)
            .maxRetries(10);
        final AntiEntropyHarness harness = new AntiEntropyHarness(store(1, 3), store(2, 3), config, 1.0, 1);
        harness.a.store.put(bytes("k"), bytes("v"), 0);
        assertEquals(AntiEntropySession.Result.TIMED_OUT, harness.runSession().result);
        assertEquals(3, harness.a.session.roundTrips(), "sent at 0, 100 and 200; ended at 250");
    }

    @Test
    void onlyOneSessionRunsAtATime()
    {
        final AntiEntropyHarness harness = new AntiEntropyHarness(store(1, 2), store(2, 2), new AntiEntropyConfig(),
            1.0, 1);
        assertTrue(harness.a.session.start(0, 1, 2, AntiEntropyHarness.IPV4_B, AntiEntropyHarness.PORT));
        assertFalse(harness.a.session.start(0, 2, 2, AntiEntropyHarness.IPV4_B, AntiEntropyHarness.PORT));
        harness.a.session.abort();
        assertEquals(AntiEntropySession.Result.ABORTED, harness.a.session.lastResult());
        assertTrue(harness.a.session.start(0, 3, 2, AntiEntropyHarness.IPV4_B, AntiEntropyHarness.PORT));
    }

    /**
     * Messages well formed (the inbound path's frame validator checked their structure) but semantically invalid
     * are counted and dropped; a malformed one never reaches the session (ReplicatorTest sends one through the
     * real inbound path).
     */
    @Test
    void invalidMessagesAreCountedAndDropped()
    {
        final AntiEntropyHarness harness = new AntiEntropyHarness(store(1, 2), store(2, 2), new AntiEntropyConfig(),
            0, 1);
        final AntiEntropySession session = harness.b.session;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        // a request for node 300 of level 1, which has 16 nodes
        final MerkleDigestRequestEncoder request = new MerkleDigestRequestEncoder();
        request.wrapAndApplyHeader(buffer, 0, header).sessionId(1).level((short)1).rootHash(5)
            .nodesCount(1).next().index(300);
        assertTrue(session.onMessage(0, 1, AntiEntropyHarness.IPV4_A, 1, MerkleDigestRequestEncoder.TEMPLATE_ID,
            buffer, 0, MerkleDigestRequestEncoder.BLOCK_LENGTH, MerkleDigestRequestEncoder.SCHEMA_VERSION));
        assertEquals(1, harness.b.counters[ProtocolCounters.DROP_SEMANTIC]);

        // a request for the children of a leaf
        request.wrapAndApplyHeader(buffer, 0, header).sessionId(1).level((short)2).rootHash(5)
            .nodesCount(1).next().index(0);
        assertTrue(session.onMessage(0, 1, AntiEntropyHarness.IPV4_A, 1, MerkleDigestRequestEncoder.TEMPLATE_ID,
            buffer, 0, MerkleDigestRequestEncoder.BLOCK_LENGTH, MerkleDigestRequestEncoder.SCHEMA_VERSION));
        assertEquals(2, harness.b.counters[ProtocolCounters.DROP_SEMANTIC]);

        // a leaf out of range
        final KeyRangeRequestEncoder keyRange = new KeyRangeRequestEncoder();
        keyRange.wrapAndApplyHeader(buffer, 0, header).sessionId(1).leavesCount(1).next().leafIndex(256);
        assertTrue(session.onMessage(0, 1, AntiEntropyHarness.IPV4_A, 1, KeyRangeRequestEncoder.TEMPLATE_ID,
            buffer, 0, KeyRangeRequestEncoder.BLOCK_LENGTH, KeyRangeRequestEncoder.SCHEMA_VERSION));
        assertEquals(3, harness.b.counters[ProtocolCounters.DROP_SEMANTIC]);
        harness.b.packer.flush();
        assertEquals(0, harness.b.framesSent, "nothing answered");

        // not an anti-entropy message
        header.wrap(buffer, 0).templateId(2);
        assertFalse(session.onMessage(0, 1, 0, 1, 2, buffer, 0, MerkleDigestRequestEncoder.BLOCK_LENGTH,
            MerkleDigestRequestEncoder.SCHEMA_VERSION));
        assertEquals(0, harness.b.counters[ProtocolCounters.DROP_MALFORMED]);
    }

    /**
     * The frame validator, the one check before a message reaches the session, rejects a real batch frame cut
     * anywhere.
     */
    @Test
    void everyTruncationOfARealBatchIsRejectedByTheFrameValidator()
    {
        final KvStore a = store(1, 1);
        final KvStore b = store(2, 1);
        b.put(bytes("k1"), bytes("v1"), 0);
        b.put(bytes("k2"), bytes("v2"), 0);
        final List<byte[]> frames = new ArrayList<>();
        final AntiEntropyHarness harness = new AntiEntropyHarness(a, b, new AntiEntropyConfig(), 0, 1);
        // capture a reply: ask b directly for every leaf
        final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
        final KeyRangeRequestEncoder encoder = new KeyRangeRequestEncoder();
        final KeyRangeRequestEncoder.LeavesEncoder leaves = encoder
            .wrapAndApplyHeader(request, 0, new MessageHeaderEncoder()).sessionId(9).leavesCount(16);
        for (int i = 0; i < 16; i++)
        {
            leaves.next().leafIndex(i);
        }
        assertTrue(harness.b.session.onMessage(0, 1, AntiEntropyHarness.IPV4_A, AntiEntropyHarness.PORT,
            KeyRangeRequestEncoder.TEMPLATE_ID, request, 0, KeyRangeRequestEncoder.BLOCK_LENGTH,
            KeyRangeRequestEncoder.SCHEMA_VERSION));
        harness.b.packer.flush();
        frames.addAll(harness.a.inbox);
        assertEquals(1, frames.size());

        final byte[] frame = frames.get(0);
        final int start = io.starling.engine.protocol.FramePacker.FRAME_HEADER_LENGTH;
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final io.starling.codecs.FrameValidator validator = new io.starling.codecs.FrameValidator(64);
        for (int cut = start; cut < frame.length; cut++)
        {
            assertNotEquals(io.starling.codecs.FrameValidator.OK, validator.validate(buffer, 0, cut), "cut at " + cut);
        }
        assertEquals(io.starling.codecs.FrameValidator.OK, validator.validate(buffer, 0, frame.length));
        assertEquals(1, validator.messageCount());
        assertEquals(io.starling.codecs.KeyValueBatchDecoder.TEMPLATE_ID, validator.templateId(0));
    }

    /**
     * Writes exactly 1,000 differences between two stores that share 3,000 keys: 300 updates and 150 new keys on
     * each side, 50 deletes on one, and 50 keys written on both sides concurrently.
     */
    private static int writeDifferences(
        final KvStore a, final KvStore b, final Map<String, TreeSet<String>> expected, final Random random)
    {
        final int common = 3_000;
        fillBoth(a, b, common);
        for (int i = 0; i < common; i++)
        {
            expected.computeIfAbsent("key-" + i, (k) -> new TreeSet<>()).add("value-" + i);
        }
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < common; i++)
        {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        int next = 0;
        int differences = 0;
        for (int i = 0; i < 300; i++, differences++)
        {
            final String key = "key-" + order.get(next++);
            a.put(bytes(key), bytes("a-update"), 0);
            expected.put(key, new TreeSet<>(List.of("a-update")));
        }
        for (int i = 0; i < 300; i++, differences++)
        {
            final String key = "key-" + order.get(next++);
            b.put(bytes(key), bytes("b-update"), 0);
            expected.put(key, new TreeSet<>(List.of("b-update")));
        }
        for (int i = 0; i < 50; i++, differences++)
        {
            final String key = "key-" + order.get(next++);
            a.delete(bytes(key), 0);
            expected.put(key, new TreeSet<>(List.of("<deleted>")));
        }
        for (int i = 0; i < 50; i++, differences++)
        {
            final String key = "key-" + order.get(next++);
            a.put(bytes(key), bytes("concurrent-a"), 0);
            b.put(bytes(key), bytes("concurrent-b"), 0);
            expected.put(key, new TreeSet<>(List.of("concurrent-a", "concurrent-b")));
        }
        for (int i = 0; i < 150; i++, differences += 2)
        {
            a.put(bytes("new-a-" + i), bytes("na" + i), 0);
            b.put(bytes("new-b-" + i), bytes("nb" + i), 0);
            expected.put("new-a-" + i, new TreeSet<>(List.of("na" + i)));
            expected.put("new-b-" + i, new TreeSet<>(List.of("nb" + i)));
        }
        return differences;
    }

    private static void assertEverythingKept(final KvStore store, final Map<String, TreeSet<String>> expected)
    {
        assertEquals(expected.size(), store.keyCount());
        for (final Map.Entry<String, TreeSet<String>> e : expected.entrySet())
        {
            assertEquals(new ArrayList<>(e.getValue()), values(store, e.getKey()), e.getKey());
        }
    }

    private static AntiEntropyHarness.Run runUntilDelivered(final AntiEntropyHarness harness)
    {
        AntiEntropyHarness.Run run;
        do
        {
            run = harness.runSession();
        }
        while (AntiEntropySession.Result.TIMED_OUT == run.result);
        return run;
    }
}

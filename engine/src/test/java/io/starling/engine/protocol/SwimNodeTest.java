package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.DEAD;
import static io.starling.engine.protocol.MemberState.LEFT;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwimNodeTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private static ProtocolConfig config()
    {
        return new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10));
    }

    private static TestCluster cluster(final int n, final long seed)
    {
        final TestCluster c = new TestCluster(config(), seed, LATENCY_NS);
        for (int i = 0; i < n; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        return c;
    }

    @Test
    void joinsThroughSeedAndConverges()
    {
        final TestCluster c = cluster(8, 1);
        c.runPeriods(10);
        for (int i = 0; i < 8; i++)
        {
            assertEquals(8, c.nodes.get(i).liveMemberCount(), "node " + i + " live members");
            for (int m = 0; m < 8; m++)
            {
                assertEquals(ALIVE, c.stateOf(i, 100 + m), "node " + i + " sees " + (100 + m));
            }
        }
        assertTrue(c.counters[ProtocolCounters.PROBES_SENT] > 0);
        assertEquals(0, c.counters[ProtocolCounters.SUSPICIONS_RAISED]);
        assertEquals(0, c.counters[ProtocolCounters.DROP_MALFORMED]);
    }

    @Test
    void joinAfterStartReachesTheClusterThroughAnyEndpoint()
    {
        final TestCluster c = new TestCluster(config(), 9, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, i < 3);
        }
        final SwimNode late = c.addNode(200, false);
        assertFalse(late.join(c.nowNs, TestCluster.IPV4, TestCluster.BASE_PORT + 1), "not started yet");
        c.startAll();
        c.runPeriods(5);
        assertEquals(1, late.liveMemberCount(), "without seeds it stays alone");
        assertEquals(1, c.nodes.get(3).liveMemberCount());

        c.currentNode = late.nodeIndex();
        assertTrue(late.join(c.nowNs, TestCluster.IPV4, TestCluster.BASE_PORT + 2), "through any member's endpoint");
        c.runPeriods(10);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(ALIVE, c.stateOf(i, 200), "node " + i + " sees the late joiner");
        }
        assertEquals(4, late.liveMemberCount(), "the joiner has the state of the three");
        assertEquals(1, c.nodes.get(3).liveMemberCount(), "node 103, never joined, is still alone");
        assertEquals(3, c.counters[ProtocolCounters.JOINS_RECEIVED], "two seeded joins at start, then the late one");
    }

    @Test
    void crashedNodeIsSuspectedThenDeclaredDead()
    {
        final TestCluster c = cluster(8, 2);
        c.runPeriods(10);
        c.crashed[3] = true;
        c.runPeriods(3);
        boolean anySuspect = false;
        for (int i = 0; i < 8; i++)
        {
            anySuspect |= i != 3 && c.stateOf(i, 103) == SUSPECT;
        }
        assertTrue(anySuspect || c.allSee(103, DEAD), "someone suspects the crashed node");
        c.runPeriods(60);
        assertTrue(c.allSee(103, DEAD), "every live node has the crashed node dead");
        for (int m = 0; m < 8; m++)
        {
            if (m != 3)
            {
                assertTrue(c.allSee(100 + m, ALIVE), "live node " + m + " alive everywhere");
            }
        }
        assertTrue(c.counters[ProtocolCounters.INDIRECT_PROBES_SENT] > 0, "indirect probes were tried");
    }

    @Test
    void deadMemberIsReapedOnlyAfterTheReapTimeoutAndThenLeftAlone()
    {
        final long reapNs = TimeUnit.SECONDS.toNanos(20);
        final TestCluster c = new TestCluster(config().reapTimeoutNs(reapNs)
            .gossipToTheDeadNs(TimeUnit.SECONDS.toNanos(5)).reconnectIntervalNs(0), 7, LATENCY_NS);
        for (int i = 0; i < 6; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(10);
        c.crashed[3] = true;
        for (int p = 0; p < 60 && !c.allSee(103, DEAD); p++)
        {
            c.runPeriods(1);
        }
        assertTrue(c.allSee(103, DEAD), "every live node has the crashed node dead");

        // Half the reap timeout later (several probe passes of 5 members): the change time is remembered, no reaping.
        c.runPeriods(10);
        assertEquals(0, c.counters[ProtocolCounters.MEMBERS_REAPED], "reaped before the reap timeout");

        // The reap timeout plus a pass later every live node has reaped it once, and nothing is sent to it any more.
        c.runPeriods(20);
        assertEquals(5, c.counters[ProtocolCounters.MEMBERS_REAPED], "each live node reaps the dead member once");
        final long framesBefore = c.framesTo[3];
        c.runPeriods(30);
        assertEquals(framesBefore, c.framesTo[3], "frames sent to a reaped dead member");
        assertTrue(c.allSee(103, DEAD), "the reaped member stays dead");
    }

    @Test
    void suspectedNodeRefutesWithHigherIncarnation()
    {
        final TestCluster c = cluster(6, 3);
        c.runPeriods(8);
        // Cut node 2 off from node 0 both ways, but leave the relays: indirect probes succeed, so no suspicion.
        c.blocked[0][2] = true;
        c.blocked[2][0] = true;
        c.runPeriods(20);
        // Every node, node 0 included, sees node 2 alive, and node 2 never had to refute: no one suspected it.
        assertTrue(c.allSee(102, ALIVE), "indirect probes keep node 2 alive: " + c.trace);
        assertEquals(0, c.nodes.get(2).incarnation(), "node 2 was never suspected while the relays carried probes");
        assertEquals(0, c.counters[ProtocolCounters.REFUTATIONS], "no refutation while only 0-2 was cut");
        // Now isolate node 2 completely for a moment: it gets suspected, then heals and refutes.
        for (int i = 0; i < 6; i++)
        {
            c.blocked[i][2] = true;
            c.blocked[2][i] = true;
        }
        c.runPeriods(3);
        for (int i = 0; i < 6; i++)
        {
            c.blocked[i][2] = false;
            c.blocked[2][i] = false;
        }
        c.runPeriods(30);
        final SwimNode two = c.nodes.get(2);
        assertTrue(two.incarnation() > 0, "node 2 refuted by raising its incarnation");
        assertTrue(c.allSee(102, ALIVE), "every node sees node 2 alive again: " + c.trace);
        assertTrue(c.counters[ProtocolCounters.REFUTATIONS] > 0);
    }

    /**
     * A forged or corrupted suspicion far above the member's incarnation (here 2^25, as one flipped bit makes it)
     * is accepted by the observer and spread; the member must refute it from the claim, however far ahead, or the
     * whole cluster declares a live node dead and can never take it back. The flood test found this: the member
     * used to drop claims more than 2^20 above its incarnation as forged.
     */
    @Test
    void suspicionFarAboveTheIncarnationIsRefutedNotFatal()
    {
        final TestCluster c = cluster(5, 11);
        c.runPeriods(8);
        final int claim = 1 << 25;
        c.injectUpdate(0, 101, 102, claim, SUSPECT);
        assertEquals(SUSPECT, c.stateOf(0, 102), "the observer accepts a jump within the bound");
        c.runPeriods(30);
        assertEquals(claim + 1, c.nodes.get(2).incarnation(), "refuted from the claim");
        assertTrue(c.allSee(102, ALIVE), "every node sees node 2 alive: " + c.trace);
        assertEquals(0, c.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    /**
     * A jump of more than a quarter of the serial range is refused by observers: its refutation (claim + 1) would
     * look older than the member's real incarnation to every observer that never saw the claim.
     */
    @Test
    void jumpBeyondTheBoundIsDroppedByObservers()
    {
        final TestCluster c = cluster(5, 12);
        c.runPeriods(8);
        final long droppedBefore = c.counters[ProtocolCounters.DROP_SEMANTIC];
        c.injectUpdate(0, 101, 102, UpdateMerge.MAX_INCARNATION_JUMP + 1, DEAD);
        assertEquals(ALIVE, c.stateOf(0, 102));
        assertEquals(0, c.nodes.get(0).memberIncarnation(102));
        assertEquals(droppedBefore + 1, c.counters[ProtocolCounters.DROP_SEMANTIC]);
        c.runPeriods(20);
        assertTrue(c.allSee(102, ALIVE));
        assertEquals(0, c.nodes.get(2).incarnation(), "nothing to refute");
    }

    /**
     * An observer that missed a refutation and then hears the old suspicion suspects the member at the old
     * incarnation; when that suspicion reaches the member (the buddy system sends it first), the member disseminates
     * its current incarnation again instead of ignoring a stale claim, so the observer's suspicion is cancelled
     * rather than left to run out into a false death.
     */
    @Test
    void staleSuspicionIsAnsweredWithTheCurrentIncarnation()
    {
        final TestCluster c = cluster(5, 13);
        c.runPeriods(8);
        c.injectUpdate(2, 101, 102, 0, SUSPECT);
        final SwimNode two = c.nodes.get(2);
        assertEquals(1, two.incarnation());
        c.runPeriods(40);
        assertTrue(c.allSee(102, ALIVE));
        assertEquals(0, two.pendingUpdates(), "the refutation has been disseminated and left the queue");

        c.injectUpdate(2, 101, 102, 0, SUSPECT);
        assertEquals(1, two.incarnation(), "a stale claim is not refuted again");
        assertEquals(1, c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED]);
        assertEquals(1, two.pendingUpdates(), "the current incarnation is queued for dissemination again");
        c.injectUpdate(2, 103, 102, 0, DEAD);
        assertEquals(2, c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED], "every stale claim is answered");
        assertEquals(1, two.pendingUpdates(), "by the one entry about itself");
        c.runPeriods(20);
        assertTrue(c.allSee(102, ALIVE));
        assertEquals(0, c.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    /**
     * Every observer whose suspicion still stands at half the minimum timeout pings the suspect (up to three times),
     * so a missed refutation is repaired before the timeout; a crashed member answers none and still dies on time.
     */
    @Test
    void standingSuspicionIsRecheckedAndACrashedMemberStillDies()
    {
        final TestCluster c = cluster(6, 15);
        c.runPeriods(8);
        c.crashed[3] = true;
        c.runPeriods(60);
        assertTrue(c.allSee(103, DEAD), c.trace::toString);
        final long checks = c.counters[ProtocolCounters.SUSPICION_CHECKS_SENT];
        assertTrue(checks >= 5 && checks <= 15, "between one and three re-checks per live observer: " + checks);
    }

    /**
     * An observer that heard a suspicion after the refutation had spread (so no one gossips the newer incarnation
     * any more) repairs it by asking the member: the member answers a Ping that carries the stale suspicion (a
     * re-check, or its turn in the probe order, which in five nodes comes first) with an Ack carrying its current
     * incarnation. In large clusters the probe order comes back only every N periods, so the re-check is what
     * repairs it there (the simulator's 5% loss runs: bench/results/density.md).
     */
    @Test
    void suspicionHeardAfterTheRefutationIsRepairedByAskingTheMember()
    {
        final TestCluster c = new TestCluster(config().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(600)), 16,
            LATENCY_NS);
        for (int i = 0; i < 5; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(8);
        // Node 0 is cut off while node 2 refutes a suspicion and the news spreads, so it keeps incarnation 0.
        for (int i = 1; i < 5; i++)
        {
            c.blocked[i][0] = true;
            c.blocked[0][i] = true;
        }
        c.injectUpdate(2, 101, 102, 0, SUSPECT);
        c.runPeriods(1.5);
        for (int i = 1; i < 5; i++)
        {
            c.blocked[i][0] = false;
            c.blocked[0][i] = false;
        }
        c.runPeriods(5);
        assertEquals(0, c.nodes.get(0).memberIncarnation(102), "node 0 missed the refutation");
        assertEquals(1, c.nodes.get(2).incarnation());
        // Now only node 2 can tell node 0, and only if node 0 asks: keep the others away from node 0.
        for (int i = 1; i < 5; i++)
        {
            if (i != 2)
            {
                c.blocked[i][0] = true;
                c.blocked[0][i] = true;
            }
        }
        c.injectUpdate(0, 101, 102, 0, SUSPECT);
        assertEquals(SUSPECT, c.stateOf(0, 102));
        c.runPeriods(30);
        assertEquals(ALIVE, c.stateOf(0, 102), c.trace::toString);
        assertEquals(1, c.nodes.get(0).memberIncarnation(102));
        assertTrue(c.counters[ProtocolCounters.STALE_CLAIMS_ANSWERED] > 0);
    }

    @Test
    void gracefulLeaveIsLeftNotDead()
    {
        final TestCluster c = cluster(6, 4);
        c.runPeriods(8);
        c.nodes.get(4).leave(c.nowNs);
        c.runPeriods(5);
        c.crashed[4] = true;
        c.runPeriods(40);
        assertTrue(c.allSee(104, LEFT), "leaver is LEFT everywhere, never DEAD: " + c.trace);
        assertEquals(0, c.counters[ProtocolCounters.DEATHS_DECLARED]);
    }

    @Test
    void restartWithSameIdRejoinsWithHigherIncarnation()
    {
        final TestCluster c = cluster(6, 5);
        c.runPeriods(8);
        c.crashed[5] = true;
        c.runPeriods(60);
        assertTrue(c.allSee(105, DEAD));
        final int deadIncarnation = c.nodes.get(0).memberIncarnation(105);

        final SwimNode restarted = new SwimNode(c.config, 5, 105, TestCluster.IPV4, TestCluster.BASE_PORT + 5,
            c.directory, c, c, new FramePacker(c.config.clusterId(), c.config.frameBudgetBytes(), c,
            CounterSink.NO_OP), MembershipObserver.NO_OP, CounterSink.NO_OP);
        restarted.addSeed(TestCluster.IPV4, TestCluster.BASE_PORT);
        c.replaceNode(5, restarted);
        c.crashed[5] = false;
        restarted.start(c.nowNs);
        c.runPeriods(20);
        assertTrue(restarted.incarnation() > deadIncarnation, "rejoined above the dead incarnation");
        assertTrue(c.allSee(105, ALIVE), "every node sees the restarted node alive: " + c.trace);
    }

    @Test
    void metadataUpdateSpreads()
    {
        final TestCluster c = cluster(5, 6);
        c.runPeriods(8);
        c.nodes.get(1).updateMetadata(c.nowNs, TestCluster.bytes("role=ground"), 0, 11);
        c.runPeriods(5);
        final int slot = c.directory.slotOf(101);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(c.nodes.get(1).incarnation(), c.nodes.get(i).memberIncarnation(101));
        }
        assertEquals("role=ground", new String(c.directory.metadata(slot)));
    }

    /**
     * Issue 18: each node has its own directory, as a process does, and push-pull is out of reach (10 minutes), so
     * bytes can arrive only with a join, its answer, or the gossip update that announces them. Metadata set before
     * start reaches every node within a few periods of the joins, and an update within three periods. Before the
     * bytes rode with the update, gossip carried only the version: the nodes whose join answer came before another
     * node joined never held that node's metadata.
     */
    @Test
    void metadataBytesTravelWithTheUpdateThatAnnouncesThem()
    {
        final int n = 5;
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.MINUTES.toNanos(10)), 18, LATENCY_NS, true);
        for (int i = 0; i < n; i++)
        {
            final SwimNode node = c.addNode(100 + i, true);
            final String metadata = "station=" + i + ";band=X";
            node.updateMetadata(c.nowNs, TestCluster.bytes(metadata), 0, metadata.length());
        }
        c.startAll();
        c.runPeriods(5);
        assertEveryNodeHolds(c, -1, "band=X");

        final String update = "station=1;band=S";
        c.nodes.get(1).updateMetadata(c.nowNs, TestCluster.bytes(update), 0, update.length());
        c.runPeriods(3);
        assertEveryNodeHolds(c, 1, update);
    }

    /**
     * Every node holds every other node's metadata at the version its view has; {@code member}'s (or every member's
     * when -1) is {@code expected} (or ends with it when {@code member} is -1).
     */
    private static void assertEveryNodeHolds(final TestCluster c, final int member, final String expected)
    {
        final StringBuilder missing = new StringBuilder();
        for (int o = 0; o < c.nodes.size(); o++)
        {
            final MemberDirectory directory = c.directories.get(o);
            for (int m = 0; m < c.nodes.size(); m++)
            {
                if (o == m || (member >= 0 && m != member))
                {
                    continue;
                }
                final int slot = directory.slotOf(100 + m);
                final byte[] held = slot < 0 ? null : directory.metadata(slot);
                final String text = null == held ? null : new String(held, java.nio.charset.StandardCharsets.UTF_8);
                final boolean ok = null != text && (member >= 0 ? text.equals(expected) :
                    text.equals("station=" + m + ";" + expected)) &&
                    directory.metadataVersion(slot) == c.nodes.get(o).table().metaVersion(slot);
                if (!ok)
                {
                    missing.append(100 + o).append(" holds ").append(text).append(" for ").append(100 + m)
                        .append("; ");
                }
            }
        }
        assertEquals("", missing.toString(), "at " + c.nowNs / 1_000_000 + " ms");
    }

    /** A FrameHeader from {@code src} to {@code dst} at the start of {@code buffer}; returns its length. */
    private static int frameHeader(final org.agrona.concurrent.UnsafeBuffer buffer, final int src, final int dst)
    {
        new io.starling.codecs.FrameHeaderEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.starling.codecs.MessageHeaderEncoder())
            .clusterId(config().clusterId()).srcNode(src).dstNode(dst).sequence(1).flags((short)0);
        return FramePacker.FRAME_HEADER_LENGTH;
    }

    /** A frame from {@code src} to {@code dst} with one message of {@code templateId} carrying one ALIVE update. */
    private static int probeFrameWithAnUpdate(
        final org.agrona.concurrent.UnsafeBuffer buffer, final int templateId, final int src, final int dst,
        final int memberId)
    {
        final io.starling.codecs.MessageHeaderEncoder header = new io.starling.codecs.MessageHeaderEncoder();
        final int at = frameHeader(buffer, src, dst);
        if (io.starling.codecs.PingDecoder.TEMPLATE_ID == templateId)
        {
            final io.starling.codecs.PingEncoder ping = new io.starling.codecs.PingEncoder()
                .wrapAndApplyHeader(buffer, at, header).seq(77).targetNode(dst);
            ping.sourceEndpoint().ipv4(0x7F000001).port(20_000);
            ping.updatesCount(1).next().memberId(memberId).incarnation(3).state(io.starling.codecs.MemberState.ALIVE).metaVersion(0).fromNode(src)
                .endpoint().ipv4(0x7F000001).port(21_000);
            return ping.limit();
        }
        if (io.starling.codecs.AckDecoder.TEMPLATE_ID == templateId)
        {
            final io.starling.codecs.AckEncoder ack = new io.starling.codecs.AckEncoder()
                .wrapAndApplyHeader(buffer, at, header).seq(77).targetNode(src);
            ack.updatesCount(1).next().memberId(memberId).incarnation(3).state(io.starling.codecs.MemberState.ALIVE).metaVersion(0).fromNode(src)
                .endpoint().ipv4(0x7F000001).port(21_000);
            ack.putPayload(new byte[0], 0, 0);
            return ack.limit();
        }
        final io.starling.codecs.PingReqEncoder pingReq = new io.starling.codecs.PingReqEncoder()
            .wrapAndApplyHeader(buffer, at, header).seq(77).targetNode(src)
            .wantNack(io.starling.codecs.BooleanType.F);
        pingReq.updatesCount(1).next().memberId(memberId).incarnation(3).state(io.starling.codecs.MemberState.ALIVE).metaVersion(0).fromNode(src)
            .endpoint().ipv4(0x7F000001).port(21_000);
        return pingReq.limit();
    }

    @Test
    void updatesPiggybackedOnPingAckAndPingReqAreMergedOnArrival()
    {
        // SWIM disseminates by piggybacking on probe traffic: an update carried by a Ping, an Ack (even one that
        // answers no probe) or a PingReq is merged when it arrives, not left to Gossip or push-pull.
        final TestCluster c = cluster(2, 3);
        final SwimNode receiver = c.nodes.get(0);
        final int src = 101;
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[512]);
        final int[] templates =
        {
            io.starling.codecs.PingDecoder.TEMPLATE_ID,
            io.starling.codecs.AckDecoder.TEMPLATE_ID,
            io.starling.codecs.PingReqDecoder.TEMPLATE_ID,
        };
        for (int i = 0; i < templates.length; i++)
        {
            final int stranger = 5000 + i;
            assertEquals(MemberState.NONE, receiver.memberState(stranger));
            final int length = probeFrameWithAnUpdate(buffer, templates[i], src, receiver.nodeId(), stranger);
            assertEquals(1, receiver.onFrame(c.nowNs, buffer, 0, length), "template " + templates[i]);
            assertEquals(ALIVE, receiver.memberState(stranger), "update on template " + templates[i]);
        }
    }

    @Test
    void aLeaveIsTakenOnlyFromTheLeavingMemberItself()
    {
        final TestCluster c = cluster(3, 4);
        c.runPeriods(10);
        final SwimNode receiver = c.nodes.get(0);
        assertEquals(ALIVE, receiver.memberState(102));
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[128]);
        final io.starling.codecs.MessageHeaderEncoder header = new io.starling.codecs.MessageHeaderEncoder();
        final io.starling.codecs.LeaveEncoder leave = new io.starling.codecs.LeaveEncoder();

        // 101 claims that 102 left: a forged Leave, dropped.
        leave.wrapAndApplyHeader(buffer, frameHeader(buffer, 101, 100), header).nodeId(102).incarnation(0);
        assertEquals(1, receiver.onFrame(c.nowNs, buffer, 0, leave.limit()));
        assertEquals(ALIVE, receiver.memberState(102), "a Leave naming another node is not taken");

        // 102's own Leave is taken at once.
        leave.wrapAndApplyHeader(buffer, frameHeader(buffer, 102, 100), header).nodeId(102).incarnation(0);
        assertEquals(1, receiver.onFrame(c.nowNs, buffer, 0, leave.limit()));
        assertEquals(LEFT, receiver.memberState(102));
    }
}

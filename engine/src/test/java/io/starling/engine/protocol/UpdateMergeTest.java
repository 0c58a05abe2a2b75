package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.starling.engine.protocol.MemberState.ALIVE;
import static io.starling.engine.protocol.MemberState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The membership merge against claims a sender should not be able to make stick: endpoints of hosted nodes,
 * endpoints announced at older incarnations.
 */
class UpdateMergeTest
{
    private static final long LATENCY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private static TestCluster cluster(final int n, final long seed)
    {
        // TestCluster's nodes share one MemberDirectory: they are co-hosted, each at its own port.
        final TestCluster c = new TestCluster(
            new ProtocolConfig().pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), seed, LATENCY_NS);
        for (int i = 0; i < n; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        return c;
    }

    @Test
    void aGossipUpdateCannotMoveACoHostedNodesOwnEndpoint()
    {
        final TestCluster c = cluster(6, 11);
        c.runPeriods(10);
        final int sibling = 101;
        final int slot = c.directory.slotOf(sibling);
        final int port = c.directory.port(slot);
        final int incarnation = c.nodes.get(1).incarnation();

        // One frame to node 100 says its co-hosted sibling 101 is ALIVE one incarnation later somewhere else.
        c.injectUpdate(0, 104, sibling, incarnation + 1, ALIVE, TestCluster.IPV4 + 7, 31_000);

        assertEquals(port, c.directory.port(slot), "the sibling's endpoint is the host's, whatever the network says");
        assertEquals(TestCluster.IPV4, c.directory.ipv4(slot));
        c.runPeriods(60);
        assertTrue(c.allSee(sibling, ALIVE), "the sibling stays alive everywhere");
    }

    @Test
    void anEndpointAnnouncedAtAnOlderIncarnationDoesNotReplaceANewerOne()
    {
        final MemberDirectory directory = new MemberDirectory(16);
        final int slot = directory.register(7, 0x0A000001, 5000, 4);
        assertEquals(slot, directory.register(7, 0x0A000002, 6000, 5));
        assertEquals(6000, directory.port(slot), "a newer incarnation moves the endpoint");
        directory.register(7, 0x0A000001, 5000, 4);
        assertEquals(6000, directory.port(slot), "the older incarnation's endpoint does not come back");
        assertEquals(0x0A000002, directory.ipv4(slot));

        final int hosted = directory.registerHosted(9, 0x0A000003, 7000);
        directory.register(9, 0x0A000004, 8000, 1_000);
        assertEquals(7000, directory.port(hosted), "a hosted node's endpoint is immutable to the network");
    }

    /**
     * A claim c about a member is refuted with c + 1, which every observer must accept: so an observer that refuses
     * a jump above 2^30 must refuse a jump of exactly 2^30 as well (its refutation would be 2^30 + 1 ahead).
     */
    @Test
    void anIncarnationJumpOfExactlyTwoToTheThirtyIsRefusedLikeItsRefutation()
    {
        final TestCluster c = cluster(4, 12);
        c.runPeriods(8);
        final int incarnation = c.nodes.get(0).memberIncarnation(102);
        c.injectUpdate(0, 103, 102, incarnation + (1 << 30) + 1, SUSPECT);
        assertEquals(incarnation, c.nodes.get(0).memberIncarnation(102), "the refutation of a 2^30 jump is refused");
        c.injectUpdate(0, 103, 102, incarnation + (1 << 30), SUSPECT);
        assertEquals(incarnation, c.nodes.get(0).memberIncarnation(102), "so is the jump itself");
        assertEquals(ALIVE, c.stateOf(0, 102));
    }

    /**
     * The node's own refutation must not be evicted from a full dissemination queue by news about others: it is the
     * only thing that takes back a suspicion of this node.
     */
    @Test
    void aFullDisseminationQueueKeepsTheNodesOwnRefutation()
    {
        // Each update is sent up to 128 times, so the refutation reaches the three real members among 40 strangers.
        final TestCluster c = new TestCluster(new ProtocolConfig().disseminationQueueCapacity(16).retransmitMult(64)
            .pushPullIntervalNs(TimeUnit.SECONDS.toNanos(60)), 13, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(10);
        final SwimNode node = c.nodes.get(0);
        final int before = node.incarnation();
        c.injectUpdate(0, 103, 100, before, SUSPECT);
        assertEquals(before + 1, node.incarnation(), "refuted");
        for (int id = 5_000; id < 5_040; id++)
        {
            c.injectUpdate(0, 103, id, 0, ALIVE, TestCluster.IPV4 + 9, 41_000);
        }
        c.runPeriods(3);
        for (int i = 1; i < 4; i++)
        {
            assertEquals(before + 1, c.nodes.get(i).memberIncarnation(100), "node " + i + " heard the refutation");
        }
    }

    // --------------------------------------------------------------- merge precedence (PIT survivors, docs/testing.md)

    /**
     * Records when node 100 last saw each of a member's state changes, for the precedence tests below.
     */
    private static long[] watch(final TestCluster c, final int memberId)
    {
        final long[] lastChange = new long[MemberState.LEFT + 1];
        java.util.Arrays.fill(lastChange, -1);
        c.observer = new MembershipObserver()
        {
            public void onMemberStateChange(
                final long nowNs, final int nodeIndex, final int observerId, final int member, final int oldState,
                final int newState, final int inc)
            {
                if (100 == observerId && memberId == member)
                {
                    lastChange[newState] = nowNs;
                }
            }
        };
        return lastChange;
    }

    /**
     * A SUSPECT heard again at the same incarnation is a confirmation (Lifeguard): each one from another process
     * shortens the timeout from max = 6 x min toward min, as {@link SuspicionTimeout#timeoutNs} computes, and the
     * expected two (suspicionMult 4 - 2) bring it to min. Node 100 hears nothing but the injected claims (every
     * link into it is blocked) and the suspect is down. Its own failed probe of the suspect is one more
     * confirmation (ProbeScheduler), at a time set by the probe order: so without confirmers the death comes no
     * earlier than the one-confirmation timeout, and with two it comes exactly at min.
     */
    @Test
    void aSuspicionRepeatedAtTheSameIncarnationByOtherProcessesShortensTheTimeout()
    {
        for (int confirmers = 0; confirmers <= 3; confirmers++)
        {
            final TestCluster c = cluster(6, 14);
            c.runPeriods(10);
            final long[] seen = watch(c, 105);
            c.crashed[5] = true;
            for (int i = 1; i < 6; i++)
            {
                c.blocked[i][0] = true;
            }
            final int incarnation = c.nodes.get(0).memberIncarnation(105);
            final long startNs = c.nowNs;
            c.injectUpdate(0, 101, 105, incarnation, SUSPECT);
            c.injectUpdate(0, 101, 105, incarnation, SUSPECT); // the suspecter itself is no confirmation
            for (int k = 1; k <= confirmers; k++)
            {
                c.injectUpdate(0, 101 + k, 105, incarnation, SUSPECT);
                c.injectUpdate(0, 101 + k, 105, incarnation, SUSPECT); // the same process counts once
            }
            c.runPeriods(30);
            // 6 members: min = suspicionMult x probe interval (log10 6 < 1); 2 confirmations expected (4 - 2).
            final ProtocolConfig config = c.config;
            final long minNs = config.suspicionMinTimeoutNs(6);
            assertEquals(minNs, config.suspicionMinTimeoutNs(1));
            final int expected = config.suspicionMult() - 2;
            final int max = config.suspicionMaxTimeoutMult();
            assertEquals(startNs, seen[SUSPECT], "suspected when the first claim arrived");
            final long deadNs = seen[MemberState.DEAD] - startNs;
            if (confirmers >= expected)
            {
                assertEquals(minNs, deadNs, confirmers + " confirmers: dead after the minimum timeout");
            }
            else
            {
                final long atMostOwn = SuspicionTimeout.timeoutNs(true, minNs, max, expected, confirmers + 1);
                assertTrue(deadNs >= atMostOwn && deadNs <= max * minNs,
                    confirmers + " confirmers: dead after " + deadNs + " ns, not in [" + atMostOwn + ", max]");
            }
        }
    }

    /**
     * With suspicion off there is no suspicion to hold a DEAD as: another node's DEAD about a member held ALIVE or
     * SUSPECT at the same incarnation is applied, as SWIM's precedence says.
     */
    @Test
    void withSuspicionOffADeadAtTheSameIncarnationIsApplied()
    {
        for (final int held : new int[]{ALIVE, SUSPECT})
        {
            final TestCluster c = new TestCluster(new ProtocolConfig().suspicionEnabled(false)
                .pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 16, LATENCY_NS);
            for (int i = 0; i < 4; i++)
            {
                c.addNode(100 + i, true);
            }
            c.startAll();
            c.runPeriods(6);
            c.injectUpdate(0, 101, 103, 5, ALIVE);
            c.injectUpdate(0, 101, 103, 5, held);
            assertEquals(held, c.nodes.get(0).memberState(103), "setup");
            c.injectUpdate(0, 102, 103, 5, MemberState.DEAD);
            assertEquals(MemberState.DEAD, c.nodes.get(0).memberState(103),
                MemberState.name(held) + "@5 then DEAD@5");
        }
    }

    /**
     * SWIM's precedence, written from the rules rather than the code: a higher incarnation wins whatever the state;
     * at the same incarnation SUSPECT overrides ALIVE, DEAD overrides ALIVE and SUSPECT, LEFT overrides all three;
     * an older incarnation changes nothing. Starling's one exception: another node's DEAD about a member held ALIVE
     * or SUSPECT is taken as a suspicion (only this node's own suspicion timer declares a member dead).
     */
    private static int swimPrecedence(final int current, final int claim, final int ahead)
    {
        final boolean heldLive = ALIVE == current || SUSPECT == current;
        if (MemberState.DEAD == claim && heldLive && ahead >= 0)
        {
            return SUSPECT;
        }
        if (ahead != 0)
        {
            return ahead > 0 ? claim : current;
        }
        return switch (claim)
        {
            case SUSPECT -> ALIVE == current ? SUSPECT : current;
            case MemberState.DEAD -> ALIVE == current || SUSPECT == current ? MemberState.DEAD : current;
            case MemberState.LEFT -> MemberState.LEFT;
            default -> current;
        };
    }

    /**
     * Every pair of (held state, claimed state) at an older, the same and a newer incarnation: the view after the
     * claim follows SWIM's precedence, a claim that changes nothing is counted stale (except a repeated SUSPECT or
     * a DEAD about a suspect, which are confirmations), the observer hears of a change and only of a change, and the live count moves
     * with the member between {ALIVE, SUSPECT} and {DEAD, LEFT}.
     */
    @Test
    void everyHeldStateAndClaimFollowSwimPrecedence()
    {
        final int[] states = {ALIVE, SUSPECT, MemberState.DEAD, MemberState.LEFT};
        final int held = 5;
        for (final int current : states)
        {
            for (final int claim : states)
            {
                for (int ahead = -1; ahead <= 1; ahead++)
                {
                    final String what = MemberState.name(current) + "@" + held + " then " +
                        MemberState.name(claim) + "@" + (held + ahead);
                    final TestCluster c = cluster(4, 15);
                    c.runPeriods(6);
                    final SwimNode node = c.nodes.get(0);
                    c.injectUpdate(0, 101, 103, held, ALIVE);
                    if (MemberState.DEAD == current)
                    {
                        // Another node's DEAD is only a suspicion here: the member must crash and this node's own
                        // suspicion run out.
                        c.crashed[3] = true;
                        c.injectUpdate(0, 101, 103, held, SUSPECT);
                        for (int p = 0; p < 60 && MemberState.DEAD != node.memberState(103); p++)
                        {
                            c.runPeriods(1);
                        }
                    }
                    else if (ALIVE != current)
                    {
                        c.injectUpdate(0, 101, 103, held, current);
                    }
                    assertEquals(current, node.memberState(103), what + ": setup");
                    assertEquals(held, node.memberIncarnation(103), what + ": setup");
                    final int liveBefore = node.liveMemberCount();
                    final long staleBefore = c.counters[ProtocolCounters.UPDATES_STALE];
                    final int[] changes = new int[1];
                    c.observer = new MembershipObserver()
                    {
                        public void onMemberStateChange(
                            final long nowNs, final int nodeIndex, final int observerId, final int member,
                            final int oldState, final int newState, final int inc)
                        {
                            if (100 == observerId && 103 == member)
                            {
                                assertEquals(current, oldState, what);
                                changes[0]++;
                            }
                        }
                    };

                    c.injectUpdate(0, 102, 103, held + ahead, claim);

                    final int expected = swimPrecedence(current, claim, ahead);
                    final boolean changed = expected != current || ahead > 0;
                    assertEquals(expected, node.memberState(103), what);
                    assertEquals(changed ? held + ahead : held, node.memberIncarnation(103), what);
                    assertEquals(changed ? 1 : 0, changes[0], what + ": observer told of a change only");
                    final boolean repeatSuspicion = SUSPECT == current && 0 == ahead &&
                        (SUSPECT == claim || MemberState.DEAD == claim);
                    assertEquals(changed || repeatSuspicion ? 0 : 1,
                        c.counters[ProtocolCounters.UPDATES_STALE] - staleBefore, what + ": counted stale");
                    final boolean wasLive = ALIVE == current || SUSPECT == current;
                    final boolean isLive = ALIVE == expected || SUSPECT == expected;
                    assertEquals(liveBefore + (isLive ? 1 : 0) - (wasLive ? 1 : 0), node.liveMemberCount(), what);
                }
            }
        }
    }

    /** The bound on incarnation jumps is relative to the held incarnation: 2^30 - 1 ahead is accepted, 2^30 not. */
    @Test
    void theIncarnationJumpBoundIsMeasuredFromTheHeldIncarnation()
    {
        final TestCluster c = cluster(4, 16);
        c.runPeriods(6);
        final SwimNode node = c.nodes.get(0);
        c.injectUpdate(0, 101, 103, 7, ALIVE);
        assertEquals(7, node.memberIncarnation(103));
        c.injectUpdate(0, 101, 103, 7 + (1 << 30), SUSPECT);
        assertEquals(7, node.memberIncarnation(103), "a jump of 2^30 is refused");
        assertEquals(ALIVE, node.memberState(103));
        c.injectUpdate(0, 101, 103, 7 + (1 << 30) - 1, SUSPECT);
        assertEquals(7 + (1 << 30) - 1, node.memberIncarnation(103), "the largest jump accepted is one less");
        assertEquals(SUSPECT, node.memberState(103));
    }

    /**
     * A stranger is learned only from an ALIVE that names an endpoint; news of its suspicion or death, or an ALIVE
     * without a port, is counted stale and learned nothing from. A member announced ALIVE at a newer incarnation
     * at another endpoint has moved there; one without a port keeps its endpoint.
     */
    @Test
    void strangersAreLearnedOnlyAliveWithAnEndpointAndANewerIncarnationMovesTheEndpoint()
    {
        final TestCluster c = cluster(4, 17);
        c.runPeriods(6);
        final SwimNode node = c.nodes.get(0);
        final long stale = c.counters[ProtocolCounters.UPDATES_STALE];
        c.injectUpdate(0, 101, 600, 3, SUSPECT, TestCluster.IPV4 + 6, 36_000);
        c.injectUpdate(0, 101, 601, 3, MemberState.DEAD, TestCluster.IPV4 + 6, 36_001);
        c.injectUpdate(0, 101, 602, 3, MemberState.LEFT, TestCluster.IPV4 + 6, 36_002);
        c.injectUpdate(0, 101, 603, 3, ALIVE, TestCluster.IPV4 + 6, 0);
        for (int id = 600; id <= 603; id++)
        {
            assertEquals(MemberState.NONE, node.memberState(id), "stranger " + id + " not learned");
        }
        assertEquals(stale + 4, c.counters[ProtocolCounters.UPDATES_STALE]);

        c.injectUpdate(0, 101, 604, 3, ALIVE, TestCluster.IPV4 + 6, 36_004);
        assertEquals(ALIVE, node.memberState(604));
        final int slot = c.directory.slotOf(604);
        assertEquals(36_004, c.directory.port(slot));
        c.injectUpdate(0, 101, 604, 4, ALIVE, TestCluster.IPV4 + 8, 38_004);
        assertEquals(4, node.memberIncarnation(604));
        assertEquals(38_004, c.directory.port(slot), "moved with its newer incarnation");
        assertEquals(TestCluster.IPV4 + 8, c.directory.ipv4(slot));
        c.injectUpdate(0, 101, 604, 5, ALIVE, TestCluster.IPV4 + 9, 0);
        assertEquals(5, node.memberIncarnation(604));
        assertEquals(38_004, c.directory.port(slot), "an update without a port keeps the endpoint");
    }

    /** maxMembers bounds the directory: the member that would exceed it is dropped and counted. */
    @Test
    void strangersBeyondMaxMembersAreDroppedAndCounted()
    {
        final int max = 12;
        final TestCluster c = new TestCluster(new ProtocolConfig().maxMembers(max)
            .pushPullIntervalNs(TimeUnit.SECONDS.toNanos(10)), 18, LATENCY_NS);
        for (int i = 0; i < 4; i++)
        {
            c.addNode(100 + i, true);
        }
        c.startAll();
        c.runPeriods(6);
        final SwimNode node = c.nodes.get(0);
        final int before = c.directory.memberCount();
        for (int id = 700; id < 720; id++)
        {
            c.injectUpdate(0, 101, id, 0, ALIVE, TestCluster.IPV4 + 7, 30_000 + id);
        }
        int learned = 0;
        for (int id = 700; id < 720; id++)
        {
            learned += ALIVE == node.memberState(id) ? 1 : 0;
        }
        assertEquals(max - before, learned, "members up to maxMembers (" + max + ", " + before + " before)");
        assertEquals(max, c.directory.memberCount());
        assertEquals(20 - learned, c.counters[ProtocolCounters.DROP_MEMBERS_FULL]);
    }

    /** A view larger than the table's first capacity: every stranger learned is held, at its incarnation. */
    @Test
    void aHundredStrangersAreAllHeld()
    {
        final TestCluster c = cluster(4, 19);
        c.runPeriods(6);
        final SwimNode node = c.nodes.get(0);
        for (int id = 1_000; id < 1_100; id++)
        {
            c.injectUpdate(0, 101, id, id % 7, ALIVE, TestCluster.IPV4 + 7, 20_000 + id);
        }
        for (int id = 1_000; id < 1_100; id++)
        {
            assertEquals(ALIVE, node.memberState(id));
            assertEquals(id % 7, node.memberIncarnation(id));
        }
        assertEquals(104, node.liveMemberCount());
    }
}

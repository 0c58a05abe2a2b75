package io.starling.engine.protocol;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's whole view sent to a member of another process can be larger than the path takes in one burst (a
 * publication's flow-control window, filled within one duty cycle): the frames beyond it are lost. The chunks after
 * the first of a view that large (6,000 members, about 97 chunks, more than {@link PushPullSync#ROTATE_ABOVE_CHUNKS})
 * must not be sent in the same order every time, or the same tail is lost at every retry and the joiner never
 * learns the members in it.
 */
class StateTransferCutTest
{
    private static final int MEMBERS = 6_000;
    private static final int BURST_FRAMES = 40;

    @Test
    void aJoinAnswerCutByEveryBurstArrivesWholeOverItsRetries()
    {
        final TestCluster c = new TestCluster(new ProtocolConfig().pushPullIntervalNs(0), 7,
            TimeUnit.MILLISECONDS.toNanos(1), true);
        final SwimNode seed = c.addNode(100, false);
        final SwimNode joiner = c.addNode(101, true);
        for (int m = 0; m < MEMBERS; m++)
        {
            seed.learnConfigured(c.nowNs, 10_000 + m, TestCluster.IPV4 + 1 + m, 7946);
        }
        c.burstFramesPerLink = BURST_FRAMES;
        c.startAll();
        c.runPeriods(2);
        final int afterFirstAnswer = known(joiner);
        assertTrue(c.framesCutFromBursts > 0, "the answer is larger than a burst");
        assertTrue(afterFirstAnswer < MEMBERS, "the first answer arrived cut: " + afterFirstAnswer);

        // A Join is retried every two probe intervals until its answer has arrived whole; each answer's first
        // BURST_FRAMES chunks arrive.
        c.runPeriods(40);
        // The seed probes the members too, finds no one at their endpoints and suspects a few: a SUSPECT about a
        // member the joiner does not know is no news to it (as in memberlist), so what it must hold is every member
        // the seed holds alive.
        int aliveAtSeed = 0;
        int missing = 0;
        for (int m = 0; m < MEMBERS; m++)
        {
            if (MemberState.ALIVE == seed.memberState(10_000 + m))
            {
                aliveAtSeed++;
                missing += MemberState.NONE == joiner.memberState(10_000 + m) ? 1 : 0;
            }
        }
        assertTrue(aliveAtSeed > MEMBERS - 100, "members alive at the seed: " + aliveAtSeed);
        assertEquals(0, missing, "members alive at the seed that the joiner does not hold");
        final long joins = c.counters[ProtocolCounters.JOINS_RECEIVED];
        c.runPeriods(20);
        assertEquals(joins, c.counters[ProtocolCounters.JOINS_RECEIVED], "the joiner stopped retrying");
    }

    private static int known(final SwimNode node)
    {
        int known = 0;
        for (int m = 0; m < MEMBERS; m++)
        {
            known += MemberState.NONE != node.memberState(10_000 + m) ? 1 : 0;
        }
        return known;
    }
}

package io.starling.tools.emulate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PropagationTrackerTest
{
    @Test
    void shouldCompleteWhenEveryOtherHostedNodeHasTheNewVersion()
    {
        final PropagationTracker t = new PropagationTracker(100, 5, new int[] {100, 101, 102, 103});
        t.onMetadataUpdate(101, 102, 1);
        t.arm(102);
        assertEquals(3, t.needed());
        t.onMetadataUpdate(101, 102, 1);
        assertEquals(0, t.seen(), "the version known before arming is not the update");
        t.onMetadataUpdate(102, 102, 2);
        assertNotEquals(PropagationTracker.NOT_SET, t.selfNs(), "the updating node's own event starts the clock");
        t.onMetadataUpdate(100, 102, 2);
        t.onMetadataUpdate(100, 102, 2);
        t.onMetadataUpdate(104, 102, 2);
        t.onMetadataUpdate(101, 103, 2);
        assertEquals(1, t.seen(), "duplicates, non-hosted observers and other members do not count");
        assertEquals(PropagationTracker.NOT_SET, t.doneNs());
        t.onMetadataUpdate(101, 102, 2);
        t.onMetadataUpdate(103, 102, 3);
        assertEquals(3, t.seen());
        assertNotEquals(PropagationTracker.NOT_SET, t.doneNs());
        assertEquals(3, t.arrivalsSince(t.selfNs()).length);

        t.arm(102);
        assertEquals(0, t.seen());
        assertEquals(PropagationTracker.NOT_SET, t.doneNs());
        t.onMetadataUpdate(100, 102, 3);
        assertEquals(0, t.seen(), "version 3 was already seen when armed again");
        t.onMetadataUpdate(100, 102, 4);
        assertEquals(1, t.seen());
    }

    @Test
    void shouldRejectArmingAMemberNotHostedHere()
    {
        final PropagationTracker t = new PropagationTracker(1, 10, new int[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> t.arm(5));
        assertThrows(IllegalArgumentException.class, () -> t.arm(50));
    }
}

package io.starling.engine.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue 12, defect 4: default node ids are stable across launches at one endpoint and differ between endpoints.
 */
class NodeIdTest
{
    @Test
    void defaultIdsAreTheSameAtEveryLaunchAtOneEndpoint()
    {
        final int[] first = new StarlingEngine.Context().bind("127.0.0.1:7946").nodeCount(3).conclude().nodeIds();
        final int[] again = new StarlingEngine.Context().bind("127.0.0.1:7946").nodeCount(3).conclude().nodeIds();
        assertArrayEquals(first, again);
        assertEquals(first[0] + 1, first[1]);
        assertEquals(first[0] + 2, first[2]);
    }

    @Test
    void defaultIdsDifferBetweenEndpoints()
    {
        final int a = new StarlingEngine.Context().bind("127.0.0.1:7946").conclude().nodeIds()[0];
        final int b = new StarlingEngine.Context().bind("127.0.0.1:7947").conclude().nodeIds()[0];
        final int c = new StarlingEngine.Context().bind("127.0.0.2:7946").conclude().nodeIds()[0];
        assertNotEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(b, c);
    }

    @Test
    void theAdvertisedAddressNamesTheEndpointWhenBindingTheWildcard()
    {
        final int wildcard = new StarlingEngine.Context().bind("0.0.0.0:7946").advertiseHost("10.0.0.5")
            .conclude().nodeIds()[0];
        final int direct = new StarlingEngine.Context().bind("10.0.0.5:7946").conclude().nodeIds()[0];
        assertEquals(direct, wildcard);
    }

    @Test
    void configuredIdsWin()
    {
        assertArrayEquals(new int[] {7, 9},
            new StarlingEngine.Context().bind("127.0.0.1:7946").nodeIds(7, 9).conclude().nodeIds());
        assertEquals(1000,
            new StarlingEngine.Context().bind("127.0.0.1:7946").nodeIdBase(1000).conclude().nodeIds()[0]);
    }
}

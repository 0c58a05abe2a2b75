package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replicated key-value store and broadcasts through the embedding API: two engines over Aeron UDP on
 * loopback, writes and broadcasts issued from a thread of the application's, reads from another.
 */
class ReplicationApiTest
{
    private final List<StarlingEngine> engines = new CopyOnWriteArrayList<>();
    private final List<String> broadcasts = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll()
    {
        engines.forEach(StarlingEngine::close);
    }

    private StarlingEngine launch(final StarlingEngine.Context ctx)
    {
        final StarlingEngine engine = StarlingEngine.launch(ctx.replicationEnabled(true).replicationListener(
            new ReplicationListener()
            {
                public void onBroadcast(final int nodeIndex, final int originNode, final long sequence,
                    final byte[] payload)
                {
                    broadcasts.add(ctx.nodeIds()[nodeIndex] + "<-" + originNode + ":" +
                        new String(payload, StandardCharsets.UTF_8));
                }
            }));
        engines.add(engine);
        return engine;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesAndBroadcastsFromAnyThreadReachTheOtherEngine() throws Exception
    {
        final StarlingEngine a = launch(loopbackContext().nodeIds(1));
        final StarlingEngine b = launch(loopbackContext().nodeIds(2).seeds("127.0.0.1:" + a.context().bindPort()));
        assertTrue(await(15_000, () -> MemberState.ALIVE == a.memberState(0, 2) &&
            MemberState.ALIVE == b.memberState(0, 1)), "joined");

        final Thread writer = new Thread(() ->
        {
            assertTrue(a.put(bytes("station/perth"), bytes("up")));
            assertTrue(a.broadcast(bytes("pass 42 starts")));
        });
        writer.start();
        writer.join();

        assertTrue(await(15_000, () -> 1 == b.get(bytes("station/perth")).size()), "b reads a's write");
        assertArrayEquals(bytes("up"), b.get(bytes("station/perth")).get(0));
        assertTrue(await(15_000, () -> broadcasts.contains("2<-1:pass 42 starts")), "b got the broadcast");
        assertTrue(broadcasts.contains("1<-1:pass 42 starts"), "the origin's listener got it too");

        assertTrue(b.delete(bytes("station/perth")));
        assertTrue(await(15_000, () -> a.get(bytes("station/perth")).isEmpty()), "the delete reached a");
        assertEquals(2, broadcasts.size(), "each engine got the broadcast exactly once: " + broadcasts);
    }

    @Test
    void concurrentWritesAreVisibleAsSiblings()
    {
        final StarlingEngine a = launch(loopbackContext().nodeIds(3));
        final StarlingEngine b = launch(loopbackContext().nodeIds(4).seeds("127.0.0.1:" + a.context().bindPort()));
        // Written before either engine knows the other: the writes are concurrent.
        assertTrue(a.put(bytes("config"), bytes("a")));
        assertTrue(b.put(bytes("config"), bytes("b")));
        assertTrue(await(20_000, () -> 2 == a.get(bytes("config")).size() && 2 == b.get(bytes("config")).size()),
            "both engines hold both concurrent values");
    }

    @Test
    void badInputIsAClearErrorAndReplicationOffIsSaid()
    {
        final StarlingEngine a = launch(loopbackContext().nodeIds(5));
        assertThrows(IllegalArgumentException.class, () -> a.put(new byte[] {0, 1}, bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> a.put(new byte[0], bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> a.put(bytes("k"), new byte[StarlingEngine.MAX_VALUE_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> a.broadcast(new byte[StarlingEngine.MAX_VALUE_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> a.put(3, bytes("k"), bytes("v")));

        final StarlingEngine off = StarlingEngine.launch(loopbackContext().nodeIds(6));
        engines.add(off);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> off.put(bytes("k"), bytes("v")));
        assertTrue(ex.getMessage().contains("replicationEnabled"), ex.getMessage());
    }
}

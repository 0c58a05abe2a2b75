package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.starling.engine.api.EngineTestSupport.await;
import static io.starling.engine.api.EngineTestSupport.loopbackContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, defect 5: the caller of {@code put}, {@code delete} and {@code broadcast} learns each write's outcome
 * through {@link ReplicationListener#onWriteResult}, not only through the error log. On b179538 the listener had no
 * such call (and a write refused by the agent, e.g. by a full clock, reached the error log only).
 */
class WriteOutcomeTest
{
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private StarlingEngine engine;

    @AfterEach
    void close()
    {
        if (null != engine)
        {
            engine.close();
        }
    }

    @Test
    void everyWriteReportsItsOutcomeToTheListener()
    {
        // 33 hosted nodes write one key in turn: on b179538 the 33rd writer was refused (clock full) and only the
        // error log knew; now the clock is pruned and every write is accepted and reported
        final int n = 33;
        final int[] ids = new int[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = 100 + i;
        }
        engine = StarlingEngine.launch(loopbackContext().nodeIds(ids).replicationEnabled(true)
            .replicationListener(new ReplicationListener()
            {
                public void onWriteResult(final int nodeIndex, final byte[] key, final boolean accepted,
                    final long lamportTime, final String reason)
                {
                    outcomes.add(nodeIndex + ":" + (null == key ? "<broadcast>" : new String(key,
                        StandardCharsets.UTF_8)) + ":" + (accepted ? "accepted" : "refused " + reason) + ":" +
                        (lamportTime > 0 ? "t>0" : "t=0"));
                }
            }));
        final byte[] key = "station/config".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++)
        {
            final int writer = i;
            final byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(await(10_000, () -> writer == 0 ||
                engine.get(writer, key).stream().anyMatch(v -> new String(v, StandardCharsets.UTF_8)
                    .equals("v" + (writer - 1)))), "node " + writer + " has seen the previous write");
            assertTrue(engine.put(writer, key, value));
            assertTrue(await(10_000, () -> outcomes.size() == writer + 1), "outcome of write " + writer);
            assertEquals(writer + ":station/config:accepted:t>0", outcomes.get(writer));
        }
        assertTrue(engine.delete(0, "absent".getBytes(StandardCharsets.UTF_8)));
        assertTrue(engine.broadcast(0, "hello".getBytes(StandardCharsets.UTF_8)));
        assertTrue(await(10_000, () -> outcomes.size() == n + 2));
        assertEquals("0:absent:accepted:t=0", outcomes.get(n), "a delete of an absent key wrote nothing");
        assertEquals("0:<broadcast>:accepted:t>0", outcomes.get(n + 1));
    }
}

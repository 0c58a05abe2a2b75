package io.starling.engine.example;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.starling.engine.api.Member;
import io.starling.engine.api.MembershipListener;
import io.starling.engine.api.StarlingEngine;

/**
 * How an application embeds one Starling node: launch an engine, join through a seed, react to membership events,
 * read the member list from any thread, then leave gracefully and close.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp ... \
 *     io.starling.engine.example.EmbeddedNodeExample 127.0.0.1:7947 127.0.0.1:7946
 * </pre>
 * Arguments: this node's {@code HOST:PORT}, a seed's {@code HOST:PORT}, and optionally a timeout in ms. Exits 0
 * once it has joined (seen another member alive), 1 if the timeout passes first.
 */
public final class EmbeddedNodeExample
{
    private EmbeddedNodeExample()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length < 2)
        {
            System.err.println("usage: EmbeddedNodeExample BIND_HOST:PORT SEED_HOST:PORT [TIMEOUT_MS]");
            System.exit(2);
        }
        final long timeoutMs = args.length > 2 ? Long.parseLong(args[2]) : 10_000;
        final CountDownLatch joined = new CountDownLatch(1);

        // The listener runs on the engine's thread: keep it short and never block in it.
        final MembershipListener listener = new MembershipListener()
        {
            public void onJoin(final int observerId, final int memberId, final int incarnation)
            {
                System.out.println("member " + memberId + " joined");
                joined.countDown();
            }

            public void onDead(final int observerId, final int memberId, final int incarnation)
            {
                System.out.println("member " + memberId + " failed");
            }

            public void onLeft(final int observerId, final int memberId, final int incarnation)
            {
                System.out.println("member " + memberId + " left");
            }
        };

        final boolean ok;
        try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
            .bind(args[0])
            .seeds(args[1])
            .membershipListener(listener)))
        {
            ok = joined.await(timeoutMs, TimeUnit.MILLISECONDS);
            final List<Member> members = engine.members();
            System.out.println((ok ? "joined: " : "not joined: ") + members);
            engine.updateMetadata("example".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            System.out.println("left gracefully: " + engine.leave(3_000));
        }
        System.exit(ok ? 0 : 1);
    }
}

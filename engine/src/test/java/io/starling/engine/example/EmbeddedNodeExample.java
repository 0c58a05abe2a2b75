package io.starling.engine.example;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

import io.starling.engine.api.Member;
import io.starling.engine.api.MemberView;
import io.starling.engine.api.MembershipListener;
import io.starling.engine.api.StarlingEngine;

/**
 * A ground station that joins a cluster, prints what it sees, and leaves. Arguments: this station's HOST:PORT, a
 * seed's HOST:PORT, and optionally a name and a join timeout in ms. Exits 0 once it has joined and left, 1 if no
 * member answered within the timeout.
 */
public final class EmbeddedNodeExample
{
    public static void main(final String[] args) throws InterruptedException
    {
        final String name = args.length > 2 ? args[2] : "station";
        final long joinTimeoutMs = args.length > 3 ? Long.parseLong(args[3]) : 10_000;

        // Called on the engine's thread: keep it short, never block. The view is valid only during the call.
        final MembershipListener listener = new MembershipListener()
        {
            public void onJoin(final MemberView member)
            {
                System.out.println("joined: " + member.id() + " at " + member.address()); // name, metadata held
            }

            public void onMetadata(final MemberView member)
            {
                System.out.println("metadata of " + member.id() + " '" + member.name() + "': " +
                    new String(member.metadata(), StandardCharsets.UTF_8));
            }

            public void onDead(final MemberView member)
            {
                System.out.println("failed: " + member.id() + " '" + member.name() + "'");
            }

            public void onLeft(final MemberView member)
            {
                System.out.println("left: " + member.id() + " '" + member.name() + "'");
            }
        };

        try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
            .bind(args[0])                                   // this process's UDP endpoint (IPv4)
            .seeds(args[1])                                  // any member's endpoint
            .nodeName(name)                                  // what other members see in name()
            .metadata("band=X;gpus=4".getBytes(StandardCharsets.UTF_8)) // up to 510 bytes less the name
            .joinTimeoutMs(joinTimeoutMs)
            .membershipListener(listener)))
        {
            final Member first = engine.joined().get();      // heard from the cluster, or fails after the timeout
            System.out.println(name + " is in the cluster, first answer from " + first);
            Thread.sleep(1_000);
            System.out.println("members: " + engine.members()); // from any thread, lock free
            System.out.println("left gracefully: " + engine.leave(3_000));
        }
        catch (final ExecutionException ex)
        {
            System.out.println("could not join: " + ex.getCause().getMessage());
            System.exit(1);
        }
    }
}

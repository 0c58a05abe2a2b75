package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One station of {@link MetadataSpreadTest}, in a JVM of its own, with the default protocol settings: launches with
 * a name and metadata set in the context, prints {@code joined WALL_MS} when its join completes and
 * {@code sees NAME METADATA WALL_MS} whenever the metadata it holds for another member changes (read through
 * {@code members()}, as an application would), replaces its own metadata at a given time, and leaves.
 * Arguments: BIND SEED|- NAME METADATA UPDATE_AT_WALL_MS|0 NEW_METADATA END_AT_WALL_MS. On a starved machine a
 * launch can take longer than the schedule allows (with one core taken by a busy loop, a station gave up its join
 * after the 10 s default while the seed's JVM was still starting): the join may take a minute, the update waits
 * until 4 s after this station's join and the station stays until 12 s after it, so every measurement is made
 * after the joins whatever the launch took.
 */
public final class MetadataStationProgram
{
    private MetadataStationProgram()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final StarlingEngine.Context ctx = new StarlingEngine.Context()
            .bind(args[0])
            .nodeName(args[2])
            .metadata(args[3].getBytes(StandardCharsets.UTF_8))
            .joinTimeoutMs(60_000);
        if (!"-".equals(args[1]))
        {
            ctx.seeds(args[1]);
        }
        final long updateAtWallMs = Long.parseLong(args[4]);
        final long endAtWallMs = Long.parseLong(args[6]);
        final Map<String, String> seen = new HashMap<>();
        try (StarlingEngine engine = StarlingEngine.launch(ctx))
        {
            engine.joined().get(90, TimeUnit.SECONDS);
            final long joinedMs = System.currentTimeMillis();
            System.out.println("joined " + joinedMs);
            final long updateAtMs = updateAtWallMs > 0 ? Math.max(updateAtWallMs, joinedMs + 4_000) : 0;
            final long endAtMs = Math.max(endAtWallMs, joinedMs + 12_000);
            boolean updated = false;
            while (System.currentTimeMillis() < endAtMs)
            {
                for (final Member member : engine.members())
                {
                    final String metadata = new String(member.metadata(), StandardCharsets.UTF_8);
                    if (!member.local() && null != member.name() && !metadata.equals(seen.get(member.name())))
                    {
                        seen.put(member.name(), metadata);
                        System.out.println("sees " + member.name() + " " + metadata + " " + System.currentTimeMillis());
                    }
                }
                if (!updated && updateAtMs > 0 && System.currentTimeMillis() >= updateAtMs)
                {
                    updated = engine.updateMetadata(args[5].getBytes(StandardCharsets.UTF_8));
                    System.out.println("updated " + System.currentTimeMillis());
                }
                Thread.sleep(10);
            }
            engine.leave(2_000);
        }
    }
}

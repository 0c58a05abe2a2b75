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
 * Arguments: BIND SEED|- NAME METADATA UPDATE_AT_WALL_MS|0 NEW_METADATA END_AT_WALL_MS.
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
            .metadata(args[3].getBytes(StandardCharsets.UTF_8));
        if (!"-".equals(args[1]))
        {
            ctx.seeds(args[1]);
        }
        final long updateAtMs = Long.parseLong(args[4]);
        final long endAtMs = Long.parseLong(args[6]);
        final Map<String, String> seen = new HashMap<>();
        try (StarlingEngine engine = StarlingEngine.launch(ctx))
        {
            engine.joined().get(30, TimeUnit.SECONDS);
            System.out.println("joined " + System.currentTimeMillis());
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

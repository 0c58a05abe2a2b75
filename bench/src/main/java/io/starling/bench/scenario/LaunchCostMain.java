package io.starling.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.starling.engine.api.StarlingEngine;

/**
 * What {@link StarlingEngine#launch} costs an embedding application: the time of each of several launches in one
 * JVM (the first pays class loading and the media driver's start) and the bytes of the engine directory in
 * {@code /dev/shm}, with the engine's own driver or attached to a running one. Does not measure steady-state cost.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.starling.bench.scenario.LaunchCostMain [LAUNCHES] [--attach]
 * </pre>
 */
public final class LaunchCostMain
{
    private LaunchCostMain()
    {
    }

    /**
     * @param args launches (default 5), then {@code --attach} to launch a SHARED media driver first and attach to it.
     */
    public static void main(final String[] args)
    {
        final int launches = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final boolean attach = args.length > 1 && "--attach".equals(args[1]);
        if (!attach)
        {
            run(launches, null);
            return;
        }
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(StarlingEngine.Context.defaultBaseDirectory() + "/starling-launch-cost-driver-" +
                ProcessHandle.current().pid())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)))
        {
            run(launches, driver.aeronDirectoryName());
        }
    }

    private static void run(final int launches, final String driverDirectory)
    {
        for (int i = 0; i < launches; i++)
        {
            final StarlingEngine.Context ctx = new StarlingEngine.Context().bind("127.0.0.1:" + (17946 + i));
            if (null != driverDirectory)
            {
                ctx.attachToDriver(driverDirectory);
            }
            final long startNs = System.nanoTime();
            try (StarlingEngine engine = StarlingEngine.launch(ctx))
            {
                final long launchNs = System.nanoTime() - startNs;
                final long directoryBytes = bytes(engine.directory().toPath());
                System.out.printf("launch %d%s: %.1f ms, engine directory %.1f MB%n", i,
                    null == driverDirectory ? "" : " (attached)", launchNs / 1e6, directoryBytes / 1e6);
            }
        }
    }

    private static long bytes(final Path directory)
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            return files.filter(Files::isRegularFile).mapToLong((p) -> p.toFile().length()).sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

package io.starling.engine.api;

import io.starling.engine.metrics.HostCounters;
import io.starling.engine.protocol.ProtocolCounters;

/**
 * Run in a JVM of its own by {@link UseAfterCloseTest}, because a read of the unmapped metrics file kills the JVM:
 * launches an engine, has a reader thread poll its counters while the main thread closes it, then calls every method
 * after close and prints what each one did. Prints {@code DONE} last; the test reads the lines.
 */
public final class UseAfterCloseProgram
{
    private UseAfterCloseProgram()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final StarlingEngine engine = StarlingEngine.launch(EngineTestSupport.loopbackContext()
            .replicationEnabled(true));
        final Thread reader = new Thread(() ->
        {
            try
            {
                while (true)
                {
                    engine.hostCounter(HostCounters.ERRORS);
                    engine.protocolCounter(ProtocolCounters.FRAMES_SENT);
                    engine.probeRtt();
                }
            }
            catch (final IllegalStateException ex)
            {
                System.out.println("reader stopped: " + ex.getMessage());
            }
        });
        reader.start();
        Thread.sleep(200);
        engine.close();
        reader.join();

        report("probeRtt", () -> engine.probeRtt());
        report("protocolCounter", () -> engine.protocolCounter(ProtocolCounters.FRAMES_SENT));
        report("hostCounter", () -> engine.hostCounter(HostCounters.ERRORS));
        report("put", () -> engine.put("k".getBytes(), "v".getBytes()));
        report("delete", () -> engine.delete("k".getBytes()));
        report("broadcast", () -> engine.broadcast("b".getBytes()));
        report("join", () -> engine.join("127.0.0.1:9"));
        report("updateMetadata", () -> engine.updateMetadata("m".getBytes()));
        report("ping", () -> engine.ping(0, 1, 1L));
        report("members", () -> engine.members());
        report("liveMemberCount", () -> engine.liveMemberCount(0));
        report("memberState", () -> engine.memberState(0, 1));
        report("get", () -> engine.get("k".getBytes()));
        report("leave", () -> engine.leave(100));
        System.out.println("DONE");
    }

    private static void report(final String name, final java.util.concurrent.Callable<Object> call)
    {
        try
        {
            System.out.println(name + " returned " + call.call());
        }
        catch (final Exception ex)
        {
            System.out.println(name + " threw " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
    }
}

package io.starling.tools.stat;

import java.util.concurrent.TimeUnit;

import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest extends CliTestSupport
{
    @Test
    void onceReadsRunningEngineCountersAndErrorLog() throws Exception
    {
        try (StarlingEngine engine = StarlingEngine.launch(new StarlingEngine.Context()
            .networkEnabled(false)
            .bindPort(17946)
            .nodeCount(3)
            .protocolConfig(new ProtocolConfig()
                .probeIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
                .probeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50))
                .gossipIntervalNs(TimeUnit.MILLISECONDS.toNanos(50)))))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.protocolCounter(ProtocolCounters.FRAMES_SENT) < 10 && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }

            assertEquals(0, run("stat", "--dir", engine.directory().getPath(), "--once"), err::toString);
            final String text = out.toString();
            assertTrue(text.contains("pid " + ProcessHandle.current().pid()), text);
            assertTrue(text.contains("layout v1"), text);
            final String framesSent = text.lines().filter((l) -> l.contains("frames sent")).findFirst().orElseThrow();
            final long value = Long.parseLong(framesSent.replaceAll(".*\\s([0-9,]+)$", "$1").replace(",", ""));
            assertTrue(value >= 10, framesSent);
            assertTrue(text.contains("nodes hosted"), text);
            assertTrue(text.contains("0 distinct errors"), text);
        }
    }

    @Test
    void badFlagsAreOneLineAndExitTwo()
    {
        assertEquals(StarlingMain.EXIT_USAGE, run("stat", "--dir", "/nonexistent-starling", "--once"));
        assertTrue(err.toString().contains("--dir"), err::toString);
        assertEquals(1, err.toString().trim().lines().count(), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("stat", "--interval-ms", "5"));
        assertTrue(err.toString().contains("--interval-ms"), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(StarlingMain.EXIT_USAGE, run("stat", "--pid", "1", "--dir", "/tmp"));
        assertTrue(err.toString().contains("--pid and --dir"), err::toString);
    }
}

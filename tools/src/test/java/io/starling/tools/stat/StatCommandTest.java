package io.starling.tools.stat;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.MetricsFile;
import io.starling.engine.protocol.ProtocolConfig;
import io.starling.engine.protocol.ProtocolCounters;
import io.starling.tools.CliTestSupport;
import io.starling.tools.StarlingMain;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            assertTrue(text.contains("layout v" + MetricsFile.LAYOUT_VERSION), text);
            final String framesSent = text.lines().filter((l) -> l.contains("frames sent")).findFirst().orElseThrow();
            final long value = Long.parseLong(framesSent.replaceAll(".*\\s([0-9,]+)$", "$1").replace(",", ""));
            assertTrue(value >= 10, framesSent);
            assertTrue(text.contains("nodes hosted"), text);
            assertTrue(text.contains("0 distinct errors"), text);
            // grouped by owner, in this order, each counter under its owner's heading
            final List<String> lines = text.lines().collect(Collectors.toList());
            final int protocol = lines.indexOf("protocol");
            final int transport = lines.indexOf("transport");
            final int replication = lines.indexOf("replication");
            final int host = lines.indexOf("host");
            assertTrue(protocol > 0 && protocol < transport && transport < replication && replication < host, text);
            assertTrue(lineOf(lines, "frames sent") < transport, text);
            assertTrue(lineOf(lines, "drop: back pressure") > transport &&
                lineOf(lines, "drop: back pressure") < replication, text);
            assertTrue(lineOf(lines, "rumors sent") > replication && lineOf(lines, "rumors sent") < host, text);
            assertTrue(lineOf(lines, "duty cycles") > host, text);
        }
    }

    @Test
    void aMetricsFileOfAnotherLayoutVersionIsAOneLineError(@TempDir final Path dir) throws Exception
    {
        final File file = dir.resolve(MetricsFile.FILE_NAME).toFile();
        MetricsFile.create(file, 128, 4096, 1, SystemEpochClock.INSTANCE).close();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(4);
            raf.writeInt(Integer.reverseBytes(1)); // the layout before counters were grouped by owner
        }

        assertEquals(StarlingMain.EXIT_USAGE, run("stat", "--dir", dir.toString(), "--once"));
        final String error = err.toString().trim();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("starling stat: metrics file " + file) &&
            error.contains("layout version 1; this release reads version " + MetricsFile.LAYOUT_VERSION), error);
        assertEquals("", out.toString());
    }

    private static int lineOf(final List<String> lines, final String label)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).matches("\\s*\\d+ +\\S+ +" + java.util.regex.Pattern.quote(label) + " +[0-9,]+"))
            {
                return i;
            }
        }
        throw new AssertionError("no line for " + label + " in " + lines);
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

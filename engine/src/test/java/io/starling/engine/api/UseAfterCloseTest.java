package io.starling.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, defect 7: calls after {@link StarlingEngine#close()} (and during it, from another thread) must neither
 * crash the JVM nor be accepted and lost. Runs {@link UseAfterCloseProgram} in a JVM of its own.
 */
class UseAfterCloseTest
{
    private static final List<String> METHODS = List.of("probeRtt", "protocolCounter", "hostCounter", "put",
        "delete", "broadcast", "join", "updateMetadata", "ping", "members", "liveMemberCount", "memberState", "get");

    @Test
    void everyCallAfterCloseFailsClearlyAndTheJvmSurvives() throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(List.of(java,
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/starling-use-after-close-hs_err_%p.log",
            "-cp", System.getProperty("java.class.path"),
            UseAfterCloseProgram.class.getName()))
            .redirectErrorStream(true)
            .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "program did not exit");
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "the JVM did not survive use after close:\n" + output);
        assertTrue(output.contains("reader stopped: StarlingEngine is closed"), output);
        for (final String method : METHODS)
        {
            assertTrue(output.contains(method + " threw IllegalStateException: StarlingEngine is closed"),
                method + ":\n" + output);
        }
        assertTrue(output.contains("leave returned false"), output);
        assertTrue(output.contains("DONE"), output);
    }
}

package io.starling.engine.example;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.starling.engine.api.EngineTestSupport;
import io.starling.engine.api.Member;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.protocol.MemberState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the example in a JVM of its own against a seed engine in this one, as an application would.
 */
class EmbeddedNodeExampleTest
{
    @Test
    void exampleJoinsLeavesAndExitsZero() throws Exception
    {
        try (StarlingEngine seed = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(1)))
        {
            final int examplePort = EngineTestSupport.freeUdpPort();
            final String java = ProcessHandle.current().info().command().orElse("java");
            final Process process = new ProcessBuilder(List.of(java,
                "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                EmbeddedNodeExample.class.getName(),
                "127.0.0.1:" + examplePort, "127.0.0.1:" + seed.context().bindPort(), "20000"))
                .redirectErrorStream(true)
                .start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "example did not exit");
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("member 1 joined"), output);
            assertTrue(output.contains("joined: "), output);
            assertTrue(output.contains("left gracefully: true"), output);

            final Member example = seed.members().stream().filter((m) -> m.port() == examplePort)
                .findFirst().orElseThrow(() -> new AssertionError(seed.members().toString()));
            assertTrue(EngineTestSupport.await(5_000, () ->
                MemberState.LEFT == seed.memberState(0, example.nodeId())));
            final File[] leftovers = new File(StarlingEngine.Context.defaultBaseDirectory())
                .listFiles((d, name) -> name.startsWith("starling-" + process.pid() + "-"));
            assertEquals(0, null == leftovers ? 0 : leftovers.length, "example left its directory behind");
        }
    }
}

package io.starling.engine.example;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Runs the example in a JVM of its own against a seed engine in this one, as an application would, and checks that
 * the README shows exactly this example ({@code .ci/readme-example} compiles and runs the README's copy in a fresh
 * Maven project).
 */
class EmbeddedNodeExampleTest
{
    @Test
    void exampleJoinsSeesNamesAndMetadataLeavesAndExitsZero() throws Exception
    {
        try (StarlingEngine seed = StarlingEngine.launch(EngineTestSupport.loopbackContext().nodeIds(1)
            .nodeName("kiruna").metadata("band=S".getBytes(StandardCharsets.UTF_8))))
        {
            final int examplePort = EngineTestSupport.freeUdpPort();
            final Process process = runExample("127.0.0.1:" + examplePort, "127.0.0.1:" + seed.context().bindPort(),
                "perth", "20000");
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "example did not exit");
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("joined: 1 at 127.0.0.1:" + seed.context().bindPort()), output);
            assertTrue(output.contains("metadata of 1 'kiruna': band=S"), output);
            assertTrue(output.contains("perth is in the cluster, first answer from Member{1 'kiruna' ALIVE"), output);
            assertTrue(output.contains("left gracefully: true"), output);

            final Member example = seed.members().stream().filter((m) -> m.port() == examplePort)
                .findFirst().orElseThrow(() -> new AssertionError(seed.members().toString()));
            assertEquals("perth", example.name());
            assertTrue(EngineTestSupport.await(5_000, () ->
                MemberState.LEFT == seed.memberState(0, example.nodeId())));
            final File[] leftovers = new File(StarlingEngine.Context.defaultBaseDirectory())
                .listFiles((d, name) -> name.startsWith("starling-" + process.pid() + "-"));
            assertEquals(0, null == leftovers ? 0 : leftovers.length, "example left its directory behind");
        }
    }

    @Test
    void exampleThroughASeedThatDoesNotExistExitsOneWithTheReason() throws Exception
    {
        final int nobody = EngineTestSupport.freeUdpPort();
        final Process process = runExample("127.0.0.1:" + EngineTestSupport.freeUdpPort(), "127.0.0.1:" + nobody,
            "alone", "1000");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "example did not exit");
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("could not join: no member of the cluster answered through seeds [127.0.0.1:" +
            nobody + "] within joinTimeoutMs=1000"), output);
    }

    @Test
    void theReadmeShowsThisExampleVerbatim() throws Exception
    {
        final Path root = Path.of(System.getProperty("user.dir")).getParent();
        final String readme = Files.readString(root.resolve("README.md"));
        final String source = Files.readString(
            root.resolve("engine/src/test/java/io/starling/engine/example/EmbeddedNodeExample.java"));
        final int section = readme.indexOf("## Embedding");
        final int start = readme.indexOf("```java\n", section) + "```java\n".length();
        final int end = readme.indexOf("```\n", start);
        assertTrue(section >= 0 && start > section && end > start, "no java block in the README's Embedding section");
        assertEquals(source, readme.substring(start, end));
    }

    private static Process runExample(final String... args) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new java.util.ArrayList<>(List.of(java,
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            EmbeddedNodeExample.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}

package io.starling.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code starling} launcher rebuilds the tools jar when a source is newer than it. Its
 * {@code needs_build} function is run as it is, from the script, against a small tree made here: a jar and sources
 * with chosen modification times.
 */
class LauncherRebuildTest
{
    @Test
    void aSourceNewerThanTheJarAsksForARebuildAndOlderSourcesDoNot(@TempDir final Path tree) throws Exception
    {
        final Path jar = tree.resolve("tools/target/starling.jar");
        final Path source = tree.resolve("engine/src/main/java/A.java");
        final Path built = tree.resolve("engine/target/classes/B.java");
        Files.createDirectories(jar.getParent());
        Files.createDirectories(source.getParent());
        Files.createDirectories(built.getParent());
        Files.createDirectories(tree.resolve("codecs"));
        Files.createDirectories(tree.resolve("driver-config"));
        Files.writeString(tree.resolve("pom.xml"), "<project/>");
        Files.writeString(jar, "jar");
        Files.writeString(source, "class A {}");
        Files.writeString(built, "class B {}");
        final long nowMs = System.currentTimeMillis();
        Files.setLastModifiedTime(tree.resolve("pom.xml"), FileTime.fromMillis(nowMs - 120_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(nowMs - 60_000));
        Files.setLastModifiedTime(built, FileTime.fromMillis(nowMs)); // under target: never a reason to rebuild

        Files.setLastModifiedTime(source, FileTime.fromMillis(nowMs - 90_000));
        assertEquals(1, needsBuild(tree), "sources older than the jar: no rebuild");

        Files.setLastModifiedTime(source, FileTime.fromMillis(nowMs));
        assertEquals(0, needsBuild(tree), "a source newer than the jar: rebuild");
    }

    private static int needsBuild(final Path tree) throws IOException, InterruptedException
    {
        final Path launcher = Paths.get("..", "starling").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(launcher), launcher::toString);
        final String script = "set -u\n" +
            "eval \"$(sed -n '/^needs_build()/,/^}/p' '" + launcher + "')\"\n" +
            "here='" + tree + "'\njar=\"$here/tools/target/starling.jar\"\nneeds_build\n";
        final Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "needs_build did not finish");
        assertEquals("", output, "needs_build printed (find failed?)");
        return process.exitValue();
    }
}

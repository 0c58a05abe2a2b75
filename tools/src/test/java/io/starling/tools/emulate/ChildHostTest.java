package io.starling.tools.emulate;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildHostTest
{
    private static final List<String> JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static HostPlan plan()
    {
        return ClusterPlan.create(4, 1, 0, 1, 100, 0.0, -1, 0, false, null).hosts()[0];
    }

    @Test
    void childExitsAndCleansUpWhenItsStdinCloses() throws Exception
    {
        final StringWriter err = new StringWriter();
        final ChildHost child = ChildHost.launch(plan(), JVM, new PrintWriter(err, true), 60_000);
        child.start();
        final HostStatus status = child.status(false, false);
        assertEquals(child.pid(), status.pid);
        assertEquals(4, status.main.observers);
        final List<String> dirs = status.directories;
        assertTrue(new File(dirs.get(0)).exists());

        child.close();
        final ProcessHandle handle = ProcessHandle.of(child.pid()).orElse(null);
        assertTrue(null == handle || !handle.isAlive(), "child still alive");
        for (final String dir : dirs)
        {
            assertFalse(new File(dir).exists(), dir);
        }
        assertTrue(child.leftoverDirectories().isEmpty());
    }

    @Test
    void stopIsCleanAndSigtermAlsoRemovesTheDirectories() throws Exception
    {
        final StringWriter err = new StringWriter();
        final ChildHost stopped = ChildHost.launch(plan(), JVM, new PrintWriter(err, true), 60_000);
        stopped.start();
        final List<String> stoppedDirs = stopped.status(false, false).directories;
        assertNull(stopped.stop(), err::toString);
        assertFalse(new File(stoppedDirs.get(0)).exists());

        final ChildHost terminated = ChildHost.launch(plan(), JVM, new PrintWriter(err, true), 60_000);
        terminated.start();
        final List<String> dirs = terminated.status(false, false).directories;
        terminated.destroy();
        final ProcessHandle handle = ProcessHandle.of(terminated.pid()).orElse(null);
        if (null != handle)
        {
            handle.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(new File(dirs.get(0)).exists(), "the child's shutdown hook should remove " + dirs.get(0));
    }
}

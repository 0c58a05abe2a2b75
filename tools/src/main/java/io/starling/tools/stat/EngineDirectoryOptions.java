package io.starling.tools.stat;

import java.io.File;

import picocli.CommandLine.Option;

/**
 * The options that name a running engine, for the commands that send it requests through its engine directory
 * ({@code starling keys}, {@code starling members}): a picocli mixin. Resolved by {@link StatCommand#resolve}.
 */
public final class EngineDirectoryOptions
{
    @Option(names = "--pid", description = "Process id of the engine.")
    Long pid;

    @Option(names = "--dir", description = "Engine directory (or its metrics file).")
    File dir;

    @Option(names = "--base-dir", description = "Where engine directories live (default /dev/shm or the temp dir).")
    File baseDir;

    /**
     * @return the directory of the engine named by {@code --pid} or {@code --dir}.
     * @throws IllegalArgumentException naming the option when none or no single engine matches.
     */
    public File engineDirectory()
    {
        return StatCommand.resolve(pid, dir, baseDir).getParentFile();
    }
}

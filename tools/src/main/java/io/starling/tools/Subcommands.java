package io.starling.tools;

import picocli.CommandLine;

/**
 * The one place where subcommands are registered, so that adding one touches one line.
 */
final class Subcommands
{
    private Subcommands()
    {
    }

    static void register(final CommandLine cmd)
    {
        cmd.addSubcommand(new io.starling.tools.sim.SimCommand());
        cmd.addSubcommand(new io.starling.tools.node.NodeCommand());
        cmd.addSubcommand(new io.starling.tools.stat.StatCommand());
        cmd.addSubcommand(new io.starling.tools.emulate.EmulateCommand());
        cmd.addSubcommand(new io.starling.tools.emulate.DensityCommand());
        cmd.addSubcommand(new io.starling.tools.report.ReportCommand());
        cmd.addSubcommand(new io.starling.tools.bench.BenchCommand());
        cmd.addSubcommand(new io.starling.tools.constellation.ConstellationCommand());
        cmd.addSubcommand(new io.starling.tools.keys.KeysCommand());
        cmd.addSubcommand(new io.starling.tools.members.MembersCommand());
    }
}

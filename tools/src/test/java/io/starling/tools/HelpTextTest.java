package io.starling.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's {@code --help} renders without picocli complaining: a bare {@code %} in a description (picocli
 * formats descriptions) printed a "Could not format" warning three times per text on {@code starling sim --help}.
 */
class HelpTextTest
{
    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning()
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int commands = 0;
        try
        {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            final Deque<CommandLine> todo = new ArrayDeque<>();
            todo.push(StarlingMain.commandLine());
            while (!todo.isEmpty())
            {
                final CommandLine cmd = todo.pop();
                final String usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertTrue(usage.contains(cmd.getCommandName()), cmd.getCommandName());
                commands++;
                cmd.getSubcommands().values().forEach(todo::push);
            }
        }
        finally
        {
            System.setErr(err);
        }
        assertTrue(commands > 10, "commands rendered: " + commands);
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli's warnings while rendering help");
    }
}

package io.starling.tools.flood;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the kernel's per-socket drop count (datagrams that arrived when the socket's receive buffer was full) from
 * {@code /proc/<pid>/net/udp}, which shows the network namespace of that process: the exact count for one port,
 * unlike the namespace-wide {@code RcvbufErrors} of {@code /proc/net/snmp}.
 */
public final class UdpSocketDrops
{
    private UdpSocketDrops()
    {
    }

    /**
     * @param pid  a process in the network namespace to look at.
     * @param port local UDP port.
     * @return drops summed over the sockets bound to that port, or -1 if the table cannot be read.
     */
    public static long of(final long pid, final int port)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "udp"));
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        if (lines.isEmpty())
        {
            return -1;
        }
        final List<String> header = List.of(lines.get(0).trim().split("\\s+"));
        final int dropsColumn = header.indexOf("drops");
        if (dropsColumn < 0)
        {
            return -1;
        }
        // The header names "tx_queue rx_queue" and "tr tm->when" as four columns; the rows have them as two.
        final int dropsIndex = dropsColumn - 2;
        final String portHex = String.format(":%04X", port);
        long drops = 0;
        for (int i = 1; i < lines.size(); i++)
        {
            final String[] fields = lines.get(i).trim().split("\\s+");
            if (fields.length > dropsIndex && fields[1].endsWith(portHex))
            {
                drops += Long.parseLong(fields[dropsIndex]);
            }
        }
        return drops;
    }
}

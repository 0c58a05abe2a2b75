package io.starling.tools.emulate;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this process costs: CPU time, resident set (from {@code /proc/self/status}), garbage collections.
 */
final class ProcStats
{
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStats()
    {
    }

    /**
     * @return CPU time of the whole process (every thread, user and system), in ns, or -1 if unknown.
     */
    static long processCpuNs()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime();
        }
        return -1;
    }

    /**
     * @param field a {@code /proc/self/status} field measured in kB, such as {@code VmRSS} or {@code VmHWM}.
     * @return its value in bytes, or -1 where there is no /proc.
     */
    static long statusBytes(final String field)
    {
        try
        {
            return parseStatusBytes(Files.readAllLines(STATUS), field);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    static long parseStatusBytes(final List<String> lines, final String field)
    {
        for (final String line : lines)
        {
            if (line.startsWith(field + ":"))
            {
                final String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                final long value = Long.parseLong(parts[0]);
                return parts.length > 1 && "kB".equals(parts[1]) ? value * 1024 : value;
            }
        }
        return -1;
    }

    /**
     * @return collections so far, over every collector.
     */
    static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /**
     * @return time spent collecting so far, in ms, over every collector.
     */
    static long gcTimeMs()
    {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}

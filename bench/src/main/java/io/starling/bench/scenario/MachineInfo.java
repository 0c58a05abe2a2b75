package io.starling.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a figure was measured on: cores, CPU model, JDK, OS, and the caveat that the cores are shared.
 */
public final class MachineInfo
{
    /** Said beside every figure recorded on the project's development machines. */
    public static final String SHARED_CORES_NOTE =
        "measured on a machine whose cores are shared with other builds and tests running at the " +
        "same time; compare figures from the same run only";

    private MachineInfo()
    {
    }

    /**
     * @return {@code nproc}, {@code cpu_model}, {@code jdk}, {@code jvm}, {@code os}, {@code note}.
     */
    public static Map<String, Object> describe()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("jdk", System.getProperty("java.version"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        m.put("note", SHARED_CORES_NOTE);
        return m;
    }

    /**
     * @return the first "model name" of /proc/cpuinfo, or "unknown".
     */
    public static String cpuModel()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    final int colon = line.indexOf(':');
                    return colon < 0 ? line.trim() : line.substring(colon + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // not Linux, or not readable
        }
        return "unknown";
    }
}

package io.starling.tools.emulate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatsTest
{
    @Test
    void parsesKilobyteFieldsOfProcStatus()
    {
        final List<String> lines = List.of("Name:\tjava", "VmHWM:\t  204800 kB", "VmRSS:\t  102400 kB", "Threads:\t12");
        assertEquals(102400L * 1024, ProcStats.parseStatusBytes(lines, "VmRSS"));
        assertEquals(204800L * 1024, ProcStats.parseStatusBytes(lines, "VmHWM"));
        assertEquals(12, ProcStats.parseStatusBytes(lines, "Threads"));
        assertEquals(-1, ProcStats.parseStatusBytes(lines, "VmSwap"));
    }

    @Test
    void readsThisProcess()
    {
        assertTrue(ProcStats.processCpuNs() > 0);
        assertTrue(ProcStats.statusBytes("VmRSS") > 0);
    }
}

package io.starling.engine.transport;

import io.starling.driver.DriverPreset;
import io.starling.driver.StarlingDriver;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;

/**
 * The engine's side of the seam to the driver-config module: launches the process's one media driver with
 * {@link StarlingDriver} in the matching preset (a directory of its own, deleted at start and at close), or refers to
 * an external driver's directory.
 */
public final class EmbeddedDriver implements DriverHandle
{
    private final StarlingDriver driver;
    private final String directoryName;
    private boolean closed;

    private EmbeddedDriver(final StarlingDriver driver, final String directoryName)
    {
        this.driver = driver;
        this.directoryName = directoryName;
    }

    /**
     * Launch (or, for {@link DriverPreset#EXTERNAL}, refer to) a media driver.
     *
     * @param preset          how the driver runs.
     * @param directoryName   Aeron directory: created and owned for DENSITY and LOW_LATENCY, used as is for EXTERNAL.
     * @param termLengthBytes term buffer length (a power of two, 64 KiB or more).
     * @param mtuLengthBytes  MTU.
     * @param errorHandler    unused: driver errors stay in the driver's own error log (read it with AeronStat).
     * @return a handle to close.
     */
    public static EmbeddedDriver launch(
        final DriverPreset preset,
        final String directoryName,
        final int termLengthBytes,
        final int mtuLengthBytes,
        final ErrorHandler errorHandler)
    {
        if (DriverPreset.EXTERNAL == preset)
        {
            return new EmbeddedDriver(null, directoryName);
        }
        final StarlingDriver driver = StarlingDriver.launch(new StarlingDriver.Context()
            .preset(preset)
            .aeronDirectoryName(directoryName)
            .termBufferLengthBytes(termLengthBytes)
            .mtuLengthBytes(mtuLengthBytes));
        return new EmbeddedDriver(driver, directoryName);
    }

    public String aeronDirectoryName()
    {
        return directoryName;
    }

    public AgentInvoker invoker()
    {
        return null == driver ? null : driver.invoker();
    }

    public io.starling.driver.SocketWaiter socketWaiter()
    {
        return null == driver ? null : driver.socketWaiter();
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (null != driver)
            {
                driver.close();
            }
        }
    }
}

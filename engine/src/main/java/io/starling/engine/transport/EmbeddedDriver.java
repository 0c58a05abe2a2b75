package io.starling.engine.transport;

import java.io.File;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

/**
 * Launches the process's media driver in a directory of its own (deleted at start and at close), in one of the
 * {@link DriverPreset}s. Stands in for the driver-config module's launcher behind {@link DriverHandle}.
 */
public final class EmbeddedDriver implements DriverHandle
{
    private final MediaDriver driver;
    private final String directoryName;
    private final boolean external;
    private boolean closed;

    private EmbeddedDriver(final MediaDriver driver, final String directoryName, final boolean external)
    {
        this.driver = driver;
        this.directoryName = directoryName;
        this.external = external;
    }

    /**
     * Launch (or, for {@link DriverPreset#EXTERNAL}, refer to) a media driver.
     *
     * @param preset           how the driver runs.
     * @param directoryName    Aeron directory: created and owned for DENSITY and LOW_LATENCY, used as is for EXTERNAL.
     * @param termLengthBytes  term buffer length of publications (a power of two, 64 KiB or more).
     * @param mtuLengthBytes   MTU of publications.
     * @param errorHandler     receives driver errors (also kept in the driver's own error log).
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
            return new EmbeddedDriver(null, directoryName, true);
        }
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(directoryName)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(termLengthBytes)
            .ipcTermBufferLength(termLengthBytes)
            .mtuLength(mtuLengthBytes)
            .errorHandler(errorHandler)
            .warnIfDirectoryExists(false)
            .printConfigurationOnStart(false);
        if (DriverPreset.DENSITY == preset)
        {
            ctx.threadingMode(ThreadingMode.INVOKER)
                .asyncExecutorEnabled(false)
                .sharedIdleStrategy(new NoOpIdleStrategy());
        }
        else
        {
            ctx.threadingMode(ThreadingMode.DEDICATED)
                .conductorIdleStrategy(new BusySpinIdleStrategy())
                .senderIdleStrategy(new BusySpinIdleStrategy())
                .receiverIdleStrategy(new BusySpinIdleStrategy());
        }
        return new EmbeddedDriver(MediaDriver.launch(ctx), directoryName, false);
    }

    public String aeronDirectoryName()
    {
        return directoryName;
    }

    public AgentInvoker invoker()
    {
        return null == driver ? null : driver.sharedAgentInvoker();
    }

    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (!external)
        {
            driver.close();
            IoUtil.delete(new File(directoryName), true);
        }
    }
}

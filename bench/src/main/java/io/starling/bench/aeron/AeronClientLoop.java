package io.starling.bench.aeron;

import io.aeron.Aeron;
import io.starling.driver.StarlingDriver;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;

/**
 * One process's media driver and Aeron client, and the duty-cycle work they need from the caller's thread: for
 * the DENSITY preset the driver and the client conductor run only when {@link #doWork()} is called; for
 * LOW_LATENCY they have threads of their own and {@link #doWork()} does nothing.
 */
public final class AeronClientLoop implements AutoCloseable
{
    private final StarlingDriver driver;
    private final Aeron aeron;
    private final AgentInvoker conductorInvoker;

    /**
     * Launch a driver with a preset (in its own fresh directory) and connect a client to it.
     *
     * @param preset driver preset.
     */
    public AeronClientLoop(final io.starling.driver.DriverPreset preset)
    {
        driver = StarlingDriver.launch(new StarlingDriver.Context().preset(preset));
        try
        {
            aeron = driver.connectClient();
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        conductorInvoker = aeron.conductorAgentInvoker();
    }

    /**
     * Run the driver's and the client conductor's duty cycles when they have no threads of their own.
     *
     * @return work count.
     */
    public int doWork()
    {
        int work = driver.invoke();
        if (null != conductorInvoker)
        {
            work += conductorInvoker.invoke();
        }
        return work;
    }

    /**
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return the driver.
     */
    public StarlingDriver driver()
    {
        return driver;
    }

    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}

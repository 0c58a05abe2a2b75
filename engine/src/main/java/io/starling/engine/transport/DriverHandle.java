package io.starling.engine.transport;

import org.agrona.concurrent.AgentInvoker;

/**
 * The seam between the engine and whatever launched the media driver, so the launcher can change without the
 * engine noticing.
 */
public interface DriverHandle extends AutoCloseable
{
    /**
     * @return the Aeron directory clients connect to.
     */
    String aeronDirectoryName();

    /**
     * @return the invoker the engine's duty cycle must call when the driver runs in INVOKER mode, else null.
     */
    AgentInvoker invoker();

    /**
     * @return the waiter on the driver's sockets when the driver runs in INVOKER mode on the engine's thread, else
     * null (see {@code io.starling.driver.SocketWaiter}).
     */
    io.starling.driver.SocketWaiter socketWaiter();

    /**
     * Stop the driver (if this handle launched one) and remove its directory. Idempotent.
     */
    void close();
}

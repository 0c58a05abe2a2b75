package io.starling.engine.transport;

/**
 * How the process's one media driver runs.
 */
public enum DriverPreset
{
    /**
     * Thousands of nodes per process: the driver runs in Aeron's INVOKER mode on the engine's own duty-cycle thread
     * (no driver threads), with small sparse term buffers.
     */
    DENSITY,

    /**
     * Lowest latency: the driver runs its conductor, sender and receiver on dedicated busy-spinning threads.
     */
    LOW_LATENCY,

    /**
     * No driver is launched: connect to one already running in a given Aeron directory.
     */
    EXTERNAL
}

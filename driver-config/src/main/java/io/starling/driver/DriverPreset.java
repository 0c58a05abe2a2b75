package io.starling.driver;

/**
 * How the Aeron media driver is run and sized: the one preset type of the driver, the engine
 * ({@code StarlingEngine.Context.driverPreset}) and the benchmarks. {@link StarlingDriver} launches DENSITY and
 * LOW_LATENCY; EXTERNAL launches nothing.
 */
public enum DriverPreset
{
    /**
     * Many nodes per process, several processes per host: the driver runs in {@code ThreadingMode.INVOKER} on the
     * engine's own thread (no driver threads at all), with small (64 KiB) sparse term buffers, a small CnC file and
     * a larger socket receive buffer, since the socket is drained only once per engine duty cycle. The async
     * executor is off too, so name resolution runs on the engine's thread: give channels numeric addresses.
     */
    DENSITY,

    /**
     * Lowest latency: {@code ThreadingMode.DEDICATED} with busy-spinning conductor, sender and receiver threads
     * (three cores kept busy) and Aeron's default term length.
     */
    LOW_LATENCY,

    /**
     * No driver is launched: the engine connects to one already running in a given Aeron directory (one driver per
     * host, shared by its applications). {@link StarlingDriver.Context#conclude()} rejects it.
     */
    EXTERNAL
}

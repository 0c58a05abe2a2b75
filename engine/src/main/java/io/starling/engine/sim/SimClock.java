package io.starling.engine.sim;

/**
 * The virtual clock of a simulation, in nanoseconds: a value the event loop moves forward and everything else
 * reads. It never goes back. Nothing in the simulator reads a real clock.
 */
final class SimClock
{
    private long nowNs;

    /**
     * @return current virtual time in nanoseconds.
     */
    long nowNs()
    {
        return nowNs;
    }

    /**
     * @param timeNs move the clock to this time if it is later than now.
     */
    void advanceTo(final long timeNs)
    {
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
    }
}

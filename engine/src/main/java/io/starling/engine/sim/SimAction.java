package io.starling.engine.sim;

/**
 * A scenario action run at a scheduled virtual time ({@link Simulation#schedule(long, SimAction)}).
 */
@FunctionalInterface
public interface SimAction
{
    /**
     * @param sim the simulation; {@link Simulation#nowNs()} is the scheduled time.
     */
    void run(Simulation sim);
}

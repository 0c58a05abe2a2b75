package io.starling.bench.timer;

/**
 * A timer wheel holding a fixed number of periodic timers, measured by {@link TimerWheelBenchmark}.
 */
public interface LoadedWheel
{
    /**
     * Schedule one timer a pseudo-random 1 to 4,096 ticks ahead and cancel it at once.
     *
     * @return true if the cancel found the timer.
     */
    boolean scheduleAndCancel();

    /**
     * Advance one tick and poll until nothing more is due; expired timers are scheduled again one revolution on.
     *
     * @return timers expired.
     */
    int advanceOneTick();

    /**
     * Poll without advancing time.
     *
     * @return timers expired (0).
     */
    int pollIdle();

    /**
     * @return live timers.
     */
    long timerCount();

    /**
     * @return timers expired so far.
     */
    long expired();
}
